"""``symgen prove NAME|"CLAIM" [--lang ko|en] [--latex] [--json]``.

NAME (a snake_case id from ``symgen list``) prints the library derivation: numbered steps, each
with its rule and verdict. Anything else is read as a claim (``"H(P,Q) = D_KL(P||Q)"``) and
checked by ``symgen.proof.claims.verify_claim``. Exit code 0 when it holds, 1 when it does not,
2 for invalid input or an unknown name (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from symgen.errors import SymgenError

EXIT_HOLDS, EXIT_FAILS, EXIT_INVALID = 0, 1, 2
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def run(args: argparse.Namespace) -> int:
    """Prove a library identity or verify a claim; return the exit code."""
    target = str(args.target).strip()
    lang = getattr(args, "lang", "en")
    try:
        if _NAME.match(target) and not _is_named_claim(target):
            return _identity(target, lang, latex=args.latex, as_json=args.json)
        return _claim(target, lang, latex=args.latex, as_json=args.json)
    except SymgenError as exc:
        print(f"symgen: error: {exc}", file=sys.stderr)
        return EXIT_INVALID


def is_identity_name(target: str) -> bool:
    """True when ``target`` is spelt like a library id (snake_case), not a claim.

    >>> is_identity_name("bayes_rule"), is_identity_name("P(a|b) = P(b|a)")
    (True, False)
    """
    return bool(_NAME.match(target.strip()))


def _is_named_claim(name: str) -> bool:
    """True for a named claim of symgen.proof (e.g. a known misconception) not in the library."""
    from symgen.catalogue.library import identity_names

    if name in identity_names():
        return False
    try:
        from symgen.proof.claims import NAMED_CLAIMS
    except ImportError:
        return False
    return name in NAMED_CLAIMS


# ---------------------------------------------------------------- identities


def _identity(name: str, lang: str, *, latex: bool, as_json: bool) -> int:
    from symgen.catalogue.library import prove
    from symgen.sheet.blocks import render_derivation

    derivation = prove(name)
    if as_json:
        print(json.dumps(derivation.to_dict(lang), ensure_ascii=False))
    elif latex:
        print(render_derivation(derivation, lang))
    else:
        print(format_derivation(derivation, lang))
    return EXIT_HOLDS if derivation.holds else EXIT_FAILS


_WORDS = {
    "en": {
        "claim": "claim",
        "note": "note",
        "facts": "facts",
        "holds": "holds",
        "fails": "DOES NOT HOLD",
    },
    "ko": {
        "claim": "명제",
        "note": "참고",
        "facts": "보조 사실",
        "holds": "성립",
        "fails": "성립하지 않음",
    },
}


def format_derivation(derivation: Any, lang: str = "en") -> str:
    """Plain text: title, claim, numbered steps with rule and verdict, facts, conclusion."""
    from symgen.proof.derivation import RELATIONS, plain_text, status_name
    from symgen.proof.rules import get_rule

    ko = lang == "ko"
    title = derivation.title_ko if ko else derivation.title_en
    note = derivation.note_ko if ko else derivation.note_en
    words = _WORDS["ko" if ko else "en"]
    lines = [f"{derivation.name}: {title}", f"{words['claim']}: {plain_text(derivation.claim)}"]
    if note:
        lines.append(f"{words['note']}: {note}")
    lines.append(f"  0.   {derivation.start}")
    for i, (step, v) in enumerate(zip(derivation.steps, derivation.verdicts, strict=True), 1):
        rel = _text_relation(RELATIONS[step.relation])
        why = get_rule(step.rule).justification(lang)
        lines.append(f"  {i}. {rel} {step.expr}")
        lines.append(f"        {why} ({status_name(v).lower()})")
    if derivation.facts:
        lines.append(f"{words['facts']}:")
        for (lhs, step), v in zip(derivation.facts, derivation.fact_verdicts, strict=True):
            rel = _text_relation(RELATIONS[step.relation])
            lines.append(f"  - {lhs} {rel} {step.expr}  [{step.rule}] -> {status_name(v).lower()}")
    verdict = words["holds"] if derivation.holds else words["fails"]
    lines.append(f"{verdict}: {derivation.reason}")
    return "\n".join(lines)


def _text_relation(latex_rel: str) -> str:
    return {r"\le": "<=", r"\ge": ">=", r"\ne": "!="}.get(latex_rel, latex_rel)


# ---------------------------------------------------------------- claims

DERIVE_TIMEOUT = 5.0  # seconds for the step search on a true claim


def _claim(text: str, lang: str, *, latex: bool, as_json: bool) -> int:
    from symgen.proof.claims import verify_claim

    verdict = verify_claim(text)
    derivation = claim_derivation(text) if verdict.holds else None
    if as_json:
        print(json.dumps(claim_record(verdict, derivation), ensure_ascii=False))
    elif latex:
        print(claim_latex(verdict, lang, derivation))
    else:
        print(format_claim(verdict, lang, derivation))
    return EXIT_HOLDS if verdict.holds else EXIT_FAILS


def claim_derivation(text: str, *, timeout: float = DERIVE_TIMEOUT) -> Any:
    """The proof of a true claim: a library identity's, when it states the same, else a search.

    Equalities are searched from both sides; inequalities by rewriting the gap into a
    quantity known to be non-negative. None when the claim cannot be read or no chain is
    found in time.
    """
    from symgen.parsing.parser import parse_claim
    from symgen.proof.search_claim import derive_claim

    try:
        claim = parse_claim(text)
    except SymgenError:
        return None
    lhs, op, rhs = claim.lhs, claim.op, claim.rhs
    assumes = tuple(claim.assumptions)
    found = library_match(lhs, op, rhs)
    if found is not None:
        return found
    return derive_claim(lhs, op, rhs, timeout=timeout, assumes=assumes)


_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "=": "="}


def library_match(lhs: Any, op: str, rhs: Any) -> Any:
    """The library derivation that proves ``lhs op rhs`` (either way round), or None.

    Sides are compared as lines written differently at most, with logs split.
    """
    from symgen.catalogue.library import identity_names, prove

    for name in identity_names():
        d = prove(name)
        if d.models:
            continue
        if (d.relation == op and _same(d.start, lhs) and _same(d.end, rhs)) or (
            d.relation == _FLIPPED[op] and _same(d.start, rhs) and _same(d.end, lhs)
        ):
            return d
    return None


def _same(a: Any, b: Any) -> bool:
    import sympy as sp

    from symgen.proof.rewrite_check import same_line

    if same_line(a, b):
        return True
    return bool(same_line(sp.expand_log(a, force=True), sp.expand_log(b, force=True)))


def step_records(derivation: Any) -> list[dict[str, Any]]:
    """Per step: the line (text and LaTeX), its rule, both justifications, rule_applied."""
    from symgen.proof.rules import get_rule

    records = []
    for step, applied in zip(derivation.steps, derivation.rules_applied, strict=True):
        rule = get_rule(step.rule)
        records.append(
            {
                "expression": str(step.expr),
                "latex": sp_latex(step.expr),
                "relation": step.relation,
                "rule": step.rule,
                "justification_en": rule.en,
                "justification_ko": rule.ko,
                "rule_applied": applied,
            }
        )
    return records


def sp_latex(expr: Any) -> str:
    """LaTeX of a line, in the order it is written (the sheet's printer: 1 - p, log x)."""
    from symgen.notation.latex import to_latex

    return to_latex(expr, as_written=True)


def verdict_word(holds: bool | None) -> str:
    """ "holds", "refuted" or "not proved" (an inequality with numeric evidence only)."""
    return "holds" if holds else ("not proved" if holds is None else "refuted")


def claim_record(verdict: Any, derivation: Any = None) -> dict[str, Any]:
    """The JSON object of ``prove --json`` for a claim (old keys kept: holds, steps, reason)."""
    record = {"kind": "claim", **verdict.to_dict()}
    record["verdict"] = verdict_word(verdict.holds)
    record["steps"] = [] if derivation is None else step_records(derivation)
    record["start"] = None if derivation is None else str(derivation.start)
    record["identity"] = (
        None if derivation is None or derivation.name == "derived" else derivation.name
    )
    return record


def _claim_head(holds: bool | None) -> str:
    """An undecided claim (numeric evidence only for an inequality) is "not proved", not false."""
    return "holds" if holds else ("not proved" if holds is None else "does not hold")


def numbered_steps(derivation: Any, lang: str = "en") -> list[str]:
    """``0. start``, then each line with its number and, below it, the rule's sentence."""
    from symgen.proof.derivation import RELATIONS
    from symgen.proof.rules import get_rule

    lines = [f"  0.   {derivation.start}"]
    for i, step in enumerate(derivation.steps, start=1):
        rel = _text_relation(RELATIONS[step.relation])
        lines.append(f"  {i}. {rel} {step.expr}")
        lines.append(f"        {get_rule(step.rule).justification(lang)}")
    return lines


_CLAIM_WORDS = {
    "en": {
        "proof": "proof",
        "library": "library identity",
        "reason": "reason",
        "fix": "correct statement",
        "cx": "counterexample",
    },
    "ko": {
        "proof": "증명",
        "library": "라이브러리 항등식",
        "reason": "근거",
        "fix": "올바른 명제",
        "cx": "반례",
    },
}


def format_claim(verdict: Any, lang: str = "en", derivation: Any = None) -> str:
    """Plain text: holds or not, the numbered derivation, the counterexample and correction."""
    words = _CLAIM_WORDS["ko" if lang == "ko" else "en"]
    head = _claim_head(verdict.holds).upper() if not verdict.holds else "holds"
    lines = [f"claim: {verdict.claim}", f"{head} ({verdict.certificate or 'refuted'})"]
    if derivation is not None:
        named = derivation.name != "derived"
        label = f" ({words['library']}: {derivation.name})" if named else ""
        lines.append(f"{words['proof']}{label}:")
        lines.extend(numbered_steps(derivation, lang))
    lines.append(f"{words['reason']}: {verdict.reason}")
    explanation = verdict.explanation_ko if lang == "ko" else verdict.explanation_en
    if explanation:
        lines.append(explanation)
    if verdict.correction:
        lines.append(f"{words['fix']}: {verdict.correction}")
    if verdict.counterexample is not None:
        lines.append(f"{words['cx']}:")
        lines.extend(f"  {line}" for line in verdict.counterexample.describe().splitlines())
    return "\n".join(lines)


def claim_latex(verdict: Any, lang: str = "en", derivation: Any = None) -> str:
    """LaTeX for a claim: the verdict, an align* derivation, the counterexample (all escaped)."""
    from symgen.notation.tex import escape_latex

    head = _claim_head(verdict.holds)
    parts = [rf"\paragraph{{Claim}} \texttt{{{escape_latex(verdict.claim)}}} {head}."]
    if derivation is not None:
        parts.append(align_block(derivation, lang))
    parts.append(str(escape_latex(verdict.reason)))
    if verdict.correction:
        parts.append(rf"Correct statement: \texttt{{{escape_latex(verdict.correction)}}}.")
    if verdict.counterexample is not None:
        rows = [
            rf"\texttt{{{escape_latex(row)}}}"
            for row in verdict.counterexample.describe().splitlines()
        ]
        parts.append(r"\noindent Counterexample:\\" + "\n" + "\\\\\n".join(rows))
    return "\n\n".join(parts) + "\n"


def align_block(derivation: Any, lang: str = "en") -> str:
    """An ``align*`` block: one line per step, its justification as text on the right."""
    from symgen.notation.tex import escape_latex
    from symgen.proof.derivation import RELATIONS
    from symgen.proof.rules import get_rule

    lines = [r"\begin{align*}", rf"  & {sp_latex(derivation.start)} \\"]
    for step in derivation.steps:
        why = escape_latex(get_rule(step.rule).justification(lang))
        rel = RELATIONS[step.relation]
        lines.append(rf"  {rel}\ & {sp_latex(step.expr)} && \text{{{why}}} \\")
    lines.append(r"\end{align*}")
    return "\n".join(lines)
