"""What each page shows, as plain records built from engine objects (no HTTP, no HTML).

Maths fields are LaTeX from the engine's printer (``symgen.notation``), drawn in the browser
by KaTeX; text fields are plain strings that the templates escape. Nothing here reveals a
reference answer before an attempt: the worked solution comes only with a checked answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from symgen.errors import ParseError, SymgenError
from symgen.web.budget import INVALID_REASONS
from symgen.web.words import words

MAX_PREVIEW_LATEX = 4000  # longer LaTeX of a parsed answer is not drawn
MAX_CHAIN_LINES = 20
# a chain's step may start with its relation to the previous one (as in check_steps)
_LEAD = re.compile(r"^\s*(>=|<=|≥|≤|=|>|<|\\geq|\\leq|\\ge|\\le)\s*")


@dataclass(frozen=True)
class Step:
    """One line of a derivation or a worked solution."""

    relation: str
    latex: str
    why: str
    verdict: str = ""
    ok: bool = True


@dataclass(frozen=True)
class Derivation:
    """A derivation (a library identity, or a typed chain) ready to draw."""

    title: str
    statement: str
    start: str
    steps: tuple[Step, ...]
    holds: bool | None
    reason: str
    facts: tuple[tuple[str, Step], ...] = ()


@dataclass(frozen=True)
class Part:
    """The worked solution of one ask: the sheet's chain of maths, and what backs it."""

    label: str
    math: str  # an ``aligned`` body when ``display``, else one formula
    display: bool
    check: str  # the decimal value, LaTeX ("" for none)
    derivation: Derivation | None = None
    claim: Any = None


@dataclass(frozen=True)
class AskView:
    """One ask as the problem page shows it (no reference answer)."""

    id: str
    label: str
    unit: str
    boolean: bool
    hints: tuple[str, ...]


@dataclass(frozen=True)
class ProblemView:
    """A problem page."""

    id: str
    topic: str
    title: str
    statement: tuple[str, ...]
    given: tuple[str, ...]
    asks: tuple[AskView, ...]
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """The verdict on one answer, with the answer as read and the solution."""

    correct: bool
    invalid: bool
    reason: str
    feedback: str
    read_latex: str
    hint: str
    part: Part | None


@dataclass(frozen=True)
class ProveResult:
    """What the prove page shows: a derivation, a checked chain, or a claim verdict."""

    kind: str  # "identity" | "chain" | "claim"
    holds: bool | None
    claim_latex: str = ""
    reason: str = ""
    explanation: str = ""
    correction: str = ""
    counterexample: tuple[str, ...] = ()
    derivation: Derivation | None = None
    hint: str = ""
    first_wrong: int | None = None
    inequality: str = ""  # the named inequality that proves a claimed inequality


# ---------------------------------------------------------------- the list


def topic_title(topic: str, lang: str) -> str:
    """The sheet's title of a catalogue topic, or the id when the sheet has none."""
    from symgen.sheet.prose import TEXT

    entry = TEXT.get(topic)
    return entry[lang] if entry else topic.replace("_", " ")


def problem_list(lang: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(topic id, topic title, [(problem id, title)]) in the notes' order; nothing computed."""
    from symgen.catalogue.problems import load_catalogue
    from symgen.catalogue.spec import TOPICS

    grouped: dict[str, list[tuple[str, str]]] = {}
    for problem_id, topic, title in load_catalogue().titles():
        grouped.setdefault(topic, []).append((problem_id, title.get(lang, problem_id)))
    order = [t for t in TOPICS if t in grouped] + sorted(set(grouped) - set(TOPICS))
    return [(t, topic_title(t, lang), grouped[t]) for t in order]


def identity_list(lang: str) -> list[tuple[str, str]]:
    """(id, title) of every library identity."""
    from symgen.catalogue.library import identities

    return [(i.id, i.title(lang)) for i in identities()]


# ---------------------------------------------------------------- a problem


def problem_view(problem_id: str, lang: str) -> ProblemView:
    """The problem page: statement paragraphs, given tables as LaTeX, asks with hints."""
    from symgen.catalogue.problems import load_catalogue

    problem = load_catalogue().get(problem_id)
    statement = problem.statement.get(lang, "")
    paragraphs = tuple(" ".join(p.split()) for p in statement.split("\n\n") if p.strip())
    asks = tuple(
        AskView(
            id=ask.id,
            label=ask.label.get(lang) or ask.label.get("en", ask.id),
            unit=ask.unit or "",
            boolean=bool(ask.is_boolean),
            hints=tuple(ask.hints_ko if lang == "ko" else ask.hints_en),
        )
        for ask in problem.asks
    )
    return ProblemView(
        id=problem.id,
        topic=topic_title(problem.topic, lang),
        title=problem.title.get(lang, problem.id),
        statement=paragraphs,
        given=tuple(given_latex(name, dist) for name, dist in shown_given(problem).items()),
        asks=asks,
        hints=tuple(problem.hints.get(lang, ())),
    )


# Given kinds computed from other givens (s = d1 + d2, a marginal, a conditional): what the asks
# ask for, so the page does not show them (symgen.cli.show keeps the same list).
DERIVED_KINDS = frozenset({"sum", "apply", "marginal", "condition"})
MAX_TABLE_CELLS = 24  # larger given tables are described, not drawn


def shown_given(problem: Any) -> dict[str, Any]:
    """The given distributions a student may see: those not derived from the others."""
    from pathlib import Path

    from symgen.catalogue.problems import read_file

    derived = {
        g.name for g in read_file(Path(problem.source_file)).given if g.kind in DERIVED_KINDS
    }
    return {name: dist for name, dist in problem.given.items() if name not in derived}


def given_latex(name: str, dist: Any) -> str:
    """``name: table`` of one given distribution (a size line for a large one)."""
    from symgen.notation.tex import escape_latex, latex_of

    label = rf"\mathrm{{{escape_latex(name)}}}:\ "
    cells = dist.cells()
    if len(cells) <= MAX_TABLE_CELLS:
        return label + latex_of(dist)
    names = ", ".join(escape_latex(v) for v in dist.variables)
    return label + rf"\text{{{len(cells)} cells over ({names})}}"


def find_ask(problem_id: str, ask_id: str) -> tuple[Any, Any]:
    """(problem, ask); UnknownIdentity naming close ids for a wrong one."""
    from symgen.catalogue.problems import load_catalogue

    problem = load_catalogue().get(problem_id)
    return problem, problem.ask(ask_id or None)


def preview_latex(ask: Any, text: str) -> str:
    """LaTeX of the answer as the checker reads it; ParseError/InputTooLarge if unreadable."""
    from symgen.notation.latex import to_latex
    from symgen.parsing.parser import parse

    if not text.strip():
        return ""
    latex = to_latex(parse(text, symbols=ask.symbols))
    if len(latex) > MAX_PREVIEW_LATEX:
        raise ParseError(f"the answer is too long to show ({len(latex)} characters of LaTeX)")
    return latex


def check(ask: Any, lang: str, result: Any) -> Outcome:
    """The record of a checked answer (``result`` is check_answer's Verdict), no solution yet."""
    from symgen.notation.latex import to_latex

    read = ""
    if result.expr is not None and not ask.is_boolean:  # a yes/no answer is read off a menu
        read = to_latex(result.expr)
        read = read if len(read) <= MAX_PREVIEW_LATEX else ""
    hints = ask.hints_ko if lang == "ko" else ask.hints_en
    invalid = result.reason in INVALID_REASONS
    return Outcome(
        correct=bool(result.correct),
        invalid=invalid,
        reason=result.reason,
        feedback=result.feedback_in(lang),
        read_latex=read,
        hint=str(hints[0]) if hints and not result.correct else "",
        part=None,
    )


def solution_part(problem: Any, ask: Any, lang: str) -> Part:
    """The worked solution of ``ask`` as the sheet prints it, with the library derivation of an
    identity ask and the verdict of a claim ask."""
    from symgen.sheet.blocks import solution_block

    index = [a.id for a in problem.asks].index(ask.id)
    part = solution_block(problem, lang).parts[index]
    math = str(part.math)
    if part.display:
        math = r"\begin{aligned}" + math + r"\end{aligned}"
    derivation = claim = None
    if ask.kind == "identity":
        from symgen.catalogue.library import prove

        derivation = derivation_view(prove(str(ask.args["name"])), lang)
    elif ask.kind == "claim":
        claim = claim_result(str(ask.args["claim"]), lang)
    return Part(part.label, math, part.display, str(part.check), derivation, claim)


# ---------------------------------------------------------------- derivations and claims


def derivation_view(derivation: Any, lang: str) -> Derivation:
    """A library derivation: each step with its rule's justification and its verdict."""
    from symgen.notation.tex import latex_of
    from symgen.proof.derivation import RELATIONS, status_name
    from symgen.proof.rules import get_rule

    d = derivation

    def step(item: Any, verdict: Any) -> Step:
        status = status_name(verdict)
        note = item.note_in(lang)
        why = get_rule(item.rule).justification(lang) + (f" ({note})" if note else "")
        word = words(lang).get(status.lower(), status.lower())
        expr = latex_of(item.expr, as_written=True)
        return Step(RELATIONS[item.relation], expr, why, word, status != "REFUTED")

    start = d.start_label or latex_of(d.start, as_written=True)
    return Derivation(
        title=d.title_ko if lang == "ko" else d.title_en,
        statement=d.claim,
        start=str(start),
        steps=tuple(step(s, v) for s, v in zip(d.steps, d.verdicts, strict=True)),
        holds=bool(d.holds),
        reason=d.reason,
        facts=tuple(
            (str(latex_of(lhs, as_written=True)), step(s, v))
            for (lhs, s), v in zip(d.facts, d.fact_verdicts, strict=True)
        ),
    )


def prove_text(text: str, lang: str, *, budget: float | None) -> ProveResult:
    """An identity name, a chain (several lines) or one claim, checked by the engine."""
    from symgen.catalogue.library import identity_names, prove

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ParseError("type a claim, a chain of steps, or pick an identity")
    if len(lines) == 1 and lines[0] in identity_names():
        view = derivation_view(prove(lines[0]), lang)
        return ProveResult("identity", view.holds, view.statement, view.reason, derivation=view)
    if len(lines) > 1:
        return chain_result(lines, lang, budget=budget)
    return claim_result(lines[0], lang, budget=budget)


def claim_result(text: str, lang: str, *, budget: float | None = None) -> ProveResult:
    """verify_claim: holds or not, the correction and the counterexample."""
    from symgen.proof.claims import DEFAULT_BUDGET, verify_claim

    limit = DEFAULT_BUDGET if budget is None else budget
    verdict = verify_claim(text, budget=limit, steps=True)
    cx = verdict.counterexample
    found = verdict.derivation  # a chain of rules found by the step search (proved equalities)
    inequality = verdict.inequality  # (difference, name en, name ko) of a proved inequality
    named = ""
    if inequality is not None:
        named = f"{inequality[2] if lang == 'ko' else inequality[1]}: {inequality[0]}"
    return ProveResult(
        kind="claim",
        holds=verdict.holds,
        claim_latex=_claim_latex(verdict.claim),
        reason=verdict.reason,
        explanation=verdict.explanation_ko if lang == "ko" else verdict.explanation_en,
        correction=_claim_latex(verdict.correction) if verdict.correction else "",
        counterexample=tuple(cx.describe().splitlines()) if cx is not None else (),
        derivation=None if found is None else _untitled(derivation_view(found, lang)),
        inequality=named,
    )


def _untitled(view: Derivation) -> Derivation:
    """A searched derivation under its claim: the claim is already shown above it."""
    return replace(view, title="", statement="")


def _claim_latex(text: str) -> str:
    """LaTeX of a claim as parsed; the plain text in \\text{} if it does not parse alone."""
    from symgen.notation.latex import to_latex
    from symgen.notation.tex import escape_latex
    from symgen.parsing.parser import parse_relation

    ops = {"=": "=", ">=": r"\ge", "<=": r"\le", ">": ">", "<": "<", "!=": r"\ne"}
    try:
        lhs, op, rhs = parse_relation(text)
    except SymgenError:
        return rf"\text{{{escape_latex(text)}}}"
    return f"{to_latex(lhs)} {ops.get(op, op)} {to_latex(rhs)}"


def chain_result(lines: list[str], lang: str, *, budget: float | None) -> ProveResult:
    """check_steps on a typed chain: every link's verdict, the first wrong one, a hint."""
    from symgen.notation.latex import to_latex
    from symgen.parsing.parser import parse
    from symgen.proof.claims import DEFAULT_BUDGET, check_steps

    if len(lines) > MAX_CHAIN_LINES:
        raise ParseError(f"{len(lines)} lines (max {MAX_CHAIN_LINES})")
    verdict = check_steps(lines, budget=DEFAULT_BUDGET if budget is None else budget)
    ops = {"=": "=", ">=": r"\ge", "<=": r"\le", ">": ">", "<": "<"}
    label = words(lang)
    exprs = [to_latex(parse(_LEAD.sub("", line, count=1))) for line in lines]
    steps = tuple(
        Step(ops.get(op, op), latex, v.reason, label.get(v.status.name.lower(), ""), v.ok)
        for op, latex, v in zip(verdict.relations, exprs[1:], verdict.verdicts, strict=True)
    )
    cx = verdict.counterexample
    view = Derivation("", "", exprs[0], steps, verdict.ok, "")
    return ProveResult(
        kind="chain",
        holds=verdict.ok,
        derivation=view,
        first_wrong=verdict.first_wrong,
        hint=(verdict.hint_ko if lang == "ko" else verdict.hint) or "",
        counterexample=tuple(cx.describe().splitlines()) if cx is not None else (),
    )
