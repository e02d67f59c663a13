"""Compile a .tex file to PDF with latexmk + pdfLaTeX, locked down and time-limited.

The build runs in a fresh temporary directory with ``-no-shell-escape`` (no ``\\write18``),
and kpathsea's ``openin_any=p`` / ``openout_any=p`` (paranoid: no reading or writing
outside the working directory tree except TeX's own files, no dot files), so even a
template bug that let a command through could not read ``/etc/passwd`` or run a program.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from symgen.errors import RenderError, TexNotInstalled

__all__ = ["DEBIAN_PACKAGES", "build_pdf", "require_tex"]

DEBIAN_PACKAGES = (
    "latexmk texlive-latex-base texlive-latex-recommended texlive-lang-korean "
    "texlive-pictures texlive-latex-extra"
)
DEFAULT_TIMEOUT = 120.0


def require_tex() -> str:
    """Path of latexmk; raises :class:`TexNotInstalled` if latexmk or pdflatex is missing."""
    latexmk, pdflatex = shutil.which("latexmk"), shutil.which("pdflatex")
    if latexmk is None or pdflatex is None:
        missing = "latexmk" if latexmk is None else "pdflatex"
        raise TexNotInstalled(
            f"{missing} not found: install TeX with `apt-get install {DEBIAN_PACKAGES}`"
        )
    return latexmk


def _command(latexmk: str, name: str) -> list[str]:
    return [
        latexmk,
        "-pdf",
        "-pdflatex=pdflatex %O %S",
        "-no-shell-escape",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        "-quiet",
        name,
    ]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f", SOURCE_DATE_EPOCH="0")
    env["FORCE_SOURCE_DATE"] = "1"
    return env


def _first_error(log: Path) -> str:
    if not log.exists():
        return "no log written"
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [line for line in lines if line.startswith("!") or ":error:" in line.lower()]
    hits = [line for line in lines if ".tex:" in line and ": " in line]
    return (errors or hits or ["see the log"])[0][:300]


def _run(command: list[str], cwd: Path, timeout: float, name: str) -> int:
    """Run latexmk in its own process group, so a timeout ends pdflatex too."""
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ) as proc:
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RenderError(f"TeX build of {name} ran past {timeout:g} s") from exc


def build_pdf(tex: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Compile ``tex`` in a temporary directory and copy the PDF and its log to ``out_dir``.

    Raises :class:`TexNotInstalled` without TeX and :class:`RenderError` when the build
    fails or runs past ``timeout`` seconds (the message quotes the first TeX error).
    """
    latexmk = require_tex()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="symgen-tex-") as work:
        source = Path(work) / tex.name
        shutil.copyfile(tex, source)
        returncode = _run(_command(latexmk, source.name), Path(work), timeout, tex.name)
        pdf = source.with_suffix(".pdf")
        if returncode != 0 or not pdf.exists():
            reason = _first_error(source.with_suffix(".log"))
            raise RenderError(f"TeX build of {tex.name} failed: {reason}")
        target = out_dir / pdf.name
        shutil.copyfile(pdf, target)
        # the log stays beside the PDF: its Overfull/Underfull warnings are part of the check
        shutil.copyfile(source.with_suffix(".log"), target.with_suffix(".log"))
    return target
