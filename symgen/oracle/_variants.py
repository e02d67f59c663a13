"""Known mistakes: the target formula with one classic error (sign, swap, mean, clipping)."""

from __future__ import annotations

from typing import Any

import mpmath

from symgen.oracle._references import MpFn, Variant

# --- known mistakes -------------------------------------------------------------------------

_LOG2 = "uses log base 2 (bits) where the natural log (nats) was meant: use np.log"
_LOG10 = "uses log base 10 where the natural log was meant: use np.log"
_NEG = "has the wrong sign: the result is the negative of the true value"
_SWAP = "swaps the arguments: it computes {name}({swapped}) instead of {name}({args})"
_MEAN = "takes a mean over {what} where a sum was meant (divides by their number)"


def _nterms(arg: Any) -> int:
    if isinstance(arg, list) and arg and isinstance(arg[0], list):
        return sum(len(row) for row in arg)
    return len(arg) if isinstance(arg, list) else 1


def common_variants(f: MpFn, *, mean_over: str | None = None) -> tuple[Variant, ...]:
    """Sign, log base and (optionally) mean-instead-of-sum variants of f."""
    out = [
        Variant("sign", _NEG, lambda *a: -f(*a)),
        Variant("log_base", _LOG2, lambda *a: f(*a) / mpmath.log(2)),
        Variant("log_base", _LOG10, lambda *a: f(*a) / mpmath.log(10)),
    ]
    if mean_over:
        msg = _MEAN.format(what=mean_over)
        out.append(Variant("mean_instead_of_sum", msg, lambda *a: f(*a) / _nterms(a[0])))
    return tuple(out)


def swapped_variant(f: MpFn, name: str, args: tuple[str, str]) -> Variant:
    """f with its two arguments exchanged."""
    msg = _SWAP.format(name=name, args=", ".join(args), swapped=", ".join(reversed(args)))
    return Variant("arguments_swapped", msg, lambda a, b: f(b, a))


_EPSILONS = (1e-7, 1e-8, 1e-10, 1e-12, 1e-15)


def _clip(values: Any, eps: float) -> Any:
    lo, hi = mpmath.mpf(eps), 1 - mpmath.mpf(eps)
    if isinstance(values, list):
        return [_clip(v, eps) for v in values]
    return min(max(values, lo), hi)


def clipping_variants(f: MpFn, positions: tuple[int, ...], names: str) -> tuple[Variant, ...]:
    """f with the arguments at `positions` clipped to [eps, 1 - eps] (Keras uses 1e-7)."""

    def clipped(eps: float) -> MpFn:
        def value(*args: Any) -> Any:
            return f(*(_clip(a, eps) if i in positions else a for i, a in enumerate(args)))

        return value

    msg = "clips {names} to [{eps:g}, 1 - {eps:g}] before the log: wrong near 0 and 1"
    return tuple(
        Variant("epsilon_clipping", msg.format(names=names, eps=eps), clipped(eps))
        for eps in _EPSILONS
    )
