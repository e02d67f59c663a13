"""Data for the sheet's pictures, computed by the engine and handed to TikZ/pgfplots templates.

Every number drawn comes from symgen: the joint table from ``independent(die, coin)``, the
bar chart from ``sum_of`` two dice, the curves from ``entropy`` and ``kl_divergence`` of
Bernoulli distributions, evaluated exactly and rounded only when written as a coordinate.
Coordinates are formatted with a fixed number of digits, so the .tex is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

from symgen.notation.tex import Latex, latex_of, value_latex

__all__ = [
    "JointCell",
    "JointLabel",
    "JointPicture",
    "PlotPicture",
    "Series",
    "binary_entropy_plot",
    "coordinates",
    "joint_picture",
    "kl_asymmetry_plot",
    "pmf_bar_plot",
]

_GRID = 40  # points per curve


@dataclass(frozen=True)
class Series:
    """One curve or bar set: pgfplots style, coordinates, legend (LaTeX maths)."""

    style: Latex
    coordinates: Latex
    legend: str = ""  # LaTeX maths, engine-made


@dataclass(frozen=True)
class PlotPicture:
    """A pgfplots axis with one or more series."""

    options: Latex
    xlabel: Latex
    ylabel: Latex
    series: tuple[Series, ...]
    caption: str
    template: str = "plot.tex.j2"


@dataclass(frozen=True)
class JointCell:
    """One shaded cell of the joint-table picture."""

    corner: Latex
    centre: Latex
    shade: Latex
    label: Latex


@dataclass(frozen=True)
class JointLabel:
    """A header or marginal label placed beside the grid."""

    at: Latex
    anchor: Latex
    text: Latex


@dataclass(frozen=True)
class JointPicture:
    """The joint table of two variables as a TikZ grid with its marginals."""

    cells: tuple[JointCell, ...]
    labels: tuple[JointLabel, ...]
    cell_width: Latex
    caption: str
    template: str = "joint_table.tex.j2"


def _num(value: float) -> str:
    """Fixed-point text of a float, without a negative zero."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def coordinates(points: Iterable[tuple[float, float]]) -> Latex:
    """pgfplots ``(x,y)`` list with fixed digits.

    >>> coordinates([(0, 0.5), (1, 1 / 3)])
    '(0,0.5) (1,0.33333)'
    """
    return Latex(" ".join(f"({_num(x)},{_num(y)})" for x, y in points))


def _at(x: float, y: float) -> Latex:
    return Latex(f"({_num(x)},{_num(y)})")


def joint_picture(dist: object, caption: str) -> JointPicture:
    """Cells of a two-variable joint (first variable across), shaded, with both marginals."""
    from symgen.core.distribution import Distribution

    if not isinstance(dist, Distribution) or len(dist.variables) != 2:
        raise TypeError("joint_picture needs a Distribution of two variables")
    first, second = dist.variables
    cols, rows = dist.outcomes(first), dist.outcomes(second)
    cells = dist.cells()
    top = max(cells.values(), key=lambda v: float(v))
    grid = tuple(
        _cell(i, -j, cells[(c, r)], top) for j, r in enumerate(rows) for i, c in enumerate(cols)
    )
    labels = _headers(first, cols, second, rows) + _marginals(dist, first, cols, second, rows)
    return JointPicture(grid, labels, Latex("1.25cm"), caption)


def _cell(x: int, y: int, prob: sp.Expr, top: sp.Expr) -> JointCell:
    shade = Latex(str(round(45 * float(prob / top))))
    return JointCell(_at(x, y), _at(x + 0.5, y + 0.5), shade, latex_of(prob))


def _headers(first: str, cols: Sequence, second: str, rows: Sequence) -> tuple[JointLabel, ...]:
    heads = [
        JointLabel(_at(i + 0.5, 1.3), Latex(""), _math(rf"{_var(first)}={value_latex(c)}"))
        for i, c in enumerate(cols)
    ]
    sides = [
        JointLabel(_at(-0.1, -j + 0.5), Latex("left"), _math(rf"{_var(second)}={value_latex(r)}"))
        for j, r in enumerate(rows)
    ]
    return tuple(heads + sides)


def _marginals(
    dist: object, first: str, cols: Sequence, second: str, rows: Sequence
) -> tuple[JointLabel, ...]:
    below = -len(rows) + 0.5
    across = dist.marginal(first).to_pmf()  # type: ignore[attr-defined]
    down = dist.marginal(second).to_pmf()  # type: ignore[attr-defined]
    bottom = [
        JointLabel(_at(i + 0.5, below), Latex(""), _math(latex_of(across[c])))
        for i, c in enumerate(cols)
    ]
    right = [
        JointLabel(_at(len(cols) + 0.2, -j + 0.5), Latex("right"), _math(latex_of(down[r])))
        for j, r in enumerate(rows)
    ]
    name = JointLabel(_at(-0.1, below), Latex("left"), _math(rf"P({_var(first)})"))
    return (*bottom, *right, name)


def _var(name: str) -> str:
    return rf"\mathit{{{latex_of(name)[6:-1]}}}"  # strip \text{...} around the escaped name


def _math(body: str) -> Latex:
    return Latex(f"${body}$")


def _curve(expr: sp.Expr, var: sp.Symbol, grid: Sequence[sp.Rational]) -> Latex:
    """Coordinates of a symbolic curve: the engine's formula, evaluated in floating point."""
    fn = sp.lambdify(var, expr, "math")
    return coordinates((float(t), fn(float(t))) for t in grid)


def _grid(n: int = _GRID, *, ends: bool = True) -> list[sp.Rational]:
    inner = [sp.Rational(k, n) for k in range(1, n)]
    return [sp.Integer(0), *inner, sp.Integer(1)] if ends else inner


def pmf_bar_plot(dist: object, caption: str) -> PlotPicture:
    """Bar chart of a one-variable pmf (numeric outcomes)."""
    pmf = dist.to_pmf()  # type: ignore[attr-defined]
    (name,) = dist.variables  # type: ignore[attr-defined]
    coords = coordinates((float(x), float(p)) for x, p in pmf.items())
    ticks = ",".join(_num(float(x)) for x in pmf)
    options = Latex(
        f"ybar, bar width=0.5, ymin=0, xtick={{{ticks}}}, scaled y ticks=false, "
        "yticklabel style={/pgf/number format/fixed}"
    )
    style = Latex("fill=blue!35, draw=blue!60!black")
    var = _var(name)
    return PlotPicture(options, Latex(var), Latex(f"P({var})"), (Series(style, coords),), caption)


def binary_entropy_plot(caption: str) -> PlotPicture:
    """H(p) in bits of a Bernoulli(p) on a grid in [0, 1]: the engine's formula, plotted.

    The ends p = 0 and p = 1 (where 0 log 0 = 0) are the engine's exact values.
    """
    from symgen.core.constructors import bernoulli
    from symgen.core.measures import entropy
    from symgen.core.parameters import symbols

    p = symbols("p", probability=True)
    formula = entropy(bernoulli("x", p), base=2)
    ends = [(float(t), float(entropy(bernoulli("x", t), base=2))) for t in (0, 1)]
    inner = coordinates(
        (float(t), float(sp.lambdify(p, formula, "math")(float(t)))) for t in _grid(ends=False)
    )
    coords = Latex(f"{coordinates(ends[:1])} {inner} {coordinates(ends[1:])}")
    series = Series(Latex("thick, blue!70!black"), coords)
    options = Latex("xmin=0, xmax=1, ymin=0, ymax=1.05, grid=major")
    return PlotPicture(options, Latex("p"), Latex(r"H(p)\ [\mathrm{bit}]"), (series,), caption)


def kl_asymmetry_plot(anchor: sp.Rational, caption: str) -> PlotPicture:
    """D(P‖Q) and D(Q‖P) in bits for P = Bernoulli(anchor), Q = Bernoulli(q), q on a grid."""
    from symgen.core.constructors import bernoulli
    from symgen.core.measures import kl_divergence
    from symgen.core.parameters import symbols

    q = symbols("q", probability=True)
    fixed, moving = bernoulli("x", anchor), bernoulli("x", q)
    grid = _grid(ends=False)
    forward = _curve(kl_divergence(fixed, moving, base=2), q, grid)
    backward = _curve(kl_divergence(moving, fixed, base=2), q, grid)
    dashed = Latex("thick, dashed, red!70!black")
    # plain labels; which P and Q they mean is said once, in the caption
    series = (
        Series(Latex("thick, blue!70!black"), forward, Latex(r"D_{\mathrm{KL}}(P \,\|\, Q)")),
        Series(dashed, backward, Latex(r"D_{\mathrm{KL}}(Q \,\|\, P)")),
    )
    options = Latex("xmin=0, xmax=1, ymin=0, ymax=3, grid=major, restrict y to domain=0:3")
    where = f"P = Bernoulli({anchor}), Q = Bernoulli(q)"
    return PlotPicture(options, Latex("q"), Latex(r"\mathrm{bit}"), series, f"{caption} {where}")
