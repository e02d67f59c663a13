"""symgen as a test oracle: check someone's numeric function against the exact formula.

``check_implementation(fn, target)`` draws valid inputs (hard cases first: zeros in the
support, near-identical distributions, probabilities near 1e-12, huge logits), evaluates
the target at 50 significant digits with every float input read as the exact binary
rational it is, calls ``fn`` on single inputs and on batches, and reports the first
counterexample together with a likely cause found by evaluating known mistakes
(arguments swapped, log base, sign, mean instead of sum, ...) at the failing inputs.

>>> import numpy as np
>>> def kl(p, q):
...     return float(np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p / q, 1.0)), 0.0)))
>>> check_implementation(kl, "kl_divergence").passed
True
>>> swapped = check_implementation(lambda p, q: kl(q, p), "kl_divergence")
>>> swapped.passed, swapped.likely_cause.id
(False, 'arguments_swapped')
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np

from symgen.oracle._references import (
    DIGITS,
    Case,
    InvalidCheck,
    Target,
    UnknownTarget,
    Variant,
    to_mp,
)
from symgen.oracle.targets import TARGETS, target_by_name

__all__ = [
    "Counterexample",
    "ImplementationReport",
    "InvalidCheck",
    "LikelyCause",
    "UnknownTarget",
    "check_implementation",
    "resolve_target",
]

_PROBE_ROWS = 7  # batch size of the probe call: equal to no event dimension we generate
_EXPLAINED = 1e-3  # a variant names the cause when it is this much closer to fn than the truth
_SHOWN_DIGITS = 25


@dataclass(frozen=True, slots=True)
class LikelyCause:
    """A known mistake that explains the failures: stable `id` plus a sentence."""

    id: str
    message: str


@dataclass(frozen=True, slots=True)
class Counterexample:
    """Inputs on which fn is wrong (floats are exact binary values), expected vs got."""

    inputs: dict[str, Any]
    expected: str
    got: float | None
    mode: str
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (nan/inf given as strings)."""
        got = self.got if self.got is None or np.isfinite(self.got) else repr(self.got)
        return {
            "inputs": self.inputs,
            "expected": self.expected,
            "got": got,
            "mode": self.mode,
            "error": self.error,
        }


@dataclass(frozen=True)
class ImplementationReport:
    """Outcome of :func:`check_implementation`; truthy when the implementation passed."""

    target: str
    formula: str
    function: str
    passed: bool
    worst_relative_error: float
    counterexample: Counterexample | None
    likely_cause: LikelyCause | None
    trials_run: int
    failures: int
    modes: tuple[str, ...]
    rtol: float
    atol: float
    arg_names: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return self.passed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the report."""
        cause = self.likely_cause
        return {
            "target": self.target,
            "formula": self.formula,
            "function": self.function,
            "passed": self.passed,
            "worst_relative_error": _json_float(self.worst_relative_error),
            "counterexample": self.counterexample.to_dict() if self.counterexample else None,
            "likely_cause": {"id": cause.id, "message": cause.message} if cause else None,
            "trials_run": self.trials_run,
            "failures": self.failures,
            "modes": list(self.modes),
            "rtol": self.rtol,
            "atol": self.atol,
        }

    def __str__(self) -> str:
        return "\n".join(_report_lines(self))


# --- public entry point ---------------------------------------------------------------------


def check_implementation(
    fn: Callable[..., Any],
    target: Any,
    *,
    trials: int = 200,
    seed: int = 0,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    batched: bool | None = None,
    signature: Sequence[Any] | None = None,
) -> ImplementationReport:
    """Compare ``fn`` with the exact `target` on `trials` valid inputs; report the first miss.

    `target` is a name from ``symgen.oracle.targets.TARGETS`` (``"kl_divergence"``, ...), a symgen
    measure function, a :class:`Target`, or a SymPy expression (``fn`` then gets the values
    of its free symbols as positional arguments, in sorted-name order or in the order of
    `signature`). A trial passes when ``|got - expected| <= atol + rtol * |expected|``.
    `batched`: ``None`` detects whether ``fn`` takes single inputs, batches with a leading
    axis of size N (returning shape (N,)), or both, and checks every way it supports;
    ``True``/``False`` forces batches/single inputs.
    """
    if trials < 1:
        raise InvalidCheck(f"trials must be at least 1, got {trials}")
    spec = resolve_target(target, signature=signature)
    cases = spec.cases(np.random.default_rng(seed), trials)
    with mpmath.workdps(DIGITS):
        expected = [spec.reference(*map(to_mp, case)) for case in cases]
    runs = _run(fn, spec, cases, batched)
    results = [_score(t, expected[t.index], rtol, atol) for t in runs]
    failing = [t for t in results if not t.ok]
    cause, witness = _diagnose(spec, cases, expected, results, failing)
    return ImplementationReport(
        target=spec.name,
        formula=spec.formula,
        function=getattr(fn, "__qualname__", None) or repr(fn),
        passed=not failing,
        worst_relative_error=max((t.rel for t in results), default=0.0),
        counterexample=_counterexample(spec, cases, expected, witness),
        likely_cause=cause,
        trials_run=len(cases),
        failures=len({t.index for t in failing}),
        modes=tuple(dict.fromkeys(t.mode for t in runs)),
        rtol=rtol,
        atol=atol,
        arg_names=spec.arg_names,
    )


def resolve_target(target: Any, *, signature: Sequence[Any] | None = None) -> Target:
    """The :class:`Target` for a name, a symgen measure function, a Target or an expression."""
    if isinstance(target, Target):
        return target
    if isinstance(target, str):
        return target_by_name(target)
    name = getattr(target, "__name__", None)
    module = getattr(target, "__module__", "") or ""
    if callable(target) and module.startswith("symgen") and name in TARGETS:
        return TARGETS[name]
    if _is_sympy_expr(getattr(target, "end", None)):
        target = _derivation_result(target)
    if _is_sympy_expr(target):
        from symgen.oracle.expression import expression_target

        return expression_target(target, signature=signature)
    raise UnknownTarget(
        f"cannot check against {target!r}: give a target name, a symgen measure, "
        "a SymPy expression or a Target"
    )


def _derivation_result(derivation: Any) -> Any:
    """The closed form a derivation ends with; refused unless the derivation holds."""
    if getattr(derivation, "holds", True) is not True:
        name = getattr(derivation, "name", "derivation")
        raise UnknownTarget(f"{name!r} does not hold, so its result is no reference")
    return derivation.end


def _is_sympy_expr(value: Any) -> bool:
    import sympy as sp

    return isinstance(value, sp.Expr)


# --- calling the user's function ------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    index: int
    mode: str
    got: float | None
    error: str | None
    kind: str  # "value", "raises" or "shape"
    ok: bool = False
    rel: float = 0.0


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _raised(exc: Exception, where: str = "") -> str:
    return _one_line(f"raised {type(exc).__name__}{where}: {exc}")


def _quiet_call(fn: Callable[..., Any], args: Sequence[Any]) -> Any:
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


def _call_single(fn: Callable[..., Any], spec: Target, index: int, case: Case) -> _Run:
    args = [a.copy() if a.ndim else np.float64(a) for a in case]
    try:
        result = _quiet_call(fn, args)
    except Exception as exc:  # the user's code may raise anything; it is a finding
        return _Run(index, "single", None, _raised(exc), "raises")
    if result is None:
        return _Run(index, "single", None, "returned None (a missing return?)", "shape")
    try:
        arr = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return _Run(index, "single", None, f"returned {type(result).__name__}", "shape")
    if arr.size != 1:
        msg = f"returned shape {arr.shape}, expected one number (a sum over {spec.reduces})"
        return _Run(index, "single", None, msg, "shape")
    return _Run(index, "single", float(arr.reshape(())), None, "value")


def _call_batch(fn: Callable[..., Any], cases: list[Case], indices: list[int]) -> list[_Run]:
    stacked = [np.stack([cases[i][j] for i in indices]) for j in range(len(cases[indices[0]]))]
    n = len(indices)
    try:
        arr = np.asarray(_quiet_call(fn, stacked), dtype=float)
    except Exception as exc:  # the user's code may raise anything; it is a finding
        msg = _raised(exc, " on a batch")
        return [_Run(i, "batched", None, msg, "raises") for i in indices]
    if arr.shape != (n,):
        shape = "x".join(map(str, stacked[0].shape))
        msg = f"returned shape {arr.shape} for a batch of shape {shape}, expected ({n},)"
        return [_Run(i, "batched", None, msg, "shape") for i in indices]
    return [_Run(i, "batched", float(v), None, "value") for i, v in zip(indices, arr, strict=True)]


def _supports_batches(fn: Callable[..., Any], cases: list[Case]) -> bool:
    probe = [cases[0]] * _PROBE_ROWS
    return all(r.kind == "value" for r in _call_batch(fn, probe, list(range(_PROBE_ROWS))))


def _modes(
    fn: Callable[..., Any], spec: Target, cases: list[Case], batched: bool | None
) -> list[str]:
    if batched is not None:
        return ["batched" if batched else "single"]
    modes = []
    if _call_single(fn, spec, 0, cases[0]).kind == "value":
        modes.append("single")
    if _supports_batches(fn, cases):
        modes.append("batched")
    return modes or ["single"]


def _run(
    fn: Callable[..., Any], spec: Target, cases: list[Case], batched: bool | None
) -> list[_Run]:
    runs: list[_Run] = []
    modes = _modes(fn, spec, cases, batched)
    if "single" in modes:
        runs.extend(_call_single(fn, spec, i, case) for i, case in enumerate(cases))
    if "batched" in modes:
        groups: dict[tuple[tuple[int, ...], ...], list[int]] = {}
        for i, case in enumerate(cases):
            groups.setdefault(tuple(a.shape for a in case), []).append(i)
        for indices in groups.values():
            runs.extend(_call_batch(fn, cases, indices))
    return runs


# --- comparing ------------------------------------------------------------------------------


def _score(run: _Run, expected: Any, rtol: float, atol: float) -> _Run:
    if run.kind != "value" or run.got is None:
        run.ok, run.rel = False, float("inf")
        return run
    run.ok = _close(run.got, expected, rtol, atol)
    run.rel = _relative_error(run.got, expected, rtol, atol)
    return run


def _close(got: float, expected: Any, rtol: float, atol: float) -> bool:
    if np.isnan(got):
        return False
    if mpmath.isinf(expected) or np.isinf(got):
        return bool(got == expected)
    return bool(abs(mpmath.mpf(got) - expected) <= atol + rtol * abs(expected))


def _relative_error(got: float, expected: Any, rtol: float, atol: float) -> float:
    # |expected| floored at atol/rtol: a passing trial then has relative error <= 2 rtol
    if not np.isfinite(got) or mpmath.isinf(expected):
        return 0.0 if got == expected else float("inf")
    floor = max(abs(expected), atol / rtol if rtol > 0 else 0.0, mpmath.mpf(1e-300))
    return float(abs(mpmath.mpf(got) - expected) / floor)


# --- naming the likely cause ----------------------------------------------------------------

_NAN_AT_ZERO = (
    "returns nan or inf (or raises) where the input has zeros; the formula uses 0 log 0 = 0: "
    "skip zero terms, or use scipy.special.xlogy / rel_entr"
)
_OVERFLOW = (
    "returns nan or inf where the true value is finite and the input has no zeros: an exp "
    "or a log overflowed or underflowed; use a stable form (np.logaddexp, log1p, logsumexp, "
    "scipy.special.log_expit)"
)
_PRECISION = (
    "loses precision (relative error up to {rel:.1e}, or a wrong tiny result): e.g. float32 "
    "arithmetic, or cancellation as in log(1 - p), exp(x) - 1 or H(p,q) - H(p) on near-equal "
    "inputs; use log1p, expm1, xlogy or rel_entr"
)
_BATCH = (
    "is right on single inputs but wrong on batches of shape (N, ...): reduce over {axis} "
    "only (axis=-1), not over the whole batch"
)


def _diagnose(
    spec: Target,
    cases: list[Case],
    expected: list[Any],
    results: list[_Run],
    failing: list[_Run],
) -> tuple[LikelyCause | None, _Run | None]:
    if not failing:
        return None, None
    shaped = [t for t in failing if t.kind == "shape"]
    if shaped:
        return LikelyCause("wrong_shape", f"{shaped[0].error}"), shaped[0]
    if all(t.mode == "batched" for t in failing) and any(t.mode == "single" for t in results):
        return LikelyCause("batched_mismatch", _BATCH.format(axis=spec.reduces)), failing[0]
    found = _match_variants(spec, cases, expected, failing)
    if found is not None:
        return found
    return _symptom_cause(spec, cases, expected, failing)


def _match_variants(
    spec: Target, cases: list[Case], expected: list[Any], failing: list[_Run]
) -> tuple[LikelyCause, _Run] | None:
    pool = [t for t in failing if t.got is not None and not np.isnan(t.got)][:40]
    best: tuple[float, int, Variant, list[_Run]] | None = None
    with mpmath.workdps(DIGITS):
        for variant in spec.variants:
            hits, seen = _variant_hits(variant, cases, expected, pool)
            if seen and len(hits) / seen >= 0.75 and (best is None or len(hits) > best[1]):
                best = (len(hits) / seen, len(hits), variant, hits)
    if best is None:
        return None
    variant, hits = best[2], best[3]
    message = f"fn {variant.message}"
    if any(t.got is None or np.isnan(t.got) for t in failing):
        message += "; it also returns nan (or raises) on some inputs"
    return LikelyCause(variant.cause, message), hits[0]


def _variant_hits(
    variant: Variant, cases: list[Case], expected: list[Any], pool: list[_Run]
) -> tuple[list[_Run], int]:
    hits, seen = [], 0
    for t in pool:
        value = _safe_value(variant, cases[t.index])
        if value is None or t.got is None:
            continue
        seen += 1
        if _explains(mpmath.mpf(t.got), value, expected[t.index]):
            hits.append(t)
    return hits, seen


def _safe_value(variant: Variant, case: Case) -> Any:
    try:
        value = variant.value(*map(to_mp, case))
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return None if mpmath.isnan(value) else value


def _explains(got: Any, value: Any, expected: Any) -> bool:
    """The variant's value is far closer to fn's output than the truth is."""
    if mpmath.isinf(got) or mpmath.isinf(value):
        return bool(got == value)
    miss = abs(got - expected)
    return bool(abs(got - value) <= max(_EXPLAINED * miss, 1e-13 * abs(value)))


def _symptom(spec: Target, cases: list[Case], expected: Any, run: _Run) -> str:
    at_zero = spec.has_zero(cases[run.index])
    if run.kind == "raises":
        return "nan_or_inf_at_zero" if at_zero else "raises"
    if run.got is None or not np.isfinite(run.got):
        return "nan_or_inf_at_zero" if at_zero else "overflow"
    tiny = abs(mpmath.mpf(run.got) - expected) < 1e-8
    return "precision_loss" if run.rel < 1e-3 or tiny else "unknown"


def _symptom_cause(
    spec: Target, cases: list[Case], expected: list[Any], failing: list[_Run]
) -> tuple[LikelyCause, _Run]:
    symptoms = [_symptom(spec, cases, expected[t.index], t) for t in failing]
    top = Counter(symptoms).most_common(1)[0][0]
    witness = failing[symptoms.index(top)]
    if top == "nan_or_inf_at_zero":
        return LikelyCause(top, f"fn {_NAN_AT_ZERO}"), witness
    if top == "overflow":
        return LikelyCause("precision_loss", f"fn {_OVERFLOW}"), witness
    if top == "precision_loss":
        worst = max(t.rel for t, s in zip(failing, symptoms, strict=True) if s == top)
        return LikelyCause(top, "fn " + _PRECISION.format(rel=worst)), witness
    if top == "raises":
        return LikelyCause("raises", f"fn {witness.error}"), witness
    return LikelyCause("unknown", "no known mistake matches; see the counterexample"), witness


# --- presenting -----------------------------------------------------------------------------


def _plain(value: np.ndarray) -> Any:
    return float(value) if value.ndim == 0 else value.tolist()


def _counterexample(
    spec: Target, cases: list[Case], expected: list[Any], run: _Run | None
) -> Counterexample | None:
    if run is None:
        return None
    case = cases[run.index]
    inputs = {name: _plain(a) for name, a in zip(spec.arg_names, case, strict=True)}
    shown = mpmath.nstr(expected[run.index], _SHOWN_DIGITS)
    return Counterexample(inputs, shown, run.got, run.mode, run.error)


def _json_float(value: float) -> float | str:
    return value if np.isfinite(value) else repr(value)


def _report_lines(report: ImplementationReport) -> list[str]:
    verdict = "passed" if report.passed else f"FAILED on {report.failures} of"
    head = (
        f"check_implementation({report.function}, {report.target!r}): {verdict} "
        f"{report.trials_run} inputs ({' and '.join(report.modes)} calls)"
    )
    lines = [head, f"  formula: {report.formula}"]
    if report.likely_cause:
        lines.append(f"  likely cause [{report.likely_cause.id}]: {report.likely_cause.message}")
    if report.counterexample:
        lines.extend(_counterexample_lines(report.counterexample))
    lines.append(
        f"  worst relative error: {report.worst_relative_error:.3g} "
        f"(rtol={report.rtol:g}, atol={report.atol:g})"
    )
    return lines


def _counterexample_lines(cx: Counterexample) -> list[str]:
    how = "one input" if cx.mode == "single" else "a row of a batch"
    lines = [f"  counterexample ({how}):"]
    lines.extend(f"    {name} = {value!r}" for name, value in cx.inputs.items())
    lines.append(f"    expected {cx.expected}")
    lines.append(f"    got      {cx.error if cx.error else repr(cx.got)}")
    return lines
