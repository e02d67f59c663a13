"""Tests for symgen.verify.link: verdicts, counterexamples, normal forms, mutation corpus."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest
import sympy as sp

from symgen.core.parameters import symbols
from symgen.notation.symbols import D, E, H, Hx, I, P, Pmf, Sum, Var
from symgen.verify._evaluate import evaluate, exact_value
from symgen.verify.link import Status, check_chain, check_link, expand_measures, normal_form
from tests.cases.mutations import EXCLUDED, IDENTITIES, true_rewrites, wrong_steps

a, b, c, x, y = sp.symbols("a b c x y")
X, Y, Z = sp.symbols("X Y Z")
PP, QQ = sp.symbols("P Q")

WRONG = wrong_steps()
TRUE = true_rewrites()


def test_product_rule_is_proved() -> None:
    """P(a, b) = P(a | b) P(b) is PROVED: symbolic and numeric agree."""
    verdict = check_link(P(a, b), P(a, given=b) * P(b))
    assert verdict.status is Status.PROVED and verdict.symbolic and verdict.trials >= 20


def test_independence_assumed_is_refuted_with_exact_counterexample() -> None:
    """P(a, b) = P(a) P(b) is REFUTED; the counterexample's exact sides differ."""
    verdict = check_link(P(a, b), P(a) * P(b))
    cx = verdict.counterexample
    assert verdict.status is Status.REFUTED and cx is not None
    assert cx.lhs != cx.rhs and cx.lhs.is_Rational and cx.rhs.is_Rational
    assert cx.model.sizes == (2, 2)  # the smallest model is found first
    assert cx.lhs == exact_value(P(a, b), cx.model)
    assert abs(evaluate(P(a, b) - P(a) * P(b), cx.model)) > 1e-6
    json.dumps(verdict.to_dict())


def test_numeric_only_when_no_symbolic_proof() -> None:
    """A true link the normal form cannot see is NUMERIC_ONLY, never PROVED."""
    lhs = sp.log(P(a) ** 2 + 2 * P(a) * P(b) + P(b) ** 2)
    verdict = check_link(lhs, 2 * sp.log(P(a) + P(b)))
    assert verdict.status in (Status.NUMERIC_ONLY, Status.PROVED)
    hard = check_link(sp.log(P(a) + P(b)) * 0 + sp.sqrt(P(a) ** 2), P(a))
    assert hard.ok


def test_log_of_product_of_signed_reals_is_not_forced() -> None:
    """log(pq) = log p + log q is refuted for real p, q; proved for probabilities."""
    p, q = sp.symbols("p q", real=True)
    assert check_link(sp.log(p * q), sp.log(p) + sp.log(q)).status is Status.REFUTED
    pp, qq = symbols("p q", probability=True)
    assert check_link(sp.log(pp * qq), sp.log(pp) + sp.log(qq)).status is Status.PROVED


def test_plain_expressions_with_derivatives() -> None:
    """Parameters are sampled, derivatives evaluated: the Bernoulli score equation."""
    t = symbols("t", probability=True)
    k, n = sp.symbols("k n", positive=True)
    ll = k * sp.log(t) + (n - k) * sp.log(1 - t)
    assert check_link(sp.diff(ll, t), k / t - (n - k) / (1 - t)).status is Status.PROVED
    assert check_link(sp.Derivative(ll, t), k / t - (n - k) / (1 - t)).ok
    assert check_link(sp.diff(ll, t), k / t + (n - k) / (1 - t)).status is Status.REFUTED


def test_gibbs_inequality_is_proved_and_strict_version_refuted() -> None:
    """D_KL >= 0 is PROVED via the template; D_KL > 0 fails on equal laws."""
    assert check_link(D(PP, QQ), 0, relation=">=").status is Status.PROVED
    strict = check_link(D(PP, QQ), 0, relation=">")
    assert strict.status is Status.REFUTED
    laws = strict.counterexample.model.laws  # shrunk: two outcomes, P and Q the same table
    assert dict(laws[PP]) == dict(laws[QQ]) and strict.counterexample.model.sizes == (2,)


def test_conditioning_reduces_entropy() -> None:
    """H(X) >= H(X | Y) is PROVED (= I(X; Y) >= 0); the reverse is REFUTED."""
    assert check_link(H(X), H(X, given=Y), relation=">=").status is Status.PROVED
    assert check_link(H(X, given=Y), H(X), relation=">=").status is Status.REFUTED
    assert check_link(H(X, Y), H(X) + H(Y), relation="<=").status is Status.PROVED


def test_assumed_independence_is_used() -> None:
    """Under a ⊥ b | c, P(a | b, c) = P(a | c) is PROVED; without it REFUTED."""
    ci = ["a ⊥ b | c"]
    assert check_link(P(a, given=(b, c)), P(a, given=c), assumes=ci).status is Status.PROVED
    assert check_link(P(a, given=(b, c)), P(a, given=c)).status is Status.REFUTED
    assert check_link(P(a, b), P(a) * P(b), assumes=ci).status is Status.REFUTED


def test_unmodelled_side_conditions_are_noted() -> None:
    """A side condition that is not an independence is recorded, not silently dropped."""
    verdict = check_link(P(a, b), P(a, given=b) * P(b), assumes=["P(b) > 0"])
    assert verdict.status is Status.PROVED and "P(b) > 0" in verdict.notes[0]


def test_expand_measures_uses_definitions() -> None:
    """Conditionals become ratios of joints; KL becomes a sum over outcomes."""
    assert expand_measures(P(a, given=b)) == P(a, b) / P(b)
    assert str(expand_measures(D(PP, QQ))) == "sum_{x} (log(P(x)/Q(x))*P(x))"


def test_normal_form_marginalises_and_normalises() -> None:
    """sum_b P(a, b) -> P(a); sum_a P(a | b) -> 1; independent sums factorise."""
    assert normal_form(expand_measures(Sum(P(a, b), b))) == P(a)
    assert normal_form(expand_measures(Sum(P(a, given=b), a))) == 1
    both = normal_form(expand_measures(E(X) * E(Y) - Sum(Sum(x * y * P(x) * P(y), x), y)))
    assert both == 0


def test_check_chain_gives_one_verdict_per_link() -> None:
    """A chain of three expressions has two verdicts."""
    verdicts = check_chain([P(a, b), P(a, given=b) * P(b), P(b, given=a) * P(a)])
    assert [v.status for v in verdicts] == [Status.PROVED, Status.PROVED]


def test_unknown_relation_raises() -> None:
    """Only =, >=, <=, >, < are relations."""
    with pytest.raises(ValueError, match="relation"):
        check_link(P(a), P(a), relation="~")


def test_library_identities_are_proved() -> None:
    """Every base identity of the corpus (ELBO, GAN, chain rules, ...) is PROVED."""
    for name, lhs, rhs in IDENTITIES:
        assert check_link(lhs, rhs).status is Status.PROVED, name


def test_corpus_sizes() -> None:
    """The corpus has >= 200 wrong steps and >= 50 true rewritten steps."""
    assert len(WRONG) >= 200 and len(TRUE) >= 50
    assert len(EXCLUDED) <= 10


def test_every_wrong_step_is_refuted() -> None:
    """100% of the mutation corpus is REFUTED, and the symbolic side never claims otherwise."""
    missed = []
    for label, lhs, rhs in WRONG:
        verdict = check_link(lhs, rhs)
        if verdict.status is not Status.REFUTED or verdict.symbolic:
            missed.append(label)
    assert missed == []


def test_every_true_rewrite_is_accepted() -> None:
    """100% of the true rewritten steps are accepted (PROVED or NUMERIC_ONLY)."""
    rejected = [label for label, lhs, rhs in TRUE if not check_link(lhs, rhs).ok]
    assert rejected == []


def test_kl_between_conditionals() -> None:
    """D_KL(q(z|x) || p(z|x)) sums over z only; it is zero when q = p."""
    z = sp.Symbol("z")
    q_zx, p_zx = Pmf("q", z, given=x), Pmf("p", z, given=x)
    assert check_link(D(q_zx, p_zx), 0, relation=">=").ok
    assert check_link(D(p_zx, p_zx), 0).status is Status.PROVED
    assert check_link(Hx(q_zx, p_zx), D(q_zx, p_zx)).status is Status.REFUTED
    assert check_link(I(X, Y), I(Y, X)).status is Status.PROVED
    assert check_link(Var(X), E(X**2) - E(X) ** 2).status is Status.PROVED


def test_elbo_bound_and_variance_are_proved_nonnegative() -> None:
    """log p(x) >= ELBO (gap = D_KL(q(z|x) || p(z|x))) and Var(X) >= 0 are PROVED."""
    z = sp.Symbol("z")
    q_zx = Pmf("q", z, given=x)
    elbo = E(sp.log(Pmf("p", x, z)) - sp.log(q_zx), over=q_zx)
    assert check_link(sp.log(Pmf("p", x)), elbo, relation=">=").status is Status.PROVED
    assert check_link(sp.log(Pmf("p", x)), elbo, relation="<=").status is Status.REFUTED
    assert check_link(Var(X), 0, relation=">=").status is Status.PROVED


def test_too_many_variables_is_an_error() -> None:
    """More than MAX_VARIABLES random variables cannot be checked on a finite model."""
    from symgen.verify.models import MAX_VARIABLES, ModelError

    many = sp.symbols(f"v0:{MAX_VARIABLES + 1}")
    with pytest.raises(ModelError, match="random variables"):
        check_link(P(*many), P(*many))


def test_counterexample_keeps_outcomes_that_cancel_in_the_difference() -> None:
    """log P(a, b) vs log P(a, b) - log P(b): a cancels in the difference but is still shown."""
    verdict = check_link(sp.log(P(a, b)), sp.log(P(a, b)) - sp.log(P(b)))
    assert verdict.status is Status.REFUTED
    assert set(verdict.counterexample.model.assignment) == {sp.Symbol("A"), sp.Symbol("B")}


def test_exploding_expansions_are_not_attempted() -> None:
    """A sum of eight terms to the 30th power is left unexpanded (no proof, no hang)."""
    from symgen.verify.expand import symbolic_zero

    big = sp.Add(*(P(s) for s in sp.symbols("a:h"))) ** 30
    assert symbolic_zero(expand_measures(big - sp.Symbol("t"))) is False


def test_text_is_parsed_safely_never_sympified() -> None:
    """Strings go through symgen.parsing.parser: code is rejected, notation is read."""
    from symgen.errors import ParseError

    assert check_link("P(a,b)", "P(a|b) P(b)").status is Status.PROVED
    with pytest.raises(ParseError):
        check_link("__import__('os').system('true')", 0)
    with pytest.raises(TypeError):
        check_link(0.5, P(a))


def test_independence_is_assumed_of_p_only() -> None:
    """'a ⊥ b | c' restricts the law P, not another law Q."""
    ci = ["a ⊥ b | c"]
    q_ab_c = Pmf("Q", a, b, given=c)
    q_split = Pmf("Q", a, given=c) * Pmf("Q", b, given=c)
    assert check_link(q_ab_c, q_split, assumes=ci).status is Status.REFUTED
    assert check_link(P(a, b, given=c), P(a, given=c) * P(b, given=c), assumes=ci).ok


def test_counterexample_shows_only_outcomes_that_matter() -> None:
    """E[X] + E[Y] vs E[X] E[Y] depends on no assigned outcome; P(a | b) on a and b."""
    from symgen.verify.expand import free_outcomes

    verdict = check_link(E(X) + E(Y), E(X) * E(Y))
    assert verdict.status is Status.REFUTED and verdict.counterexample.model.assignment == {}
    z = sp.Symbol("z")
    kl = D(Pmf("q", z, given=x), Pmf("p", z, given=x))
    assert free_outcomes(kl) == {X}
    assert free_outcomes(E(sp.log(Pmf("p", x, z)), over=Pmf("q", z, given=x))) == {X}
    assert free_outcomes(H(X) + Sum(P(x, y), x)) == {Y}


def test_outcomes_are_named_by_spelling_only() -> None:
    """A parser's Symbol("x", real=True) is the same outcome as Symbol("x")."""
    xr = sp.Symbol("x", real=True)
    assert check_link(H(X), -Sum(P(xr) * sp.log(P(xr)), xr)).status is Status.PROVED


def test_nested_expectation_is_the_mean() -> None:
    """E[(X - E[X])^2] = Var(X): an inner E inside an outer E or sum still averages."""
    assert check_link(Var(X), E((X - E(X)) ** 2)).status is Status.PROVED
    centred = Sum(P(x) * (x - E(X)) ** 2, x)
    assert check_link(centred, E(X**2) - E(X) ** 2).status is Status.PROVED
    assert check_link(Var(X), E((X - E(X)) ** 3)).status is Status.REFUTED
    assert check_link(centred, E(X**2) + E(X) ** 2).status is Status.REFUTED


def test_tiny_constant_gap_is_refuted() -> None:
    """Sides off by 10^-40 (below the 50-digit tolerance) are REFUTED, never NUMERIC_ONLY."""
    tiny = sp.Rational(1, 10**40)
    for lhs, rhs in [
        (H(X), H(X) + tiny),
        (P(a, b), P(a, given=b) * P(b) + tiny),
        (H(X), H(X) * (1 + tiny * 10**5)),
        (H(X), H(X) + P(a) ** 200),
    ]:
        verdict = check_link(lhs, rhs)
        assert verdict.status is Status.REFUTED, (lhs, rhs)
        assert verdict.counterexample.lhs_value != verdict.counterexample.rhs_value
    assert check_link(D(PP, QQ), tiny, relation=">=").status is Status.REFUTED
    assert check_link(H(X, Y) + tiny, H(X) + H(Y), relation="<=").status is Status.REFUTED
    assert check_link(H(X) + tiny, H(X), relation=">=").status is Status.PROVED


def test_huge_literal_is_refused() -> None:
    """A number with thousands of digits is InputTooLarge, not a slow check."""
    from symgen.errors import InputTooLarge

    with pytest.raises(InputTooLarge):
        check_link(H(X), H(X) + sp.Rational(1, 10**3000))


def test_tower_of_exponentials_is_refuted() -> None:
    """exp(exp(exp(10))) is shown as about 10^(10^9565), never a ValueError."""
    from symgen.errors import InputTooLarge

    tower = sp.exp(sp.exp(sp.exp(10)))
    verdict = check_link(H(X), tower)
    assert verdict.status is Status.REFUTED and "10^(10^" in verdict.counterexample.rhs_value
    assert check_link(H(X), H(X) + 1 / tower).status is Status.REFUTED
    assert check_link(H(X), H(X) * sp.exp(sp.exp(-300))).status is Status.REFUTED
    with pytest.raises(InputTooLarge):  # 1 + 10^-(10^9565): no precision tells it from 1
        check_link(H(X), H(X) * sp.exp(1 / tower))


def test_ambiguous_expectation_over_a_law_is_refused() -> None:
    """E_q[log p(x, z) - log q(z | x)] next to a free x is a ParseError, not a refutation."""
    from symgen.errors import ParseError

    z = sp.Symbol("z")
    qq = sp.Symbol("q")
    body = sp.log(Pmf("p", x, z)) - sp.log(Pmf("q", z, given=x))
    with pytest.raises(ParseError, match="E_"):
        check_link(sp.log(Pmf("p", x)), E(body, over=qq), relation=">=")
    assert check_link(E(x, over=PP), E(X)).status is Status.PROVED


def test_constant_gaps_decide_inequalities_and_complex_sides_do_not() -> None:
    """A positive constant gap proves >=; a complex value never refutes an inequality."""
    tiny = sp.Rational(1, 10**40)
    assert check_link(P(a) + tiny, P(a), relation=">").status is Status.PROVED
    jensen = check_link(sp.log(E(X)), E(sp.log(X)), relation=">=")
    assert jensen.ok and jensen.counterexample is None


def test_local_search_breaks_a_bound_the_random_models_miss() -> None:
    """P(a | b) <= 0.999 holds on every drawn model; hill-climbing a law breaks it."""
    from symgen.verify.link import local_search

    bound = sp.Rational(999, 1000)
    verdict = check_link(P(a, given=b), bound, relation="<=")
    assert verdict.status is Status.REFUTED and "local search" in verdict.reason
    assert exact_value(P(a, given=b), verdict.counterexample.model) > bound
    assert local_search(H(X, Y), H(X) + H(Y), "<=") is None  # a true bound stays unbroken


def test_expression_vanishing_on_every_small_value_is_refuted() -> None:
    """binomial(100 t + 200, 400) is 0 at every t = k/100; 'wide' models see it is not 0."""
    t = sp.Symbol("t", real=True)
    vanishing = sp.binomial(100 * t + 200, 400)
    assert check_link(H(X), H(X) + vanishing).status is Status.REFUTED
    assert check_link(E(X), E(X) + E(sp.binomial(7 * X + 400, 801))).status is Status.REFUTED


def test_term_lost_inside_a_function_is_seen() -> None:
    """H(X) exp(P(a)^300) is not H(X): the evaluator asks for the digits exp(tiny) needs."""
    from symgen.verify._evaluate import evaluate_tracked
    from symgen.verify.models import random_model

    assert check_link(H(X), H(X) * sp.exp(P(a) ** 300)).status is Status.REFUTED
    assert check_link(H(X), H(X) * sp.cos(P(a) ** 100)).status is Status.REFUTED
    model = random_model([H(X), P(a)], seed=1)
    assert evaluate_tracked(H(X) + P(a) ** 300, model)[1] > 100
    assert evaluate_tracked(H(X) + P(a), model)[1] < 100


def test_what_holds_only_for_positive_values_is_refuted() -> None:
    """sqrt(X^2) = X fails for negative values: some models keep them; x^2 >= 0 is proved."""
    assert check_link(E(sp.sqrt(X**2)), E(X)).status is Status.REFUTED
    xr = sp.Symbol("x", real=True)
    assert check_link(xr**2, 0, relation=">=").status is Status.PROVED
    assert check_link(H(X) ** 2, 0, relation=">=").status is Status.PROVED


def test_counterexamples_are_shrunk_deterministically() -> None:
    """A refuted link shows a 2-outcome model with small denominators, the same every time."""
    from symgen.verify.link import _LINK_CACHE

    a, b = sp.symbols("a b")
    first = check_link(P(a, given=b), P(b, given=a)).counterexample
    _LINK_CACHE.clear()
    again = check_link(P(a, given=b), P(b, given=a)).counterexample
    assert first.to_dict() == again.to_dict()
    assert first.model.sizes == (2, 2)
    assert max(pr.denominator for pr in first.model.laws[PP].values()) <= 12


def test_shrinking_keeps_assumed_independences() -> None:
    """With an independence assumed, the counterexample is a model built to satisfy it."""
    from symgen.verify.assumptions import parse_independence

    a, b, c = sp.symbols("a b c")
    indep = parse_independence("a ⊥ b | c")
    link = check_link(P(a, b), P(a) * P(b), assumes=[indep])
    assert link.status is Status.REFUTED
    model = dataclasses.replace(link.counterexample.model)
    for cell in itertools.product(*(range(k) for k in model.sizes)):
        model.assignment = dict(zip(model.variables, cell, strict=True))
        split = P(a, b, given=c) - P(a, given=c) * P(b, given=c)
        assert exact_value(split, model) == 0


def test_assumptions_are_read_into_independences_and_ranges() -> None:
    """A Markov chain of four gives three independences; 0 < p < 1 makes p a unit parameter."""
    from symgen.verify.assumptions import UnitParameter, read_assumptions

    chain = read_assumptions(["W -> X -> Y -> Z"])
    assert [str(i) for i in chain.independences] == ["W ⊥ Y | X", "W, X ⊥ Z | Y"]
    ranged = read_assumptions(["0 < p < 1"])
    (sym, value), *_ = ranged.substitutions
    assert isinstance(value, UnitParameter) and str(sym) == "p"


def test_support_size_is_read_from_the_model() -> None:
    """|X| evaluates to the number of outcomes of X."""
    from symgen.notation.operators import SupportSize
    from symgen.verify.models import random_model

    m = random_model([H(X)], seed=2, kind="large")
    assert evaluate(SupportSize(X), m) == m.size(X)
