"""Answer tests: is a student's answer equal to the expected one, and if not, which mistake?

``check_answer(expected, "1/2")`` reads the untrusted answer with :func:`symgen.parsing.parse`
(never ``eval``/``sympify``) and returns a :class:`Verdict` carrying ``correct``, a stable
``reason`` id (like a Moodle STACK answer note) and feedback in English and Korean.

How equality is decided (soundness first: a wrong answer must never pass): both sides are
evaluated at exact rational points of the domain, with certified precision
(``answers._evaluate``, ``answers._sampling``); an equality seen there is then settled
exactly, symbolically or by the numeric evidence (``answers._symbolic``). An answer with a
function that cannot be evaluated is refused (``unknown_function``), never given a value; an
undefined form (``oo^0``, ``0/0``, ``log(2, oo)``) is ``undefined_answer``; a check that runs
past ``timeout`` seconds is ``timeout``.

Tests: ``"equivalent"`` (algebraic equivalence; exact decimals such as 0.5 = 1/2 pass),
``"exact"`` (equivalent and written without decimals, unless ``allow_decimals``; an Ask's
``allow_decimals`` applies only to the Ask's own test), ``"numeric"`` (within ``rtol``,
``atol`` or ``decimals`` places; default ``rtol=1e-3``). Units: when ``unit`` is ``"free"``
(or None and the Ask names no unit) and the expected value is an information quantity whose
unit can be told (divided by ``log(2)``: bits; no ``log(2)`` divisor: nats), the same value
in the other unit is accepted with the note ``equivalent_other_unit``; when its unit cannot
be told, a converted answer gets ``unit_unclear`` (not correct); when the unit is fixed, the
other unit is wrong, with the note ``wrong_log_base_bits_vs_nats``.

>>> import sympy as sp
>>> p = sp.Symbol("p", positive=True)
>>> check_answer(sp.Rational(1, 2), 0.5).correct
True
>>> check_answer(p**100, 0).reason
'not_equivalent'
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy as sp

from symgen.answers._evaluate import unknown_functions
from symgen.answers._sampling import DEFAULT_RTOL, _Options, _Session, clear_tables
from symgen.answers._symbolic import _SETTLED, _settle
from symgen.answers.mistakes import (
    Mistake,
    as_mistake,
    feedback,
    generic_mistakes,
    log_unit,
    other_units,
    unit_variants,
)
from symgen.core.exact import to_exact
from symgen.errors import BudgetExceeded, InputTooLarge, ParseError, SymgenError
from symgen.parsing.budget import time_budget

TESTS = ("equivalent", "exact", "numeric")
UNITS = ("nats", "bits", "free")
DEFAULT_TIMEOUT = 2.0
_TEST_ALIASES = {
    "algequiv": "equivalent",
    "exact": "exact",
    "casequal": "exact",
    "numeric": "numeric",
    "numrelative": "numeric",
    "numabsolute": "numeric",
    "numdecplaces": "numeric",
    "equivalent": "equivalent",
}
_DECIMAL = re.compile(r"\d\.\d|(?<![\w.])\.\d|\d\.(?![\d.])")
# infinity as written: a finite answer that mentions it went through oo^0, log(x, oo), x/oo...
_INFINITY = re.compile(r"(?<![A-Za-z_])(oo|inf|infinity)(?![A-Za-z0-9_])|\\infty|\u221e", re.I)


class UnknownAnswerTest(SymgenError, ValueError):
    """An answer-test name that is not one of TESTS."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of one answer test: correct or not, why (``reason``), and feedback."""

    correct: bool
    reason: str
    feedback_en: str
    feedback_ko: str
    method: str = ""  # "exact" | "symbolic" | "numeric" | "tolerance" | "" (not compared)
    answer: str = ""  # the answer as read, "" when it could not be read
    expr: sp.Expr | None = field(default=None, compare=False, repr=False)

    @property
    def feedback(self) -> str:
        """The English feedback."""
        return self.feedback_en

    def feedback_in(self, lang: str) -> str:
        """Feedback in ``"en"`` or ``"ko"``."""
        return self.feedback_ko if lang == "ko" else self.feedback_en

    def __bool__(self) -> bool:
        return self.correct

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the expected answer is never included)."""
        return {
            "correct": self.correct,
            "reason": self.reason,
            "feedback": self.feedback_en,
            "feedback_en": self.feedback_en,
            "feedback_ko": self.feedback_ko,
            "method": self.method,
            "answer": self.answer,
        }

    def _repr_latex_(self) -> str:
        mark = r"\checkmark" if self.correct else r"\times"
        body = sp.latex(self.expr) if self.expr is not None else r"\text{?}"
        return f"${body}\\quad {mark}$"


def verdict(
    correct: bool, reason: str, *, method: str = "", expr: Any = None, **fields: Any
) -> Verdict:
    """A Verdict whose feedback is the standard text of ``reason``."""
    en, ko = feedback(reason, **fields)
    return Verdict(correct, reason, en, ko, method, "" if expr is None else str(expr), expr)


def check_answer(
    expected: Any,
    submitted: Any,
    *,
    test: str | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    decimals: int | None = None,
    allow_decimals: bool | None = None,
    unit: str | None = None,
    mistakes: Iterable[Any] = (),
    symbols: Mapping[str, sp.Symbol] | Iterable[sp.Symbol] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Verdict:
    """Check ``submitted`` (untrusted text, a number or a SymPy expression) against ``expected``.

    ``expected`` is a SymPy expression, a number, an exact string, or a catalogue Ask (any
    object with ``.expected``), whose options apply unless given here. ``test`` defaults to
    "equivalent", or "numeric" when a tolerance is given. ``allow_decimals`` defaults to
    False for "exact" and True otherwise. ``unit`` is "nats", "bits" or "free" (None: the
    Ask's unit, else free). Never raises for a bad answer: unreadable input gives the notes
    ``parse_error``/``too_large``/``empty_answer``, a function that cannot be evaluated
    ``unknown_function``, and a check running past ``timeout`` seconds (None: no limit)
    ``timeout``.

    >>> check_answer("1/3", "0.333", test="exact").reason
    'decimals_not_allowed'
    >>> check_answer("log(2)", "1", unit="bits").correct
    False
    >>> check_answer("1/2", "1/2", timeout=0).reason
    'timeout'
    """
    _warm_up()
    try:
        with time_budget(timeout):
            return _check(
                expected,
                submitted,
                test,
                rtol,
                atol,
                decimals,
                allow_decimals,
                unit,
                mistakes,
                symbols,
            )
    except BudgetExceeded as exc:
        return verdict(False, "timeout", detail=exc)


_WARM: list[bool] = []


def _warm_up() -> None:
    """Build the parser once per process, outside any answer's budget (a one-time cost)."""
    if not _WARM:
        from symgen.parsing.parser import parse

        _WARM.append(True)
        with contextlib.suppress(SymgenError):
            parse("x + 1/2")


def _check(
    expected: Any,
    submitted: Any,
    test: str | None,
    rtol: float | None,
    atol: float | None,
    decimals: int | None,
    allow_decimals: bool | None,
    unit: str | None,
    mistakes: Iterable[Any],
    symbols: Any,
) -> Verdict:
    if _is_boolean(getattr(expected, "expected", expected)):
        known = (*(getattr(expected, "mistakes", ()) or ()), *mistakes)
        return _check_boolean(getattr(expected, "expected", expected), submitted, known)
    opts = _options(expected, test, rtol, atol, decimals, allow_decimals, unit, mistakes, symbols)
    try:
        answer, used_decimals = _read(submitted, opts.symbols)
    except InputTooLarge as exc:
        return verdict(False, "too_large", detail=exc)
    except ParseError as exc:
        if isinstance(submitted, str) and not submitted.strip():
            return verdict(False, "empty_answer")
        if _is_undefined_form(exc):
            return verdict(False, "undefined_answer")
        return verdict(False, "parse_error", detail=exc)
    stray = sorted(s.name for s in answer.free_symbols if s.name not in opts.symbols)
    if stray:
        return verdict(False, "unexpected_symbol", expr=answer, names=", ".join(stray))
    if _hides_infinity(submitted, answer):
        return verdict(False, "undefined_answer", expr=answer)
    if answer == opts.expected and not used_decimals:
        good = "exact" if opts.test == "exact" else "equivalent"
        return verdict(True, good, method="exact", expr=answer)
    unknown = unknown_functions(answer)
    if unknown:
        return verdict(False, "unknown_function", expr=answer, names=", ".join(unknown))
    return _judge(opts, answer, used_decimals)


def _is_undefined_form(error: ParseError) -> bool:
    """The parser refused an undefined value (0/0, oo - oo, a division by zero)."""
    text = str(error)
    return "is undefined" in text or "division by zero" in text


def _hides_infinity(submitted: Any, answer: sp.Expr) -> bool:
    """A finite answer written with infinity: ``oo^0``, ``log(2, oo)``, ``1/oo``... SymPy
    has already given such forms a value; none of them is a finite answer."""
    if isinstance(submitted, str):
        written = _INFINITY.search(submitted) is not None
    else:
        written = isinstance(submitted, sp.Basic) and submitted.has(sp.oo, -sp.oo, sp.zoo)
    return written and not answer.has(sp.oo, -sp.oo, sp.zoo, sp.nan)


_TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "holds", "참", "예", "네", "성립"})
_FALSE_WORDS = frozenset(
    {"false", "f", "no", "n", "0", "fails", "거짓", "아니오", "아니요", "불성립"}
)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool) or value in (sp.true, sp.false)


def _check_boolean(expected: Any, submitted: Any, mistakes: Iterable[Any] = ()) -> Verdict:
    """True/false asks (independence, claims): the answer is a yes/no word."""
    want = bool(expected)
    if isinstance(submitted, bool) or submitted in (sp.true, sp.false):
        got = bool(submitted)
    else:
        word = str(submitted).strip().lower().rstrip(".")
        if not word:
            return verdict(False, "empty_answer")
        if word not in _TRUE_WORDS | _FALSE_WORDS:
            return verdict(False, "parse_error", detail=f"answer true or false, not {word[:20]!r}")
        got = word in _TRUE_WORDS
    if got == want:
        return verdict(True, "exact", method="exact", expr=sp.S(got))
    for item in mistakes:
        mistake = as_mistake(item)
        if _is_boolean(mistake.expr) and bool(mistake.expr) == got:
            en, ko = mistake.texts()
            return Verdict(False, mistake.reason, en, ko, "exact", str(sp.S(got)), sp.S(got))
    return verdict(False, "not_equivalent", method="exact", expr=sp.S(got))


# --- options ---------------------------------------------------------------------------


def _options(
    expected: Any,
    test: str | None,
    rtol: float | None,
    atol: float | None,
    decimals: int | None,
    allow_decimals: bool | None,
    unit: str | None,
    mistakes: Iterable[Any],
    symbols: Any,
) -> _Options:
    ask = expected if hasattr(expected, "expected") else None

    def pick(value: Any, name: str) -> Any:
        return value if value is not None or ask is None else getattr(ask, name, None)

    names = _symbol_table(pick(symbols, "symbols"))
    target = _to_expr(ask.expected if ask is not None else expected, names)
    names.update({s.name: s for s in target.free_symbols if isinstance(s, sp.Symbol)})
    tolerances = (pick(rtol, "rtol"), pick(atol, "atol"), pick(decimals, "decimals"))
    chosen = _test_name(pick(test, "test"), tolerances)
    allowed = allow_decimals
    if allowed is None and ask is not None and _same_test(getattr(ask, "test", None), chosen):
        allowed = getattr(ask, "allow_decimals", None)  # the Ask's policy is for its own test
    found = tuple(as_mistake(m) for m in (*(getattr(ask, "mistakes", ()) or ()), *mistakes))
    return _Options(
        expected=target,
        test=chosen,
        rtol=tolerances[0],
        atol=tolerances[1],
        decimals=tolerances[2],
        allow_decimals=(chosen != "exact") if allowed is None else bool(allowed),
        unit=_unit_name(pick(unit, "unit") or _label_unit(ask)),
        mistakes=found,
        symbols=names,
    )


def _unit_name(unit: Any) -> str | None:
    """ "nats" or "bits" (the unit is fixed), or None (free: either unit, with a note)."""
    if unit is None or unit == "free":
        return None
    if unit not in UNITS:
        raise UnknownAnswerTest(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    return str(unit)


def _test_name(name: str | None, tolerances: tuple[Any, ...]) -> str:
    if name is None:
        return "numeric" if any(t is not None for t in tolerances) else "equivalent"
    key = str(name).lower().replace("-", "_")
    if key in _TEST_ALIASES:
        return _TEST_ALIASES[key]
    raise UnknownAnswerTest(f"unknown answer test {name!r}; use one of {', '.join(TESTS)}")


_UNIT_WORDS = {
    "bits": re.compile(r"\bbits?\b|비트", re.IGNORECASE),
    "nats": re.compile(r"\bnats?\b|내트", re.IGNORECASE),
}


def _label_unit(ask: Any) -> str | None:
    """The unit an Ask's label names ("... in nats"), when it names exactly one.

    >>> from types import SimpleNamespace
    >>> _label_unit(SimpleNamespace(label={"en": "Find the largest entropy in nats."}))
    'nats'
    """
    label = getattr(ask, "label", None)
    texts = label.values() if isinstance(label, Mapping) else [label or ""]
    text = " ".join(str(t) for t in texts)
    named = [unit for unit, pattern in _UNIT_WORDS.items() if pattern.search(text)]
    return named[0] if len(named) == 1 else None


def _same_test(name: Any, chosen: str) -> bool:
    key = str(name).lower().replace("-", "_")
    return _TEST_ALIASES.get(key, "equivalent" if name is None else key) == chosen


def _symbol_table(symbols: Any) -> dict[str, sp.Symbol]:
    if symbols is None:
        return {}
    if isinstance(symbols, Mapping):
        return {str(name): sym for name, sym in symbols.items()}
    return {sym.name: sym for sym in symbols}


def _to_expr(value: Any, names: Mapping[str, sp.Symbol]) -> sp.Expr:
    if isinstance(value, str) and not _is_plain_number(value):
        from symgen.parsing.parser import parse

        return _rename(parse(value, symbols=dict(names)), names)
    return to_exact(value)


def _is_plain_number(text: str) -> bool:
    return re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)(\s*/\s*\d+)?\s*", text) is not None


def _rename(expr: Any, names: Mapping[str, sp.Symbol]) -> sp.Expr:
    """Replace the parser's symbols by the problem's symbols of the same name."""
    if isinstance(expr, sp.Equality):  # "p = 1/2": the value is the right-hand side
        expr = expr.rhs
    if not isinstance(expr, sp.Expr):
        raise ParseError(f"expected a mathematical expression, got {type(expr).__name__}")
    swap = {s: names[s.name] for s in expr.free_symbols if s.name in names and names[s.name] != s}
    return expr.xreplace(swap) if swap else expr


def _read(submitted: Any, names: Mapping[str, sp.Symbol]) -> tuple[sp.Expr, bool]:
    """The answer as an exact expression, and whether it was written with decimals."""
    if isinstance(submitted, str):
        text = submitted  # not stripped: the parser judges every character (NEL, NUL, ...)
        if not text.strip():
            raise ParseError("the answer is empty")
        from symgen.parsing.parser import parse

        return _rename(parse(text, symbols=dict(names)), names), bool(_DECIMAL.search(text))
    if isinstance(submitted, float):
        return to_exact(submitted), True
    if isinstance(submitted, sp.Basic):
        return _rename(to_exact(submitted), names), bool(submitted.has(sp.Float))
    try:
        return to_exact(submitted), False
    except SymgenError as exc:
        raise ParseError(str(exc)) from exc


# --- judging ----------------------------------------------------------------------------


_INFINITIES = (sp.oo, -sp.oo, sp.zoo, sp.nan)


def _judge(opts: _Options, answer: sp.Expr, used_decimals: bool) -> Verdict:
    expected = opts.expected
    good = "exact" if opts.test == "exact" else "equivalent"
    if expected.has(*_INFINITIES) or answer.has(*_INFINITIES):  # KL = oo: only oo is right
        same = expected == answer and not expected.has(sp.nan, sp.zoo)
        return verdict(same, good if same else "not_equivalent", method="exact", expr=answer)
    if answer == expected and not used_decimals:
        return verdict(True, good, method="exact", expr=answer)
    session = _Session(opts, answer)
    if used_decimals and not opts.allow_decimals and session.close(expected):
        return verdict(False, "decimals_not_allowed", method="policy", expr=answer)
    outcome = session.compare(expected)
    method = _settle(expected, answer, session) if outcome == "equal" else ""
    if method in _SETTLED:
        return verdict(True, good, method=method, expr=answer)
    if method == "undecidable":
        return verdict(False, "cannot_decide", expr=answer)
    if method == "different":
        outcome = "different"
    if opts.test == "numeric" and outcome == "different" and session.within(expected):
        return verdict(True, "numeric_within_tolerance", method="tolerance", expr=answer)
    if outcome in ("undefined_answer", "undecidable"):
        reason = "undefined_answer" if outcome == "undefined_answer" else "cannot_decide"
        return verdict(False, reason, expr=answer)
    return _wrong(opts, session, answer, used_decimals)


def _wrong(opts: _Options, session: _Session, answer: sp.Expr, used_decimals: bool) -> Verdict:
    expected = opts.expected
    if opts.unit is None:
        for variant, unit in unit_variants(expected):
            if session.matches(variant) and _settle(variant, answer, session) in _SETTLED:
                return verdict(
                    True, "equivalent_other_unit", method="numeric", expr=answer, unit=unit
                )
        if log_unit(expected) is None and any(map(session.matches, other_units(expected))):
            return verdict(False, "unit_unclear", method="numeric", expr=answer)
    for mistake in (*opts.mistakes, *_generic_variants(expected, opts.unit)):
        if session.matches(mistake.expr):
            if mistake.reason == "entropy_sign_lost" and not session.nonnegative(expected):
                return verdict(False, "sign_flipped", method="numeric", expr=answer)
            en, ko = mistake.texts()
            return Verdict(False, mistake.reason, en, ko, "numeric", str(answer), answer)
    if used_decimals and opts.test != "numeric" and session.close(expected):
        return verdict(False, "inexact_decimal", method="numeric", expr=answer)
    if opts.test == "numeric":
        return verdict(False, "numeric_outside_tolerance", expr=answer, tolerance=_tol_text(opts))
    factor = session.constant_factor(expected)
    if factor is not None:
        return verdict(False, "constant_factor", method="numeric", expr=answer, factor=factor)
    return verdict(False, "not_equivalent", method="numeric", expr=answer)


@lru_cache(maxsize=1024)
def _generic_variants(expected: sp.Expr, unit: str | None) -> tuple[Mistake, ...]:
    return generic_mistakes(expected, unit=unit)


def _tol_text(opts: _Options) -> str:
    if opts.decimals is not None:
        return f"±{0.5 * 10**-opts.decimals:g}"
    parts = [f"rtol={opts.rtol:g}"] if opts.rtol is not None else []
    parts += [f"atol={opts.atol:g}"] if opts.atol is not None else []
    return ", ".join(parts) or f"rtol={DEFAULT_RTOL:g}"


def clear_caches() -> None:
    """Forget the cached values of expected answers and variants (for benchmarks)."""
    clear_tables()
    _generic_variants.cache_clear()
