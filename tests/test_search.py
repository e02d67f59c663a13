"""Tests for the step search: chains of rules from both sides, inequalities, optimisation."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from symgen.notation.symbols import D, E, H, Hx, I, P, Var
from symgen.proof.derivation import status_name
from symgen.proof.rules import RULES
from symgen.proof.search import SEARCH_RULES, SearchTimeout, derive, search
from symgen.proof.search_inequality import derive_inequality
from symgen.proof.search_optimum import derive_optimum

X, Y, Z = sp.symbols("X Y Z")
a, b = sp.symbols("a b")
P_, Q_ = sp.symbols("P Q")

# (lhs, rhs, rules the chain must use): true textbook identities the search derives
CHAINS = [
    (H(X, Y), H(X) + H(Y, given=(X,)), {"def_entropy", "marginalisation"}),
    (Hx(P_, Q_), H(P_) + D(P_, Q_), {"def_cross_entropy", "def_kl"}),
    (Var(X), E(X**2) - E(X) ** 2, {"def_variance", "linearity_of_expectation"}),
    (I(X, Y), H(X) - H(X, given=(Y,)), {"def_mutual_information", "def_entropy"}),
    (P(a, given=(b,)), P(b, given=(a,)) * P(a) / P(b), {"def_conditional"}),
]


@pytest.mark.parametrize(("lhs", "rhs", "uses"), CHAINS)
def test_derive_finds_a_chain_of_applied_rules(lhs, rhs, uses) -> None:
    """The chain has >= 2 steps, each made by its rule, none repeating the line before."""
    d = derive(lhs, rhs, timeout=30)
    assert d is not None
    assert len(d.steps) >= 2
    assert all(d.rules_applied)
    lines = [d.start, *(s.expr for s in d.steps)]
    assert all(x != y for x, y in itertools.pairwise(lines))
    assert uses <= {s.rule for s in d.steps}


def test_derived_links_hold_numerically() -> None:
    """Each link of a derived chain is also checked by verify (symbolic and random models)."""
    d = derive(Hx(P_, Q_), H(P_) + D(P_, Q_), timeout=30)
    assert d is not None
    assert all(status_name(v) == "PROVED" for v in d.verdicts)


def test_single_rule_claim_is_derived_from_more_basic_rules() -> None:
    """Bayes' rule is not proved by the rule named bayes: the search avoids it."""
    d = derive(P(a, given=(b,)), P(b, given=(a,)) * P(a) / P(b), timeout=30)
    assert d is not None
    assert "bayes" not in {s.rule for s in d.steps}


def test_search_budget_zero_raises() -> None:
    """A time budget of 0 raises SearchTimeout before any work."""
    with pytest.raises(SearchTimeout):
        search(H(X, Y), H(X) + H(Y), timeout=0)


def test_search_stops_by_the_injected_clock() -> None:
    """The search reads only the injected clock: 1 s per tick, a 3 s budget, a false claim."""
    ticks = itertools.count()
    with pytest.raises(SearchTimeout):
        search(H(X, Y), H(X) + H(Y), timeout=3, clock=lambda: float(next(ticks)))


def test_derive_false_claim_gives_nothing() -> None:
    """No chain of sound rules joins the two sides of a false identity."""
    ticks = itertools.count()
    assert derive(H(X, Y), H(X) + H(Y), timeout=40, clock=lambda: float(next(ticks))) is None


def test_search_rules_have_sentences_in_both_languages() -> None:
    """Every rule the search may show has an English and a Korean sentence."""
    for rule_id in SEARCH_RULES:
        rule = RULES[rule_id]
        assert rule.en.endswith(".") and len(rule.en.split()) >= 3
        assert any("가" <= ch <= "힣" for ch in rule.ko)


def test_inequality_ends_with_the_named_inequality() -> None:
    """H(X | Y) <= H(X): the gap is rewritten into I(X; Y), then I >= 0."""
    d = derive_inequality(H(X, given=(Y,)), "<=", H(X), timeout=30)
    assert d is not None
    assert d.relation == ">="
    assert d.steps[-1].rule in {"mutual_information_nonnegative", "gibbs_inequality"}
    assert all(d.rules_applied)


def test_inequality_not_derived_for_a_false_claim() -> None:
    """H(X) <= H(X | Y) has no chain to a non-negative quantity."""
    assert derive_inequality(H(X), "<=", H(X, given=(Y,)), timeout=5) is None


def test_mle_bernoulli_with_symbolic_n() -> None:
    """argmax of the i.i.d. Bernoulli likelihood over n samples is the sample mean."""
    from symgen.notation.operators import ArgMax

    t, i = sp.Symbol("theta"), sp.Idx("i")
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.IndexedBase("x")
    likelihood = sp.Product(t ** x[i] * (1 - t) ** (1 - x[i]), (i, 1, n))
    mean = sp.Sum(x[i], (i, 1, n)) / n
    d = derive_optimum(ArgMax(likelihood, t), "=", mean)
    assert d is not None
    rules = [s.rule for s in d.steps]
    assert rules[0] == "argmin_of_monotone" and rules[-1] == "solve_score_equation"
    assert "log_of_product" in rules
    assert all(d.rules_applied)
    assert derive_optimum(ArgMax(likelihood, t), "=", 1 / n) is None
