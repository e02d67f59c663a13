"""Tests for symgen.proof.derivation: Step/Derivation records, link verdicts, models, output."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from symgen.errors import UnknownRule
from symgen.proof.derivation import (
    Apply,
    Derivation,
    InvalidDerivation,
    Step,
    SymbolicJoint,
    Term,
    chain,
    ratio,
    status_name,
    symbolic_pmf,
)

a, b = sp.symbols("a b", positive=True)
x = sp.Symbol("x", positive=True)


def make(start, *steps, **extra) -> Derivation:
    """A small derivation for the tests."""
    return Derivation(
        name="t", topic="test", title_en="t", title_ko="시험", start=start, steps=steps, **extra
    )


def test_step_unknown_rule_raises() -> None:
    """A step must name a rule of the table."""
    with pytest.raises(UnknownRule):
        Step(a, "no_such_rule")


def test_step_unknown_relation_raises() -> None:
    """Relations are =, <=, >=, <, >, != only."""
    with pytest.raises(InvalidDerivation):
        Step(a, "algebra", relation="~")


def test_derivation_without_steps_raises() -> None:
    """An empty chain is not a derivation."""
    with pytest.raises(InvalidDerivation):
        make(a)


def test_derivation_true_chain_holds() -> None:
    """log(ab) = log a + log b is proved."""
    d = make(sp.log(a * b), Step(sp.log(a) + sp.log(b), "log_of_product"))
    assert d.holds
    assert [status_name(v) for v in d.verdicts] == ["PROVED"]


def test_derivation_false_link_is_refuted() -> None:
    """log(a + b) = log a + log b is refuted and the reason names the link."""
    d = make(sp.log(a + b), Step(sp.log(a) + sp.log(b), "log_of_product"))
    assert not d.holds
    assert status_name(d.verdicts[0]) == "REFUTED"
    assert "link 1 (log_of_product)" in d.reason


def test_derivation_verdicts_are_cached() -> None:
    """The verdicts are computed once."""
    d = make(sp.log(a / b), Step(sp.log(a) - sp.log(b), "log_of_quotient"))
    assert d.verdicts is d.verdicts


def test_numeric_only_needs_allow_list() -> None:
    """A link with no symbolic proof holds only when its step gives a reason."""
    plain = make(sp.log(1 + x), Step(x, "algebra", relation="<="))
    allowed = make(sp.log(1 + x), Step(x, "algebra", relation="<=", numeric_reason="log1p bound"))
    assert status_name(plain.verdicts[0]) == "NUMERIC_ONLY"
    assert not plain.holds
    assert allowed.holds
    assert "numeric-only (allowed)" in allowed.reason


def test_inequality_false_is_refuted() -> None:
    """x <= log(1 + x) is false for x > 0."""
    d = make(x, Step(sp.log(1 + x), "algebra", relation="<="))
    assert status_name(d.verdicts[0]) == "REFUTED"


def test_not_equal_relation_decided_exactly() -> None:
    """1/3 != 1/9 is proved; 1/3 != 1/3 is refuted."""
    third = sp.Rational(1, 3)
    assert make(third, Step(third**2, "witness", relation="!=")).holds
    assert not make(third, Step(third, "witness", relation="!=")).holds


def test_models_checked_at_every_mapping() -> None:
    """A link true in one model but false in another is refuted."""
    t = Term("T")
    good, bad = {t: a}, {t: a + 1}
    assert make(t, Step(a, "substitute"), models=(good,)).holds
    assert not make(t, Step(a, "substitute"), models=(good, bad)).holds


def test_undefined_model_value_is_refuted() -> None:
    """A model giving 0/0 can never prove a link."""
    t = Term("T")
    d = make(t, Step(t, "substitute"), models=({t: sp.nan},))
    assert status_name(d.verdicts[0]) == "REFUTED"


def test_facts_are_checked() -> None:
    """A false side fact makes the derivation fail."""
    fact = (sp.Integer(2), Step(sp.Integer(3), "evaluate"))
    d = make(sp.log(a * b), Step(sp.log(a) + sp.log(b), "log_of_product"), facts=(fact,))
    assert not d.holds
    assert "link 2" in d.reason


def test_chain_applies_mechanical_rules() -> None:
    """Apply computes the next expression from the previous one."""
    steps = chain(sp.log(a / b), Apply("log_of_quotient"))
    assert steps[0].expr == sp.log(a) - sp.log(b)
    assert steps[0].rule == "log_of_quotient"


def test_to_dict_is_json() -> None:
    """to_dict gives a JSON-ready record with holds, reason and steps."""
    d = make(sp.log(a * b), Step(sp.log(a) + sp.log(b), "log_of_product", note_ko="로그"))
    record = json.loads(json.dumps(d.to_dict("ko")))
    assert record["holds"] is True
    assert record["steps"][0]["rule"] == "log_of_product"
    assert record["steps"][0]["verdict"] == "proved"
    assert record["steps"][0]["note"] == "로그"
    assert {"reason", "statement", "title", "facts"} <= set(record)


def test_latex_contains_steps() -> None:
    """latex() renders every step expression."""
    d = make(sp.log(a * b), Step(sp.log(a) + sp.log(b), "log_of_product"))
    tex = d.latex()
    assert r"\log" in tex
    assert "$$" in d._repr_latex_()


def test_ratio_keeps_numbers_visible() -> None:
    """ratio(1/12, 1/6) prints as a fraction of fractions and equals 1/2."""
    r = ratio(sp.Rational(1, 12), sp.Rational(1, 6))
    assert r"\frac{1}{12}" in sp.latex(r)
    assert r.doit() == sp.Rational(1, 2)


def test_term_prints_its_latex() -> None:
    """A Term prints its own LaTeX."""
    assert sp.latex(Term(r"H(P)")) == "H(P)"


def test_symbolic_joint_conditionals_sum_to_one() -> None:
    """P(a | b) sums to one over a, for every b."""
    J = SymbolicJoint(["a", "b"], sizes=(3, 2))
    for given in J.assignments("b"):
        total = sum(J.cond(event, given) for event in J.assignments("a"))
        assert sp.simplify(total) == 1


def test_symbolic_pmf_normalised() -> None:
    """symbolic_pmf sums to one."""
    assert sp.simplify(sum(symbolic_pmf("w", 4).values())) == 1


def test_abstract_swapped_condition_is_refuted() -> None:
    """P(x | y) = P(y | x) is refuted on the abstract notation."""
    from symgen.notation.symbols import P

    px, py = sp.symbols("x y")
    d = make(P(px, given=(py,)), Step(P(py, given=(px,)), "bayes"))
    assert status_name(d.verdicts[0]) == "REFUTED"


def test_abstract_factorisation_needs_independence() -> None:
    """P(x, y) = P(x) P(y) is refuted without the independence assumption, proved with it."""
    from symgen.notation.symbols import P

    px, py = sp.symbols("x y")
    joint, product = P(px, py), P(px) * P(py)
    assert not make(joint, Step(product, "independence_factorises")).holds
    assumed = Step(product, "independence_factorises", assumes=("X ⊥ Y",))
    assert make(joint, assumed).holds
