"""The blocks a study sheet is made of, and their construction from engine objects.

A block is a finished record: text fields are plain strings (escaped when rendered) and maths
fields are :class:`~symgen.notation.tex.Latex` made by the engine's printer. Each block names the
template that draws it. Templates do no maths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symgen.notation.tex import Latex, escape_latex, latex_of
from symgen.sheet.chains import (
    ChainRow,
    Reason,
    identity_titles,
    reason_rows,
    start_row,
    tidy_note,
)
from symgen.sheet.mathtext import name_tex
from symgen.sheet.prose import LABELS, localise_claim
from symgen.sheet.templating import render_template

__all__ = [
    "DerivationBlock",
    "Erratum",
    "Formula",
    "Heading",
    "Items",
    "Prose",
    "Result",
    "Solution",
    "SolutionPart",
    "StepLine",
    "decimal_check",
    "derivation_block",
    "render_derivation",
    "render_solution",
    "solution_block",
]

MAX_TABLE_CELLS = 24  # larger given distributions are described, not tabulated
UNBROKEN_ROWS = 14  # a derivation up to this many rows is kept on one page


@dataclass(frozen=True)
class Heading:
    """A subsection heading."""

    text: str
    template: str = "heading.tex.j2"


@dataclass(frozen=True)
class Prose:
    """Paragraphs of plain text."""

    paragraphs: tuple[str, ...]
    template: str = "prose.tex.j2"


@dataclass(frozen=True)
class Items:
    """A bulleted list of plain-text items (or trusted LaTeX items)."""

    items: tuple[str, ...]
    template: str = "items.tex.j2"


@dataclass(frozen=True)
class Formula:
    """A displayed formula from the engine, with an optional plain-text caption."""

    latex: Latex
    caption: str = ""
    template: str = "formula.tex.j2"


@dataclass(frozen=True)
class Result:
    """A boxed computed result with a caption and a numeric check line."""

    latex: Latex
    caption: str
    check: str = ""
    template: str = "result.tex.j2"


@dataclass(frozen=True)
class StepLine:
    """One step of a worked solution: relation and new expression (rule id kept for tests)."""

    relation: Latex
    expr: Latex
    rule: str


@dataclass(frozen=True)
class DerivationBlock:
    """A verified derivation from the identity library, printed as one labelled chain."""

    title: str
    statement: Latex
    note: str
    rows: tuple[ChainRow, ...]
    facts: tuple[ChainRow, ...]
    reasons: tuple[Reason, ...]
    holds: bool
    failure: str
    labels: Mapping[str, str]
    breakable: bool = True  # only a long chain may run over a page break
    template: str = "derivation.tex.j2"


@dataclass(frozen=True)
class SolutionPart:
    """One ask of a worked problem: its label and the finished maths of its answer.

    ``math`` is the chain ``start = ... = \\boxed{result}`` (an ``align*`` body when
    ``display``, else one inline formula); ``check`` is the decimal value, maths too.
    """

    label: str
    math: Latex
    display: bool
    check: Latex


@dataclass(frozen=True)
class Solution:
    """A worked catalogue problem."""

    title: str
    statement: str
    given: tuple[Latex, ...]
    parts: tuple[SolutionPart, ...]
    labels: Mapping[str, str]
    template: str = "solution.tex.j2"


@dataclass(frozen=True)
class Erratum:
    """A correction of the notes: the false statement, why, the true statements."""

    title: str
    wrong: Latex
    explanation: str
    counterexample: tuple[Latex, ...]  # display lines
    right: tuple[Latex, ...]
    labels: Mapping[str, str]
    template: str = "erratum.tex.j2"


# ---------------------------------------------------------------- derivations


def derivation_block(derivation: Any, lang: str) -> DerivationBlock:
    """A library Derivation as a block: one chain, letters where a reason is needed."""
    d = derivation
    labels = LABELS[lang]
    names = identity_titles(lang)
    rows, facts, reasons = reason_rows(d, lang, names, labels["numeric_only"])
    holds = bool(d.holds)
    return DerivationBlock(
        title=d.title_ko if lang == "ko" else d.title_en,
        statement=localise_claim(d.claim, lang),
        note=tidy_note(d.note_ko if lang == "ko" else d.note_en, names),
        rows=(start_row(d), *rows),
        facts=facts,
        reasons=reasons,
        holds=holds,
        failure="" if holds else f"{labels['fails']}: {d.reason}",
        labels=labels,
        breakable=len(rows) + len(facts) > UNBROKEN_ROWS,
    )


def render_derivation(derivation: Any, lang: str = "en") -> Latex:
    """LaTeX fragment of one derivation (needs the sheet preamble's tcolorbox, amsmath)."""
    return Latex(render_template("derivation.tex.j2", block=derivation_block(derivation, lang)))


# ---------------------------------------------------------------- worked problems


def _given_line(name: str, dist: Any, lang: str) -> Latex | None:
    from symgen.core.distribution import Distribution

    if not isinstance(dist, Distribution):
        return None
    label = rf"{name_tex(name)}:\ "
    if len(dist.cells()) <= MAX_TABLE_CELLS:
        return Latex(label + latex_of(dist))
    names = ", ".join(rf"\mathit{{{escape_latex(v)}}}" for v in dist.variables)
    cells = LABELS[lang]["cells"].format(n=len(dist.cells()))
    return Latex(rf"{label}\text{{{escape_latex(cells)}}}\ ({names})")


CHECK_DIGITS = 6


def decimal_check(value: sp.Basic) -> Latex:
    """The answer as a decimal (at a sample point when it has symbols), in maths."""
    if value in (sp.true, sp.false) or not isinstance(value, sp.Expr):
        return Latex("")
    if value.free_symbols:
        symbols = sorted(value.free_symbols, key=str)
        point = {s: sp.Rational(j + 1, j + 4) for j, s in enumerate(symbols)}  # distinct values
        names = r",\ ".join(f"{latex_of(s)} = {latex_of(point[s])}" for s in symbols)
        return Latex(rf"{names}:\ \approx {_digits(value.subs(point))}")
    if value.is_infinite:
        return Latex("")
    if value.is_Rational and value.q == 1:
        return Latex("")
    return Latex(rf"\approx {_digits(value)}")


def _digits(value: sp.Expr) -> str:
    text = str(sp.N(value, CHECK_DIGITS))
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _conditional_steps(problem: Any, ask: Any, lang: str) -> tuple[Latex, tuple[StepLine, ...]]:
    """P(A | B) = P(A, B) / P(B) = num / den, each probability computed by the engine."""
    event, given = str(ask.args.get("event", "")), str(ask.args.get("given", ""))
    dist = _distribution_for(problem, ask)
    if not event or not given or dist is None:
        return Latex(""), ()
    num, den = dist.prob(f"{event}, {given}"), dist.prob(given)
    if den == 0 or sp.simplify(num / den - ask.expected) != 0:
        return Latex(""), ()  # show only steps that reproduce the computed answer
    a, b = escape_latex(event), escape_latex(given)
    start = Latex(rf"P(\text{{{a}}} \mid \text{{{b}}})")
    ratio = Latex(rf"\frac{{P(\text{{{a}}}, \text{{{b}}})}}{{P(\text{{{b}}})}}")
    values = Latex(rf"\frac{{{latex_of(num)}}}{{{latex_of(den)}}}")
    del lang
    steps = (
        StepLine(Latex("="), ratio, "def_conditional"),
        StepLine(Latex("="), values, "evaluate"),
    )
    return start, steps


def _distribution_for(problem: Any, ask: Any) -> Any:
    from symgen.core.distribution import Distribution

    dists = {k: v for k, v in problem.given.items() if isinstance(v, Distribution)}
    name = ask.args.get("of")
    if name in dists:
        return dists[name]
    return list(dists.values())[-1] if dists else None


# ---------------------------------------------------------------- sums written out

MAX_SUM_TERMS = 12  # longer sums are not written out term by term


def _single_pmf(dist: Any, variable: str | None = None) -> dict[Any, sp.Expr] | None:
    """The pmf of one variable (the named one, or the only one), or None."""
    if dist is None:
        return None
    if variable is not None and variable in dist.variables:
        dist = dist.marginal(variable)
    if len(dist.variables) != 1:
        return None
    pmf = dict(dist.to_pmf())
    return pmf if len(pmf) <= MAX_SUM_TERMS else None


def _log(arg: sp.Expr, base: int | None) -> sp.Expr:
    return sp.log(arg, evaluate=False) if base is None else sp.log(arg, base, evaluate=False)


def _neg(term: sp.Expr) -> sp.Expr:
    return sp.Mul(sp.Integer(-1), term, evaluate=False)


def _quotient(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)


def _written_sum(terms: list[sp.Expr]) -> sp.Expr | None:
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def _name(name: object) -> str:
    return name_tex(name)


def _entropy_terms(problem: Any, ask: Any, base: int | None) -> tuple[Latex, sp.Expr | None]:
    name = ask.args.get("of") or ask.args.get("variable") or ""
    dist = _distribution_for(problem, ask)
    pmf = _single_pmf(dist, ask.args.get("variable"))
    if pmf is None:
        return Latex(""), None
    terms = [_neg(sp.Mul(p, _log(p, base), evaluate=False)) for p in pmf.values() if p != 0]
    return Latex(rf"H({_name(name or dist.variables[0])})"), _written_sum(terms)


def _pair_terms(problem: Any, ask: Any, base: int | None) -> tuple[Latex, sp.Expr | None]:
    p_name, q_name = str(ask.args.get("p", "")), str(ask.args.get("q", ""))
    p, q = (_single_pmf(problem.given.get(n)) for n in (p_name, q_name))
    if p is None or q is None or set(p) != set(q):
        return Latex(""), None
    pairs = [(p[x], q[x]) for x in p if p[x] != 0]
    if any(qx == 0 for _, qx in pairs):
        return Latex(""), None  # infinite: the engine's answer says so without a sum
    if ask.kind == "kl":
        terms = [sp.Mul(px, _log(_quotient(px, qx), base), evaluate=False) for px, qx in pairs]
        start = Latex(rf"D_{{\mathrm{{KL}}}}({_name(p_name)} \,\|\, {_name(q_name)})")
    else:
        terms = [_neg(sp.Mul(px, _log(qx, base), evaluate=False)) for px, qx in pairs]
        start = Latex(rf"H({_name(p_name)}, {_name(q_name)})")
    return start, _written_sum(terms)


def _expectation_terms(problem: Any, ask: Any, base: int | None) -> tuple[Latex, sp.Expr | None]:
    del base
    if set(ask.args) != {"variable"}:
        return Latex(""), None  # functions and payoff tables are not written out
    variable = ask.args["variable"]
    pmf = _single_pmf(_distribution_for(problem, ask), variable)
    if pmf is None or not all(isinstance(x, int) for x in pmf):
        return Latex(""), None
    terms = [sp.Mul(sp.Integer(x), p, evaluate=False) for x, p in pmf.items()]
    return Latex(rf"\mathbb{{E}}[{_name(variable)}]"), _written_sum(terms)


_SUM_KINDS = {
    "entropy": (_entropy_terms, "def_entropy"),
    "cross_entropy": (_pair_terms, "def_cross_entropy"),
    "kl": (_pair_terms, "def_kl"),
    "expectation": (_expectation_terms, "def_expectation"),
}


def _agrees(written: sp.Expr, expected: sp.Basic) -> bool:
    """The written-out sum equals the engine's answer (at 50 digits, at three points)."""
    if not isinstance(expected, sp.Expr) or expected.is_infinite:
        return False
    diff = written.doit() - expected
    symbols = sorted(diff.free_symbols, key=str)
    points = [{s: sp.Rational(k + j, 9 + j) for j, s in enumerate(symbols)} for k in (1, 3, 5)]
    return all(abs(sp.N(diff.subs(point), 50)) < sp.Float("1e-40") for point in points)


def _sum_steps(problem: Any, ask: Any, lang: str) -> tuple[Latex, tuple[StepLine, ...]]:
    """Definition written out as a sum of the given numbers; shown only if it checks out."""
    del lang
    build, rule = _SUM_KINDS[ask.kind]
    base = 2 if getattr(ask, "unit", None) == "bits" else None
    start, written = build(problem, ask, base)
    if written is None or not _agrees(written, ask.expected):
        return Latex(""), ()
    step = StepLine(Latex("="), _broken_sum(written), rule)
    return start, (step,)


TERMS_PER_LINE = 4


def _broken_sum(written: sp.Expr) -> Latex:
    """A long written-out sum over several lines of the align (four terms a line)."""
    terms = sp.Add.make_args(written) if isinstance(written, sp.Add) else (written,)
    lines = []
    for i in range(0, len(terms), TERMS_PER_LINE):
        chunk = terms[i : i + TERMS_PER_LINE]
        text = latex_of(_written_sum(list(chunk)), as_written=True)
        lines.append(text if i == 0 or text.startswith("-") else f"+ {text}")
    return Latex(r" \\ & \qquad ".join(lines))


INLINE_WIDTH = 90  # characters of LaTeX that still fit on one line beside the label
LINE_WIDTH = 170  # a chain this long still fits on one displayed line


def _boolean(ask: Any, lang: str) -> Latex:
    return Latex(rf"\text{{{LABELS[lang]['yes' if ask.expected == sp.true else 'no']}}}")


def _part(problem: Any, ask: Any, lang: str) -> SolutionPart:
    start: Latex = Latex("")
    steps: tuple[StepLine, ...] = ()
    if ask.kind == "conditional":
        start, steps = _conditional_steps(problem, ask, lang)
    elif ask.kind in _SUM_KINDS:
        start, steps = _sum_steps(problem, ask, lang)
    label = ask.label.get(lang) or ask.label.get("en", ask.id)
    result = _boolean(ask, lang) if ask.is_boolean else latex_of(ask.expected)
    check = decimal_check(ask.expected)
    if not steps:
        boxed = Latex(rf"\boxed{{{f'{start} = ' if start else ''}{result}}}")
        return SolutionPart(label, boxed, len(boxed) > INLINE_WIDTH, check)
    rows = [rf"{start} &{steps[0].relation} {steps[0].expr}"]
    rows += [rf"&{s.relation} {s.expr}" for s in steps[1:]]
    rows.append(rf"&= \boxed{{{result}}}")
    one_line = " ".join(r.replace("&", "") for r in rows)
    if "\\\\" not in one_line and len(one_line) <= LINE_WIDTH:
        return SolutionPart(label, Latex(one_line), len(one_line) > INLINE_WIDTH, check)
    return SolutionPart(label, Latex(" \\\\\n".join(rows)), True, check)


def _shared(parts: list[SolutionPart], lang: str) -> tuple[SolutionPart, ...]:
    """A part whose working repeats an earlier part's refers to it instead of reprinting it."""
    out: list[SolutionPart] = []
    for part in parts:
        earlier = next((k for k, p in enumerate(out, 1) if p.math == part.math and p.display), 0)
        if earlier:
            note = escape_latex(LABELS[lang]["same_as"].format(n=earlier))
            part = SolutionPart(part.label, Latex(rf"\text{{{note}}}"), False, part.check)
        out.append(part)
    return tuple(out)


def solution_block(problem: Any, lang: str) -> Solution:
    """A catalogue Problem as a worked solution: statement, given tables, one part per ask."""
    given = tuple(
        line
        for line in (_given_line(name, dist, lang) for name, dist in problem.given.items())
        if line is not None
    )
    return Solution(
        title=problem.title.get(lang, problem.id),
        statement=" ".join(problem.statement.get(lang, "").split()),
        given=given,
        parts=_shared([_part(problem, ask, lang) for ask in problem.asks], lang),
        labels=LABELS[lang],
    )


def render_solution(problem: Any, lang: str = "en") -> Latex:
    """LaTeX fragment of one worked problem."""
    return Latex(render_template("solution.tex.j2", block=solution_block(problem, lang)))
