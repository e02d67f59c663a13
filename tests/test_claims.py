"""Tests for symgen.proof.claims: refuted with counterexamples and corrections; step chains."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from symgen.errors import ParseError
from symgen.notation.symbols import D, H, P
from symgen.proof import claims
from symgen.proof.claims import NAMED_CLAIMS
from symgen.verify.link import Status


def verify_claim(claim: object, **options: object) -> claims.ClaimVerdict:
    """Verdicts without a wall-clock limit (the default 2 s depends on the machine's load)."""
    options.setdefault("timeout", None)
    return claims.verify_claim(claim, **options)  # type: ignore[arg-type]


def check_steps(steps: list, **options: object) -> claims.StepsVerdict:
    """Chains without a wall-clock limit."""
    options.setdefault("timeout", None)
    return claims.check_steps(steps, **options)  # type: ignore[arg-type]


a, b = sp.symbols("a b")
PP, QQ = sp.symbols("P Q")

FALSE_CLAIMS = [
    ("H(P,Q) = D_KL(P||Q)", "cross_entropy_is_kl", "H(P, Q) = H(P) + D_KL(P || Q)"),
    ("D_KL(P||Q) = D_KL(Q||P)", "kl_symmetric", "JSD(P || Q) = JSD(Q || P)"),
    ("H(X,Y) = H(X) + H(Y)", "joint_entropy_additive", "H(X, Y) = H(X) + H(Y | X)"),
    ("P(a|b) = P(b|a)", "conditional_swapped", "P(a | b) = P(a)*P(b | a)/P(b)"),
    ("H(X|Y) >= H(X)", "conditioning_increases_entropy", "H(X | Y) <= H(X)"),
    ("P(x,y) = P(x) P(y)", "independence_assumed", "P(x, y) = P(x | y)*P(y)"),
    (
        "H(p_data, p_g) = D_KL(p_data || p_g)",
        "cross_entropy_is_kl",
        "H(p_data, p_g) = H(p_data) + D_KL(p_data || p_g)",
    ),
]

TRUE_CLAIMS = [
    "P(a|b) = P(b|a) P(a) / P(b)",
    "P(a,b,c) = P(a|b,c) P(b|c) P(c)",
    "H(P,Q) = H(P) + D_KL(P||Q)",
    "I(X;Y) = H(X) - H(X|Y)",
    "D_KL(P||Q) >= 0",
    "H(X|Y) <= H(X)",
    "H(X,Y) <= H(X) + H(Y)",
    "H(X,Y,Z) <= H(Y) + H(X,Z)",
    r"H(P,Q) = -\sum_x P(x) \log Q(x)",
    "E[X^2] - E[X]^2 = Var(X)",
    "Cov(X,Y) = E[X Y] - E[X] E[Y]",
]


@pytest.mark.parametrize(("claim", "mistake", "correction"), FALSE_CLAIMS)
def test_false_claims_are_refuted_and_corrected(claim: str, mistake: str, correction: str) -> None:
    """Each common mistake fails with a counterexample and a verified correction."""
    verdict = verify_claim(claim)
    assert not verdict.holds and verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert verdict.counterexample.lhs_value != verdict.counterexample.rhs_value
    assert verdict.mistake == mistake and verdict.correction == correction
    assert verify_claim(correction).holds
    assert "false" in verdict.explanation_en and "거짓" in verdict.explanation_ko


@pytest.mark.parametrize("claim", TRUE_CLAIMS)
def test_true_claims_hold_with_a_symbolic_certificate(claim: str) -> None:
    """Textbook identities hold and are proved, not merely sampled."""
    verdict = verify_claim(claim)
    assert verdict.holds and verdict.status is Status.PROVED
    assert verdict.certificate == "symbolic" and verdict.counterexample is None


def test_erratum_explains_the_shared_minimiser() -> None:
    """The notes' erratum says what is true instead: the same minimiser over Q."""
    verdict = verify_claim("H(P,Q) = D_KL(P||Q)")
    assert "minimiser" in verdict.explanation_en and "최소화" in verdict.explanation_ko


def test_cov_zero_does_not_imply_independence() -> None:
    """The named claim is refuted by X uniform on {-1, 0, 1}, Y = X^2, with exact numbers."""
    verdict = verify_claim("cov_zero_implies_independence")
    assert not verdict.holds and verdict.counterexample is not None
    assert (verdict.counterexample.lhs, verdict.counterexample.rhs) == (
        sp.Rational(1, 3),
        sp.Rational(1, 9),
    )
    assert verdict.correction == "X ⊥ Y => Cov(X, Y) = 0"
    assert verify_claim(NAMED_CLAIMS["independence_implies_cov_zero"]).holds


def test_independence_premise_is_assumed() -> None:
    """'a ⊥ b | c => P(a | b, c) = P(a | c)' holds; without the premise it fails."""
    assert verify_claim("a ⊥ b | c => P(a|b,c) = P(a|c)").holds
    assert not verify_claim("P(a|b,c) = P(a|c)").holds


def test_not_equal_claims_need_a_witness() -> None:
    """'!=' holds when a model separates the sides, fails when they are identical."""
    assert verify_claim("D_KL(P||Q) != D_KL(Q||P)").holds
    assert not verify_claim(r"D_KL(P||Q) \neq H(P,Q) - H(P)").holds


def test_claims_from_expressions_and_relations() -> None:
    """A (lhs, op, rhs) tuple or a SymPy relation works like text."""
    assert not verify_claim((P(a, b), "=", P(a) * P(b))).holds
    assert verify_claim(sp.Ge(D(PP, QQ), 0, evaluate=False)).holds
    assert verify_claim((H(PP), "<=", H(PP) + D(PP, QQ))).holds


def test_to_dict_is_json_ready() -> None:
    """Verdicts serialise to JSON with the counterexample's exact tables."""
    data = verify_claim("H(X,Y) = H(X) + H(Y)").to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert data["holds"] is False and "laws" in data["counterexample"]["model"]
    assert "joint_entropy_additive" in text


def test_check_steps_accepts_a_correct_chain() -> None:
    """The product rule both ways round is a valid chain."""
    verdict = check_steps(["P(a,b)", "P(a|b) P(b)", "P(b|a) P(a)"])
    assert verdict.ok and verdict.first_wrong is None and len(verdict.verdicts) == 2


def test_check_steps_finds_the_first_wrong_step() -> None:
    """Independence assumed at step 1 is found, with a counterexample and the product rule."""
    verdict = check_steps(["P(a,b)", "P(a) P(b)"])
    assert not verdict.ok and verdict.first_wrong == 1
    assert verdict.counterexample is not None and "product rule" in verdict.hint
    json.dumps(verdict.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("steps", "wrong", "hint"),
    [
        (["P(a|b) P(b)", "P(a,b)", "P(a|b) P(a)"], 2, "conditioning looks swapped"),
        (["D_KL(P||Q)", "H(P,Q) - H(P)", "H(Q,P) - H(P)"], 2, "swapped"),
        (["H(X) - H(X|Y)", "I(X;Y)", "-I(X;Y)"], 2, "sign"),
        ([r"\sum_b P(a,b)", "P(a,b)"], 1, "sum"),
        (["P(a|b)", "P(b|a) P(a)"], 1, "normalisation"),
        (["P(a,b) P(c)", "P(a) P(b) P(c)"], 1, "independence"),
        (["H(X,Y)", "H(X) + H(Y|X)", "H(X) + H(Y)"], 2, "H(X) + H(Y | X) would hold"),
        (["P(a|c)", "sum_b P(a|b,c) P(b)"], 1, "P(b | c)"),
    ],
)
def test_check_steps_names_the_near_miss(steps: list[str], wrong: int, hint: str) -> None:
    """Swapped conditioning or KL arguments, lost sign, dropped sum, normalisation, independence."""
    verdict = check_steps(steps)
    assert verdict.first_wrong == wrong and hint in verdict.hint


def test_check_steps_with_inequalities() -> None:
    """A leading '>=' makes a link an inequality."""
    assert check_steps(["H(X)", ">= H(X|Y)", "= H(X,Y) - H(Y)"]).ok
    assert check_steps(["H(X|Y)", ">= H(X)"]).first_wrong == 1


def test_bad_input_is_a_parse_error() -> None:
    """Too short a chain, too long a claim, and unsupported implications are rejected."""
    with pytest.raises(ParseError):
        check_steps(["P(a)"])
    with pytest.raises(ParseError):
        verify_claim("P(a) = " + "P(a) + " * 400 + "0")
    with pytest.raises(ParseError):
        verify_claim("H(X) = 0 => X ⊥ Y")


def test_cross_entropy_and_kl_share_their_minimiser() -> None:
    """The true form of the erratum: argmin_Q H(P, Q) = argmin_Q D_KL(P || Q), proved."""
    verdict = verify_claim("cross_entropy_kl_same_minimiser")
    assert verdict.holds and verdict.status is Status.PROVED and verdict.certificate == "symbolic"


def test_different_minimisers_are_refuted_on_a_grid() -> None:
    """argmin_Q H(P, Q) != argmin_Q H(Q): the entropy is smallest at a degenerate Q."""
    verdict = verify_claim("argmin_Q H(P,Q) = argmin_Q H(Q)")
    assert not verdict.holds and verdict.counterexample is not None
    assert verdict.counterexample.lhs != verdict.counterexample.rhs


def test_same_minimiser_without_a_constant_gap_is_numeric_only() -> None:
    """Forward and reverse KL are both smallest at Q = P: numeric evidence, not proved."""
    verdict = verify_claim(r"\arg\min_Q D_KL(P||Q) = \arg\min_Q D_KL(Q||P)")
    assert verdict.holds is None and verdict.status is Status.NUMERIC_ONLY
    with pytest.raises(ParseError):
        verify_claim("argmin_Q H(P,Q) = argmin_P H(P,Q)")


@pytest.mark.parametrize(
    "claim",
    [
        "H(X) = H(X) + 1e-40",
        "P(a,b) = P(a|b) P(b) + 1e-40",
        "H(X) = H(X)*(1+1e-35)",
        "H(X,Y) + 1e-40 <= H(X) + H(Y)",
        "D_KL(P||Q) >= 1e-40",
    ],
)
def test_claims_off_by_a_tiny_constant_fail(claim: str) -> None:
    """A gap of 10^-40 is a gap: the claim does not hold."""
    assert verify_claim(claim).holds is False


def test_steps_off_by_a_tiny_constant_fail() -> None:
    """The last step adds 10^-40: it is the first wrong step; '!=' sees the gap too."""
    steps = ["P(a,b,c)", "P(a|b,c) P(b|c) P(c)", "P(a|b,c) P(b|c) P(c) + 10^(-40)"]
    assert check_steps(steps).first_wrong == 2
    assert verify_claim("H(X) != H(X) + 1e-40").holds


def test_tower_of_exponentials_answers_quickly() -> None:
    """A claim or step equal to exp(exp(exp(10))) is refuted, not a non-symgen error."""
    assert verify_claim("H(X) = exp(exp(exp(10)))").holds is False
    assert check_steps(["H(X)", "exp(exp(exp(10)))"]).first_wrong == 1


@pytest.mark.parametrize(
    "claim",
    [
        "D_KL(P||Q) <= 10",
        "D_KL(P||Q) <= 100",
        "H(X) <= log(5)",
        "H(X) <= 2",
        "I(X;Y) <= log 5",
        "H(X,Y) <= log(25)",
        "P(a) > 1e-6",
    ],
)
def test_false_bounds_against_a_constant_are_refuted(claim: str) -> None:
    """Large uniform supports and near-degenerate laws break false constant bounds."""
    verdict = verify_claim(claim)
    assert verdict.holds is False and verdict.counterexample is not None


@pytest.mark.parametrize("claim", ["D_KL(P||Q) <= 1000", "H(X) > 0", "P(a) > 0"])
def test_unproved_inequalities_do_not_hold(claim: str) -> None:
    """An inequality with numeric evidence only is undecided (holds None), never True."""
    verdict = verify_claim(claim)
    assert verdict.holds is None and not verdict
    assert verdict.status is Status.NUMERIC_ONLY and verdict.certificate == "not proved"
    assert "numeric evidence only" in verdict.notes[0]
    assert json.loads(json.dumps(verdict.to_dict()))["holds"] is None


def test_numeric_only_equality_holds_with_a_note() -> None:
    """A true equality without a symbolic proof holds, labelled as numeric evidence only."""
    verdict = verify_claim((sp.sqrt(P(a) ** 2), "=", P(a)))
    assert verdict.holds is True
    if verdict.status is Status.NUMERIC_ONLY:
        assert verdict.notes[0] == "numeric evidence only"


def test_unproved_inequality_step_is_not_ok() -> None:
    """A chain whose inequality link is only numerically supported is not ok."""
    verdict = check_steps(["H(X)", "<= log(1000)"])
    assert verdict.first_wrong is None and verdict.unproved == (1,) and not verdict.ok
    assert check_steps(["H(X)", ">= H(X|Y)"]).ok


@pytest.mark.parametrize(
    "claim",
    [
        "argmin_Q H(P,Q) = argmin_Q H(P,Q) + H(Q)/10",
        "argmin_Q H(P,Q) = argmin_Q H(P,Q) - H(Q)/100",
        "argmin_Q D_KL(P||Q) = argmin_Q D_KL(P||Q) + JSD(Q||R)/100",
    ],
)
def test_minimisers_closer_than_the_grid_are_refuted(claim: str) -> None:
    """Golden-section refinement separates minimisers less than two grid steps apart."""
    verdict = verify_claim(claim)
    assert verdict.holds is False and verdict.counterexample is not None


def test_hostile_claims_answer_with_a_verdict_or_a_symgen_error() -> None:
    """sin(10^300 p) and a power tower are decided; oo bounds are not proved."""
    assert verify_claim("H(X) <= sin(10^300*p)").holds is False
    assert verify_claim("H(X) = p^p^p^p^p^p^p^p^p^p").holds is False
    assert verify_claim("D_KL(P||Q) < oo").holds is None
    assert verify_claim("D_KL(P||Q) > oo").holds is False


def test_jensen_with_logs_of_values_is_not_refuted_by_complex_numbers() -> None:
    """log E[X] >= E[log X] is drawn on positive values: not refuted, not proved."""
    verdict = verify_claim("log(E[X]) >= E[log(X)]")
    assert verdict.holds is None and verdict.counterexample is None
    assert verify_claim("log(E[X]) <= E[log(X)]").holds is False


def test_claims_and_chains_have_a_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spent budget raises CheckTimeout (a SymgenError); repeated links are checked once."""
    import symgen.verify.link as link
    from symgen.errors import CheckTimeout, SymgenError

    assert issubclass(CheckTimeout, SymgenError)
    with pytest.raises(CheckTimeout):
        verify_claim("H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y) + 0*P(a)", budget=0)
    with pytest.raises(CheckTimeout):
        check_steps(["H(X) - H(X|Y)", "I(X;Y)", "I(Y;X)"], budget=0)
    a, b = "JSD(P||Q) + I(X;Y|Z)", "JSD(Q||P) + I(Y;X|Z)"
    check_steps([a, b])
    calls: list[object] = []
    real = link._check_link
    monkeypatch.setattr(link, "_check_link", lambda *args: calls.append(args) or real(*args))
    assert check_steps([a, b] * 10).ok  # 19 links, 2 distinct: a -> b is cached already
    assert len(calls) == 1


def test_minimisers_moved_by_a_tiny_term_are_not_proved_equal() -> None:
    """f - g = 1e-40 H(Q) is numerically flat in Q but depends on it: not proved."""
    verdict = verify_claim("argmin_Q H(P,Q) = argmin_Q H(P,Q) + 1e-40*H(Q)")
    assert verdict.holds is None and verdict.status is Status.NUMERIC_ONLY
    assert verify_claim("argmin_Q H(P,Q) = argmin_Q D_KL(P||Q) + 3").status is Status.PROVED


def test_unknown_functions_get_random_values() -> None:
    """E[f(X)] = sum_x P(x) f(x) and linearity are proved; Jensen's equality is refuted."""
    assert verify_claim("E[f(X)] = sum_x P(x) f(x)").status is Status.PROVED
    assert verify_claim("E[f(X) + g(X)] = E[f(X)] + E[g(X)]").status is Status.PROVED
    verdict = verify_claim("E[f(X)] = f(E[X])")
    assert verdict.holds is False and verdict.counterexample.lhs != verdict.counterexample.rhs


def test_unknown_function_arguments_are_compared_exactly() -> None:
    """f(1) and f(1 + 10^-43) are different values: arguments are keyed exactly."""
    assert verify_claim("f(1) = f(1.0000000000000000000000000000000000000000001)").holds is False
    assert verify_claim("f(E[X]) = f(sum_x P(x) x)").status is Status.PROVED


def test_verdicts_have_escaped_latex_for_jupyter():
    """Claim and step verdicts render for Jupyter with user text escaped, verdict words shown."""

    shown = verify_claim("H(P,Q) = D_KL(P||Q)")._repr_latex_()
    assert "does not hold" in shown and r"D\texttt{\char95}KL" in shown
    steps = check_steps(["P(a,b)", "P(a|b) P(b)"])._repr_latex_()
    assert "[proved]" in steps and steps.startswith("$") and steps.endswith("$")
