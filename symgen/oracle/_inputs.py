"""Input domains: seeded valid inputs for each target, the hard cases first."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from symgen.oracle._references import Case

# --- input domains --------------------------------------------------------------------------


def _arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / v.sum()


def random_pmf(rng: np.random.Generator, k: int, kind: str = "flat") -> np.ndarray:
    """A float pmf of k outcomes: flat/sparse/peaked Dirichlet, with zeros, tiny or one-hot."""
    if kind == "onehot":
        return np.eye(k)[rng.integers(k)]
    if kind == "uniform":
        return np.full(k, 1.0 / k)
    alpha = {"sparse": 0.3, "peaked": 5.0}.get(kind, 1.0)
    v = np.maximum(rng.dirichlet(np.full(k, alpha)), 1e-15)
    if kind == "zeros":
        v[rng.choice(k, size=int(rng.integers(1, k)), replace=False)] = 0.0
    if kind == "tiny":
        v[rng.integers(k)] = 1e-12 * rng.uniform(0.5, 2.0)
    return _normalise(v)


def _nudge(p: np.ndarray) -> np.ndarray:
    """p moved by 1e-8 between its two largest entries: a near-identical pmf."""
    q = p.copy()
    i, j = np.argsort(p)[-2:]
    q[i] -= 1e-8
    q[j] += 1e-8
    return q


_KS = (2, 3, 4, 5, 6, 7, 8, 11, 16, 33)  # sizes vary: code may break only at some k


def _pair(rng: np.random.Generator, k: int, kind: str) -> Case:
    """(p, q) with supp p inside supp q, so D_KL(p||q) and H(p, q) are finite."""
    if kind == "near":
        p = random_pmf(rng, k)
        return p, _nudge(p)
    if kind == "equal":
        p = random_pmf(rng, k, "sparse")
        return p, p.copy()
    if kind == "shared_zeros":
        p = random_pmf(rng, k, "zeros")
        q = random_pmf(rng, k) * ((p > 0) | (rng.random(k) < 0.5))
        return p, _normalise(q)
    pkind, qkind = {
        "p_zeros": ("zeros", "flat"),
        "tiny_p": ("tiny", "flat"),
        "tiny_q": ("flat", "tiny"),
        "onehot": ("onehot", "flat"),
    }.get(kind, (kind, kind))
    return random_pmf(rng, k, pkind), random_pmf(rng, k, qkind)


_PAIR_KINDS = ("flat", "p_zeros", "near", "tiny_p", "sparse", "shared_zeros", "tiny_q", "equal")


def _fill(
    fixed: Sequence[Case], n: int, rng: np.random.Generator, make: Callable[[int], Case]
) -> list[Case]:
    cases = list(fixed[:n])
    cases.extend(make(i) for i in range(n - len(cases)))
    return cases


def _kl_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25), _arr(0.125, 0.5, 0.375)),
        (_arr(0.5, 0.5, 0.0), _arr(0.25, 0.25, 0.5)),
        (_arr(0.75, 0.0, 0.25), _arr(0.5, 0.0, 0.5)),
        (_arr(0.25, 0.75), _arr(0.25, 0.75)),
        (_arr(0.5, 0.5), _arr(0.5 + 1e-8, 0.5 - 1e-8)),
        (_arr(1e-12, 1 - 1e-12), _arr(0.5, 0.5)),
        (_arr(0.5, 0.5), _arr(1e-12, 1 - 1e-12)),
    ]

    def make(i: int) -> Case:
        return _pair(rng, _KS[i % len(_KS)], _PAIR_KINDS[(i // len(_KS)) % len(_PAIR_KINDS)])

    return _fill(fixed, n, rng, make)


def _js_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25), _arr(0.125, 0.5, 0.375)),
        (_arr(0.5, 0.5, 0.0, 0.0), _arr(0.0, 0.0, 0.5, 0.5)),
        (_arr(0.5, 0.5, 0.0), _arr(0.25, 0.25, 0.5)),
        (_arr(0.25, 0.25, 0.5), _arr(0.5, 0.5, 0.0)),
    ]

    def make(i: int) -> Case:
        k = _KS[i % len(_KS)]
        if i % 5 == 4:
            return random_pmf(rng, k, "sparse"), random_pmf(rng, k, "zeros")
        return _pair(rng, k, _PAIR_KINDS[(i // len(_KS)) % len(_PAIR_KINDS)])

    return _fill(fixed, n, rng, make)


_ONE_KINDS = ("flat", "zeros", "tiny", "sparse", "onehot", "uniform", "peaked")


def _entropy_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(0.5, 0.25, 0.25),),
        (_arr(0.5, 0.5, 0.0),),
        (_arr(1.0, 0.0),),
        (_arr(1e-12, 1 - 1e-12),),
        (_arr(0.125, 0.125, 0.25, 0.5),),
    ]

    def make(i: int) -> Case:
        kind = _ONE_KINDS[(i // len(_KS)) % len(_ONE_KINDS)]
        return (random_pmf(rng, _KS[i % len(_KS)], kind),)

    return _fill(fixed, n, rng, make)


_SHAPES = ((2, 2), (2, 3), (3, 2), (3, 4), (4, 5), (5, 2), (2, 7), (6, 6))


def _table(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> np.ndarray:
    a, b = shape
    if kind == "independent":
        return np.outer(random_pmf(rng, a), random_pmf(rng, b))
    if kind == "diagonal":
        t = np.zeros(shape)
        m = min(a, b)
        t[np.arange(m), np.arange(m)] = random_pmf(rng, m)
        return t
    return random_pmf(rng, a * b, kind).reshape(shape)


_TABLE_KINDS = ("flat", "zeros", "independent", "tiny", "diagonal", "sparse")


def _mi_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (np.array([[0.375, 0.125], [0.125, 0.375]]),),
        (np.array([[0.5, 0.0], [0.0, 0.5]]),),
        (np.array([[0.25, 0.25], [0.25, 0.25]]),),
        (np.array([[0.25, 0.0, 0.25], [0.125, 0.25, 0.125]]),),
    ]

    def make(i: int) -> Case:
        kind = _TABLE_KINDS[(i // len(_SHAPES)) % len(_TABLE_KINDS)]
        return (_table(rng, _SHAPES[i % len(_SHAPES)], kind),)

    return _fill(fixed, n, rng, make)


def _scalar_case(*values: float) -> Case:
    return tuple(np.array(v, dtype=float) for v in values)


def _bce_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [_scalar_case(*c) for c in ((1, 0.75), (0, 0.25), (0.25, 0.5), (0, 0.0), (1, 1.0))]
    fixed += [_scalar_case(*c) for c in ((1, 1e-12), (0, 1 - 1e-12), (1, 1 - 1e-12), (0.5, 1e-12))]

    def make(i: int) -> Case:
        y = (0.0, 1.0, float(rng.random()))[i % 3]
        p = (float(rng.random()), 10.0 ** -rng.uniform(6, 13), 1 - 10.0 ** -rng.uniform(6, 12))
        return _scalar_case(y, p[(i // 3) % 3])

    return _fill(fixed, n, rng, make)


def _bce_logits_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [_scalar_case(*c) for c in ((1, 2.0), (0, -1.5), (0.25, 0.5), (1, 0.0))]
    fixed += [_scalar_case(*c) for c in ((0, 40.0), (1, -40.0), (0, 800.0), (1, -800.0))]
    fixed += [_scalar_case(*c) for c in ((1, 800.0), (0, -800.0), (0.5, 1e-10), (1, 20.0))]

    def make(i: int) -> Case:
        y = (0.0, 1.0, float(rng.random()))[i % 3]
        scale = (1.0, 5.0, 30.0, 300.0)[(i // 3) % 4]
        return _scalar_case(y, float(rng.normal() * scale))

    return _fill(fixed, n, rng, make)


def _softmax_cases(rng: np.random.Generator, n: int) -> list[Case]:
    fixed = [
        (_arr(1.0, 0.0, 0.0), _arr(2.0, 1.0, 0.0)),
        (_arr(0.25, 0.75), _arr(-1.0, 1.0)),
        (_arr(0.0, 1.0, 0.0), _arr(1000.0, 0.0, -1000.0)),
        (_arr(0.5, 0.5, 0.0), _arr(800.0, 799.0, 0.0)),
    ]

    def make(i: int) -> Case:
        k = _KS[i % len(_KS)]
        kind = ("onehot", "flat", "zeros")[(i // len(_KS)) % 3]
        scale = (1.0, 10.0, 500.0)[(i // 15) % 3]
        return random_pmf(rng, k, kind), rng.normal(size=k) * scale

    return _fill(fixed, n, rng, make)


_DS = (1, 2, 3, 4, 5, 7, 8, 16)


def _gaussian_cases(rng: np.random.Generator, n: int, *, logvar: bool) -> list[Case]:
    def spread(d: int, sigma: np.ndarray) -> np.ndarray:
        return 2 * np.log(sigma) if logvar else sigma

    fixed = [
        (_arr(0.0), spread(1, _arr(1.0))),
        (_arr(1.0, -2.0), spread(2, _arr(0.5, 1.5))),
        (_arr(0.5, 0.0, -0.5), spread(3, _arr(1.0, 1.0, 1.0))),
        (_arr(1e-8, 0.0), spread(2, _arr(1.0 + 1e-8, 1.0 - 1e-8))),
        (_arr(100.0, -3.0), spread(2, _arr(1e-6, 1e3))),
    ]

    def make(i: int) -> Case:
        d = _DS[i % len(_DS)]
        scale = (1.0, 0.1, 3.0, 1e-4)[(i // len(_DS)) % 4]
        mu = rng.normal(size=d) * scale
        sigma = np.exp(rng.normal(size=d) * scale)
        return mu, spread(d, sigma)

    return _fill(fixed, n, rng, make)
