"""Random finite models that give the abstract notation of :mod:`symgen.notation.symbols` a meaning.

A :class:`Model` has random variables with supports of size 2-5, or 8-16 for the adversarial
kinds (outcome ``i`` of ``X`` has a numeric value ``values[X][i]``), one exact joint law per
distribution name (``P``, ``Q``, ``p_data`` ...) over all the random variables, an outcome for
every free outcome symbol, and a value for every other free symbol (parameters).
Probabilities come from a seeded Dirichlet (or the adversarial recipes of
:data:`ADVERSARIAL_KINDS`) and are made *exact* rationals, so a counterexample can be printed
exactly. Every cell is positive (full support; "extreme" models go down to 10^-50): a claim such as
``P(a) > 0`` is checked only under that assumption.

:func:`evaluate` gives the value of an expression at 50 significant digits (mpmath);
:func:`exact_value` gives the exact SymPy value (used for counterexamples).

>>> import sympy as sp
>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> m = random_model([P(a, b)], seed=1)
>>> [str(v) for v in m.variables]
['A', 'B']
>>> abs(evaluate(P(a, b) - P(a, given=b) * P(b), m)) < 1e-40
True
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from symgen.errors import SymgenError
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    Notation,
    OutcomeSum,
    Prob,
    SelfInformation,
    Variance,
    is_distribution,
    is_random_variable,
    outcome_symbol,
    random_variable,
)

__all__ = [
    "ADVERSARIAL_KINDS",
    "KINDS",
    "Independence",
    "Model",
    "ModelError",
    "averaged_variables",
    "evaluate",
    "evaluate_tracked",
    "exact_value",
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


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Backend:
    """Number system used by the evaluator: exact SymPy values or 50-digit mpmath floats."""

    name: str
    const: Callable[[Any], Any]
    log: Callable[[Any], Any]
    call: Callable[[sp.Basic, list[Any]], Any]


def _mp_const(value: Any) -> Any:
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, int):
        return mpmath.mpf(value)
    if value in (sp.oo, -sp.oo):
        return mpmath.inf if value == sp.oo else -mpmath.inf
    return _mp_number(value, mpmath.mp.dps)


@functools.lru_cache(maxsize=512)
def _mp_number(value: sp.Expr, dps: int) -> Any:
    """A SymPy constant (log 2, exp(exp(5))) at ``dps`` digits, cached: models repeat them."""
    return mpmath.mpmathify(sp.N(value, dps))


def _mp_log(value: Any) -> Any:
    if value == 0:
        return mpmath.mpf("-inf")
    return mpmath.log(value)


def _mp_call(expr: sp.Basic, args: list[Any]) -> Any:
    dps = mpmath.mp.dps  # the working precision of the current evaluation
    floats = [
        sp.Float(mpmath.nstr(a, dps), dps) if mpmath.im(a) == 0 else sp.sympify(complex(a))
        for a in args
    ]
    return mpmath.mpmathify(sp.N(expr.func(*floats), dps))


def _sp_const(value: Any) -> Any:
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.sympify(value) if isinstance(value, int) else value


NUMERIC = Backend("numeric", _mp_const, _mp_log, _mp_call)
EXACT = Backend("exact", _sp_const, sp.log, lambda expr, args: expr.func(*args))


@functools.lru_cache(maxsize=16)
def _numeric_backend(digits: int) -> Backend:
    """The mpmath backend at ``digits``; its own name keeps its cached tables apart."""
    if digits == DIGITS:
        return NUMERIC
    return Backend(f"numeric@{digits}", _mp_const, _mp_log, _mp_call)


def evaluate(expr: sp.Basic, model: Model, *, digits: int = DIGITS) -> Any:
    """Value of ``expr`` on ``model`` as an mpmath number to ``digits`` significant digits.

    Probabilities go in exactly; the work is done at ``digits + 10`` digits.
    """
    with mpmath.workdps(digits + 10):
        return _Evaluator(model, _numeric_backend(digits)).value(expr, {})


def evaluate_tracked(expr: sp.Basic, model: Model, *, digits: int = DIGITS) -> tuple[Any, int]:
    """:func:`evaluate`, and the digits needed so that no term of a sum is lost.

    A value computed at ``digits`` digits is trustworthy as far as cancellation goes only
    when ``digits`` is at least the second number: evaluate again at that precision.

    >>> import sympy as sp
    >>> from symgen.notation.symbols import H
    >>> m = random_model([H("X")], seed=0)
    >>> evaluate_tracked(H("X") + sp.Rational(1, 10**70), m)[1] > 70
    True
    """
    with mpmath.workdps(digits + 10):
        ev = _Evaluator(model, _numeric_backend(digits))
        return ev.value(expr, {}), ev.need


def exact_value(expr: sp.Basic, model: Model) -> sp.Expr:
    """Exact SymPy value of ``expr`` on ``model`` (rationals and logs of rationals)."""
    return sp.sympify(_Evaluator(model, EXACT).value(expr, {}))


Env = dict[sp.Symbol, int]
_NEED_GUARD = 60  # digits kept beyond the spread of a sum's terms
_TINY_ARGUMENT_BITS = 60  # |x| < 2^-60 inside exp/cos/...: 1 + x needs more digits


def _orders(bits: int) -> int:
    """Decimal orders of magnitude in ``bits`` binary ones (integer arithmetic)."""
    return bits * 30103 // 100000 + 1


_PLAIN = (sp.Sum, sp.Product, sp.Derivative, sp.Integral, sp.Piecewise, sp.Max, sp.Min)


class _Evaluator:
    """Recursive evaluator: ``env`` maps bound random variables to outcome indices."""

    def __init__(self, model: Model, backend: Backend) -> None:
        self.model = model
        self.b = backend
        self.zero = backend.const(0)
        self._tables: dict[tuple, tuple[Any, dict]] = model.cache().setdefault(backend.name, {})
        # decimal digits that keep every term of every sum visible next to the largest one
        # (a term 10^-60 added to 1 is lost at 50 digits); numeric backends only
        self.need = 0
        self.track = backend is not EXACT

    def note_terms(self, terms: Iterable[Any]) -> None:
        """Record how many digits separate the largest and smallest non-zero term of a sum."""
        if not self.track:
            return
        mags = [mpmath.mag(t) for t in terms if t != 0 and mpmath.isfinite(t)]
        if len(mags) > 1:
            self.need = max(self.need, _orders(int(max(mags) - min(mags))) + _NEED_GUARD)

    def note_arguments(self, args: Iterable[Any]) -> None:
        """exp(x), cos(x) of a tiny x is 1 + x or 1 - x^2/2: x must stay visible."""
        if not self.track:
            return
        for a in args:
            if a != 0 and mpmath.isfinite(a) and mpmath.mag(a) < -_TINY_ARGUMENT_BITS:
                self.need = max(self.need, 2 * _orders(-int(mpmath.mag(a))) + _NEED_GUARD)

    # -- leaves
    def index(self, sym: sp.Symbol, env: Env) -> int:
        rv = random_variable(sym)
        if rv in env:
            return env[rv]
        if rv not in self.model.assignment:
            raise ModelError(f"no outcome for {sym} in the model")
        return self.model.assignment[rv]

    def symbol(self, sym: sp.Symbol, env: Env) -> Any:
        if sym in self.model.params:
            return self.b.const(self.model.params[sym])
        rv = random_variable(sym)
        if rv in self.model.values:
            return self.b.const(self.model.values[rv][self.index(sym, env)])
        raise ModelError(f"no value for the symbol {sym} in the model")

    def prob(self, law: sp.Symbol, rvs: Sequence[sp.Symbol], idx: Sequence[int]) -> Any:
        key = (law, tuple(rvs))
        entry = self._tables.get(key)
        if entry is None:
            entry = self._tables[key] = self._table(law, rvs)
        order, table = entry
        if order is None:
            rvs, idx = _dedupe(rvs, idx)
            if rvs is None:
                return self.zero
            return self.prob(law, rvs, idx)
        return table.get(tuple(idx[i] for i in order), self.zero)

    def _table(self, law: sp.Symbol, rvs: Sequence[sp.Symbol]) -> tuple[Any, dict]:
        """Marginal of ``law`` over ``rvs`` in backend numbers, with the sort order used."""
        if len(set(rvs)) != len(rvs):
            return None, {}
        order = sorted(range(len(rvs)), key=lambda i: rvs[i].name)
        table = self.model.marginal(law, [rvs[i] for i in order])
        return order, {cell: self.b.const(pr) for cell, pr in table.items()}

    # -- dispatch
    def value(self, expr: sp.Basic, env: Env) -> Any:
        if isinstance(expr, Notation):
            return self.notation(expr, env)
        if isinstance(expr, sp.Symbol):
            return self.symbol(expr, env)
        if isinstance(expr, sp.Rational):
            return self.b.const(Fraction(int(expr.p), int(expr.q)))
        if expr.is_number and not expr.has(Notation):
            return self.b.const(expr)
        if isinstance(expr, _PLAIN) and not expr.has(Notation):
            return self.plain(expr, env)
        args = [self.value(a, env) for a in expr.args]
        if isinstance(expr, sp.Add):
            self.note_terms(args)
            total = args[0]
            for a in args[1:]:
                total = total + a
            return total
        if isinstance(expr, sp.Mul):
            prod = args[0]
            for a in args[1:]:
                prod = prod * a
            return prod
        if isinstance(expr, sp.Pow):
            return args[0] ** args[1]
        if isinstance(expr, sp.log):
            return self.b.log(args[0])
        if isinstance(expr, AppliedUndef):
            return self.b.const(self.undefined(expr, env))
        if isinstance(expr, (sp.Function, sp.Abs)):
            self.note_arguments(args)
            return self.b.call(expr, args)
        raise ModelError(f"cannot evaluate {type(expr).__name__} on a finite model")

    def undefined(self, expr: sp.Basic, env: Env) -> Fraction:
        """A value for an unknown function f(...): random but fixed per model and argument.

        Arguments are keyed by their exact value (to 40 digits when it is not rational), so
        f(x) is the same number wherever x has the same value, in either backend; values have
        a 61-bit prime denominator.
        """
        exact = self if self.b is EXACT else _Evaluator(self.model, EXACT)
        keys = []
        for arg in expr.args:
            v = sp.sympify(exact.value(arg, env))
            if v.is_Rational:
                keys.append(str(v))
                continue
            with mpmath.workdps(60):
                n = mpmath.mpmathify(sp.N(v, 60))
                if mpmath.im(n) != 0 or not mpmath.isfinite(n):
                    raise ModelError(f"{expr}: no value at a complex or infinite argument")
                keys.append(mpmath.nstr(n, 40))
        salt = self.model.cache().setdefault("salt", f"{self.model.kind}|{self.model.values}")
        text = f"{expr.func.__name__}({', '.join(keys)})|{salt}"
        digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
        return Fraction(-8) + Fraction(16 * (digest % _WIDE_DEN), _WIDE_DEN)

    def plain(self, expr: sp.Basic, env: Env) -> Any:
        """Notation-free expression with sums/derivatives: substitute exactly, then doit."""
        exact = _Evaluator(self.model, EXACT)
        subs = {s: exact.symbol(s, env) for s in expr.free_symbols}
        done = expr.doit().xreplace(subs) if expr.has(sp.Derivative) else expr.xreplace(subs)
        return done.doit() if self.b is EXACT else self.b.const(done.doit())

    def notation(self, expr: Notation, env: Env) -> Any:
        handler = getattr(self, "n_" + type(expr).__name__, None)
        if handler is None:
            raise ModelError(f"cannot evaluate {type(expr).__name__} on a finite model")
        return handler(expr, env)

    # -- probabilities
    def n_Prob(self, expr: Prob, env: Env) -> Any:
        both = [*expr.variables, *expr.given]
        rvs = [random_variable(s) for s in both]
        idx = [self.index(s, env) for s in both]
        num = self.prob(expr.dist, rvs, idx)
        if not expr.given:
            return num
        k = len(expr.variables)
        den = self.prob(expr.dist, rvs[k:], idx[k:])
        if den == 0:
            raise ModelError(f"{expr}: conditioning on an event of probability 0")
        return num / den

    def cells(self, rvs: Sequence[sp.Symbol], env: Env) -> Iterable[Env]:
        free = list(dict.fromkeys(rvs))
        for cell in itertools.product(*(range(self.model.size(v)) for v in free)):
            yield {**env, **dict(zip(free, cell, strict=True))}

    def sum_over(self, rvs: Sequence[sp.Symbol], env: Env, term: Callable[[Env], Any]) -> Any:
        total = self.b.const(0)
        terms = []
        for inner in self.cells(rvs, env):
            value = term(inner)
            terms.append(value)
            total = total + value
        self.note_terms(terms)
        return total

    # -- information measures of random variables
    def n_Entropy(self, expr: Entropy, env: Env) -> Any:
        law = expr.dist
        if not expr.variables:
            return self.law_entropy(law, law, env)
        head = [random_variable(s) for s in expr.variables]
        given = [random_variable(s) for s in expr.given]
        return -self.sum_over([*head, *given], env, lambda e: self.plogp(law, head, given, e))

    def plogp(self, law: sp.Symbol, head: list, given: list, env: Env) -> Any:
        joint = self.prob(law, [*head, *given], [env[v] for v in (*head, *given)])
        if joint == 0:
            return self.b.const(0)
        cond = joint / self.prob(law, given, [env[v] for v in given]) if given else joint
        return joint * self.b.log(cond)

    def n_MutualInformation(self, expr: MutualInformation, env: Env) -> Any:
        left = [random_variable(s) for s in expr.left]
        right = [random_variable(s) for s in expr.right]
        given = [random_variable(s) for s in expr.given]
        law = expr.dist

        def term(e: Env) -> Any:
            pr = partial_prob(self, law, e)
            joint = pr([*left, *right, *given])
            if joint == 0:
                return self.b.const(0)
            ratio = joint * pr(given) / (pr([*left, *given]) * pr([*right, *given]))
            return joint * self.b.log(ratio)

        return self.sum_over([*left, *right, *given], env, term)

    def n_SelfInformation(self, expr: SelfInformation, env: Env) -> Any:
        rvs = [random_variable(s) for s in expr.variables]
        return -self.b.log(self.prob(expr.dist, rvs, [self.index(s, env) for s in expr.variables]))

    # -- measures of two laws
    def laws_of(self, expr: Any) -> tuple[Callable[[Env], Any], Callable[[Env], Any], list]:
        p, q = expr.p, expr.q
        if isinstance(p, Prob) and isinstance(q, Prob):
            rvs = [random_variable(s) for s in p.variables]
            return (lambda e: self.n_Prob(p, e)), (lambda e: self.n_Prob(q, e)), rvs
        if isinstance(p, Prob) or isinstance(q, Prob):
            raise ModelError(f"{expr}: mix of a law and a Prob term")
        rvs = list(self.model.variables)

        def law_value(law: sp.Symbol) -> Callable[[Env], Any]:
            return lambda e: self.prob(law, rvs, [e[v] for v in rvs])

        return law_value(p), law_value(q), rvs

    def law_entropy(self, p: sp.Symbol, q: sp.Symbol, env: Env) -> Any:
        rvs = list(self.model.variables)

        def term(e: Env) -> Any:
            px = self.prob(p, rvs, [e[v] for v in rvs])
            return (
                self.b.const(0)
                if px == 0
                else px * self.b.log(self.prob(q, rvs, [e[v] for v in rvs]))
            )

        return -self.sum_over(rvs, env, term)

    def n_CrossEntropy(self, expr: CrossEntropy, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        return -self.sum_over(rvs, env, lambda e: _xlogy(self.b, p(e), q(e)))

    def n_KLDivergence(self, expr: KLDivergence, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        return self.sum_over(rvs, env, lambda e: _xlogy(self.b, p(e), p(e) / q(e)))

    def n_JSDivergence(self, expr: JSDivergence, env: Env) -> Any:
        p, q, rvs = self.laws_of(expr)
        half = self.b.const(Fraction(1, 2))

        def term(e: Env) -> Any:
            pe, qe = p(e), q(e)
            m = half * (pe + qe)
            return half * (_xlogy(self.b, pe, pe / m) + _xlogy(self.b, qe, qe / m))

        return self.sum_over(rvs, env, term)

    # -- sums and moments
    def n_OutcomeSum(self, expr: OutcomeSum, env: Env) -> Any:
        rvs = [random_variable(s) for s in expr.over]
        return self.sum_over(rvs, env, lambda e: self.value(expr.body, e))

    def n_Expectation(self, expr: Expectation, env: Env) -> Any:
        over = expr.over
        if isinstance(over, Prob):
            rvs = [random_variable(s) for s in over.variables]
            return self.sum_over(
                rvs, env, lambda e: self.n_Prob(over, e) * self.value(expr.body, e)
            )
        law = DEFAULT_DIST if over == sp.Tuple() else over
        # E binds every random variable of its body, also one an outer sum or E has bound:
        # in E[(X - E[X])^2] the inner E[X] is the mean, not the outer outcome
        rvs = sorted(averaged_variables(expr), key=str)
        return self.sum_over(
            rvs,
            env,
            lambda e: self.prob(law, rvs, [e[v] for v in rvs]) * self.value(expr.body, e),
        )

    def moment(self, rvs: list[sp.Symbol], env: Env, f: Callable[[Env], Any]) -> Any:
        return self.sum_over(
            rvs, env, lambda e: self.prob(DEFAULT_DIST, rvs, [e[v] for v in rvs]) * f(e)
        )

    def n_Variance(self, expr: Variance, env: Env) -> Any:
        rv = random_variable(expr.args[0])
        val = self.model.values[rv]
        mean = self.moment([rv], env, lambda e: self.b.const(val[e[rv]]))
        return self.moment([rv], env, lambda e: (self.b.const(val[e[rv]]) - mean) ** 2)

    def n_Covariance(self, expr: Covariance, env: Env) -> Any:
        x, y = (random_variable(s) for s in expr.args)
        vx, vy = self.model.values[x], self.model.values[y]
        mx = self.moment([x], env, lambda e: self.b.const(vx[e[x]]))
        my = self.moment([y], env, lambda e: self.b.const(vy[e[y]]))
        return self.moment(
            list(dict.fromkeys([x, y])),
            env,
            lambda e: (self.b.const(vx[e[x]]) - mx) * (self.b.const(vy[e[y]]) - my),
        )


def partial_prob(ev: _Evaluator, law: sp.Symbol, env: Env) -> Callable[[list], Any]:
    """P_law(rvs = env[rvs]) as a function of the list of random variables."""
    return lambda rvs: ev.prob(law, rvs, [env[v] for v in rvs]) if rvs else ev.b.const(1)


def _xlogy(backend: Backend, x: Any, y: Any) -> Any:
    """x log y with the convention 0 log(.) = 0."""
    return backend.const(0) if x == 0 else x * backend.log(y)


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
