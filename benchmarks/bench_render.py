"""Time to render the study sheet's .tex (goal: under 3 s) and to compile each PDF.

Run: ``python benchmarks/bench_render.py [--no-pdf]``. Rows:

- cold build: the first ``build_sheet`` in a fresh process, which proves every library
  identity and loads the catalogue (their cost, not the renderer's, dominates);
- warm build + render per language: what ``symgen sheet`` costs once the engine's caches
  are filled; this is the number held to the 3 s goal;
- Jinja render alone: the templates over the finished records;
- printer: symgen.notation.latex.to_latex over every derivation step vs plain ``sympy.latex``
  (the reference), as a ratio;
- PDF: latexmk + pdfLaTeX per language (three passes: table of contents).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import sympy as sp


def _cpu() -> float:
    """CPU seconds of this process and its finished children (TeX runs in children)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Timing(NamedTuple):
    """Wall-clock and CPU seconds of one call (the machine may be shared: CPU is steadier)."""

    wall: float
    cpu: float

    def __add__(self, other: object) -> Timing:
        assert isinstance(other, Timing)
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def _timed(fn, *args, **kwargs):
    start, cpu = time.perf_counter(), _cpu()
    value = fn(*args, **kwargs)
    return value, Timing(time.perf_counter() - start, _cpu() - cpu)


def _step_exprs() -> list[sp.Basic]:
    from symgen.catalogue import library

    exprs = []
    for name in library.identity_names():
        derivation = library.prove(name)
        exprs += [derivation.start, *(step.expr for step in derivation.steps)]
    return exprs


Row = tuple[str, Timing, Timing | None]


def _printer_row() -> Row:
    from symgen.notation.latex import to_latex

    exprs = _step_exprs()
    _, ours = _timed(lambda: [to_latex(e, as_written=True) for e in exprs])
    _, ref = _timed(lambda: [sp.latex(e, order="none") for e in exprs])
    return f"printer, {len(exprs)} steps (ref: sympy.latex)", ours, ref


def _cheatsheet_row() -> Row:
    from symgen.sheet.cheatsheet import write_cheatsheet

    with tempfile.TemporaryDirectory() as out:
        _, took = _timed(write_cheatsheet, Path(out), lang="ko")
    return "cheat sheet .tex [ko] (warm)", took, None


def _pdf_rows() -> list[Row]:
    from symgen.sheet.assemble import write_sheet
    from symgen.sheet.cheatsheet import write_cheatsheet
    from symgen.sheet.pdf import build_pdf

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as out:
        for lang in ("ko", "en"):
            tex_path, _ = write_sheet(Path(out), lang=lang)
            _, took = _timed(build_pdf, tex_path, Path(out))
            rows.append((f"PDF compile [{lang}] (latexmk, pdfLaTeX)", took, None))
            cheat = write_cheatsheet(Path(out), lang=lang)
            _, took = _timed(build_pdf, cheat, Path(out))
            rows.append((f"cheat sheet PDF compile [{lang}]", took, None))
    return rows


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-pdf", action="store_true", help="skip the TeX builds")
    args = parser.parse_args()
    from symgen.sheet.assemble import build_sheet, render_sheet

    rows: list[Row] = []
    _, cold = _timed(build_sheet, lang="ko")
    rows.append(("cold build (proves library, loads catalogue)", cold, None))
    for lang in ("ko", "en"):
        sheet, build = _timed(build_sheet, lang=lang)
        tex, render = _timed(render_sheet, sheet)
        rows.append(
            (f"warm build + render .tex [{lang}] ({len(tex) // 1000} kB)", build + render, None)
        )
        rows.append((f"Jinja render alone [{lang}]", render, None))
    rows.append(_printer_row())
    rows.append(_cheatsheet_row())
    if not args.no_pdf:
        rows += _pdf_rows()
    _print(rows)


def _print(rows: list[Row]) -> None:
    print(f"{'case':52} {'wall s':>8} {'cpu s':>8} {'ref cpu':>8} {'ratio':>6}")
    for name, ours, ref in rows:
        ref_text = f"{ref.cpu:8.3f}" if ref is not None else f"{'-':>8}"
        ratio = f"{ours.cpu / ref.cpu:6.2f}" if ref else f"{'-':>6}"
        print(f"{name:52} {ours.wall:8.3f} {ours.cpu:8.3f} {ref_text} {ratio}")
    print("goal: warm build + render under 3 s per language (CPU; wall depends on machine load)")


if __name__ == "__main__":
    main()
