"""Adversarial inputs to ``symgen check`` and ``symgen grade`` (issue 12).

Help flags typed as answers never exit 0; a report never lands on the answers file (by
any spelling, symlink or hard link, CSV or JSON name); an over-long quoted cell is one
error row and never forges rows; cp1252 and BOM-less UTF-16 files stop with a one-line
error naming the line; reports follow the umask; SIGINT and SIGTERM stop ``grade``
quietly with no report. The checker here is a stub, so the file/CLI behaviour is tested
without the catalogue.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from symgen.cli.main import main
from symgen.errors import UnknownIdentity
from symgen.grading.grade import grade_file
from symgen.grading.report import is_report
from symgen.grading.rows import MAX_ANSWER_CHARS, GradingInputError, read_answers


def stub_check(reference: str, answer: str) -> dict[str, Any]:
    """A checker without the catalogue: '1/2' and '½' are right for 'half'."""
    if reference != "half":
        return {"status": "error", "reason": "unknown_problem", "detail": reference}
    correct = answer.strip() in ("1/2", "½", "0.5")
    words = ("ok", "네") if correct else ("no", "아니오")
    reason = "equivalent" if correct else "wrong_value"
    return {"correct": correct, "reason": reason, "feedback_en": words[0], "feedback_ko": words[1]}


# --- help flags as answers --------------------------------------------------------------


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


@pytest.fixture
def catalogue(monkeypatch):
    """One ask, 'half' = 1/2, that is the only ask of its problem."""

    def find_ask(reference: str) -> _Ask:
        if reference != "half":
            raise UnknownIdentity(f"no problem {reference!r}")
        return _Ask(sp.Rational(1, 2))

    monkeypatch.setattr("symgen.catalogue.problems.find_ask", find_ask)
    monkeypatch.setattr("symgen.cli.show.note_chosen_ask", lambda reference, ask: None)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "half", "-h"],
        ["check", "half", "--help"],
        ["check", "half", "--he"],
        ["check", "-h", "half", "1/2"],
        ["check", "half", "1/2", "-h"],
        ["check", "half", "--", "-h"],
        ["check", "half", "--json", "-h"],
        ["-h", "check", "half", "1/2"],
        ["--version", "check", "half", "1/2"],
        ["prove", "H(X) = H(X)", "-h"],
        ["prove", "-h", "H(X) = H(X)"],
    ],
)
def test_help_flags_after_the_problem_are_answers_and_never_exit_0(catalogue, capsys, argv):
    """No invocation that carries an answer or a claim exits 0 unless it is right."""
    code = main(argv)
    out, _ = capsys.readouterr()
    assert code in (1, 2), (argv, code)
    assert "usage:" not in out  # no help text on stdout


def test_help_flag_as_an_answer_gets_one_verdict_line(catalogue, capsys):
    """`check half -h` checks the answer "-h": one verdict line, exit 1 or 2."""
    code = main(["check", "half", "-h"])
    out, _ = capsys.readouterr()
    assert code in (1, 2) and len(out.splitlines()) == 1
    assert out.startswith(("incorrect [", "invalid ["))


def test_help_alone_still_works(capsys):
    """Help is `symgen check -h` with no problem (exit 0, usage on stdout)."""
    assert main(["check", "-h"]) == 0
    assert "PROBLEM_ID" in capsys.readouterr().out
    assert main(["prove", "--help"]) == 0


def test_help_as_an_answer_in_a_subprocess():
    """The installed command: `check PROBLEM -h` exits 1 or 2 with one verdict line."""
    result = subprocess.run(
        [sys.executable, "-m", "symgen", "check", "die_coin_conditional", "-h"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode in (1, 2), result
    verdicts = [line for line in result.stdout.splitlines()
                if line.startswith(("correct ", "incorrect ", "invalid "))]  # fmt: skip
    assert len(verdicts) == 1 and not verdicts[0].startswith("correct"), result
    assert "usage:" not in result.stdout and "Traceback" not in result.stderr


# --- the report never lands on the input ------------------------------------------------

ANSWERS = "student,problem,answer\nann,half,1/2\nbob,half,2\n"


def _answers(tmp_path: Path, name: str = "class.csv") -> Path:
    path = tmp_path / name
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def _spellings(tmp_path: Path, source: Path) -> list[Path]:
    (tmp_path / "sub").mkdir(exist_ok=True)
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    hard = tmp_path / "hard.csv"
    os.link(source, hard)
    return [
        source,  # -o class.csv
        source.with_suffix(""),  # -o class: the stem gets .csv
        source.with_suffix(".json"),  # -o class.json: the sibling .csv is the input
        tmp_path / "sub" / ".." / source.name,  # another spelling
        link,  # a symlink to the input
        hard,  # a hard link to the input
    ]


def test_a_report_path_that_is_the_input_is_refused_in_every_spelling(tmp_path):
    """The answers file survives -o pointing at it by name, stem, symlink or hard link."""
    source = _answers(tmp_path)
    for output in _spellings(tmp_path, source):
        with pytest.raises(GradingInputError, match="overwrite the answers file"):
            grade_file(source, output=output, check=stub_check, force=True)
        assert source.read_text(encoding="utf-8") == ANSWERS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.csv", "hard.csv", "link.csv",
                                                          "sub"]  # fmt: skip


def test_the_json_name_is_checked_too(tmp_path):
    """An input named like the JSON report (answers.json holding CSV) is refused as well."""
    source = _answers(tmp_path, "week1.json")
    with pytest.raises(GradingInputError, match="overwrite the answers file"):
        grade_file(source, output=tmp_path / "week1", check=stub_check)
    assert source.read_text(encoding="utf-8") == ANSWERS


def test_cli_refuses_the_input_as_report_with_exit_2(tmp_path, capsys):
    """`symgen grade class.csv -o class` exits 2 with one line and leaves the file alone."""
    source = _answers(tmp_path)
    assert main(["grade", str(source), "-o", str(source.with_suffix(""))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "overwrite the answers file" in err
    assert source.read_text(encoding="utf-8") == ANSWERS


def test_other_files_are_never_overwritten_and_reports_only_with_force(tmp_path):
    """An existing non-report is refused even with --force; a report needs --force."""
    source = _answers(tmp_path)
    other = tmp_path / "notes.csv"
    other.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(GradingInputError, match="not a symgen report"):
        grade_file(source, output=tmp_path / "notes", check=stub_check, force=True)
    assert other.read_text(encoding="utf-8") == "my notes\n"
    report = grade_file(source, check=stub_check)
    assert all(is_report(p) for p in report.paths)
    with pytest.raises(GradingInputError, match="--force"):
        grade_file(source, check=stub_check)
    again = grade_file(source, check=stub_check, force=True)
    assert [r.correct for r in again.results] == [True, False]


# --- over-long quoted cells never forge rows --------------------------------------------


def test_an_over_long_quoted_cell_is_one_error_row_not_new_rows(tmp_path):
    """Text inside a huge quoted answer never becomes a row of its own."""
    forged = "\nmallory,half,1/2\n" * 3
    long_answer = "x" * (4 * MAX_ANSWER_CHARS + 100) + forged + "y" * 70_000
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["student", "problem", "answer"], ["ann", "half", "1/2"],
                          ["eve", "half", long_answer], ["bob", "half", "2"]])  # fmt: skip
    limit = csv.field_size_limit()
    rows = read_answers(path)
    assert csv.field_size_limit() == limit  # the process-wide limit is restored
    assert [r.student for r in rows] == ["ann", "eve", "bob"]
    assert rows[1].error.startswith("answer cell is") and len(rows[1].answer) < 100
    report = grade_file(path, check=stub_check)
    assert [(r.student, r.status) for r in report.results] == [
        ("ann", "graded"), ("eve", "error"), ("bob", "graded")]  # fmt: skip
    with report.paths[0].open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + 3  # rows in == rows out


def test_an_answer_at_the_limit_is_graded_and_one_past_it_is_an_error(tmp_path):
    """The cell limit is the answer size limit, exactly."""
    path = tmp_path / "a.csv"
    at, past = "1" * MAX_ANSWER_CHARS, "1" * (MAX_ANSWER_CHARS + 1)
    path.write_text(f'ann,half,"{at}"\nbob,half,"{past}"\n', encoding="utf-8")
    rows = read_answers(path)
    assert [bool(r.error) for r in rows] == [False, True]


# --- encodings ---------------------------------------------------------------------------


def test_cp1252_stops_with_one_line_naming_the_line_unless_encoding_is_given(tmp_path, capsys):
    """A cp1252 '½' is not UTF-8: exit 2 naming line 3; --encoding cp1252 grades it right."""
    path = tmp_path / "a.csv"
    path.write_bytes("student,problem,answer\nann,half,1/2\nJosé,half,½\n".encode("cp1252"))
    assert main(["grade", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3" in err and "--encoding" in err
    assert not (tmp_path / "a.report.csv").exists()
    report = grade_file(path, check=stub_check, encoding="cp1252")
    assert [(r.student, r.answer, r.correct) for r in report.results] == [
        ("ann", "1/2", True), ("José", "½", True)]  # fmt: skip


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig", "utf-8"])
def test_utf8_and_utf16_with_a_bom_are_read(tmp_path, codec):
    """UTF-8 with or without a BOM and UTF-16 with a BOM give the same rows."""
    path = tmp_path / "a.csv"
    text = "student,problem,answer\r\n민지,half,½\r\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert [(r.student, r.answer) for r in read_answers(path)] == [("민지", "½")]


def test_utf16_without_a_bom_is_refused(tmp_path):
    """Every other byte NUL: a one-line error, not a file of error rows."""
    path = tmp_path / "a.csv"
    path.write_bytes("student,problem,answer\nann,half,1/2\n".encode("utf-16-le"))
    with pytest.raises(GradingInputError, match="line 1: NUL"):
        read_answers(path)
    with pytest.raises(GradingInputError, match="unknown encoding"):
        read_answers(path, encoding="no-such-codec")


# --- report files: the umask, and signals ------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_reports_follow_the_umask(tmp_path, mask):
    """Reports get 0666 & ~umask, like any new file (mkstemp alone would give 0600)."""
    source = _answers(tmp_path)
    previous = os.umask(mask)
    try:
        report = grade_file(source, check=stub_check)
    finally:
        os.umask(previous)
    assert {p.stat().st_mode & 0o777 for p in report.paths} == {0o666 & ~mask}


_HANG_MODULE = """
import pathlib, time

def hang(reference, answer):
    pathlib.Path(MARKER).write_text("started")
    time.sleep(600)
"""

_RUNNER = """
import functools, sys
sys.path.insert(0, {folder!r})
import hangcheck
import symgen.grading.grade as grade
from symgen.cli.main import main
original = grade.grade_file
grade.grade_file = functools.partial(original, check=hangcheck.hang)
import symgen.cli.grade
sys.exit(main(["grade", {csv!r}]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_grade_quietly_with_no_report(tmp_path, signum):
    """SIGTERM/SIGINT to the whole process group while a worker checks: one line, no
    traceback from the parent or any worker, no report, exit 128 + signal."""
    marker = tmp_path / "started"
    (tmp_path / "hangcheck.py").write_text(f"MARKER = {str(marker)!r}\n" + _HANG_MODULE)
    source = _answers(tmp_path)
    script = _RUNNER.format(folder=str(tmp_path), csv=str(source))
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        while not marker.exists():  # handshake: the worker is inside a check
            assert process.poll() is None, process.communicate()
            subprocess.run(["sleep", "0.1"], check=True)
        os.killpg(process.pid, signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err and "Error" not in err, err
    assert err.strip().splitlines()[-1].startswith("symgen: grading stopped by SIG")
    assert not list(tmp_path.glob("class.report*")) and not list(tmp_path.glob(".class*"))
