"""Assumptions of a claim: conditional independences (``A ⊥ B | C``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symgen.notation.symbols import random_variable

__all__ = ["Independence", "parse_independence"]


# --------------------------------------------------------------------------- assumptions
@dataclass(frozen=True)
class Independence:
    """Conditional independence ``left ⊥ right | given`` between sets of random variables."""

    left: frozenset[sp.Symbol]
    right: frozenset[sp.Symbol]
    given: frozenset[sp.Symbol] = frozenset()

    def __str__(self) -> str:
        def names(s: frozenset[sp.Symbol]) -> str:
            return ", ".join(sorted(v.name for v in s))

        tail = f" | {names(self.given)}" if self.given else ""
        return f"{names(self.left)} ⊥ {names(self.right)}{tail}"


_PERP = re.compile(r"\s*(?:⊥|_\|_|\\perp|\bindep\b)\s*")
_BAR = re.compile(r"\s*(?:\||\bgiven\b)\s*")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}'*$")


def parse_independence(text: str) -> Independence | None:
    """Read ``"a ⊥ b | c"`` (also ``_|_``, ``\\perp``, ``indep``, ``given``); else ``None``.

    Names are checked against a plain identifier pattern; nothing is evaluated.

    >>> str(parse_independence("x ⊥ y | z"))
    'X ⊥ Y | Z'
    >>> parse_independence("q(x) > 0") is None
    True
    """
    if len(text) > 200:
        return None
    parts = _PERP.split(text.strip())
    if len(parts) != 2:
        return None
    right_given = _BAR.split(parts[1])
    if len(right_given) > 2:
        return None
    groups = [parts[0], right_given[0], right_given[1] if len(right_given) == 2 else ""]
    sets = [_names(g) for g in groups]
    if any(s is None for s in sets) or not sets[0] or not sets[1]:
        return None
    return Independence(*sets)  # type: ignore[arg-type]


def _names(group: str) -> frozenset[sp.Symbol] | None:
    names = [n.strip() for n in group.replace("{", "").replace("}", "").split(",") if n.strip()]
    if not all(_NAME.match(n) for n in names):
        return None
    return frozenset(random_variable(sp.Symbol(n)) for n in names)
