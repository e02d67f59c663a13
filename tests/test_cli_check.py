"""The ``symgen check`` and ``symgen grade`` commands: exit codes, JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import pytest
import sympy as sp

from symgen.cli.main import main
from symgen.errors import UnknownIdentity


@dataclass(frozen=True)
class _Ask:
    expected: Any
    test: str = "equivalent"
    rtol: float | None = None
    atol: float | None = None
    decimals: int | None = None
    allow_decimals: bool = True
    unit: str | None = None
    mistakes: tuple[Any, ...] = ()
    symbols: dict[str, sp.Symbol] | None = None
    hints_en: tuple[str, ...] = ()
    hints_ko: tuple[str, ...] = ()


ASKS = {
    "half": _Ask(sp.Rational(1, 2), hints_en=("count the cases",), hints_ko=("경우를 세어 보라",)),
    "coin:bits": _Ask(sp.Integer(1), unit="bits"),
}


def _fake_find_ask(reference: str) -> _Ask:
    if reference not in ASKS:
        raise UnknownIdentity(f"no problem {reference!r}")
    return ASKS[reference]


@pytest.fixture
def catalogue(monkeypatch):
    """Replace the catalogue by two fixed asks (each the only ask of its problem)."""
    monkeypatch.setattr("symgen.catalogue.problems.find_ask", _fake_find_ask)
    monkeypatch.setattr("symgen.cli.show.note_chosen_ask", lambda reference, ask: None)


def test_check_correct_exits_0(catalogue, capsys):
    """A correct answer exits 0 and says so."""
    assert main(["check", "half", "0.5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("correct [equivalent]")


def test_check_incorrect_exits_1_with_korean_feedback(catalogue, capsys):
    """A wrong answer exits 1; --lang ko prints the Korean feedback."""
    assert main(["check", "half", "2", "--lang", "ko"]) == 1
    out = capsys.readouterr().out
    assert "reciprocal" in out and "역수" in out and "hint: 경우를 세어 보라" in out


def test_check_json_prints_one_object(catalogue, capsys):
    """--json prints exactly one object with correct, feedback and reason."""
    assert main(["check", "coin:bits", "ln 2", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["correct"] is False and data["reason"] == "wrong_log_base_bits_vs_nats"
    assert data["feedback"] and "hint" not in data


def test_check_parse_error_exits_2_with_one_stderr_line(catalogue, capsys):
    """Unreadable input exits 2 with one line on stderr and still a JSON object."""
    assert main(["check", "half", "__import__('os').system('echo hi')", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["reason"] == "parse_error"
    assert captured.err.count("\n") == 1 and captured.err.startswith("symgen: invalid answer")


def test_check_unknown_problem_exits_2(catalogue, capsys):
    """An unknown problem id exits 2 with a one-line message."""
    assert main(["check", "nope", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symgen: unknown problem") and err.count("\n") == 1


@pytest.mark.parametrize("limit", [0.0, 0.2])
def test_check_timeout_exits_2_with_one_verdict_line(catalogue, capsys, monkeypatch, limit):
    """A check past the time limit is stopped: one line "invalid [timeout]", exit 2. A
    budget of 0 stops it before it starts (deterministic); 0.2 s of CPU goes through the
    profiling timer."""
    calls = []

    def slow(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        while True:  # CPU time is what the limit counts
            pass

    monkeypatch.setattr("symgen.answers.check.check_answer", slow)
    monkeypatch.setattr("symgen.cli.check.TIME_LIMIT_SECONDS", limit)
    assert main(["check", "half", "1/2"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("invalid [timeout]") and captured.out.count("\n") == 1
    assert captured.err == ""
    assert len(calls) == (0 if limit == 0 else 1)
    assert main(["check", "half", "1/2", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["reason"] == "timeout"


def test_grade_cli_json_and_bad_file(tmp_path, capsys):
    """symgen grade writes both reports and --json prints the summary; a missing file exits 2."""
    assert main(["grade", str(tmp_path / "missing.csv")]) == 2
    assert capsys.readouterr().err.startswith("symgen: cannot grade")
    path = tmp_path / "answers.csv"
    path.write_text("student,problem,answer\nann,no_such_problem,1/2\nbob,,1\n", encoding="utf-8")
    out = tmp_path / "out" / "week1"
    assert main(["grade", str(path), "-o", str(out), "--jobs", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["errors"] == 2
    assert (tmp_path / "out" / "week1.csv").exists() and (tmp_path / "out" / "week1.json").exists()


def test_check_real_catalogue_in_a_subprocess():
    """The installed command checks a catalogue answer end to end (exit codes 0 and 1)."""
    command = [sys.executable, "-m", "symgen", "check", "die_coin_conditional"]
    good = subprocess.run([*command, r"\frac{1}{2}"], capture_output=True, text=True, timeout=60)
    bad = subprocess.run([*command, "1/12", "--json"], capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stderr
    assert bad.returncode == 1 and json.loads(bad.stdout)["correct"] is False


def test_time_limit_wall_cap_stops_a_check_that_waits():
    """A check that waits uses no CPU: the wall-time cap stops it (here 0.1 s x 2)."""
    from symgen.cli.check import time_limit
    from symgen.errors import CheckTimeout

    with pytest.raises(CheckTimeout), time_limit(0.1, wall_factor=2):
        time.sleep(30)
