"""Random finite models that give the abstract notation of :mod:`symgen.notation.symbols` a meaning.

A :class:`Model` has random variables with supports of size 2-5, or 8-16 for the adversarial
kinds (outcome ``i`` of ``X`` has a numeric value ``values[X][i]``), one exact joint law per
distribution name (``P``, ``Q``, ``p_data`` ...) over all the random variables, an outcome for
every free outcome symbol, and a value for every other free symbol (parameters).
Probabilities come from a seeded Dirichlet (or the adversarial recipes of
:data:`ADVERSARIAL_KINDS`) and are made *exact* rationals, so a counterexample can be printed
exactly. Every cell is positive (full support; "extreme" models go down to 10^-50): a claim such as
``P(a) > 0`` is checked only under that assumption.

:func:`symgen.verify._evaluate.evaluate` gives the value of an expression at 50 significant
digits (mpmath); :func:`symgen.verify._evaluate.exact_value` gives the exact SymPy value (used
for counterexamples).

>>> import sympy as sp
>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> m = random_model([P(a, b)], seed=1)
>>> [str(v) for v in m.variables]
['A', 'B']
>>> from symgen.verify._evaluate import evaluate
>>> abs(evaluate(P(a, b) - P(a, given=b) * P(b), m)) < 1e-40
True
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp

from symgen.errors import SymgenError
from symgen.notation.operators import SupportSize
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    OutcomeSum,
    Prob,
    SelfInformation,
    Variance,
    is_distribution,
    is_random_variable,
    outcome_symbol,
    random_variable,
)
from symgen.verify.assumptions import Independence, parse_independence

__all__ = [
    "ADVERSARIAL_KINDS",
    "DIGITS",
    "KINDS",
    "MAX_VARIABLES",
    "Independence",
    "Model",
    "ModelError",
    "Scan",
    "averaged_variables",
    "model_variables",
    "parse_independence",
    "random_model",
    "scan",
    "with_law",
]

DIGITS = 50
KINDS = ("small", "generic", "skewed", "independent", "generic", "equal_laws", "small_skewed")
# models built to break bounds by a constant (H(X) <= 2, D_KL <= 10, P(a) > 1e-6): checked
# after the random ones. "large": uniform laws on supports of 8-16 outcomes; "large_diagonal":
# the variables (nearly) equal, uniform on 8-16 outcomes; "extreme": one cell of each
# (conditional) table holds all but 10^-9 or 10^-12 ("extreme_tiny": 10^-50) of the mass;
# every other law is P shifted by one outcome, so Q is tiny where P is large; "wide": outcome
# values and parameters with 61-bit prime denominators, so that no expression vanishing on
# the small value sets of the other kinds (binomial(100 p + 200, 400)) passes for zero.
ADVERSARIAL_KINDS = ("large", "extreme", "large_diagonal", "extreme_tiny", "wide", "wide")
_EXTREME_EPS = (Fraction(1, 10**9), Fraction(1, 10**12))
_TINY_EPS = Fraction(1, 10**50)
_DIRICHLET_SCALE = 1000
_MAX_CELLS = 144
MAX_VARIABLES = 10


class ModelError(SymgenError, ValueError):
    """An expression that cannot be given a value on a finite model (unknown object, bad law)."""


# --------------------------------------------------------------------------- the model
@dataclass
class Model:
    """An exact finite model: supports, outcome values, one joint law per name, assignments."""

    variables: tuple[sp.Symbol, ...]
    sizes: tuple[int, ...]
    values: dict[sp.Symbol, tuple[Fraction, ...]]
    laws: dict[sp.Symbol, Mapping[tuple[int, ...], Fraction]]
    assignment: dict[sp.Symbol, int]
    params: dict[sp.Symbol, Fraction]
    kind: str = "generic"
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def marginal(self, law: sp.Symbol, rvs: Sequence[sp.Symbol]) -> dict[tuple[int, ...], Fraction]:
        """Marginal table of ``law`` over ``rvs`` (in that order), cached."""
        key = (law, tuple(rvs))
        if key not in self.cache():
            if law not in self.laws:
                raise ModelError(f"the model has no distribution named {law}")
            pos = [self.variables.index(v) for v in rvs]
            table: dict[tuple[int, ...], Fraction] = {}
            for cell, pr in self.laws[law].items():
                sub = tuple(cell[i] for i in pos)
                table[sub] = table.get(sub, Fraction(0)) + pr
            self._cache[key] = table
        return self._cache[key]  # type: ignore[no-any-return]

    def cache(self) -> dict[Any, Any]:
        """The memo of marginals, emptied whenever a law table was replaced since it was filled.

        Copies of a model share the memo (it is what makes repeated checks fast); the memo
        keeps the tables it was computed from and compares them by identity.
        """
        snapshot = self._cache.get("laws")
        if (
            snapshot is None
            or snapshot.keys() != self.laws.keys()
            or any(snapshot[k] is not v for k, v in self.laws.items())
        ):
            self._cache.clear()
            self._cache["laws"] = dict(self.laws)
        return self._cache

    def size(self, rv: sp.Symbol) -> int:
        """Support size of a random variable."""
        return self.sizes[self.variables.index(rv)]

    def cell_name(self, cell: tuple[int, ...]) -> str:
        """``"X=4, Y=-1"``: a cell named by the values of its outcomes."""
        return ", ".join(
            f"{v}={self.values[v][i]}" for v, i in zip(self.variables, cell, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description; cells keyed ``"X=4, Y=-1"``, probabilities as ``"p/q"``."""
        return {
            "kind": self.kind,
            "variables": [v.name for v in self.variables],
            "values": {v.name: [str(x) for x in self.values[v]] for v in self.variables},
            "laws": {
                law.name: {self.cell_name(c): str(p) for c, p in sorted(t.items())}
                for law, t in self.laws.items()
            },
            "assignment": {
                outcome_symbol(v).name: str(self.values[v][i]) for v, i in self.assignment.items()
            },
            "params": {s.name: str(v) for s, v in self.params.items()},
        }

    def describe(self) -> str:
        """Short human text: each law's exact table by outcome values, then assignments."""
        lines = []
        for law, table in self.laws.items():
            cells = ", ".join(f"{law}({self.cell_name(c)}) = {p}" for c, p in sorted(table.items()))
            lines.append(cells)
        for v, i in self.assignment.items():
            lines.append(f"{outcome_symbol(v)} = {self.values[v][i]}")
        lines += [f"{s} = {v}" for s, v in self.params.items()]
        return "\n".join(lines)


# --------------------------------------------------------------------------- scanning
@dataclass
class Scan:
    """What an expression needs from a model."""

    rvs: set[sp.Symbol] = field(default_factory=set)
    laws: set[sp.Symbol] = field(default_factory=set)
    bare: set[sp.Symbol] = field(default_factory=set)


def scan(exprs: Iterable[sp.Basic]) -> Scan:
    """Random variables, laws and bare symbols named in some expressions."""
    found = Scan()
    for expr in exprs:
        _scan(sp.sympify(expr) if isinstance(expr, (int, float)) else expr, found)
    return found


def _law_or_prob(arg: sp.Basic, found: Scan) -> None:
    if isinstance(arg, Prob):
        _scan(arg, found)
    else:
        found.laws.add(arg)


def _scan(expr: sp.Basic, found: Scan) -> None:
    if isinstance(expr, Prob):
        found.laws.add(expr.dist)
        found.rvs.update(random_variable(s) for s in (*expr.variables, *expr.given))
    elif isinstance(expr, (Entropy, MutualInformation, SelfInformation)):
        found.laws.add(expr.dist)
        for part in expr.args[:-1]:
            found.rvs.update(random_variable(s) for s in part)
    elif isinstance(expr, (CrossEntropy, KLDivergence, JSDivergence)):
        _law_or_prob(expr.p, found)
        _law_or_prob(expr.q, found)
    elif isinstance(expr, (Variance, Covariance)):
        found.laws.add(DEFAULT_DIST)
        found.rvs.update(random_variable(s) for s in expr.args)
    elif isinstance(expr, OutcomeSum):
        found.rvs.update(random_variable(s) for s in expr.over)
        _scan(expr.body, found)
    elif isinstance(expr, Expectation):
        if expr.over == sp.Tuple():
            found.laws.add(DEFAULT_DIST)
        else:
            _law_or_prob(expr.over, found)
        found.rvs.update(averaged_variables(expr) if not isinstance(expr.over, Prob) else set())
        found.rvs.update(_random_variables_in(expr.body))
        _scan(expr.body, found)
    elif isinstance(expr, SupportSize):
        found.rvs.add(expr.args[0])
    elif isinstance(expr, sp.Symbol):
        found.bare.add(expr)
    else:
        for arg in expr.args:
            _scan(arg, found)


def _under_logs(exprs: Iterable[sp.Basic]) -> set[sp.Symbol]:
    """Random variables whose *values* are taken a log or a fractional power of.

    ``E[log X]`` needs X > 0 to mean anything; probabilities (``log P(x)``) do not count.
    Only every other model gets positive values (see :func:`random_model`): an equality
    true only for positive values (sqrt(X^2) = X) must still meet negative ones.
    """
    found: set[sp.Symbol] = set()

    def values_in(expr: sp.Basic) -> set[sp.Symbol]:
        if isinstance(expr, Prob):
            return set()
        if isinstance(expr, sp.Symbol):
            return {random_variable(expr)} if not is_distribution(expr) else set()
        return set().union(set(), *(values_in(a) for a in expr.args))

    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.log) or (isinstance(node, sp.Pow) and not node.exp.is_Integer):
                found |= values_in(node.args[0])
    return found


# --------------------------------------------------------------------------- sampling
def _weights(rng: np.random.Generator, k: int, alpha: float) -> list[Fraction]:
    """k exact positive probabilities from a Dirichlet(alpha) draw, denominators ~1000."""
    draw = rng.dirichlet([alpha] * k)
    ints = [max(1, round(float(w) * _DIRICHLET_SCALE)) for w in draw]
    total = sum(ints)
    return [Fraction(i, total) for i in ints]


def _style_weights(rng: np.random.Generator, k: int, kind: str) -> list[Fraction] | None:
    """Weights of the adversarial kinds (None: use a Dirichlet draw)."""
    if kind.startswith("large"):
        return [Fraction(1, k)] * k
    if kind.startswith("extreme"):
        eps = _TINY_EPS if kind == "extreme_tiny" else _EXTREME_EPS[int(rng.integers(0, 2))]
        heavy = int(rng.integers(0, k))
        return [1 - (k - 1) * eps if i == heavy else eps for i in range(k)]
    return None


def _shifted(
    table: Mapping[tuple[int, ...], Fraction], sizes: tuple[int, ...]
) -> dict[tuple[int, ...], Fraction]:
    """The law moved by one outcome in every variable: its heavy cell lands on a light one."""
    return {
        tuple((i + 1) % n for i, n in zip(cell, sizes, strict=True)): pr
        for cell, pr in table.items()
    }


def _diagonal(
    rvs: Sequence[sp.Symbol], sizes: dict[sp.Symbol, int]
) -> dict[tuple[int, ...], Fraction]:
    """Uniform on the cells whose outcomes all have the same index; 10^-12 elsewhere."""
    cells = list(itertools.product(*(range(sizes[v]) for v in rvs)))
    raw = {c: Fraction(1) if len(set(c)) == 1 else Fraction(1, 10**12) for c in cells}
    total = sum(raw.values())
    return {c: w / total for c, w in raw.items()}


def _blocks(
    rvs: Sequence[sp.Symbol], indeps: Sequence[Independence], kind: str
) -> tuple[list[sp.Symbol], list[list[sp.Symbol]], list[sp.Symbol]]:
    """Order of construction: conditioning set, independent blocks given it, the rest."""
    if kind == "independent":
        return [], [[v] for v in rvs], []
    if not indeps:
        return [], [list(rvs)], []
    given = sorted(set().union(*(i.given for i in indeps)), key=str)
    sep = sorted(set().union(*(i.left | i.right for i in indeps)) - set(given), key=str)
    rest = [v for v in rvs if v not in given and v not in sep]
    return [v for v in given if v in rvs], [[v] for v in sep if v in rvs], rest


def _joint(
    rng: np.random.Generator,
    rvs: Sequence[sp.Symbol],
    sizes: dict[sp.Symbol, int],
    indeps: Sequence[Independence],
    kind: str,
) -> dict[tuple[int, ...], Fraction]:
    """Exact joint table over ``rvs`` built as P(C) prod_i P(B_i | C) P(R | C, B)."""
    alpha = 0.25 if kind.endswith("skewed") else 1.0
    if kind == "large_diagonal" and not indeps and len(rvs) > 1:
        return _diagonal(rvs, sizes)
    given, blocks, rest = _blocks(rvs, indeps, kind)
    factors: list[tuple[list[sp.Symbol], list[sp.Symbol]]] = [(given, [])] if given else []
    factors += [(b, given) for b in blocks]
    if rest:
        factors.append((rest, [v for v in rvs if v not in rest]))
    tables = [_conditional(rng, head, cond, sizes, alpha, kind) for head, cond in factors]
    joint: dict[tuple[int, ...], Fraction] = {}
    for cell in itertools.product(*(range(sizes[v]) for v in rvs)):
        at = dict(zip(rvs, cell, strict=True))
        pr = Fraction(1)
        for (head, cond), table in zip(factors, tables, strict=True):
            pr *= table[tuple(at[v] for v in cond)][tuple(at[v] for v in head)]
        joint[cell] = pr
    return joint


def _conditional(
    rng: np.random.Generator,
    head: list[sp.Symbol],
    cond: list[sp.Symbol],
    sizes: dict[sp.Symbol, int],
    alpha: float,
    kind: str = "generic",
) -> dict[tuple[int, ...], dict[tuple[int, ...], Fraction]]:
    heads = list(itertools.product(*(range(sizes[v]) for v in head)))
    out = {}
    for c in itertools.product(*(range(sizes[v]) for v in cond)):
        weights = _style_weights(rng, len(heads), kind) or _weights(rng, len(heads), alpha)
        out[c] = dict(zip(heads, weights, strict=True))
    return out


def _outcome_values(
    rng: np.random.Generator, size: int, kind: str, positive: bool = False
) -> tuple[Fraction, ...]:
    """Distinct sorted outcome values: small integers, wide integers or fractions k/7.

    ``positive`` (a variable under a log, a root or a division) moves the pool above 0.
    """
    if kind.endswith("skewed") or kind.startswith("large"):
        pool, scale = range(-50, 51), 1
    elif kind in ("independent", "equal_laws"):
        pool, scale = range(-30, 31), 7
    else:
        pool, scale = range(-3, 9), 1
    if kind == "wide":
        wide: set[Fraction] = set()
        while len(wide) < size:
            wide.add(_wide(rng, 0 if positive else -50, 50))
        return tuple(sorted(wide))
    picks = rng.choice(pool, size, replace=False)
    shift = 1 - min(pool) if positive else 0
    return tuple(sorted(Fraction(int(k) + shift, scale) for k in picks))


_WIDE_DEN = 2**61 - 1  # a prime: no short expression vanishes on every such value


def _wide(rng: np.random.Generator, low: int, high: int) -> Fraction:
    """A rational in (low, high) with a 61-bit prime denominator: from a huge set of values.

    Models draw small values from small sets; an expression such as binomial(100 p + 200, 400)
    vanishes on all of them, but not at a value like this one.
    """
    return low + Fraction(int(rng.integers(1, _WIDE_DEN)) * (high - low), _WIDE_DEN)


def _wide_param(rng: np.random.Generator, sym: sp.Symbol) -> Fraction:
    if getattr(sym, "is_probability", False):
        return _wide(rng, 0, 1)
    if sym.is_integer:
        return Fraction(int(rng.integers(1 if sym.is_positive else 0, 10**6)))
    if sym.is_positive or sym.is_nonnegative:
        return _wide(rng, 0, 8)
    return _wide(rng, -8, 8)


def _param(rng: np.random.Generator, sym: sp.Symbol, kind: str = "generic") -> Fraction:
    if kind == "wide":
        return _wide_param(rng, sym)
    if getattr(sym, "is_probability", False):
        return Fraction(int(rng.integers(1, 100)), 100)
    if sym.is_integer:
        low = 1 if sym.is_positive else 0
        return Fraction(int(rng.integers(low, 7)))
    if sym.is_positive or sym.is_nonnegative:
        return Fraction(int(rng.integers(1, 301)), 100)
    value = int(rng.integers(1, 201)) * (1 if rng.random() < 0.5 else -1)
    return Fraction(value, 100)


def random_model(
    exprs: Iterable[sp.Basic],
    *,
    seed: int = 0,
    kind: str = "generic",
    assumes: Sequence[Independence] = (),
) -> Model:
    """A seeded random model for everything the expressions mention.

    ``kind``: ``small`` (every support of size 2), ``generic`` (Dirichlet(1)), ``skewed``
    (Dirichlet(1/4), near-degenerate), ``independent`` (every variable independent) or
    ``equal_laws`` (all laws the same), or one of :data:`ADVERSARIAL_KINDS`. Independence
    assumptions, statements about the default law P, are built in: P(C) prod P(B_i | C)
    P(rest | ...). Models are cached by what they depend on (the variables, laws and
    parameters named, the seed, the kind, the assumptions); each call returns a copy whose
    dictionaries may be changed freely.
    """
    exprs = list(exprs)
    found = scan(exprs)
    rvs = _variables(found, exprs, assumes)
    if len(rvs) > MAX_VARIABLES:
        raise ModelError(f"{len(rvs)} random variables (max {MAX_VARIABLES} for a finite model)")
    laws = tuple(sorted(found.laws | {DEFAULT_DIST}, key=str))
    params = tuple(
        s
        for s in sorted(found.bare, key=str)
        if random_variable(s) not in rvs or is_distribution(s)
    )
    # half the models keep values under a log positive (so such claims get decided), half
    # do not (so that what holds only for positive values is still refuted)
    positive = tuple(v for v in rvs if v in _under_logs(exprs)) if seed % 2 == 0 else ()
    model = _build(rvs, laws, params, seed, kind, tuple(assumes), positive)
    return dataclasses.replace(
        model,
        values=dict(model.values),
        assignment=dict(model.assignment),
        params=dict(model.params),
        laws=dict(model.laws),
    )


@functools.lru_cache(maxsize=2048)
def _build(
    variables: tuple[sp.Symbol, ...],
    laws: tuple[sp.Symbol, ...],
    params: tuple[sp.Symbol, ...],
    seed: int,
    kind: str,
    assumes: tuple[Independence, ...],
    positive: tuple[sp.Symbol, ...] = (),
) -> Model:
    rng = np.random.default_rng(seed)
    low, high = (8, 17) if kind.startswith("large") else (2, 6)
    sizes = {v: 2 if kind.startswith("small") else int(rng.integers(low, high)) for v in variables}
    while np.prod(list(sizes.values())) > _MAX_CELLS:  # keep many-variable models fast
        biggest = max(sizes, key=lambda v: (sizes[v], v.name))
        if sizes[biggest] == 2:  # never below 2: a constant variable hides dependence
            break
        sizes[biggest] -= 1
    values = {v: _outcome_values(rng, sizes[v], kind, v in positive) for v in variables}
    # assumptions are statements about the default law P; other laws are unrestricted
    first = _joint(rng, variables, sizes, assumes, kind)
    tables: dict[sp.Symbol, Mapping[tuple[int, ...], Fraction]] = {}
    for law in laws:
        same = law == DEFAULT_DIST or kind == "equal_laws"
        table = first if same else _joint(rng, variables, sizes, (), kind)
        if kind.startswith("extreme") and not same:
            table = _shifted(first, tuple(sizes[v] for v in variables))
        # read-only: the model is cached and shared, so its tables must not change in place
        tables[law] = MappingProxyType(table)
    assignment = {v: int(rng.integers(0, sizes[v])) for v in variables}
    values_of_params = {s: _param(rng, s, kind) for s in params}
    return Model(
        variables,
        tuple(sizes[v] for v in variables),
        values,
        tables,
        assignment,
        values_of_params,
        kind,
    )


def with_law(
    model: Model, law: sp.Symbol, table: Mapping[tuple[int, ...], Fraction] | int
) -> Model:
    """A copy of ``model`` where ``law`` has another table (or a fresh random one from a seed).

    >>> import sympy as sp
    >>> from symgen.notation.symbols import D
    >>> m = random_model([D("P", "Q")], seed=0)
    >>> with_law(m, sp.Symbol("Q"), 7).laws[sp.Symbol("Q")] != m.laws[sp.Symbol("Q")]
    True
    """
    if isinstance(table, int):
        sizes = dict(zip(model.variables, model.sizes, strict=True))
        table = _joint(np.random.default_rng(table), model.variables, sizes, (), "generic")
    return dataclasses.replace(model, laws={**model.laws, law: table}, _cache={})


def model_variables(
    exprs: Iterable[sp.Basic], assumes: Sequence[Independence] = ()
) -> tuple[sp.Symbol, ...]:
    """Random variables a model for ``exprs`` needs, sorted; ``(X,)`` for laws alone."""
    exprs = list(exprs)
    return _variables(scan(exprs), exprs, assumes)


def _variables(
    found: Scan, exprs: list[sp.Basic], assumes: Sequence[Independence]
) -> tuple[sp.Symbol, ...]:
    rvs = set(found.rvs) | {v for a in assumes for v in (*a.left, *a.right, *a.given)}
    if not rvs and (found.laws - {DEFAULT_DIST} or _has_law_measure(exprs)):
        rvs = {sp.Symbol("X")}
    return tuple(sorted(rvs, key=lambda v: v.name))


def _has_law_measure(exprs: Iterable[sp.Basic]) -> bool:
    types = (CrossEntropy, KLDivergence, JSDivergence, Entropy)
    return any(isinstance(e, sp.Basic) and e.has(*types) for e in exprs)


def _dedupe(rvs: Sequence[sp.Symbol], idx: Sequence[int]) -> tuple[Any, list[int]]:
    """Merge repeated variables: P(x, x) = P(x); conflicting outcomes have probability 0."""
    seen: dict[sp.Symbol, int] = {}
    for v, i in zip(rvs, idx, strict=True):
        if seen.setdefault(v, i) != i:
            return None, []
    return list(seen), list(seen.values())


def averaged_variables(expr: Expectation) -> set[sp.Symbol]:
    """Random variables an expectation over a law (not a ``Prob`` term) averages over.

    Those written in capitals (``E[X Y]``, ``E[-log P(X)]``); when the body names none, the
    variables of its outcome symbols (``E_{x~P}[x]``, ``E_x[f(x)]``, read as E[X], E[f(X)]).
    """
    rvs = _random_variables_in(expr.body)
    if rvs:
        return rvs
    return {
        random_variable(s)
        for s in expr.body.atoms(sp.Symbol)
        if s.name[:1].islower() and not is_distribution(s)
    }


def _random_variables_in(expr: sp.Basic) -> set[sp.Symbol]:
    """Capitalised random-variable symbols in ``expr`` (also inside Prob terms)."""
    found: set[sp.Symbol] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Symbol) and is_random_variable(node):
            found.add(node)
    return found
