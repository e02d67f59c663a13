"""Events over named variables, from dicts or from short text like ``"y=H | x=3"``.

Text is untrusted: it is tokenised by a regular expression and read by hand, never
evaluated. An event is a conjunction of per-variable conditions.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from symgen.errors import InvalidEvent, UnknownVariable

MAX_EVENT_TEXT = 1000
_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|=|<|>|≠|≤|≥)|(?P<punct>[{}(),|&∧])"
    r"|(?P<number>[+-]?\d+(?:\.\d+)?(?:/\d+)?)|(?P<quoted>'[^']*'|\"[^\"]*\")"
    r"|(?P<word>[^\W\d]\w*))"
)
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne, "≠": operator.ne,
    "<": operator.lt, "<=": operator.le, "≤": operator.le,
    ">": operator.gt, ">=": operator.ge, "≥": operator.ge,
}  # fmt: skip


@dataclass(frozen=True)
class Condition:
    """``variable`` satisfies ``op`` against ``values`` (``in`` takes a set of values)."""

    variable: str
    op: str
    values: tuple[Hashable, ...]

    def test(self, value: Hashable) -> bool:
        """Whether one outcome of the variable satisfies this condition."""
        if self.op == "in":
            return any(same_value(value, v) for v in self.values)
        if self.op == "not in":
            return not any(same_value(value, v) for v in self.values)
        if self.op == "pred":
            return bool(self.values[0](value))  # type: ignore[operator]
        if self.op in ("=", "=="):
            return same_value(value, self.values[0])
        if self.op in ("!=", "≠"):
            return not same_value(value, self.values[0])
        return _ordered(value, self.values[0], self.op, self.variable)

    def __str__(self) -> str:
        if self.op in ("in", "not in"):
            return f"{self.variable} {self.op} {{{', '.join(map(str, self.values))}}}"
        return f"{self.variable}{self.op}{self.values[0]}"


Event = tuple[Condition, ...]


def same_value(outcome: Hashable, wanted: Hashable) -> bool:
    """Outcome equality that lets the text ``3`` match the outcome 3 or "3"."""
    return bool(outcome == wanted) or str(outcome) == str(wanted)


def _ordered(value: Hashable, bound: Hashable, op: str, variable: str) -> bool:
    try:
        return _COMPARE[op](value, bound)
    except TypeError:
        raise InvalidEvent(
            f"cannot compare outcome {value!r} of {variable!r} with {bound!r} using {op}"
        ) from None


def read_query(event: object, given: object = None) -> tuple[Event, Event]:
    """Split a query into (event, given); text may carry its own ``| given`` part."""
    if isinstance(event, str) and "|" in event:
        if given is not None:
            raise InvalidEvent("give the condition either after '|' or as given=, not both")
        left, _, right = event.partition("|")
        return read_event(left), read_event(right)
    return read_event(event), read_event(given)


def read_event(event: object) -> Event:
    """An Event from None (everything), a dict, or text like ``"x in {1,3,5}, y=H"``."""
    if event is None:
        return ()
    if isinstance(event, str):
        return _parse_text(event)
    if isinstance(event, Mapping):
        return tuple(_condition_from_item(k, v) for k, v in event.items())
    raise InvalidEvent(f"an event is a dict or text like 'x=3', not {type(event).__name__}")


def _condition_from_item(variable: object, wanted: object) -> Condition:
    if not isinstance(variable, str):
        raise InvalidEvent(f"event keys are variable names, not {variable!r}")
    if callable(wanted):
        return Condition(variable, "pred", (wanted,))
    if isinstance(wanted, Collection) and not isinstance(wanted, str | tuple):
        return Condition(variable, "in", tuple(wanted))
    return Condition(variable, "=", (wanted,))  # type: ignore[arg-type]


def _tokens(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_EVENT_TEXT:
        raise InvalidEvent(f"event text is {len(text)} characters long (max {MAX_EVENT_TEXT})")
    tokens, position, stripped = [], 0, text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if not match or match.end() == position:
            raise InvalidEvent(f"cannot read event {text.strip()[:60]!r} at column {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _parse_text(text: str) -> Event:
    tokens = _tokens(text)
    if not tokens:
        return ()
    conditions, position = [], 0
    while position < len(tokens):
        condition, position = _parse_condition(tokens, position, text)
        conditions.append(condition)
        if position < len(tokens):
            if tokens[position][1] not in (",", "&", "∧", "and"):
                raise InvalidEvent(f"expected ',' between conditions in {text.strip()[:60]!r}")
            position += 1
    return tuple(conditions)


def _parse_condition(tokens: Sequence[tuple[str, str]], i: int, text: str) -> tuple[Condition, int]:
    def at(k: int) -> tuple[str, str]:
        return tokens[k] if k < len(tokens) else ("end", "")

    kind, name = at(i)
    if kind != "word":
        raise InvalidEvent(f"expected a variable name in {text.strip()[:60]!r}, got {name!r}")
    kind, op = at(i + 1)
    if kind == "op":
        value_kind, value = at(i + 2)
        return Condition(name, op, (_value(value_kind, value, text),)), i + 3
    if op == "in" or (op == "not" and at(i + 2)[1] == "in"):
        start = i + 2 if op == "in" else i + 3
        values, end = _parse_set(tokens, start, text)
        return Condition(name, "in" if op == "in" else "not in", values), end
    raise InvalidEvent(
        f"expected =, <, >, <=, >=, != or 'in' after {name!r} in {text.strip()[:60]!r}"
    )


def _parse_set(tokens: Sequence[tuple[str, str]], i: int, text: str) -> tuple[tuple, int]:
    if i >= len(tokens) or tokens[i][1] not in ("{", "("):
        raise InvalidEvent(f"expected '{{' after 'in' in {text.strip()[:60]!r}")
    close = "}" if tokens[i][1] == "{" else ")"
    values, i = [], i + 1
    while i < len(tokens) and tokens[i][1] != close:
        if tokens[i][1] != ",":
            values.append(_value(*tokens[i], text))
        i += 1
    if i >= len(tokens):
        raise InvalidEvent(f"missing '{close}' in {text.strip()[:60]!r}")
    return tuple(values), i + 1


def _value(kind: str, token: str, text: str) -> Hashable:
    if kind == "number":
        return _number(token)
    if kind == "quoted":
        return token[1:-1]
    if kind == "word":
        return token
    raise InvalidEvent(f"expected a value in {text.strip()[:60]!r}, got {token or 'the end'!r}")


def _number(token: str) -> int | Fraction:
    value = Fraction(token)
    return int(value) if value.denominator == 1 else value


def require_known(event: Event, variables: Sequence[str]) -> None:
    """Raise UnknownVariable if a condition names a variable not in ``variables``."""
    for condition in event:
        if condition.variable not in variables:
            raise UnknownVariable(
                f"event mentions {condition.variable!r}; the variables are {', '.join(variables)}"
            )
