"""Speed of the exact probability core, side by side with sympy.stats, dit and numpy.

Run: python benchmarks/bench_core.py [--quick]
Prints one row per (query, library): best-of-N seconds and the ratio to symgen.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import numpy as np
import sympy as sp
import sympy.stats as ss

import symgen as sg

R = sp.Rational
NAMES = "abcde"


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs (first run included: caches count as real use)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def random_pmfs(count: int, size: int, seed: int = 0) -> list[dict[int, sp.Rational]]:
    rng = random.Random(seed)
    pmfs = []
    for _ in range(count):
        weights = [rng.randint(1, 9) for _ in range(size)]
        pmfs.append({i: R(w, sum(weights)) for i, w in enumerate(weights)})
    return pmfs


def report(title: str, rows: dict[str, float | None]) -> None:
    ours = rows["symgen"]
    print(f"\n{title}")
    for library, seconds in rows.items():
        if seconds is None:
            print(f"  {library:<26} {'(not run)':>12}")
            continue
        ratio = seconds / ours if ours else float("nan")
        print(f"  {library:<26} {seconds:12.5f} s   {ratio:10.1f}x symgen")


def bench_factored_joint(quick: bool) -> None:
    pmfs = random_pmfs(5, 10)
    joint = sg.independent(*[sg.categorical(n, p) for n, p in zip(NAMES, pmfs, strict=True)])
    rvs = [ss.FiniteRV(n.upper(), p) for n, p in zip(NAMES, pmfs, strict=True)]
    import dit

    outcomes, probs = [], []
    for cell, p in joint.cells().items():
        outcomes.append(cell)
        probs.append(float(p))
    dd = dit.Distribution(outcomes, probs)
    report(
        "marginal P(a=3) on a 5-variable joint of 10^5 cells (independent factors)",
        {
            "symgen": best_time(lambda: joint.prob("a=3")),
            "sympy.stats": best_time(lambda: ss.P(sp.Eq(rvs[0], 3))),
            "dit (float, 10^5 outcomes)": best_time(lambda: dd.marginal([0])[(3,)]),
        },
    )
    summed = joint.apply("s", lambda a, b, c, d, e: a + b + c + d + e)
    total = sum(rvs[1:], rvs[0])
    rows = {"symgen": best_time(lambda: summed.prob("a=3 | s>=25"), repeat=1)}
    rows["sympy.stats"] = (
        None if quick else best_time(lambda: ss.P(sp.Eq(rvs[0], 3), total >= 25), repeat=1)
    )
    report("conditional P(a=3 | a+b+c+d+e >= 25) over the 10^5-cell joint", rows)


def bench_table_joint() -> None:
    rng = random.Random(1)
    weights = {cell: rng.randint(1, 9) for cell in np.ndindex(*(10,) * 5)}
    total = sum(weights.values())
    table = {tuple(int(v) for v in c): R(w, total) for c, w in weights.items()}
    build = time.perf_counter()
    joint = sg.Distribution.from_table(list(NAMES), table)
    build = time.perf_counter() - build
    import dit

    dd = dit.Distribution(list(table), [float(p) for p in table.values()])
    report(
        f"one 10^5-cell table (not factored; symgen build {build:.2f} s): marginal of a",
        {
            "symgen": best_time(lambda: joint.marginal("a").to_pmf(), repeat=1),
            "dit (float)": best_time(lambda: dd.marginal([0]), repeat=1),
        },
    )
    report(
        "same table: conditional P(a=3 | b=4)",
        {
            "symgen": best_time(lambda: joint.prob("a=3 | b=4"), repeat=1),
            "dit (float)": best_time(
                lambda: dd.marginal([0, 1])[(3, 4)] / dd.marginal([1])[(4,)], repeat=1
            ),
        },
    )


def bench_dice(quick: bool) -> None:
    for k in (2, 3, 4, 5, 100):
        dice = [sg.die(f"d{i}") for i in range(k)]
        rows: dict[str, float | None] = {"symgen": best_time(lambda dice=dice: sg.sum_of(dice))}
        if k <= (4 if quick else 5):
            rvs = [ss.Die(f"D{i}", 6) for i in range(k)]
            rows["sympy.stats density"] = best_time(lambda rvs=rvs: ss.density(sum(rvs)).dict, 1)
        else:
            rows["sympy.stats density"] = None
        face = np.full(6, 1 / 6)

        def numpy_floats(k: int = k, face: np.ndarray = face) -> np.ndarray:
            out = np.ones(1)
            for _ in range(k):
                out = np.convolve(out, face)
            return out

        rows["numpy float convolve"] = best_time(numpy_floats)
        report(f"exact distribution of the sum of {k} dice", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the slowest reference runs")
    quick = parser.parse_args().quick
    bench_factored_joint(quick)
    bench_table_joint()
    bench_dice(quick)


if __name__ == "__main__":
    main()
