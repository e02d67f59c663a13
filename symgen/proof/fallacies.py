"""Known fallacies: a wrong claim recognised up to renaming, with its correction."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

from symgen.notation.symbols import (
    DEFAULT_DIST,
    JSD,
    D,
    H,
    Hx,
    I,
    Notation,
    P,
    is_distribution,
    is_outcome,
    is_random_variable,
)

__all__ = ["FALLACIES", "Fallacy", "recognise"]
_FLIP = {"=": "=", "!=": "!=", ">=": "<=", "<=": ">=", ">": "<", "<": ">"}


# --------------------------------------------------------------------------- known mistakes
_Pd, _Qd = sp.symbols("P Q")
_X, _Y = sp.symbols("X Y")
_a, _b = sp.symbols("a b")


@dataclass(frozen=True)
class Fallacy:
    """A common false statement, its correction, and the explanation in two languages."""

    id: str
    wrong: tuple[sp.Expr, str, sp.Expr]
    right: tuple[sp.Expr, str, sp.Expr]
    en: str
    ko: str


FALLACIES: tuple[Fallacy, ...] = (
    Fallacy(
        "cross_entropy_is_kl",
        (Hx(_Pd, _Qd), "=", D(_Pd, _Qd)),
        (Hx(_Pd, _Qd), "=", H(_Pd) + D(_Pd, _Qd)),
        "Cross-entropy and KL divergence differ by the entropy H(P); what is true is that, "
        "since H(P) does not depend on Q, both have the same minimiser over Q.",
        "교차 엔트로피와 KL 발산은 엔트로피 H(P)만큼 다릅니다. H(P)는 Q와 무관하므로 "
        "Q에 대한 최소화 해가 같다는 것이 올바른 명제입니다.",
    ),
    Fallacy(
        "kl_is_cross_entropy",
        (D(_Pd, _Qd), "=", Hx(_Pd, _Qd)),
        (D(_Pd, _Qd), "=", Hx(_Pd, _Qd) - H(_Pd)),
        "KL divergence is cross-entropy minus the entropy H(P).",
        "KL 발산은 교차 엔트로피에서 엔트로피 H(P)를 뺀 값입니다.",
    ),
    Fallacy(
        "kl_symmetric",
        (D(_Pd, _Qd), "=", D(_Qd, _Pd)),
        (JSD(_Pd, _Qd), "=", JSD(_Qd, _Pd)),
        "KL divergence is not symmetric: D_KL(P || Q) and D_KL(Q || P) differ in general. "
        "The Jensen-Shannon divergence is the symmetric version.",
        "KL 발산은 대칭이 아닙니다: 일반적으로 D_KL(P || Q) ≠ D_KL(Q || P). "
        "대칭인 것은 젠슨-섀넌 발산(JSD)입니다.",
    ),
    Fallacy(
        "joint_entropy_additive",
        (H(_X, _Y), "=", H(_X) + H(_Y)),
        (H(_X, _Y), "=", H(_X) + H(_Y, given=_X)),
        "Joint entropy adds only for independent variables; in general "
        "H(X, Y) = H(X) + H(Y | X) <= H(X) + H(Y).",
        "결합 엔트로피는 독립일 때만 더해집니다. 일반적으로 "
        "H(X, Y) = H(X) + H(Y | X) ≤ H(X) + H(Y)입니다.",
    ),
    Fallacy(
        "conditional_swapped",
        (P(_a, given=_b), "=", P(_b, given=_a)),
        (P(_a, given=_b), "=", P(_b, given=_a) * P(_a) / P(_b)),
        "Conditioning cannot be swapped: Bayes' rule gives P(a | b) = P(b | a) P(a) / P(b).",
        "조건부 확률의 조건은 바꿀 수 없습니다. 베이즈 정리: P(a | b) = P(b | a) P(a) / P(b).",
    ),
    Fallacy(
        "independence_assumed",
        (P(_a, _b), "=", P(_a) * P(_b)),
        (P(_a, _b), "=", P(_a, given=_b) * P(_b)),
        "A joint probability factorises into marginals only for independent variables; "
        "the product rule is P(a, b) = P(a | b) P(b).",
        "결합 확률은 독립일 때만 주변 확률의 곱이 됩니다. 곱셈 법칙: P(a, b) = P(a | b) P(b).",
    ),
    Fallacy(
        "conditioning_increases_entropy",
        (H(_X, given=_Y), ">=", H(_X)),
        (H(_X, given=_Y), "<=", H(_X)),
        "Conditioning reduces entropy on average: H(X | Y) <= H(X), since "
        "H(X) - H(X | Y) = I(X; Y) >= 0.",
        "조건화는 평균적으로 엔트로피를 줄입니다: H(X) - H(X | Y) = I(X; Y) ≥ 0 이므로 "
        "H(X | Y) ≤ H(X)입니다.",
    ),
    Fallacy(
        "mutual_information_sign",
        (I(_X, _Y), "=", H(_X) + H(_X, given=_Y)),
        (I(_X, _Y), "=", H(_X) - H(_X, given=_Y)),
        "Mutual information is the reduction of entropy: I(X; Y) = H(X) - H(X | Y).",
        "상호 정보량은 엔트로피의 감소량입니다: I(X; Y) = H(X) - H(X | Y).",
    ),
)


def _kinds(expr: sp.Basic) -> dict[str, list[sp.Symbol]]:
    syms = set(expr.atoms(sp.Symbol))
    for node in sp.preorder_traversal(expr):
        if isinstance(node, Notation):
            syms |= set(node.atoms(sp.Symbol))
    kinds: dict[str, list[sp.Symbol]] = {"law": [], "rv": [], "outcome": []}
    for s in sorted(syms, key=str):
        if is_distribution(s):
            kinds["law"].append(s)
        elif is_random_variable(s):
            kinds["rv"].append(s)
        elif is_outcome(s):
            kinds["outcome"].append(s)
    return kinds


def _renamings(template: sp.Basic, target: sp.Basic) -> Iterable[dict]:
    mine, theirs = _kinds(template), _kinds(target)
    choices = []
    for kind in ("law", "rv", "outcome"):
        src, dst = mine[kind], theirs[kind]
        if (
            kind == "law"
            and DEFAULT_DIST in src
            and DEFAULT_DIST not in dst
            and len(dst) < len(src)
        ):
            dst = [*dst, DEFAULT_DIST]
        if len(dst) < len(src):
            return
        choices.append(
            [dict(zip(src, perm, strict=True)) for perm in itertools.permutations(dst, len(src))]
        )
    for parts in itertools.product(*choices):
        yield {k: v for part in parts for k, v in part.items()}


def _same(a: tuple, b: tuple) -> bool:
    return (a[0] == b[0] and a[1] == b[1] and a[2] == b[2]) or (
        a[0] == b[2] and _FLIP[a[1]] == b[1] and a[2] == b[0]
    )


def recognise(lhs: sp.Expr, op: str, rhs: sp.Expr) -> tuple[Fallacy, tuple] | None:
    """The known mistake a claim is an instance of, with the renamed correction."""
    claim = (lhs, op, rhs)
    target = sp.Tuple(lhs, rhs)
    for mistake in FALLACIES:
        wl, wop, wr = mistake.wrong
        for ren in _renamings(sp.Tuple(wl, wr), target):
            wrong = (wl.xreplace(ren), wop, wr.xreplace(ren))
            if _same(wrong, claim):
                rl, rop, rr = mistake.right
                return mistake, (rl.xreplace(ren), rop, rr.xreplace(ren))
    return None


def _text(lhs: sp.Expr, op: str, rhs: sp.Expr) -> str:
    return f"{lhs} {op} {rhs}"
