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
        lines.append(f"        [{step.rule}] {why} -> {status_name(v).lower()}")
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


def _claim(text: str, lang: str, *, latex: bool, as_json: bool) -> int:
    from symgen.proof.claims import verify_claim

    verdict = verify_claim(text)
    if as_json:
        record = {"kind": "claim", "steps": [], **verdict.to_dict()}
        print(json.dumps(record, ensure_ascii=False))
    elif latex:
        print(claim_latex(verdict, lang))
    else:
        print(format_claim(verdict, lang))
    return EXIT_HOLDS if verdict.holds else EXIT_FAILS


def _claim_head(holds: bool | None) -> str:
    """An undecided claim (numeric evidence only for an inequality) is "not proved", not false."""
    return "holds" if holds else ("not proved" if holds is None else "does not hold")


def format_claim(verdict: Any, lang: str = "en") -> str:
    """Plain text: holds or not, how we know, the counterexample and the correction."""
    head = _claim_head(verdict.holds).upper() if not verdict.holds else "holds"
    lines = [f"claim: {verdict.claim}", f"{head} ({verdict.certificate or 'refuted'})"]
    lines.append(f"reason: {verdict.reason}")
    explanation = verdict.explanation_ko if lang == "ko" else verdict.explanation_en
    if explanation:
        lines.append(explanation)
    if verdict.correction:
        lines.append(f"correct statement: {verdict.correction}")
    if verdict.counterexample is not None:
        lines.append("counterexample:")
        lines.extend(f"  {line}" for line in verdict.counterexample.describe().splitlines())
    return "\n".join(lines)


def claim_latex(verdict: Any, lang: str = "en") -> str:
    """A small LaTeX paragraph for a claim verdict (the text is escaped, never trusted)."""
    from symgen.notation.tex import escape_latex

    head = _claim_head(verdict.holds)
    parts = [rf"\paragraph{{Claim}} \texttt{{{escape_latex(verdict.claim)}}} {head}."]
    parts.append(str(escape_latex(verdict.reason)))
    if verdict.correction:
        parts.append(rf"Correct statement: \texttt{{{escape_latex(verdict.correction)}}}.")
    return "\n\n".join(parts) + "\n"
