"""``symgen sheet [NAME...] [--lang ko|en] [--pdf] [-o DIR] [--json]``: the study sheet.

Writes ``DIR/symgen-sheet-LANG.tex`` and, with ``--pdf``, ``DIR/symgen-sheet-LANG.pdf``; a
sheet of chosen NAMEs (sections, topics, identities, problems) gets their names as a suffix.
The full build (no NAME) also writes the cheat sheet ``DIR/symgen-cheatsheet-LANG.tex``
(and its PDF), from the same data.
Without TeX the .tex is still written and the error names the Debian packages to install.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from symgen.errors import RenderError, SymgenError, TexNotInstalled, UnknownIdentity

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _report(
    args: argparse.Namespace,
    tex: Path,
    pdf: Path | None,
    error: str = "",
    cheat: Path | None = None,
) -> None:
    if args.json:
        record: dict[str, object] = {"lang": args.lang, "tex": str(tex)}
        record["pdf"] = str(pdf) if pdf else None
        record["cheatsheet"] = str(cheat) if cheat else None
        record["ok"] = not error
        if error:
            record["error"] = error
        print(json.dumps(record, ensure_ascii=False))
    else:
        print(tex)
        if pdf:
            print(pdf)


def run(args: argparse.Namespace) -> int:
    """Build the sheet; exit 0 on success, 2 on a bad name, 1 when rendering or TeX fails."""
    from symgen.sheet.assemble import write_sheet
    from symgen.sheet.cheatsheet import write_cheatsheet
    from symgen.sheet.pdf import build_pdf

    out = Path(args.output)
    try:
        tex, _ = write_sheet(out, lang=args.lang, names=tuple(args.names))
        cheat = None if args.names else write_cheatsheet(out, lang=args.lang)
    except UnknownIdentity as exc:
        print(f"symgen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SymgenError as exc:
        print(f"symgen: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    pdf = None
    if args.pdf:
        try:
            pdf = build_pdf(tex, out)
            if cheat is not None:
                build_pdf(cheat, out)
        except (TexNotInstalled, RenderError) as exc:
            _report(args, tex, None, str(exc))
            print(f"symgen: error: {exc} (the .tex is at {tex})", file=sys.stderr)
            return EXIT_FAIL
    _report(args, tex, pdf, cheat=cheat)
    if cheat is not None and not args.json:
        print(cheat)
        if pdf:
            print(cheat.with_suffix(".pdf"))
    return EXIT_OK
