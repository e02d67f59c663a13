"""PDF builds with the real TeX toolchain: the sheets, fonts, and hostile text.

These tests need latexmk, pdfLaTeX with kotex and pgfplots, and poppler-utils (installed by
.ci/run). They fail, never skip, when TeX is missing: the PDF is the sheet's main output.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from symgen.notation.tex import Latex as Latex_
from symgen.notation.tex import latex_of
from symgen.sheet.assemble import render_document
from symgen.sheet.blocks import Prose, Solution, SolutionPart
from symgen.sheet.pdf import build_pdf, require_tex
from symgen.sheet.prose import LABELS


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path is not None, f"{name} is missing: install poppler-utils (see .ci/run)"
    return path


def _text(pdf: Path) -> str:
    done = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def pdfs(built_sheets):
    """Both sheets compiled once (see conftest.py): {lang: (tex path, pdf path)}."""
    return {
        lang: (built_sheets / f"symgen-sheet-{lang}.tex", built_sheets / f"symgen-sheet-{lang}.pdf")
        for lang in ("ko", "en")
    }


def test_pdf_korean_sheet_has_headings_results_and_errata(pdfs):
    """pdftotext finds the Korean section titles, computed results and both errata."""
    text = _text(pdfs["ko"][1])
    for heading in ("VAE와 GAN", "확률과 정보 이론", "최대 우도 추정과 오토인코더", "생성 모델"):
        assert heading in text
    for result in ("0.5", "3.5", "2.91667", "2.58496"):
        assert result in text  # P(y=H|x=3), E[die], Var[die], I(x=3) in bits
    assert "크로스 엔트로피는 KL 발산과 같지 않다" in text
    assert "모든 표본은 같은 파라미터를 공유한다" in text


def test_pdf_english_sheet_has_headings_and_errata(pdfs):
    """The English PDF carries the English titles and errata."""
    text = _text(pdfs["en"][1])
    assert "Probability and Information Theory" in text
    assert "Cross-entropy is not equal to KL divergence" in text
    assert "All examples share one parameter" in text


def test_pdf_embeds_the_korean_font(pdfs):
    """pdffonts lists an embedded Korean (Nanum) font and no bitmap Type 3 font."""
    done = subprocess.run([_tool("pdffonts"), str(pdfs["ko"][1])], capture_output=True, check=True)
    rows = [line.split() for line in done.stdout.decode().splitlines()[2:]]
    korean = [r for r in rows if r[0].split("+")[-1].lower().startswith("nanum")]
    assert korean and all("yes" in r[-5:-3] for r in korean)
    assert not any("Type" in r and "3" in r for r in rows)


HOSTILE = r"\input{/etc/passwd} \write18{touch SENTINEL} 100% & a_1 #2 x^2 ~y \ {} $z$ 확률 é"


def test_pdf_hostile_text_prints_literally_and_reads_nothing(tmp_path):
    """Injections in a title, a label and a statement appear as text; nothing is read or run."""
    require_tex()
    sentinel = tmp_path / "SENTINEL"
    hostile = HOSTILE.replace("SENTINEL", str(sentinel))
    part = SolutionPart(hostile, latex_of(hostile), False, latex_of(hostile))
    block = Solution(hostile, hostile, (), (part,), LABELS["en"])
    tex = tmp_path / "hostile.tex"
    tex.write_text(render_document([block, Prose((hostile,))]), encoding="utf-8")
    text = _text(build_pdf(tex, tmp_path / "out"))
    squashed = _squash(text)  # line breaks may split a word or drop a hyphen
    assert r"\input{/etc/passwd}" in text
    assert _squash(rf"\write18{{touch {sentinel}}}") in squashed
    for piece in ("100% &", "#2", "\\ {} $z$ 확률 é"):
        assert _squash(piece) in squashed
    assert "root:" not in text and not sentinel.exists()


def _squash(text: str) -> str:
    """Whitespace and hyphens dropped, accents composed (TeX sets é as e + a combining accent)."""
    return unicodedata.normalize("NFC", "".join(text.split()).replace("-", ""))


_PIECES = (
    "x", "theta", "p_data", "D_KL", "^", "2", "*", "(", ")", "[", "]", "|", "||", "<=", "-",
    "log", "Bernoulli", "~", ",", ";", " ", " ", "a", "1/2", "θ", "²", "snake_case_name", "é",
    "확률", "{", "}", "\\", "$", "%", "&", "#", "_", "...", "→", "Σ", "E", "P",
)  # fmt: skip


def test_prose_tex_of_random_text_always_compiles(tmp_path):
    """400 seeded random strings of maths-like pieces: the document builds, nothing is lost."""
    import random

    from symgen.sheet.mathtext import prose_tex

    rng = random.Random(15)
    lines = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))) for _ in range(400)]
    body = "\n\n".join(prose_tex(line) for line in lines)
    tex = tmp_path / "fuzz.tex"
    tex.write_text(render_document([Prose((Latex_(body),))]), encoding="utf-8")
    assert build_pdf(tex, tmp_path / "out").exists()
