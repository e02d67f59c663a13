"""Claims about minimisers: ``argmin_Q f(Q) = argmin_Q g(Q)``."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from symgen.errors import ParseError
from symgen.notation.symbols import Prob, is_distribution
from symgen.verify import evaluate
from symgen.verify.expand import expand_measures, normal_form
from symgen.verify.models import KINDS, Model, ModelError, model_variables, random_model, with_law
from symgen.verify.verdict import ClaimVerdict, Counterexample, Status

__all__ = []


# --------------------------------------------------------------------------- same minimiser
_ARGMIN_WORD = r"(?:argmin|\\arg\s*\\min|\\operatorname\*?\{arg\s*min\})"
_ARGMIN = re.compile(
    rf"^\s*{_ARGMIN_WORD}_\{{?([A-Za-z]\w{{0,20}})\}}?\s*(.+?)\s*="
    rf"\s*{_ARGMIN_WORD}_\{{?([A-Za-z]\w{{0,20}})\}}?\s*(.+)$"
)
_GRID = 48
_GOLDEN_STEPS = 64


def _argmin_claim(claim: str, *, seed: int) -> ClaimVerdict:
    """``argmin_Q f = argmin_Q g``: proved when f - g does not depend on Q at all."""
    from symgen.parsing.parser import parse

    match = _ARGMIN.match(claim)
    assert match is not None
    law, other = sp.Symbol(match.group(1)), sp.Symbol(match.group(3))
    if law != other or not is_distribution(law):
        raise ParseError("argmin claims compare two objectives over the same distribution")
    f, g = parse(match.group(2)), parse(match.group(4))
    text = f"argmin_{law} {f} = argmin_{law} {g}"
    if _free_of_law(f - g, law, seed=seed) and _symbolically_free(f - g, law):
        return _minimiser_verdict(text, law, f - g)
    # numerically free of the law but not provably so (a 1e-40 H(Q) term): search instead
    return _grid_minimisers(f, g, law, text, seed=seed)


def _symbolically_free(diff: sp.Expr, law: sp.Symbol) -> bool:
    """The normal form of ``diff`` names no probability of ``law``."""
    form = normal_form(expand_measures(diff, rvs=model_variables([diff])))
    return not any(p.dist == law for p in form.atoms(Prob))


def _free_of_law(diff: sp.Expr, law: sp.Symbol, *, seed: int) -> bool:
    """f - g takes the same value when only ``law`` changes (numerically, on 12 models)."""
    for i in range(12):
        model = random_model([diff], seed=seed * 7919 + i, kind=KINDS[i % len(KINDS)])
        if law not in model.laws:
            return False
        moved = with_law(model, law, seed * 7919 + i + 10**6)
        if abs(evaluate(diff, model) - evaluate(diff, moved)) > 1e-30:
            return False
    return True


def _minimiser_verdict(text: str, law: sp.Symbol, diff: sp.Expr) -> ClaimVerdict:
    """PROVED: ``diff`` is free of ``law`` in normal form (and on 12 models)."""
    how = "symbolically"
    en = (
        f"The claim {text} holds: the objectives differ by {diff}, which does not depend on "
        f"{law} ({how}), so every minimiser of one minimises the other."
    )
    ko = (
        f"주장 {text} 은(는) 성립합니다: 두 목적 함수의 차 {diff} 는 {law}에 의존하지 않으므로 "
        "한쪽의 최소화 해는 다른 쪽의 최소화 해이기도 합니다."
    )
    return ClaimVerdict(
        text,
        True,
        Status.PROVED,
        f"f - g is free of {law} ({how})",
        "symbolic",
        None,
        None,
        None,
        en,
        ko,
    )


def _grid_minimisers(
    f: sp.Expr, g: sp.Expr, law: sp.Symbol, text: str, *, seed: int
) -> ClaimVerdict:
    """On two-outcome models, minimise both objectives (grid, then golden section); compare.

    No model separating the minimisers is evidence only: ``holds`` is None (not proved).
    """
    for i in range(8):
        model = random_model([f, g], seed=seed * 7919 + i, kind="small")
        if len(model.variables) != 1 or law not in model.laws:
            raise ModelError(f"cannot decide {text}: the objectives do not differ by a constant")
        found = _grid_argmins(f, g, law, model)
        if abs(found[0] - found[1]) > 1:
            return _different_minimisers(text, law, model, found)
        refined = _refined_argmins(f, g, law, model, found)
        if refined is not None:
            return _different_minimisers(text, law, model, found, refined)
    en = (
        f"The claim {text} is not proved: on 8 random two-outcome models both objectives are "
        f"smallest at the same {law} (grid of step 1/{_GRID}, refined to 1e-12); this is "
        "evidence, not a proof."
    )
    ko = (
        f"주장 {text} 은(는) 증명되지 않았습니다: 무작위 모형 8개에서 두 목적 함수가 같은 "
        f"{law}에서 최소입니다 (격자 간격 1/{_GRID}, 1e-12까지 정밀화). 증명은 아닙니다."
    )
    return ClaimVerdict(
        text,
        None,
        Status.NUMERIC_ONLY,
        "not proved: the same minimiser on 8 models",
        "not proved",
        None,
        None,
        None,
        en,
        ko,
        None,
        ("numeric evidence only",),
    )


def _objective_at(obj: sp.Expr, law: sp.Symbol, model: Model, q: Any) -> Any:
    """``obj`` when ``law`` puts mass ``q`` (an mpmath number in (0, 1)) on the first outcome."""
    exact = Fraction(str(mpmath.nstr(q, 40)))
    return evaluate(obj, with_law(model, law, {(0,): exact, (1,): 1 - exact}))


def _golden(obj: sp.Expr, law: sp.Symbol, model: Model, k: int) -> Any:
    """Minimiser of ``obj`` near the grid point k/_GRID, by golden-section search."""
    with mpmath.workdps(60):
        lo = max(mpmath.mpf(k - 1) / _GRID, mpmath.mpf(10) ** -9)
        hi = min(mpmath.mpf(k + 1) / _GRID, 1 - mpmath.mpf(10) ** -9)
        ratio = (mpmath.sqrt(5) - 1) / 2
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        fa, fb = _objective_at(obj, law, model, a), _objective_at(obj, law, model, b)
        for _ in range(_GOLDEN_STEPS):
            if fa <= fb:
                hi, b, fb = b, a, fa
                a = hi - ratio * (hi - lo)
                fa = _objective_at(obj, law, model, a)
            else:
                lo, a, fa = a, b, fb
                b = lo + ratio * (hi - lo)
                fb = _objective_at(obj, law, model, b)
        return (lo + hi) / 2


def _refined_argmins(
    f: sp.Expr, g: sp.Expr, law: sp.Symbol, model: Model, found: tuple[int, int]
) -> tuple[Any, Any] | None:
    """The refined minimisers when one is clearly not a minimiser of the other objective."""
    qf, qg = _golden(f, law, model, found[0]), _golden(g, law, model, found[1])
    with mpmath.workdps(60):
        values = [_objective_at(obj, law, model, q) for obj in (f, g) for q in (qf, qg)]
        f_qf, f_qg, g_qf, g_qg = values
        tol = mpmath.mpf(10) ** -12
        if f_qg - f_qf > tol * (1 + abs(f_qf)) or g_qf - g_qg > tol * (1 + abs(g_qg)):
            return qf, qg
    return None


def _grid_argmins(f: sp.Expr, g: sp.Expr, law: sp.Symbol, model: Model) -> tuple[int, int]:
    values_f, values_g = [], []
    for k in range(1, _GRID):
        table: dict[tuple[int, ...], Fraction] = {
            (0,): Fraction(k, _GRID),
            (1,): Fraction(_GRID - k, _GRID),
        }
        moved = with_law(model, law, table)
        values_f.append(evaluate(f, moved))
        values_g.append(evaluate(g, moved))
    return (values_f.index(min(values_f)) + 1, values_g.index(min(values_g)) + 1)


def _different_minimisers(
    text: str,
    law: sp.Symbol,
    model: Model,
    found: tuple[int, int],
    refined: tuple[Any, Any] | None = None,
) -> ClaimVerdict:
    rv = model.variables[0]
    if refined is None:
        first, second = (sp.Rational(k, _GRID) for k in found)
        how, how_ko = f"grid of step 1/{_GRID}", f"격자 간격 1/{_GRID}"
    else:
        first, second = (sp.Float(mpmath.nstr(q, 15), 15) for q in refined)
        how, how_ko = "golden-section search", "황금분할 탐색"
    shown = f"{law}({rv}={model.values[rv][0]})"
    cx = Counterexample(model, first, second, str(first), str(second))
    en = (
        f"The claim {text} is false: on the model shown the left objective is smallest at "
        f"{shown} = {first} and the right one at {shown} = {second} ({how})."
    )
    ko = (
        f"주장 {text} 은(는) 거짓입니다: 제시한 모형에서 왼쪽 목적 함수는 {shown} = {first} 에서, "
        f"오른쪽은 {shown} = {second} 에서 최소입니다 ({how_ko})."
    )
    return ClaimVerdict(
        text,
        False,
        Status.REFUTED,
        f"different minimisers ({how})",
        "counterexample",
        cx,
        None,
        None,
        en,
        ko,
    )
