"""Mistaken variants of an expected answer, and the feedback text of every answer note.

A wrong answer is compared against the variants a student is likely to produce (the
catalogue's own mistakes first, then generic ones computed here: sign lost, reciprocal,
``1 - p``, bits instead of nats, ``log10`` instead of ``ln``); the first match names the
mistake. Each note (the stable ``reason`` id of a verdict, like a STACK answer note) has an
English and a Korean text.

>>> import sympy as sp
>>> p = sp.Symbol("p", positive=True)
>>> [m.reason for m in generic_mistakes(-p * sp.log(p), unit="nats")][:2]
['entropy_sign_lost', 'wrong_log_base_bits_vs_nats']
>>> feedback("equivalent")[0]
'Correct.'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

# reason id -> (English, Korean); {placeholders} are filled by feedback().
TEXTS: dict[str, tuple[str, str]] = {
    "equivalent": ("Correct.", "정답입니다."),
    "exact": ("Correct (exact value).", "정답입니다 (정확한 값)."),
    "numeric_within_tolerance": (
        "Correct within the allowed tolerance.",
        "허용 오차 안에서 정답입니다.",
    ),
    "equivalent_other_unit": (
        "Correct, in {unit}: the problem does not fix the unit, but say which one you used.",
        "정답입니다 ({unit_ko} 단위). 문제에서 단위를 정하지 않았으니 어떤 단위인지 밝혀 주세요.",
    ),
    "unit_unclear": (
        "Unit? Your answer is the expected value converted by a factor ln 2, but the unit of "
        "the expected value cannot be told here: give the value in the unit the problem uses.",
        "단위? 답이 기댓값에 ln 2를 곱하거나 나눈 값인데, 기댓값의 단위를 알 수 없습니다. "
        "문제에서 쓰는 단위로 답하세요.",
    ),
    "wrong_log_base_bits_vs_nats": (
        "Your answer is in {unit}, but the problem asks for {wanted}: "
        "1 bit = ln 2 nats, so convert with the factor ln 2.",
        "답이 {unit_ko} 단위입니다. 문제는 {wanted_ko} 단위를 묻습니다: 1비트 = ln 2 내트이므로 "
        "ln 2를 곱하거나 나누어 바꾸세요.",
    ),
    "log10_used": (
        "You used log base 10; information is measured with ln (nats) or log2 (bits).",
        "상용로그(log10)를 썼습니다. 정보량은 ln(내트)이나 log2(비트)로 잽니다.",
    ),
    "entropy_sign_lost": (
        "The sign is wrong: entropy is -Σ p log p, which is never negative.",
        "부호가 틀렸습니다: 엔트로피는 -Σ p log p 이고 음수가 될 수 없습니다.",
    ),
    "sign_flipped": ("The sign is wrong.", "부호가 틀렸습니다."),
    "reciprocal": (
        "You gave the reciprocal of the answer (numerator and denominator swapped).",
        "답의 역수를 썼습니다 (분자와 분모가 바뀌었습니다).",
    ),
    "complement": (
        "You gave 1 minus the answer: check which event the question asks about.",
        "1에서 답을 뺀 값(여사건)을 썼습니다. 문제가 묻는 사건을 다시 확인하세요.",
    ),
    "constant_factor": (
        "Off by a constant factor ({factor}): check normalisation and constants.",
        "상수배({factor})만큼 틀렸습니다. 정규화와 상수를 확인하세요.",
    ),
    "kl_arguments_swapped": (
        "The KL arguments are swapped: D_KL(P‖Q) = Σ P log(P/Q) is not symmetric.",
        "KL 발산의 인자가 바뀌었습니다: D_KL(P‖Q) = Σ P log(P/Q) 는 대칭이 아닙니다.",
    ),
    "conditional_reversed": (
        "You computed P(b|a) where P(a|b) was asked: use Bayes' rule, P(a|b) = P(b|a)P(a)/P(b).",
        "P(a|b) 대신 P(b|a)를 구했습니다. 베이즈 규칙 P(a|b) = P(b|a)P(a)/P(b)를 쓰세요.",
    ),
    "not_normalised": (
        "The result is not normalised: divide by the total probability.",
        "정규화하지 않았습니다. 전체 확률로 나누세요.",
    ),
    "forgot_marginalise": (
        "You forgot to sum over the other variable (marginalise).",
        "다른 변수에 대해 더하는 것(주변화)을 빠뜨렸습니다.",
    ),
    "catalogue_mistake": (
        "That is a known mistake for this problem.",
        "이 문제의 흔한 실수입니다.",
    ),
    "decimals_not_allowed": (
        "Give the exact value (a fraction or a closed form), not a decimal.",
        "소수가 아닌 정확한 값(분수나 식)으로 답하세요.",
    ),
    "inexact_decimal": (
        "Close, but a rounded decimal is not the exact value; give it exactly.",
        "근사값입니다. 반올림한 소수가 아닌 정확한 값으로 답하세요.",
    ),
    "numeric_outside_tolerance": (
        "Not within the allowed tolerance ({tolerance}).",
        "허용 오차({tolerance}) 밖입니다.",
    ),
    "not_equivalent": ("Incorrect.", "틀렸습니다."),
    "unexpected_symbol": (
        "Your answer uses {names}, which the problem does not have.",
        "답에 문제에 없는 기호 {names}가 있습니다.",
    ),
    "undefined_answer": (
        "Your answer is undefined (e.g. log of a non-positive number, 0/0 or a form with "
        "infinity such as oo^0) where the answer exists.",
        "답이 정의되지 않는 값입니다 (예: 0 이하의 수의 로그, 0/0, oo^0처럼 무한대가 들어간 꼴).",
    ),
    "unknown_function": (
        "Your answer uses {names}, which cannot be evaluated here: write it with the "
        "functions of the problem.",
        "답에 여기서 계산할 수 없는 함수 {names}가 있습니다. 문제에 나오는 함수로 써 주세요.",
    ),
    "cannot_decide": (
        "This answer could not be checked automatically; ask your instructor.",
        "이 답은 자동으로 확인할 수 없습니다. 담당 교수자에게 문의하세요.",
    ),
    "empty_answer": ("The answer is empty.", "답이 비어 있습니다."),
    "parse_error": ("Could not read the answer: {detail}", "답을 읽을 수 없습니다: {detail}"),
    "too_large": ("The answer is too large: {detail}", "답이 너무 큽니다: {detail}"),
    "timeout": (
        "Checking took too long and was stopped.",
        "확인 시간이 너무 오래 걸려 중단했습니다.",
    ),
    "error": ("Could not check this answer: {detail}", "이 답을 확인할 수 없습니다: {detail}"),
}

_UNITS_KO = {"bits": "비트", "nats": "내트"}


def feedback(reason: str, **fields: object) -> tuple[str, str]:
    """English and Korean feedback for an answer note; unknown notes get the generic text.

    >>> feedback("wrong_log_base_bits_vs_nats", unit="bits", wanted="nats")[0][:28]
    'Your answer is in bits, but '
    """
    en, ko = TEXTS.get(reason, TEXTS["not_equivalent"])
    values = {key: str(value) for key, value in fields.items()}
    for key in ("unit", "wanted"):
        if key in values:
            values[f"{key}_ko"] = _UNITS_KO.get(values[key], values[key])
    return _fill(en, values), _fill(ko, values)


def _fill(template: str, values: dict[str, str]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError):  # a missing field: keep the template readable
        return template.replace("{", "").replace("}", "")


@dataclass(frozen=True, slots=True)
class Mistake:
    """A wrong expression a student may give, with its note and feedback texts."""

    expr: sp.Expr
    reason: str
    feedback_en: str = ""
    feedback_ko: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    def texts(self) -> tuple[str, str]:
        """The (en, ko) feedback: the catalogue's own text, else the note's default."""
        default_en, default_ko = feedback(self.reason, **dict(self.fields))
        return self.feedback_en or default_en, self.feedback_ko or default_ko


def as_mistake(item: object) -> Mistake:
    """A Mistake from a catalogue object (duck-typed: expr, reason, feedback_en/_ko)."""
    if isinstance(item, Mistake):
        return item
    expr = getattr(item, "expr")  # noqa: B009  duck-typed catalogue object
    if isinstance(expr, str):  # catalogue text goes through the safe parser too
        from symgen.parsing.parser import parse

        expr = parse(expr)
    if isinstance(expr, bool):
        expr = sp.true if expr else sp.false
    return Mistake(
        expr=sp.sympify(expr, strict=True),  # strict: refuses text, which must be parsed
        reason=str(getattr(item, "reason", "catalogue_mistake") or "catalogue_mistake"),
        feedback_en=str(getattr(item, "feedback_en", "") or ""),
        feedback_ko=str(getattr(item, "feedback_ko", "") or ""),
    )


def has_log(expr: sp.Expr) -> bool:
    """True when the expression contains a logarithm (an information quantity)."""
    return bool(expr.has(sp.log))


def generic_mistakes(expected: sp.Expr, *, unit: str | None = None) -> tuple[Mistake, ...]:
    """Variants of ``expected`` that name a usual mistake; none equal to ``expected`` itself.

    ``entropy_sign_lost`` is the sign slip of an information quantity (it has a log, or a
    unit); the checker renames it ``sign_flipped`` when the expected value can be negative.
    """
    if expected.is_zero:
        return ()
    found: list[Mistake] = []
    if has_log(expected) or unit is not None:
        found.append(
            Mistake(-expected, "entropy_sign_lost" if has_log(expected) else "sign_flipped")
        )
        found.extend(_unit_mistakes(expected, unit))
        found.extend(_log10_mistakes(expected))
    else:
        found.append(Mistake(-expected, "sign_flipped"))
        found.append(Mistake(1 - expected, "complement"))
    found.append(Mistake(1 / expected, "reciprocal"))
    return tuple(m for m in found if m.expr != expected)


def _unit_mistakes(expected: sp.Expr, unit: str | None) -> Iterable[Mistake]:
    ln2 = sp.log(2)
    if unit == "bits":  # answered in nats: bits * ln 2
        yield Mistake(expected * ln2, "wrong_log_base_bits_vs_nats", fields=_units("nats", unit))
    elif unit == "nats":  # answered in bits: nats / ln 2
        yield Mistake(expected / ln2, "wrong_log_base_bits_vs_nats", fields=_units("bits", unit))
    # unit None: the checker accepts the sensible direction and flags an unclear one


def _units(unit: str, wanted: str) -> tuple[tuple[str, str], ...]:
    return (("unit", unit), ("wanted", wanted))


def _log10_mistakes(expected: sp.Expr) -> Iterable[Mistake]:
    ln2, ln10 = sp.log(2), sp.log(10)
    yield Mistake(expected / ln10, "log10_used")  # nats computed with log10
    yield Mistake(expected * ln2 / ln10, "log10_used")  # bits computed with log10


@lru_cache(maxsize=512)
def log_unit(expected: sp.Expr) -> str | None:
    """The unit an information quantity is written in: "bits", "nats", or None (unclear).

    Bits when every term with a logarithm is divided by ``log(2)`` exactly once, nats when
    no term is divided by it; terms without a logarithm fit both.

    >>> p = sp.Symbol("p", positive=True)
    >>> ln2, ln3 = sp.log(2), sp.log(3)
    >>> log_unit(ln3 / ln2), log_unit(-p * sp.log(p)), log_unit(ln3 / ln2**2)
    ('bits', 'nats', None)
    """
    if not has_log(expected):
        return None
    ln2 = sp.Dummy("ln2")
    units = set()
    for term in sp.Add.make_args(sp.expand(expected.xreplace({sp.log(2): ln2}))):
        if not term.has(sp.log, ln2):
            continue
        coeff, power = term.as_coeff_exponent(ln2)
        if coeff.has(ln2) or not power.is_Integer:
            return None
        units.add("bits" if power == -1 else "nats" if power >= 0 else "?")
    return units.pop() if len(units) == 1 and "?" not in units else None


def unit_variants(expected: sp.Expr) -> tuple[tuple[sp.Expr, str], ...]:
    """(expression, unit of that expression) for the same quantity in the other unit.

    Only the direction that makes sense: a value in bits (divided by ``log(2)``) is offered
    in nats, a value in nats in bits; none when the unit of ``expected`` is unclear
    (dividing by ``log(2)`` twice is never a unit change).
    """
    if expected.is_zero:
        return ()
    unit = log_unit(expected)
    if unit == "bits":
        return ((expected * sp.log(2), "nats"),)
    if unit == "nats":
        return ((expected / sp.log(2), "bits"),)
    return ()


def other_units(expected: sp.Expr) -> tuple[sp.Expr, ...]:
    """Both unit conversions of ``expected`` (to flag an answer whose unit is unclear)."""
    if not has_log(expected) or expected.is_zero:
        return ()
    return (expected / sp.log(2), expected * sp.log(2))
