"""Tests for the study sheet: sections, engine content, errata, determinism, the command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import sympy as sp

from symgen.errors import RenderError, TexNotInstalled, UnknownIdentity
from symgen.sheet.assemble import SECTIONS, build_sheet, render_sheet, write_sheet
from symgen.sheet.blocks import DerivationBlock, Erratum, Solution, solution_block
from symgen.sheet.templating import TEMPLATES


@pytest.fixture(scope="module")
def sheet_ko():
    """The full Korean sheet, built once for this module."""
    return build_sheet(lang="ko")


def _blocks(sheet, kind):
    return [b for s in sheet.sections for b in s.blocks if isinstance(b, kind)]


def test_build_sheet_sections_follow_the_notes(sheet_ko):
    """Sections come in the notes' order with Korean titles."""
    assert [s.key for s in sheet_ko.sections] == list(SECTIONS)
    assert [s.title for s in sheet_ko.sections][:3] == [
        "VAE와 GAN, 그리고 머신러닝 기초",
        "확률과 정보 이론",
        "최대 우도 추정과 오토인코더",
    ]


def test_build_sheet_includes_every_identity_and_problem(sheet_ko):
    """Each library identity and each catalogue problem appears exactly once."""
    from symgen.catalogue.library import identity_names
    from symgen.catalogue.problems import load_catalogue

    derivations = _blocks(sheet_ko, DerivationBlock)
    assert len(derivations) == len(identity_names())
    assert len(_blocks(sheet_ko, Solution)) == len(load_catalogue().problems)


def test_build_sheet_derivations_hold_and_show_no_rule_ids(sheet_ko):
    """Every library derivation holds; its rows carry rule ids only as comments."""
    from symgen.proof.rules import RULES

    for block in _blocks(sheet_ko, DerivationBlock):
        assert block.holds and not block.failure
        assert len(block.rows) >= 2
        for row in block.rows[1:]:
            assert row.rule in RULES or not row.rule
            assert row.rule not in row.expr + row.relation


def test_derivation_block_labels_only_steps_that_need_a_reason():
    """Letters (a), (b), ... mark reasoned steps; each letter has exactly one sentence."""
    from symgen import prove
    from symgen.sheet.blocks import derivation_block

    block = derivation_block(prove("gibbs_inequality"), "ko")
    letters = [r.label for r in block.reasons]
    assert letters == [f"({c})" for c in "abcdefghij"[: len(letters)]]
    used = {lab for row in (*block.rows, *block.facts) for lab in letters if lab in row.relation}
    assert used == set(letters)
    assert all(r.text for r in block.reasons)
    assert not any(c.isascii() and c.isalpha() for r in block.reasons for c in _words(r.text))


def _words(tex: str) -> str:
    """The text of a reason outside maths and commands (Korean sheet: no English words)."""
    import re

    return re.sub(r"\$[^$]*\$|\\[A-Za-z]+|KL|ELBO|GAN|JSD", "", tex)


def test_derivation_block_states_a_repeated_fact_once():
    """The PMF axioms: '1/6 >= 0' for six faces is one row saying it covers all 6 cases."""
    from symgen import prove
    from symgen.sheet.blocks import derivation_block

    block = derivation_block(prove("pmf_axioms"), "en")
    exprs = [(f.lhs, f.relation, f.expr) for f in block.facts]
    assert len(exprs) == len(set(exprs)) == 3
    assert any("all 6 cases" in r.text for r in block.reasons)


def test_build_sheet_prints_both_errata(sheet_ko):
    """The cross-entropy and the per-sample θ errata are printed as corrections."""
    errata = _blocks(sheet_ko, Erratum)
    assert len(errata) == 2
    ce, mle = errata
    assert "H(P, Q) = D_{" in ce.wrong
    assert any("H(P) + D_{" in right for right in ce.right)
    assert r"\theta_{i}" in mle.wrong or r"{\theta}_{i}" in mle.wrong


def test_render_sheet_is_deterministic():
    """Two builds of the same sheet give byte-identical .tex."""
    first = render_sheet(build_sheet(lang="en"))
    second = render_sheet(build_sheet(lang="en"))
    assert first == second
    assert "\\today" not in first


def test_render_sheet_english_titles():
    """--lang en gives English section titles."""
    tex = render_sheet(build_sheet(["probability"], lang="en"))
    assert r"\section{Probability and Information Theory}" in tex
    assert "확률과 정보 이론" not in tex


def test_build_sheet_selects_topics_and_rejects_unknown_names():
    """A topic name builds only its subsection; an unknown name is an error."""
    sheet = build_sheet(["entropy"], lang="en")
    assert [s.key for s in sheet.sections] == ["probability"]
    with pytest.raises(UnknownIdentity, match="no sheet section, topic"):
        build_sheet(["no_such_topic"], lang="en")
    with pytest.raises(RenderError, match="language"):
        build_sheet(lang="fr")


def test_build_sheet_selects_single_identities_and_problems():
    """An identity or problem id brings its topic with only that item."""
    sheet = build_sheet(["bayes_rule", "die_coin_conditional"], lang="en")
    assert [b.title for b in _blocks(sheet, DerivationBlock)] == ["Bayes' rule"]
    assert len(_blocks(sheet, Solution)) == 1


def test_templates_contain_no_mathematics():
    """Formulas come from the engine: templates hold no fractions, logs, sums or numbers."""
    for path in TEMPLATES.glob("*.tex.j2"):
        body = re.sub(r"\(\(#.*?#\)\)", "", path.read_text(encoding="utf-8"), flags=re.S)
        for word in (r"\frac", r"\log", r"\sum", r"\mathbb{E}", "D_{KL}", "1/12"):
            assert word not in body, f"{path.name} contains {word}"


def test_solution_block_conditional_steps_reproduce_the_answer():
    """The die-and-coin problem shows joint / marginal = (1/12)/(1/6) and boxes 1/2."""
    from symgen.catalogue.problems import load_catalogue

    problem = load_catalogue().get("die_coin_conditional")
    part = solution_block(problem, "en").parts[0]
    assert r"= \frac{\frac{1}{12}}{\frac{1}{6}}" in part.math
    assert part.math.endswith(r"\boxed{\frac{1}{2}}") and part.check == r"\approx 0.5"


def test_solution_block_answers_yes_no_in_the_sheet_language():
    """A true/false ask is answered 예/아니요 in Korean and yes/no in English."""
    from symgen.catalogue.problems import load_catalogue

    problem = next(p for p in load_catalogue().problems if any(a.is_boolean for a in p.asks))
    ko = [pt.math for pt in solution_block(problem, "ko").parts]
    en = [pt.math for pt in solution_block(problem, "en").parts]
    assert any(r"\text{예}" in m or r"\text{아니요}" in m for m in ko)
    assert any(r"\text{yes}" in m or r"\text{no}" in m for m in en)
    assert not any("true" in m or "false" in m for m in ko + en)


def test_solution_block_refers_to_a_shared_working():
    """Two asks with the same working print it once; the second refers to the first."""
    from symgen.catalogue.problems import load_catalogue

    problem = load_catalogue().get("bayes_diagnostic_test")
    parts = solution_block(problem, "en").parts
    assert [p.math for p in parts].count(parts[1].math) == 1
    assert r"\text{worked as in 2}" in [p.math for p in parts]


def test_pictures_data_come_from_the_engine():
    """Entropy curve peaks at 1 bit at p = 1/2; KL curves differ; coordinates are fixed-digit."""
    from symgen.sheet.pictures import binary_entropy_plot, coordinates, kl_asymmetry_plot

    curve = binary_entropy_plot("c").series[0].coordinates
    assert curve.startswith("(0,0) ") and curve.endswith(" (1,0)") and "(0.5,1)" in curve
    forward, backward = kl_asymmetry_plot(sp.Rational(1, 4), "c").series
    assert forward.coordinates != backward.coordinates
    assert coordinates([(0.1, -0.0)]) == "(0.1,0)"


def _args(out: Path, *, pdf: bool) -> argparse.Namespace:
    return argparse.Namespace(names=["vae_gan"], lang="en", pdf=pdf, output=str(out), json=False)


def test_sheet_command_without_tex_still_writes_the_tex(tmp_path, monkeypatch, capsys):
    """--pdf without TeX exits 1, names the Debian packages, and leaves the .tex."""
    from symgen.cli import sheet as command

    monkeypatch.setattr("symgen.sheet.pdf.shutil.which", lambda name: None)
    assert command.run(_args(tmp_path, pdf=True)) == 1
    err = capsys.readouterr().err
    assert "texlive-lang-korean" in err and "latexmk" in err
    assert (tmp_path / "symgen-sheet-en-vae_gan.tex").is_file()


def test_require_tex_names_packages(monkeypatch):
    """require_tex raises TexNotInstalled naming every package to install."""
    from symgen.sheet.pdf import DEBIAN_PACKAGES, require_tex

    monkeypatch.setattr("symgen.sheet.pdf.shutil.which", lambda name: None)
    with pytest.raises(TexNotInstalled) as info:
        require_tex()
    for package in DEBIAN_PACKAGES.split():
        assert package in str(info.value)


def test_write_sheet_writes_tex_only_by_default(tmp_path):
    """write_sheet without a builder writes OUT/symgen-sheet-LANG.tex and no PDF."""
    tex, pdf = write_sheet(tmp_path, lang="ko", names=["ml_basics"])
    assert tex == tmp_path / "symgen-sheet-ko-ml_basics.tex" and pdf is None
    assert tex.read_text(encoding="utf-8").startswith("\\documentclass")


def test_solution_block_writes_out_entropy_sum_in_bits():
    """The 7/4-bit problem shows -Σ p log_2 p term by term before the boxed answer."""
    from symgen.catalogue.problems import load_catalogue

    part = solution_block(load_catalogue().get("entropy_skewed_bits"), "en").parts[0]
    assert part.math.count(r"\log_{2}") == 4
    assert part.math.endswith(r"\boxed{\frac{7}{4}}")


def test_derivation_side_results_are_printed():
    """The MLE derivation shows its solved score equation and second-order check, verified."""
    from symgen import prove
    from symgen.sheet.blocks import render_derivation

    tex = str(render_derivation(prove("mle_bernoulli"), "en"))
    assert "Side results, checked too" in tex
    assert r"\frac{h}{h + t}" in tex and r"\hat\theta" in tex
    assert "second" in tex and "[proved]" not in tex
    assert "함께 검증한 결과" in str(render_derivation(prove("mle_bernoulli"), "ko"))


def test_sheet_command_full_build_writes_the_cheatsheet_too(tmp_path, capsys):
    """`symgen sheet` without names writes the sheet and the cheat sheet from the same data."""
    import json

    from symgen.cli import sheet as command

    args = argparse.Namespace(names=[], lang="en", pdf=False, output=str(tmp_path), json=True)
    assert command.run(args) == 0
    record = json.loads(capsys.readouterr().out)
    cheat = Path(record["cheatsheet"])
    assert cheat == tmp_path / "symgen-cheatsheet-en.tex" and cheat.is_file()
    tex = cheat.read_text(encoding="utf-8")
    assert r"\begin{multicols}{2}" in tex and "Error in the notes" in tex
    assert "1/12" not in tex and "def_kl" not in tex  # formulas come as LaTeX, never rule ids
