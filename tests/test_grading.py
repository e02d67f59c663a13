"""Batch grading: CSV reading, worker time/memory limits, error rows, summaries, atomic reports."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from symgen.cli.main import main
from symgen.grading._pool import _Queues, grade_rows
from symgen.grading.grade import grade_file
from symgen.grading.report import atomic_write, report_paths, summarise, write_reports
from symgen.grading.rows import GradingInputError, Result, Row, read_answers

EXPECTED = {"half": "1/2", "coin": "log(2)", "die": "1/6"}


def fake_check(reference: str, answer: str) -> dict:
    """A checker for tests: fixed expected values, and answers that hang, crash or eat memory."""
    from symgen.answers.check import check_answer

    if answer == "HANG":
        time.sleep(60)
    if answer == "CRASH":
        os._exit(3)
    if answer == "HOG":
        bytearray(64 * 1024**3)
    if reference not in EXPECTED:
        return {"status": "error", "reason": "unknown_problem", "detail": reference}
    return check_answer(EXPECTED[reference], answer, timeout=None).to_dict()


def prepared_check(reference: str, answer: str) -> dict:
    """fake_check behind a slow preparation step (like a problem computed on first use)."""
    return fake_check(reference, answer)


def _slow_prepare(reference: str) -> None:
    end = time.process_time() + 1.5  # CPU time: the limit counts CPU, not waiting
    while time.process_time() < end:
        pass


prepared_check.prepare = _slow_prepare  # type: ignore[attr-defined]


def _write(tmp_path: Path, text: str, name: str = "answers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_read_answers_tolerates_bom_crlf_blank_lines_and_header(tmp_path):
    """A BOM, CRLF line ends, blank lines, trailing commas and a header row are handled."""
    path = _write(
        tmp_path, "\ufeffstudent,problem,answer\r\n\r\nann,half,1/2,,\r\nbob,coin,ln 2\r\n"
    )
    rows = read_answers(path)
    assert [(r.student, r.problem, r.answer, r.error) for r in rows] == [
        ("ann", "half", "1/2", ""),
        ("bob", "coin", "ln 2", ""),
    ]


def test_read_answers_positional_and_ask_column(tmp_path):
    """Without a header the columns are student,problem,answer[,ask]; a header may reorder."""
    rows = read_answers(_write(tmp_path, "ann,die,1/6,first\n"))
    assert rows[0].reference == "die:first"
    rows = read_answers(_write(tmp_path, "answer,ask,problem,student\n1/6,,die,ann\n"))
    assert (rows[0].student, rows[0].reference, rows[0].answer) == ("ann", "die", "1/6")


def test_read_answers_malformed_rows_become_error_rows(tmp_path):
    """Wrong cell counts, oversized cells, empty problems and NULs never stop the reading."""
    long_answer = "1+" * 4000 + "1"
    text = (
        f'ann,half\nbob,half,"{long_answer}"\ncy,,1\n'
        "di,half,1/2,x,y\ned,half,1\x00/2\nfay,half,1/2\n"
    )
    rows = read_answers(_write(tmp_path, text))
    errors = [r.error.split(" ")[0] for r in rows]
    assert errors == ["expected", "answer", "the", "expected", "", ""]
    assert rows[0].student == "ann" and len(rows[1].answer) < 100


def test_read_answers_bounds_rows_and_rejects_missing_files(tmp_path):
    """More rows than the bound stop the run (rows in must equal rows out); a missing file
    is an input error."""
    assert len(read_answers(_write(tmp_path, "a,half,1\n" * 3), max_rows=3)) == 3
    with pytest.raises(GradingInputError, match="more than 3 rows"):
        read_answers(_write(tmp_path, "a,half,1\n" * 5), max_rows=3)
    with pytest.raises(GradingInputError):
        read_answers(tmp_path / "missing.csv")


def test_grade_rows_limits_time_memory_and_crashes_with_two_jobs():
    """Hung, crashing and memory-hungry answers become error rows; the rest is graded in order."""
    rows = [
        Row(2, "ann", "half", "", "1/2"),
        Row(3, "bob", "half", "", "HANG"),
        Row(4, "cy", "half", "", "CRASH"),
        Row(5, "di", "half", "", "HOG"),
        Row(6, "ed", "coin", "", "1"),
        Row(7, "fay", "nope", "", "1"),
        Row(8, error="expected 3 cells, found 2"),
        Row(9, "gus", "die", "", "6"),
        Row(10, "hal", "half", "", "__import__('os')"),
    ]
    results = grade_rows(rows, jobs=2, timeout=1.0, memory_mb=512, check=fake_check)
    got = [(r.line, r.status, r.reason) for r in results]
    assert got == [
        (2, "graded", "equivalent"),
        (3, "error", "timeout"),
        (4, "error", "worker_crashed"),
        (5, "error", "too_large"),
        (6, "graded", "equivalent_other_unit"),
        (7, "error", "unknown_problem"),
        (8, "error", "malformed_row"),
        (9, "graded", "reciprocal"),
        (10, "graded", "parse_error"),
    ]
    assert results[1].time_ms >= 1000 and all(r.feedback_en for r in results)


def test_grade_rows_preparation_is_outside_the_answer_time_limit():
    """Computing the problem (prepare) does not count against the per-answer limit."""
    results = grade_rows([Row(2, "ann", "half", "", "1/2")], timeout=1.0, check=prepared_check)
    assert (results[0].status, results[0].reason) == ("graded", "equivalent")


def test_grade_rows_single_job_matches_two_jobs():
    """--jobs 1 and --jobs 2 give the same verdicts."""
    rows = [
        Row(i, f"s{i}", "die", "", answer) for i, answer in enumerate(["1/6", "2/12", "5/6", "x"])
    ]
    one = grade_rows(rows, jobs=1, check=fake_check)
    two = grade_rows(rows, jobs=2, check=fake_check)
    assert [(r.correct, r.reason) for r in one] == [(r.correct, r.reason) for r in two]
    assert [r.correct for r in one] == [True, True, False, False]


def _result(problem: str, status: str, correct: bool | None, reason: str) -> Result:
    return Result(1, "s", problem, "", "a", status, correct, reason, "fb", "피드백", 1.0)


def test_summarise_counts_per_problem():
    """The summary counts correct, incorrect and error rows per problem, with a score."""
    summary = summarise(
        [
            _result("half", "graded", True, "equivalent"),
            _result("half", "graded", False, "reciprocal"),
            _result("half", "error", None, "timeout"),
            _result("die", "graded", True, "equivalent"),
        ]
    )
    half = summary["problems"]["half"]
    assert (half["rows"], half["correct"], half["incorrect"], half["errors"]) == (3, 1, 1, 1)
    assert half["score"] == 0.5 and half["reasons"]["timeout"] == 1
    assert summary["totals"]["rows"] == 4 and summary["totals"]["score"] == pytest.approx(
        2 / 3, abs=1e-4
    )


def test_report_paths_default_next_to_the_csv(tmp_path):
    """Reports go next to the CSV by default; -o may be a directory, a file or a stem."""
    source = tmp_path / "class" / "answers.csv"
    assert report_paths(source)[0] == tmp_path / "class" / "answers.report.csv"
    assert report_paths(source, tmp_path)[1] == tmp_path / "answers.report.json"
    assert report_paths(source, tmp_path / "out.json")[0] == tmp_path / "out.csv"
    assert report_paths(source, tmp_path / "week1")[1] == tmp_path / "week1.json"


def test_write_reports_csv_and_json_with_spreadsheet_safe_cells(tmp_path):
    """Both reports are written; formula-like cells are defused in the CSV only."""
    results = [
        Result(
            2,
            "=cmd|' /C calc'!A0",
            "half",
            "",
            "-1/2",
            "graded",
            False,
            "sign_flipped",
            "Wrong",
            "틀림",
            0.5,
        )
    ]
    paths = (tmp_path / "r.csv", tmp_path / "r.json")
    write_reports(results, summarise(results), paths, lang="ko")
    text = paths[0].read_text(encoding="utf-8")
    assert "'=cmd" in text and "'-1/2" in text and "틀림" in text
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    assert data["rows"][0]["student"].startswith("=cmd") and data["summary"]["totals"]["rows"] == 1


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path, monkeypatch):
    """An interrupted write leaves the previous report intact and no temporary file."""
    target = tmp_path / "report.csv"
    atomic_write(target, "old\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new\n" * 1000)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_grade_file_end_to_end(tmp_path):
    """grade_file reads, grades and writes both reports next to the CSV."""
    path = _write(tmp_path, "student,problem,answer\nann,half,0.5\nbob,die,1/6\ncy,die,\n")
    report = grade_file(path, jobs=1, check=fake_check)
    assert [r.reason for r in report.results] == ["equivalent", "equivalent", "empty_answer"]
    assert all(p.exists() for p in report.paths)
    assert report.summary["problems"]["die"]["correct"] == 1


def test_grade_file_rejects_bad_options(tmp_path):
    """--jobs below 1 and a non-positive --timeout are input errors."""
    path = _write(tmp_path, "ann,half,1/2\n")
    with pytest.raises(GradingInputError):
        grade_file(path, jobs=0, check=fake_check)
    with pytest.raises(GradingInputError):
        grade_file(path, timeout=0, check=fake_check)


def test_queues_keep_a_problem_on_one_worker_and_share_the_tail():
    """Rows of one problem go to one worker slot; an idle worker takes from the longest queue."""

    rows = [Row(i, "s", problem, "", "1") for i, problem in enumerate("aaaabbc")]
    queues = _Queues(rows, range(len(rows)), 2)
    first, second = [list(q) for q in queues.queues]
    assert sorted(first + second) == list(range(7))
    assert {rows[i].problem for i in first}.isdisjoint({rows[i].problem for i in second})
    taken = [queues.take(1) for _ in range(7)]
    assert sorted(taken) == list(range(7)) and queues.take(0) is None and not queues


def test_dask_report_is_byte_identical_to_jobs(tmp_path):
    """On a Dask scheduler (here an in-process cluster, reached by its address) the report
    has the same bytes as --jobs 2, error rows included: a hang stopped by the same time
    limit, a crash, a malformed row, an unknown problem. Progress reaches the total."""
    from distributed import LocalCluster

    lines = ["student,problem,answer"]
    answers = ["1/2", "2", "0.5", "ln 2", "log(2)", "1/6", "6", "x"] * 2 + ["CRASH", "HANG"]
    for i, answer in enumerate(answers):
        lines.append(f"s{i},{('half', 'coin', 'die', 'nope')[i % 4]},{answer}")
    lines.insert(5, "mallory,half")
    path = _write(tmp_path, "\n".join(lines) + "\n")
    seen: list[tuple[int, int]] = []
    options = {"timeout": 1.0, "check": fake_check}
    jobs = grade_file(path, output=tmp_path / "jobs", jobs=2, **options)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as cluster:  # fmt: skip
        dask = grade_file(
            path, output=tmp_path / "dask", dask=cluster.scheduler_address,
            progress=lambda *a: seen.append(a), **options,
        )  # fmt: skip
    for a, b in zip(jobs.paths, dask.paths, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert len(dask.results) == 19 and seen[-1] == (19, 19)
    reasons = {r.reason for r in dask.results}
    assert {"timeout", "worker_crashed", "malformed_row", "unknown_problem"} <= reasons


def test_dask_local_cluster_from_the_command_line(tmp_path, capsys):
    """`symgen grade --dask local:1` starts a LocalCluster and writes what --jobs 1 writes."""
    path = _write(tmp_path, "student,problem,answer\nann,nope,1\nbob,,2\n")
    assert main(["grade", str(path), "-o", str(tmp_path / "jobs"), "--jobs", "1"]) == 0
    assert main(["grade", str(path), "-o", str(tmp_path / "dask"), "--dask", "local:1"]) == 0
    assert "grading 2/2" in capsys.readouterr().err
    for ext in (".csv", ".json"):
        assert (tmp_path / f"jobs{ext}").read_bytes() == (tmp_path / f"dask{ext}").read_bytes()
    assert main(["grade", str(path), "--dask", "local:0"]) == 2
    assert "local:N needs N >= 1" in capsys.readouterr().err


def test_time_limit_counts_cpu_and_stops_blocked_workers_on_wall_time(monkeypatch):
    """Injected clocks: over the CPU limit -> stop; slow but runnable (a busy machine) ->
    keep going up to the wall cap; blocked (sleeping) past twice the limit -> stop."""
    from types import SimpleNamespace

    from symgen.grading import _pool

    cpu = {"used": 0.0, "state": True}
    monkeypatch.setattr(_pool, "cpu_seconds", lambda pid: cpu["used"])
    monkeypatch.setattr(_pool, "runnable", lambda pid: cpu["state"])
    loop = _pool._Loop(SimpleNamespace(workers=[]), [], [], None, 5.0, None)
    worker = SimpleNamespace(process=SimpleNamespace(pid=1), started=100.0, cpu_started=0.0,
                             checking=True)  # fmt: skip
    assert not loop._over_time(worker, 104.0)  # inside the limit
    cpu["used"] = 5.5
    assert loop._over_time(worker, 106.0)  # CPU limit spent
    cpu["used"] = 1.0
    assert not loop._over_time(worker, 100.0 + 60)  # runnable, starved by other work
    assert loop._over_time(worker, 100.0 + 111)  # ... but not past the wall cap
    cpu["state"] = False
    assert not loop._over_time(worker, 100.0 + 10.9)
    assert loop._over_time(worker, 100.0 + 11.1)  # blocked past 2 x 5 + 1 s
    worker.cpu_started = None  # no CPU clock (not Linux): wall time decides
    assert loop._over_time(worker, 105.1)
