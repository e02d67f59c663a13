"""The ``symgen`` command: argument parsing only; each command lives in symgen/cli/.

Importing this module must not import SymPy, so that ``symgen --help`` stays instant; the
command modules are imported only when their command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK, EXIT_FALSE, EXIT_USAGE = 0, 1, 2

COMMANDS = {
    "list": "identities and catalogue problems",
    "sheet": "build the study sheet (.tex, and PDF with --pdf)",
    "prove": "prove a library identity or verify a claim step by step",
    "check": "check an answer to a catalogue problem",
    "grade": "grade a CSV of answers (student,problem,answer)",
    "show": "show a catalogue problem: statement, given data, asks and units",
    "serve": "the practice page in the browser (needs the [web] extra)",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("symgen")
    except PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser; commands add nothing at import time."""
    parser = argparse.ArgumentParser(
        prog="symgen",
        description="Derive, verify, write up and check the probability and information "
        "theory behind generative models.",
    )
    parser.add_argument("--version", action="version", version=f"symgen {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_list(sub.add_parser("list", help=COMMANDS["list"]))
    _add_sheet(sub.add_parser("sheet", help=COMMANDS["sheet"]))
    _add_prove(sub.add_parser("prove", help=COMMANDS["prove"]))
    _add_check(sub.add_parser("check", help=COMMANDS["check"]))
    _add_grade(sub.add_parser("grade", help=COMMANDS["grade"]))
    _add_show(sub.add_parser("show", help=COMMANDS["show"]))
    _add_serve(sub.add_parser("serve", help=COMMANDS["serve"]))
    return parser


def _lang(parser: argparse.ArgumentParser, default: str = "en") -> None:
    parser.add_argument("--lang", choices=("ko", "en"), default=default, help="language")


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON result")


def _add_list(parser: argparse.ArgumentParser) -> None:
    _lang(parser)
    _json(parser)


def _add_sheet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME", help="sections/problems (default all)")
    _lang(parser, default="ko")
    parser.add_argument("--pdf", action="store_true", help="also compile the PDF (needs TeX)")
    parser.add_argument("-o", "--output", default="output", help="output directory")
    _json(parser)


def _add_prove(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="NAME|CLAIM", help='identity name or "claim"')
    _lang(parser)
    parser.add_argument("--latex", action="store_true", help="print the derivation as LaTeX")
    _json(parser)


def _add_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", metavar="PROBLEM_ID", help="catalogue problem id[:ask]")
    parser.add_argument("answer", metavar="ANSWER", help="the answer, as text or LaTeX")
    _lang(parser)
    _json(parser)


def _add_grade(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", metavar="ANSWERS.csv", help="columns: student,problem,answer")
    parser.add_argument("-o", "--output", default=None, help="report path (.csv and .json)")
    parser.add_argument("--force", action="store_true", help="replace an existing report")
    parser.add_argument("--encoding", default=None, help="the CSV's encoding if not UTF-8/16")
    parser.add_argument("--timings", action="store_true", help="add time_ms to the reports")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=int, default=1, help="worker processes")
    where.add_argument(
        "--dask", default=None, metavar="SCHEDULER", help="a Dask scheduler address or local[:N]"
    )
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per answer")
    _lang(parser)
    _json(parser)


def _add_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", metavar="PROBLEM[:ASK]", help="catalogue problem id[:ask]")
    _lang(parser)
    _json(parser)


def _add_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default localhost)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")


_HELP = ("-h", "--help")
_TOP_ONLY = {"-h", "--help", "--version"}


def protect_leading_minus(argv: Sequence[str]) -> list[str]:
    """Read ``check`` and ``prove`` arguments so that an answer or claim is always a word.

    After the first positional word (PROBLEM, or the claim) every token is part of the
    answer except the command's own options spelled out in full (``--json``, ``--lang ko``):
    ``-h``, ``--help``, abbreviations and anything starting with "-" are words, so
    ``symgen check id -h`` checks the answer "-h" and never prints help with exit 0. Help
    is ``symgen check -h`` with no words at all. The words follow a ``--``, so argparse
    reads them as positionals.

    >>> protect_leading_minus(["check", "e1", "-p*log(p)", "--json"])
    ['check', '--json', '--', 'e1', '-p*log(p)']
    >>> protect_leading_minus(["check", "e1", "-h"])
    ['check', '--', 'e1', '-h']
    >>> protect_leading_minus(["check", "--lang", "ko", "-h"])
    ['check', '--lang', 'ko', '-h']
    """
    argv = list(argv)
    if not argv or argv[0] not in ("check", "prove"):
        return argv
    flags, valued = _options_of(argv[0])
    options: list[str] = []
    words: list[str] = []
    helps: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if token == "--":
            words.extend(rest)
        elif token in _HELP and not words:
            helps.append(token)
        elif token in flags or token.split("=", 1)[0] in valued:
            options.append(token)
            if token in valued:
                options.append(next(rest, ""))
        else:
            words.append(token)
    if not words:
        return [argv[0], *options, *helps]
    return [argv[0], *options, "--", *helps, *words]


def _options_of(command: str) -> tuple[set[str], set[str]]:
    """The full spellings of a command's flags and of its options that take a value."""
    flags: set[str] = set()
    valued: set[str] = set()
    sub = build_parser()._subparsers
    assert sub is not None
    parser = next(a for a in sub._group_actions if isinstance(a, argparse._SubParsersAction))
    for action in parser.choices[command]._actions:
        names = {n for n in action.option_strings if n not in _HELP}
        (flags if action.nargs == 0 else valued).update(names)
    return flags, valued


def command_module(name: str) -> Any:
    """The module that runs one subcommand (each is light until its ``run`` is called)."""
    from symgen.cli import check, grade, prove, serve, sheet, show
    from symgen.cli import list as list_command

    modules = {"check": check, "grade": grade, "list": list_command, "prove": prove, "sheet": sheet}
    modules |= {"serve": serve, "show": show}
    return modules[name]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1 and argv[0] in _TOP_ONLY:  # `symgen -h check id answer`: no exit 0
        print(f"symgen: {argv[0]} takes no other arguments", file=sys.stderr)
        return EXIT_USAGE
    argv = protect_leading_minus(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    module = command_module(args.command)
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("symgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `symgen list | head`: the reader left; stay quiet (Python docs)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FALSE
    except Exception as exc:  # last line of defence: one line, never a traceback
        from symgen.errors import SymgenError

        kind = "error" if isinstance(exc, SymgenError) else f"internal error ({type(exc).__name__})"
        print(f"symgen: {kind}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
