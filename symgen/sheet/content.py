"""What each topic of the study sheet shows, computed by the engine at build time.

For every topic: its prose (from :mod:`symgen.sheet.prose`) and the results, tables, pictures
and errata that the engine computes for it. Formulas are SymPy/notation objects printed by
:mod:`symgen.notation.latex`; numbers come from distributions and measures, never from this file.
Library identities and catalogue problems are added by :mod:`symgen.sheet.assemble`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import sympy as sp

from symgen import core as sg
from symgen.errors import RenderError
from symgen.notation import symbols as nt
from symgen.notation.latex import ArgMin
from symgen.notation.tex import Latex, latex_of, value_latex
from symgen.sheet.blocks import Erratum, Formula, Items, Prose, Result, decimal_check
from symgen.sheet.prose import LABELS, text

__all__ = ["Minor", "identity_topic", "topic_blocks"]

HALF, QUARTER = sp.Rational(1, 2), sp.Rational(1, 4)


@dataclass(frozen=True)
class Minor:
    """An unnumbered minor heading inside a subsection."""

    text: str
    template: str = "minor.tex.j2"


# Identity name fragments -> sheet topic; the first match wins (specific before general).
_IDENTITY_TOPICS: tuple[tuple[str, str], ...] = (
    ("gaussian", "vae"),
    ("vae", "vae"),
    ("elbo", "elbo"),
    ("gan", "gan"),
    ("discriminator", "gan"),
    ("autoencoder", "autoencoder"),
    ("map", "map"),
    ("mle", "mle"),
    ("likelihood", "mle"),
    ("cross_entropy", "kl_cross_entropy"),
    ("argmin", "kl_cross_entropy"),
    ("gibbs", "kl"),
    ("kl", "kl"),
    ("entropy_is", "entropy"),
    ("self_information", "self_information"),
    ("entropy", "entropy"),
    ("mutual_information", "entropy"),
    ("bayes", "bayes"),
    ("covariance", "covariance"),
    ("variance", "variance"),
    ("expectation", "expectation"),
    ("conditional_independence", "conditional_independence"),
    ("independen", "independence"),
    ("chain_rule", "chain_rule"),
    ("die_coin", "conditional"),
    ("conditional", "conditional"),
    ("total_probability", "marginal"),
    ("marginal", "marginal"),
    ("joint", "joint"),
    ("pmf", "pmf"),
)


def identity_topic(name: str) -> str:
    """The sheet topic an identity belongs to, from its name (unknown ones go last).

    >>> identity_topic("kl_is_cross_entropy_minus_entropy"), identity_topic("bayes_rule")
    ('kl_cross_entropy', 'bayes')
    """
    for fragment, topic in _IDENTITY_TOPICS:
        if fragment in name:
            return topic
    return "vae"


# ---------------------------------------------------------------- small helpers


def _prose(lang: str, *keys: str) -> Prose:
    return Prose(tuple(text(k, lang) for k in keys))


def _items(lang: str, key: str) -> Items:
    return Items(tuple(text(key, lang).split("\n")))


def _eq(*parts: Any) -> Latex:
    """``a = b = c`` from expressions (or trusted LaTeX), printed as written."""
    return Latex(" = ".join(latex_of(p, as_written=True) for p in parts))


def _check(value: sp.Expr) -> Latex:
    return decimal_check(value) if value.is_number else Latex("")


def _event(values: dict[str, Any]) -> Latex:
    """``\\mathrm{x}=3, \\mathrm{y}=\\mathrm{H}`` for an event given as a dict."""
    return Latex(", ".join(rf"\mathrm{{{k}}}={value_latex(v)}" for k, v in values.items()))


def _prob(event: dict[str, Any], given: dict[str, Any] | None = None) -> Latex:
    cond = rf" \mid {_event(given)}" if given else ""
    return Latex(rf"P({_event(event)}{cond})")


def _ratio(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)


def _bern(p: sp.Expr) -> str:
    return rf"\mathrm{{Bernoulli}}({latex_of(p)})"


@cache
def _die_coin() -> Any:
    return sg.independent(sg.die("x"), sg.coin("y"))


# ---------------------------------------------------------------- section 1


def _vae_gan(lang: str) -> list[Any]:
    return [_prose(lang, "vae_gan_body"), _items(lang, "vae_items")]


def _ml_basics(lang: str) -> list[Any]:
    x, y, theta = sp.symbols(r"x y \theta")
    loss = sp.Function("L")(theta)
    star = sp.Symbol(r"\theta^{*}")
    return [
        _prose(lang, "ml_basics_body"),
        Minor(text("tasks", lang)),
        _items(lang, "tasks_items"),
        Minor(text("learning", lang)),
        _items(lang, "learning_items"),
        Formula(
            Latex(rf"{latex_of(nt.P(y, given=(x,)))}, \qquad {latex_of(nt.P(x))}"),
            text("learning_formulas", lang),
        ),
        Minor(text("goal", lang)),
        _prose(lang, "goal_body"),
        Formula(_eq(star, ArgMin(loss, theta))),
    ]


# ---------------------------------------------------------------- section 2: probability


def _pmf(lang: str) -> list[Any]:
    from symgen.sheet.pictures import pmf_bar_plot

    die = sg.die("x")
    probs = list(die.to_pmf().values())
    x = sp.Symbol("x")
    total = sp.Add(*probs)
    low, high = min(probs), max(probs)
    bounds = (
        rf"P(x) = {latex_of(low)}"
        if low == high
        else rf"{latex_of(low)} \le P(x) \le {latex_of(high)}"
    )
    axioms = Latex(
        rf"{_eq(nt.Sum(nt.P(x), x), sp.Add(*probs, evaluate=False), total)}, \qquad "
        rf"0 \le {bounds} \le 1"
    )
    if total != 1 or min(probs) < 0 or max(probs) > 1:
        raise RenderError("the engine's fair die does not satisfy the PMF axioms")
    two = sg.sum_of([sg.die("a"), sg.die("b")], name="s")
    return [
        _prose(lang, "pmf_body"),
        Formula(latex_of(die)),
        Formula(axioms),
        pmf_bar_plot(two, text("pmf_bars", lang)),
    ]


def _joint(lang: str) -> list[Any]:
    from symgen.sheet.pictures import joint_picture

    joint = _die_coin()
    event = {"x": 3, "y": "H"}
    value = joint.prob(event)
    return [
        _prose(lang, "joint_body"),
        joint_picture(joint, text("joint_caption", lang)),
        Result(_eq(_prob(event), value), "", _check(value)),
    ]


def _marginal(lang: str) -> list[Any]:
    joint = _die_coin()
    parts = [joint.prob({"x": 3, "y": v}) for v in joint.outcomes("y")]
    value = joint.marginal("x").prob({"x": 3})
    terms = sp.Add(*(_term(_prob({"x": 3, "y": v})) for v in joint.outcomes("y")), evaluate=False)
    return [
        _prose(lang, "marginal_body"),
        Formula(latex_of(joint.marginal("x"))),
        Result(
            _eq(_prob({"x": 3}), terms, sp.Add(*parts, evaluate=False), value), "", _check(value)
        ),
    ]


def _term(latex: str) -> sp.Symbol:
    from symgen.proof.derivation import Term

    return Term(latex)


def _conditional(lang: str) -> list[Any]:
    joint = _die_coin()
    num, den = joint.prob({"x": 3, "y": "H"}), joint.marginal("x").prob({"x": 3})
    value = joint.prob({"y": "H"}, given={"x": 3})
    if value != num / den:
        raise RenderError("conditional probability disagrees with joint / marginal")
    shown = _eq(
        _prob({"y": "H"}, {"x": 3}),
        _ratio(_term(_prob({"x": 3, "y": "H"})), _term(_prob({"x": 3}))),
        _ratio(num, den),
        value,
    )
    return [_prose(lang, "conditional_body"), Result(shown, "", _check(value))]


def _independence(lang: str) -> list[Any]:
    joint = _die_coin()
    verdict = joint.is_independent("x", "y")
    lhs = joint.prob({"x": 3, "y": "H"})
    px, py = joint.marginal("x").prob({"x": 3}), joint.marginal("y").prob({"y": "H"})
    if bool(verdict) != (lhs == px * py):
        raise RenderError("independence verdict disagrees with the factorisation check")
    product = sp.Mul(_term(_prob({"x": 3})), _term(_prob({"y": "H"})), evaluate=False)
    shown = _eq(_prob({"x": 3, "y": "H"}), product, sp.Mul(px, py, evaluate=False), lhs)
    return [
        _prose(lang, "independence_body"),
        Result(shown, _verdict_text(verdict, lang), _check(lhs)),
    ]


def _verdict_text(verdict: Any, lang: str) -> str:
    return LABELS[lang]["independent" if verdict else "not_independent"]


def _witness(verdict: Any) -> Latex:
    """The failed cell of a falsy independence verdict: joint vs product of marginals."""
    cell = dict(verdict.witness)
    marginals = sp.Mul(*(_term(_prob({k: v})) for k, v in cell.items()), evaluate=False)
    return Latex(
        rf"{_prob(cell)} = {latex_of(verdict.lhs)} \ne {latex_of(verdict.rhs)} = "
        rf"{latex_of(marginals, as_written=True)}"
    )


def _expectation(lang: str) -> list[Any]:
    die = sg.die("x")
    terms = sp.Add(*(sp.Mul(v, p, evaluate=False) for v, p in die.to_pmf().items()), evaluate=False)
    value = sg.expectation(die)
    return [
        _prose(lang, "expectation_body"),
        Result(_eq(nt.E(sp.Symbol("X")), terms, value), "", _check(value)),
    ]


def _variance(lang: str) -> list[Any]:
    die = sg.die("x")
    square = sg.expectation(die, lambda x: x**2)
    mean = sg.expectation(die)
    value = sg.variance(die, "x")
    if value != square - mean**2:
        raise RenderError("variance disagrees with E[X^2] - E[X]^2")
    shown = _eq(
        nt.Var(sp.Symbol("X")),
        sp.Add(square, -sp.Pow(mean, 2, evaluate=False), evaluate=False),
        value,
    )
    return [_prose(lang, "variance_body"), Result(shown, "", _check(value))]


def _covariance(lang: str) -> list[Any]:
    centred = sg.uniform("x", [-1, 0, 1]).apply("y", lambda x: x**2)
    cov = sg.covariance(centred, "x", "y")
    verdict = centred.is_independent("x", "y")
    if cov != 0 or verdict:
        raise RenderError("the zero-covariance example is not what the sheet expects")
    shown = _eq(nt.Cov(sp.Symbol("X"), sp.Symbol("Y")), cov)
    return [
        _prose(lang, "covariance_body"),
        Formula(latex_of(centred)),
        Result(shown, ""),
        Formula(_witness(verdict), _verdict_text(verdict, lang)),
    ]


# ---------------------------------------------------------------- section 2: information


def _self_information(lang: str) -> list[Any]:
    from symgen.core.measures import self_information

    die = sg.die("x")
    nats, bits = self_information(die, 3), self_information(die, 3, base=2)
    if sp.simplify(bits - nats / sp.log(2)) != 0:
        raise RenderError("self-information in bits and nats disagree")
    label = Latex(rf"I({_event({'x': 3})})")
    shown = Latex(rf"{_eq(label, nats)} \ \mathrm{{nat}} = {latex_of(bits)} \ \mathrm{{bit}}")
    check = Latex(rf"{_check(bits)}\ \mathrm{{bit}}")
    return [_prose(lang, "self_information_body"), Result(shown, "", check)]


def _entropy(lang: str) -> list[Any]:
    from symgen.core.measures import entropy
    from symgen.sheet.pictures import binary_entropy_plot

    p = sg.symbols("p", probability=True)
    quarter = sg.categorical("x", [HALF, QUARTER, sp.Rational(1, 8), sp.Rational(1, 8)])
    return [
        _prose(lang, "entropy_body"),
        Result(_eq(nt.H(sp.Symbol("X")), entropy(sg.die("x"))), text("entropy_die", lang)),
        Formula(latex_of(quarter)),
        Result(
            Latex(rf"{_eq(nt.H(sp.Symbol('X')), entropy(quarter, base=2))}\ \mathrm{{bit}}"), ""
        ),
        Formula(_eq(sp.Function("H")(p), entropy(sg.bernoulli("x", p), base=2))),
        binary_entropy_plot(text("entropy_caption", lang)),
    ]


def _kl(lang: str) -> list[Any]:
    from symgen.core.measures import kl_divergence
    from symgen.sheet.pictures import kl_asymmetry_plot

    p, q = sg.symbols("p q", probability=True)
    general = kl_divergence(sg.bernoulli("x", p), sg.bernoulli("x", q))
    bp, bq = sg.bernoulli("x", HALF), sg.bernoulli("x", QUARTER)
    forward, backward = kl_divergence(bp, bq, base=2), kl_divergence(bq, bp, base=2)
    if sp.simplify(forward - backward) == 0:
        raise RenderError("the KL asymmetry example came out symmetric")
    big_p, big_q = sp.symbols("P Q")
    return [
        _prose(lang, "kl_body"),
        Formula(_eq(nt.D(big_p, big_q), general), "P = Bernoulli(p), Q = Bernoulli(q)"),
        Result(
            _eq(nt.D(big_p, big_q), forward),
            f"P = Bernoulli({HALF}), Q = Bernoulli({QUARTER}) [bit]",
            _check(forward),
        ),
        Result(_eq(nt.D(big_q, big_p), backward), "", _check(backward)),
        kl_asymmetry_plot(QUARTER, text("kl_caption", lang)),
    ]


def _cross_entropy(lang: str) -> list[Any]:
    from symgen.core.measures import cross_entropy

    bp, bq = sg.bernoulli("x", HALF), sg.bernoulli("x", QUARTER)
    value = cross_entropy(bp, bq, base=2)
    big_p, big_q = sp.symbols("P Q")
    caption = f"P = Bernoulli({HALF}), Q = Bernoulli({QUARTER}) [bit]"
    return [
        _prose(lang, "cross_entropy_body"),
        Result(_eq(nt.Hx(big_p, big_q), value), caption, _check(value)),
    ]


def _kl_cross_entropy(lang: str) -> list[Any]:
    return [_prose(lang, "kl_cross_entropy_body"), cross_entropy_erratum(lang)]


def _require_refuted(claim: str) -> None:
    """The claim checker must refute the notes' statement too (an independent check)."""
    from symgen.proof.claims import verify_claim

    if verify_claim(claim).holds:
        raise RenderError(f"the claim checker does not refute the erratum {claim!r}")


def cross_entropy_erratum(lang: str) -> Erratum:
    """H(P,Q) = D_KL(P||Q) is false: a Bernoulli counterexample, and the true statements."""
    from symgen.core.measures import cross_entropy, entropy, kl_divergence

    bp, bq = sg.bernoulli("x", HALF), sg.bernoulli("x", QUARTER)
    h_pq, kl, h_p = (
        cross_entropy(bp, bq, base=2),
        kl_divergence(bp, bq, base=2),
        entropy(bp, base=2),
    )
    if sp.simplify(h_pq - (h_p + kl)) != 0 or sp.simplify(h_pq - kl) == 0:
        raise RenderError("the cross-entropy erratum's counterexample does not check out")
    _require_refuted("H(P,Q) = D_KL(P||Q)")
    big_p, big_q = sp.symbols("P Q")
    h_of_p = nt.H(dist=big_p)
    cross, divergence = nt.Hx(big_p, big_q), nt.D(big_p, big_q)
    counter = (
        Latex(rf"P = {_bern(HALF)},\ Q = {_bern(QUARTER)}:"),
        Latex(rf"{_eq(cross, h_pq)} \ne {_eq(divergence, kl)}\ \mathrm{{bit}}"),
    )
    right = (
        _eq(nt.Hx(big_p, big_q), sp.Add(h_of_p, nt.D(big_p, big_q), evaluate=False)),
        _eq(ArgMin(nt.Hx(big_p, big_q), big_q), ArgMin(nt.D(big_p, big_q), big_q)),
    )
    return Erratum(
        text("erratum_ce_title", lang),
        Latex(latex_of(sp.Eq(nt.Hx(big_p, big_q), nt.D(big_p, big_q), evaluate=False))),
        text("erratum_ce_body", lang),
        counter,
        right,
        LABELS[lang],
    )


# ---------------------------------------------------------------- section 3


def _mle(lang: str) -> list[Any]:
    return [_prose(lang, "mle_body"), mle_erratum(lang)]


def mle_erratum(lang: str) -> Erratum:
    """One shared θ, not one per sample: with θ_i free, each factor could be made 1."""
    i, m = sp.symbols("i m", integer=True, positive=True)
    x, theta = sp.IndexedBase("x"), sp.IndexedBase(r"\theta")
    shared = sp.Symbol(r"\theta")
    model = sp.Function(r"p_{\mathrm{model}}")
    wrong = sp.Product(model(x[i], theta[i]), (i, 1, m))
    right = sp.Product(model(x[i], shared), (i, 1, m))
    counter = _bernoulli_mle_counterexample()
    return Erratum(
        text("erratum_mle_title", lang),
        latex_of(wrong),
        text("erratum_mle_body", lang),
        counter,
        (
            _eq(
                ArgMin(-sp.log(right), shared),
                ArgMin(-sp.Sum(sp.log(model(x[i], shared)), (i, 1, m)), shared),
            ),
        ),
        LABELS[lang],
    )


def _bernoulli_mle_counterexample() -> tuple[Latex, ...]:
    """Data 1, 0, 1: a θ per sample reaches likelihood 1; one shared θ peaks at 2/3."""
    theta = sp.Symbol(r"\theta", positive=True)
    data = (1, 0, 1)
    factors = [theta if v else 1 - theta for v in data]
    likelihood = sp.Mul(*factors)
    (best,) = [t for t in sp.solve(sp.diff(sp.log(likelihood), theta), theta) if 0 < t < 1]
    # with its own θ_i in [0, 1], each factor is maximised on its own (at θ_i = x_i)
    per_sample = sp.Mul(*(max(f.subs(theta, 0), f.subs(theta, 1)) for f in factors))
    thetas = ",".join(rf"\theta_{{{k}}}" for k in range(1, len(data) + 1))
    free = rf"\max_{{{thetas}}} \prod_i p(x_i; \theta_i) = {latex_of(per_sample)}"
    shared = (
        rf"\hat\theta = {latex_of(best)},\ L(\hat\theta) = {latex_of(likelihood.subs(theta, best))}"
    )
    return (Latex(rf"x = {latex_of(sp.Tuple(*data))}:\quad {free}"), Latex(shared))


def _plain(key: str) -> Callable[[str], list[Any]]:
    return lambda lang: [_prose(lang, f"{key}_body")]


_BUILDERS: dict[str, Callable[[str], list[Any]]] = {
    "vae_gan": _vae_gan,
    "ml_basics": _ml_basics,
    "pmf": _pmf,
    "joint": _joint,
    "marginal": _marginal,
    "conditional": _conditional,
    "chain_rule": _plain("chain_rule"),
    "independence": _independence,
    "conditional_independence": _plain("conditional_independence"),
    "expectation": _expectation,
    "variance": _variance,
    "covariance": _covariance,
    "bayes": _plain("bayes"),
    "self_information": _self_information,
    "entropy": _entropy,
    "kl": _kl,
    "cross_entropy": _cross_entropy,
    "kl_cross_entropy": _kl_cross_entropy,
    "mle": _mle,
    "map": _plain("map"),
    "autoencoder": _plain("autoencoder"),
    "elbo": _plain("elbo"),
    "gan": _plain("gan"),
    "vae": _plain("vae"),
}


def topic_blocks(topic: str, lang: str) -> list[Any]:
    """The prose and engine-computed blocks of one topic."""
    try:
        builder = _BUILDERS[topic]
    except KeyError as exc:
        raise RenderError(f"no sheet content for topic {topic!r}") from exc
    try:
        return builder(lang)
    except ImportError as exc:
        raise RenderError(f"sheet topic {topic!r} needs a missing engine module: {exc}") from exc
