"""Time to a derivation over the claim corpus, and to prove the identity library.

Run: ``python benchmarks/bench_prove.py [--repeat N] [--claims-only | --library-only]``.

Claims (``tests/cases/claims_corpus.py``, as a student types them): for every true claim, the
time to its derivation (``symgen.cli.prove.claim_derivation``: library match, step search,
inequality or optimisation chain) side by side with the verify-only time
(``verify_claim``), the number of steps, whether each step follows from its rule, and the
share of claims with at least 2 justified steps. Goals: median under 1 s, p95 under 5 s,
at least 85% of true claims with >= 2 steps.

Library: one table row per identity,
then totals. The reference column times a bare ``sympy.simplify`` of every link's concrete
difference (what a "simplify and hope" checker would do, with no numeric cross-check and no
verdicts); the ratio shows what the full check (verify.check_link: 24 random models at 50
digits plus the symbolic normal form) costs on top of it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

from symgen.catalogue import library
from symgen.proof.derivation import concrete


def _fresh(name: str):
    library._load.cache_clear()
    start = time.perf_counter()
    derivation = library.prove(name)
    return derivation, time.perf_counter() - start


def _verify(derivation) -> float:
    start = time.perf_counter()
    derivation.link_verdicts  # noqa: B018 - computing the cached property is the point
    return time.perf_counter() - start


def _bare_simplify(derivation) -> float:
    start = time.perf_counter()
    for model in derivation.models or ({},):
        for before, step in derivation.links():
            sp.simplify(concrete(before, model) - concrete(step.expr, model))
    return time.perf_counter() - start


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def claims() -> None:
    """Print the claim table: derivation time, verify-only time, steps, rules applied."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from cases.claims_corpus import CLAIMS

    from symgen.cli.prove import claim_derivation
    from symgen.proof.claims import verify_claim

    rows = []
    for claim, holds, _ in CLAIMS:
        if not holds:
            continue
        start = time.perf_counter()
        verify_claim(claim)
        verify = time.perf_counter() - start
        start = time.perf_counter()
        derivation = claim_derivation(claim)
        derive = time.perf_counter() - start
        steps = 0 if derivation is None else len(derivation.steps)
        applied = derivation is not None and all(derivation.rules_applied)
        rows.append((claim, derive, verify, steps, applied))
    print(f"{'true claim':60} {'derive s':>8} {'verify s':>8} steps applied")
    for claim, derive, verify, steps, applied in rows:
        print(f"{claim[:60]:60} {derive:8.2f} {verify:8.2f} {steps:5d} {applied}")
    derives, verifies = [r[1] for r in rows], [r[2] for r in rows]
    good = sum(1 for r in rows if r[3] >= 2 and r[4])
    print(
        f"\nclaims: {len(rows)} true; >= 2 justified steps: {good} "
        f"({100 * good / len(rows):.0f}%, goal 85%)"
    )
    print(
        f"derive: median {statistics.median(derives):.2f} s, p95 {_percentile(derives, 0.95):.2f} s"
        f" (goals 1 s, 5 s); verify only: median {statistics.median(verifies):.2f} s, "
        f"p95 {_percentile(verifies, 0.95):.2f} s\n"
    )


def main() -> None:
    """Print the timing tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs per identity (best kept)")
    parser.add_argument("--claims-only", action="store_true", help="only the claim corpus")
    parser.add_argument("--library-only", action="store_true", help="only the identity library")
    args = parser.parse_args()
    if not args.library_only:
        claims()
    if not args.claims_only:
        library_table(args.repeat)


def library_table(repeat: int) -> None:
    """Print the library table."""
    rows = []
    for name in library.identity_names():
        runs = []
        for _ in range(repeat):
            derivation, load = _fresh(name)
            runs.append((load, _verify(derivation), _bare_simplify(derivation), derivation))
        load, verify, bare, derivation = min(runs, key=lambda r: r[0] + r[1])
        rows.append((name, len(derivation.links()), load, verify, bare, derivation.holds))
    print(
        f"{'identity':46} {'links':>5} {'load s':>8} {'verify s':>9} {'simplify s':>10} "
        f"{'ratio':>6} holds"
    )
    for name, links, load, verify, bare, holds in rows:
        ratio = verify / bare if bare else float("nan")
        print(f"{name:46} {links:5d} {load:8.3f} {verify:9.3f} {bare:10.3f} {ratio:6.1f} {holds}")
    verifies = [r[3] for r in rows]
    total_load, total_verify = sum(r[2] for r in rows), sum(verifies)
    total_bare = sum(r[4] for r in rows)
    print(
        f"\nidentities: {len(rows)}, links: {sum(r[1] for r in rows)}, all hold: "
        f"{all(r[5] for r in rows)}"
    )
    print(
        f"total: load {total_load:.2f} s + verify {total_verify:.2f} s = "
        f"{total_load + total_verify:.2f} s; bare simplify {total_bare:.2f} s "
        f"(ratio {total_verify / total_bare:.1f})"
    )
    print(
        f"verify per identity: median {statistics.median(verifies):.3f} s, "
        f"worst {max(verifies):.3f} s"
    )


if __name__ == "__main__":
    main()
