"""``symgen list [--lang ko|en] [--json]``: identities of the library and catalogue problems.

Prints a table (id, kind, topic, title) on stdout, or with ``--json`` one JSON array of objects
with the keys ``id``, ``kind`` (``"identity"`` or ``"problem"``), ``topic`` and ``title``.
Exit code 0, or 2 when the library or the catalogue cannot be loaded (one line on stderr and,
with ``--json``, an object ``{"error": ...}`` on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys

from symgen.errors import SymgenError

EXIT_OK, EXIT_INVALID = 0, 2
COLUMNS = ("id", "kind", "topic", "title")


def run(args: argparse.Namespace) -> int:
    """List every identity and problem; return the exit code."""
    from symgen.catalogue.problems import list_entries

    try:
        entries = list_entries(args.lang)
    except SymgenError as exc:
        print(f"symgen: error: {exc}", file=sys.stderr)
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        return EXIT_INVALID
    if getattr(args, "json", False):
        print(json.dumps(entries, ensure_ascii=False))
    else:
        print(format_table(entries))
    return EXIT_OK


def format_table(entries: list[dict[str, str]]) -> str:
    """A plain-text table with aligned columns (titles are not padded).

    >>> print(format_table([{"id": "a", "kind": "problem", "topic": "pmf", "title": "T"}]))
    id  kind     topic  title
    a   problem  pmf    T
    """
    widths = {c: max([len(c), *(len(e[c]) for e in entries)]) for c in COLUMNS[:-1]}

    def line(row: dict[str, str]) -> str:
        cells = [row[c].ljust(widths[c]) for c in COLUMNS[:-1]]
        return "  ".join([*cells, row["title"]]).rstrip()

    header = line({c: c for c in COLUMNS})
    return "\n".join([header, *(line(e) for e in entries)])
