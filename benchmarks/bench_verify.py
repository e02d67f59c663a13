"""Benchmark the verifier: per-claim time (median, worst), corpus throughput, evaluation cost.

Run ``python benchmarks/bench_verify.py``. Prints three tables:

1. every claim of a fixed list through ``verify_claim`` (parse + symbolic + 24 models);
2. the mutation corpus (tests/cases/mutations.py) through ``check_link``: links per second,
   how many wrong steps were refuted and true steps accepted;
3. the cost of one 50-digit evaluation of H(X, Y), I(X; Y) and D_KL on a random model next to
   the float references (scipy.stats.entropy, dit, hand-written numpy), as ratios;
4. the soundness audit's hostile claims (tiny gaps, constant bounds, towers of exponentials):
   the verdict each gets and its time (none may hold; each must answer within ~2 s).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symgen.notation.symbols import D, H, I
from symgen.proof.claims import verify_claim
from symgen.verify import evaluate
from symgen.verify.link import Status, check_link
from symgen.verify.models import random_model
from tests.cases.mutations import (
    IDENTITIES,
    OPERATORS,
    TRUE_HAND,
    true_rewrites,
    wrong_steps,
)

CLAIMS = [
    "H(P,Q) = D_KL(P||Q)",
    "D_KL(P||Q) = D_KL(Q||P)",
    "H(X,Y) = H(X) + H(Y)",
    "P(a|b) = P(b|a)",
    "cov_zero_implies_independence",
    "H(X|Y) >= H(X)",
    "P(a|b) = P(b|a) P(a) / P(b)",
    "P(a,b,c) = P(a|b,c) P(b|c) P(c)",
    "H(P,Q) = H(P) + D_KL(P||Q)",
    "I(X;Y) = H(X) - H(X|Y)",
    "D_KL(P||Q) >= 0",
    "H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y)",
    "I(X;Y|Z) = H(X|Z) - H(X|Y,Z)",
    "Cov(X,Y) = E[X Y] - E[X] E[Y]",
]


def _timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def bench_claims() -> None:
    print("\n1. verify_claim per claim (seconds)")
    print(f"{'claim':45s} {'holds':>6s} {'status':>13s} {'time':>8s}")
    times = []
    for claim in CLAIMS:
        seconds, verdict = _timed(verify_claim, claim)
        times.append(seconds)
        print(f"{claim:45s} {verdict.holds!s:>6s} {verdict.status.name:>13s} {seconds:8.3f}")
    print(f"median {statistics.median(times):.3f} s, worst {max(times):.3f} s")


HOSTILE = [
    "H(X) = H(X) + 1e-40",
    "H(X,Y) + 1e-40 <= H(X) + H(Y)",
    "D_KL(P||Q) >= 1e-40",
    "D_KL(P||Q) <= 100",
    "H(X) <= 2",
    "I(X;Y) <= log(5)",
    "P(a) > 1e-6",
    "H(X) > 0",
    "D_KL(P||Q) <= 1000",
    "H(X) = exp(exp(exp(10)))",
    "H(X) <= sin(10^300*p)",
    "H(X) = p^p^p^p^p^p^p^p^p^p",
    "argmin_Q H(P,Q) = argmin_Q H(P,Q) - H(Q)/100",
]


def bench_hostile() -> None:
    print("\n4. hostile claims from the soundness audit (holds must never be True)")
    print(f"{'claim':45s} {'holds':>6s} {'status':>13s} {'time':>8s}")
    times = []
    for claim in HOSTILE:
        try:
            seconds, verdict = _timed(verify_claim, claim)
            holds, status = str(verdict.holds), verdict.status.name
        except Exception as error:  # a SymgenError is an acceptable answer too
            seconds, holds, status = 0.0, "error", type(error).__name__
        times.append(seconds)
        print(f"{claim:45s} {holds:>6s} {status:>13s} {seconds:8.3f}")
    print(f"median {statistics.median(times):.3f} s, worst {max(times):.3f} s")


def bench_corpus() -> None:
    print("\n2. mutation corpus through check_link")
    for name, links, good in (
        ("wrong steps", wrong_steps(), lambda v: v.status is Status.REFUTED),
        ("true rewrites", true_rewrites(), lambda v: v.ok),
    ):
        times, hits = [], 0
        for _, lhs, rhs in links:
            seconds, verdict = _timed(check_link, lhs, rhs)
            times.append(seconds)
            hits += good(verdict)
        total = sum(times)
        print(
            f"{name:14s} {hits}/{len(links)} as expected; {total:6.2f} s total, "
            f"{len(links) / total:6.1f} links/s, median {statistics.median(times) * 1e3:.1f} ms,"
            f" worst {max(times) * 1e3:.1f} ms"
        )


def _reference_timings(model) -> dict[str, float]:
    from scipy.stats import entropy as scipy_entropy

    joint = np.array([float(v) for _, v in sorted(model.laws[sp.Symbol("P")].items())])
    q = np.array([float(v) for _, v in sorted(model.laws[sp.Symbol("Q")].items())])
    out = {}
    out["numpy H"], _ = _timed_many(lambda: -(joint * np.log(joint)).sum())
    out["scipy H"], _ = _timed_many(lambda: scipy_entropy(joint))
    out["scipy KL"], _ = _timed_many(lambda: scipy_entropy(joint, q))
    try:
        import dit

        outcomes = [chr(65 + i) for i in range(len(joint))]
        dist = dit.Distribution(outcomes, joint.tolist())
        out["dit H"], _ = _timed_many(lambda: dit.shannon.entropy(dist))
    except ImportError:  # dit is optional for the benchmark
        pass
    return out


def _timed_many(fn, repeat: int = 50) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return (time.perf_counter() - start) / repeat, out


def bench_evaluation() -> None:
    print("\n3. one evaluation on a random model (support up to 5 x 5), microseconds")
    X, Y = sp.symbols("X Y")
    P, Q = sp.symbols("P Q")
    exprs = {"H(X, Y)": H(X, Y), "I(X; Y)": I(X, Y), "D_KL(P || Q)": D(P, Q)}
    model = random_model([H(X, Y), D(P, Q)], seed=1, kind="generic")
    refs = _reference_timings(model)
    ours = {}
    for name, expr in exprs.items():
        fresh = random_model([H(X, Y), D(P, Q)], seed=1, kind="generic")
        ours[name], _ = _timed_many(lambda e=expr, m=fresh: evaluate(e, m), repeat=20)
    for name, seconds in ours.items():
        print(f"symgen 50-digit {name:14s} {seconds * 1e6:10.1f}")
    for name, seconds in refs.items():
        ratio = ours["H(X, Y)"] / seconds
        print(f"{name:30s} {seconds * 1e6:10.1f}   time ratio symgen H / this = {ratio:7.1f}")


def _two_step_mutants() -> list[tuple]:
    """Every pair of mutation operators applied to either side of every identity."""
    seen, out = set(), []
    for _, lhs, rhs in IDENTITIES + TRUE_HAND:
        for side, target in ((0, lhs), (1, rhs)):
            for op in OPERATORS.values():
                for new in op(target):
                    for second in [*OPERATORS.values(), lambda e: iter([e])]:
                        for new2 in second(new):
                            pair = (new2, rhs) if side == 0 else (lhs, new2)
                            if new2 != target and pair not in seen:
                                seen.add(pair)
                                out.append(pair)
    return out


def bench_fuzz() -> None:
    """Soundness fuzz: symbolic and numeric sides must never disagree."""
    print("\n4. fuzz: two mutations composed (slow; --fuzz)")
    counts: dict[str, int] = {}
    start = time.perf_counter()
    pairs = _two_step_mutants()
    for lhs, rhs in pairs:
        try:
            verdict = check_link(lhs, rhs)
            key = verdict.status.name + (
                " (symbolic disagreed: BUG)"
                if (verdict.status is Status.REFUTED and verdict.symbolic)
                else ""
            )
        except Exception as error:  # count every failure kind, do not stop
            key = f"error {type(error).__name__}"
        counts[key] = counts.get(key, 0) + 1
    seconds = time.perf_counter() - start
    print(f"{len(pairs)} links in {seconds:.1f} s: {counts}")


if __name__ == "__main__":
    bench_claims()
    bench_corpus()
    bench_evaluation()
    bench_hostile()
    if "--fuzz" in sys.argv:
        bench_fuzz()
