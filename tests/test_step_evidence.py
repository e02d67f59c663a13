"""Derived steps get an independent numeric look before they are shown."""

from __future__ import annotations

import sympy as sp

from symgen.notation.symbols import H, P, Sum
from symgen.proof import search_claim, step_evidence
from symgen.proof.derivation import Derivation, Step
from symgen.proof.search_claim import derive_claim
from symgen.proof.step_evidence import refuted_link

x, X = sp.symbols("x X")


def _chain(*steps: Step) -> Derivation:
    return Derivation(
        name="t", topic="information", title_en="t", title_ko="t", start=H(X), steps=steps
    )


def test_a_false_line_is_found():
    """H(X) = sum_x P(x) is false on random models: the first link is named."""
    assert refuted_link(_chain(Step(Sum(P(x), x), "def_entropy"))) == 1


def test_a_true_chain_passes():
    """The definition of entropy, written out, survives the models."""
    good = _chain(Step(-Sum(P(x) * sp.log(P(x)), x), "def_entropy"))
    assert refuted_link(good) is None


def test_a_false_link_later_in_the_chain_is_named():
    """A wrong second line is reported as link 2."""
    right = Step(-Sum(P(x) * sp.log(P(x)), x), "def_entropy")
    wrong = Step(-Sum(P(x) * sp.log(P(x)) ** 2, x), "algebra")
    assert refuted_link(_chain(right, wrong)) == 2


def test_derive_claim_drops_a_chain_with_a_false_link(monkeypatch):
    """If a rule ever produced a false line, no derivation is shown at all."""
    bad = _chain(Step(Sum(P(x), x), "def_entropy"))
    monkeypatch.setattr(search_claim, "_search", lambda *a, **k: bad)
    assert derive_claim(H(X), "=", Sum(P(x), x)) is None


def test_a_spent_check_budget_leaves_the_chain_to_the_claim(monkeypatch):
    """With no time for the look, nothing is refuted (the claim's verdict decides)."""
    monkeypatch.setattr(step_evidence, "CHECK_SECONDS", 0.0)
    assert refuted_link(_chain(Step(Sum(P(x), x), "def_entropy"))) is None
