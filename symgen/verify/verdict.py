"""Verdict records: the status of a link, counterexamples, claim and step-chain verdicts."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symgen.verify.models import Model

__all__ = ["RELATIONS", "ClaimVerdict", "Counterexample", "LinkVerdict", "Status", "StepsVerdict"]
RELATIONS = ("=", ">=", "<=", ">", "<")


class Status(enum.Enum):
    """Verdict of one link."""

    PROVED = "proved"
    NUMERIC_ONLY = "numeric_only"
    REFUTED = "refuted"
    UNDECIDED = "undecided"  # the time ran out before any verdict


@dataclass(frozen=True)
class Counterexample:
    """A model on which a link fails, with both sides exactly and to 20 digits."""

    model: Model
    lhs: sp.Expr
    rhs: sp.Expr
    lhs_value: str
    rhs_value: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact values as text)."""
        return {
            "model": self.model.to_dict(),
            "lhs": str(self.lhs),
            "rhs": str(self.rhs),
            "lhs_value": self.lhs_value,
            "rhs_value": self.rhs_value,
        }

    def describe(self) -> str:
        """Human text: the model, then both sides."""
        return (
            f"{self.model.describe()}\nleft side = {self.lhs_value}\nright side = {self.rhs_value}"
        )


@dataclass(frozen=True)
class LinkVerdict:
    """Status, the reason in one line, and the counterexample when refuted."""

    status: Status
    reason: str
    counterexample: Counterexample | None = None
    relation: str = "="
    trials: int = 0
    symbolic: bool = False
    notes: tuple[str, ...] = field(default=())
    witness: Any = None  # verify._bounds.Witness: the named quantity an inequality's gap equals

    @property
    def ok(self) -> bool:
        """True unless refuted."""
        return self.status is not Status.REFUTED

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": self.status.name,
            "reason": self.reason,
            "relation": self.relation,
            "trials": self.trials,
            "symbolic": self.symbolic,
            "notes": list(self.notes),
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.to_dict(),
        }


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class ClaimVerdict:
    """Whether a claim holds, how we know, and what is wrong with it if it does not."""

    claim: str
    holds: bool | None  # None: an inequality with numeric evidence only (not proved)
    status: Status
    reason: str
    certificate: str = ""  # "symbolic" (normal forms agree, numerics agree) or "numeric"
    counterexample: Counterexample | None = None
    correction: str | None = None
    mistake: str | None = None  # id of a recognised mistake
    explanation_en: str = ""
    explanation_ko: str = ""
    link: LinkVerdict | None = None
    notes: tuple[str, ...] = ()
    derivation: Any = None  # a proof.derivation.Derivation found by the step search
    inequality: tuple[str, str, str] | None = None  # (difference, name en, name ko)

    def _repr_latex_(self) -> str:
        """Jupyter: the claim, the verdict and the correction (all text escaped)."""
        from symgen.notation.tex import escape_latex

        word = "holds" if self.holds else ("not proved" if self.holds is None else "does not hold")
        lines = [rf"\texttt{{{escape_latex(self.claim)}}}\ \textbf{{{word}}}"]
        lines.append(rf"\texttt{{{escape_latex(self.reason)}}}")
        if self.correction:
            lines.append(rf"\text{{correct: }}\texttt{{{escape_latex(self.correction)}}}")
        return r"$\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"

    def __bool__(self) -> bool:
        return self.holds is True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``holds`` is null for an inequality that is not proved)."""
        cx = self.counterexample
        return {
            "claim": self.claim,
            "holds": self.holds,
            "status": self.status.name,
            "certificate": self.certificate,
            "reason": self.reason,
            "notes": list(self.notes),
            "counterexample": None if cx is None else cx.to_dict(),
            "correction": self.correction,
            "mistake": self.mistake,
            "explanation_en": self.explanation_en,
            "explanation_ko": self.explanation_ko,
            "inequality": None if self.inequality is None else list(self.inequality),
        }


@dataclass(frozen=True)
class StepsVerdict:
    """Verdicts for every link of a chain; ``first_wrong`` is the index of the bad step."""

    steps: tuple[str, ...]
    verdicts: tuple[LinkVerdict, ...]
    first_wrong: int | None
    hint: str | None = None
    hint_ko: str | None = None
    relations: tuple[str, ...] = field(default=())
    unproved: tuple[int, ...] = ()  # inequality steps with numeric evidence only
    reason: str = ""  # "timeout: ..." when the time ran out

    @property
    def ok(self) -> bool:
        """True when no link is refuted and every inequality link is proved."""
        return self.first_wrong is None and not self.unproved

    @property
    def counterexample(self) -> Counterexample | None:
        """Counterexample of the first wrong link."""
        if self.first_wrong is None:
            return None
        return self.verdicts[self.first_wrong - 1].counterexample

    def _repr_latex_(self) -> str:
        """Jupyter: each step with the verdict of the link that reaches it."""
        from symgen.notation.tex import escape_latex

        lines = [rf"\texttt{{{escape_latex(self.steps[0])}}}"]
        for step, verdict in zip(self.steps[1:], self.verdicts, strict=False):
            status = escape_latex(verdict.status.name.lower())
            lines.append(rf"= \texttt{{{escape_latex(step)}}}\ \text{{[{status}]}}")
        return "$\\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$"

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        cx = self.counterexample
        return {
            "ok": self.ok,
            "first_wrong": self.first_wrong,
            "unproved": list(self.unproved),
            "steps": list(self.steps),
            "relations": list(self.relations),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "counterexample": None if cx is None else cx.to_dict(),
            "hint": self.hint,
            "hint_ko": self.hint_ko,
        }
