"""Turn a checked problem spec into distributions and engine-computed reference answers.

Every reference answer comes from the engine (``Distribution`` queries, ``moments``,
``measures``, ``library.prove``, ``claims.verify_claim``); nothing typed in a file is trusted as
an answer. Text from files (events, functions, expressions) is read by ``symgen.parse`` (the safe
Lark parser) or by the engine's event reader, never by ``eval``/``sympify``. Engine modules are
imported lazily so that a missing one gives a clear one-line error naming the file and key.
"""

from __future__ import annotations

import importlib
import inspect
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy as sp

from symgen.errors import CatalogueError, InvalidProbability, SymgenError
from symgen.exact import to_exact
from symgen.problem_spec import AskSpec, GivenSpec, ProblemSpec, Where

Names = dict[str, sp.Symbol]
_ENGINE_ERRORS = (SymgenError, ValueError, TypeError, KeyError, ZeroDivisionError, ArithmeticError)
_INFINITE = {"oo", "inf", "infinity", "∞", "+oo", "+inf"}


def engine(module: str, where: Where) -> Any:
    """Import ``symgen.<module>`` or raise a one-line CatalogueError saying it is missing."""
    try:
        return importlib.import_module(f"symgen.{module}")
    except ImportError as exc:
        raise where.error(f"needs symgen.{module}, which is not available ({exc})") from None


def make_symbols(spec: ProblemSpec) -> Names:
    """The declared [symbols], with their assumptions."""
    from symgen.parameters import symbols

    made: Names = {}
    for name, domain in spec.symbols.items():
        if domain == "probability":
            made[name] = symbols(name, probability=True)
        else:
            made[name] = sp.Symbol(name, **{domain: True})
    return made


def parse_text(text: str, names: Names, where: Where) -> sp.Expr:
    """Parse a whitelisted expression with symgen.parse and bind its names to ``names``."""
    parse = engine("parse", where).parse
    try:
        expr = parse(text, symbols=names, mode="text")
    except _ENGINE_ERRORS as exc:
        raise where.error(f"cannot read {text!r}: {exc}") from None
    if not isinstance(expr, sp.Basic):
        raise where.error(f"{text!r} is not an expression")
    unknown = sorted(s.name for s in expr.free_symbols if s.name not in names)
    if unknown:
        raise where.error(f"{text!r} uses undeclared name(s) {', '.join(unknown)}")
    return expr.xreplace({s: names[s.name] for s in expr.free_symbols})


def read_value(value: Any, names: Names, where: Where) -> sp.Basic:
    """An exact value from TOML: bool, int, float (exactly), "a/b", "oo" or an expression."""
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, str) and value.strip().lower() in _INFINITE:
        return sp.oo
    if isinstance(value, int | float):
        return to_exact(value)
    if not isinstance(value, str):
        raise where.error(f"expected a number or a string, got {value!r}")
    try:
        return to_exact(value)
    except InvalidProbability:
        return parse_text(value, names, where)


def read_probability(value: Any, names: Names, where: Where) -> sp.Expr:
    """A probability value: exact, not negative and not above 1 when it is a number."""
    prob = read_value(value, names, where)
    if not isinstance(prob, sp.Expr) or prob is sp.oo:
        raise where.error(f"{value!r} is not a probability")
    if prob.is_negative:
        raise where.error(f"negative probability {value!r}")
    if prob.is_number and prob > 1:
        raise where.error(f"probability {value!r} is greater than 1")
    return prob


def require_sums_to_one(probs: list[sp.Expr], where: Where) -> None:
    """Raise when the probabilities do not add up to 1 (symbolically)."""
    total = sp.Add(*probs)
    if sp.simplify(total - 1) != 0:
        raise where.error(f"probabilities sum to {sp.simplify(total)}, not 1")


def outcome(value: Any, where: Where) -> int | str:
    """An outcome from TOML: an integer or a string."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise where.error(f"outcome must be an integer or a string, got {value!r}")
    return value


# -- given distributions ---------------------------------------------------------------


def build_given(spec: ProblemSpec, names: Names) -> dict[str, Any]:
    """Every [[given]] distribution, by name, in file order."""
    dists: dict[str, Any] = {}
    for given in spec.given:
        builder = _GIVEN_BUILDERS[given.kind]
        try:
            dists[given.name] = builder(given, dists, names)
        except CatalogueError:
            raise
        except _ENGINE_ERRORS as exc:
            raise given.where.error(f"invalid {given.kind} distribution: {exc}") from None
    return dists


def _variable(given: GivenSpec) -> str:
    return str(given.args.get("variable", given.name))


def _constructors(given: GivenSpec) -> Any:
    return engine("constructors", given.where)


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
    from symgen.problem_spec import require_names

    variables = require_names(given.args["variables"], given.where.at("variables"))
    table = read_cells(given.args["cells"], len(variables), names, given.where.at("cells"))
    require_sums_to_one(list(table.values()), given.where.at("cells"))
    distribution = engine("distribution", given.where).Distribution
    return distribution.from_table(list(variables), table)


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
    from symgen.problem_spec import require_names

    (base,) = _refs(given, dists)
    return base.marginal(*require_names(given.args["variables"], given.where.at("variables")))


def _build_condition(given: GivenSpec, dists: dict[str, Any], names: Names) -> Any:
    from symgen.problem_spec import require_names

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


# -- asks --------------------------------------------------------------------------------


class Context:
    """What an ask may refer to: the given distributions, symbols and earlier answers."""

    def __init__(self, spec: ProblemSpec, names: Names, dists: dict[str, Any]) -> None:
        self.spec = spec
        self.names = names
        self.dists = dists
        self.answers: dict[str, sp.Basic] = {}

    def dist(self, ask: AskSpec, key: str = "of") -> Any:
        """The distribution an ask names under ``key`` (default: the last given one)."""
        if key in ask.args:
            return lookup(self.dists, ask.args[key], ask.where.at(key))
        if not self.dists:
            raise ask.where.error("the problem has no [[given]] distribution to ask about")
        return next(reversed(self.dists.values()))

    def expression_names(self) -> Names:
        """Names an expression may use: declared symbols and earlier ask ids."""
        refs = {aid: sp.Symbol(aid) for aid in self.answers}
        return {**self.names, **refs}

    def resolve(self, expr: sp.Expr) -> sp.Expr:
        """Replace references to earlier asks by their computed answers."""
        refs = {sp.Symbol(aid): value for aid, value in self.answers.items()}
        return expr.xreplace(refs)


def compute_ask(ask: AskSpec, ctx: Context) -> sp.Basic:
    """The engine's reference answer to one ask (raises CatalogueError if it cannot)."""
    try:
        result = _ASK_COMPUTERS[ask.kind](ask, ctx)
    except CatalogueError:
        raise
    except _ENGINE_ERRORS as exc:
        raise ask.where.error(f"the engine cannot answer this {ask.kind} ask: {exc}") from None
    if result is None or (isinstance(result, sp.Expr) and result.has(sp.nan, sp.zoo)):
        raise ask.where.error(f"the engine cannot answer this {ask.kind} ask (got {result})")
    return result


def _base(ask: AskSpec) -> int | None:
    return 2 if ask.args.get("unit") == "bits" else None


def _ask_probability(ask: AskSpec, ctx: Context) -> sp.Basic:
    return ctx.dist(ask).prob(ask.args["event"])


def _ask_marginal(ask: AskSpec, ctx: Context) -> sp.Basic:
    var = ask.args["variable"]
    value = outcome(ask.args["value"], ask.where.at("value"))
    return ctx.dist(ask).marginal(var).prob({var: value})


def _ask_conditional(ask: AskSpec, ctx: Context) -> sp.Basic:
    return ctx.dist(ask).prob(ask.args["event"], given=ask.args["given"])


def with_function(ask: AskSpec, ctx: Context) -> tuple[Any, Any]:
    """The distribution and the quantity whose moment is asked (variable, function, mapping)."""
    dist = ctx.dist(ask)
    if "function" in ask.args:
        return dist, outcome_function(ask.args["function"], dist.variables, ctx.names, ask.where)
    var = ask.args["variable"]
    if "mapping" not in ask.args:
        return dist, var
    table = read_mapping(ask.args["mapping"], ctx.names, ask.where.at("mapping"))
    missing = [v for v in dist.outcomes(var) if v not in table]
    if missing:
        raise ask.where.at("mapping").error(f"no value for outcome(s) {missing!r} of {var}")
    return dist, named_function([var], lambda values: table[values[var]])


def read_mapping(pairs: list[list[Any]], names: Names, where: Where) -> dict[Any, sp.Expr]:
    """[[outcome, value], ...] -> {outcome: exact value}."""
    table = {}
    for index, (key, value) in enumerate(pairs):
        here = where.at(str(index))
        if outcome(key, here) in table:
            raise here.error(f"duplicate outcome {key!r}")
        table[key] = read_value(value, names, here)
    return table


def _ask_expectation(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist, var = with_function(ask, ctx)
    return engine("moments", ask.where).expectation(dist, var)


def _ask_variance(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist, var = with_function(ask, ctx)
    return engine("moments", ask.where).variance(dist, var)


def _ask_covariance(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    return engine("moments", ask.where).covariance(ctx.dist(ask), a, b)


def _ask_correlation(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    return engine("moments", ask.where).correlation(ctx.dist(ask), a, b)


def _ask_independence(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    verdict = ctx.dist(ask).is_independent(a, b, given=ask.args.get("given"))
    return sp.true if verdict else sp.false


def _measures(ask: AskSpec) -> Any:
    return engine("measures", ask.where)


def _ask_entropy(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist = ctx.dist(ask)
    if "variable" in ask.args:
        dist = dist.marginal(ask.args["variable"])
    return _measures(ask).entropy(dist, base=_base(ask))


def _ask_joint_entropy(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist = ctx.dist(ask).marginal(*ask.args["variables"])
    return _measures(ask).entropy(dist, base=_base(ask))


def _ask_conditional_entropy(ask: AskSpec, ctx: Context) -> sp.Basic:
    var, given = ask.args["variable"], ask.args["given"]
    return _measures(ask).conditional_entropy(ctx.dist(ask), var, given, base=_base(ask))


def _ask_mutual_information(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    return _measures(ask).mutual_information(ctx.dist(ask), a, b, base=_base(ask))


def _ask_self_information(ask: AskSpec, ctx: Context) -> sp.Basic:
    prob = ctx.dist(ask).prob(ask.args["event"])
    if prob == 0:
        return sp.oo
    return -sp.log(prob, 2) if _base(ask) == 2 else -sp.log(prob)


def _pair(ask: AskSpec, ctx: Context) -> tuple[Any, Any]:
    return ctx.dist(ask, "p"), ctx.dist(ask, "q")


def _ask_cross_entropy(ask: AskSpec, ctx: Context) -> sp.Basic:
    return _measures(ask).cross_entropy(*_pair(ask, ctx), base=_base(ask))


def _ask_kl(ask: AskSpec, ctx: Context) -> sp.Basic:
    return _measures(ask).kl_divergence(*_pair(ask, ctx), base=_base(ask))


def _ask_js_divergence(ask: AskSpec, ctx: Context) -> sp.Basic:
    return _measures(ask).js_divergence(*_pair(ask, ctx), base=_base(ask))


def log_likelihood(ask: AskSpec, ctx: Context) -> sp.Expr:
    """sum_i log P_theta(x_i) for the i.i.d. data, with one shared parameter vector."""
    model = ctx.dist(ask)
    if len(model.variables) != 1:
        raise ask.where.at("of").error("the model must be a distribution of one variable")
    (var,) = model.variables
    counts: dict[Any, int] = {}
    for value in ask.args["data"]:
        key = outcome(value, ask.where.at("data"))
        counts[key] = counts.get(key, 0) + 1
    return sp.Add(*(n * sp.log(model.prob({var: x})) for x, n in counts.items()))


def _parameter(ask: AskSpec, ctx: Context) -> sp.Symbol:
    name = ask.args["parameter"]
    if name not in ctx.names:
        raise ask.where.at("parameter").error(f"{name!r} is not a declared symbol")
    return ctx.names[name]


def _ask_mle(ask: AskSpec, ctx: Context) -> sp.Basic:
    objective = log_likelihood(ask, ctx)
    if ask.args.get("output", "estimate") == "log_likelihood":
        return at_values(objective, ask, ctx)
    return maximiser(objective, ask, ctx)


def _ask_map(ask: AskSpec, ctx: Context) -> sp.Basic:
    prior = parse_text(ask.args["prior"], ctx.names, ask.where.at("prior"))
    return maximiser(log_likelihood(ask, ctx) + sp.log(prior), ask, ctx)


def maximiser(objective: sp.Expr, ask: AskSpec, ctx: Context) -> sp.Expr:
    """The asked parameter at the unique stationary point (score equation) in the domain."""
    model_params = sorted(objective.free_symbols, key=lambda s: s.name)
    parameter = _parameter(ask, ctx)
    if parameter not in model_params:
        raise ask.where.at("parameter").error(f"the likelihood does not depend on {parameter}")
    score = [sp.diff(objective, s) for s in model_params]
    solutions = sp.solve(score, model_params, dict=True)
    inside = [sol for sol in solutions if all(in_domain(sol[s], s) for s in model_params)]
    if len(inside) != 1:
        raise ask.where.error(f"expected one stationary point in the domain, found {len(inside)}")
    return sp.simplify(inside[0][parameter])


def in_domain(value: sp.Expr, symbol: sp.Symbol) -> bool:
    """True when a solved value is real and inside the symbol's declared domain.

    Signs SymPy cannot decide are settled at seeded points of the other symbols' domains.
    """
    bounds = []
    if getattr(symbol, "is_probability", False):
        bounds = [value, 1 - value]
    elif symbol.is_positive:
        bounds = [value]
    if value.is_real is False:
        return False
    return all(_is_positive(sp.simplify(b)) for b in bounds)


def _is_positive(expr: sp.Expr) -> bool:
    if expr.is_positive is not None:
        return bool(expr.is_positive)
    rng = random.Random(0)
    for _ in range(8):
        point = {s: sp.Rational(rng.randint(1, 999), 1000) for s in expr.free_symbols}
        value = sp.N(expr.xreplace(point), 30)
        if not (value.is_real and value > 0):
            return False
    return True


def at_values(expr: sp.Expr, ask: AskSpec, ctx: Context) -> sp.Expr:
    """Substitute the ``at`` table (symbol = value) into ``expr``."""
    subs = {}
    for name, value in ask.args.get("at", {}).items():
        where = ask.where.at(f"at.{name}")
        if name not in ctx.names:
            raise where.error(f"{name!r} is not a declared symbol")
        subs[ctx.names[name]] = ctx.resolve(read_value(value, ctx.expression_names(), where))
    return tidy(expr.xreplace(subs)) if subs else expr


def tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few equal forms (logs of rationals split over primes when safe)."""
    candidates = [expr, sp.simplify(expr)]
    if all(s.is_positive for s in expr.free_symbols) and expr.has(sp.log):
        candidates.append(sp.expand(sp.expand_log(expr, force=True)))
    return min(candidates, key=sp.count_ops)


def _ask_elbo(ask: AskSpec, ctx: Context) -> sp.Basic:
    joint, q = ctx.dist(ask), ctx.dist(ask, "q")
    observed, latent = ask.args["observed"], ask.args["latent"]
    evidence = joint.prob(observed)
    posterior = joint.condition(observed).marginal(latent)
    log = (lambda v: sp.log(v, 2)) if _base(ask) == 2 else sp.log
    terms = []
    for z, qz in q.marginal(latent).to_pmf().items():
        if qz != 0:
            joint_z = evidence * posterior.prob({latent: z})
            terms.append(qz * (log(joint_z) - log(qz)) if joint_z != 0 else -sp.oo)
    return tidy(sp.Add(*terms))


def _ask_identity(ask: AskSpec, ctx: Context) -> sp.Basic:
    derivation = engine("library", ask.where).prove(ask.args["name"])
    if not derivation.holds:
        raise ask.where.at("name").error(f"identity {ask.args['name']!r} does not prove")
    return sp.true


def _ask_claim(ask: AskSpec, ctx: Context) -> sp.Basic:
    verdict = engine("claims", ask.where).verify_claim(ask.args["claim"])
    return sp.true if verdict.holds else sp.false


def _ask_expression(ask: AskSpec, ctx: Context) -> sp.Basic:
    names = ctx.expression_names()
    substitute = ask.args.get("substitute", {})
    for key in substitute:
        names.setdefault(key, sp.Symbol(key, real=True))
    expr = parse_text(ask.args["expression"], names, ask.where.at("expression"))
    for key, text in substitute.items():
        value = parse_text(str(text), names, ask.where.at(f"substitute.{key}"))
        expr = expr.xreplace({names[key]: value})
    expr = at_values(ctx.resolve(expr), ask, ctx)
    return optimise(expr, ask, ctx)


def optimise(expr: sp.Expr, ask: AskSpec, ctx: Context) -> sp.Expr:
    """Apply argmin / argmax / solve_for when asked; otherwise simplify."""
    for key in ("argmin", "argmax", "solve_for"):
        if key in ask.args:
            break
    else:
        return tidy(expr)
    name = ask.args[key]
    if name not in ctx.names:
        raise ask.where.at(key).error(f"{name!r} is not a declared symbol")
    symbol = ctx.names[name]
    equation = expr if key == "solve_for" else sp.diff(expr, symbol)
    found = [s for s in sp.solve(equation, symbol) if in_domain(s, symbol)]
    if key != "solve_for":
        sign = 1 if key == "argmin" else -1
        curvature = sign * sp.diff(expr, symbol, 2)
        found = [s for s in found if _is_positive(sp.simplify(curvature.subs(symbol, s)))]
    if len(found) != 1:
        raise ask.where.at(key).error(f"expected one solution in the domain, found {len(found)}")
    return sp.simplify(found[0])


_ASK_COMPUTERS: dict[str, Callable[[AskSpec, Context], sp.Basic]] = {
    "probability": _ask_probability,
    "marginal": _ask_marginal,
    "conditional": _ask_conditional,
    "expectation": _ask_expectation,
    "variance": _ask_variance,
    "covariance": _ask_covariance,
    "correlation": _ask_correlation,
    "independence": _ask_independence,
    "entropy": _ask_entropy,
    "joint_entropy": _ask_joint_entropy,
    "conditional_entropy": _ask_conditional_entropy,
    "mutual_information": _ask_mutual_information,
    "self_information": _ask_self_information,
    "cross_entropy": _ask_cross_entropy,
    "kl": _ask_kl,
    "js_divergence": _ask_js_divergence,
    "mle": _ask_mle,
    "map": _ask_map,
    "elbo": _ask_elbo,
    "identity": _ask_identity,
    "claim": _ask_claim,
    "expression": _ask_expression,
}
