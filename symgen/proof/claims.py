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

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from symgen.errors import ParseError
from symgen.notation.symbols import (
    DEFAULT_DIST,
    JSD,
    Cov,
    CrossEntropy,
    D,
    Entropy,
    H,
    Hx,
    I,
    JSDivergence,
    KLDivergence,
    Notation,
    P,
    Prob,
    is_distribution,
    is_outcome,
    is_random_variable,
)
from symgen.verify.link import (
    Counterexample,
    LinkVerdict,
    Status,
    as_expression,
    check_link,
    expand_measures,
    normal_form,
    time_budget,
)
from symgen.verify.models import (
    KINDS,
    Model,
    ModelError,
    evaluate,
    model_variables,
    parse_independence,
    random_model,
    scan,
    with_law,
)

__all__ = [
    "NAMED_CLAIMS",
    "ClaimVerdict",
    "StepsVerdict",
    "check_steps",
    "verify_claim",
]

DEFAULT_BUDGET = 30.0  # seconds per verify_claim / check_steps call
_FLIP = {"=": "=", "!=": "!=", ">=": "<=", "<=": ">=", ">": "<", "<": ">"}
_MAX_STEPS = 50


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class ClaimVerdict:
    """Whether a claim holds, how we know, and what is wrong with it if it does not."""

    claim: str
    holds: bool | None  # None: an inequality with numeric evidence only (not proved)
    status: Status
    reason: str
    certificate: str = ""  # "symbolic" (normal forms agree, numerics agree) or "numeric"
    counterexample: Counterexample | None = None
    correction: str | None = None
    mistake: str | None = None  # id of a recognised mistake
    explanation_en: str = ""
    explanation_ko: str = ""
    link: LinkVerdict | None = None
    notes: tuple[str, ...] = ()

    def _repr_latex_(self) -> str:
        """Jupyter: the claim, the verdict and the correction (all text escaped)."""
        from symgen.notation.tex import escape_latex

        word = "holds" if self.holds else ("not proved" if self.holds is None else "does not hold")
        lines = [rf"\texttt{{{escape_latex(self.claim)}}}\ \textbf{{{word}}}"]
        lines.append(rf"\texttt{{{escape_latex(self.reason)}}}")
        if self.correction:
            lines.append(rf"\text{{correct: }}\texttt{{{escape_latex(self.correction)}}}")
        return r"$\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"

    def __bool__(self) -> bool:
        return self.holds is True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``holds`` is null for an inequality that is not proved)."""
        cx = self.counterexample
        return {
            "claim": self.claim,
            "holds": self.holds,
            "status": self.status.name,
            "certificate": self.certificate,
            "reason": self.reason,
            "notes": list(self.notes),
            "counterexample": None if cx is None else cx.to_dict(),
            "correction": self.correction,
            "mistake": self.mistake,
            "explanation_en": self.explanation_en,
            "explanation_ko": self.explanation_ko,
        }


@dataclass(frozen=True)
class StepsVerdict:
    """Verdicts for every link of a chain; ``first_wrong`` is the index of the bad step."""

    steps: tuple[str, ...]
    verdicts: tuple[LinkVerdict, ...]
    first_wrong: int | None
    hint: str | None = None
    hint_ko: str | None = None
    relations: tuple[str, ...] = field(default=())
    unproved: tuple[int, ...] = ()  # inequality steps with numeric evidence only

    @property
    def ok(self) -> bool:
        """True when no link is refuted and every inequality link is proved."""
        return self.first_wrong is None and not self.unproved

    @property
    def counterexample(self) -> Counterexample | None:
        """Counterexample of the first wrong link."""
        if self.first_wrong is None:
            return None
        return self.verdicts[self.first_wrong - 1].counterexample

    def _repr_latex_(self) -> str:
        """Jupyter: each step with the verdict of the link that reaches it."""
        from symgen.notation.tex import escape_latex

        lines = [rf"\texttt{{{escape_latex(self.steps[0])}}}"]
        for step, verdict in zip(self.steps[1:], self.verdicts, strict=False):
            status = escape_latex(verdict.status.name.lower())
            lines.append(rf"= \texttt{{{escape_latex(step)}}}\ \text{{[{status}]}}")
        return "$\\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        cx = self.counterexample
        return {
            "ok": self.ok,
            "first_wrong": self.first_wrong,
            "unproved": list(self.unproved),
            "steps": list(self.steps),
            "relations": list(self.relations),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "counterexample": None if cx is None else cx.to_dict(),
            "hint": self.hint,
            "hint_ko": self.hint_ko,
        }


# --------------------------------------------------------------------------- known mistakes
_Pd, _Qd = sp.symbols("P Q")
_X, _Y = sp.symbols("X Y")
_a, _b = sp.symbols("a b")


@dataclass(frozen=True)
class Mistake:
    """A common false statement, its correction, and the explanation in two languages."""

    id: str
    wrong: tuple[sp.Expr, str, sp.Expr]
    right: tuple[sp.Expr, str, sp.Expr]
    en: str
    ko: str


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "cross_entropy_is_kl",
        (Hx(_Pd, _Qd), "=", D(_Pd, _Qd)),
        (Hx(_Pd, _Qd), "=", H(_Pd) + D(_Pd, _Qd)),
        "Cross-entropy and KL divergence differ by the entropy H(P); what is true is that, "
        "since H(P) does not depend on Q, both have the same minimiser over Q.",
        "교차 엔트로피와 KL 발산은 엔트로피 H(P)만큼 다릅니다. H(P)는 Q와 무관하므로 "
        "Q에 대한 최소화 해가 같다는 것이 올바른 명제입니다.",
    ),
    Mistake(
        "kl_is_cross_entropy",
        (D(_Pd, _Qd), "=", Hx(_Pd, _Qd)),
        (D(_Pd, _Qd), "=", Hx(_Pd, _Qd) - H(_Pd)),
        "KL divergence is cross-entropy minus the entropy H(P).",
        "KL 발산은 교차 엔트로피에서 엔트로피 H(P)를 뺀 값입니다.",
    ),
    Mistake(
        "kl_symmetric",
        (D(_Pd, _Qd), "=", D(_Qd, _Pd)),
        (JSD(_Pd, _Qd), "=", JSD(_Qd, _Pd)),
        "KL divergence is not symmetric: D_KL(P || Q) and D_KL(Q || P) differ in general. "
        "The Jensen-Shannon divergence is the symmetric version.",
        "KL 발산은 대칭이 아닙니다: 일반적으로 D_KL(P || Q) ≠ D_KL(Q || P). "
        "대칭인 것은 젠슨-섀넌 발산(JSD)입니다.",
    ),
    Mistake(
        "joint_entropy_additive",
        (H(_X, _Y), "=", H(_X) + H(_Y)),
        (H(_X, _Y), "=", H(_X) + H(_Y, given=_X)),
        "Joint entropy adds only for independent variables; in general "
        "H(X, Y) = H(X) + H(Y | X) <= H(X) + H(Y).",
        "결합 엔트로피는 독립일 때만 더해집니다. 일반적으로 "
        "H(X, Y) = H(X) + H(Y | X) ≤ H(X) + H(Y)입니다.",
    ),
    Mistake(
        "conditional_swapped",
        (P(_a, given=_b), "=", P(_b, given=_a)),
        (P(_a, given=_b), "=", P(_b, given=_a) * P(_a) / P(_b)),
        "Conditioning cannot be swapped: Bayes' rule gives P(a | b) = P(b | a) P(a) / P(b).",
        "조건부 확률의 조건은 바꿀 수 없습니다. 베이즈 정리: P(a | b) = P(b | a) P(a) / P(b).",
    ),
    Mistake(
        "independence_assumed",
        (P(_a, _b), "=", P(_a) * P(_b)),
        (P(_a, _b), "=", P(_a, given=_b) * P(_b)),
        "A joint probability factorises into marginals only for independent variables; "
        "the product rule is P(a, b) = P(a | b) P(b).",
        "결합 확률은 독립일 때만 주변 확률의 곱이 됩니다. 곱셈 법칙: P(a, b) = P(a | b) P(b).",
    ),
    Mistake(
        "conditioning_increases_entropy",
        (H(_X, given=_Y), ">=", H(_X)),
        (H(_X, given=_Y), "<=", H(_X)),
        "Conditioning reduces entropy on average: H(X | Y) <= H(X), since "
        "H(X) - H(X | Y) = I(X; Y) >= 0.",
        "조건화는 평균적으로 엔트로피를 줄입니다: H(X) - H(X | Y) = I(X; Y) ≥ 0 이므로 "
        "H(X | Y) ≤ H(X)입니다.",
    ),
    Mistake(
        "mutual_information_sign",
        (I(_X, _Y), "=", H(_X) + H(_X, given=_Y)),
        (I(_X, _Y), "=", H(_X) - H(_X, given=_Y)),
        "Mutual information is the reduction of entropy: I(X; Y) = H(X) - H(X | Y).",
        "상호 정보량은 엔트로피의 감소량입니다: I(X; Y) = H(X) - H(X | Y).",
    ),
)


def _kinds(expr: sp.Basic) -> dict[str, list[sp.Symbol]]:
    syms = set(expr.atoms(sp.Symbol))
    for node in sp.preorder_traversal(expr):
        if isinstance(node, Notation):
            syms |= set(node.atoms(sp.Symbol))
    kinds: dict[str, list[sp.Symbol]] = {"law": [], "rv": [], "outcome": []}
    for s in sorted(syms, key=str):
        if is_distribution(s):
            kinds["law"].append(s)
        elif is_random_variable(s):
            kinds["rv"].append(s)
        elif is_outcome(s):
            kinds["outcome"].append(s)
    return kinds


def _renamings(template: sp.Basic, target: sp.Basic) -> Iterable[dict]:
    mine, theirs = _kinds(template), _kinds(target)
    choices = []
    for kind in ("law", "rv", "outcome"):
        src, dst = mine[kind], theirs[kind]
        if (
            kind == "law"
            and DEFAULT_DIST in src
            and DEFAULT_DIST not in dst
            and len(dst) < len(src)
        ):
            dst = [*dst, DEFAULT_DIST]
        if len(dst) < len(src):
            return
        choices.append(
            [dict(zip(src, perm, strict=True)) for perm in itertools.permutations(dst, len(src))]
        )
    for parts in itertools.product(*choices):
        yield {k: v for part in parts for k, v in part.items()}


def _same(a: tuple, b: tuple) -> bool:
    return (a[0] == b[0] and a[1] == b[1] and a[2] == b[2]) or (
        a[0] == b[2] and _FLIP[a[1]] == b[1] and a[2] == b[0]
    )


def recognise(lhs: sp.Expr, op: str, rhs: sp.Expr) -> tuple[Mistake, tuple] | None:
    """The known mistake a claim is an instance of, with the renamed correction."""
    claim = (lhs, op, rhs)
    target = sp.Tuple(lhs, rhs)
    for mistake in MISTAKES:
        wl, wop, wr = mistake.wrong
        for ren in _renamings(sp.Tuple(wl, wr), target):
            wrong = (wl.xreplace(ren), wop, wr.xreplace(ren))
            if _same(wrong, claim):
                rl, rop, rr = mistake.right
                return mistake, (rl.xreplace(ren), rop, rr.xreplace(ren))
    return None


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
    assumes: Sequence[Any] = (),
    seed: int = 0,
    budget: float | None = DEFAULT_BUDGET,
) -> ClaimVerdict:
    """Does a claimed equality or inequality hold for every finite model?

    ``budget``: seconds before CheckTimeout is raised (checked between models and symbolic
    attempts); None for no limit.

    >>> v = verify_claim("D_KL(P||Q) = D_KL(Q||P)")
    >>> v.holds, v.mistake
    (False, 'kl_symmetric')
    """
    with time_budget(budget):
        return _verify_claim(claim, assumes=assumes, seed=seed)


def _verify_claim(claim: Any, *, assumes: Sequence[Any], seed: int) -> ClaimVerdict:
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
    lhs, op, rhs = _relation(claim)
    return _judge(lhs, op, rhs, assumes=assumes, seed=seed)


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


def _text(lhs: sp.Expr, op: str, rhs: sp.Expr) -> str:
    return f"{lhs} {op} {rhs}"


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
    return ClaimVerdict(
        text,
        verdict.holds,
        verdict.status,
        verdict.reason,
        verdict.certificate,
        verdict.counterexample,
        verdict.correction,
        verdict.mistake,
        verdict.explanation_en.replace(verdict.claim, text),
        verdict.explanation_ko.replace(verdict.claim, text),
        verdict.link,
        verdict.notes,
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


# --------------------------------------------------------------------------- step chains
_LEAD = re.compile(r"^\s*(>=|<=|≥|≤|=|>|<|\\geq|\\leq|\\ge|\\le)\s*")
_LEAD_OPS = {"≥": ">=", "≤": "<=", "\\geq": ">=", "\\ge": ">=", "\\leq": "<=", "\\le": "<="}


def _step(item: Any) -> tuple[str, sp.Expr]:
    """Relation to the previous step (a leading ``=``, ``>=`` ... in text) and the expression."""
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1]
    if not isinstance(item, str):
        return "=", item
    match = _LEAD.match(item)
    op = "=" if match is None else _LEAD_OPS.get(match.group(1), match.group(1))
    from symgen.parsing.parser import parse

    return op, parse(item[match.end() :] if match else item)


def check_steps(
    steps: Sequence[Any],
    *,
    assumes: Sequence[Any] = (),
    seed: int = 0,
    budget: float | None = DEFAULT_BUDGET,
) -> StepsVerdict:
    """Check a chain ``s0 = s1 = s2 ...`` (a step may start with ``>=``/``<=`` instead).

    ``first_wrong`` is the first refuted step; ``unproved`` lists inequality steps that no
    model breaks but nothing proves (``ok`` is False for them too). ``budget``: seconds for
    the whole chain (CheckTimeout after), None for no limit.

    >>> check_steps(["P(a,b)", "P(a|b) P(b)", "P(b|a) P(a)"]).ok
    True
    """
    if len(steps) > _MAX_STEPS:
        raise ParseError(f"{len(steps)} steps (max {_MAX_STEPS})")
    if len(steps) < 2:
        raise ParseError("a chain needs at least two steps")
    with time_budget(budget):
        return _check_steps(steps, assumes=assumes, seed=seed)


def _check_steps(steps: Sequence[Any], *, assumes: Sequence[Any], seed: int) -> StepsVerdict:
    parsed = [_step(s) for s in steps]
    exprs = [e for _, e in parsed]
    ops = tuple(op for op, _ in parsed[1:])
    verdicts = tuple(
        check_link(a, b, relation=op, assumes=assumes, seed=seed)
        for (a, b), op in zip(itertools.pairwise(exprs), ops, strict=True)
    )
    first = next((i + 1 for i, v in enumerate(verdicts) if not v.ok), None)
    hint = hint_ko = None
    if first is not None:
        hint, hint_ko = near_miss(exprs[first - 1], exprs[first], ops[first - 1], assumes=assumes)
    texts = tuple(s if isinstance(s, str) else str(s) for s in steps)
    unproved = tuple(
        i + 1
        for i, (v, op) in enumerate(zip(verdicts, ops, strict=True))
        if op != "=" and v.status is Status.NUMERIC_ONLY
    )
    return StepsVerdict(texts, verdicts, first, hint, hint_ko, ops, unproved)


# --------------------------------------------------------------------------- near misses
def _swap_conditions(expr: sp.Expr) -> sp.Expr:
    return expr.replace(
        lambda e: isinstance(e, Prob) and bool(e.given),
        lambda e: Prob(e.dist, e.given, e.variables),
    )


def _swap_laws(expr: sp.Expr) -> sp.Expr:
    return expr.replace(
        lambda e: isinstance(e, (KLDivergence, JSDivergence, CrossEntropy)),
        lambda e: e.func(e.q, e.p),
    )


def _independence_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """P(u) P(v) -> P(u | v) P(v): undo an independence that was assumed."""
    out = []
    for mul in after.atoms(sp.Mul):
        singles = [t for t in mul.args if isinstance(t, Prob) and not t.given]
        for u, v in itertools.permutations(singles, 2):
            if u.dist == v.dist:
                fixed = Prob(u.dist, u.variables, v.variables) * v
                out.append(after.xreplace({mul: mul / (u * v) * fixed}))
    return out


def _new_first(before: sp.Expr, terms: Iterable[sp.Basic]) -> list[sp.Basic]:
    """Terms the step introduced come first: they are the likelier culprits."""
    old = before.atoms(*{type(t) for t in terms}) if terms else set()
    return sorted(terms, key=lambda t: (t in old, str(t)))


def _entropy_condition_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """H(Y) -> H(Y | X): put back one dropped condition."""
    rvs = sorted(scan([before, after]).rvs, key=str)
    out = []
    for term in _new_first(before, after.atoms(Entropy)):
        if term.variables and not term.given:
            for rv in rvs:
                if rv not in term.variables:
                    fixed = Entropy(term.variables, sp.Tuple(rv), term.dist)
                    out.append(after.xreplace({term: fixed}))
    return out


def _prob_condition_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """P(u) -> P(u | v): put back one dropped condition."""
    outcomes = sorted({s for t in before.atoms(Prob) for s in t.variables + t.given}, key=str)
    out = []
    for term in _new_first(before, after.atoms(Prob)):
        for s in outcomes:
            if not term.given and s not in term.variables:
                out.append(after.xreplace({term: Prob(term.dist, term.variables, sp.Tuple(s))}))
    return out


def _normalisation_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """after / P(b) and after * P(b) for every conditioning set b in sight."""
    givens = {(t.dist, t.given) for side in (before, after) for t in side.atoms(Prob) if t.given}
    out = []
    for dist, given in sorted(givens, key=str):
        marginal = Prob(dist, given, sp.Tuple())
        out += [after / marginal, after * marginal]
    return out


_REPAIRS = (
    (
        lambda before, after: [_swap_conditions(after)],
        "the conditioning looks swapped (P(a | b) is not P(b | a))",
        "조건이 뒤바뀐 것 같습니다 (P(a | b)와 P(b | a)는 다릅니다)",
    ),
    (
        lambda before, after: [_swap_laws(after)],
        "the arguments of D_KL or H(P, Q) look swapped (neither is symmetric)",
        "D_KL 또는 H(P, Q)의 인자가 뒤바뀐 것 같습니다 (둘 다 대칭이 아닙니다)",
    ),
    (lambda before, after: [-after], "a sign looks lost", "부호가 빠진 것 같습니다"),
    (
        _independence_repairs,
        "independence looks assumed without being given",
        "주어지지 않은 독립성을 가정한 것 같습니다",
    ),
    (
        _entropy_condition_repairs,
        "a condition looks dropped (H(Y | X) is H(Y) only for independent X, Y)",
        "조건이 빠진 것 같습니다 (H(Y | X)는 X, Y가 독립일 때만 H(Y)와 같습니다)",
    ),
    (
        _prob_condition_repairs,
        "a condition looks dropped (P(u | v) is P(u) only when u and v are independent)",
        "조건이 빠진 것 같습니다 (P(u | v)는 u, v가 독립일 때만 P(u)와 같습니다)",
    ),
    (
        _normalisation_repairs,
        "a normalisation (division by a marginal probability) looks missing",
        "정규화(주변 확률로 나누기)가 빠진 것 같습니다",
    ),
)


def near_miss(
    before: sp.Expr, after: sp.Expr, op: str = "=", *, assumes: Sequence[Any] = ()
) -> tuple[str | None, str | None]:
    """A likely intended step: a known mistake, or a repair of ``after`` that makes it true.

    A repair is named only when the repaired link passes the full check.
    """
    known = recognise(before, op, after)
    if known is not None:
        mistake, (cl, cop, cr) = known
        return (
            f"{mistake.en} Correct: {_text(cl, cop, cr)}.",
            f"{mistake.ko} 올바른 식: {_text(cl, cop, cr)}.",
        )
    for repairs, en, ko in _REPAIRS:
        for fixed in repairs(before, after):
            if fixed == after:
                continue
            repaired = check_link(before, fixed, relation=op, assumes=assumes)
            # an inequality repair must be proved: numeric evidence does not make it hold
            if repaired.ok and (op == "=" or repaired.status is Status.PROVED):
                return (
                    f"{en}: {before} {op} {fixed} would hold.",
                    f"{ko}: {before} {op} {fixed} 은(는) 성립합니다.",
                )
    if _dropped_sum(before, after):
        return ("a sum over outcomes looks dropped", "결과값에 대한 합이 빠진 것 같습니다")
    return None, None


def _dropped_sum(before: sp.Expr, after: sp.Expr) -> bool:
    from symgen.notation.symbols import OutcomeSum

    return before.has(OutcomeSum) and not after.has(OutcomeSum)


# --------------------------------------------------------------------------- same minimiser
_ARGMIN_WORD = r"(?:argmin|\\arg\s*\\min|\\operatorname\*?\{arg\s*min\})"
_ARGMIN = re.compile(
    rf"^\s*{_ARGMIN_WORD}_\{{?([A-Za-z]\w{{0,20}})\}}?\s*(.+?)\s*="
    rf"\s*{_ARGMIN_WORD}_\{{?([A-Za-z]\w{{0,20}})\}}?\s*(.+)$"
)
_GRID = 48
_GOLDEN_STEPS = 64


def _argmin_claim(claim: str, *, seed: int) -> ClaimVerdict:
    """``argmin_Q f = argmin_Q g``: proved when f - g does not depend on Q at all."""
    from symgen.parsing.parser import parse

    match = _ARGMIN.match(claim)
    assert match is not None
    law, other = sp.Symbol(match.group(1)), sp.Symbol(match.group(3))
    if law != other or not is_distribution(law):
        raise ParseError("argmin claims compare two objectives over the same distribution")
    f, g = parse(match.group(2)), parse(match.group(4))
    text = f"argmin_{law} {f} = argmin_{law} {g}"
    if _free_of_law(f - g, law, seed=seed) and _symbolically_free(f - g, law):
        return _minimiser_verdict(text, law, f - g)
    # numerically free of the law but not provably so (a 1e-40 H(Q) term): search instead
    return _grid_minimisers(f, g, law, text, seed=seed)


def _symbolically_free(diff: sp.Expr, law: sp.Symbol) -> bool:
    """The normal form of ``diff`` names no probability of ``law``."""
    form = normal_form(expand_measures(diff, rvs=model_variables([diff])))
    return not any(p.dist == law for p in form.atoms(Prob))


def _free_of_law(diff: sp.Expr, law: sp.Symbol, *, seed: int) -> bool:
    """f - g takes the same value when only ``law`` changes (numerically, on 12 models)."""
    for i in range(12):
        model = random_model([diff], seed=seed * 7919 + i, kind=KINDS[i % len(KINDS)])
        if law not in model.laws:
            return False
        moved = with_law(model, law, seed * 7919 + i + 10**6)
        if abs(evaluate(diff, model) - evaluate(diff, moved)) > 1e-30:
            return False
    return True


def _minimiser_verdict(text: str, law: sp.Symbol, diff: sp.Expr) -> ClaimVerdict:
    """PROVED: ``diff`` is free of ``law`` in normal form (and on 12 models)."""
    how = "symbolically"
    en = (
        f"The claim {text} holds: the objectives differ by {diff}, which does not depend on "
        f"{law} ({how}), so every minimiser of one minimises the other."
    )
    ko = (
        f"주장 {text} 은(는) 성립합니다: 두 목적 함수의 차 {diff} 는 {law}에 의존하지 않으므로 "
        "한쪽의 최소화 해는 다른 쪽의 최소화 해이기도 합니다."
    )
    return ClaimVerdict(
        text,
        True,
        Status.PROVED,
        f"f - g is free of {law} ({how})",
        "symbolic",
        None,
        None,
        None,
        en,
        ko,
    )


def _grid_minimisers(
    f: sp.Expr, g: sp.Expr, law: sp.Symbol, text: str, *, seed: int
) -> ClaimVerdict:
    """On two-outcome models, minimise both objectives (grid, then golden section); compare.

    No model separating the minimisers is evidence only: ``holds`` is None (not proved).
    """
    for i in range(8):
        model = random_model([f, g], seed=seed * 7919 + i, kind="small")
        if len(model.variables) != 1 or law not in model.laws:
            raise ModelError(f"cannot decide {text}: the objectives do not differ by a constant")
        found = _grid_argmins(f, g, law, model)
        if abs(found[0] - found[1]) > 1:
            return _different_minimisers(text, law, model, found)
        refined = _refined_argmins(f, g, law, model, found)
        if refined is not None:
            return _different_minimisers(text, law, model, found, refined)
    en = (
        f"The claim {text} is not proved: on 8 random two-outcome models both objectives are "
        f"smallest at the same {law} (grid of step 1/{_GRID}, refined to 1e-12); this is "
        "evidence, not a proof."
    )
    ko = (
        f"주장 {text} 은(는) 증명되지 않았습니다: 무작위 모형 8개에서 두 목적 함수가 같은 "
        f"{law}에서 최소입니다 (격자 간격 1/{_GRID}, 1e-12까지 정밀화). 증명은 아닙니다."
    )
    return ClaimVerdict(
        text,
        None,
        Status.NUMERIC_ONLY,
        "not proved: the same minimiser on 8 models",
        "not proved",
        None,
        None,
        None,
        en,
        ko,
        None,
        ("numeric evidence only",),
    )


def _objective_at(obj: sp.Expr, law: sp.Symbol, model: Model, q: Any) -> Any:
    """``obj`` when ``law`` puts mass ``q`` (an mpmath number in (0, 1)) on the first outcome."""
    exact = Fraction(str(mpmath.nstr(q, 40)))
    return evaluate(obj, with_law(model, law, {(0,): exact, (1,): 1 - exact}))


def _golden(obj: sp.Expr, law: sp.Symbol, model: Model, k: int) -> Any:
    """Minimiser of ``obj`` near the grid point k/_GRID, by golden-section search."""
    with mpmath.workdps(60):
        lo = max(mpmath.mpf(k - 1) / _GRID, mpmath.mpf(10) ** -9)
        hi = min(mpmath.mpf(k + 1) / _GRID, 1 - mpmath.mpf(10) ** -9)
        ratio = (mpmath.sqrt(5) - 1) / 2
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        fa, fb = _objective_at(obj, law, model, a), _objective_at(obj, law, model, b)
        for _ in range(_GOLDEN_STEPS):
            if fa <= fb:
                hi, b, fb = b, a, fa
                a = hi - ratio * (hi - lo)
                fa = _objective_at(obj, law, model, a)
            else:
                lo, a, fa = a, b, fb
                b = lo + ratio * (hi - lo)
                fb = _objective_at(obj, law, model, b)
        return (lo + hi) / 2


def _refined_argmins(
    f: sp.Expr, g: sp.Expr, law: sp.Symbol, model: Model, found: tuple[int, int]
) -> tuple[Any, Any] | None:
    """The refined minimisers when one is clearly not a minimiser of the other objective."""
    qf, qg = _golden(f, law, model, found[0]), _golden(g, law, model, found[1])
    with mpmath.workdps(60):
        values = [_objective_at(obj, law, model, q) for obj in (f, g) for q in (qf, qg)]
        f_qf, f_qg, g_qf, g_qg = values
        tol = mpmath.mpf(10) ** -12
        if f_qg - f_qf > tol * (1 + abs(f_qf)) or g_qf - g_qg > tol * (1 + abs(g_qg)):
            return qf, qg
    return None


def _grid_argmins(f: sp.Expr, g: sp.Expr, law: sp.Symbol, model: Model) -> tuple[int, int]:
    values_f, values_g = [], []
    for k in range(1, _GRID):
        table: dict[tuple[int, ...], Fraction] = {
            (0,): Fraction(k, _GRID),
            (1,): Fraction(_GRID - k, _GRID),
        }
        moved = with_law(model, law, table)
        values_f.append(evaluate(f, moved))
        values_g.append(evaluate(g, moved))
    return (values_f.index(min(values_f)) + 1, values_g.index(min(values_g)) + 1)


def _different_minimisers(
    text: str,
    law: sp.Symbol,
    model: Model,
    found: tuple[int, int],
    refined: tuple[Any, Any] | None = None,
) -> ClaimVerdict:
    rv = model.variables[0]
    if refined is None:
        first, second = (sp.Rational(k, _GRID) for k in found)
        how, how_ko = f"grid of step 1/{_GRID}", f"격자 간격 1/{_GRID}"
    else:
        first, second = (sp.Float(mpmath.nstr(q, 15), 15) for q in refined)
        how, how_ko = "golden-section search", "황금분할 탐색"
    shown = f"{law}({rv}={model.values[rv][0]})"
    cx = Counterexample(model, first, second, str(first), str(second))
    en = (
        f"The claim {text} is false: on the model shown the left objective is smallest at "
        f"{shown} = {first} and the right one at {shown} = {second} ({how})."
    )
    ko = (
        f"주장 {text} 은(는) 거짓입니다: 제시한 모형에서 왼쪽 목적 함수는 {shown} = {first} 에서, "
        f"오른쪽은 {shown} = {second} 에서 최소입니다 ({how_ko})."
    )
    return ClaimVerdict(
        text,
        False,
        Status.REFUTED,
        f"different minimisers ({how})",
        "counterexample",
        cx,
        None,
        None,
        en,
        ko,
    )
