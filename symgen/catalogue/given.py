"""The [[given]] distributions of a problem, built by the engine's constructors.

Each kind (``die``, ``table``, ``apply``, ...) has one builder; probabilities are checked here
(not negative, not above 1, summing to 1) so that a bad file gets a message naming its key.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy as sp

from symgen.catalogue.spec import GivenSpec, ProblemSpec, Where, require_names
from symgen.catalogue.values import (
    ENGINE_ERRORS,
    Names,
    outcome,
    parse_text,
    read_probability,
    require_sums_to_one,
)
from symgen.core import constructors, distribution
from symgen.core.exact import to_exact
from symgen.errors import CatalogueError


def build_given(spec: ProblemSpec, names: Names) -> dict[str, Any]:
    """Every [[given]] distribution, by name, in file order."""
    dists: dict[str, Any] = {}
    for given in spec.given:
        builder = _GIVEN_BUILDERS[given.kind]
        try:
            dists[given.name] = builder(given, dists, names)
        except CatalogueError:
            raise
        except ENGINE_ERRORS as exc:
            raise given.where.error(f"invalid {given.kind} distribution: {exc}") from None
    return dists


def _variable(given: GivenSpec) -> str:
    return str(given.args.get("variable", given.name))


def _constructors(given: GivenSpec) -> Any:
    return constructors


def _build_die(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    sides = given.args.get("sides", 6)
    if type(sides) is not int or not 1 <= sides <= 1000:
        raise given.where.at("sides").error(f"expected an integer 1..1000, got {sides!r}")
    return _constructors(given).die(_variable(given), sides=sides)


def _build_coin(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    return _constructors(given).coin(_variable(given))


def _build_uniform(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    values = given.args["values"]
    where = given.where.at("values")
    if not isinstance(values, list) or not values:
        raise where.error("expected a non-empty list of outcomes")
    return _constructors(given).uniform(_variable(given), [outcome(v, where) for v in values])


def _build_bernoulli(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    p = read_probability(given.args["p"], names, given.where.at("p"))
    return _constructors(given).bernoulli(_variable(given), p)


def _build_categorical(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    where = given.where.at("probs")
    raw = given.args["probs"]
    if not isinstance(raw, list) or not raw:
        raise where.error("expected a non-empty list of probabilities")
    probs = [read_probability(v, names, where) for v in raw]
    require_sums_to_one(probs, where)
    values = given.args.get("values", list(range(len(probs))))
    if not isinstance(values, list) or len(values) != len(probs):
        raise given.where.at("values").error(f"expected {len(probs)} outcomes, one per prob")
    keys = [outcome(v, given.where.at("values")) for v in values]
    if len(set(keys)) != len(keys):
        raise given.where.at("values").error("duplicate outcomes")
    return _constructors(given).categorical(_variable(given), dict(zip(keys, probs, strict=True)))


def _build_table(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    variables = require_names(given.args["variables"], given.where.at("variables"))
    table = read_cells(given.args["cells"], len(variables), names, given.where.at("cells"))
    require_sums_to_one(list(table.values()), given.where.at("cells"))
    return distribution.Distribution.from_table(list(variables), table)


def read_cells(cells: Any, width: int, names: Names, where: Where) -> dict[tuple, sp.Expr]:
    """Rows [outcome..., probability] -> {outcome tuple: probability}; no duplicates."""
    if not isinstance(cells, list) or not cells:
        raise where.error("expected a non-empty list of [outcome..., probability] rows")
    table: dict[tuple, sp.Expr] = {}
    for index, row in enumerate(cells):
        here = where.at(str(index))
        if not isinstance(row, list) or len(row) != width + 1:
            raise here.error(f"expected {width} outcome(s) and a probability, got {row!r}")
        key = tuple(outcome(v, here) for v in row[:-1])
        if key in table:
            raise here.error(f"duplicate outcome {key!r}")
        table[key] = read_probability(row[-1], names, here)
    return table


def _refs(given: GivenSpec, dists: dict[str, Any]) -> list[Any]:
    of = given.args["of"]
    names = [of] if isinstance(of, str) else of
    if not isinstance(names, list) or not names:
        raise given.where.at("of").error("expected a distribution name or a list of them")
    return [lookup(dists, n, given.where.at("of")) for n in names]


def lookup(dists: dict[str, Any], name: Any, where: Where) -> Any:
    """The distribution called ``name`` (declared earlier in [[given]])."""
    if name not in dists:
        known = ", ".join(dists) or "none"
        raise where.error(f"unknown distribution {name!r} (declared so far: {known})")
    return dists[name]


def _build_independent(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    return _constructors(given).independent(*_refs(given, dists))


def _build_sum(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    return _constructors(given).sum_of(_refs(given, dists), name=given.name)


def _build_apply(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    (base,) = _refs(given, dists)
    fn = outcome_function(given.args["function"], base.variables, names, given.where)
    return base.apply(str(given.args["variable"]), fn)


def _build_marginal(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    (base,) = _refs(given, dists)
    return base.marginal(*require_names(given.args["variables"], given.where.at("variables")))


def _build_condition(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    (base,) = _refs(given, dists)
    result = base.condition(given.args["event"])
    if "variables" in given.args:
        result = result.marginal(*require_names(given.args["variables"], given.where))
    return result


_GIVEN_BUILDERS: dict[str, Callable[[GivenSpec, dict[str, Any], Names], Any]] = {
    "die": _build_die,
    "coin": _build_coin,
    "uniform": _build_uniform,
    "bernoulli": _build_bernoulli,
    "categorical": _build_categorical,
    "table": _build_table,
    "independent": _build_independent,
    "sum": _build_sum,
    "apply": _build_apply,
    "marginal": _build_marginal,
    "condition": _build_condition,
}


def outcome_function(
    text: str, variables: tuple[str, ...], names: Names, where: Where
) -> Callable[..., Any]:
    """A function of the outcomes, from a whitelisted expression in the variable names.

    Its signature names exactly the variables it uses, as ``Distribution.apply`` expects.
    """
    var_symbols = {v: sp.Symbol(v) for v in variables}
    expr = parse_text(text, {**names, **var_symbols}, where.at("function"))
    used = [v for v in variables if var_symbols[v] in expr.free_symbols]
    if not used:
        raise where.at("function").error(f"{text!r} uses none of the variables {variables}")

    def body(values: dict[str, Any]) -> Any:
        subs = {}
        for name in used:
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, int | Fraction | sp.Rational):
                raise where.at("function").error(f"outcome {value!r} of {name} is not a number")
            subs[var_symbols[name]] = to_exact(value)
        return expr.xreplace(subs)

    return named_function(used, body)


def named_function(names: list[str], body: Callable[[dict[str, Any]], Any]) -> Callable[..., Any]:
    """A function whose signature names ``names`` (apply passes them by position)."""

    def fn(*args: Any, **kwargs: Any) -> Any:
        return body({**dict(zip(names, args, strict=False)), **kwargs})

    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    fn.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, kind) for name in names]
    )
    return fn
