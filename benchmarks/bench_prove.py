"""Time to prove the identity library: per identity (load, verify) and in total.

Run: ``python benchmarks/bench_prove.py [--repeat N]``. Prints one table row per identity,
then totals. The reference column times a bare ``sympy.simplify`` of every link's concrete
difference (what a "simplify and hope" checker would do, with no numeric cross-check and no
verdicts); the ratio shows what the full check (verify.check_link: 24 random models at 50
digits plus the symbolic normal form) costs on top of it.
"""

from __future__ import annotations

import argparse
import statistics
import time

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


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs per identity (best kept)")
    args = parser.parse_args()
    rows = []
    for name in library.identity_names():
        runs = []
        for _ in range(args.repeat):
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
