"""Catalogue costs: loading, computing each problem, checking every reference answer; fuzzing.

Run: ``python benchmarks/bench_catalogue.py [--fuzz N] [--seed S]``. Rows:

- structure: read and check every ``derivations/problems/*.toml`` (what ``symgen check``
  pays before computing its own problem), against ``tomllib.loads`` alone as the reference;
- one problem, cold / per problem: the engine computing one problem's answers (the first one
  also imports the engine), median and worst over all problems;
- validate all: every problem computed and cross-checked (what the tests do);
- check answers: ``check_answer`` on every reference answer (text and LaTeX), median and worst;
- fuzz (with ``--fuzz N``): N random edits of real files (wrong types, bad numbers, hostile
  text, deleted keys); each must load or raise CatalogueError; anything else is counted as a
  crash and printed.

There is no reference library for a problem catalogue; the only ratio is structure vs TOML.
CPU seconds are shown beside wall seconds because the machine may be shared.
"""

from __future__ import annotations

import argparse
import copy
import functools
import random
import resource
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "derivations" / "problems"
JUNK = [None, 0, -1, 1.5, "", "x", "1/0", "-1/2", [], {}, [1], {"a": 1}, True, "y=Z"]
JUNK += ["p^9999", "x**x**x", 10**30, "∞", [[1]], ["a", "b"], "oo", "nan", "1e999"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(fn, *args):
    wall, cpu = time.perf_counter(), _cpu()
    value = fn(*args)
    return value, time.perf_counter() - wall, _cpu() - cpu


def _row(name: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"{name:<34} {wall * 1000:>10.1f} {cpu * 1000:>10.1f}  {note}")


def bench_structure() -> None:
    """Structure load vs plain TOML parsing of the same files."""
    from symgen.catalogue.problems import read_file

    files = sorted(PROBLEMS.glob("*.toml"))
    _, toml_wall, toml_cpu = _timed(lambda: [tomllib.loads(f.read_text()) for f in files])
    _, wall, cpu = _timed(lambda: [read_file(f) for f in files])
    _row("toml only (reference)", toml_wall, toml_cpu, f"{len(files)} files")
    _row("structure (read_file)", wall, cpu, f"ratio {cpu / max(toml_cpu, 1e-9):.1f}x toml")


def bench_problems() -> list:
    """Each problem computed once (the first includes the engine's imports)."""
    from symgen.catalogue.problems import load_catalogue

    catalogue = load_catalogue()
    times = []
    for problem_id in catalogue.ids:
        _, wall, cpu = _timed(catalogue.get, problem_id)
        times.append((cpu, wall, problem_id))
    first = times[0]
    rest = sorted(times[1:])
    _row("one problem, cold", first[1], first[0], first[2])
    _row("one problem, median", statistics.median(t[1] for t in rest), rest[len(rest) // 2][0])
    _row("one problem, worst", rest[-1][1], rest[-1][0], rest[-1][2])
    _row("validate all", sum(t[1] for t in times), sum(t[0] for t in times))
    return list(catalogue.problems)


def bench_checks(problems: list) -> int:
    """check_answer on every reference answer, as text and as LaTeX."""
    import sympy as sp

    from symgen.answers.check import check_answer

    costs, wrong = [], 0
    for ask in (a for p in problems for a in p.asks):
        texts = [str(ask.expected).lower()] if ask.is_boolean else [str(ask.expected)]
        texts += [] if ask.is_boolean else [sp.latex(ask.expected)]
        for text in texts:
            verdict, wall, cpu = _timed(check_answer, ask, text)
            costs.append((wall, cpu))
            wrong += not verdict.correct
    costs.sort()
    middle, worst = costs[len(costs) // 2], costs[-1]
    _row("check answers, median", *middle, f"{len(costs)} checks")
    _row("check answers, worst", *worst, f"{wrong} rejected (must be 0)")
    return wrong


def _paths(node, prefix=()):
    items = node.items() if isinstance(node, dict) else enumerate(node)
    found = []
    for key, value in items:
        found.append((*prefix, key))
        if isinstance(value, dict | list):
            found += _paths(value, (*prefix, key))
    return found


def _mutate(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    path = rng.choice(_paths(data))
    parent = functools.reduce(lambda node, key: node[key], path[:-1], data)
    if isinstance(parent, dict) and rng.random() < 0.2:
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(JUNK)
    return data


def bench_fuzz(count: int, seed: int) -> int:
    """Random edits of real files: each loads or raises CatalogueError; returns the crashes."""
    from symgen.catalogue.problems import build_problem
    from symgen.catalogue.spec import read_spec
    from symgen.errors import CatalogueError

    rng = random.Random(seed)
    files = sorted(PROBLEMS.glob("*.toml"))
    counts = {"loaded": 0, "rejected": 0, "crashed": 0}
    wall, cpu = time.perf_counter(), _cpu()
    for _ in range(count):
        path = rng.choice(files)
        data = _mutate(tomllib.loads(path.read_text(encoding="utf-8")), rng)
        try:
            build_problem(read_spec(data, str(path)))
            counts["loaded"] += 1
        except CatalogueError:
            counts["rejected"] += 1
        except Exception as exc:  # the point of the fuzz: report anything else
            counts["crashed"] += 1
            print(f"  CRASH {path.stem}: {type(exc).__name__}: {str(exc)[:120]}")
    note = ", ".join(f"{k} {v}" for k, v in counts.items())
    _row(f"fuzz ({count} edits)", time.perf_counter() - wall, _cpu() - cpu, note)
    return counts["crashed"]


def main() -> int:
    """Print the table; exit 1 if the fuzz crashed or a reference answer was rejected."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=0, help="number of random edits")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"{'row':<34} {'wall ms':>10} {'cpu ms':>10}  note")
    bench_structure()
    problems = bench_problems()
    rejected = bench_checks(problems)
    crashes = bench_fuzz(args.fuzz, args.seed) if args.fuzz else 0
    return 1 if crashes or rejected else 0


if __name__ == "__main__":
    sys.exit(main())
