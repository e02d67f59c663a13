"""Independence and conditional independence, with a witness cell when they fail.

>>> from symgen.core.constructors import die, coin, independent
>>> bool(independent(die("x"), coin("y")).is_independent("x", "y"))
True
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import product

import sympy as sp

from symgen.core.exact import exact_sum
from symgen.core.factor import Factor


@dataclass(frozen=True)
class IndependenceVerdict:
    """Truthy when a ⊥ b (| given) holds; otherwise ``witness`` names a failing cell.

    ``lhs`` is P(a, b | given) and ``rhs`` is P(a | given) P(b | given) at the witness.
    ``holds`` is None when a symbolic difference could not be decided.
    """

    holds: bool | None
    a: tuple[str, ...]
    b: tuple[str, ...]
    given: tuple[str, ...] = ()
    witness: dict[str, Hashable] | None = None
    lhs: sp.Expr | None = None
    rhs: sp.Expr | None = None
    reason: str = field(default="")

    def __bool__(self) -> bool:
        return self.holds is True

    def statement(self) -> str:
        """Plain-text statement like ``x ⊥ y | z``."""
        text = f"{','.join(self.a)} ⊥ {','.join(self.b)}"
        return text + (f" | {','.join(self.given)}" if self.given else "")

    def __repr__(self) -> str:
        if self.holds:
            return f"<independent: {self.statement()} ({self.reason})>"
        cell = ", ".join(f"{k}={v}" for k, v in (self.witness or {}).items())
        return (
            f"<not independent: {self.statement()} fails at {cell}: "
            f"P(joint) = {self.lhs} but product = {self.rhs}; {self.reason}>"
        )

    def _repr_latex_(self) -> str:
        """Jupyter: the statement and, when it fails, the witness cell with both sides."""
        a, b = ",".join(self.a), ",".join(self.b)
        given = rf" \mid {','.join(self.given)}" if self.given else ""
        if self.holds:
            return rf"${a} \perp {b}{given}$"
        cell = ", ".join(f"{k}={v}" for k, v in (self.witness or {}).items())
        lhs, rhs = sp.latex(self.lhs), sp.latex(self.rhs)
        return rf"${a} \not\perp {b}{given}:\ \text{{at }} {cell},\ {lhs} \ne {rhs}$"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {
            "holds": self.holds,
            "statement": self.statement(),
            "witness": {k: str(v) for k, v in (self.witness or {}).items()} or None,
            "lhs": None if self.lhs is None else str(self.lhs),
            "rhs": None if self.rhs is None else str(self.rhs),
            "reason": self.reason,
        }


def independence_verdict(dist, a: Sequence[str], b: Sequence[str], given: Sequence[str]):
    """Decide a ⊥ b | given on ``dist`` exactly (cell by cell)."""
    a, b, given = tuple(a), tuple(b), tuple(given)
    if _in_separate_factors(dist.factors, a, b):
        return IndependenceVerdict(True, a, b, given, reason="separate independent factors")
    table = dist.merged(list(dict.fromkeys(a + b + given)))
    for g in _values(table, given):
        verdict = _check_slice(table, a, b, given, g)
        if verdict is not None:
            return verdict
    return IndependenceVerdict(True, a, b, given, reason="every cell factorises")


def _in_separate_factors(factors: Sequence[Factor], a: tuple, b: tuple) -> bool:
    return not any(set(f.variables) & set(a) and set(f.variables) & set(b) for f in factors)


def _values(table: Factor, names: tuple[str, ...]) -> list[tuple]:
    positions = [table.index(n) for n in names]
    return sorted({tuple(c[i] for i in positions) for c in table.cells}, key=str)


def _mass(table: Factor, fixed: dict[str, Hashable]) -> sp.Expr:
    checks = [(table.index(k), v) for k, v in fixed.items()]
    return exact_sum(p for c, p in table.cells.items() if all(c[i] == v for i, v in checks))


def _check_slice(table: Factor, a, b, given, g) -> IndependenceVerdict | None:
    fixed_g = dict(zip(given, g, strict=True))
    pg = _mass(table, fixed_g)
    if pg == 0:
        return None
    for va, vb in product(_values(table, a), _values(table, b)):
        fa, fb = dict(zip(a, va, strict=True)), dict(zip(b, vb, strict=True))
        pab = _mass(table, fa | fb | fixed_g)
        pa, pb = _mass(table, fa | fixed_g), _mass(table, fb | fixed_g)
        zero = _is_zero(pab * pg - pa * pb)
        if zero is not True:
            lhs, rhs = sp.cancel(pab / pg), sp.cancel(pa * pb / pg**2)
            reason = "cell does not factorise" if zero is False else "undecided symbolically"
            return IndependenceVerdict(
                zero, a, b, given, fa | fb | fixed_g, lhs, rhs,
                reason=reason + _where_it_factorises(pab * pg - pa * pb),
            )  # fmt: skip
    return None


def _where_it_factorises(difference: sp.Expr) -> str:
    """For one parameter, the values where this cell does factorise (e.g. p = 1/2)."""
    symbols = difference.free_symbols
    if len(symbols) != 1 or not difference.is_rational_function():
        return ""
    (symbol,) = symbols
    numerator = sp.numer(sp.together(difference))
    roots = [r for r in sp.solve(numerator, symbol) if r.is_real and 0 < r < 1]
    if not roots:
        return ""
    return f" (it factorises only when {symbol} = {' or '.join(map(str, roots))})"


def _is_zero(difference: sp.Expr) -> bool | None:
    """Exact zero test: decisive for rational functions of parameters, else best effort."""
    if difference.is_Rational:
        return bool(difference == 0)
    reduced = sp.cancel(sp.expand(difference))
    if reduced == 0:
        return True
    if reduced.is_rational_function():
        return False  # cancel() normalises rational functions, so non-zero here is final
    return True if sp.simplify(reduced) == 0 else None
