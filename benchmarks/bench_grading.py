"""Grading throughput and memory: ``symgen grade`` with --jobs 1, --jobs 2 and --dask local:2.

    python benchmarks/bench_grading.py [--rows 10000] [--modes jobs1,jobs2,dask2]

Writes a CSV of N answers spread over every catalogue ask (right answers, rewritten right
answers and slips, so texts repeat as in a real class), runs the installed command once per
mode in a fresh process, and prints wall time, rows/s and the peak resident memory of the
whole process tree (the command, its checker workers, and for Dask the scheduler, nanny and
worker processes), sampled every 0.1 s. It also checks that every mode wrote byte-identical
reports. Not part of the test run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import filecmp
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil  # comes with distributed (the [dask] extra)

MODES = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask2": ["--dask", "local:2"],
}


def write_class_csv(path: Path, rows: int) -> None:
    """``rows`` answers over every catalogue ask: right, rewritten right, and slips."""
    import sympy as sp

    from symgen.catalogue.problems import load_catalogue

    asks = [ask for problem in load_catalogue().problems for ask in problem.asks]
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "problem", "ask", "answer"])
        for i in range(rows):
            ask = asks[i % len(asks)]
            if ask.is_boolean:
                answer = rng.choice(["true", "false"])
            else:
                text = sp.sstr(ask.expected)
                answer = rng.choice([text, f"2*({text})/2", f"2*({text})", f"({text}) + 1"])
            writer.writerow([f"s{i // len(asks)}", ask.problem_id, ask.id, answer])


def run(csv_path: Path, output: Path, mode: list[str]) -> tuple[float, float]:
    """Wall seconds and peak tree RSS (MB) of one ``symgen grade`` run."""
    command = [sys.executable, "-m", "symgen", "grade", str(csv_path), "-o", str(output), "--force"]
    command += mode
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return seconds, peak / 2**20


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    with contextlib.suppress(psutil.Error):
        for member in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker that just left
                total += member.memory_info().rss
    return total


def main() -> None:
    """Run each mode and print the table side by side."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=10_000)
    options.add_argument("--modes", default=",".join(MODES))
    options.add_argument("--keep", default=None, help="keep the CSV and reports in this folder")
    args = options.parse_args()
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or scratch
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / "class.csv"
        write_class_csv(path, args.rows)
        found = {}
        for name in modes:
            seconds, peak = run(path, Path(folder) / name, MODES[name])
            found[name] = (seconds, peak)
        first = modes[0]
        same = all(
            filecmp.cmp(Path(folder) / f"{first}{ext}", Path(folder) / f"{name}{ext}", False)
            for name in modes[1:]
            for ext in (".csv", ".json")
        )
    print(f"symgen grade on {args.rows} rows (catalogue asks; wall time includes start-up)")
    print(f"  {'mode':16} {'seconds':>9} {'rows/s':>9} {'peak MB':>9}")
    for name in modes:
        seconds, peak = found[name]
        label = " ".join(MODES[name])
        print(f"  {label:16} {seconds:9.1f} {args.rows / seconds:9.1f} {peak:9.0f}")
    print(f"  reports byte-identical across modes: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
