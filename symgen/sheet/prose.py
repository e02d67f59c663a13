"""The study sheet's prose in Korean and English: plain text, no formulas.

Formulas and numbers never live here: the sheet builder asks the engine for them. Text is
escaped for LaTeX when rendered, so it may contain any character.
"""

from __future__ import annotations

from symgen.errors import RenderError
from symgen.notation.tex import Latex

__all__ = ["LABELS", "TEXT", "localise_claim", "text"]

# Short labels used by the templates.
LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "claim": "명제",
        "verdict": "검증",
        "problem": "문제",
        "given": "주어진 것",
        "check": "수치 확인",
        "erratum": "정정",
        "notes_say": "노트에 적힌 식",
        "false": "거짓",
        "correct": "올바른 식",
        "counterexample": "반례",
        "proved": "기호 증명",
        "numeric_only": "수치로만 확인",
        "refuted": "반박됨",
        "holds": "모든 단계가 검증됨",
        "fails": "검증 실패",
        "facts": "함께 검증한 결과",
        "yes": "예",
        "no": "아니요",
        "cells": "{n}칸의 결합 분포",
        "same_as": "{n}번과 같은 풀이",
        "reasons": "근거",
        "notes_wrong": "노트의 오류",
        "truth": "정정",
        "independent": "엔진의 판정: 독립",
        "not_independent": "엔진의 판정: 독립이 아님. 결합 확률이 주변 확률의 곱과 다른 칸",
    },
    "en": {
        "claim": "Claim",
        "verdict": "Verified",
        "problem": "Problem",
        "given": "Given",
        "check": "Numeric check",
        "erratum": "Erratum",
        "notes_say": "The notes write",
        "false": "false",
        "correct": "The correct statement",
        "counterexample": "Counterexample",
        "proved": "proved",
        "numeric_only": "checked numerically only",
        "refuted": "refuted",
        "holds": "every step verified",
        "fails": "verification failed",
        "facts": "Side results, checked too",
        "yes": "yes",
        "no": "no",
        "cells": "a joint table of {n} cells",
        "same_as": "worked as in {n}",
        "reasons": "Reasons",
        "notes_wrong": "Error in the notes",
        "truth": "correct",
        "independent": "The engine's verdict: independent",
        "not_independent": "The engine's verdict: not independent; a cell where the joint "
        "differs from the product of the marginals",
    },
}

# Key -> {"ko": ..., "en": ...}. Paragraphs are separated by blank lines.
TEXT: dict[str, dict[str, str]] = {
    "title": {
        "ko": "생성 모델의 확률과 정보 이론: 요약 노트",
        "en": "Probability and Information Theory for Generative Models: a Study Sheet",
    },
    "subtitle": {
        "ko": "모든 식은 symgen이 유도하고 기호와 수치로 검증했습니다",
        "en": "Every formula derived by symgen and checked symbolically and numerically",
    },
    "intro": {
        "ko": "이 문서는 생성 모델 강의 노트의 순서를 그대로 따릅니다. 식과 숫자는 손으로 "
        "옮겨 적은 것이 아니라 symgen 엔진이 계산하고 유도한 결과입니다. 유도의 각 단계는 "
        "기호 계산으로 검증하고 무작위로 고른 값을 대입해 수치로도 확인했으며, 수치로만 확인된 "
        "단계는 그 근거에 따로 밝혔습니다. 이유가 필요한 단계에는 등호 위에 (a), (b)처럼 "
        "표시하고 상자 아래에 근거를 적었으며, 단순한 계산은 따로 표시하지 않았습니다. 노트에서 "
        "틀린 부분은 빨간 상자에 정정해 두었습니다.",
        "en": "This sheet follows the order of the lecture notes on generative models. No "
        "formula or number was copied by hand: the symgen engine computed or derived each one. "
        "Every step of every derivation was checked symbolically and cross-checked numerically "
        "at random points; a step confirmed only numerically says so in its reason. A step that "
        "needs a reason carries a letter such as (a) over its relation, explained under the "
        "chain; plain algebra is left unlabelled. Where the notes are wrong, a red box gives "
        "the correction.",
    },
    "cheat_title": {
        "ko": "생성 모델의 확률과 정보 이론: 치트시트",
        "en": "Probability and Information Theory for Generative Models: Cheat Sheet",
    },
    "cheat_intro": {
        "ko": "용어 (영어 용어) – 정의 – 식. 식은 symgen의 규칙표와 검증된 항등식에서 그대로 "
        "가져왔고, 빨간 표시는 노트의 오류와 그 정정입니다.",
        "en": "Term – definition – formula. Formulas come straight from symgen's rule table and "
        "its verified identities; red marks an error in the notes and its correction.",
    },
    # ---------------------------------------------------------------- section 1
    "sec_ml": {
        "ko": "VAE와 GAN, 그리고 머신러닝 기초",
        "en": "VAE versus GAN, and Machine-Learning Basics",
    },
    "vae_gan": {"ko": "VAE와 GAN 비교", "en": "VAE and GAN side by side"},
    "vae_gan_body": {
        "ko": "두 모델 모두 새로운 데이터를 만들어 내는 생성 모델이지만, 학습하는 방식이 다릅니다.",
        "en": "Both are generative models that produce new data, but they learn in different ways.",
    },
    "vae_items": {
        "ko": "VAE: 인코더 (encoder)가 데이터를 작은 잠재 코드 (latent\u00a0code)로 "
        "요약하고, 디코더 (decoder)가 그 코드에서 원래 "
        "데이터를 다시 그려 냅니다.\n"
        "VAE: 요점을 외워 두었다가 다시 풀어 쓰는 공부와 "
        "비슷해서 학습이 안정적이고 부담이 적습니다.\n"
        "VAE: 대신 결과가 학습 데이터와 많이 닮아 새로움은 적습니다. 학습이 끝나면 디코더만 "
        "생성에 씁니다.\n"
        "GAN: 생성기 (generator)가 무작위 잡음으로 가짜 데이터를 만들고, "
        "판별기 (discriminator)가 진짜와 가짜를 구별하려고 "
        "경쟁합니다.\n"
        "GAN: 두 네트워크의 경쟁은 학습이 어렵고 불안정할 수 있지만, 학습 데이터에 없던 새로운 "
        "결과를 만들어 낼 수 있습니다. 학습이 끝나면 생성기만 씁니다.",
        "en": "VAE: an encoder summarises each example as a small latent code, and a decoder "
        "redraws the example from that code.\n"
        "VAE: much like studying by condensing material and writing it out again, training is "
        "stable and comparatively cheap.\n"
        "VAE: the price is little novelty, since outputs stay close to the training data. After "
        "training only the decoder is needed to generate.\n"
        "GAN: a generator turns random noise into fake samples while a discriminator tries to "
        "tell real samples from fake ones.\n"
        "GAN: this contest is harder to train and can be unstable, but it can yield samples "
        "unlike anything in the training set. After training only the generator is kept.",
    },
    "ml_basics": {"ko": "머신러닝이란", "en": "What machine learning is"},
    "ml_basics_body": {
        "ko": "머신러닝 알고리즘은 데이터로부터 배우는 프로그램입니다. 경험 E(데이터셋)를 "
        "쌓을수록 과제 T를 더 잘 해내며, 그 정도를 성능 척도 P(보통은 비용 또는 손실)로 잽니다.",
        "en": "A machine-learning algorithm is a program that learns from data: with more "
        "experience E (a dataset) it gets better at a task T, as judged by a performance "
        "measure P (usually a cost or loss).",
    },
    "tasks": {"ko": "과제의 종류", "en": "Kinds of task"},
    "tasks_items": {
        "ko": "회귀 (regression): 모델의 출력이 실수 값입니다(예: 집값 예측).\n"
        "분류 (classification): 모델의 출력이 정해진 범주 중 하나입니다(예: 고양이인가 개인가).",
        "en": "Regression: the model outputs a real number (say, a house price).\n"
        "Classification: the model outputs one of a fixed set of categories (cat or dog).",
    },
    "learning": {"ko": "학습의 종류", "en": "Kinds of learning"},
    "learning_items": {
        "ko": "지도 학습 (supervised\u00a0learning): 입력과 정답이 짝지어 주어지며, 입력이 "
        "주어졌을 때 정답의 조건부 분포를 배웁니다.\n"
        "비지도 학습 (unsupervised\u00a0learning): 입력만 주어지며, 입력 자체의 분포를 배웁니다.\n"
        "준지도 학습 (semi-supervised\u00a0learning): 정답이 붙은 적은 양의 데이터와 "
        "정답이 없는 많은 데이터를 함께 씁니다.",
        "en": "Supervised: inputs come paired with answers; the model learns the conditional "
        "distribution of the answer given the input.\n"
        "Unsupervised: only inputs are given; the model learns the distribution of the inputs "
        "themselves.\n"
        "Semi-supervised: a small labelled set is combined with a large unlabelled one.",
    },
    "learning_formulas": {
        "ko": "지도 학습과 비지도 학습이 각각 모델링하는 분포:",
        "en": "The distributions that supervised and unsupervised learning model:",
    },
    "goal": {"ko": "학습의 목표: 손실 최소화", "en": "The goal: minimising a loss"},
    "goal_body": {
        "ko": "학습이란 손실 함수 L을 가장 작게 만드는 모델 파라미터를 찾는 일입니다. 다시 말해 "
        "최솟값을 내는 입력(여기서는 파라미터)을 찾는 최적화 문제입니다.",
        "en": "Learning means finding the model parameters that make a loss function L as small "
        "as possible: an optimisation problem whose answer is the input (here, the parameters) "
        "at which the minimum is reached.",
    },
    # ---------------------------------------------------------------- section 2
    "sec_prob": {"ko": "확률과 정보 이론", "en": "Probability and Information Theory"},
    "pmf": {"ko": "확률질량함수 (PMF)", "en": "Probability mass function (PMF)"},
    "pmf_body": {
        "ko": "이산 확률변수의 PMF는 각 값에 확률을 하나씩 줍니다. 모든 확률은 0과 1 사이에 있고, "
        "다 더하면 1이 됩니다. 공정한 주사위의 PMF와 엔진이 확인한 두 조건:",
        "en": "The PMF of a discrete random variable gives each value a probability. Every "
        "probability lies between 0 and 1, and together they add up to 1. The PMF of a fair die, "
        "and the two conditions as the engine checks them:",
    },
    "pmf_bars": {
        "ko": "주사위 두 개를 던진 합의 PMF (엔진이 합성곱으로 정확히 계산).",
        "en": "PMF of the sum of two dice (computed exactly by convolution).",
    },
    "joint": {"ko": "결합 확률 (joint\u00a0probability)", "en": "Joint probability"},
    "joint_body": {
        "ko": "결합 확률은 두 사건이 함께 일어날 확률로, '그리고'로 읽습니다. 주사위 하나와 동전 "
        "하나를 던질 때 열두 가지 결과는 모두 같은 확률을 가집니다.",
        "en": "A joint probability is the chance that two events happen together; read the comma "
        "as 'and'. Rolling a die and tossing a coin gives twelve equally likely outcomes.",
    },
    "joint_caption": {
        "ko": "주사위(x)와 동전(y)의 결합 분포. 아래 행과 오른쪽 열은 주변 확률입니다.",
        "en": "Joint distribution of a die (x) and a coin (y); the bottom row and right column "
        "are the marginals.",
    },
    "marginal": {"ko": "주변 확률 (marginal\u00a0probability)", "en": "Marginal probability"},
    "marginal_body": {
        "ko": "여러 변수의 결합 분포에서 한 변수의 분포만 알고 싶을 때, 나머지 변수에 대해 "
        "결합 확률을 모두 더합니다. 관심 없는 변수를 한쪽으로 밀어 합쳐 버린다고 생각하면 됩니다.",
        "en": "To get the distribution of one variable from a joint distribution, add the joint "
        "probabilities over every value of the other variables: the variables you do not care "
        "about are summed away.",
    },
    "conditional": {
        "ko": "조건부 확률 (conditional\u00a0probability)",
        "en": "Conditional probability",
    },
    "conditional_body": {
        "ko": "조건부 확률은 어떤 사건이 이미 일어났다는 것을 알 때 다른 사건의 확률입니다. "
        "결합 확률을 조건 사건의 주변 확률로 나누어 구합니다.",
        "en": "A conditional probability is the chance of one event once we know that another "
        "has happened: the joint probability divided by the marginal probability of the "
        "condition.",
    },
    "chain_rule": {
        "ko": "조건부 확률의 연쇄 법칙 (chain\u00a0rule)",
        "en": "The chain rule of probability",
    },
    "chain_rule_body": {
        "ko": "결합 확률은 조건부 확률과 주변 확률의 곱으로 풀어 쓸 수 있고, 이를 반복하면 "
        "변수가 몇 개이든 조건부 확률들의 곱이 됩니다.",
        "en": "A joint probability factors into a conditional times a marginal; repeating the "
        "step turns a joint of any number of variables into a product of conditionals.",
    },
    "independence": {"ko": "독립 (independence)", "en": "Independence"},
    "independence_body": {
        "ko": "두 사건이 독립이면 한쪽을 안다고 해서 다른 쪽의 확률이 바뀌지 않으며, 결합 "
        "확률이 각 확률의 곱으로 쪼개집니다. 엔진이 주사위와 동전에 대해 확인한 결과:",
        "en": "Two events are independent when knowing one leaves the probability of the other "
        "unchanged; then the joint probability splits into the product of the two. The engine's "
        "verdict for the die and the coin:",
    },
    "conditional_independence": {
        "ko": "조건부 독립 (conditional\u00a0independence)",
        "en": "Conditional independence",
    },
    "conditional_independence_body": {
        "ko": "세 번째 사건 C가 주어졌을 때 A와 B가 서로 영향을 주지 않으면, A와 B는 C에 대해 "
        "조건부 독립입니다. 독립과 조건부 독립은 서로를 함의하지 않습니다.",
        "en": "A and B are conditionally independent given C when, once C is known, neither "
        "tells us anything more about the other. Neither independence nor conditional "
        "independence implies the other.",
    },
    "expectation": {"ko": "기댓값 (expectation)", "en": "Expectation"},
    "expectation_body": {
        "ko": "기댓값은 확률로 가중한 평균입니다. 함수 f의 기댓값은 각 값의 확률과 그 값에서 "
        "f가 내는 결과를 곱해 모두 더한 것입니다. 부루마블에서 주사위 눈에 따라 받는 보상의 "
        "평균을 떠올리면 됩니다.",
        "en": "The expectation is a probability-weighted average: the expectation of a function "
        "f adds up each value's probability times what f gives at that value, like the average "
        "reward of a board game whose payoff depends on the roll of a die.",
    },
    "variance": {"ko": "분산 (variance)", "en": "Variance"},
    "variance_body": {
        "ko": "분산은 값이 기댓값 주위에 얼마나 넓게 퍼져 있는지를 잽니다.",
        "en": "The variance measures how widely the values spread around the expectation.",
    },
    "covariance": {"ko": "공분산 (covariance)", "en": "Covariance"},
    "covariance_body": {
        "ko": "공분산은 두 변수가 함께 움직이는 방향을 나타냅니다. 양수이면 같은 방향, 음수이면 "
        "반대 방향입니다. 독립이면 공분산이 0이지만, 그 역은 성립하지 않습니다.",
        "en": "The covariance tells whether two variables move together (positive) or in "
        "opposite directions (negative). Independence forces it to zero, but zero covariance "
        "does not imply independence.",
    },
    "bayes": {"ko": "베이즈 규칙 (Bayes\u00a0rule)", "en": "Bayes' rule"},
    "bayes_body": {
        "ko": "결합 확률을 두 가지 순서로 풀어 쓰면 조건을 뒤집는 식, 곧 베이즈 규칙을 얻습니다.",
        "en": "Writing the joint probability in both orders and equating them turns a "
        "conditional around: that is Bayes' rule.",
    },
    "self_information": {"ko": "정보량 (self-information)", "en": "Self-information"},
    "self_information_body": {
        "ko": "드물게 일어나는 사건일수록 알려 주는 정보가 많습니다. 정보량은 확률의 음의 "
        "로그입니다. 주사위에서 3이 나온 사건의 정보량:",
        "en": "The rarer an event, the more it tells us: self-information is the negative log "
        "of the probability. For a die showing 3:",
    },
    "entropy": {"ko": "엔트로피 (entropy)", "en": "Entropy"},
    "entropy_body": {
        "ko": "엔트로피는 정보량의 기댓값으로, 분포가 가진 불확실성의 크기입니다. 밑이 2이면 "
        "단위는 비트, 자연로그이면 내트입니다.",
        "en": "Entropy is the expected self-information: how uncertain a distribution is. With "
        "log base 2 it is measured in bits, with the natural log in nats.",
    },
    "entropy_die": {
        "ko": "공정한 주사위, 단위는 내트:",
        "en": "A fair die, in nats:",
    },
    "entropy_caption": {
        "ko": "베르누이 분포의 엔트로피 H(p). p = 1/2에서 최대 1비트입니다.",
        "en": "Entropy H(p) of a Bernoulli distribution; the maximum, 1 bit, is at p = 1/2.",
    },
    "kl": {"ko": "쿨백-라이블러 발산 (KL\u00a0divergence)", "en": "Kullback-Leibler divergence"},
    "kl_body": {
        "ko": "KL 발산은 실제 분포 P(데이터)를 기준으로 모델 분포 Q가 얼마나 다른지를 잽니다. "
        "항상 0 이상이고 P와 Q가 같을 때만 0이며, 두 인자의 순서를 바꾸면 값이 달라집니다.",
        "en": "The KL divergence measures how far a model distribution Q is from the data "
        "distribution P, seen from P. It is never negative, is zero only when P equals Q, and "
        "changes when the two arguments are swapped.",
    },
    "kl_caption": {
        "ko": "P를 고정하고 Q를 움직일 때의 두 방향 KL 발산. 두 "
        "곡선이 다르므로 KL은 대칭이 아닙니다.",
        "en": "KL divergence in both directions as Q moves with P fixed; the curves differ, so "
        "KL is not symmetric.",
    },
    "cross_entropy": {"ko": "크로스 엔트로피 (cross-entropy)", "en": "Cross-entropy"},
    "cross_entropy_body": {
        "ko": "크로스 엔트로피는 실제 분포 P에서 뽑은 값을 모델 Q의 확률로 부호화할 때 드는 "
        "평균 정보량입니다. 예측이 실제와 어긋날수록 커지고, Q가 P와 같을 때 가장 작습니다.",
        "en": "Cross-entropy is the average information needed when values drawn from the true "
        "distribution P are coded with the model's probabilities Q. It grows as predictions "
        "drift from the truth and is smallest when Q equals P.",
    },
    "kl_cross_entropy": {
        "ko": "KL과 크로스 엔트로피의 관계",
        "en": "How KL and cross-entropy relate",
    },
    "kl_cross_entropy_body": {
        "ko": "크로스 엔트로피는 P의 엔트로피에 P와 Q 사이의 KL 발산을 더한 것입니다. 데이터가 "
        "정해지면 H(P)는 상수이므로, Q에 대해 크로스 엔트로피를 최소화하는 것과 KL을 최소화하는 "
        "것은 같은 답을 줍니다.",
        "en": "Cross-entropy is the entropy of P plus the KL divergence from P to Q. Once the "
        "data are fixed, H(P) is a constant, so minimising cross-entropy over Q and minimising "
        "KL over Q give the same answer.",
    },
    "erratum_ce_title": {
        "ko": "크로스 엔트로피는 KL 발산과 같지 않다",
        "en": "Cross-entropy is not equal to KL divergence",
    },
    "erratum_ce_body": {
        "ko": "두 값은 H(P)만큼 다릅니다. 옳은 것은 등식이 아니라, Q에 대해 최소화할 때 같은 "
        "최소점을 갖는다는 사실입니다.",
        "en": "The two differ by H(P). What is true is not an equality but that both have the "
        "same minimiser over Q.",
    },
    # ---------------------------------------------------------------- section 3
    "sec_mle": {
        "ko": "최대 우도 추정과 오토인코더",
        "en": "Maximum Likelihood Estimation and Autoencoders",
    },
    "mle": {
        "ko": "최대 우도 추정 (maximum\u00a0likelihood\u00a0estimation, MLE)",
        "en": "Maximum likelihood estimation",
    },
    "mle_body": {
        "ko": "최대 우도 추정은 관측한 데이터의 우도를 가장 크게 만드는 파라미터를 찾습니다. "
        "우리가 가진 데이터셋은 모집단의 일부 표본입니다. 표본들이 서로 독립이고 같은 분포를 "
        "따른다고 보면, 데이터 전체의 우도는 각 표본 우도의 곱입니다. 작은 수를 계속 곱하면 "
        "수치가 불안정하므로 로그를 씌워 합으로 바꾸고, 그 "
        "값을 가장 크게 하는 파라미터를 찾습니다.",
        "en": "Maximum likelihood estimation picks the parameter under which the observed "
        "data are most likely. Our dataset is a sample from a larger population. "
        "If the examples are independent "
        "and identically distributed, the likelihood of the whole dataset is the product of the "
        "per-example likelihoods. Multiplying many small numbers is numerically fragile, so we "
        "take logs, which turn the product into a sum, and look for the parameter that "
        "maximises it.",
    },
    "erratum_mle_title": {
        "ko": "모든 표본은 같은 파라미터를 공유한다",
        "en": "All examples share one parameter",
    },
    "erratum_mle_body": {
        "ko": "노트는 표본마다 다른 파라미터를 붙여 곱을 썼지만, 최대 우도 추정에서 추정하는 "
        "것은 모든 표본에 공통인 파라미터 하나입니다. 표본마다 파라미터가 다르면 각 표본에 따로 "
        "맞출 수 있어서 아무것도 배우지 못합니다.",
        "en": "The notes write the product with a different parameter for each example, but "
        "maximum likelihood estimates one parameter shared by every example. With a parameter "
        "per example, each could be fitted on its own and nothing would be learned.",
    },
    "map": {
        "ko": "베이즈 통계 (Bayesian\u00a0statistics)와 MAP",
        "en": "Bayesian statistics and MAP",
    },
    "map_body": {
        "ko": "파라미터에 대해 미리 아는 것(사전 분포)이 있으면, 우도에 사전 확률을 곱한 값을 "
        "최대화합니다. 로그를 취하면 로그 우도와 로그 사전 확률의 합이 됩니다.",
        "en": "When we have prior knowledge about the parameter, we maximise the likelihood "
        "times the prior; after taking logs, the log-likelihood plus the log-prior.",
    },
    "autoencoder": {"ko": "오토인코더 (autoencoder)", "en": "Autoencoder"},
    "autoencoder_body": {
        "ko": "오토인코더는 입력과 비슷한 출력을 내도록 학습합니다. 인코더는 입력을 잠재 코드로 "
        "압축하고 디코더는 그 코드에서 입력을 복원하므로, 전체는 두 함수의 합성입니다. 입력 자체가 "
        "정답 역할을 하므로 자기 지도 학습이며, 두 함수의 파라미터를 함께 배웁니다.",
        "en": "An autoencoder learns to reproduce its input. The encoder compresses the input "
        "into a latent code and the decoder rebuilds the input from it, so the whole model is "
        "the composition of the two. The input is its own target, which makes this "
        "self-supervised learning; both sets of parameters are learned together.",
    },
    # ---------------------------------------------------------------- section 4
    "sec_gen": {"ko": "생성 모델의 핵심 항등식", "en": "Identities behind Generative Models"},
    "sec_gen_body": {
        "ko": "앞의 도구들로 VAE와 GAN의 목적 함수를 설명하는 세 가지 식을 유도합니다.",
        "en": "The tools above yield the three identities that explain the objectives of VAEs "
        "and GANs.",
    },
    "elbo": {"ko": "증거 하한 (ELBO)", "en": "The evidence lower bound (ELBO)"},
    "elbo_body": {
        "ko": "데이터의 로그 확률은 ELBO와, 근사 사후 분포와 실제 사후 분포 사이의 KL 발산의 "
        "합입니다. KL은 0 이상이므로 ELBO는 로그 확률의 하한이고, VAE는 이 하한을 키웁니다.",
        "en": "The log-probability of the data equals the ELBO plus the KL divergence between "
        "the approximate and the true posterior. Since KL is never negative, the ELBO is a lower "
        "bound, and a VAE is trained by raising it.",
    },
    "gan": {"ko": "GAN의 최적 판별기 (discriminator)", "en": "The optimal GAN discriminator"},
    "gan_body": {
        "ko": "생성기를 고정하면 가장 좋은 판별기는 실제 데이터 밀도가 전체에서 차지하는 비율을 "
        "출력합니다. 이를 대입하면 생성기의 목적 함수는 젠슨-섀넌 발산으로 표현됩니다.",
        "en": "For a fixed generator, the best discriminator outputs the share of the data "
        "density in the total. Substituting it expresses the generator's objective through the "
        "Jensen-Shannon divergence.",
    },
    "vae": {"ko": "VAE의 가우시안 KL 항", "en": "The Gaussian KL term of a VAE"},
    "vae_body": {
        "ko": "인코더가 정규분포를 출력하고 사전 분포가 "
        "표준정규분포일 때, KL 항은 평균과 분산만으로 "
        "닫힌 식을 갖습니다.",
        "en": "When the encoder outputs a normal distribution and the prior is standard normal, "
        "the KL term has a closed form in the mean and the variance alone.",
    },
    "problems": {"ko": "풀이 예제", "en": "Worked problems"},
}


def text(key: str, lang: str) -> str:
    """The prose for ``key`` in ``lang`` ("ko" or "en").

    >>> text("entropy", "en")
    'Entropy'
    """
    try:
        return TEXT[key][lang]
    except KeyError as exc:
        raise RenderError(f"no sheet text {key!r} in language {lang!r}") from exc


# Connecting words inside a claim's LaTeX (``\\text{ so }``), in Korean.
_CLAIM_WORDS_KO = {
    r"\text{ so }": r"\ \Rightarrow\ ",
    r"\text{ unless }": r"\text{, 단 다음일 때 제외: }",
    r"\text{ with equality iff }": r"\text{ 등호 성립} \iff ",
    r"\text{ if }": r"\text{, 단 }",
}


def localise_claim(claim: str, lang: str) -> Latex:
    r"""A claim's LaTeX with its English connecting words in ``lang``.

    >>> print(localise_claim(r"a \text{ so } b", "ko"))
    a \ \Rightarrow\  b
    """
    if lang == "ko":
        for english, korean in _CLAIM_WORDS_KO.items():
            claim = claim.replace(english, korean)
    return Latex(claim)
