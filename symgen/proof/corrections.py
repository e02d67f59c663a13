"""The nearest true statement to a false claim, from a table of textbook identities.

A false claim is normalised (events ``P(A | B)`` read as ``P(a | b)``; variables and laws
renamed onto the claim's own) and compared with every identity of :data:`TRUTHS`. The
identity that shares the most terms with the claim (the same left side counts most) is the
suggestion, renamed to the claim's names; the caller verifies it before showing it.

>>> a, b = sp.symbols("a b")
>>> from symgen.notation.symbols import P
>>> [str(side) for side in nearest(P(a, given=b), "=", P(b, given=a))[0][0]]
['P(a | b)', '=', 'P(a)*P(b | a)/P(b)']
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

import sympy as sp

from symgen.notation.symbols import (
    DEFAULT_DIST,
    Notation,
    Prob,
    is_distribution,
    is_outcome,
    is_random_variable,
    outcome_symbol,
    random_variable,
)

__all__ = ["TRUTHS", "nearest"]

# (claim, name, Korean name) in textbook spelling; read once with the parser (trusted text)
TRUTHS: tuple[tuple[str, str, str], ...] = (
    ("P(a|b) = P(b|a) P(a) / P(b)", "Bayes' rule", "베이즈 정리"),
    ("P(a,b) = P(a|b) P(b)", "the product rule", "곱셈 법칙"),
    ("P(a|b) = P(a,b) / P(b)", "the definition of conditional probability", "조건부 확률의 정의"),
    ("P(a,b,c) = P(a|b,c) P(b|c) P(c)", "the chain rule of probability", "확률의 연쇄 법칙"),
    (r"P(a) = \sum_b P(a|b) P(b)", "the law of total probability", "전확률 법칙"),
    ("P(a,b) <= P(a)", "monotonicity of probability", "확률의 단조성"),
    ("E[X+Y] = E[X] + E[Y]", "linearity of expectation", "기댓값의 선형성"),
    ("E[a X + b] = a E[X] + b", "linearity of expectation", "기댓값의 선형성"),
    ("E[X Y] = E[X] E[Y] + Cov(X, Y)", "the covariance identity", "공분산 항등식"),
    ("E[X^2] = Var(X) + E[X]^2", "the variance identity", "분산 항등식"),
    ("Var(X) = E[X^2] - E[X]^2", "the variance identity", "분산 항등식"),
    ("Var(X+Y) = Var(X) + Var(Y) + 2 Cov(X,Y)", "the variance of a sum", "합의 분산"),
    ("Var(X-Y) = Var(X) + Var(Y) - 2 Cov(X,Y)", "the variance of a difference", "차의 분산"),
    ("Var(a X + b) = a^2 Var(X)", "the variance of an affine map", "일차 변환의 분산"),
    ("E[E[X|Y]] = E[X]", "the law of total expectation", "전기댓값 법칙"),
    ("H(X,Y) = H(X) + H(Y|X)", "the chain rule of entropy", "엔트로피의 연쇄 법칙"),
    ("H(X,Y) = H(Y) + H(X|Y)", "the chain rule of entropy", "엔트로피의 연쇄 법칙"),
    ("H(X|Y) = H(X,Y) - H(Y)", "the chain rule of entropy", "엔트로피의 연쇄 법칙"),
    (
        "H(X|Y) = H(Y|X) + H(X) - H(Y)",
        "the chain rule of entropy, both ways",
        "엔트로피의 연쇄 법칙(양방향)",
    ),
    ("H(X|Y) <= H(X)", "conditioning reduces entropy", "조건화는 엔트로피를 줄인다"),
    ("H(X,Y) <= H(X) + H(Y)", "subadditivity of entropy", "엔트로피의 준가법성"),
    ("H(X,Y) = H(X) + H(Y) - I(X;Y)", "entropy and mutual information", "엔트로피와 상호정보량"),
    (
        "I(X;Y) = H(X) - H(X|Y)",
        "mutual information as a reduction in entropy",
        "엔트로피 감소로서의 상호정보량",
    ),
    (
        "I(X;Y) = H(Y) - H(Y|X)",
        "mutual information as a reduction in entropy",
        "엔트로피 감소로서의 상호정보량",
    ),
    (
        "I(X;Y) = H(X) + H(Y) - H(X,Y)",
        "mutual information from the joint entropy",
        "결합 엔트로피로 나타낸 상호정보량",
    ),
    ("I(X;Y|Z) = H(X|Z) - H(X|Y,Z)", "conditional mutual information", "조건부 상호정보량"),
    (
        "I(X;Y,Z) = I(X;Y) + I(X;Z|Y)",
        "the chain rule of mutual information",
        "상호정보량의 연쇄 법칙",
    ),
    (
        "D_KL(P||Q) = H(P,Q) - H(P)",
        "KL divergence from cross-entropy",
        "교차 엔트로피로 나타낸 KL 발산",
    ),
    (
        r"D_KL(P||Q) = \sum_x P(x) \log(P(x)/Q(x))",
        "the definition of KL divergence",
        "KL 발산의 정의",
    ),
    ("D_KL(P||Q) >= 0", "Gibbs' inequality", "깁스 부등식"),
    ("H(P,Q) = H(P) + D_KL(P||Q)", "the cross-entropy decomposition", "교차 엔트로피 분해"),
    ("H(P,Q) >= H(P)", "Gibbs' inequality", "깁스 부등식"),
    (
        "JSD(P||Q) = JSD(Q||P)",
        "the symmetry of the Jensen-Shannon divergence",
        "젠슨-섀넌 발산의 대칭성",
    ),
    (
        "JSD(P||Q) = 1/2 D_KL(P || (P+Q)/2) + 1/2 D_KL(Q || (P+Q)/2)",
        "the definition of the Jensen-Shannon divergence",
        "젠슨-섀넌 발산의 정의",
    ),
    ("JSD(P||Q) <= log 2", "the bound on the Jensen-Shannon divergence", "젠슨-섀넌 발산의 상한"),
    (
        "log p(x) = ELBO(q) + D_KL(q(z|x) || p(z|x))",
        "the evidence decomposition",
        "증거(evidence) 분해",
    ),
    ("log p(x) >= ELBO(q)", "the evidence lower bound", "증거 하한(ELBO)"),
    (
        "ELBO(q) = E_{q(z|x)}[log p(x|z)] - D_KL(q(z|x) || p(z))",
        "the ELBO as reconstruction minus KL",
        "재구성 항에서 KL을 뺀 ELBO",
    ),
    (
        "C(G) = -log 4 + 2 JSD(p_data||p_g)",
        "the GAN criterion at the optimal discriminator",
        "최적 판별기에서의 GAN 기준",
    ),
    ("D^*(x) = p_data(x) / (p_data(x) + p_g(x))", "the optimal discriminator", "최적 판별기"),
)
_MAX_RENAMINGS = 48
_MIN_SCORE = 0.25
_MIN_SHARED = 0.3  # share of the terms of both statements that they have in common


@functools.lru_cache(maxsize=1)
def _truths() -> tuple[tuple[sp.Expr, str, sp.Expr, tuple[str, str]], ...]:
    from symgen.parsing.parser import parse_relation

    out = []
    for text, en, ko in TRUTHS:
        lhs, op, rhs = parse_relation(text)
        out.append((_normal(lhs), op, _normal(rhs), (en, ko)))
    return tuple(out)


def _normal(expr: sp.Basic) -> sp.Basic:
    """Events written with variables read as outcomes: ``P(A | B)`` is ``P(a | b)``."""

    def lowered(term: Prob) -> Prob:
        def low(s: sp.Basic) -> sp.Basic:
            return outcome_symbol(s) if is_random_variable(s) else s

        return Prob(term.dist, sp.Tuple(*map(low, term.variables)), sp.Tuple(*map(low, term.given)))

    return expr.replace(lambda e: isinstance(e, Prob), lowered)


def _terms(expr: sp.Basic) -> set[sp.Basic]:
    return {n for n in sp.preorder_traversal(expr) if isinstance(n, (Notation, sp.log))}


def _kinds(expr: sp.Basic) -> tuple[list[sp.Symbol], list[sp.Symbol]]:
    """Laws and random variables (outcomes counted by their variable) named in ``expr``."""
    syms = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Symbol):
            syms.add(node)
        elif isinstance(node, Notation):
            syms |= node.atoms(sp.Symbol)
    laws = sorted((s for s in syms if is_distribution(s)), key=str)
    rvs = {random_variable(s) for s in syms if is_outcome(s) or is_random_variable(s)}
    return laws, sorted(rvs, key=str)


def _renamings(truth: sp.Basic, claim: sp.Basic) -> Iterator[dict[sp.Basic, sp.Basic]]:
    t_laws, t_rvs = _kinds(truth)
    c_laws, c_rvs = _kinds(claim)
    c_laws = c_laws if DEFAULT_DIST in c_laws else [*c_laws, DEFAULT_DIST]
    spare = [v for v in sp.symbols("U V W") if v not in c_rvs]
    law_maps = _injections(t_laws, c_laws)
    rv_maps = _injections(t_rvs, [*c_rvs, *spare][: max(len(c_rvs), len(t_rvs))])
    for laws, rvs in itertools.islice(itertools.product(law_maps, rv_maps), _MAX_RENAMINGS):
        ren: dict[sp.Basic, sp.Basic] = dict(laws)
        for src, dst in rvs.items():
            ren[src] = dst
            ren[outcome_symbol(src)] = outcome_symbol(dst)
        yield ren


def _injections(src: list[sp.Symbol], dst: list[sp.Symbol]) -> list[dict]:
    if len(dst) < len(src):
        return []
    return [dict(zip(src, perm, strict=True)) for perm in itertools.permutations(dst, len(src))]


def _score(claim: tuple, truth: tuple) -> float:
    (cl, cop, cr), (tl, top, tr) = claim, truth
    c_all, t_all = _terms(cl) | _terms(cr), _terms(tl) | _terms(tr)
    if not c_all or not t_all:
        return 0.0
    shared = len(c_all & t_all) / len(c_all | t_all)
    if shared < _MIN_SHARED:
        return 0.0
    same_left = 0.5 if cl == tl else 0.0
    same_op = 0.1 if cop == top else 0.0
    return shared + same_left + same_op


def nearest(lhs: sp.Expr, op: str, rhs: sp.Expr) -> list[tuple[tuple, tuple[str, str]]]:
    """Candidate corrections ``((lhs, op, rhs), (name, Korean name))``, nearest first.

    The candidates are not verified: the caller checks one before showing it.
    """
    claim = (_normal(lhs), op, _normal(rhs))
    both = sp.Tuple(claim[0], claim[2])
    scored: list[tuple[float, int, tuple, tuple[str, str]]] = []
    for index, (tl, top, tr, name) in enumerate(_truths()):
        best: tuple[float, tuple] | None = None
        for ren in _renamings(sp.Tuple(tl, tr), both):
            cand = (tl.xreplace(ren), top, tr.xreplace(ren))
            for oriented in (cand, (cand[2], _flip(top), cand[0])):
                if oriented[1] is None:
                    continue
                oriented = _instantiated(oriented, claim[0])
                value = _score(claim, oriented)
                if best is None or value > best[0]:
                    best = (value, oriented)
        if best is not None and best[0] >= _MIN_SCORE and not _same(claim, best[1]):
            scored.append((-best[0], index, best[1], name))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(cand, name) for _, _, cand, name in scored]


def _parameters(expr: sp.Basic) -> set[sp.Symbol]:
    """Lower-case symbols outside every probability: the constants a, b of E[aX + b]."""
    inside = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, Prob):
            inside |= node.atoms(sp.Symbol)
    return {
        s
        for s in expr.free_symbols
        if isinstance(s, sp.Symbol) and is_outcome(s) and s not in inside
    }


def _instantiated(truth: tuple, left: sp.Basic) -> tuple:
    """The truth with its constants chosen so that its left side is the claim's left side."""
    params = sorted(_parameters(sp.Tuple(truth[0], truth[2])), key=str)
    if not params:
        return truth
    wilds = {s: sp.Wild(f"w_{s.name}") for s in params}
    found = left.match(truth[0].xreplace(wilds))
    if not found or any(v.has(Notation) for v in found.values()):
        return truth
    values = {s: found.get(w, s) for s, w in wilds.items()}
    return (sp.expand(truth[0].xreplace(values)), truth[1], sp.expand(truth[2].xreplace(values)))


def _flip(op: str) -> str | None:
    return {"=": "=", ">=": "<=", "<=": ">=", ">": "<", "<": ">"}.get(op)


def _same(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2] == b[2]
