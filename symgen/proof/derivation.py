"""Step and Derivation records: a chain ``start = e1 = e2 ...`` where each link names its rule.

A derivation is data: a start expression, Steps (each naming its rule in ``rules.RULES``),
optional side ``facts`` (extra links such as "the score vanishes at theta-hat") and optional
``models`` that give display terms a concrete meaning (e.g. a symbolic pmf). Links are checked
lazily and cached (``.verdicts``): by ``symgen.verify.link.check_link`` (symbolic normal form plus
random finite models) on the abstract notation, or on each model's concrete values; "≠" links
are decided here by exact arithmetic. Our own simplification may upgrade a NUMERIC_ONLY link
to PROVED, but only after the numeric check agreed.

>>> a = sp.Symbol("a", positive=True)
>>> d = Derivation(name="demo", topic="algebra", title_en="demo", title_ko="예시",
...                start=sp.log(a / 2), steps=(Step(sp.log(a) - sp.log(2), "log_of_quotient"),))
>>> d.holds
True
"""

from __future__ import annotations

import dataclasses
import enum
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sympy as sp

from symgen.errors import SymgenError
from symgen.proof.rewrite import Context
from symgen.proof.rewrite_check import rule_applies
from symgen.proof.rules import apply_rule, get_rule
from symgen.proof.terms import ShownRatio, SymbolicJoint, Term, plain_text, ratio, symbolic_pmf

RELATIONS = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "!=": r"\ne"}
_NUMERIC_POINTS = 24


class InvalidDerivation(SymgenError, ValueError):
    """A derivation record that is malformed (unknown relation, empty chain, ...)."""


@dataclass(frozen=True)
class Step:
    """One link ``previous RELATION expr`` produced by the rule ``rule``."""

    expr: sp.Expr
    rule: str  # id in rules.RULES
    note: str = ""  # English hint printed beside the step
    assumes: tuple[str, ...] = ()  # side conditions used, e.g. ("q(x) > 0",)
    note_ko: str = ""  # Korean hint
    relation: str = "="  # previous = expr, or <=, >=, <, >, !=
    numeric_reason: str = ""  # allow-list entry: why NUMERIC_ONLY is accepted for this link
    reverse: bool = False  # the rule is used right to left (its result read back)

    def __post_init__(self) -> None:
        get_rule(self.rule)  # raises UnknownRule
        if self.relation not in RELATIONS:
            raise InvalidDerivation(f"unknown relation {self.relation!r} in step {self.rule!r}")
        if not isinstance(self.expr, sp.Basic):
            object.__setattr__(self, "expr", sp.sympify(self.expr, strict=True))

    def note_in(self, lang: str = "en") -> str:
        """The step's note in ``lang``, falling back to English."""
        return (self.note_ko or self.note) if lang == "ko" else self.note


class Apply:
    """A step to be computed: ``Apply("log_of_quotient")`` runs the rule on the previous line."""

    def __init__(
        self,
        rule: str,
        *args: Any,
        note: str = "",
        note_ko: str = "",
        assumes: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        self.rule, self.args, self.kwargs = rule, args, kwargs
        self.note, self.note_ko, self.assumes = note, note_ko, assumes

    def step_after(self, previous: sp.Expr) -> Step:
        """The Step this rule produces from ``previous``."""
        expr = apply_rule(self.rule, previous, *self.args, **self.kwargs)
        return Step(expr, self.rule, self.note, self.assumes, self.note_ko)


def chain(start: sp.Expr, *moves: Step | Apply) -> tuple[Step, ...]:
    """Resolve a mix of written Steps and mechanical Apply moves into Steps."""
    steps: list[Step] = []
    previous = start
    for move in moves:
        step = move.step_after(previous) if isinstance(move, Apply) else move
        steps.append(step)
        previous = step.expr
    return tuple(steps)


class Status(enum.Enum):
    """Fallback verdict status, used only while symgen.verify.link is unavailable."""

    PROVED = "proved"
    NUMERIC_ONLY = "numeric_only"
    REFUTED = "refuted"


@dataclass(frozen=True)
class LinkResult:
    """Verdict of one link: ``status`` (PROVED / NUMERIC_ONLY / REFUTED), reason, counterexample."""

    status: Any
    reason: str = ""
    counterexample: Any = None


def status_name(verdict: Any) -> str:
    """ "PROVED", "NUMERIC_ONLY" or "REFUTED" for a verdict from verify or from here."""
    status = getattr(verdict, "status", verdict)
    name = getattr(status, "name", str(status))
    return str(name).upper()


@dataclass(frozen=True, eq=False)
class Derivation:
    """A named chain of steps from ``start``, with side facts and optional concrete models."""

    name: str
    topic: str
    title_en: str
    title_ko: str
    start: sp.Expr
    steps: tuple[Step, ...]
    statement: str = ""  # the general claim, LaTeX
    note_en: str = ""  # how the claim is proved (e.g. "on a symbolic model with 3 outcomes")
    note_ko: str = ""
    # concrete meanings: each mapping sends display terms/symbols to model values; every link
    # is checked under every mapping (e.g. once per outcome of a symbolic joint table)
    models: tuple[Mapping[sp.Basic, sp.Expr], ...] = ()
    facts: tuple[tuple[sp.Expr, Step], ...] = ()  # side results "lhs REL step.expr", checked too
    start_label: str = ""  # LaTeX name of ``start`` when it is a computed value, e.g. P(y=H|x=3)

    def __post_init__(self) -> None:
        if not self.steps:
            raise InvalidDerivation(f"derivation {self.name!r} has no steps")

    @property
    def title(self) -> str:
        """English title."""
        return self.title_en

    @property
    def claim(self) -> str:
        """The statement, or ``start REL last`` in LaTeX when none was written."""
        if self.statement:
            return self.statement
        return f"{sp.latex(self.start)} {RELATIONS[self.relation]} {sp.latex(self.end)}"

    @property
    def end(self) -> sp.Expr:
        """The last expression of the chain."""
        return self.steps[-1].expr

    @property
    def relation(self) -> str:
        """Overall relation of start to end ("=" unless some link is an inequality)."""
        kinds = {s.relation for s in self.steps} - {"="}
        if not kinds:
            return "="
        if len(kinds) == 1:
            return kinds.pop()
        if kinds <= {">=", ">"}:
            return ">" if ">" in kinds else ">="
        if kinds <= {"<=", "<"}:
            return "<" if "<" in kinds else "<="
        raise InvalidDerivation(f"derivation {self.name!r} mixes relations {sorted(kinds)}")

    def links(self) -> list[tuple[sp.Expr, Step]]:
        """Pairs (previous expression, step) for every link of the chain, then the facts."""
        previous = [self.start, *(s.expr for s in self.steps[:-1])]
        return [*zip(previous, self.steps, strict=True), *self.facts]

    @cached_property
    def link_verdicts(self) -> tuple[Any, ...]:
        """One verdict per link and fact (cached), worst over the models."""
        models = self.models or ({},)
        return tuple(
            _worst(check_step(concrete(before, m), concrete(step.expr, m), step) for m in models)
            for before, step in self.links()
        )

    @cached_property
    def rules_applied(self) -> tuple[bool, ...]:
        """Per step: does applying its rule to the previous line give this line? (cached)"""
        previous = [self.start, *(s.expr for s in self.steps[:-1])]
        return tuple(
            step_follows(before, step, self.models)
            for before, step in zip(previous, self.steps, strict=True)
        )

    @property
    def verdicts(self) -> tuple[Any, ...]:
        """One verdict per chain step: verify.check_link for "=", exact sign otherwise."""
        return self.link_verdicts[: len(self.steps)]

    @property
    def fact_verdicts(self) -> tuple[Any, ...]:
        """One verdict per side fact."""
        return self.link_verdicts[len(self.steps) :]

    @property
    def holds(self) -> bool:
        """All links proved, or numeric-only with an allow-list reason; none refuted."""
        steps = [step for _, step in self.links()]
        return all(
            _accepted(status_name(v), s) for v, s in zip(self.link_verdicts, steps, strict=True)
        )

    @property
    def reason(self) -> str:
        """One line: why the derivation holds, or which link fails."""
        steps = [step for _, step in self.links()]
        for i, (v, step) in enumerate(zip(self.link_verdicts, steps, strict=True), start=1):
            name = status_name(v)
            if not _accepted(name, step):
                why = getattr(v, "reason", "")
                return f"link {i} ({step.rule}) is {name.lower()}: {why}".rstrip(": ")
        names = [status_name(v) for v in self.link_verdicts]
        numeric = names.count("NUMERIC_ONLY")
        n = len(names)
        if numeric:
            return (
                f"{n - numeric} of {n} links proved symbolically; {numeric} numeric-only (allowed)"
            )
        return f"all {n} links proved symbolically and checked numerically"

    def latex(self, lang: str = "en") -> str:
        """LaTeX of the derivation: title, statement and an ``align*`` block, standalone.

        The sheet's boxed form (``symgen.sheet.blocks.render_derivation``) needs the sheet's
        preamble; this one needs only amsmath.
        """
        return fallback_latex(self, lang)

    def _repr_latex_(self) -> str:
        return "$$" + _align_body(self, "en", environment="aligned") + "$$"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready record: holds, reason, and per step its LaTeX, rule and verdict."""
        steps = [
            {**_link_dict(step, v, lang), "rule_applied": applied}
            for step, v, applied in zip(self.steps, self.verdicts, self.rules_applied, strict=True)
        ]
        facts = [
            {"lhs": sp.latex(lhs), **_link_dict(step, v, lang)}
            for (lhs, step), v in zip(self.facts, self.fact_verdicts, strict=True)
        ]
        return {
            "name": self.name,
            "kind": "identity",
            "topic": self.topic,
            "title": self.title_ko if lang == "ko" else self.title_en,
            "statement": self.claim,
            "note": self.note_ko if lang == "ko" else self.note_en,
            "start": sp.latex(self.start),
            "holds": self.holds,
            "reason": self.reason,
            "steps": steps,
            "facts": facts,
        }


def step_follows(
    before: sp.Expr, step: Step, models: tuple[Mapping[sp.Basic, sp.Expr], ...] = ()
) -> bool:
    """True when ``step.rule`` applied to ``before`` (either way round) gives the step."""
    ctx = Context.from_assumptions(step.assumes)
    return rule_applies(step.rule, before, step.expr, ctx=ctx, models=models)


def _link_dict(step: Step, verdict: Any, lang: str) -> dict[str, Any]:
    rule = get_rule(step.rule)
    return {
        "expression": str(step.expr),
        "latex": sp.latex(step.expr, order="none"),
        "justification_en": rule.en,
        "justification_ko": rule.ko,
        "expr": sp.latex(step.expr),
        "relation": step.relation,
        "rule": step.rule,
        "justification": get_rule(step.rule).justification(lang),
        "note": step.note_in(lang),
        "assumes": list(step.assumes),
        "verdict": status_name(verdict).lower(),
        "verdict_reason": str(getattr(verdict, "reason", "")),
    }


def concrete(expr: sp.Expr, model: Mapping[sp.Basic, sp.Expr]) -> sp.Expr:
    """``expr`` with display terms replaced by their model values and finite sums done."""
    for _ in range(8):
        new = expr.xreplace(dict(model))
        if new.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral, sp.UnevaluatedExpr, ShownRatio):
            new = new.doit()
        if new == expr:
            return new
        expr = new
    return expr


def _worst(verdicts: Iterable[Any]) -> Any:
    rank = {"REFUTED": 0, "NUMERIC_ONLY": 1, "PROVED": 2}
    return min(verdicts, key=lambda v: rank.get(status_name(v), 0))


def _accepted(name: str, step: Step) -> bool:
    if name == "PROVED":
        return True
    return name == "NUMERIC_ONLY" and bool(step.numeric_reason)


# ---------------------------------------------------------------- checking one link


def check_step(before: sp.Expr, after: sp.Expr, step: Step) -> Any:
    """Verdict of ``before RELATION after`` for one step.

    ``symgen.verify.link.check_link`` decides it (numeric check on random models and its own
    symbolic normal form). When it finds no symbolic proof, the concrete difference is tried
    once more with ``simplify``/``cancel`` (our models are explicit rational expressions in
    positive symbols, which its size-bounded normal form may skip); a proof found here upgrades
    NUMERIC_ONLY to PROVED only because the numeric check already agreed.
    """
    if any(e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for e in (before, after)):
        return LinkResult(Status.REFUTED, "the model gives an undefined value (nan or infinity)")
    if step.relation == "!=":
        return _check_relation(before, after, "!=")
    try:
        from symgen.verify.link import check_link
    except ImportError:
        if step.relation == "=":
            return _fallback_equal(before, after)
        return _check_relation(before, after, step.relation)
    assumes = tuple(step.assumes) if _has_notation(before, after) else ()
    try:
        verdict = check_link(before, after, assumes=assumes, seed=0, relation=step.relation)
    except SymgenError:  # verify's models cannot evaluate this expression: decide it here
        if step.relation == "=":
            return _fallback_equal(before, after)
        return _check_relation(before, after, step.relation)
    if status_name(verdict) != "NUMERIC_ONLY" or not _concrete_proof(before, after, step.relation):
        return verdict
    reason = "symbolic: simplify on the concrete model; " + str(verdict.reason).replace(
        "; no symbolic proof found", ""
    )
    return dataclasses.replace(verdict, status=type(verdict.status).PROVED, reason=reason)


def _has_notation(*exprs: sp.Expr) -> bool:
    try:
        from symgen.notation.symbols import Notation
    except ImportError:
        return False
    return any(e.has(Notation) for e in exprs)


def _concrete_proof(before: sp.Expr, after: sp.Expr, relation: str) -> bool:
    """True when ``before - after`` is provably 0 (or of the right sign, for inequalities)."""
    if _has_notation(before, after):
        return relation == "=" and _pointwise_zero(before - after)
    # no force=True: logs split only where SymPy knows the arguments are positive, which the
    # (0, 1) -> (0, oo) substitution makes true for 1 - p as well
    diff = sp.expand_log(_open_unit_interval(before - after))
    if relation == "=":
        return sp.cancel(sp.together(diff)) == 0 or sp.simplify(diff) == 0
    value = sp.simplify(diff)
    if not value.is_number:
        return _sign_by_assumptions(sp.factor(value), relation) is True
    return bool(_SIGN_OK[relation](sp.N(value, 50)))


def _pointwise_zero(diff: sp.Expr) -> bool:
    """Sums over the same outcomes whose bodies cancel pointwise: sum f - sum g = sum (f - g).

    Sound only because every ``Prob`` value is a positive number in every model: each body is
    proved identically zero as a function of positive reals standing for the probabilities.
    Any other notation (H, E, ...) makes this give up (False).
    """
    from symgen.notation.symbols import Notation, OutcomeSum, Prob

    bodies: dict[sp.Basic, sp.Expr] = {}
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(diff)):
        coeff, dependent = term.as_independent(OutcomeSum, as_Add=False)
        if dependent == 1:
            rest += term
        elif (
            isinstance(dependent, OutcomeSum)
            and not coeff.has(Notation)
            and not coeff.free_symbols & set(dependent.args[1])  # would capture a bound name
        ):
            body, over = dependent.args[0], dependent.args[1]
            bodies[over] = bodies.get(over, sp.Integer(0)) + coeff * body
        else:
            return False
    exprs = [rest, *bodies.values()]
    atoms = set().union(*(e.atoms(Notation) for e in exprs))
    if any(not isinstance(a, Prob) for a in atoms):
        return False
    positive = {a: sp.Dummy("prob", positive=True) for a in atoms}
    return all(sp.simplify(sp.expand_log(e.xreplace(positive))) == 0 for e in exprs)


def _open_unit_interval(expr: sp.Expr) -> sp.Expr:
    """Rewrite each probability symbol p in (0, 1) as s / (1 + s) with s > 0.

    The map is a bijection from (0, oo) onto (0, 1), so a sign decided for every s > 0 holds
    for every p in (0, 1); it lets SymPy's assumptions see that 1 - p = 1 / (1 + s) > 0.
    """
    subs = {
        sym: (t := sp.Dummy(f"{sym.name}_odds", positive=True)) / (1 + t)
        for sym in expr.free_symbols
        if getattr(sym, "is_probability", False)
    }
    return expr.xreplace(subs)


def _fallback_equal(before: sp.Expr, after: sp.Expr) -> LinkResult:
    diff = sp.simplify(sp.expand_log(_open_unit_interval(before - after)))
    bad = _numeric_violation(before - after, lambda d: abs(d) < 1e-20)
    if bad is not None:
        return LinkResult(Status.REFUTED, f"differs at {bad}", bad)
    if diff == 0:
        return LinkResult(Status.PROVED, "simplify(before - after) == 0; numeric check agrees")
    return LinkResult(Status.NUMERIC_ONLY, "equal at every sampled point; no symbolic proof")


_SIGN_OK = {
    ">=": lambda d: d >= 0,
    ">": lambda d: d > 0,
    "<=": lambda d: d <= 0,
    "<": lambda d: d < 0,
    "!=": lambda d: d != 0,
}


def _check_relation(before: sp.Expr, after: sp.Expr, relation: str) -> LinkResult:
    diff = sp.simplify(sp.expand_log(_open_unit_interval(before - after)))
    ok = _SIGN_OK[relation]
    if diff.is_number:
        exact = bool(ok(sp.N(diff, 50)))
        status = Status.PROVED if exact else Status.REFUTED
        return LinkResult(status, f"before - after = {diff}, evaluated exactly")
    bad = _numeric_violation(diff, lambda d: ok(d) or (relation in {">=", "<="} and abs(d) < 1e-20))
    if bad is not None:
        return LinkResult(Status.REFUTED, f"fails at {bad}", bad)
    if _sign_by_assumptions(diff, relation):
        return LinkResult(Status.PROVED, "sign from the symbols' assumptions; numeric check agrees")
    return LinkResult(Status.NUMERIC_ONLY, f"holds at {_NUMERIC_POINTS} sampled points")


def _sign_by_assumptions(diff: sp.Expr, relation: str) -> bool | None:
    facts = {
        ">=": diff.is_nonnegative,
        ">": diff.is_positive,
        "<=": diff.is_nonpositive,
        "<": diff.is_negative,
        "!=": diff.is_nonzero,
    }
    return True if facts[relation] else None


def _sample(symbol: sp.Symbol, rng: random.Random) -> sp.Rational:
    k = rng.randint(1, 999)
    if getattr(symbol, "is_probability", False):
        return sp.Rational(k, 1000)
    if symbol.is_positive:
        return sp.Rational(k, 250)
    return sp.Rational(k - 500, 125)


def _numeric_violation(expr: sp.Expr, ok: Any, seed: int = 0) -> dict | None:
    """A sample point (exact rationals) where ``ok(value)`` fails, or None."""
    rng = random.Random(seed)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    for _ in range(_NUMERIC_POINTS if symbols else 1):
        point = {s: _sample(s, rng) for s in symbols}
        value = sp.N(expr.xreplace(point), 40)
        if not value.is_real:
            continue
        if not ok(float(value)):
            return {str(s): str(v) for s, v in point.items()}
    return None


# ---------------------------------------------------------------- plain LaTeX


def _align_body(d: Derivation, lang: str, environment: str = "align*") -> str:
    lines = [rf"\begin{{{environment}}}", rf"  & {_tex(d.start)} \\"]
    for step in d.steps:
        why = get_rule(step.rule).justification(lang)
        note = step.note_in(lang)
        text = why + (f" {note}" if note else "")
        text = text.replace("\\", "").replace("%", r"\%").replace("&", r"\&").replace("#", r"\#")
        tag = r"\quad" if environment == "aligned" else "&&"
        lines.append(rf"  {RELATIONS[step.relation]}\ & {_tex(step.expr)} {tag} \text{{{text}}} \\")
    lines.append(rf"\end{{{environment}}}")
    return "\n".join(lines)


def _tex(expr: sp.Expr) -> str:
    return sp.latex(expr, order="none")


def fallback_latex(d: Derivation, lang: str = "en") -> str:
    """A self-contained LaTeX fragment: title, statement and an align* of the steps."""
    title = d.title_ko if lang == "ko" else d.title_en
    note = d.note_ko if lang == "ko" else d.note_en
    parts = [rf"\paragraph{{{title}}} ${d.claim}$", note, _align_body(d, lang)]
    return "\n\n".join(p for p in parts if p) + "\n"


# ---------------------------------------------------------------- display terms (re-exported)

__all__ = [
    "RELATIONS",
    "Apply",
    "Derivation",
    "ShownRatio",
    "Step",
    "SymbolicJoint",
    "Term",
    "chain",
    "plain_text",
    "ratio",
    "status_name",
    "symbolic_pmf",
]
