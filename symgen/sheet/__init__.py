"""The study sheet: blocks, content, prose, pictures, templates, PDF."""

from __future__ import annotations

from symgen.sheet.assemble import build_sheet, render_sheet, write_sheet

__all__ = ["build_sheet", "render_sheet", "write_sheet"]
