"""Tests for symgen.verify.models: exact random models and evaluation of notation on them."""

from __future__ import annotations

import itertools
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symgen.core.measures as measures
from symgen.core.distribution import Distribution
from symgen.notation.symbols import JSD, Cov, D, E, H, Hx, I, P, Pmf, SelfInfo, Sum, Var
from symgen.verify._evaluate import evaluate, exact_value
from symgen.verify.assumptions import parse_independence
from symgen.verify.models import KINDS, ModelError, model_variables, random_model

a, b, c, x, y = sp.symbols("a b c x y")
X, Y, Z = sp.symbols("X Y Z")
PP, QQ = sp.symbols("P Q")


def _close(u: object, v: object) -> bool:
    return abs(mpmath.mpf(u) - mpmath.mpf(v)) < mpmath.mpf(10) ** -40


@pytest.mark.parametrize("kind", sorted(set(KINDS)))
def test_random_model_laws_are_exact_and_positive(kind: str) -> None:
    """Every law is a table of positive Fractions summing exactly to 1, supports 2..5."""
    m = random_model([P(a, b, c), D(PP, QQ)], seed=3, kind=kind)
    assert m.variables == (sp.Symbol("A"), sp.Symbol("B"), sp.Symbol("C"))
    assert all(2 <= k <= 5 for k in m.sizes)
    for table in m.laws.values():
        assert sum(table.values()) == 1
        assert all(isinstance(v, Fraction) and v > 0 for v in table.values())


def test_random_model_is_deterministic_per_seed() -> None:
    """The same seed gives the same model; another seed gives another."""
    first, again = random_model([P(a, b)], seed=5), random_model([P(a, b)], seed=5)
    assert first.laws == again.laws and first.assignment == again.assignment
    assert random_model([P(a, b)], seed=6).laws != first.laws


def test_changing_a_returned_model_leaves_the_cache_intact() -> None:
    """Replacing a law of one returned model changes neither its twin nor later models."""
    first = random_model([P(a, b)], seed=11)
    before = evaluate(P(a, b), first)
    first.laws = {PP: {cell: Fraction(1, len(first.laws[PP])) for cell in first.laws[PP]}}
    assert evaluate(P(a, b), first) == mpmath.mpf(1) / len(first.laws[PP])
    assert evaluate(P(a, b), random_model([P(a, b)], seed=11)) == before
    with pytest.raises(TypeError):
        random_model([P(a, b)], seed=11).laws[PP][(0, 0)] = Fraction(1)  # type: ignore[index]


def test_small_kind_has_binary_supports() -> None:
    """Small models (tried first) give the smallest counterexamples."""
    assert random_model([P(a, b, c)], seed=1, kind="small").sizes == (2, 2, 2)


def test_independent_kind_factorises() -> None:
    """Independent models satisfy P(a, b) = P(a) P(b) in every cell."""
    m = random_model([P(a, b)], seed=2, kind="independent")
    joint, pa, pb = m.laws[PP], m.marginal(PP, [m.variables[0]]), m.marginal(PP, [m.variables[1]])
    assert all(joint[(i, j)] == pa[(i,)] * pb[(j,)] for i, j in joint)


def test_generic_models_are_not_independent() -> None:
    """Generic Dirichlet joints break independence (so 'independence assumed' is refuted)."""
    m = random_model([P(a, b)], seed=0, kind="generic")
    assert evaluate(P(a, b), m) != evaluate(P(a) * P(b), m)


def test_assumed_conditional_independence_holds_exactly() -> None:
    """Models built under a ⊥ b | c satisfy P(a, b | c) = P(a | c) P(b | c) in every cell."""
    ind = parse_independence("a ⊥ b | c")
    m = random_model([P(a, b, c)], seed=4, assumes=[ind])
    A, B, C = m.variables
    for i, j, k in itertools.product(*(range(n) for n in m.sizes)):
        m.assignment.update({A: i, B: j, C: k})
        assert exact_value(P(a, b, given=c), m) == exact_value(P(a, given=c) * P(b, given=c), m)


def test_parse_independence_reads_common_spellings() -> None:
    """⊥, _|_, \\perp and 'indep ... given' all read; other text is not an independence."""
    for text in ("X ⊥ Y | Z", "x _|_ y | z", r"x \perp y | z", "x indep y given z"):
        assert str(parse_independence(text)) == "X ⊥ Y | Z"
    assert str(parse_independence("a, b ⊥ c")) == "A, B ⊥ C"
    assert parse_independence("q(x) > 0") is None
    assert parse_independence("a ⊥ b(1)") is None


def test_model_variables_defaults_to_x_for_laws() -> None:
    """Measures of whole laws with no variable named live on one variable X."""
    assert model_variables([Hx(PP, QQ)]) == (X,)
    assert model_variables([P(b, given=a)]) == (sp.Symbol("A"), sp.Symbol("B"))


def _distribution(m) -> Distribution:
    names = [v.name for v in m.variables]
    return Distribution.from_table(
        names, {k: sp.Rational(v.numerator, v.denominator) for k, v in m.laws[PP].items()}
    )


def _pmf(m, law) -> dict:
    return {k: sp.Rational(v.numerator, v.denominator) for k, v in m.laws[law].items()}


@pytest.mark.parametrize("seed", range(4))
def test_measures_match_symgen_measures(seed: int) -> None:
    """H, H(X|Y), I(X;Y), H(P,Q), D_KL, JSD agree with symgen.core.measures (independent code)."""
    m = random_model([I(X, Y), D(PP, QQ)], seed=seed)
    dist = _distribution(m)
    p, q = _pmf(m, PP), _pmf(m, QQ)
    pairs = [
        (H(X, Y), measures.entropy(p)),
        (H(X, given=Y), measures.conditional_entropy(dist, "X", "Y")),
        (I(X, Y), measures.mutual_information(dist, "X", "Y")),
        (Hx(PP, QQ), measures.cross_entropy(p, q)),
        (D(PP, QQ), measures.kl_divergence(p, q)),
        (JSD(PP, QQ), measures.js_divergence(p, q)),
    ]
    for expr, reference in pairs:
        assert _close(evaluate(expr, m), sp.N(reference, 60)), expr


def test_moments_of_a_known_model() -> None:
    """On X uniform on {-1, 0, 1}, Y = X^2: E[X] = 0, Var(X) = 2/3, Cov(X, Y) = 0."""
    m = random_model([Cov(X, Y)], seed=0)
    third = Fraction(1, 3)
    m.values.update({X: (-1, 0, 1), Y: (0, 1)})
    object.__setattr__(m, "sizes", (3, 2))
    m.laws = {
        PP: {
            (0, 0): Fraction(0),
            (0, 1): third,
            (1, 0): third,
            (1, 1): Fraction(0),
            (2, 0): Fraction(0),
            (2, 1): third,
        }
    }
    assert exact_value(E(X), m) == 0
    assert exact_value(Var(X), m) == sp.Rational(2, 3)
    assert exact_value(Cov(X, Y), m) == 0
    assert exact_value(Sum(x * P(x), x), m) == 0


def test_exact_value_agrees_with_evaluate() -> None:
    """The exact SymPy value and the 50-digit value are the same number."""
    expr = H(X) + SelfInfo(x) - E(X * Y) + sp.log(Pmf(QQ, x) + P(x, y))
    m = random_model([expr], seed=9)
    assert _close(evaluate(expr, m), sp.N(exact_value(expr, m), 60))


def test_plain_parameters_get_values_in_their_domain() -> None:
    """Probability-like positive symbols get values in range; integers stay integers."""
    t = sp.Symbol("t", positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    m = random_model([t * n], seed=1)
    assert m.params[t] > 0 and m.params[n].denominator == 1 and m.params[n] >= 1


def test_evaluate_rejects_unknown_objects() -> None:
    """An expression that names no model value raises ModelError."""
    m = random_model([P(a)], seed=0)
    with pytest.raises(ModelError):
        evaluate(P(a) + sp.Function("f")(sp.Symbol("w")), m)
    with pytest.raises(ModelError):
        evaluate(D(PP, QQ), m)


def test_describe_and_to_dict_show_exact_tables() -> None:
    """A model prints its exact tables (for counterexamples) and is JSON-ready."""
    m = random_model([P(a, b)], seed=0, kind="small")
    text = m.describe()
    assert "P(A=" in text and "/" in text
    data = m.to_dict()
    assert set(data) >= {"variables", "values", "laws", "assignment"}
    assert all(isinstance(v, str) for v in data["laws"]["P"].values())


def test_adversarial_kinds_reach_large_supports_and_tiny_cells() -> None:
    """'large' is uniform on 8-16 outcomes; 'extreme' puts 10^-50 where P is heavy for Q."""
    from symgen.verify.models import ADVERSARIAL_KINDS

    assert {"large", "large_diagonal", "extreme", "extreme_tiny"} <= set(ADVERSARIAL_KINDS)
    large = random_model([H(X)], seed=3, kind="large")
    assert 8 <= large.sizes[0] <= 16
    assert len(set(large.laws[PP].values())) == 1
    tiny = random_model([D(PP, QQ)], seed=3, kind="extreme_tiny")
    assert min(tiny.laws[PP].values()) == Fraction(1, 10**50)
    assert evaluate(D(PP, QQ), tiny) > 100
    diagonal = random_model([I(X, Y)], seed=3, kind="large_diagonal")
    assert evaluate(I(X, Y), diagonal) > mpmath.log(7)


def test_expectation_binds_its_outcomes_and_inner_means() -> None:
    """E[(X - E[X])^2] is Var(X); E_{x~P}[x] (no capitals) averages over x."""
    m = random_model([Var(X)], seed=5)
    assert _close(evaluate(E((X - E(X)) ** 2), m), evaluate(Var(X), m))
    assert _close(evaluate(Sum(P(x) * (x - E(X)) ** 2, x), m), evaluate(Var(X), m))
    assert _close(evaluate(E(x, over=PP), m), evaluate(E(X), m))


def test_values_under_a_log_are_positive_on_even_seeds() -> None:
    """A variable under a log gets positive values on every other model (even seeds)."""
    for seed in range(0, 12, 2):
        m = random_model([E(sp.log(X))], seed=seed, kind="skewed")
        assert min(m.values[X]) > 0
    odd = [random_model([E(sp.log(X))], seed=s, kind="skewed") for s in range(1, 12, 2)]
    assert any(min(m.values[X]) < 0 for m in odd)
