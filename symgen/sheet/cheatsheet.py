"""The cheat sheet: every topic of the notes as "term - definition - formula", two columns.

Nothing here is typed twice. The term is the sheet's subsection title, the definition the
first sentence of the sheet's prose for that topic, the formulas the rule statements of
:mod:`symgen.proof.rules` and the claims of the library identities of the topic (only those
whose derivation holds), and the notes' errata come from the same records as the full sheet's
red boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from symgen.errors import RenderError, SymgenError
from symgen.notation.tex import Latex
from symgen.sheet.prose import LABELS, localise_claim, text
from symgen.sheet.templating import render_template

__all__ = ["CHEAT_RULES", "CheatEntry", "CheatSheet", "build_cheatsheet", "write_cheatsheet"]

# Topic -> the rules whose statements define it (ids into symgen.proof.rules.RULES).
CHEAT_RULES: dict[str, tuple[str, ...]] = {
    "ml_basics": ("argmin_of_monotone",),
    "pmf": ("def_pmf",),
    "joint": ("def_joint",),
    "marginal": ("marginalisation", "total_probability"),
    "conditional": ("def_conditional", "product_rule"),
    "chain_rule": ("chain_rule",),
    "independence": ("independence_factorises",),
    "conditional_independence": ("conditional_independence",),
    "expectation": ("def_expectation", "linearity_of_expectation"),
    "variance": ("def_variance",),
    "covariance": ("def_covariance",),
    "bayes": ("bayes",),
    "self_information": ("def_self_information",),
    "entropy": ("def_entropy",),
    "kl": ("def_kl", "gibbs_inequality"),
    "cross_entropy": ("def_cross_entropy",),
    "kl_cross_entropy": ("argmin_drop_constant",),
    "mle": ("iid_factorisation", "argmin_of_monotone"),
    "map": ("def_posterior",),
    "autoencoder": ("composition",),
    "elbo": ("def_elbo",),
    "gan": ("gan_value", "def_jsd"),
    "vae": ("def_gaussian",),
}
# Identities whose claim is a formula a student should have on the sheet, by topic.
_SKIP_IDENTITIES = frozenset({"die_coin_joint_marginal_conditional", "pmf_axioms"})


@dataclass(frozen=True)
class CheatEntry:
    """One topic: term, one-sentence definition, formulas, and an erratum if the notes err."""

    term: str
    definition: str
    formulas: tuple[Latex, ...]
    erratum: tuple[Latex, Latex] | None = None  # (what the notes write, what is true)


@dataclass(frozen=True)
class CheatSheet:
    """The cheat sheet in one language: sections of entries."""

    lang: str
    title: str
    intro: str
    sections: tuple[tuple[str, tuple[CheatEntry, ...]], ...]
    labels: dict[str, str]


def first_sentence(paragraph: str) -> str:
    """The first sentence of a prose paragraph (Korean or English).

    >>> first_sentence("Entropy is the expected surprise. It is measured in bits.")
    'Entropy is the expected surprise.'
    """
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z가-힣])", paragraph.strip(), maxsplit=1)
    return parts[0]


LONG = 70  # characters of LaTeX beyond which a formula is broken at its connecting words


def broken(formula: str) -> Latex:
    r"""A long formula as gather lines, broken before connecting words and after ``,\\quad``.

    >>> print(broken(r"a = b, \quad c = d"))
    a = b, \quad c = d
    """
    if len(formula) <= LONG:
        return Latex(formula)
    out = re.sub(r",\s*\\quad\s*", r", \\\\ ", formula)
    out = re.sub(r"\s*(\\text\{[, ]|\\ \\Rightarrow)", r" \\\\ \1", out)
    if "\\\\" not in out and out.count(" = ") == 1 and len(out) > LONG * 1.5:
        out = out.replace(" = ", r" \\ = ")
    return Latex(out)


def _rule_formulas(topic: str) -> list[Latex]:
    from symgen.proof.rules import get_rule

    return [broken(get_rule(rule).statement) for rule in CHEAT_RULES.get(topic, ())]


def _identity_formulas(names: list[str], lang: str) -> list[Latex]:
    from symgen.catalogue import library

    out = []
    for name in names:
        if name in _SKIP_IDENTITIES:
            continue
        try:
            derivation = library.prove(name)
        except SymgenError as exc:
            raise RenderError(f"identity {name!r} could not be loaded: {exc}") from exc
        if derivation.holds and derivation.claim not in out:
            out.append(broken(localise_claim(derivation.claim, lang)))
    return out


def _erratum(topic: str, lang: str) -> tuple[Latex, Latex] | None:
    from symgen.sheet.content import cross_entropy_erratum, mle_erratum

    record = {"kl_cross_entropy": cross_entropy_erratum, "mle": mle_erratum}.get(topic)
    if record is None:
        return None
    erratum = record(lang)
    return broken(erratum.wrong), broken(erratum.right[-1])


def _entry(topic: str, lang: str, identities: dict[str, list[str]]) -> CheatEntry:
    formulas = _rule_formulas(topic)
    for claim in _identity_formulas(identities.get(topic, []), lang):
        if claim not in formulas:
            formulas.append(claim)
    definition = first_sentence(text(f"{topic}_body", lang))
    return CheatEntry(text(topic, lang), definition, tuple(formulas), _erratum(topic, lang))


def build_cheatsheet(lang: str = "ko") -> CheatSheet:
    """The cheat sheet: the full sheet's sections and topics, one entry per topic."""
    from symgen.sheet.assemble import SECTIONS, library_by_topic

    identities = library_by_topic()
    sections = tuple(
        (text(title, lang), tuple(_entry(t, lang, identities) for t in topics if t != "vae_gan"))
        for title, topics in SECTIONS.values()
    )
    return CheatSheet(
        lang, text("cheat_title", lang), text("cheat_intro", lang), sections, LABELS[lang]
    )


def cheatsheet_path(out_dir: Path, lang: str) -> Path:
    """``OUT/symgen-cheatsheet-LANG.tex``."""
    return out_dir / f"symgen-cheatsheet-{lang}.tex"


def write_cheatsheet(out_dir: Path, *, lang: str = "ko") -> Path:
    """Write the cheat sheet's .tex and return its path."""
    tex = render_template("cheatsheet.tex.j2", sheet=build_cheatsheet(lang))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = cheatsheet_path(out_dir, lang)
    path.write_text(tex, encoding="utf-8")
    return path
