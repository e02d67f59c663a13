"""Tests for `symgen prove`: identities and claims, text, LaTeX and JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symgen.catalogue.library import identity_names
from symgen.cli.main import main


@pytest.mark.parametrize("name", identity_names())
def test_cli_prove_every_identity_exits_zero(name: str, capsys) -> None:
    """Every library identity holds from the CLI."""
    assert main(["prove", name]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name}:")
    assert "holds:" in out


def test_cli_prove_json_shape(capsys) -> None:
    """--json prints one object with holds, steps (expr, rule, verdict) and reason."""
    assert main(["prove", "bayes_rule", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["holds"] is True
    assert isinstance(record["reason"], str)
    assert record["steps"]
    for step in record["steps"]:
        assert {"expr", "rule", "verdict"} <= set(step)
        assert step["verdict"] == "proved"


def test_cli_prove_latex(capsys) -> None:
    """--latex prints LaTeX of the derivation."""
    assert main(["prove", "total_probability", "--latex"]) == 0
    out = capsys.readouterr().out
    assert "\\sum" in out


def test_cli_prove_korean(capsys) -> None:
    """--lang ko prints the Korean title and justifications."""
    assert main(["prove", "bayes_rule", "--lang", "ko"]) == 0
    assert "베이즈 정리" in capsys.readouterr().out


def test_cli_prove_unknown_name_exits_two(capsys) -> None:
    """An unknown identity exits 2 with one line on stderr and a suggestion."""
    assert main(["prove", "bayes_rul"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bayes_rule" in err


def test_cli_prove_true_claim_exits_zero(capsys) -> None:
    """A true claim holds."""
    assert main(["prove", "H(P,Q) = H(P) + D_KL(P||Q)", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holds"] is True


def test_cli_prove_false_claim_exits_one(capsys) -> None:
    """A false claim exits 1 and reports a counterexample in text."""
    assert main(["prove", "P(a|b) = P(b|a)"]) == 1
    assert "DOES NOT HOLD" in capsys.readouterr().out


def test_cli_prove_subprocess_identity_json() -> None:
    """The installed command proves the public identity and prints one JSON object."""
    proc = subprocess.run(
        [sys.executable, "-m", "symgen", "prove", "cross_entropy_decomposition", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["holds"] is True
    assert [s["rule"] for s in record["steps"]][-1] == "def_kl"


def test_cli_prove_subprocess_erratum_claim() -> None:
    """The notes' erratum H(P,Q) = D_KL(P||Q) exits 1 with a correction."""
    proc = subprocess.run(
        [sys.executable, "-m", "symgen", "prove", "H(P,Q) = D_KL(P||Q)", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    record = json.loads(proc.stdout)
    assert record["holds"] is False
    assert record["correction"]
    assert record["steps"] == []


def test_cli_prove_unreadable_claim_exits_two(capsys) -> None:
    """A claim the safe parser rejects exits 2 with one line on stderr."""
    assert main(["prove", "H(P,Q) = = )"]) == 2
    assert capsys.readouterr().err.startswith("symgen: error:")


def test_cli_prove_named_claim_is_checked(capsys) -> None:
    """A snake_case name of a known misconception is checked as a claim, not an identity."""
    assert main(["prove", "cov_zero_implies_independence"]) == 1
    assert "DOES NOT HOLD" in capsys.readouterr().out


def test_cli_prove_claim_latex_is_escaped(capsys) -> None:
    """--latex on a claim prints an escaped paragraph (the claim text is untrusted)."""
    assert main(["prove", "P(a|b) = P(b|a)", "--latex"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("\\paragraph{Claim}")
    assert "does not hold" in out


def test_cli_prove_true_claim_json_has_justified_steps(capsys) -> None:
    """A true claim gets a derivation: each step with text, LaTeX, rule, two sentences, applied."""
    assert main(["prove", "H(X,Y) = H(X) + H(Y|X)", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["verdict"] == "holds" and record["holds"] is True
    assert isinstance(record["reason"], str)
    assert len(record["steps"]) >= 2
    keys = {"expression", "latex", "rule", "justification_en", "justification_ko", "rule_applied"}
    for step in record["steps"]:
        assert keys <= set(step)
        assert step["rule_applied"] is True
        assert step["justification_en"] and any("가" <= c <= "힣" for c in step["justification_ko"])
    assert record["counterexample"] is None


def test_cli_prove_claim_text_is_numbered_with_sentences(capsys) -> None:
    """Plain text: numbered lines, a sentence under each, no bare rule ids."""
    assert main(["prove", "I(X;Y) = H(X) + H(Y) - H(X,Y)"]) == 0
    out = capsys.readouterr().out
    assert "  1. = " in out and "  2. = " in out
    assert "Definition of mutual information." in out
    assert "def_mutual_information" not in out and "[" not in out


def test_cli_prove_claim_korean_sentences(capsys) -> None:
    """--lang ko gives the Korean sentence of each rule."""
    assert main(["prove", "Var(X) = E[X^2] - E[X]^2", "--lang", "ko"]) == 0
    assert "분산의 정의." in capsys.readouterr().out


def test_cli_prove_claim_matching_the_library_shows_its_proof(capsys) -> None:
    """A claim stating a library identity shows that identity's derivation."""
    assert main(["prove", "H(P,Q) = H(P) + D_KL(P||Q)", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["identity"] == "cross_entropy_decomposition"
    assert record["steps"][-1]["rule"] == "def_kl"


def test_cli_prove_inequality_claim_ends_with_the_inequality(capsys) -> None:
    """H(X|Y) <= H(X): the last step is a named inequality, relation >=."""
    assert main(["prove", "H(X|Y) <= H(X)", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert steps[-1]["relation"] == ">=" and steps[-1]["rule_applied"] is True


def test_cli_prove_latex_align_and_counterexample(capsys) -> None:
    """--latex: an align* block for a true claim; the counterexample for a refuted one."""
    assert main(["prove", "Cov(X,Y) = E[XY] - E[X] E[Y]", "--latex"]) == 0
    assert "\\begin{align*}" in capsys.readouterr().out
    assert main(["prove", "H(X,Y) = H(X) + H(Y)", "--latex"]) == 1
    out = capsys.readouterr().out
    assert "Counterexample" in out and "\\begin{align*}" not in out
