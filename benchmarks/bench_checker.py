"""Answer checking: latency and correctness vs ``simplify(a - b) == 0``; grading throughput.

    python benchmarks/bench_checker.py [--rows 10000] [--skip-grading] [--skip-simplify] [--cpu]

1. Every row of tests/cases/answers.py through ``check_answer`` (parse included): median and
   p99 latency with cold caches (each row's expected value seen for the first time) and warm
   caches (a class of students answering the same ask), and the number of wrong verdicts.
2. The same pairs through ``simplify(reference - answer) == 0`` (SymPy's usual recipe, same
   symbol assumptions), on the rows where mathematical equality *is* the verdict (no
   decimals policy, no tolerance, no unit choice): latency and wrong verdicts.
3. ``symgen grade`` on a generated CSV of N rows over the catalogue's asks, with --jobs 1
   and --jobs 2: "typical" answers (a few notations and slips per ask, so texts repeat as in
   a real class) and "distinct" ones (every text differs: no cache can help).
"""

from __future__ import annotations

import argparse
import csv
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sympy as sp
from sympy.core.cache import clear_cache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_checker import ANSWERS, SYMBOLS, _options, _reference  # noqa: E402

from symgen.answers import check as checker  # noqa: E402
from symgen.parsing import parser as parse_module  # noqa: E402
from symgen.parsing.parser import parse  # noqa: E402

SIMPLIFY_LIMIT_SECONDS = 10
CLOCK = [time.perf_counter]  # --cpu: time.process_time (CPU seconds, steadier on a busy host)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


PREPARED = [(_reference(row[2]), _options(row[0])) for row in ANSWERS]  # the catalogue's job


def _check(index: int) -> Any:
    expected, options = PREPARED[index]
    return checker.check_answer(expected, ANSWERS[index][1], symbols=SYMBOLS, **options)


def _forget_answers() -> None:
    """Forget parsed answers (a new student's text; the expected values stay cached)."""
    cached = getattr(parse_module, "_parse_cached", None)
    if cached is not None:
        cached.cache_clear()


def _cold() -> None:
    """Forget every cache: ours, the parser's and SymPy's (a first-ever answer)."""
    checker.clear_caches()
    _forget_answers()
    clear_cache()


def _symbolic(row: tuple[str, str, str, bool, str]) -> bool:
    """Rows whose reference has a symbol or a log (the non-trivial pairs)."""
    reference = _reference(row[2])
    return not isinstance(reference, bool) and (
        bool(reference.free_symbols) or reference.has(sp.log)
    )


def bench_table() -> dict[str, Any]:
    """Latency and wrong verdicts of check_answer over the whole table."""
    for index in range(20):  # imports and grammar construction are not per-answer costs
        _check(index)
    cold, warm, fresh, wrong = [], [], [], []
    for index, (_, student, reference, expected, reason) in enumerate(ANSWERS):
        _cold()
        start = CLOCK[0]()
        result = _check(index)
        cold.append(CLOCK[0]() - start)
        _forget_answers()
        start = CLOCK[0]()
        _check(index)
        fresh.append(CLOCK[0]() - start)
        start = CLOCK[0]()
        _check(index)
        warm.append(CLOCK[0]() - start)
        if (result.correct, result.reason) != (expected, reason):
            wrong.append((student, reference, result.reason, reason))
    symbolic = [i for i, row in enumerate(ANSWERS) if _symbolic(row)]
    return {
        "cold": cold,
        "new answer": fresh,
        "warm": warm,
        "cold symbolic": [cold[i] for i in symbolic],
        "new answer symbolic": [fresh[i] for i in symbolic],
        "warm symbolic": [warm[i] for i in symbolic],
        "wrong": wrong,
        "rows": len(ANSWERS),
    }


_POLICY_REASONS = {"decimals_not_allowed", "equivalent_other_unit", "empty_answer"}


def _comparable(row: tuple[str, str, str, bool, str]) -> bool:
    test, _, reference, _, reason = row
    plain = test in ("equivalent", "exact") and reference not in ("true", "false")
    return plain and reason not in _POLICY_REASONS and reason not in ("parse_error", "too_large")


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _simplify_verdict(reference: str, student: str) -> bool | None:
    """simplify(a - b) == 0 on the same parsed pair; None when it runs past the limit."""
    try:
        expected, answer = parse(reference, symbols=SYMBOLS), parse(student, symbols=SYMBOLS)
    except Exception:
        return False
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SIMPLIFY_LIMIT_SECONDS)
    try:
        return bool(sp.simplify(expected - answer) == 0)
    except _Timeout:
        return None
    finally:
        signal.alarm(0)


def bench_simplify() -> dict[str, Any]:
    """simplify(a - b) == 0 vs check_answer on the rows where equality is the verdict."""
    rows = [(i, row) for i, row in enumerate(ANSWERS) if _comparable(row)]
    times, ours, wrong, hung, symbolic = [], [], [], 0, []
    for index, row in rows:
        _, student, reference, expected, _ = row
        symbolic.append(_symbolic(row))
        _cold()
        start = time.perf_counter()
        verdict = _simplify_verdict(reference, student)
        times.append(time.perf_counter() - start)
        if verdict is None:
            hung += 1
        elif verdict != expected:
            wrong.append((student, reference, expected, len(times) - 1))
        _cold()
        start = time.perf_counter()
        _check(index)
        ours.append(time.perf_counter() - start)
    return {
        "rows": len(rows),
        "times": times,
        "ours": ours,
        "symbolic": symbolic,
        "wrong": wrong,
        "hung": hung,
    }


def _asks() -> list[Any]:
    from symgen.catalogue.problems import load_catalogue

    return [ask for problem in load_catalogue().problems for ask in problem.asks]


def _forms(ask: Any) -> list[str]:
    """Answers a class typically gives: right in several notations, usual slips, numbers."""
    if ask.expected in (sp.true, sp.false):
        return ["true", "false", "yes", "no"]
    base = ask.expected
    forms = [str(base), sp.latex(base), str(sp.expand_log(base, force=True)), str(-base)]
    if base != 0:
        forms.append(str(1 / base))
    if base.is_number:
        forms.append(f"{float(base):.3f}")
    return forms


def _answer(ask: Any, rng: random.Random, index: int, distinct: bool) -> str:
    """One answer text; with ``distinct`` every text differs (no cache can help)."""
    text = rng.choice(_forms(ask))
    if ask.expected in (sp.true, sp.false) or not distinct:
        return text
    return f"{index % 89 + 1}*({text})/{index % 89 + 1}"


def write_class_csv(path: Path, rows: int, *, distinct: bool) -> None:
    """A CSV of ``rows`` answers spread over every catalogue ask."""
    rng = random.Random(7)
    asks = _asks()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "problem", "ask", "answer"])
        for i in range(rows):
            ask = asks[i % len(asks)]
            answer = _answer(ask, rng, i, distinct)
            writer.writerow([f"s{i // len(asks)}", ask.problem_id, ask.id, answer])


def bench_grading(rows: int) -> list[tuple[str, int, float, dict[str, Any]]]:
    """Wall time of grade_file on ``rows`` rows with 1 and 2 workers."""
    from symgen.grading.grade import grade_file

    found = []
    with tempfile.TemporaryDirectory() as folder:
        for distinct in (False, True):
            path = Path(folder) / "class.csv"
            write_class_csv(path, rows, distinct=distinct)
            kind = "distinct" if distinct else "typical"
            for jobs in (1, 2):
                start = time.perf_counter()
                report = grade_file(path, jobs=jobs, output=Path(folder) / f"report{jobs}")
                seconds = time.perf_counter() - start
                found.append((kind, jobs, seconds, report.summary["totals"]))
    return found


def _ms(value: float) -> str:
    return f"{value * 1000:8.2f}"


def _print_duel(duel: dict[str, Any]) -> None:
    print(f"\nsimplify(a - b) == 0 vs check_answer, {duel['rows']} rows where equality decides")
    print("  (cold caches; parse included in both)")
    print("  rows       method          n   median ms   p99 ms   wrong verdicts")
    for label, keep in (("all", lambda s: True), ("symbolic", lambda s: s)):
        chosen = [i for i, s in enumerate(duel["symbolic"]) if keep(s)]
        for method, key in (("simplify", "times"), ("check_answer", "ours")):
            values = [duel[key][i] for i in chosen]
            wrong = sum(1 for w in duel["wrong"] if w[3] in chosen) if key == "times" else 0
            print(
                f"  {label:9}  {method:13} {len(values):4} {_ms(statistics.median(values))}"
                f"  {_ms(_percentile(values, 0.99))}   {wrong}"
            )
    rejected = sum(1 for w in duel["wrong"] if w[2])
    accepted = len(duel["wrong"]) - rejected
    print(f"  simplify rejected {rejected} equivalent pairs, accepted {accepted} wrong ones,")
    print(f"  ran past {SIMPLIFY_LIMIT_SECONDS} s on {duel['hung']}")


def main() -> None:
    """Run the three benchmarks and print the tables."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=10_000)
    options.add_argument("--skip-grading", action="store_true")
    options.add_argument("--skip-simplify", action="store_true")
    options.add_argument("--cpu", action="store_true", help="time the table in CPU seconds")
    args = options.parse_args()
    if args.cpu:
        CLOCK[0] = time.process_time

    table = bench_table()
    print(f"check_answer on the answer table ({table['rows']} rows, parse included)")
    print("  rows, caches            n   median ms   p99 ms   max ms")
    print("  (cold: no cache at all, SymPy's included; new answer: expected values cached, the")
    print("   answer text never seen; warm: the same answer again)")
    for name in (
        "cold",
        "new answer",
        "warm",
        "cold symbolic",
        "new answer symbolic",
        "warm symbolic",
    ):
        values = table[name]
        print(
            f"  {name:20} {len(values):4} {_ms(statistics.median(values))}"
            f"  {_ms(_percentile(values, 0.99))} {_ms(max(values))}"
        )
    print(f"  wrong verdicts: {len(table['wrong'])}")
    for item in table["wrong"][:10]:
        print("   ", item)

    if not args.skip_simplify:
        _print_duel(bench_simplify())

    if not args.skip_grading:
        print(f"\nsymgen grade on {args.rows} rows over the catalogue asks")
        print("  answers    jobs   seconds   rows/s   correct  incorrect  errors")
        for kind, jobs, seconds, totals in bench_grading(args.rows):
            print(
                f"  {kind:9} {jobs:4}  {seconds:8.2f}  {args.rows / seconds:7.0f}"
                f"  {totals['correct']:7}  {totals['incorrect']:9}  {totals['errors']:6}"
            )


if __name__ == "__main__":
    main()
