"""Answer tests: is a student's answer equal to the expected one, and if not, which mistake?

``check_answer(expected, "1/2")`` reads the untrusted answer with :func:`symgen.parsing.parse`
(never ``eval``/``sympify``) and returns a :class:`Verdict` carrying ``correct``, a stable
``reason`` id (like a Moodle STACK answer note) and feedback in English and Korean.

How equality is decided (soundness first: a wrong answer must never pass):

* Both sides are evaluated at exact rational points of the domain (probability symbols in
  (0, 1), positive symbols in (0.1, 8), real ones *and symbols with no assumptions* of both
  signs: a plain ``Symbol("x")`` is not taken to be positive): six fixed pseudo-random
  points ``a/P`` where the expected value is defined (their values are cached across
  answers) and one point seeded by the answer's own text, with random 64-bit denominators,
  so no answer can be built to vanish at the points it will meet. Without a
  defined seeded point there is no "equal". Rational expressions are evaluated exactly with
  ``Fraction``; the others with mpmath at 100 digits, or 30 more than the longest literal.
* Two values agree at a point when they differ by at most 10^-85 times the *scale* (the
  largest term of any sum met while evaluating). Where they agree, the difference itself is
  evaluated at two points, then again at more than twice the digits: a true zero's residue
  shrinks with the precision, a tiny real value keeps its size. A sum whose smallest term
  vanishes next to its largest, or a function whose value no longer reflects its argument
  (condition number below the precision: ``cos(10**-60)``, ``erf(30)``), is re-evaluated
  with more digits (up to 4000), so ``1 + p**5000`` is not taken for ``1``.
* Astronomically large intermediate values (``exp(exp(exp(10)))``) count as undefined,
  never as equal. An equal verdict is then settled: rational functions are decided exactly
  by cancelling the difference (``method="exact"``; a finite point set is never called
  exact); answers with ``abs``/``sign``/``Max``... (equal on the sampled range only?) need a
  symbolic proof, else ``cannot_decide``; others are confirmed symbolically when that is
  cheap (``"symbolic"``) or stand on the numeric evidence (``"numeric"``).

Tests: ``"equivalent"`` (algebraic equivalence; exact decimals such as 0.5 = 1/2 pass),
``"exact"`` (equivalent and written without decimals, unless ``allow_decimals``; an Ask's
``allow_decimals`` applies only to the Ask's own test), ``"numeric"`` (within ``rtol``,
``atol`` or ``decimals`` places; default ``rtol=1e-3``). Units: when ``unit`` is None and
the expected value is an information quantity whose unit can be told (divided by
``log(2)``: bits; no ``log(2)`` divisor: nats), the same value in the other unit is
accepted with the note ``equivalent_other_unit``; when its unit cannot be told, a converted
answer gets ``unit_unclear`` (not correct); when the unit is fixed, the other unit is
wrong, with the note ``wrong_log_base_bits_vs_nats``.

>>> import sympy as sp
>>> p = sp.Symbol("p", positive=True)
>>> check_answer(sp.Rational(1, 2), 0.5).correct
True
>>> check_answer(p**100, 0).reason
'not_equivalent'
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp
from mpmath.ctx_mp import MPContext
from sympy.core.function import AppliedUndef

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
from symgen.core.parameters import is_probability_symbol
from symgen.errors import InputTooLarge, ParseError, SymgenError

TESTS = ("equivalent", "exact", "numeric")
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
DEFAULT_RTOL = 1e-3
NPOINTS = 6
_CANDIDATES = 16
_DPS = 100
_EQUAL_DIGITS = 85
_MAX_EXACT_EXPONENT = 10_000
_MAX_EXACT_BITS = 400_000
_MAX_DPS = 4000
_GUARD_DIGITS = 15
_CONFIRM_MAX_OPS = 60
_DECIMAL = re.compile(r"\d\.\d|(?<![\w.])\.\d|\d\.(?![\d.])")

_CTX = MPContext()  # private context: the global mpmath precision is left alone
_CTX.dps = _DPS


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


@dataclass(frozen=True, slots=True)
class _Options:
    expected: sp.Expr
    test: str
    rtol: float | None
    atol: float | None
    decimals: int | None
    allow_decimals: bool
    unit: str | None
    mistakes: tuple[Mistake, ...]
    symbols: dict[str, sp.Symbol]


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
) -> Verdict:
    """Check ``submitted`` (untrusted text, a number or a SymPy expression) against ``expected``.

    ``expected`` is a SymPy expression, a number, an exact string, or a catalogue Ask (any
    object with ``.expected``), whose options apply unless given here. ``test`` defaults to
    "equivalent", or "numeric" when a tolerance is given. ``allow_decimals`` defaults to
    False for "exact" and True otherwise. Never raises for a bad answer: unreadable input
    gives the notes ``parse_error``/``too_large``/``empty_answer``.

    >>> check_answer("1/3", "0.333", test="exact").reason
    'decimals_not_allowed'
    >>> check_answer("log(2)", "1", unit="bits").correct
    False
    """
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
        return verdict(False, "parse_error", detail=exc)
    stray = sorted(s.name for s in answer.free_symbols if s.name not in opts.symbols)
    if stray:
        return verdict(False, "unexpected_symbol", expr=answer, names=", ".join(stray))
    return _judge(opts, answer, used_decimals)


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
        unit=pick(unit, "unit") or _label_unit(ask),
        mistakes=found,
        symbols=names,
    )


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


_SETTLED = ("exact", "symbolic", "numeric")
_NON_ANALYTIC = (
    sp.Abs,
    sp.sign,
    sp.floor,
    sp.ceiling,
    sp.Max,
    sp.Min,
    sp.Piecewise,
    sp.Heaviside,
    sp.frac,
)
_MAX_CANCEL_OPS = 400
_MAX_CANCEL_DEGREE = 64


def _settle(expected: sp.Expr, answer: sp.Expr, session: _Session) -> str:
    """How an equality seen at the sample points is confirmed, or why it is not.

    Rational functions are decided exactly (``"exact"``, or ``"different"`` when the
    numerator of the difference is not the zero polynomial); a finite set of points is
    never called exact. Non-analytic answers (``abs``, ``sign``, ``Max``...) can agree on
    the sampled range only, so they need a symbolic proof, else ``"undecidable"``.
    Otherwise ``"symbolic"`` when cheap rewriting proves it, else ``"numeric"``.
    """
    if expected == answer:
        return "exact"
    if not session.symbols:
        return "symbolic" if confirm_symbolically(expected, answer) else "numeric"
    if _is_rational_function(expected) and _is_rational_function(answer):
        same = rational_equal(expected, answer)
        if same is not None:
            return "exact" if same else "different"
    elif expected.has(*_NON_ANALYTIC) or answer.has(*_NON_ANALYTIC):
        return "symbolic" if confirm_symbolically(expected, answer) else "undecidable"
    if branch_risk(answer, expected) is not None:
        return "undecidable"  # log((10-x)^2): another branch beyond the sampled range
    return "symbolic" if confirm_symbolically(expected, answer) else "numeric"


def branch_risk(answer: sp.Expr, expected: sp.Expr) -> sp.Expr | None:
    """A sub-expression of ``answer`` that may change branch inside the domain, or None.

    ``log(u)`` and ``u**(1/2)`` are single analytic pieces only while ``u > 0``; with
    ``u = (10 - x)**2`` the answer is ``|10 - x|`` in disguise and agrees with ``10 - x`` on
    the sampled range only. Likewise ``atan`` of an argument with a pole
    (``atan(tan(x/100))``). Such nodes, unless ``u`` is provably positive on the domain or
    the expected value has the same node, leave an equality undecided.

    >>> x = sp.Symbol("x", positive=True)
    >>> branch_risk(sp.log((10 - x) ** 2), x), branch_risk(sp.log(x + 1), x)
    (log((10 - x)**2), None)
    """
    shared = set(sp.preorder_traversal(expected))
    for node in sp.preorder_traversal(answer):
        if node in shared or not node.free_symbols:
            continue
        if isinstance(node, sp.log) or (isinstance(node, sp.Pow) and not node.exp.is_Integer):
            if not _positive_on_domain(node.args[0]):
                return node
        elif isinstance(node, sp.atan) and _has_pole(node.args[0]):
            return node
    return None


def _positive_on_domain(value: sp.Expr) -> bool:
    """True when SymPy proves ``value > 0`` for every point of the symbols' domains."""
    if not value.free_symbols:
        return bool(value.is_positive)
    swap: dict[sp.Symbol, sp.Expr] = {}
    for symbol in value.free_symbols:
        if is_probability_symbol(symbol):  # p = 1/(1+t), t > 0, makes 1 - p visibly > 0
            swap[symbol] = 1 / (1 + sp.Dummy(positive=True))
        elif not symbol.is_positive:
            return value.is_positive is True
    if not swap:
        return value.is_positive is True
    return sp.factor_terms(sp.together(value.xreplace(swap))).is_positive is True


def _has_pole(value: sp.Expr) -> bool:
    return any(
        isinstance(node, sp.tan)
        or (isinstance(node, sp.Pow) and node.exp.is_negative and node.base.free_symbols)
        for node in sp.preorder_traversal(value)
    )


def rational_equal(lhs: sp.Expr, rhs: sp.Expr) -> bool | None:
    """Exactly decide ``lhs == rhs`` for rational functions; None when over the size budget.

    >>> p = sp.Symbol("p")
    >>> rational_equal(1 / (1 - p) - 1, p / (1 - p)), rational_equal(p**2, p)
    (True, False)
    """
    diff = lhs - rhs
    if diff == 0:
        return True
    if sp.count_ops(diff) > _MAX_CANCEL_OPS or _max_exponent(diff) > _MAX_CANCEL_DEGREE:
        return None
    numerator, _ = sp.fraction(sp.together(diff))
    return bool(sp.expand(numerator) == 0)


def _max_exponent(expr: sp.Expr) -> int:
    return max(
        (
            abs(int(node.exp))
            for node in sp.preorder_traversal(expr)
            if isinstance(node, sp.Pow) and node.exp.is_Integer
        ),
        default=0,
    )


def confirm_symbolically(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when cheap rewriting proves ``lhs - rhs == 0``; False proves nothing.

    Logs are expanded with ``force=True``: the caller uses it only after the equality was
    seen numerically on the domain (both signs for real symbols) and ``branch_risk`` found
    no logarithm or root of the answer whose argument may vanish inside the domain.

    >>> p = sp.Symbol("p", positive=True)
    >>> confirm_symbolically(sp.log(p / 2), sp.log(p) - sp.log(2))
    True
    """
    diff = lhs - rhs
    if diff == 0:
        return True
    if sp.count_ops(diff) > _CONFIRM_MAX_OPS or _has_big_power(diff):
        return False  # expansion could blow up: the numeric verdict stands alone
    expanded = sp.expand(sp.expand_log(diff, force=True))
    if expanded == 0:
        return True
    return not expanded.has(sp.log) and sp.cancel(sp.together(expanded)) == 0


def _has_big_power(expr: sp.Expr) -> bool:
    return any(
        isinstance(node, sp.Pow) and node.exp.is_Integer and abs(int(node.exp)) > 8
        for node in sp.preorder_traversal(expr)
    )


def _is_rational_function(expr: sp.Expr) -> bool:
    return all(
        isinstance(node, sp.Symbol | sp.Rational | sp.Add | sp.Mul)
        or (isinstance(node, sp.Pow) and node.exp.is_Integer)
        for node in sp.preorder_traversal(expr)
    )


# --- numeric comparison -----------------------------------------------------------------

Value = Fraction | tuple[Any, Any, int] | str | None  # exact, (mpf, scale, digits), UNKNOWN, None
UNKNOWN = "unknown"  # a value that could not be resolved at any allowed precision


class _Session:
    """One answer compared against the expected value and its variants, points shared.

    The points are the first NPOINTS fixed candidates where the expected value is defined
    (their values are cached across answers) plus one point seeded by the answer's own text
    (two when the answer has ``binomial``/``gamma``/``factorial`` of a symbol, functions
    that vanish on whole grids), so an answer crafted to agree with the expected one at the
    fixed points still fails.
    """

    def __init__(self, opts: _Options, answer: sp.Expr) -> None:
        self.opts = opts
        self.answer = answer
        names = {s.name for s in opts.expected.free_symbols | answer.free_symbols}
        self.symbols = tuple(sorted((opts.symbols[n] for n in names), key=lambda s: s.name))
        domains = tuple(_domain(s) for s in self.symbols)
        self.needed = 1 if not self.symbols else NPOINTS
        self.cache: dict[int, Value] = {}
        self.extra_values: dict[tuple[sp.Expr, int], Value] = {}
        fixed = sample_points(domains)
        self.extra = len(fixed) if self.symbols else -1  # index of the first seeded point
        self.points = fixed
        if self.symbols:
            self.points = (*fixed, *self._seeded(answer, domains))
        self.indices = self._choose_indices()

    def _seeded(self, answer: sp.Expr, domains: tuple[str, ...]) -> list[tuple[Fraction, ...]]:
        """The first answer-seeded points where the expected value is defined."""
        wanted = 2 if _has_special(answer) else 1
        found: list[tuple[Fraction, ...]] = []
        for point in _answer_points(answer, domains):
            value = _value(self.opts.expected, self.symbols, point)
            if _is_number(value):
                self.extra_values[self.opts.expected, self.extra + len(found)] = value
                found.append(point)
                if len(found) == wanted:
                    break
        return found

    def _choose_indices(self) -> tuple[int, ...]:
        chosen: list[int] = []
        for index in range(len(self.points) if self.extra < 0 else self.extra):
            if _is_number(self.target_at(self.opts.expected, index)):
                chosen.append(index)
                if len(chosen) == self.needed:
                    break
        if self.extra >= 0:
            chosen.extend(range(self.extra, len(self.points)))  # defined by construction
        return tuple(chosen)

    def target_at(self, target: sp.Expr, index: int) -> Value:
        """Value of an expected answer or variant at a point (fixed points are cached)."""
        if self.extra < 0 or index < self.extra:
            return _cached_value(target, self.symbols, self.points, index)
        key = (target, index)
        if key not in self.extra_values:
            self.extra_values[key] = _value(target, self.symbols, self.points[index])
        return self.extra_values[key]

    def answer_at(self, index: int) -> Value:
        if index not in self.cache:
            self.cache[index] = _value(self.answer, self.symbols, self.points[index])
        return self.cache[index]

    def pairs(self, target: sp.Expr) -> Iterable[tuple[Value, Value]]:
        for _, want, got in self.triples(target):
            yield want, got

    def triples(self, target: sp.Expr) -> Iterable[tuple[int, Value, Value]]:
        for index in self.indices:
            yield index, self.target_at(target, index), self.answer_at(index)

    def compare(self, target: sp.Expr) -> str:
        """'equal', 'different', 'undefined_answer' or 'undecidable' (too few points).

        Values are compared point by point (cheap, stops at the first difference); where
        they agree, the difference itself is evaluated at the first and the answer-seeded
        point, which catches a term too small to show in the separate values.
        """
        if len(self.indices) < min(self.needed, 3):
            return "equal" if target == self.answer else "undecidable"
        undefined, resolved = False, []
        for index, want, got in self.triples(target):
            if want is None:
                return "different"  # a variant undefined where the expected value exists
            if got is None:
                undefined = True
                continue
            if UNKNOWN in (want, got) or not same_value(want, got):
                return "different"
            if not (isinstance(want, Fraction) and isinstance(got, Fraction)):
                resolved.append(index)
        if undefined:
            return "undefined_answer"
        difference = target - self.answer
        seeded = [i for i in resolved if self.extra >= 0 and i >= self.extra]
        for index in {*resolved[:1], *resolved[-1:], *seeded}:
            if not vanishes(difference, self.symbols, self.points[index]):
                return "different"
        if self.extra >= len(self.points):
            return "undecidable"  # no point off the fixed grid: equality is not shown
        return "equal"

    def nonnegative(self, target: sp.Expr) -> bool:
        """True when ``target`` is >= 0 at every compared point (an entropy, a divergence)."""
        values = [self.target_at(target, i) for i in self.indices]
        return all(_as_mp(v)[0] >= 0 for v in values if _is_number(v))

    def matches(self, target: sp.Expr) -> bool:
        """Equal to ``target`` under this test (within the tolerance for numeric tests)."""
        if self.opts.test == "numeric":
            return self.compare(target) == "equal" or self.within(target)
        return self.compare(target) == "equal"

    def within(self, target: sp.Expr) -> bool:
        opts = self.opts
        return self._all(target, lambda w, g: _within(w, g, opts.rtol, opts.atol, opts.decimals))

    def close(self, target: sp.Expr) -> bool:
        """Within 1% (a rounded decimal of the right value)."""
        return self._all(target, lambda w, g: _within(w, g, 1e-2, 1e-3, None))

    def _all(self, target: sp.Expr, test: Callable[[Any, Any], bool]) -> bool:
        checked = 0
        for want, got in self.pairs(target):
            if None in (want, got) or UNKNOWN in (want, got):
                return False
            if not test(_as_mp(want)[0], _as_mp(got)[0]):
                return False
            checked += 1
        return checked > 0

    def constant_factor(self, target: sp.Expr) -> str | None:
        """The simple rational c with answer = c * target at every point (symbolic answers)."""
        if not self.symbols:
            return None  # every wrong number is a multiple of the right one: no information
        ratios = []
        for want, got in self.pairs(target):
            if None in (want, got) or UNKNOWN in (want, got) or _as_mp(want)[0] == 0:
                return None
            ratios.append(_as_mp(got)[0] / _as_mp(want)[0])
        if not ratios or not 1e-6 < abs(ratios[0]) < 1e6:
            return None
        guess = Fraction(float(ratios[0])).limit_denominator(100)
        exact = _CTX.mpf(guess.numerator) / guess.denominator
        if guess in (0, 1) or any(abs(r - exact) > 1e-30 * abs(exact) for r in ratios):
            return None
        return str(guess)


def _within(
    want: Any, got: Any, rtol: float | None, atol: float | None, decimals: int | None
) -> bool:
    error = abs(got - want)
    if decimals is not None:
        return bool(error <= 0.5 * 10 ** (-decimals) * (1 + 1e-9))
    if rtol is None and atol is None:
        rtol = DEFAULT_RTOL
    return bool(error <= (atol or 0) + (rtol or 0) * abs(want))


def same_value(want: Value, got: Value) -> bool:
    """Equal at one point: exactly for Fractions, else within 10^-85 of the scale."""
    if isinstance(want, Fraction) and isinstance(got, Fraction):
        return want == got
    (a, scale_a), (b, scale_b) = _as_mp(want), _as_mp(got)
    scale = max(scale_a, scale_b, abs(a), abs(b))
    return bool(abs(a - b) <= scale / _power_of_ten(_EQUAL_DIGITS))


def vanishes(
    difference: sp.Expr, symbols: tuple[sp.Symbol, ...], point: tuple[Fraction, ...]
) -> bool:
    """True when ``difference`` is zero at ``point`` to within its own rounding residue.

    Evaluated as one expression, a sum whose smallest term is lost next to its largest is
    re-evaluated at higher precision, so ``(1 + p**1000) - 1`` is seen as non-zero. A
    residue that passes is re-evaluated at more than twice the digits (plus those of the
    longest literal): a true zero shrinks with the precision, while a cancellation hidden
    inside a function (``1 - cos(10**-60)``) keeps its size and is seen.
    """
    if difference == 0:
        return True
    value = _value(difference, symbols, point)
    if not _zero_residue(value):
        return False
    if isinstance(value, Fraction):
        return True
    assert isinstance(value, tuple)
    digits = 2 * value[2] + literal_digits(difference) + 50
    if digits > _MAX_DPS:
        return False  # cannot confirm the residue shrinks: not shown equal
    again = _value(difference, symbols, point, digits)
    if not _zero_residue(again):
        return False
    assert isinstance(again, tuple)
    before, after = abs(value[0]), abs(again[0])
    # a rounding residue shrinks with the precision; a real (tiny) value keeps its size
    return bool(not before or after <= before / _power_of_ten((again[2] - value[2]) // 2))


def _zero_residue(value: Value) -> bool:
    if isinstance(value, Fraction):
        return value == 0
    if not isinstance(value, tuple):
        return False
    number, scale, digits = value
    return bool(abs(number) <= scale / _power_of_ten(digits - _GUARD_DIGITS))


def _as_mp(value: Value) -> tuple[Any, Any]:
    if isinstance(value, Fraction):
        number = _CTX.mpf(value.numerator) / value.denominator
        return number, abs(number)
    assert isinstance(value, tuple)
    return value[0], value[1]


def _domain(symbol: sp.Symbol) -> str:
    if is_probability_symbol(symbol):
        return "probability"
    if symbol.is_positive or symbol.is_nonnegative:
        return "positive"
    return "real"  # real, or no assumptions at all: both signs (a plain Symbol is not > 0)


_PRIMES = (97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173)


@lru_cache(maxsize=256)
def sample_points(domains: tuple[str, ...]) -> tuple[tuple[Fraction, ...], ...]:
    """Deterministic exact rational points, stratified over each domain (Latin hypercube).

    >>> points = sample_points(("probability",))
    >>> len(points), all(0 < v < 1 for (v,) in points)
    (16, True)
    """
    rng = random.Random(20261126 + len(domains))
    columns = []
    for index, domain in enumerate(domains):
        strata = list(range(_CANDIDATES))
        rng.shuffle(strata)
        column = [
            _draw(domain, (k + rng.random()) / _CANDIDATES, _PRIMES[(k + index) % 16])
            for k in strata
        ]
        columns.append(column)
    return tuple(zip(*columns, strict=True)) if columns else ((),)


def _draw(domain: str, u: float, denominator: int) -> Fraction:
    if domain == "probability":  # strictly inside (0, 1), from about 0.03 to 0.97
        return Fraction(max(3, min(denominator - 3, round(u * denominator))), denominator)
    magnitude = Fraction(round(0.1 * 80**u * denominator), denominator)  # 0.1 .. 8
    if domain == "real" and u > 0.5:
        return -magnitude
    return magnitude


_TABLES: dict[tuple[sp.Expr, tuple[sp.Symbol, ...]], dict[int, Value]] = {}
_TABLE_LIMIT = 4096


def clear_caches() -> None:
    """Forget the cached values of expected answers and variants (for benchmarks)."""
    _TABLES.clear()
    _generic_variants.cache_clear()


def _cached_value(
    expr: sp.Expr, symbols: tuple[sp.Symbol, ...], points: tuple[Any, ...], index: int
) -> Value:
    key = (expr, symbols)  # the symbols fix the domains, hence the fixed points
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) >= _TABLE_LIMIT:
            _TABLES.clear()
        table = _TABLES[key] = {}
    if index not in table:
        table[index] = _value(expr, symbols, points[index])
    return table[index]


def _is_number(value: Value) -> bool:
    return value is not None and not isinstance(value, str)


_SEEDED_TRIES = 16
_HUGE = 2**64 + 13  # seeded denominators: _HUGE + an even number below 2**63


def _answer_points(answer: sp.Expr, domains: tuple[str, ...]) -> tuple[tuple[Fraction, ...], ...]:
    """Points seeded by the answer's text: reproducible, but unknown before answering.

    Each coordinate is a fraction with a random denominator between ``2**64`` and ``2**65``,
    so no finite set of points (like the ``a/P`` grid of the fixed points, or any grid
    ``k/N``) can be targeted by an answer built to vanish there. Several are drawn; the
    first ones where the expected value is defined are used.
    """
    digest = hashlib.blake2b(str(answer).encode(), digest_size=16).digest()
    rng = random.Random(int.from_bytes(digest, "big"))
    return tuple(tuple(_draw_fine(d, rng) for d in domains) for _ in range(_SEEDED_TRIES))


def _draw_fine(domain: str, rng: random.Random) -> Fraction:
    den = _HUGE + 2 * rng.randrange(1 << 62)  # a random denominator too: no grid k/den
    if domain == "probability":  # about 0.03 .. 0.97
        return Fraction(den * 3 // 100 + rng.randrange(den * 94 // 100), den)
    magnitude = Fraction(den // 10 + rng.randrange(den * 79 // 10), den)  # 0.1 .. 8
    return -magnitude if domain == "real" and rng.random() < 0.5 else magnitude


def _has_special(expr: sp.Expr) -> bool:
    """True when a binomial, gamma or factorial has a symbol in its arguments."""
    return any(
        isinstance(node, sp.binomial | sp.gamma | sp.factorial) and node.free_symbols
        for node in sp.preorder_traversal(expr)
    )


class _Undefined(Exception):
    """The expression has no real value at this point (log of a non-positive, 1/0, ...)."""


class _Absorbed(Exception):
    """A term of a sum is below the working precision of the largest one."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


class _NotRational(Exception):
    """The expression leaves exact rational arithmetic (log, root, huge power)."""


def _value(
    expr: sp.Expr,
    symbols: tuple[sp.Symbol, ...],
    point: tuple[Fraction, ...],
    digits: int | None = None,
) -> Value:
    env = dict(zip(symbols, point, strict=True))
    try:
        try:
            return _exact(expr, env)
        except _NotRational:
            return _approx_value(expr, env, digits)
    except (_Undefined, ZeroDivisionError, OverflowError, ValueError, KeyError):
        return None


class _State:
    """Evaluation state at one point: the symbols' values and the largest term met."""

    __slots__ = ("env", "mp", "scale")

    def __init__(self, env: Mapping[sp.Symbol, Fraction]) -> None:
        self.env = env
        self.mp: dict[sp.Symbol, Any] = {}
        self.scale = _CTX.zero

    def symbol(self, symbol: sp.Symbol) -> Any:
        if symbol not in self.mp:
            value = self.env[symbol]
            self.mp[symbol] = _CTX.mpf(value.numerator) / value.denominator
        return self.mp[symbol]


@lru_cache(maxsize=64)
def _power_of_ten(exponent: int) -> Any:
    with _CTX.workdps(_MAX_DPS):
        return _CTX.mpf(10) ** exponent


def _approx_value(
    expr: sp.Expr, env: Mapping[sp.Symbol, Fraction], digits: int | None = None
) -> Value:
    """(value, scale, digits) at the working precision, raised until no term is lost.

    The working precision starts at ``_DPS``, or above the digits of the longest literal
    (``1 + 10**-200`` must not be rounded to 1 on reading).
    """
    if digits is None:
        digits = max(_DPS, literal_digits(expr) + 30)
    while True:
        if digits > _MAX_DPS:  # a term too small to resolve: no verdict at this point
            return UNKNOWN
        with _CTX.workdps(digits):
            try:
                state = _State(env)
                value = _approx(expr, state)
                return +value, max(state.scale, abs(value)), digits
            except _Absorbed as exc:
                digits = exc.digits


@lru_cache(maxsize=4096)
def literal_digits(expr: sp.Expr) -> int:
    """Decimal digits of the longest number written in ``expr`` (0 when there is none).

    >>> literal_digits(1 + sp.Rational(1, 10**200))
    201
    """
    sizes = [len(str(max(abs(int(r.p)), int(r.q)))) for r in expr.atoms(sp.Rational)]
    sizes += [len(str(f)) for f in expr.atoms(sp.Float)]
    return max(sizes, default=0)


def _exact(expr: sp.Basic, env: Mapping[sp.Symbol, Fraction]) -> Fraction:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Symbol:
        return env[expr]
    if expr.is_Add:
        return sum((_exact(a, env) for a in expr.args), Fraction(0))
    if expr.is_Mul:
        result = Fraction(1)
        for arg in expr.args:
            result *= _exact(arg, env)
        return _bounded(result)
    if expr.is_Pow and expr.exp.is_Integer and abs(int(expr.exp)) <= _MAX_EXACT_EXPONENT:
        return _bounded(_exact(expr.base, env) ** int(expr.exp))
    raise _NotRational


def _bounded(value: Fraction) -> Fraction:
    if value.numerator.bit_length() + value.denominator.bit_length() > _MAX_EXACT_BITS:
        raise _NotRational
    return value


_MAX_EXP_ARGUMENT = 10**6  # exp(10**6) has 434295 digits; beyond that, no real use
_MAX_TRIG_ARGUMENT = 10**1000  # argument reduction needs about log10(x) extra digits
_MAX_GAMMA_ARGUMENT = 10**6

_FUNCTIONS: dict[type, Callable[[Any], Any]] = {
    sp.exp: _CTX.exp,
    sp.Abs: abs,
    sp.sin: _CTX.sin,
    sp.cos: _CTX.cos,
    sp.tan: _CTX.tan,
    sp.atan: _CTX.atan,
    sp.tanh: _CTX.tanh,
    sp.sinh: _CTX.sinh,
    sp.cosh: _CTX.cosh,
    sp.erf: _CTX.erf,
}


_GROWING = frozenset({_CTX.exp, _CTX.sinh, _CTX.cosh})

# f'(x) from (x, f(x)), for the condition number of each function (see _require_sensitive)
_SLOPES: dict[type, Callable[[Any, Any], Any]] = {
    sp.exp: lambda x, fx: fx,
    sp.sin: lambda x, fx: _CTX.cos(x),
    sp.cos: lambda x, fx: -_CTX.sin(x),
    sp.tan: lambda x, fx: 1 + fx * fx,
    sp.atan: lambda x, fx: 1 / (1 + x * x),
    sp.tanh: lambda x, fx: 1 / _CTX.cosh(x) ** 2,
    sp.sinh: lambda x, fx: _CTX.cosh(x),
    sp.cosh: lambda x, fx: _CTX.sinh(x),
    sp.erf: lambda x, fx: 2 / _CTX.sqrt(_CTX.pi) * _CTX.exp(-x * x),
}


def _approx(expr: sp.Basic, state: _State) -> Any:
    if expr.is_Rational:
        return _CTX.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Symbol:
        return state.symbol(expr)
    if expr.is_Add:
        terms = [_approx(a, state) for a in expr.args]
        sizes = [abs(t) for t in terms]
        _require_resolved(sizes)
        state.scale = max(state.scale, *sizes)
        return _real(_CTX.fsum(terms))
    if expr.is_Mul:
        return _real(_CTX.fprod(_approx(a, state) for a in expr.args))
    if expr.is_Pow:
        return _power(_approx(expr.base, state), expr.exp, state)
    return _atom(expr, state)


def _require_resolved(sizes: list[Any]) -> None:
    """Raise _Absorbed when the smallest non-zero term vanishes next to the largest one.

    Without this, ``1 + p**1000`` and ``1`` would look equal at 100 digits.
    """
    nonzero = [size for size in sizes if size]
    if len(nonzero) < 2:
        return
    small, large = min(nonzero), max(nonzero)
    if small * _power_of_ten(_CTX.dps - _GUARD_DIGITS) < large:
        gap = int(_CTX.log10(large / small)) + 1
        raise _Absorbed(_CTX.dps + gap + _GUARD_DIGITS)


def _require_sensitive(condition: Any) -> None:
    """Raise _Absorbed when a function's value no longer reflects its argument.

    ``condition`` is the relative condition number ``|x f'(x) / f(x)|``. When it is below
    the working precision, ``f(x)`` has rounded to a nearby simple value (``cos(10**-60)``
    to 1, ``erf(30)`` to 1), and a difference with that value would vanish by accident.
    """
    if condition * _power_of_ten(_CTX.dps - _GUARD_DIGITS) < 1:
        if condition == 0:
            raise _Absorbed(_MAX_DPS + 1)
        gap = int(-_CTX.log10(condition)) + 1
        raise _Absorbed(_CTX.dps + gap + _GUARD_DIGITS)


def _power(base: Any, exponent: sp.Expr, state: _State) -> Any:
    if exponent.is_Integer:
        if base == 0 and exponent < 0:
            raise _Undefined
        return _real(base ** int(exponent))
    power = _approx(exponent, state)
    if base < 0 or (base == 0 and power <= 0):
        raise _Undefined
    if base != 0 and abs(power * _CTX.log(base)) > _MAX_EXP_ARGUMENT:
        raise _Undefined  # the result would have millions of digits in its exponent
    if base not in (0, 1) and power:
        _require_sensitive(abs(power * _CTX.log(base)))  # 2**(10**-200) is 1 + 7e-201
    return _real(_CTX.power(base, power))


def _atom(expr: sp.Basic, state: _State) -> Any:
    if isinstance(expr, sp.log) and len(expr.args) == 1:
        argument = _approx(expr.args[0], state)
        if argument <= 0:
            raise _Undefined
        return _CTX.log(argument)
    if expr is sp.pi:
        return +_CTX.pi
    if expr is sp.E:
        return +_CTX.e
    if expr.is_Float:
        return _CTX.mpf(str(expr))
    if isinstance(expr, sp.factorial | sp.binomial | sp.gamma):
        return _special(expr, state)
    function = _FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        argument = _approx(expr.args[0], state)
        limit = _MAX_EXP_ARGUMENT if function in _GROWING else _MAX_TRIG_ARGUMENT
        if abs(argument) > limit:
            raise _Undefined  # too large to evaluate: no verdict at this point
        result = _real(function(argument))
        slope = _SLOPES.get(type(expr))
        if slope is not None and argument and result:
            _require_sensitive(abs(argument * slope(argument, result) / result))
        return result
    if isinstance(expr, AppliedUndef) or expr.args:
        return _opaque(expr, state.env)
    raise _Undefined  # oo, zoo, nan, unknown constants


def _special(expr: sp.Basic, state: _State) -> Any:
    args = [_approx(a, state) for a in expr.args]
    if any(abs(a) > _MAX_GAMMA_ARGUMENT for a in args):
        raise _Undefined
    if isinstance(expr, sp.binomial):
        return _real(_CTX.binomial(*args))
    if args[0] < 0 and _CTX.isint(args[0]):
        raise _Undefined
    return _real(_CTX.factorial(args[0]) if isinstance(expr, sp.factorial) else _CTX.gamma(args[0]))


def _opaque(expr: sp.Basic, env: Mapping[sp.Symbol, Fraction]) -> Any:
    """An unknown function application (H(X), P(y|x), ...) as an independent random value.

    Identical sub-expressions get identical values at the same point, so equal answers stay
    equal; different ones get unrelated values, so they never look equal by accident.
    """
    key = sp.srepr(expr) + "|" + ",".join(f"{s.name}={v}" for s, v in sorted(env.items(), key=str))
    digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
    return _CTX.mpf(1 + digest % 997) / 499  # a rational in (0, 2)


def _real(value: Any) -> Any:
    if isinstance(value, _CTX.mpc) or not _CTX.isfinite(value):
        raise _Undefined
    return value
