"""Assumptions of a claim: independences, Markov chains, parameter ranges, ``X ~ Bern(p)``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symgen.errors import ParseError
from symgen.notation.laws import BernoulliLaw, Distributed, Independent, MarkovChain
from symgen.notation.symbols import DEFAULT_DIST, Entropy, Expectation, Variance, random_variable

__all__ = ["Assumed", "Independence", "UnitParameter", "parse_independence", "read_assumptions"]


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


# --------------------------------------------------------------------------- claim assumptions
class UnitParameter(sp.Symbol):
    """A parameter assumed to lie in (0, 1) (``where 0 < p < 1``): models draw it there."""

    is_probability = True

    def __new__(cls, name: str) -> UnitParameter:
        return super().__new__(cls, name, positive=True)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Assumed:
    """What a claim's assumptions mean for the check: independences and substitutions."""

    independences: tuple[Independence, ...] = ()
    substitutions: tuple[tuple[sp.Basic, sp.Basic], ...] = ()
    shown: tuple[str, ...] = ()

    def apply(self, expr: sp.Basic) -> sp.Basic:
        """``expr`` with parameters replaced by their ranged symbols and laws by closed forms."""
        if not self.substitutions:
            return expr
        subs = dict(self.substitutions)
        names = {k.name: v for k, v in subs.items() if isinstance(k, sp.Symbol)}
        for sym in expr.free_symbols:  # --assume text may spell p with other SymPy flags
            if isinstance(sym, sp.Symbol) and sym.name in names and sym not in subs:
                subs[sym] = names[sym.name]
        return expr.xreplace(subs)


def read_assumptions(assumes: Sequence[Any], exprs: Sequence[sp.Basic] = ()) -> Assumed:
    """Read ``where ...`` assumptions: ranges of parameters, ``X ~ Bern(p)``, Markov chains,
    independences (objects from :func:`symgen.parsing.parser.parse_claim`, or text).

    A range inside [0, 1] makes the parameter a :class:`UnitParameter`; a lower bound >= 0
    makes it positive. Any other assumption the models cannot honour is a ParseError, so a
    counterexample never breaks an assumption.

    >>> a = read_assumptions(["0 < p < 1", "X -> Y -> Z"])
    >>> [str(i) for i in a.independences], a.shown
    (['X ⊥ Z | Y'], ('0 < p', 'p < 1', 'X -> Y -> Z'))
    """
    items: list[Any] = []
    for a in assumes:
        if isinstance(a, str):
            ind = parse_independence(a)
            if ind is not None:
                items.append(ind)
                continue
            from symgen.parsing.parser import parse_assumptions

            items.extend(parse_assumptions(a))
        else:
            items.append(a)
    indeps: list[Independence] = []
    low: dict[sp.Symbol, Any] = {}
    high: dict[sp.Symbol, Any] = {}
    laws: dict[sp.Symbol, sp.Basic] = {}
    for item in items:
        if isinstance(item, Independence):
            indeps.append(item)
        elif isinstance(item, MarkovChain):
            chain = [random_variable(s) for s in item.args]
            for k in range(1, len(chain) - 1):
                indeps.append(
                    Independence(
                        frozenset(chain[:k]), frozenset({chain[k + 1]}), frozenset({chain[k]})
                    )
                )
        elif isinstance(item, Independent):
            left, right, given = (frozenset(random_variable(s) for s in part) for part in item.args)
            indeps.append(Independence(left, right, given))
        elif isinstance(item, Distributed):
            laws[random_variable(item.variable)] = item.law
        elif isinstance(item, sp.Rel):
            _bound(item, low, high)
        else:
            raise ParseError(f"cannot use the assumption {item}")
    for law in laws.values():  # a Bernoulli parameter is a probability
        for p in law.free_symbols:
            low.setdefault(p, 0)
            high.setdefault(p, 1)
    subs: dict[sp.Basic, sp.Basic] = {}
    for sym in sorted(set(low) | set(high), key=str):
        lo, hi = low.get(sym), high.get(sym)
        if lo is not None and lo >= 0 and hi is not None and hi <= 1:
            subs[sym] = UnitParameter(sym.name)
        elif lo is not None and lo >= 0 and hi is None:
            subs[sym] = sp.Symbol(sym.name, positive=True)
        else:
            raise ParseError(
                f"the range of {sym} is not supported (use 0 < {sym} < 1 or {sym} > 0)"
            )
    for rv, law in laws.items():
        subs.update(_law_forms(rv, law, subs, exprs))
    shown = tuple(str(i) for i in items)
    return Assumed(tuple(indeps), tuple(subs.items()), shown)


def _bound(rel: sp.Rel, low: dict, high: dict) -> None:
    """Record ``0 < p``, ``p <= 1``, ``p > 0`` ... as bounds of the symbol."""
    small, big = (
        (rel.lhs, rel.rhs)
        if isinstance(rel, (sp.StrictLessThan, sp.LessThan))
        else (
            (rel.rhs, rel.lhs)
            if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan))
            else (None, None)
        )
    )
    if isinstance(small, sp.Symbol) and big is not None and big.is_number:
        high[small] = min(high.get(small, big), big)
    elif isinstance(big, sp.Symbol) and small is not None and small.is_number:
        low[big] = max(low.get(big, small), small)
    else:
        raise ParseError(f"the assumption {rel} is not a bound of one parameter")


def _law_forms(
    rv: sp.Symbol, law: sp.Basic, subs: dict, exprs: Sequence[sp.Basic]
) -> dict[sp.Basic, sp.Basic]:
    """Closed forms of H(X), E[X], Var(X) for X ~ Bern(p); other uses of X are refused."""
    if not isinstance(law, BernoulliLaw):
        raise ParseError(f"{rv} ~ {law}: only Bern(p) laws can be assumed in a claim")
    p = law.params[0].xreplace(subs)
    forms: dict[sp.Basic, sp.Basic] = {
        Entropy(sp.Tuple(rv), sp.Tuple(), DEFAULT_DIST): -p * sp.log(p) - (1 - p) * sp.log(1 - p),
        Expectation(rv, sp.Tuple()): p,
        Variance(rv): p * (1 - p),
    }
    for expr in exprs:
        rest = expr.xreplace(forms)
        if rv in rest.free_symbols or random_variable(rv) in {
            random_variable(s) for s in rest.free_symbols if isinstance(s, sp.Symbol)
        } - {random_variable(s) for s in law.free_symbols}:
            raise ParseError(f"{rv} ~ {law}: only H({rv}), E[{rv}] and Var({rv}) can use that law")
    return forms
