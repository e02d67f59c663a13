"""The study sheet: sections in the notes' order, every formula and number from the engine.

``build_sheet`` assembles finished records (prose from :mod:`symgen.sheet.prose`, results from
distributions and measures, derivations from the identity library, worked problems from the
catalogue, pictures from :mod:`symgen.sheet.pictures`); ``render_sheet`` turns them into LaTeX.
A piece of the engine that is missing or broken stops the build with a
:class:`~symgen.errors.RenderError` naming it: the sheet never silently drops a topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symgen.catalogue import library, problems
from symgen.catalogue.spec import TOPICS
from symgen.errors import RenderError, SymgenError, UnknownIdentity
from symgen.sheet.blocks import Heading, Prose, derivation_block, solution_block
from symgen.sheet.prose import text
from symgen.sheet.templating import render_template

__all__ = [
    "SECTIONS",
    "Section",
    "Sheet",
    "build_sheet",
    "library_by_topic",
    "render_document",
    "render_sheet",
    "sheet_path",
    "write_sheet",
]

LANGS = ("ko", "en")


@dataclass(frozen=True)
class Section:
    """One numbered section: title and blocks."""

    key: str
    title: str
    blocks: tuple[Any, ...]


@dataclass(frozen=True)
class Sheet:
    """The whole study sheet in one language."""

    lang: str
    title: str
    subtitle: str
    intro: str
    sections: tuple[Section, ...]


def _notes_topics(first: str, last: str) -> tuple[str, ...]:
    """The catalogue's topics from ``first`` to ``last``: one list of the notes' order for both."""
    return TOPICS[TOPICS.index(first) : TOPICS.index(last) + 1]


# Section key -> (title key, topics in the notes' order). A topic's subsection holds its
# prose, the engine's results and pictures, its library identities and catalogue problems.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ml_basics": ("sec_ml", ("vae_gan", "ml_basics")),
    "probability": ("sec_prob", _notes_topics("pmf", "kl_cross_entropy")),
    "mle_autoencoder": ("sec_mle", _notes_topics("mle", "autoencoder")),
    "generative": ("sec_gen", ("elbo", "gan", "vae")),
}


def _topics() -> dict[str, str]:
    return {t: s for s, (_, topics) in SECTIONS.items() for t in topics}


# ---------------------------------------------------------------- library and catalogue


def library_by_topic() -> dict[str, list[str]]:
    """Identity names grouped by sheet topic (see :mod:`symgen.sheet.content`)."""
    from symgen.sheet.content import identity_topic

    try:
        names = library.identity_names()
    except SymgenError as exc:
        raise RenderError(f"the identity library cannot be listed: {exc}") from exc
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(identity_topic(name), []).append(name)
    return grouped


def _catalogue_by_topic() -> dict[str, list[Any]]:
    try:
        loaded = problems.load_catalogue().problems
    except SymgenError as exc:
        raise RenderError(f"the problem catalogue cannot be loaded: {exc}") from exc
    grouped: dict[str, list[Any]] = {}
    for problem in sorted(loaded, key=lambda p: p.id):
        grouped.setdefault(_problem_topic(problem.topic), []).append(problem)
    return grouped


def _problem_topic(topic: str) -> str:
    return "ml_basics" if topic == "ml_basics" else topic if topic in _topics() else "vae"


def _prove(name: str, lang: str) -> Any:
    try:
        return derivation_block(library.prove(name), lang)
    except SymgenError as exc:
        raise RenderError(f"identity {name!r} could not be proved for the sheet: {exc}") from exc


# ---------------------------------------------------------------- assembly


def _subsection(
    topic: str, lang: str, library: dict[str, list[str]], problems: dict[str, list[Any]]
) -> list[Any]:
    from symgen.sheet.content import topic_blocks

    blocks: list[Any] = [Heading(text(topic, lang)), *topic_blocks(topic, lang)]
    blocks += [_prove(name, lang) for name in library.get(topic, [])]
    blocks += [solution_block(p, lang) for p in problems.get(topic, [])]
    return blocks


def _section(key: str, topics: Iterable[str], lang: str, sources: tuple[dict, dict]) -> Section:
    title_key, _ = SECTIONS[key]
    blocks: list[Any] = []
    if key == "generative":
        blocks.append(Prose((text("sec_gen_body", lang),)))
    for topic in topics:
        blocks += _subsection(topic, lang, *sources)
    return Section(key, text(title_key, lang), tuple(blocks))


def _selection(names: Sequence[str], sources: tuple[dict, dict]) -> dict[str, tuple[str, ...]]:
    """Section key -> chosen topics; a NAME is a section, a topic, an identity or a problem."""
    if not names:
        return {key: topics for key, (_, topics) in SECTIONS.items()}
    topics, items = _topics(), _item_topics(sources)
    chosen: dict[str, tuple[str, ...]] = {}
    for name in names:
        if name in SECTIONS:
            chosen[name] = SECTIONS[name][1]
            continue
        topic = name if name in topics else items.get(name)
        if topic is None:
            known = ", ".join(dict.fromkeys([*SECTIONS, *topics]))
            raise UnknownIdentity(
                f"no sheet section, topic, identity or problem {name!r}; sections and "
                f"topics: {known} (identities and problems: `symgen list`)"
            )
        chosen[topics[topic]] = (*chosen.get(topics[topic], ()), topic)
    order = list(SECTIONS)
    return {
        k: _in_order(k, v) for k, v in sorted(chosen.items(), key=lambda kv: order.index(kv[0]))
    }


def _item_topics(sources: tuple[dict, dict]) -> dict[str, str]:
    """Identity name or problem id -> its sheet topic."""
    library, problems = sources
    found = {name: topic for topic, names in library.items() for name in names}
    found.update({p.id: topic for topic, group in problems.items() for p in group})
    return found


def _only_items(names: Sequence[str], sources: tuple[dict, dict]) -> tuple[dict, dict]:
    """Sources narrowed to the named items, for topics chosen only through an item."""
    items = _item_topics(sources)
    picked = [n for n in names if n in items and n not in SECTIONS and n not in _topics()]
    whole = {t for n in names if n in SECTIONS for t in SECTIONS[n][1]} | set(names)
    narrowed = {items[n] for n in picked} - whole
    library, problems = sources
    keep_l = {t: [n for n in v if t not in narrowed or n in picked] for t, v in library.items()}
    keep_p = {t: [p for p in v if t not in narrowed or p.id in picked] for t, v in problems.items()}
    return keep_l, keep_p


def _in_order(section: str, topics: tuple[str, ...]) -> tuple[str, ...]:
    every = SECTIONS[section][1]
    return tuple(t for t in every if t in topics)


def build_sheet(names: Sequence[str] = (), *, lang: str = "ko") -> Sheet:
    """The study sheet for the chosen sections, topics, identities or problems (default: all).

    A section or topic brings everything in it; an identity or problem id brings its topic's
    prose and results with only the named items of that topic.
    """
    if lang not in LANGS:
        raise RenderError(f"unknown sheet language {lang!r}; use ko or en")
    sources = (library_by_topic(), _catalogue_by_topic())
    chosen = _selection(names, sources)
    sources = _only_items(names, sources)
    sections = tuple(_section(key, topics, lang, sources) for key, topics in chosen.items())
    return Sheet(lang, text("title", lang), text("subtitle", lang), text("intro", lang), sections)


def render_sheet(sheet: Sheet) -> str:
    """The complete .tex document of a sheet."""
    return render_template("sheet.tex.j2", sheet=sheet)


def render_document(blocks: Sequence[Any]) -> str:
    """A standalone .tex document of finished blocks, with the sheet's preamble."""
    return render_template("document.tex.j2", blocks=tuple(blocks))


def sheet_path(out_dir: Path, lang: str, names: Sequence[str] = ()) -> Path:
    """Where the sheet's .tex goes: ``OUT/symgen-sheet-LANG.tex``, or with a suffix naming
    the chosen parts, so a partial sheet never overwrites the full one.

    >>> sheet_path(Path("output"), "ko").name, sheet_path(Path("o"), "en", ["kl", "mle"]).name
    ('symgen-sheet-ko.tex', 'symgen-sheet-en-kl-mle.tex')
    """
    suffix = "-".join(re.sub(r"[^a-z0-9_]", "", n.lower()) for n in names)[:80]
    return out_dir / f"symgen-sheet-{lang}{'-' + suffix if suffix else ''}.tex"


def write_sheet(
    out_dir: Path,
    *,
    lang: str = "ko",
    names: Sequence[str] = (),
    build: Callable[[Path, Path], Path] | None = None,
) -> tuple[Path, Path | None]:
    """Write the .tex (always) and, when ``build`` is given, the PDF via ``build(tex, out)``."""
    tex = render_sheet(build_sheet(names, lang=lang))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = sheet_path(out_dir, lang, names)
    path.write_text(tex, encoding="utf-8")
    return path, (build(path, out_dir) if build is not None else None)
