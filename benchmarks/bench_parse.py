"""Parse latency of symgen.parsing on typical answers, beside SymPy's parsers (reference only).

Run: ``python benchmarks/bench_parse.py [--repeat N]``. Prints median and p99 latency per
parser and the ratio symgen / reference. ``sympy.parse_expr`` runs ``eval`` and is used here
only on the safe, fixed inputs below; ``parse_latex`` (Lark backend) runs no code but misreads
some inputs, so the table also counts where its value differs from symgen's.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from symgen.errors import ParseError
from symgen.parsing.parser import _parse_cached, parse

#: (calculator text, LaTeX) of the same typical answer.
TYPICAL = [
    ("1/2", r"\frac{1}{2}"),
    ("0.25", r"0.25"),
    ("2*p*(1-p)", r"2p(1-p)"),
    ("p**2 + (1-p)**2", r"p^{2} + (1-p)^{2}"),
    ("-p*log(p) - (1-p)*log(1-p)", r"-p\log p - (1-p)\log(1-p)"),
    ("-p*log(p, 2) - (1-p)*log(1-p, 2)", r"-p\log_2 p - (1-p)\log_2(1-p)"),
    ("log(p/q)", r"\log \frac{p}{q}"),
    ("p*log(p/q) + (1-p)*log((1-p)/(1-q))", r"p\log\frac{p}{q} + (1-p)\log\frac{1-p}{1-q}"),
    ("sqrt(p*q)", r"\sqrt{p q}"),
    ("binomial(4, 2)*p**2*(1-p)**2", r"\binom{4}{2} p^{2} (1-p)^{2}"),
    ("exp(-x)/2", r"\frac{e^{-x}}{2}"),
    (
        "(sigma**2 + mu**2 - 1 - log(sigma**2))/2",
        r"\frac{1}{2}(\sigma^2 + \mu^2 - 1 - \log \sigma^2)",
    ),
    ("1/6 + 1/6 + 1/6", r"\frac{1}{6} + \frac{1}{6} + \frac{1}{6}"),
    ("-log(4) + 2*log(2)", r"-\log 4 + 2\log 2"),
    ("x/(x + y)", r"\frac{x}{x + y}"),
    ("3/36", r"\frac{3}{36}"),
]

#: Probability notation shared with claims (LaTeX): symgen reads all of these.
NOTATION = [
    r"P(y|x)",
    r"P(a, b \mid c)",
    r"H(X|Y)",
    r"D_{KL}(P\|Q)",
    r"\sum_x p(x) \log p(x)",
    r"\mathbb{E}_{x \sim P}[\log q(x)]",
    r"I(X;Y)",
    r"H(P, Q) - H(P)",
]

IMPLICIT = (*standard_transformations, implicit_multiplication_application, convert_xor)


def _uncached(text: str) -> object:
    """symgen.parsing.parser with its answer cache emptied first: the cost of a new answer."""
    _parse_cached.cache_clear()
    return parse(text)


def _timings(fn: Callable[[str], object], texts: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            out.append(time.perf_counter() - start)
    return out


def _summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.99 * (len(ordered) - 1))]


def _latex_reference() -> Callable[[str], object] | None:
    try:
        from sympy.parsing.latex import parse_latex

        parse_latex(r"\frac{1}{2}", backend="lark")
    except Exception:  # the lark backend is optional in SymPy
        return None

    def tolerant(text: str) -> object:
        try:
            return parse_latex(text, backend="lark")
        except Exception:  # it rejects some typical answers; timed all the same
            return None

    return tolerant


def _disagreements(reference: Callable[[str], object]) -> list[str]:
    wrong = []
    for _, latex in TYPICAL:
        try:
            theirs = reference(latex)
            mine = parse(latex)
            if theirs is None:
                wrong.append(f"{latex}   (rejected)")
                continue
            names = {s.name: s for s in mine.free_symbols}
            theirs = theirs.xreplace({s: names.get(s.name, s) for s in theirs.free_symbols})
            if sp.simplify(theirs - mine) != 0:
                wrong.append(latex)
        except Exception:
            wrong.append(latex)
    return wrong


def _notation_rejections(reference: Callable[[str], object]) -> tuple[int, int]:
    mine = sum(1 for text in NOTATION if _reads(parse, text))
    theirs = sum(1 for text in NOTATION if reference(text) is not None)
    return mine, theirs


def _reads(fn: Callable[[str], object], text: str) -> bool:
    try:
        fn(text)
    except ParseError:
        return False
    return True


def _hostile_rate() -> tuple[int, float, float]:
    from cases.hostile import cases

    corpus = cases()
    worst = 0.0
    start = time.perf_counter()
    for _, text, mode, _ in corpus:
        one = time.perf_counter()
        with contextlib.suppress(ParseError):
            parse(text, mode=mode)
        worst = max(worst, time.perf_counter() - one)
    return len(corpus), time.perf_counter() - start, worst


def main() -> int:
    """Print the latency table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    start = time.perf_counter()
    parse("1")  # builds the LALR tables once per process
    cold = time.perf_counter() - start
    texts = [text for text, _ in TYPICAL]
    latex = [tex for _, tex in TYPICAL]
    rows = [
        ("symgen.parsing.parser (text)", _timings(_uncached, texts, args.repeat)),
        ("symgen.parsing.parser (LaTeX)", _timings(_uncached, latex, args.repeat)),
        ("symgen.parsing.parser (text, repeated: cache)", _timings(parse, texts, args.repeat)),
        ("sympy.parse_expr (text)", _timings(lambda t: parse_expr(t), texts, args.repeat)),
        (
            "sympy.parse_expr implicit (text)",
            _timings(lambda t: parse_expr(t, transformations=IMPLICIT), texts, args.repeat),
        ),
    ]
    reference = _latex_reference()
    if reference is not None:
        rows.append(("sympy parse_latex lark (LaTeX)", _timings(reference, latex, args.repeat)))
    base_text, _ = _summary(rows[0][1])
    base_latex, _ = _summary(rows[1][1])
    print(f"symgen.parsing.parser cold start (grammar tables): {cold * 1000:.0f} ms\n")
    print(f"{'parser':36} {'median ms':>10} {'p99 ms':>8} {'symgen/ref':>11}")
    for name, times in rows:
        median, p99 = _summary(times)
        mine = base_latex if "LaTeX" in name else base_text
        mine = median if "cache" in name else mine
        print(f"{name:36} {median * 1000:10.3f} {p99 * 1000:8.3f} {mine / median:11.2f}")
    if reference is not None:
        wrong = _disagreements(reference)
        print(f"\nparse_latex (lark) differs from symgen on {len(wrong)}/{len(TYPICAL)} inputs:")
        for text in wrong:
            print(f"  {text}")
        mine, theirs = _notation_rejections(reference)
        print(f"\nprobability notation read: symgen {mine}/{len(NOTATION)}, ", end="")
        print(f"parse_latex (lark) {theirs}/{len(NOTATION)}")
    count, seconds, worst = _hostile_rate()
    print(f"\nhostile corpus: {count} inputs rejected in {seconds:.2f} s")
    print(f"  ({seconds / count * 1000:.2f} ms per input, slowest {worst * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
