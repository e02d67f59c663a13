"""A verified derivation as a textbook prints it: one chain, labelled only where a reason helps.

Following Cover & Thomas, a step whose move is not plain algebra gets a letter over its
relation (``\\overset{(a)}{=}``) and one line under the chain says what each letter stands
for, in the sheet's language (the rule's sentence, plus the step's own note). Plain algebra
and evaluation stay unlabelled; a step that prints the same line as the one before is
dropped, and of a run of plain steps only the last is shown. Side results that repeat the
same line (``1/6 >= 0`` for six faces) are printed once. Rule ids survive only as LaTeX
comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from symgen.notation.tex import Latex, latex_of
from symgen.sheet.mathtext import prose_tex

__all__ = ["ChainRow", "Reason", "plain_rule", "reason_rows"]

# Moves a reader follows without being told.
PLAIN_RULES = frozenset({"algebra", "evaluate"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ChainRow:
    """One row of an ``align*``: left side (facts only), relation, expression, rule id."""

    lhs: Latex
    relation: Latex
    expr: Latex
    rule: Latex  # printed only as a LaTeX comment


@dataclass(frozen=True)
class Reason:
    """What a letter over a relation stands for."""

    label: str
    text: Latex


@dataclass(frozen=True)
class _Step:
    lhs: Latex
    relation: str
    expr: Latex
    rule: str
    reason: str
    status: str


def plain_rule(rule: str) -> bool:
    """True for the moves that need no label (algebra, exact evaluation)."""
    return rule in PLAIN_RULES


def _reason_text(step: Any, lang: str, names: dict[str, str]) -> str:
    from symgen.proof.rules import get_rule

    sentence = get_rule(step.rule).justification(lang).strip()
    note = step.note_ko if lang == "ko" else step.note
    note = tidy_note(note, names)
    if plain_rule(step.rule):
        return note
    if note and note not in sentence:
        sentence = f"{sentence.rstrip('.')}: {note}"
    return sentence


def tidy_note(note: str, names: dict[str, str]) -> str:
    """A data note for print: identity ids become their titles, code names become words."""
    note = " ".join(str(note).split())
    if note in names:
        return names[note]
    note = re.sub(r"\s*\(([a-z]+(?:_[a-z0-9]+)+)\)", lambda m: _cited(m.group(1), names, " "), note)
    note = re.sub(r"\b([a-z]+(?:_[a-z0-9]+)+)\b", lambda m: _cited(m.group(1), names, ""), note)
    note = _without_code(note)
    note = re.sub(r"\bsympy\.[a-z_]+", "SymPy", note)
    return re.sub(r"\bsymgen\.[a-z_]+", "symgen", note)


def _without_code(note: str) -> str:
    """Drop parenthesised Python calls such as ``(independent(die('x'), coin('y')))``."""
    out, depth, start = [], 0, 0
    keep_from = 0
    for k, ch in enumerate(note):
        if ch == "(":
            if depth == 0:
                start = k
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and re.search(r"\w\('|\w\(\w+\(", note[start + 1 : k]):
                out.append(note[keep_from:start].rstrip())
                keep_from = k + 1
    out.append(note[keep_from:])
    return "".join(out)


def _cited(name: str, names: dict[str, str], space: str) -> str:
    """An identity id as its title in parentheses; a rule id is dropped, its move is shown."""
    from symgen.proof.rules import RULES

    if name in names:
        return f"{space}({names[name]})"
    if name in RULES:
        return ""
    return f"{space}({name})" if space else name


def _status(verdict: Any) -> str:
    from symgen.proof.derivation import status_name

    return status_name(verdict)


def _steps(pairs: Iterable[tuple[Any, Any, Latex]], lang: str, names: dict[str, str]) -> list:
    from symgen.proof.derivation import RELATIONS

    return [
        _Step(
            lhs,
            RELATIONS[step.relation],
            wrapped(latex_of(step.expr, as_written=True)),
            step.rule,
            _reason_text(step, lang, names),
            _status(verdict),
        )
        for step, verdict, lhs in pairs
    ]


def _merged(steps: list[_Step]) -> list[_Step]:
    """Drop a row equal to the one before, and plain rows followed by another plain row."""
    kept: list[_Step] = []
    for i, step in enumerate(steps):
        if kept and step.expr == kept[-1].expr and step.relation == kept[-1].relation:
            continue
        following = steps[i + 1] if i + 1 < len(steps) else None
        if (
            following is not None
            and _unlabelled(step)
            and _unlabelled(following)
            and step.relation == "="
            and step.status == "PROVED"
        ):
            continue
        kept.append(step)
    return kept


def _unlabelled(step: _Step) -> bool:
    return not step.reason and step.status == "PROVED"


def _deduplicated(facts: list[_Step], lang: str) -> list[_Step]:
    """One row per distinct fact line; a repeated one says how many cases it covers."""
    counts: dict[tuple[str, str, str], int] = {}
    for fact in facts:
        key = (fact.lhs, fact.relation, fact.expr)
        counts[key] = counts.get(key, 0) + 1
    out: list[_Step] = []
    seen: set[tuple[str, str, str]] = set()
    for fact in facts:
        key = (fact.lhs, fact.relation, fact.expr)
        if key in seen:
            continue
        seen.add(key)
        n = counts[key]
        if n > 1:
            cases = f"{n}개 경우 모두" if lang == "ko" else f"all {n} cases"
            reason = f"{fact.reason.rstrip('.')} ({cases})" if fact.reason else cases
            fact = _Step(fact.lhs, fact.relation, fact.expr, fact.rule, reason, fact.status)
        out.append(fact)
    return out


def _rows(
    steps: list[_Step], letters: dict[str, str], numeric: str
) -> tuple[list[ChainRow], dict[str, str]]:
    rows = []
    for step in steps:
        reason = step.reason
        if step.status != "PROVED":
            reason = f"{reason.rstrip('.')}; {numeric}" if reason else numeric
        relation = step.relation
        if reason:
            letter = letters.setdefault(reason, _LETTERS[len(letters) % len(_LETTERS)])
            relation = rf"\overset{{({letter})}}{{{relation}}}"
        rows.append(ChainRow(step.lhs, Latex(relation), step.expr, _rule_comment(step.rule)))
    return rows, letters


ROW_WIDTH = 100  # characters of LaTeX in one row of a chain before it is broken


def _top_level_signs(tex: str) -> list[int]:
    """Positions of " + " and " - " outside every brace and \\left...\\right pair."""
    depth, cuts = 0, []
    for k, ch in enumerate(tex):
        if tex.startswith(r"\left", k):
            depth += 1
        elif tex.startswith(r"\right", k):
            depth -= 1
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and tex.startswith((" + ", " - "), k) and k:
            cuts.append(k)
    return cuts


def wrapped(tex: str, width: int = ROW_WIDTH) -> Latex:
    """A long sum broken at its top-level signs into continuation rows (``& \\qquad``)."""
    if len(tex) <= width or "\\\\" in tex:
        return Latex(tex)
    lines, start, last = [], 0, 0
    for cut in [*_top_level_signs(tex), len(tex)]:
        if cut - start > width and last > start:
            lines.append(tex[start:last].strip())
            start = last
        last = cut
    lines.append(tex[start:].strip())
    return Latex(r" \\ & \qquad ".join(lines))


def _rule_comment(rule: str) -> Latex:
    return Latex(re.sub(r"[^a-z0-9_]", "", rule))


def reason_rows(
    derivation: Any, lang: str, names: dict[str, str], numeric: str
) -> tuple[tuple[ChainRow, ...], tuple[ChainRow, ...], tuple[Reason, ...]]:
    """Chain rows, side-result rows and the reasons their letters stand for."""
    d = derivation
    chain = _merged(
        _steps(((s, v, Latex("")) for s, v in zip(d.steps, d.verdicts, strict=True)), lang, names)
    )
    facts = _deduplicated(
        _steps(
            (
                (s, v, latex_of(lhs, as_written=True))
                for (lhs, s), v in zip(d.facts, d.fact_verdicts, strict=True)
            ),
            lang,
            names,
        ),
        lang,
    )
    letters: dict[str, str] = {}
    rows, letters = _rows(chain, letters, numeric)
    fact_rows, letters = _rows(facts, letters, numeric)
    reasons = tuple(Reason(f"({letter})", prose_tex(text)) for text, letter in letters.items())
    return tuple(rows), tuple(fact_rows), reasons


def start_row(derivation: Any) -> ChainRow:
    """The first row of the chain: the start expression (or its label)."""
    d = derivation
    start = Latex(d.start_label) if d.start_label else latex_of(d.start, as_written=True)
    return ChainRow(Latex(""), Latex(""), start, Latex(""))


def identity_titles(lang: str) -> dict[str, str]:
    """Identity id -> its title in ``lang`` (for notes that cite another identity)."""
    from symgen.catalogue import library

    return {info.id: info.title(lang) for info in library.identities()}
