"""Claims and step chains: does ``lhs OP rhs`` hold in general, and where does a chain break?

A claim is text (parsed by :mod:`symgen.parsing.parser`, never evaluated), a ``(lhs, op, rhs)``
tuple, a SymPy relation, or one of :data:`NAMED_CLAIMS`. It is checked by
:func:`symgen.verify.link.check_link`: symbolically and on random finite models. A false claim
gets a counterexample (the smallest random model found, exact tables, both sides), and a
known mistake gets its corrected statement, itself verified before it is shown.

What ``holds`` means: True when the claim is PROVED (symbolic normal forms agree and the
numbers agree), and for an *equality* that agrees on every random model without a symbolic
proof (status NUMERIC_ONLY, note "numeric evidence only"). An *inequality* with numeric
evidence only is not reported as holding: ``holds`` is None (undecided, falsy), status
NUMERIC_ONLY, certificate "not proved" -- a bound against a constant can be false only on
laws no random model draws. False means refuted, with a counterexample. Models have full
support, so a strict claim such as ``P(a) > 0`` is never proved by them.

>>> verify_claim("H(P,Q) = D_KL(P||Q)").holds
False
>>> verify_claim("I(X;Y) = H(X) - H(X|Y)").status.name
'PROVED'
>>> check_steps(["P(a,b)", "P(a) P(b)"]).first_wrong
1
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from symgen.errors import CheckTimeout, ParseError, SymgenError
from symgen.notation.symbols import DEFAULT_DIST, Cov, P
from symgen.parsing.budget import time_budget
from symgen.proof.argmin import _ARGMIN, _argmin_claim
from symgen.proof.corrections import nearest
from symgen.proof.fallacies import _FLIP, _text, recognise
from symgen.proof.optimum import optimum_claim
from symgen.proof.steps import DEFAULT_BUDGET, DEFAULT_TIMEOUT, check_steps
from symgen.verify import evaluate
from symgen.verify.assumptions import Assumed, parse_independence, read_assumptions
from symgen.verify.link import as_expression, check_link
from symgen.verify.models import Model
from symgen.verify.verdict import ClaimVerdict, Counterexample, LinkVerdict, Status, StepsVerdict

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_TIMEOUT",
    "NAMED_CLAIMS",
    "ClaimVerdict",
    "StepsVerdict",
    "check_steps",
    "verify_claim",
]


# --------------------------------------------------------------------------- claims
NAMED_CLAIMS: dict[str, str] = {
    "cross_entropy_kl_same_minimiser": "argmin_Q H(P,Q) = argmin_Q D_KL(P||Q)",
    "cov_zero_implies_independence": "Cov(X, Y) = 0 => X ⊥ Y",
    "independence_implies_cov_zero": "X ⊥ Y => Cov(X, Y) = 0",
}
_IMPLIES = re.compile(r"\s*(?:=>|⇒|\\Rightarrow|\\implies|\bimplies\b)\s*")
_COV_ZERO = re.compile(r"^\s*Cov\(\s*([A-Z]\w{0,20})\s*,\s*([A-Z]\w{0,20})\s*\)\s*=\s*0\s*$")
_MAX_CLAIM = 2000
_NOT_EQUAL = re.compile(r"\s*(?:!=|≠|\\neq|\\ne(?![a-z]))\s*")


def verify_claim(
    claim: Any,
    *,
    assume: Sequence[Any] = (),
    assumes: Sequence[Any] = (),
    seed: int = 0,
    timeout: float | None = None,
    budget: float | None = DEFAULT_BUDGET,
    steps: bool = False,
) -> ClaimVerdict:
    """Does a claimed equality or inequality hold for every finite model?

    ``assume`` (or ``assumes``): extra assumptions, as after ``where`` in the claim
    (``"0 < p < 1"``, ``"X -> Y -> Z"``, ``"a ⊥ b | c"``). ``timeout``: seconds (for
    untrusted input: :data:`DEFAULT_TIMEOUT`, 2 s); when they run out the verdict is
    UNDECIDED with reason ``timeout`` (``holds`` is None). Without a timeout, ``budget``
    (30 s by default; None for none) raises CheckTimeout instead, so a trusted caller never
    mistakes a slow machine for an undecided claim. ``steps``: attach a derivation
    (:func:`symgen.proof.search.derive`) to a proved equality.

    >>> v = verify_claim("D_KL(P||Q) = D_KL(Q||P)")
    >>> v.holds, v.mistake
    (False, 'kl_symmetric')
    >>> verify_claim("H(X) = -p log p - (1-p) log(1-p) where X ~ Bern(p)").status.name
    'PROVED'
    """
    extra = (*assume, *assumes)
    if timeout is None:
        with time_budget(budget):
            return _verify_claim(claim, assumes=extra, seed=seed, steps=steps)
    try:
        with time_budget(timeout):
            return _verify_claim(claim, assumes=extra, seed=seed, steps=steps)
    except CheckTimeout as exc:
        return _timed_out(claim, timeout, exc)


def _verify_claim(claim: Any, *, assumes: Sequence[Any], seed: int, steps: bool) -> ClaimVerdict:
    given: Sequence[Any] = ()
    if isinstance(claim, str):
        if len(claim) > _MAX_CLAIM:
            raise ParseError(f"claim is {len(claim)} characters long (max {_MAX_CLAIM})")
        claim = NAMED_CLAIMS.get(claim.strip(), claim)
        if _IMPLIES.search(claim):
            return _implication(claim, seed=seed)
        if _ARGMIN.match(claim):
            return _argmin_claim(claim, seed=seed)
        if _NOT_EQUAL.search(claim):
            return _not_equal_text(claim, assumes=assumes, seed=seed)
        from symgen.parsing.parser import parse_claim

        parsed = parse_claim(claim)
        lhs, op, rhs, given = parsed.lhs, parsed.op, parsed.rhs, parsed.assumptions
    else:
        lhs, op, rhs = _relation(claim)
    optimum = optimum_claim(lhs, op, rhs)
    if optimum is not None:
        return optimum
    assumed = read_assumptions((*given, *assumes), (lhs, rhs))
    if assumed.substitutions:
        lhs, rhs = assumed.apply(lhs), assumed.apply(rhs)
    verdict = _judge(lhs, op, rhs, assumes=assumed.independences, seed=seed)
    if assumed.shown:
        verdict = _renamed(verdict, f"{verdict.claim} where {', '.join(assumed.shown)}")
    if steps and verdict.holds and op == "=" and verdict.status is Status.PROVED:
        verdict = _with_steps(verdict, lhs, rhs, assumed)
    return verdict


def _timed_out(claim: Any, timeout: float | None, exc: Exception) -> ClaimVerdict:
    text = claim if isinstance(claim, str) else str(claim)
    return ClaimVerdict(
        text,
        None,
        Status.UNDECIDED,
        f"timeout: {exc}",
        "timeout",
        explanation_en=f"The claim {text} was not decided within {timeout:g} s.",
        explanation_ko=f"주장 {text} 은(는) {timeout:g}초 안에 판정되지 않았습니다.",
    )


def _with_steps(
    verdict: ClaimVerdict, lhs: sp.Expr, rhs: sp.Expr, assumed: Assumed
) -> ClaimVerdict:
    """Attach a derivation found by the step search, when one is found in the time left."""
    from symgen.parsing.budget import remaining
    from symgen.proof.search import derive

    left = remaining()
    try:
        found = derive(
            lhs,
            rhs,
            timeout=min(5.0, left if left is not None else 5.0),
            assumes=tuple(str(i) for i in assumed.independences),
        )
    except (SymgenError, TypeError, ValueError):
        found = None
    return dataclasses.replace(verdict, derivation=found) if found is not None else verdict


def _relation(claim: Any) -> tuple[sp.Expr, str, sp.Expr]:
    if isinstance(claim, str):
        from symgen.parsing.parser import parse_relation

        return parse_relation(claim)
    if isinstance(claim, tuple) and len(claim) == 3:
        lhs, op, rhs = claim
        if op not in _FLIP:
            raise ParseError(f"unknown relation {op!r}")
        return as_expression(lhs), str(op), as_expression(rhs)
    if isinstance(claim, sp.Rel):
        ops = {sp.Eq: "=", sp.Ge: ">=", sp.Le: "<=", sp.Gt: ">", sp.Lt: "<", sp.Ne: "!="}
        return claim.lhs, ops[type(claim)], claim.rhs
    raise ParseError(f"cannot read a claim from {type(claim).__name__}")


def _judge(
    lhs: sp.Expr, op: str, rhs: sp.Expr, *, assumes: Sequence[Any], seed: int
) -> ClaimVerdict:
    text = _text(lhs, op, rhs)
    if op == "!=":
        return _not_equal(lhs, rhs, text, assumes=assumes, seed=seed)
    link = check_link(lhs, rhs, relation=op, assumes=assumes, seed=seed)
    if link.ok and link.status is Status.NUMERIC_ONLY and op != "=":
        return _not_proved(text, link)
    if link.ok:
        return _holds(text, link)
    return _fails(text, link, lhs, op, rhs, assumes=assumes, seed=seed)


_FULL_SUPPORT = "every model has full support: every outcome has positive probability"


def _not_proved(text: str, link: LinkVerdict) -> ClaimVerdict:
    """An inequality no model breaks but nothing proves: ``holds`` is None (undecided).

    Random models cannot refute every false bound against a constant (D_KL <= 1000 fails only
    on laws with cells below e^-1000), so numeric evidence never makes an inequality hold.
    """
    en = (
        f"The claim {text} is not proved: no counterexample on {link.trials} finite models "
        "(including large supports and near-degenerate laws), but numeric evidence does not "
        "prove an inequality, and every model has full support."
    )
    ko = (
        f"주장 {text} 은(는) 증명되지 않았습니다: 유한 모형 {link.trials}개(큰 지지집합과 거의 "
        "퇴화한 분포 포함)에서 반례가 없지만, 수치적 근거로는 부등식을 증명할 수 없고 모든 "
        "모형에서 모든 결과의 확률이 양수입니다."
    )
    return ClaimVerdict(
        text,
        None,
        Status.NUMERIC_ONLY,
        f"not proved: {link.reason}",
        "not proved",
        None,
        None,
        None,
        en,
        ko,
        link,
        ("numeric evidence only: an inequality needs a proof", _FULL_SUPPORT),
    )


def _holds(text: str, link: LinkVerdict) -> ClaimVerdict:
    """A proved claim, or an equality with numeric evidence only (holds, labelled as such).

    An equality that agrees to 50 (and, re-checked, 120+) digits on every random exact model
    of every kind and yet is false would need a difference that vanishes on all of them;
    such equalities keep ``holds=True`` with status NUMERIC_ONLY and the note "numeric
    evidence only".
    """
    symbolic = link.status is Status.PROVED
    cert = "symbolic" if symbolic else "numeric"
    how_en = (
        "proved: both sides expanded by definitions have the same normal form, and "
        f"{link.trials} random models agree"
        if symbolic
        else f"holds on {link.trials} random finite models (numeric evidence, not a proof)"
    )
    how_ko = (
        f"증명됨: 정의로 전개한 양변의 정규형이 같고, 무작위 모형 {link.trials}개에서도 일치합니다"
        if symbolic
        else f"무작위 유한 모형 {link.trials}개에서 성립합니다 (수치적 근거이며 증명은 아님)"
    )
    inequality = None
    if link.witness is not None:
        w = link.witness
        chain = f"{w.gap} = {w.quantity}"
        if w.vanishing:
            zero = " - ".join(str(v) for v in w.vanishing)
            chain = f"{w.gap} = {w.quantity} - {zero} = {w.quantity}"
            how_en, how_ko = f" (the assumption makes {zero} = 0)", f" (가정에 의해 {zero} = 0)"
        else:
            how_en = how_ko = ""
        inequality = (f"{chain} >= 0", w.name_en, w.name_ko)
        how_en = f"proved: {chain} >= 0 by {w.name_en}{how_en}"
        how_ko = f"증명됨: {chain} ≥ 0 ({w.name_ko}){how_ko}"
    return ClaimVerdict(
        text,
        True,
        link.status,
        link.reason,
        cert,
        None,
        None,
        None,
        f"The claim {text} holds: {how_en}.",
        f"주장 {text} 은(는) 성립합니다: {how_ko}.",
        link,
        () if symbolic else ("numeric evidence only", _FULL_SUPPORT),
        inequality=inequality,
    )


def _fails(
    text: str, link: LinkVerdict, lhs: sp.Expr, op: str, rhs: sp.Expr, *, assumes: Any, seed: int
) -> ClaimVerdict:
    cx = link.counterexample
    values = "" if cx is None else f" (left side {cx.lhs_value}, right side {cx.rhs_value})"
    values_ko = "" if cx is None else f" (좌변 {cx.lhs_value}, 우변 {cx.rhs_value})"
    en = f"The claim {text} is false: it fails on a finite model{values}."
    ko = f"주장 {text} 은(는) 거짓입니다: 유한 모형에서 성립하지 않습니다{values_ko}."
    correction, mistake = None, None
    known = recognise(lhs, op, rhs)
    if known is not None:
        found, (cl, cop, cr) = known
        fixed = check_link(cl, cr, relation=cop, assumes=assumes, seed=seed)
        if fixed.ok:
            correction, mistake = _text(cl, cop, cr), found.id
            en += f" {found.en} Correct: {correction}."
            ko += f" {found.ko} 올바른 식: {correction}."
    if correction is None:
        fixed_text, names = _nearest_truth(lhs, op, rhs, assumes=assumes, seed=seed)
        if fixed_text is not None:
            correction = fixed_text
            en += f" The nearest true statement is {names[0]}: {correction}."
            ko += f" 가장 가까운 참인 명제는 {names[1]}입니다: {correction}."
    return ClaimVerdict(
        text,
        False,
        Status.REFUTED,
        link.reason,
        "counterexample",
        cx,
        correction,
        mistake,
        en,
        ko,
        link,
    )


_MAX_CORRECTIONS = 3


def _nearest_truth(
    lhs: sp.Expr, op: str, rhs: sp.Expr, *, assumes: Any, seed: int
) -> tuple[str | None, tuple[str, str]]:
    """The nearest textbook identity, renamed onto the claim, once it is proved here."""
    for (cl, cop, cr), names in nearest(lhs, op, rhs)[:_MAX_CORRECTIONS]:
        try:
            fixed = check_link(cl, cr, relation=cop, assumes=assumes, seed=seed)
        except CheckTimeout:  # a correction is a courtesy: the verdict stands without it
            break
        except (SymgenError, TypeError, ValueError):
            continue
        text = _text(cl, cop, cr)
        if fixed.status is Status.PROVED and _readable(text):
            return text, names
    return None, ("", "")


def _readable(text: str) -> bool:
    """A correction is shown only in a form the parser reads back as the same claim."""
    from symgen.parsing.parser import parse_relation

    try:
        parse_relation(text)
    except ParseError:
        return False
    return True


def _not_equal_text(claim: str, *, assumes: Any, seed: int) -> ClaimVerdict:
    from symgen.parsing.parser import parse

    parts = _NOT_EQUAL.split(claim)
    if len(parts) != 2:
        raise ParseError("a '!=' claim needs exactly one '!=' between two expressions")
    lhs, rhs = parse(parts[0]), parse(parts[1])
    return _not_equal(lhs, rhs, _text(lhs, "!=", rhs), assumes=assumes, seed=seed)


def _not_equal(lhs: sp.Expr, rhs: sp.Expr, text: str, *, assumes: Any, seed: int) -> ClaimVerdict:
    """``a != b`` ("not equal in general") holds when some model separates the sides."""
    link = check_link(lhs, rhs, assumes=assumes, seed=seed)
    if link.ok:
        return ClaimVerdict(
            text,
            False,
            Status.REFUTED,
            "the sides are equal on every model checked",
            "",
            None,
            None,
            None,
            f"The claim {text} is false: the two sides are equal ({link.status.name}).",
            f"주장 {text} 은(는) 거짓입니다: 양변이 같습니다 ({link.status.name}).",
            link,
        )
    cx = link.counterexample
    return ClaimVerdict(
        text,
        True,
        Status.PROVED,
        "a finite model where the sides differ",
        "witness",
        cx,
        None,
        None,
        f"The claim {text} holds: the sides differ on the model shown.",
        f"주장 {text} 은(는) 성립합니다: 제시한 모형에서 양변이 다릅니다.",
        link,
    )


# --------------------------------------------------------------------------- implications
def _implication(claim: str, *, seed: int) -> ClaimVerdict:
    premise, conclusion = _IMPLIES.split(claim, maxsplit=1)
    indep = parse_independence(premise)
    if indep is not None:
        lhs, op, rhs = _relation(conclusion)
        verdict = _judge(lhs, op, rhs, assumes=[indep], seed=seed)
        return _renamed(verdict, f"{indep} => {verdict.claim}")
    cov = _COV_ZERO.match(premise)
    target = parse_independence(conclusion)
    if cov and target is not None and not target.given:
        return _cov_zero_witness(sp.Symbol(cov.group(1)), sp.Symbol(cov.group(2)), claim)
    raise ParseError(
        "implications are supported as 'A ⊥ B | C => claim' and 'Cov(X, Y) = 0 => X ⊥ Y'"
    )


def _renamed(verdict: ClaimVerdict, text: str) -> ClaimVerdict:
    return dataclasses.replace(
        verdict,
        claim=text,
        explanation_en=verdict.explanation_en.replace(verdict.claim, text),
        explanation_ko=verdict.explanation_ko.replace(verdict.claim, text),
    )


def _cov_zero_witness(x: sp.Symbol, y: sp.Symbol, text: str) -> ClaimVerdict:
    """X uniform on {-1, 0, 1} and Y = X^2: Cov(X, Y) = 0, yet Y is a function of X."""
    third = Fraction(1, 3)
    table: dict[tuple[int, ...], Fraction] = {
        (0, 0): Fraction(0),
        (0, 1): third,
        (1, 0): third,
        (1, 1): Fraction(0),
        (2, 0): Fraction(0),
        (2, 1): third,
    }
    model = Model(
        (x, y),
        (3, 2),
        {x: tuple(map(Fraction, (-1, 0, 1))), y: (Fraction(0), Fraction(1))},
        {DEFAULT_DIST: table},
        {x: 1, y: 0},
        {},
    )
    xs, ys = sp.Symbol(x.name.lower()), sp.Symbol(y.name.lower())
    cov = evaluate(Cov(x, y), model)
    joint, product = evaluate(P(xs, ys), model), evaluate(P(xs) * P(ys), model)
    assert cov == 0 and joint != product  # the witness is checked, not trusted
    cx = Counterexample(model, sp.Rational(1, 3), sp.Rational(1, 9), "1/3", "1/9")
    en = (
        f"The claim {text} is false: with {x} uniform on {{-1, 0, 1}} and {y} = {x}^2, "
        f"Cov({x}, {y}) = 0 but P({x}=0, {y}=0) = 1/3 while P({x}=0) P({y}=0) = 1/9. "
        "Zero covariance rules out only a linear relation; independence implies Cov = 0, "
        "not the converse."
    )
    ko = (
        f"주장 {text} 은(는) 거짓입니다: {x}가 {{-1, 0, 1}}에서 균등하고 {y} = {x}^2 이면 "
        f"Cov({x}, {y}) = 0 이지만 P({x}=0, {y}=0) = 1/3, P({x}=0) P({y}=0) = 1/9 입니다. "
        "공분산 0은 선형 관계가 없다는 뜻일 뿐이며, 독립이면 공분산이 0이지만 역은 "
        "성립하지 않습니다."
    )
    return ClaimVerdict(
        text,
        False,
        Status.REFUTED,
        "covariance 0 on a dependent model",
        "counterexample",
        cx,
        f"{x} ⊥ {y} => Cov({x}, {y}) = 0",
        "cov_zero_implies_independence",
        en,
        ko,
    )
