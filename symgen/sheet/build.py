"""The main job's output for one language: the full study sheet and the cheat sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from symgen.sheet.assemble import write_sheet
from symgen.sheet.cheatsheet import write_cheatsheet

__all__ = ["write_all"]


def write_all(
    out_dir: Path, *, lang: str = "ko", build: Callable[[Path, Path], Path] | None = None
) -> list[Path]:
    """The full sheet and the cheat sheet of one language: .tex files, and PDFs with ``build``.

    Both come from the same prose, rules, identities and errata.
    """
    sheet, pdf = write_sheet(out_dir, lang=lang, build=build)
    cheat = write_cheatsheet(out_dir, lang=lang)
    built = [sheet, cheat] + ([pdf] if pdf else [])
    if build is not None:
        built.append(build(cheat, out_dir))
    return built
