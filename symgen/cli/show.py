"""``symgen show PROBLEM[:ASK] [--lang ko|en] [--json]``: a catalogue problem as a student sees it.

Prints the statement, the given distributions and the asks with their units (one ask with
``PROBLEM:ASK``); never the reference answers. ``--json`` prints one object with the keys
``id``, ``topic``, ``title``, ``statement``, ``given`` and ``asks`` (hints stay for the
practice page, on request). Exit code 0,
or 2 for an unknown problem or ask (one line on stderr, and ``{"error": ...}`` with --json).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from symgen.errors import SymgenError

EXIT_OK, EXIT_INVALID = 0, 2
MAX_CELLS_SHOWN = 24  # larger tables are summarised in text (JSON lists up to MAX_CELLS_JSON)
MAX_CELLS_JSON = 1000
_WORDS = {
    "en": {"given": "Given", "asks": "Asks", "unit": "unit", "answer": "answer",
           "true_false": "true or false", "data": "data", "check": "Check an answer",
           "cells": "cells over"},
    "ko": {"given": "주어진 것", "asks": "물음", "unit": "단위", "answer": "답",
           "true_false": "참 또는 거짓", "data": "자료", "check": "답 확인",
           "cells": "칸, 변수"},
}  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Print one problem (or one of its asks); return the exit code."""
    from symgen.catalogue.problems import load_catalogue

    problem_id, _, ask_id = str(args.problem).strip().partition(":")
    try:
        problem = load_catalogue().get(problem_id)
        asks = (problem.ask(ask_id),) if ask_id else problem.asks
    except SymgenError as exc:
        print(f"symgen: error: {exc}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        return EXIT_INVALID
    record = problem_record(problem, asks, args.lang)
    as_json = json.dumps(record, ensure_ascii=False)
    print(as_json if args.json else format_problem(record, args.lang))
    return EXIT_OK


def problem_record(problem: Any, asks: tuple[Any, ...], lang: str) -> dict[str, Any]:
    """JSON-ready view of a problem: statement, given tables, asks (no answers)."""
    return {
        "id": problem.id,
        "topic": problem.topic,
        "title": problem.title.get(lang, problem.id),
        "statement": " ".join(problem.statement.get(lang, "").split()),
        "given": {name: given_record(dist) for name, dist in shown_given(problem).items()},
        "asks": [ask_record(ask, lang) for ask in asks],
    }


# Given kinds computed from other givens (s = d1 + d2, a marginal, a conditional): what the asks
# ask for, so the student is not shown them. symgen.web.views keeps the same list.
DERIVED_KINDS = frozenset({"sum", "apply", "marginal", "condition"})


def shown_given(problem: Any) -> dict[str, Any]:
    """The given distributions a student may see: those not derived from the others."""
    from pathlib import Path

    from symgen.catalogue.problems import read_file

    derived = {
        g.name for g in read_file(Path(problem.source_file)).given if g.kind in DERIVED_KINDS
    }
    return {name: dist for name, dist in problem.given.items() if name not in derived}


def ask_record(ask: Any, lang: str) -> dict[str, Any]:
    """One ask: its id (and ``PROBLEM:ASK``), kind, label, unit, answer format, its data."""
    record = {
        "id": ask.id,
        "ref": ask.qualified_id,
        "kind": ask.kind,
        "label": ask.label.get(lang) or ask.label.get("en", ask.id),
        "unit": ask.unit,
        "answer": "true_false" if ask.is_boolean else "expression",
    }
    if "data" in ask.args:  # the sample of an MLE or MAP ask
        record["data"] = [str(x) for x in ask.args["data"]]
    return record


def given_record(dist: Any) -> dict[str, Any]:
    """A given distribution: its variables and cells ``{"x=1, y=H": "1/12"}`` (exact)."""
    variables = list(getattr(dist, "variables", ()))
    if not variables:
        return {"variables": [], "cells": {}, "text": str(dist)}
    cells = dist.cells()
    shown = list(cells.items())[:MAX_CELLS_JSON]
    return {
        "variables": variables,
        "cells": {_cell_name(variables, cell): str(p) for cell, p in shown},
        "size": len(cells),
    }


def _cell_name(variables: list[str], cell: tuple[Any, ...]) -> str:
    return ", ".join(f"{v}={x}" for v, x in zip(variables, cell, strict=True))


def format_problem(record: dict[str, Any], lang: str = "en") -> str:
    """Plain text: title, statement, given tables, asks with units, how to check."""
    words = _WORDS["ko" if lang == "ko" else "en"]
    lines = [f"{record['id']}: {record['title']}  [{record['topic']}]", ""]
    lines += textwrap.wrap(record["statement"], 88) or [""]
    if record["given"]:
        lines += ["", f"{words['given']}:"]
        for name, given in record["given"].items():
            text = f"{name}: {_given_text(given, words)}"
            lines += textwrap.wrap(text, 88, initial_indent="  ", subsequent_indent="      ")
    lines += ["", f"{words['asks']}:"]
    for ask in record["asks"]:
        unit = f"  ({words['unit']}: {ask['unit']})" if ask["unit"] else ""
        boolean = ask["answer"] != "expression"
        kind = f"  ({words['answer']}: {words['true_false']})" if boolean else ""
        lines.append(f"  {ask['ref']}  {ask['label']}{unit}{kind}")
        if "data" in ask:
            lines.append(f"      {words['data']}: {', '.join(ask['data'])}")
    first = record["asks"][0]["ref"] if record["asks"] else record["id"]
    lines += ["", f'{words["check"]}: symgen check {first} "ANSWER"']
    return "\n".join(lines)


def _given_text(given: dict[str, Any], words: dict[str, str]) -> str:
    if not given["variables"]:
        return str(given.get("text", ""))
    if given["size"] > MAX_CELLS_SHOWN:
        return f"{given['size']} {words['cells']} ({', '.join(given['variables'])})"
    return ", ".join(f"P({cell}) = {p}" for cell, p in given["cells"].items())


def note_chosen_ask(reference: str, ask: Any) -> None:
    """``symgen check PROBLEM`` on a problem with several asks: say which one was checked."""
    from symgen.catalogue.problems import load_catalogue

    if ":" in reference:
        return
    asks = load_catalogue().get(ask.problem_id).asks
    if len(asks) > 1:
        others = ", ".join(a.id for a in asks)
        print(
            f"symgen: checked ask {ask.qualified_id} (the first of {len(asks)}: {others}); "
            f"name one as {ask.problem_id}:ASK",
            file=sys.stderr,
        )
