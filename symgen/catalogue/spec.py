"""The TOML schema of a catalogue problem: allowed keys, kinds and their structural checks.

This module only reads plain data (what ``tomllib`` returns) and raises ``CatalogueError`` for
anything malformed; it imports no SymPy and computes nothing. ``catalogue_compute`` turns a
checked spec into distributions and reference answers. The format is documented in
``derivations/README.md``.

>>> spec = read_spec(
...     {"id": "coin", "topic": "pmf", "title": {"ko": "동전", "en": "Coin"},
...      "statement": {"ko": "동전", "en": "A coin"},
...      "given": [{"kind": "coin", "name": "y"}],
...      "asks": [{"id": "heads", "kind": "probability", "event": "y=H",
...                "label": {"ko": "앞면", "en": "heads"}}]},
...     "coin.toml")
>>> spec.asks[0].kind, spec.asks[0].test
('probability', 'equivalent')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from symgen.errors import CatalogueError

# The topics in the order of the source notes (then the generative-model identities).
TOPICS: tuple[str, ...] = (
    "ml_basics",
    "pmf",
    "joint",
    "marginal",
    "conditional",
    "chain_rule",
    "independence",
    "conditional_independence",
    "expectation",
    "variance",
    "covariance",
    "bayes",
    "self_information",
    "entropy",
    "kl",
    "cross_entropy",
    "kl_cross_entropy",
    "mle",
    "map",
    "autoencoder",
    "elbo",
    "gan",
)

LANGS = ("ko", "en")
TESTS = ("equivalent", "exact", "numeric")
UNITS = ("bits", "nats", "free")
SYMBOL_DOMAINS = ("probability", "positive", "real")

_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_SYMBOL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")

PROBLEM_REQUIRED = ("id", "topic", "title", "statement", "asks")
PROBLEM_OPTIONAL = ("hints", "symbols", "given")

# given kind -> (required keys, optional keys); every given has "kind" and "name".
GIVEN_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "die": ((), ("sides", "variable")),
    "coin": ((), ("variable",)),
    "uniform": (("values",), ("variable",)),
    "bernoulli": (("p",), ("variable",)),
    "categorical": (("probs",), ("values", "variable")),
    "table": (("variables", "cells"), ()),
    "independent": (("of",), ()),
    "sum": (("of",), ()),
    "apply": (("of", "variable", "function"), ()),
    "marginal": (("of", "variables"), ()),
    "condition": (("of", "event"), ("variables",)),
}

_ANSWER_KEYS = ("label", "test", "rtol", "atol", "decimals", "allow_decimals", "answer")
_COMMON_OPTIONAL = (*_ANSWER_KEYS, "hints", "mistakes", "of", "unit")
_INFO = ("unit",)

# ask kind -> (required keys, optional keys) besides id, kind and the common keys.
ASK_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "probability": (("event",), ()),
    "marginal": (("variable", "value"), ()),
    "conditional": (("event",), ("given",)),
    "expectation": ((), ("variable", "function", "mapping")),
    "variance": ((), ("variable", "function", "mapping")),
    "covariance": (("variables",), ()),
    "correlation": (("variables",), ()),
    "independence": (("variables",), ("given",)),
    "entropy": (_INFO, ("variable",)),
    "joint_entropy": ((*_INFO, "variables"), ()),
    "conditional_entropy": ((*_INFO, "variable", "given"), ()),
    "mutual_information": ((*_INFO, "variables"), ()),
    "self_information": ((*_INFO, "event"), ()),
    "cross_entropy": ((*_INFO, "p", "q"), ()),
    "kl": ((*_INFO, "p", "q"), ()),
    "js_divergence": ((*_INFO, "p", "q"), ()),
    "mle": (("data", "parameter"), ("output", "at")),
    "map": (("data", "parameter", "prior"), ()),
    "elbo": (("q", "observed", "latent"), ("unit",)),
    "identity": (("name",), ()),
    "claim": (("claim",), ()),
    "expression": (("expression",), ("substitute", "at", "argmin", "argmax", "solve_for")),
}
ASK_KINDS = tuple(ASK_KEYS)
BOOLEAN_KINDS = ("independence", "identity", "claim")
MLE_OUTPUTS = ("estimate", "log_likelihood")
_STRING_ARGS = (
    *("event", "given", "claim", "expression", "prior", "observed", "function", "variable"),
    *("p", "q", "of", "latent", "name", "parameter", "argmin", "argmax", "solve_for"),
)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a value sits: the file, the problem id and the dotted key, for error messages."""

    file: str
    problem: str = "?"
    key: str = ""

    def at(self, key: str) -> Where:
        """The same place one key deeper."""
        return Where(self.file, self.problem, f"{self.key}.{key}" if self.key else key)

    def error(self, message: str) -> CatalogueError:
        """A one-line CatalogueError naming the file, the problem and the key."""
        key = self.key or "(top level)"
        return CatalogueError(f"{self.file}: problem {self.problem!r}: key {key}: {message}")


@dataclass(frozen=True, slots=True)
class MistakeSpec:
    """A known wrong answer: typed (``answer``) or another ask's value (``ask``)."""

    answer: Any
    ask: str | None
    reason: str
    feedback: dict[str, str]
    where: Where


@dataclass(frozen=True, slots=True)
class AskSpec:
    """One ask as written in the file, structurally checked."""

    id: str
    kind: str
    args: dict[str, Any]
    label: dict[str, str]
    test: str
    rtol: float | None
    atol: float | None
    decimals: int | None
    allow_decimals: bool
    answer: Any
    hints: dict[str, tuple[str, ...]]
    mistakes: tuple[MistakeSpec, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class GivenSpec:
    """One given distribution as written in the file."""

    kind: str
    name: str
    args: dict[str, Any]
    where: Where


@dataclass(frozen=True, slots=True)
class ProblemSpec:
    """A whole problem file, structurally checked (nothing computed yet)."""

    id: str
    topic: str
    title: dict[str, str]
    statement: dict[str, str]
    hints: dict[str, tuple[str, ...]]
    symbols: dict[str, str]
    given: tuple[GivenSpec, ...]
    asks: tuple[AskSpec, ...]
    source_file: str
    where: Where = field(repr=False, default=Where(""))


def read_spec(data: dict[str, Any], file: str) -> ProblemSpec:
    """Check the structure of one parsed TOML document and return its spec."""
    raw_id = data.get("id")
    where = Where(file, raw_id if isinstance(raw_id, str) else "?")
    require_keys(data, PROBLEM_REQUIRED, PROBLEM_OPTIONAL, where)
    require_ident(data["id"], where.at("id"))
    topic = data["topic"]
    if not is_choice(topic, TOPICS):
        raise where.at("topic").error(f"unknown topic {topic!r}; use one of {', '.join(TOPICS)}")
    symbols = read_symbols(data.get("symbols", {}), where.at("symbols"))
    given = read_given(data.get("given", []), where.at("given"))
    asks = read_asks(data["asks"], where.at("asks"))
    statement = read_text(data["statement"], where.at("statement"))
    for ask in asks:
        if ask.id in symbols:
            raise ask.where.at("id").error(f"ask id {ask.id!r} is also a declared symbol")
        settle_unit(ask, statement)
    return ProblemSpec(
        id=data["id"],
        topic=topic,
        title=read_text(data["title"], where.at("title")),
        statement=statement,
        hints=read_hints(data.get("hints", {}), where.at("hints")),
        symbols=symbols,
        given=given,
        asks=asks,
        source_file=file,
        where=where,
    )


_UNIT_WORDS = {
    "bits": re.compile(r"\bbits?\b|비트", re.IGNORECASE),
    "nats": re.compile(r"\bnats?\b|내트|natural log|자연로그", re.IGNORECASE),
}


def named_units(*texts: dict[str, str]) -> set[str]:
    """The units (bits, nats) that texts in any language name."""
    joined = " ".join(t for text in texts for t in text.values())
    return {unit for unit, pattern in _UNIT_WORDS.items() if pattern.search(joined)}


def settle_unit(ask: AskSpec, statement: dict[str, str]) -> None:
    """Give the ask its unit, or fail when its texts name a unit that contradicts it.

    A stated unit (bits, nats, free) must not be contradicted by the ask's label, nor by the
    statement when the statement names one unit only. Without one, the unit named by the
    texts is taken; log-likelihoods and ELBOs are in nats (natural logs, by convention);
    other asks are free (None).
    """
    own, shared = named_units(ask.label), named_units(statement)
    stated = ask.args.get("unit")
    named = own or (shared if len(shared) == 1 else set())
    if stated in ("bits", "nats") and named and stated not in named:
        text = "label" if own else "statement"
        raise ask.where.at("unit").error(
            f"the {text} asks for {' and '.join(sorted(named))}, the ask's unit is {stated}"
        )
    if stated is not None:
        return
    natural = ask.kind == "elbo" or (
        ask.kind == "mle" and ask.args.get("output") == "log_likelihood"
    )
    if natural and named - {"nats"}:
        raise ask.where.at("unit").error("a log-likelihood is in nats; the texts name bits")
    if natural or len(named) == 1:
        ask.args["unit"] = "nats" if natural else next(iter(named))


def is_choice(value: Any, choices: Any) -> TypeGuard[str]:
    """True when ``value`` is a string among ``choices`` (lists and tables never are)."""
    return isinstance(value, str) and value in choices


def require_keys(
    table: Any, required: tuple[str, ...], optional: tuple[str, ...], where: Where
) -> None:
    """Raise for a non-table, a missing required key or an unknown key."""
    if not isinstance(table, dict):
        raise where.error(f"expected a table, got {type(table).__name__}")
    for key in required:
        if key not in table:
            raise where.at(key).error("missing required key")
    allowed = set(required) | set(optional)
    for key in table:
        if key not in allowed:
            raise where.at(key).error(f"unknown key; allowed here: {', '.join(sorted(allowed))}")


def require_ident(value: Any, where: Where) -> str:
    """A lower-case snake_case id (letters, digits, underscores; at most 64 characters)."""
    if not isinstance(value, str) or not _IDENT.match(value):
        raise where.error(f"{value!r} is not an id (lower-case letters, digits and _)")
    return value


def require_str(value: Any, where: Where) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"expected a non-empty string, got {value!r}")
    return value


def require_names(value: Any, where: Where, *, count: int | None = None) -> tuple[str, ...]:
    """A list of strings (names), optionally of an exact length."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise where.error(f"expected a list of names, got {value!r}")
    if count is not None and len(value) != count:
        raise where.error(f"expected {count} names, got {len(value)}")
    return tuple(value)


def read_text(value: Any, where: Where) -> dict[str, str]:
    """A {ko, en} table of non-empty strings."""
    require_keys(value, LANGS, (), where)
    return {lang: require_str(value[lang], where.at(lang)) for lang in LANGS}


def read_hints(value: Any, where: Where) -> dict[str, tuple[str, ...]]:
    """A {ko = [...], en = [...]} table of hint lists (both languages, same length)."""
    if value == {}:
        return dict.fromkeys(LANGS, ())
    require_keys(value, LANGS, (), where)
    hints = {lang: require_names(value[lang], where.at(lang)) for lang in LANGS}
    if len(hints["ko"]) != len(hints["en"]):
        raise where.error("ko and en must have the same number of hints")
    return hints


def read_symbols(value: Any, where: Where) -> dict[str, str]:
    """The [symbols] table: name = "probability" | "positive" | "real"."""
    if not isinstance(value, dict):
        raise where.error(f"expected a table name = domain, got {type(value).__name__}")
    for name, domain in value.items():
        if not _SYMBOL.match(name):
            raise where.at(name).error(f"{name!r} is not a symbol name")
        if not is_choice(domain, SYMBOL_DOMAINS):
            raise where.at(name).error(
                f"unknown domain {domain!r}; use one of {', '.join(SYMBOL_DOMAINS)}"
            )
    return dict(value)


def read_given(value: Any, where: Where) -> tuple[GivenSpec, ...]:
    """The [[given]] array of distributions, with unique names."""
    if not isinstance(value, list):
        raise where.error("expected an array of tables [[given]]")
    seen: set[str] = set()
    specs = []
    for index, item in enumerate(value):
        spec = read_one_given(item, where.at(str(index)))
        if spec.name in seen:
            raise spec.where.at("name").error(f"duplicate distribution name {spec.name!r}")
        seen.add(spec.name)
        specs.append(spec)
    return tuple(specs)


def read_one_given(item: Any, where: Where) -> GivenSpec:
    """One given distribution: its kind, name and kind-specific keys."""
    if not isinstance(item, dict):
        raise where.error("expected a table")
    kind = item.get("kind")
    if not is_choice(kind, GIVEN_KEYS):
        raise where.at("kind").error(
            f"unknown distribution kind {kind!r}; use one of {', '.join(GIVEN_KEYS)}"
        )
    required, optional = GIVEN_KEYS[kind]
    require_keys(item, ("kind", "name", *required), optional, where)
    name = item["name"]
    if not isinstance(name, str) or not _SYMBOL.match(name):
        raise where.at("name").error(f"{name!r} is not a distribution name")
    args = {k: v for k, v in item.items() if k not in ("kind", "name")}
    return GivenSpec(kind=kind, name=name, args=args, where=where)


def read_asks(value: Any, where: Where) -> tuple[AskSpec, ...]:
    """The [[asks]] array: at least one, unique ids."""
    if not isinstance(value, list) or not value:
        raise where.error("expected a non-empty array of tables [[asks]]")
    seen: set[str] = set()
    asks = []
    for index, item in enumerate(value):
        ask = read_ask(item, where.at(str(index)))
        if ask.id in seen:
            raise ask.where.at("id").error(f"duplicate ask id {ask.id!r}")
        seen.add(ask.id)
        asks.append(ask)
    return tuple(asks)


def read_ask(item: Any, where: Where) -> AskSpec:
    """One ask: id, kind, kind-specific arguments and the answer policy."""
    if not isinstance(item, dict):
        raise where.error("expected a table")
    if isinstance(item.get("id"), str):
        where = Where(where.file, where.problem, f"asks.{item['id']}")
    kind = item.get("kind")
    if not is_choice(kind, ASK_KEYS):
        kinds = ", ".join(ASK_KINDS)
        raise where.at("kind").error(f"unknown ask kind {kind!r}; use one of {kinds}")
    required, optional = ASK_KEYS[kind]
    require_keys(item, ("id", "kind", "label", *required), (*_COMMON_OPTIONAL, *optional), where)
    require_ident(item["id"], where.at("id"))
    args = {k: v for k, v in item.items() if k in (*required, *optional, "of", "unit")}
    check_ask_args(kind, args, where)
    default_test = "exact" if kind in BOOLEAN_KINDS else "equivalent"
    return AskSpec(
        id=item["id"],
        kind=kind,
        args=args,
        label=read_text(item["label"], where.at("label")),
        hints=read_hints(item.get("hints", {}), where.at("hints")),
        mistakes=read_mistakes(item.get("mistakes", []), where.at("mistakes")),
        answer=item.get("answer"),
        where=where,
        **read_policy(item, default_test, where),
    )


def read_policy(item: dict[str, Any], default_test: str, where: Where) -> dict[str, Any]:
    """The answer test and its tolerance keys."""
    test = item.get("test", default_test)
    if not is_choice(test, TESTS):
        raise where.at("test").error(f"unknown answer test {test!r}; use one of {', '.join(TESTS)}")
    policy: dict[str, Any] = {"test": test}
    for key in ("rtol", "atol"):
        value = item.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise where.at(key).error(f"expected a number, got {value!r}")
        if value is not None and not 0 <= value < 1:
            raise where.at(key).error(f"tolerance must be in [0, 1), got {value!r}")
        policy[key] = None if value is None else float(value)
    decimals = item.get("decimals")
    if decimals is not None and (type(decimals) is not int or not 0 <= decimals <= 15):
        raise where.at("decimals").error(f"expected an integer 0..15, got {decimals!r}")
    allow = item.get("allow_decimals", test != "exact")
    if not isinstance(allow, bool):
        raise where.at("allow_decimals").error(f"expected true or false, got {allow!r}")
    return {**policy, "decimals": decimals, "allow_decimals": allow}


def read_mistakes(value: Any, where: Where) -> tuple[MistakeSpec, ...]:
    """The [[asks.mistakes]] array: answer or ask, reason, feedback {ko, en}."""
    if not isinstance(value, list):
        raise where.error("expected an array of tables [[asks.mistakes]]")
    mistakes = []
    for index, item in enumerate(value):
        here = where.at(str(index))
        require_keys(item, ("reason", "feedback"), ("answer", "ask"), here)
        if ("answer" in item) == ("ask" in item):
            raise here.error("give exactly one of 'answer' (a value) or 'ask' (another ask's id)")
        ask = item.get("ask")
        if ask is not None:
            require_ident(ask, here.at("ask"))
        mistakes.append(
            MistakeSpec(
                answer=item.get("answer"),
                ask=ask,
                reason=require_ident(item["reason"], here.at("reason")),
                feedback=read_text(item["feedback"], here.at("feedback")),
                where=here,
            )
        )
    return tuple(mistakes)


def check_ask_args(kind: str, args: dict[str, Any], where: Where) -> None:
    """Kind-specific shape checks that need no computation."""
    check_scalar_args(args, where)
    if kind in ("covariance", "correlation", "independence", "mutual_information"):
        require_names(args["variables"], where.at("variables"), count=2)
    if kind == "joint_entropy":
        require_names(args["variables"], where.at("variables"))
    if kind in ("expectation", "variance"):
        check_function_args(args, where)
    if kind in ("mle", "map"):
        check_data_args(args, where)
    if kind == "expression":
        check_expression_args(args, where)


def check_scalar_args(args: dict[str, Any], where: Where) -> None:
    """Names and texts are non-empty strings; the unit is bits or nats."""
    for key in _STRING_ARGS:
        if key in args:
            require_str(args[key], where.at(key))
    if "unit" in args and not is_choice(args["unit"], UNITS):
        raise where.at("unit").error(f"unknown unit {args['unit']!r}; use bits, nats or free")
    if "at" in args and not isinstance(args["at"], dict):
        raise where.at("at").error("expected a table name = value")


def check_expression_args(args: dict[str, Any], where: Where) -> None:
    """``substitute`` is a table; at most one of argmin, argmax, solve_for."""
    if "substitute" in args and not isinstance(args["substitute"], dict):
        raise where.at("substitute").error("expected a table name = value")
    chosen = [k for k in ("argmin", "argmax", "solve_for") if k in args]
    if len(chosen) > 1:
        raise where.error(f"give at most one of argmin, argmax, solve_for (got {chosen})")


def check_function_args(args: dict[str, Any], where: Where) -> None:
    """Expectation/variance: exactly one of variable, function, or mapping (with variable)."""
    has_map = "mapping" in args
    if not has_map and ("variable" in args) == ("function" in args):
        raise where.error("give exactly one of 'variable', 'function' or 'mapping' + 'variable'")
    if has_map:
        if "variable" not in args or "function" in args:
            raise where.error("'mapping' needs 'variable' (and no 'function')")
        mapping = args["mapping"]
        if not isinstance(mapping, list) or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in mapping
        ):
            raise where.at("mapping").error("expected a list of [outcome, value] pairs")


def check_data_args(args: dict[str, Any], where: Where) -> None:
    """MLE/MAP: a non-empty data list and an output keyword."""
    data = args["data"]
    if not isinstance(data, list) or not data:
        raise where.at("data").error("expected a non-empty list of observed outcomes")
    if len(data) > 10_000:
        raise where.at("data").error(f"{len(data)} observations (max 10000)")
    output = args.get("output", "estimate")
    if not is_choice(output, MLE_OUTPUTS):
        raise where.at("output").error(f"unknown output {output!r}; use {', '.join(MLE_OUTPUTS)}")
