"""Benchmark: exact measures vs naive SymPy / dit, and the KL numpy twin vs numpy/scipy/dit.

Run ``python benchmarks/bench_measures.py [--budget SECONDS] [--rows N] [--numeric-only]``.
Prints three tables (best-of-several times; ratios are other/symgen or other/hand numpy):

1. exact entropy and KL of p_i = i/T against q reversed (n = 10, 100, 1000): building the
   naive SymPy sum, ``simplify`` of it (in a child process with a time budget), dit's
   symbolic path, and symgen (cold factor cache and warm), with a float cross-check;
2. KL over N random 10-outcome distributions: hand-written numpy, scipy.special.rel_entr,
   scipy.stats.entropy, dit (a 200-row subset, extrapolated) and the symgen twin;
3. accuracy on near-identical distributions (q = p ± 1e-8) against 60-digit mpmath.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import sys
import time
import timeit
from collections.abc import Callable

import dit
import mpmath
import numpy as np
import sympy as sp
from scipy import special, stats

from symgen.core import measures
from symgen.core.numeric import batch_kl_divergence, random_pmfs


def best_time(function: Callable[[], object], *, repeat: int = 5, number: int = 1) -> float:
    return min(timeit.repeat(function, repeat=repeat, number=number)) / number


def rational_pair(n: int) -> tuple[list[sp.Rational], list[sp.Rational]]:
    total = n * (n + 1) // 2
    p = [sp.Rational(i, total) for i in range(1, n + 1)]
    return p, p[::-1]


def naive_entropy(p: list[sp.Rational]) -> sp.Expr:
    return -sp.Add(*(px * sp.log(px) for px in p))


def naive_kl(p: list[sp.Rational], q: list[sp.Rational]) -> sp.Expr:
    return sp.Add(*(px * sp.log(px / qx) for px, qx in zip(p, q, strict=True)))


def naive_measure(kind: str, p: list[sp.Rational], q: list[sp.Rational]) -> sp.Expr:
    return naive_entropy(p) if kind == "entropy" else naive_kl(p, q)


def _simplify_child(kind: str, n: int, queue: mp.Queue) -> None:
    p, q = rational_pair(n)
    expr = naive_measure(kind, p, q)
    start = time.perf_counter()
    try:
        sp.simplify(expr)
        queue.put(f"{time.perf_counter() - start:.2f} s")
    except Exception as exc:  # the digit-limit ValueError is the point of the measurement
        queue.put(f"error: {str(exc)[:25]}")


def timed_simplify(kind: str, n: int, budget: float) -> str:
    queue: mp.Queue = mp.Queue()
    child = mp.Process(target=_simplify_child, args=(kind, n, queue))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"timeout (> {budget:g} s)"
    return queue.get() if not queue.empty() else f"crashed (exit {child.exitcode})"


def dit_symbolic(kind: str, p: list[sp.Rational], q: list[sp.Rational]) -> float:
    names = [str(i) for i in range(len(p))]
    start = time.perf_counter()
    dp = dit.Distribution(names, p)
    if kind == "entropy":
        dit.shannon.entropy(dp)
    else:
        dit.divergences.kullback_leibler_divergence(dp, dit.Distribution(names, q))
    return time.perf_counter() - start


def symgen_exact(
    kind: str, p: list[sp.Rational], q: list[sp.Rational]
) -> tuple[float, float, sp.Expr]:
    pmf, qmf = dict(enumerate(p)), dict(enumerate(q))

    def run() -> sp.Expr:
        return measures.entropy(pmf) if kind == "entropy" else measures.kl_divergence(pmf, qmf)

    measures._factor.cache_clear()
    start = time.perf_counter()
    result = run()
    cold = time.perf_counter() - start
    warm = best_time(run, repeat=3)
    return cold, warm, result


def float_reference(kind: str, p: list[sp.Rational], q: list[sp.Rational]) -> float:
    pf, qf = [float(v) for v in p], [float(v) for v in q]
    if kind == "entropy":
        return -math.fsum(a * math.log(a) for a in pf)
    return math.fsum(a * math.log(a / b) for a, b in zip(pf, qf, strict=True))


def exact_table(budget: float) -> None:
    print("## Exact entropy / KL of p_i = i/T vs q reversed (symgen: logs collected over primes)")
    print(
        f"{'case':<10}{'n':>6}{'naive sum':>11}{'simplify(naive)':>34}{'dit sym':>10}"
        f"{'symgen cold':>13}{'symgen warm':>13}{'naive/symgen':>14}{'dit/symgen':>12}"
        f"{'terms':>7}  float check"
    )
    for kind in ("entropy", "kl"):
        for n in (10, 100, 1000):
            p, q = rational_pair(n)
            naive = best_time(lambda p=p, q=q, kind=kind: naive_measure(kind, p, q), repeat=2)
            simplified = timed_simplify(kind, n, budget)
            dit_time = dit_symbolic(kind, p, q)
            cold, warm, result = symgen_exact(kind, p, q)
            error = abs(float(result) - float_reference(kind, p, q)) / abs(
                float_reference(kind, p, q)
            )
            print(
                f"{kind:<10}{n:>6}{naive:>10.3f}s{simplified:>34}{dit_time:>9.3f}s"
                f"{cold:>12.4f}s{warm:>12.4f}s{naive / warm:>13.1f}x{dit_time / warm:>11.1f}x"
                f"{len(sp.Add.make_args(result)):>7}  rel err {error:.1e}"
            )
    print()


def kl_numeric_table(rows: int) -> None:
    p, q = random_pmfs(rows, 10, seed=1), random_pmfs(rows, 10, seed=2)
    contenders: dict[str, Callable[[], object]] = {
        "hand-written numpy": lambda: np.sum(p * np.log(p / q), axis=1),
        "scipy.special.rel_entr": lambda: special.rel_entr(p, q).sum(axis=1),
        "scipy.stats.entropy": lambda: stats.entropy(p, q, axis=1),
        "symgen twin": lambda: batch_kl_divergence(p, q),
    }
    times = {name: [] for name in contenders}
    for _ in range(7):  # interleaved, so background load hits every contender alike
        for name, function in contenders.items():
            times[name].append(best_time(function, repeat=3, number=3))
    best = {name: min(values) for name, values in times.items()}
    subset = 200
    names = [str(i) for i in range(10)]
    start = time.perf_counter()
    for pr, qr in zip(p[:subset], q[:subset], strict=True):
        dit.divergences.kullback_leibler_divergence(
            dit.Distribution(names, pr), dit.Distribution(names, qr)
        )
    best[f"dit ({subset} rows, extrapolated)"] = (time.perf_counter() - start) * rows / subset
    agree = np.max(np.abs(batch_kl_divergence(p, q) - special.rel_entr(p, q).sum(axis=1)))
    hand, twin = best["hand-written numpy"], best["symgen twin"]
    print(f"## KL over {rows} x 10 random distributions (best of interleaved runs)")
    print(f"{'implementation':<36}{'time':>12}{'/ hand numpy':>14}{'/ symgen twin':>15}")
    for name, seconds in best.items():
        print(f"{name:<36}{seconds * 1e3:>10.2f}ms{seconds / hand:>13.2f}x{seconds / twin:>14.2f}x")
    print(f"twin vs rel_entr: max abs difference {agree:.1e}")
    print()


def accuracy_table(rows: int = 1000) -> None:
    p = random_pmfs(rows, 10, seed=11)
    q = p + np.tile([1e-8, -1e-8], 5)
    with mpmath.workdps(60):
        truth = np.array(
            [
                float(
                    mpmath.fsum(
                        a * mpmath.log(a / b)
                        for a, b in zip(map(mpmath.mpf, pr), map(mpmath.mpf, qr), strict=True)
                    )
                )
                for pr, qr in zip(p, q, strict=True)
            ]
        )
    results = {
        "hand-written numpy": np.sum(p * np.log(p / q), axis=1),
        "scipy.special.rel_entr": special.rel_entr(p, q).sum(axis=1),
        "scipy.stats.entropy": stats.entropy(p, q, axis=1),
        "symgen twin": batch_kl_divergence(p, q),
    }
    print(
        f"## Accuracy: q = p ± 1e-8 ({rows} rows x 10, median KL {np.median(truth):.1e}) "
        "vs 60-digit mpmath"
    )
    print(f"{'implementation':<36}{'max rel error':>16}{'median rel error':>18}")
    for name, values in results.items():
        error = np.abs(values - truth) / truth
        print(f"{name:<36}{np.max(error):>16.1e}{np.median(error):>18.1e}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per simplify run")
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the numeric KL case")
    parser.add_argument("--numeric-only", action="store_true", help="skip the exact table")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, sympy {sp.__version__}, numpy {np.__version__}")
    print()
    if not args.numeric_only:
        exact_table(args.budget)
    kl_numeric_table(args.rows)
    accuracy_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
