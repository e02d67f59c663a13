"""Identities written as data: ``derivations/identities/*.toml``, read without running code.

An identity whose proof is pure notation needs no Python: its start and every step are
written in the claim notation that students type, read by the safe parser, and each step
names its rule. The file is checked like a catalogue problem: unknown keys, a missing field
or a line the parser refuses is a one-line :class:`~symgen.errors.CatalogueError` naming
the file and the key.

A file looks like this::

    title_en = "Law of total probability"
    title_ko = "전체 확률의 법칙"
    topic = "probability"
    statement = 'P(x) = \\sum_y P(x \\mid y)\\, P(y)'
    start = "P(x)"

    [[steps]]
    expr = "sum_{y} P(x, y)"
    rule = "marginalisation"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from symgen.errors import CatalogueError, SymgenError
from symgen.parsing import parse
from symgen.proof.derivation import Derivation, Step

_TOP_REQUIRED = ("title_en", "title_ko", "topic", "start", "steps")
_TOP_OPTIONAL = ("statement", "note_en", "note_ko")
_STEP_REQUIRED = ("expr", "rule")
_STEP_TEXT = ("note", "note_ko", "relation")
_STEP_OPTIONAL = (*_STEP_TEXT, "assumes", "reverse")


def load_identity_file(path: Path) -> Derivation:
    """The Derivation that ``path`` (a ``.toml`` identity) describes; its name is the stem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read ({exc})") from None
    _require_keys(data, _TOP_REQUIRED, _TOP_OPTIONAL, path.name)
    steps = data["steps"]
    if not isinstance(steps, list) or not steps:
        raise CatalogueError(f"{path.name}: steps must be a non-empty list of [[steps]] tables")
    texts = {k: _text(data, k, path.name) for k in (*_TOP_REQUIRED[:3], *_TOP_OPTIONAL)}
    return Derivation(
        name=path.stem,
        topic=texts["topic"],
        title_en=texts["title_en"],
        title_ko=texts["title_ko"],
        statement=texts["statement"],
        note_en=texts["note_en"],
        note_ko=texts["note_ko"],
        start=_line(data["start"], f"{path.name}: start"),
        steps=tuple(_step(s, f"{path.name}: steps[{i}]") for i, s in enumerate(steps, 1)),
    )


def _step(table: Any, where: str) -> Step:
    if not isinstance(table, dict):
        raise CatalogueError(f"{where}: must be a table")
    _require_keys(table, _STEP_REQUIRED, _STEP_OPTIONAL, where)
    assumes = table.get("assumes", [])
    if not isinstance(assumes, list) or not all(isinstance(a, str) for a in assumes):
        raise CatalogueError(f"{where}.assumes: must be a list of strings")
    reverse = table.get("reverse", False)
    if not isinstance(reverse, bool):
        raise CatalogueError(f"{where}.reverse: must be true or false")
    texts = {k: _text(table, k, where) for k in ("rule", *_STEP_TEXT)}
    try:
        return Step(
            _line(table["expr"], f"{where}.expr"),
            texts["rule"],
            note=texts["note"],
            note_ko=texts["note_ko"],
            assumes=tuple(assumes),
            relation=texts["relation"] or "=",
            reverse=reverse,
        )
    except SymgenError as exc:
        raise CatalogueError(f"{where}: {exc}") from None


def _line(text: Any, where: str) -> Any:
    if not isinstance(text, str):
        raise CatalogueError(f"{where}: must be a string in claim notation")
    try:
        return parse(text)
    except SymgenError as exc:
        raise CatalogueError(f"{where}: {exc}") from None


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise CatalogueError(f"{where}.{key}: must be a string")
    return value


def _require_keys(table: dict, required: tuple[str, ...], optional: tuple[str, ...], where: str):
    missing = [k for k in required if k not in table]
    if missing:
        raise CatalogueError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r}")
