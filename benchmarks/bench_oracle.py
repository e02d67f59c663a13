"""Speed of check_implementation: one implementation, default trials, per target.

Run: python benchmarks/bench_oracle.py [--quick]
For each target: best-of-N seconds to check a correct and a buggy implementation (goal:
under 1 s with the default 200 trials), and where the time goes: the user's function alone
(single and batched calls) and the 50-digit mpmath reference. The last table compares the
mpmath reference with the same 200 references done by SymPy (symgen.core.measures on exact
Rationals, then N(..., 50)), which is the slow route the oracle avoids.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import mpmath
import numpy as np
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cases.buggy_implementations import BUGGY, CORRECT

from symgen.oracle._references import DIGITS, to_mp
from symgen.oracle.check import check_implementation
from symgen.oracle.targets import TARGETS

GOAL_SECONDS = 1.0


def best_time(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def reference_time(target: str, repeat: int) -> float:
    spec = TARGETS[target]
    cases = spec.cases(np.random.default_rng(0), 200)

    def run() -> None:
        with mpmath.workdps(DIGITS):
            for case in cases:
                spec.reference(*map(to_mp, case))

    return best_time(run, repeat)


def user_time(target: str, fn: Callable[..., object], repeat: int) -> float:
    cases = TARGETS[target].cases(np.random.default_rng(0), 200)

    def run() -> None:
        with np.errstate(all="ignore"):
            for case in cases:
                fn(*case)

    return best_time(run, repeat)


def bench_targets(repeat: int) -> None:
    buggy = {}
    for _case_id, target, fn, _cause, options in BUGGY:
        if not options:
            buggy.setdefault(target, fn)
    print(f"check_implementation, default trials=200 (best of {repeat}); goal < {GOAL_SECONDS} s")
    header = f"  {'target':<34}{'implementation':<22}{'correct':>9}{'buggy':>9}{'fn only':>9}"
    header += f"{'reference':>11}  < 1 s"
    print(header)
    for case_id, target, fn in CORRECT:
        good = best_time(lambda fn=fn, t=target: check_implementation(fn, t), repeat)
        bad_fn = buggy.get(target)
        bad = best_time(lambda f=bad_fn, t=target: check_implementation(f, t), repeat)
        own, ref = user_time(target, fn, repeat), reference_time(target, repeat)
        flag = "yes" if max(good, bad) < GOAL_SECONDS else "NO"
        row = f"  {target:<34}{case_id:<22}{good:9.3f}{bad:9.3f}{own:9.3f}{ref:11.3f}  {flag}"
        print(row)


def sympy_route(repeat: int) -> None:
    spec = TARGETS["kl_divergence"]
    cases = spec.cases(np.random.default_rng(0), 200)

    def kl(p: np.ndarray, q: np.ndarray) -> sp.Expr:
        pairs = [(sp.Rational(float(a)), sp.Rational(float(b))) for a, b in zip(p, q, strict=True)]
        return sp.Add(*(a * sp.log(a / b) for a, b in pairs if a != 0))

    def with_sympy() -> None:
        for p, q in cases:
            sp.N(kl(p, q), DIGITS)

    ours = reference_time("kl_divergence", repeat)
    theirs = best_time(with_sympy, 1)
    print("\n200 KL references at 50 digits")
    print(f"  {'mpmath (symgen.oracle.check)':<34}{ours:9.3f} s  {1.0:8.1f}x")
    print(f"  {'SymPy exact Rationals + N(50)':<34}{theirs:9.3f} s  {theirs / ours:8.1f}x")


def caught_table() -> None:
    print("\nbuggy implementations: likely cause named, first counterexample")
    print(f"  {'case':<36}{'cause named':<28}{'ok':<4}counterexample -> expected | got")
    for case_id, target, fn, cause, options in BUGGY:
        report = check_implementation(fn, target, **options)
        named = report.likely_cause.id if report.likely_cause else "-"
        ok = "yes" if not report.passed and named == cause else "NO"
        cx = report.counterexample
        shown = ", ".join(f"{k}={v}" for k, v in cx.inputs.items()) if cx else ""
        got = cx.error or cx.got if cx else ""
        print(f"  {case_id:<36}{named:<28}{ok:<4}{shown[:48]} -> {float(cx.expected):.10g} | {got}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition instead of three")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    bench_targets(repeat)
    sympy_route(repeat)
    caught_table()


if __name__ == "__main__":
    main()
