"""Reference answers of asks, computed by the engine.

Every answer comes from the engine (``Distribution`` queries, ``moments``, ``measures``,
``library.prove``, ``claims.verify_claim``); nothing typed in a file is trusted as an answer.
Expressions are read by ``symgen.parsing``; MLE, MAP and ``argmin``/``argmax`` solve the score
equation with SymPy and keep the unique stationary point inside the parameter's domain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symgen.catalogue import library
from symgen.catalogue.given import lookup, named_function, outcome_function
from symgen.catalogue.spec import AskSpec, ProblemSpec, Where
from symgen.catalogue.values import (
    ENGINE_ERRORS,
    Names,
    in_domain,
    is_positive,
    outcome,
    parse_text,
    read_value,
    tidy,
)
from symgen.core import measures, moments
from symgen.errors import CatalogueError
from symgen.proof import claims


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
    except ENGINE_ERRORS as exc:
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
    event, given = ask.args["event"], ask.args.get("given")
    if given is None and "|" not in event:
        raise ask.where.at("given").error("a conditional needs `given` or an event 'A | B'")
    return ctx.dist(ask).prob(event, given=given)


def with_function(ask: AskSpec, ctx: Context) -> tuple[Any, Any]:
    """The distribution and the quantity whose moment is asked (variable, function, mapping)."""
    dist = ctx.dist(ask)
    if "function" in ask.args:
        return dist, outcome_function(ask.args["function"], dist.variables, ctx.names, ask.where)
    var = ask.args["variable"]
    if "mapping" not in ask.args:
        return dist, var
    table = read_mapping(ask.args["mapping"], ctx, ask.where.at("mapping"))
    missing = [v for v in dist.outcomes(var) if v not in table]
    if missing:
        raise ask.where.at("mapping").error(f"no value for outcome(s) {missing!r} of {var}")
    return dist, named_function([var], lambda values: table[values[var]])


def read_mapping(pairs: list[list[Any]], ctx: Context, where: Where) -> dict[Any, sp.Basic]:
    """[[outcome, value], ...] -> {outcome: exact value}; values may name earlier asks."""
    table = {}
    for index, (key, value) in enumerate(pairs):
        here = where.at(str(index))
        if outcome(key, here) in table:
            raise here.error(f"duplicate outcome {key!r}")
        table[key] = ctx.resolve(read_value(value, ctx.expression_names(), here))
    return table


def _ask_expectation(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist, var = with_function(ask, ctx)
    return moments.expectation(dist, var)


def _ask_variance(ask: AskSpec, ctx: Context) -> sp.Basic:
    dist, var = with_function(ask, ctx)
    return moments.variance(dist, var)


def _ask_covariance(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    return moments.covariance(ctx.dist(ask), a, b)


def _ask_correlation(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    return moments.correlation(ctx.dist(ask), a, b)


def _ask_independence(ask: AskSpec, ctx: Context) -> sp.Basic:
    a, b = ask.args["variables"]
    verdict = ctx.dist(ask).is_independent(a, b, given=ask.args.get("given"))
    if getattr(verdict, "holds", bool(verdict)) is None:  # undecided: refuse rather than guess
        raise ask.where.error(f"the engine cannot decide whether {a} and {b} are independent")
    return sp.true if verdict else sp.false


def _measures(ask: AskSpec) -> Any:
    return measures


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
    """The asked parameter at the unique stationary point (score equation) in the domain.

    The score is solved jointly for every parameter of the model (categorical probabilities
    are coupled); other symbols, such as a prior's hyperparameters, stay symbolic.
    """
    parameter = _parameter(ask, ctx)
    free = ctx.dist(ask).free_symbols | {parameter}
    model_params = sorted(free & objective.free_symbols, key=lambda s: s.name)
    if parameter not in model_params:
        raise ask.where.at("parameter").error(f"the likelihood does not depend on {parameter}")
    score = [sp.diff(objective, s) for s in model_params]
    solutions = sp.solve(score, model_params, dict=True)
    inside = [sol for sol in solutions if all(in_domain(sol[s], s) for s in model_params)]
    if len(inside) != 1:
        raise ask.where.error(f"expected one stationary point in the domain, found {len(inside)}")
    return sp.simplify(inside[0][parameter])


def at_values(expr: sp.Expr, ask: AskSpec, ctx: Context) -> sp.Expr:
    """Substitute the ``at`` table (symbol = value) into ``expr``."""
    subs = {}
    for name, value in ask.args.get("at", {}).items():
        where = ask.where.at(f"at.{name}")
        if name not in ctx.names:
            raise where.error(f"{name!r} is not a declared symbol")
        subs[ctx.names[name]] = ctx.resolve(read_value(value, ctx.expression_names(), where))
    return tidy(expr.xreplace(subs)) if subs else expr


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
    derivation = library.prove(ask.args["name"])
    if not derivation.holds:
        raise ask.where.at("name").error(f"identity {ask.args['name']!r} does not prove")
    return sp.true


def _ask_claim(ask: AskSpec, ctx: Context) -> sp.Basic:
    verdict = claims.verify_claim(ask.args["claim"])
    if verdict.holds is None:  # undecided is neither answer: refuse rather than guess
        raise ask.where.at("claim").error(f"the engine cannot decide {ask.args['claim']!r}")
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
        found = [s for s in found if is_positive(sp.simplify(curvature.subs(symbol, s)))]
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
