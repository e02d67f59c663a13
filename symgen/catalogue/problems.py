"""The catalogue of worked problems in ``derivations/problems/*.toml``.

``load_catalogue()`` reads every file with ``tomllib`` and checks its structure
(``problem_spec``). A problem's distributions (``catalogue_given``) and reference answers
(``catalogue_compute``) are computed by the engine the first time the problem is used;
``Catalogue.validate()`` does it for all. A typed ``answer`` in a file is only a cross-check:
it must agree with the computed one, or the problem fails to load. Every failure is one
``CatalogueError`` line naming the file, the problem and the key. The format is documented
in ``derivations/README.md``.
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from symgen.catalogue.compute import Context, compute_ask
from symgen.catalogue.given import build_given
from symgen.catalogue.spec import TOPICS, AskSpec, ProblemSpec, Where, read_spec
from symgen.catalogue.values import make_symbols, read_value, sample_point
from symgen.errors import CatalogueError, UnknownIdentity

_MAX_FILE_BYTES = 200_000


@dataclass(frozen=True, slots=True)
class Mistake:
    """A known wrong answer to an ask and the feedback a student gets for it."""

    expr: sp.Basic
    reason: str
    feedback_en: str
    feedback_ko: str


@dataclass(frozen=True, slots=True)
class Ask:
    """One question of a problem with its engine-computed reference answer."""

    id: str
    problem_id: str
    kind: str
    label: dict[str, str]
    expected: sp.Basic
    test: str
    rtol: float | None
    atol: float | None
    decimals: int | None
    allow_decimals: bool
    unit: str | None
    mistakes: tuple[Mistake, ...]
    symbols: dict[str, sp.Symbol]
    hints_en: tuple[str, ...]
    hints_ko: tuple[str, ...]
    args: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def qualified_id(self) -> str:
        """``PROBLEM_ID:ASK_ID``, the form ``symgen check`` accepts."""
        return f"{self.problem_id}:{self.id}"

    @property
    def is_boolean(self) -> bool:
        """True for asks answered true/false (independence, identity, claim)."""
        return self.expected in (sp.true, sp.false)

    def answer_latex(self) -> str:
        """The reference answer as LaTeX (``\\text{true}`` for a boolean)."""
        if self.is_boolean:
            return r"\text{true}" if self.expected == sp.true else r"\text{false}"
        return sp.latex(self.expected)


@dataclass(frozen=True, slots=True)
class Problem:
    """A worked problem: statement, given distributions, asks with computed answers."""

    id: str
    topic: str
    title: dict[str, str]
    statement: dict[str, str]
    asks: tuple[Ask, ...]
    hints: dict[str, tuple[str, ...]]
    source_file: str
    given: dict[str, Any] = field(default_factory=dict, repr=False)
    symbols: dict[str, sp.Symbol] = field(default_factory=dict, repr=False)

    def ask(self, ask_id: str | None = None) -> Ask:
        """The ask with this id (the first one when None)."""
        if ask_id is None:
            return self.asks[0]
        for ask in self.asks:
            if ask.id == ask_id:
                return ask
        raise UnknownIdentity(
            f"problem {self.id!r} has no ask {ask_id!r}"
            + _suggest(ask_id, [f"{a.id}" for a in self.asks])
        )


class Catalogue:
    """All problems, in the notes' topic order (then by file name).

    Every file's structure is checked when the catalogue is loaded; the engine computes a
    problem's answers the first time the problem is used (``get``, ``find_ask``), so that
    ``symgen check`` pays only for its own problem. ``problems`` (and ``validate()``) computes
    and checks them all.
    """

    def __init__(self, specs: list[ProblemSpec], directory: str = "") -> None:
        self.directory = directory
        self._specs = {spec.id: spec for spec in specs}
        self._built: dict[str, Problem] = {}

    @property
    def ids(self) -> tuple[str, ...]:
        """Problem ids in catalogue order (nothing computed)."""
        return tuple(self._specs)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem with its computed answers, in order."""
        return tuple(self.get(problem_id) for problem_id in self._specs)

    def titles(self) -> list[tuple[str, str, dict[str, str]]]:
        """(id, topic, title {ko, en}) of every problem, in order (nothing computed)."""
        return [(spec.id, spec.topic, spec.title) for spec in self._specs.values()]

    def validate(self) -> Catalogue:
        """Compute and cross-check every problem; raise the first CatalogueError."""
        _ = self.problems
        return self

    def get(self, problem_id: str) -> Problem:
        """The problem with this id, or UnknownIdentity naming the closest ids."""
        if problem_id not in self._specs:
            ids = list(self._specs)
            raise UnknownIdentity(f"no problem {problem_id!r}" + _suggest(problem_id, ids))
        if problem_id not in self._built:
            self._built[problem_id] = build_problem(self._specs[problem_id])
        return self._built[problem_id]

    def find_ask(self, reference: str) -> Ask:
        """The ask named ``PROBLEM_ID`` (its first ask) or ``PROBLEM_ID:ASK_ID``."""
        problem_id, _, ask_id = reference.strip().partition(":")
        return self.get(problem_id).ask(ask_id or None)

    def __len__(self) -> int:
        return len(self._specs)


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


def default_directory() -> Path:
    """``<repo>/derivations/problems`` (or its installed copy, see ``data_paths``)."""
    from symgen.catalogue.paths import derivations_dir

    return derivations_dir() / "problems"


def load_catalogue(directory: str | Path | None = None) -> Catalogue:
    """Load and check every ``*.toml`` problem in ``directory`` (cached per directory).

    Structure is checked for every file here; answers are computed per problem on first use
    (``catalogue.validate()`` computes them all).

    >>> catalogue = load_catalogue()
    >>> catalogue.find_ask("die_coin_conditional:heads_given_three").expected
    1/2
    """
    path = Path(directory) if directory is not None else default_directory()
    return _load_cached(path.resolve())


@functools.lru_cache(maxsize=8)
def _load_cached(directory: Path) -> Catalogue:
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: catalogue directory not found")
    specs = [read_file(path) for path in sorted(directory.glob("*.toml"))]
    require_unique_ids(specs)
    specs.sort(key=lambda s: (TOPICS.index(s.topic), Path(s.source_file).name))
    return Catalogue(specs, str(directory))


def read_file(path: Path) -> ProblemSpec:
    """Parse one TOML file and check its structure; the id must match the file name."""
    where = Where(str(path))
    if path.stat().st_size > _MAX_FILE_BYTES:
        raise where.error(f"file is larger than {_MAX_FILE_BYTES} bytes")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise where.error(f"not valid TOML: {exc}") from None
    spec = read_spec(data, str(path))
    if path.stem != spec.id:
        raise spec.where.at("id").error(f"the id must match the file name {path.stem!r}")
    return spec


def require_unique_ids(specs: list[ProblemSpec]) -> None:
    """Raise on two files declaring the same problem id."""
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.id in seen:
            raise spec.where.at("id").error(f"duplicate problem id (also in {seen[spec.id]})")
        seen[spec.id] = spec.source_file


def build_problem(spec: ProblemSpec) -> Problem:
    """Build the distributions and compute and cross-check every ask of one problem."""
    names = make_symbols(spec)
    ctx = Context(spec, names, build_given(spec, names))
    asks = []
    for ask_spec in spec.asks:
        expected = compute_ask(ask_spec, ctx)
        ctx.answers[ask_spec.id] = expected
        asks.append(build_ask(ask_spec, expected, ctx))
    return Problem(
        id=spec.id,
        topic=spec.topic,
        title=spec.title,
        statement=spec.statement,
        asks=tuple(asks),
        hints=spec.hints,
        source_file=spec.source_file,
        given=dict(ctx.dists),
        symbols=dict(names),
    )


def build_ask(spec: AskSpec, expected: sp.Basic, ctx: Context) -> Ask:
    """The public Ask record, after checking the typed answer and the mistakes."""
    if spec.answer is not None:
        typed = read_value(spec.answer, ctx.expression_names(), spec.where.at("answer"))
        if not agrees(expected, ctx.resolve(typed), spec):
            raise spec.where.at("answer").error(
                f"typed answer {spec.answer!r} disagrees with the computed {expected}"
            )
    return Ask(
        id=spec.id,
        problem_id=ctx.spec.id,
        kind=spec.kind,
        label=spec.label,
        expected=expected,
        test=spec.test,
        rtol=spec.rtol,
        atol=spec.atol,
        decimals=spec.decimals,
        allow_decimals=spec.allow_decimals,
        unit=spec.args.get("unit"),
        mistakes=tuple(build_mistakes(spec, expected, ctx)),
        symbols=dict(ctx.names),
        hints_en=spec.hints["en"],
        hints_ko=spec.hints["ko"],
        args=dict(spec.args),
    )


def build_mistakes(spec: AskSpec, expected: sp.Basic, ctx: Context) -> list[Mistake]:
    """Each mistake's value (typed, or another ask's answer); none may equal the answer."""
    mistakes = []
    for item in spec.mistakes:
        if item.ask is not None:
            if item.ask not in ctx.answers:
                raise item.where.at("ask").error(f"no earlier ask {item.ask!r} in this problem")
            value = ctx.answers[item.ask]
        else:
            value = ctx.resolve(read_value(item.answer, ctx.expression_names(), item.where))
        if agrees(expected, value, spec):
            raise item.where.error(f"mistake {value} equals the reference answer")
        mistakes.append(Mistake(value, item.reason, item.feedback["en"], item.feedback["ko"]))
    return mistakes


def agrees(expected: sp.Basic, typed: sp.Basic, spec: AskSpec) -> bool:
    """True when a typed value matches the computed one under the ask's answer test.

    Booleans and infinities compare exactly; finite values compare numerically at random
    points of the symbols' domains (50 digits), and symbolically when the test is not
    ``numeric``: a symbolic zero that the numbers contradict is not trusted.
    """
    if not isinstance(expected, sp.Expr) or not isinstance(typed, sp.Expr):
        return expected == typed
    if expected.has(sp.oo, -sp.oo) or typed.has(sp.oo, -sp.oo):
        return bool(expected == typed)
    if spec.test == "numeric":
        return _numbers_agree(expected, typed, tolerance=_tolerance(expected, spec))
    return _numbers_agree(expected, typed, tolerance=None)


def _tolerance(expected: sp.Expr, spec: AskSpec) -> float:
    if spec.decimals is not None:
        return 0.5 * 10.0**-spec.decimals + 1e-12
    rtol = spec.rtol if spec.rtol is not None else 1e-9
    atol = spec.atol if spec.atol is not None else 1e-12
    return atol + rtol * abs(complex(sp.N(expected.subs(sample_point(expected, 0)))))


def _numbers_agree(expected: sp.Expr, typed: sp.Expr, *, tolerance: float | None) -> bool:
    symbols = expected.free_symbols | typed.free_symbols
    for seed in range(5 if symbols else 1):
        point = sample_point(expected - typed, seed, symbols)
        a, b = (sp.N(e.xreplace(point), 50) for e in (expected, typed))
        if not (a.is_number and b.is_number):
            return False
        limit = tolerance if tolerance is not None else 1e-30 * max(1.0, abs(complex(a)))
        if abs(complex(a - b)) > limit:
            return False
    return True


def find_ask(reference: str) -> Ask:
    """The ask ``PROBLEM_ID`` (first ask) or ``PROBLEM_ID:ASK_ID`` of the default catalogue."""
    return load_catalogue().find_ask(reference)


def list_entries(lang: str = "en") -> list[dict[str, str]]:
    """Identities of the library, then catalogue problems: id, kind, topic, title."""
    if lang not in ("ko", "en"):
        raise CatalogueError(f"unknown language {lang!r}; use ko or en")
    entries = [_identity_entry(item, lang) for item in _identities()]
    for problem_id, topic, title in load_catalogue().titles():
        entries.append({"id": problem_id, "kind": "problem", "topic": topic, "title": title[lang]})
    return entries


def _identities() -> list[Any]:
    try:
        from symgen.catalogue.library import identities
    except ImportError as exc:
        msg = f"the identity library symgen.catalogue.library is not available ({exc})"
        raise CatalogueError(msg) from None
    return list(identities())


def _identity_entry(item: Any, lang: str) -> dict[str, str]:
    def get(key: str) -> Any:
        return item[key] if isinstance(item, dict) else getattr(item, key)

    return {
        "id": str(get("id")),
        "kind": "identity",
        "topic": str(get("topic")),
        "title": str(get(f"title_{lang}")),
    }
