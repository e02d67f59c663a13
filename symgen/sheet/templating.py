"""Jinja2 for LaTeX: the environment of the sheet's templates (``templates/*.tex.j2``).

Jinja's autoescape knows only HTML, so this environment escapes for LaTeX instead: its
``finalize`` hook passes every ``((( value )))`` through
:func:`symgen.notation.tex.escape_latex`. Delimiters ``((* *))``, ``((( )))``, ``((# #))``
do not clash with TeX's braces.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from symgen.errors import RenderError
from symgen.notation.tex import escape_latex, latex_of
from symgen.sheet.mathtext import prose_tex

__all__ = ["TEMPLATES", "environment", "render_template"]

TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def environment() -> jinja2.Environment:
    """The shared Jinja2 environment for ``symgen/templates/*.tex.j2``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((#",
        comment_end_string="#))",
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=escape_latex,
    )
    env.filters["tex"] = escape_latex
    env.filters["math"] = latex_of
    env.filters["as_written"] = lambda expr: latex_of(expr, as_written=True)
    env.filters["prose"] = prose_tex
    return env


def render_template(name: str, /, **context: Any) -> str:
    """Render one template; template and data errors become :class:`RenderError`."""
    try:
        return environment().get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}") from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(f"template {name}: {exc.message}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"template {exc.name}:{exc.lineno}: {exc.message}") from exc
