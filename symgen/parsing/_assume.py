"""Assumptions at the end of a claim: ``... where 0 < p < 1``, ``for p in (0, 1)``,
``where X ~ Bern(p) and n >= 1``.

The claim is cut at the first ``where``/``for``/``with``/``assuming``/``if`` outside brackets
(also written ``\\text{where}``). The rest is split at ``and``, ``;`` and top-level commas; each
piece is a chain of inequalities (``0 < p < 1``), a membership (``p, q in (0, 1)``, ``p \\in
[0, 1]``), a law (``X ~ Bern(p)``), a Markov chain (``X -> Y -> Z``, ``X \\to Y \\to Z``) or an
independence (``X _|_ Y | Z``, ``X \\perp Y``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgen.errors import ParseError
from symgen.parsing._screen import Text

_KEYWORD = re.compile(
    r"(?:,\s*)?(?:\\(?:text|mathrm|textrm)\s*\{\s*(?:where|for|with|assuming|if)\s*\}"
    r"|(?<![A-Za-z\\_])(?:where|for|with|assuming|if)(?![A-Za-z0-9_]))"
)
_AND = re.compile(r"\\(?:text|mathrm)\s*\{\s*and\s*\}|(?<![A-Za-z\\_])and(?![A-Za-z0-9_])|;")
_IN = re.compile(r"\\in(?![A-Za-z])|(?<![A-Za-z\\_])in(?![A-Za-z0-9_])")
_TILDE = re.compile(r"~|\\sim(?![A-Za-z])")
_COMMA = re.compile(",")
_BAR = re.compile(r"\||\\mid(?![A-Za-z])")
_ARROW = re.compile(r"->|\\to(?![A-Za-z])|\\rightarrow(?![A-Za-z])")
_PERP = re.compile(r"_\|_|\\perp(?:\s*\\perp)?(?![A-Za-z])")


@dataclass(frozen=True)
class Piece:
    """One assumption: ``kind`` is ``chain``, ``member`` or ``law``; ``parts`` its texts."""

    kind: str
    parts: tuple[Text, ...]
    closed: tuple[bool, bool] = (False, False)  # [a, b] brackets of a membership
    counts: tuple[int, ...] = ()  # names left of _|_, right of it, after its bar


def _slice(norm: Text, start: int, end: int) -> Text:
    return Text(norm.text[start:end], norm.columns[start:end], norm.latex)


def _top_level(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` outside every bracket."""
    depth, depths = 0, []
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        depths.append(depth)
    return [m for m in pattern.finditer(text) if depths[m.start()] == 0 and m.group()]


def _split(norm: Text, pattern: re.Pattern[str]) -> list[Text]:
    pieces, last = [], 0
    for match in _top_level(norm.text, pattern):
        pieces.append(_slice(norm, last, match.start()))
        last = match.end()
    pieces.append(_slice(norm, last, len(norm.text)))
    return pieces


def split_claim(norm: Text) -> tuple[Text, list[Piece]]:
    """The relation before the first keyword and the assumptions after it."""
    matches = _top_level(norm.text, _KEYWORD)
    if not matches:
        return norm, []
    cut = matches[0]
    relation = _slice(norm, 0, cut.start())
    return relation, split_assumptions(_slice(norm, cut.end(), len(norm.text)))


def split_assumptions(norm: Text) -> list[Piece]:
    """The assumptions of ``0 < p < 1 and X ~ Bern(p)``, one piece each."""
    return [_piece(part) for clause in _split(norm, _AND) for part in _commas(clause)]


_BARE_NAME = re.compile(r"\s*\\?[A-Za-z][A-Za-z0-9]*(_\{?[A-Za-z0-9]+\}?)?\s*")


def _commas(clause: Text) -> list[Text]:
    """``0 < p < 1, n >= 1`` is two pieces; ``p, q in (0, 1)`` is one (names join the next)."""
    cuts = [m.start() for m in _top_level(clause.text, re.compile(","))]
    pieces, start = [], 0
    for end in [*cuts, len(clause.text)]:
        part = clause.text[start:end]
        if end < len(clause.text) and _BARE_NAME.fullmatch(part):
            continue  # a name of "p, q in (0, 1)": keep it with what follows
        if not _top_level(part, _IN) and start < end and "," in part:
            sub = _split(_slice(clause, start, end), re.compile(","))
            pieces.extend(sub)
        else:
            pieces.append(_slice(clause, start, end))
        start = end + 1
    return pieces


def _piece(part: Text) -> Piece:
    if not part.text.strip():
        raise ParseError(f"empty assumption at column {part.column(0)}")
    member = _top_level(part.text, _IN)
    if member:
        names = _slice(part, 0, member[0].start())
        interval = _slice(part, member[0].end(), len(part.text)).text.strip()
        start = member[0].end() + part.text[member[0].end() :].index(interval[:1] or " ")
        if len(interval) < 2 or interval[0] not in "([" or interval[-1] not in ")]":
            raise ParseError(f"write an interval like (0, 1) at column {part.column(start)}")
        inner = _slice(part, start + 1, start + len(interval) - 1)
        bounds = _split(inner, re.compile(","))
        if len(bounds) != 2:
            raise ParseError(
                f"an interval has two ends, like (0, 1), at column {part.column(start)}"
            )
        ends = (interval[0] == "[", interval[-1] == "]")
        return Piece("member", (*_split(names, re.compile(",")), *bounds), ends)
    arrows = _top_level(part.text, _ARROW)
    if arrows:
        return Piece("markov", tuple(_split(part, _ARROW)))
    perp = _top_level(part.text, _PERP)
    if perp:
        left = _split(_slice(part, 0, perp[0].start()), _COMMA)
        right, *given = _split(_slice(part, perp[0].end(), len(part.text)), _BAR)
        groups = [left, _split(right, _COMMA), *(_split(g, _COMMA) for g in given)]
        if len(groups) > 3:
            raise ParseError(f"write X _|_ Y | Z at column {part.column(perp[0].start())}")
        counts = tuple(len(group) for group in groups)
        return Piece("perp", tuple(name for group in groups for name in group), counts=counts)
    law = _top_level(part.text, _TILDE)
    if law:
        cut = law[0]
        return Piece("law", (_slice(part, 0, cut.start()), _slice(part, cut.end(), len(part.text))))
    return Piece("chain", (part,))
