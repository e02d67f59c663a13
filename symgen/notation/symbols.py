"""Abstract notation for general identities: P(a | b), H(X), D_KL(P || Q), E[X], sums over x.

Every object is an *unevaluated* SymPy expression (a subclass of ``sp.Expr``) that prints as
textbook LaTeX and carries no numbers: :mod:`symgen.verify.models` gives it a concrete meaning on a
random finite model and :mod:`symgen.verify.link` expands it by definitions.

Representation (the contract used by the parser, the rules and the verifier):

* **Names are plain ``sp.Symbol``s.** Their spelling says what they are:

  - *distributions*: ``P Q R p q r`` and anything starting with ``p_ q_ P_ Q_`` (``p_data``,
    ``p_g``, ``q_phi``); see :func:`is_distribution`;
  - *random variables*: other names starting with a capital letter (``X``, ``Y``, ``Z``);
  - *outcomes*: names starting with a lower-case letter (``a``, ``x``, ``y_1``). The outcome
    ``x`` belongs to the random variable ``X`` (upper-cased name, see :func:`random_variable`),
    so ``P(x)`` is the pmf of ``X`` at ``x`` and ``P(X)`` means the same.

* ``Prob(dist, (vars), (given))`` is the value ``dist(vars | given)``: ``P(a, b | c)``,
  ``q(z | x)``, ``p_data(x)``. Every distribution is a joint law over all random variables
  of the model; the default distribution is ``P``.
* Measures of random variables (under ``P`` unless ``dist=`` says otherwise):
  ``Entropy((X, Y), (Z,))`` is H(X, Y | Z); ``MutualInformation((X,), (Y,), (Z,))`` is
  I(X; Y | Z); ``SelfInformation`` is I(x) = -log P(x); ``Variance``, ``Covariance``.
* Measures of distributions: ``Entropy((), (), P)`` is H(P), the entropy of the whole joint
  law ``P``; ``CrossEntropy(P, Q)``, ``KLDivergence(P, Q)`` and ``JSDivergence(P, Q)`` take two
  distribution symbols (over the whole joint) or two ``Prob`` terms with the same variables
  (``D_KL(q(z | x) || p(z | x))`` sums over ``z`` with ``x`` fixed).
* ``OutcomeSum(body, (x, y))`` is the sum over all outcomes of X and Y; inside it ``x`` is
  bound. A bare outcome symbol outside ``Prob`` denotes the numeric value of that outcome
  (so ``Sum(P(x) * x, x)`` is E[X]).
* ``Expectation(body, over)``: ``over`` empty averages over every random variable named in
  ``body`` (capital letters: ``E[X * Y]``, ``E[-log P(X)]``) under ``P``; a distribution
  symbol changes the law; a ``Prob`` term such as ``q(z | x)`` averages over its variables.

Factories (what other modules call): :func:`P`, :func:`Pmf`, :func:`H`, :func:`Hx`, :func:`D`,
:func:`I`, :func:`SelfInfo`, :func:`JSD`, :func:`E`, :func:`Var`, :func:`Cov`, :func:`Sum`.

>>> a, b = sp.symbols("a b")
>>> sp.latex(P(a, given=(b,)))
'P(a \\\\mid b)'
>>> str(D(sp.Symbol("P"), sp.Symbol("Q")))
'D_KL(P || Q)'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import sympy as sp

__all__ = [
    "DEFAULT_DIST",
    "JSD",
    "Cov",
    "Covariance",
    "CrossEntropy",
    "D",
    "E",
    "Entropy",
    "Expectation",
    "H",
    "Hx",
    "I",
    "JSDivergence",
    "KLDivergence",
    "Law",
    "MutualInformation",
    "Notation",
    "OutcomeSum",
    "P",
    "ParamProb",
    "Pmf",
    "Prob",
    "SelfInfo",
    "SelfInformation",
    "Sum",
    "Var",
    "Variance",
    "is_distribution",
    "is_outcome",
    "is_random_variable",
    "outcome_symbol",
    "random_variable",
]

DEFAULT_DIST = sp.Symbol("P")
_DIST_NAME = re.compile(r"^([PQRpqr]|[PpQq]_.*)$")


# --------------------------------------------------------------------------- name kinds
@functools.lru_cache(maxsize=4096)
def is_distribution(sym: sp.Basic) -> bool:
    """True for a symbol named like a distribution (``P``, ``q``, ``p_data``, ``q_phi``).

    >>> is_distribution(sp.Symbol("p_data")), is_distribution(sp.Symbol("X"))
    (True, False)
    """
    return isinstance(sym, sp.Symbol) and bool(_DIST_NAME.match(sym.name))


def is_random_variable(sym: sp.Basic) -> bool:
    """True for a capitalised symbol that is not a distribution (``X``, ``Y_1``)."""
    return isinstance(sym, sp.Symbol) and sym.name[:1].isupper() and not is_distribution(sym)


def is_outcome(sym: sp.Basic) -> bool:
    """True for a lower-case symbol that is not a distribution (``a``, ``x``, ``z_2``)."""
    return isinstance(sym, sp.Symbol) and sym.name[:1].islower() and not is_distribution(sym)


@functools.lru_cache(maxsize=4096)
def random_variable(sym: sp.Symbol) -> sp.Symbol:
    """The random variable an outcome (or variable) symbol belongs to: ``x -> X``.

    Trailing primes are dropped, so ``x'`` (a renamed bound outcome) is still an outcome of X.

    >>> random_variable(sp.Symbol("x_1"))
    X_1
    """
    name = sym.name.rstrip("'")
    return sp.Symbol(name[:1].upper() + name[1:])


def outcome_symbol(rv: sp.Symbol) -> sp.Symbol:
    """The outcome symbol that ranges over a random variable: ``X -> x``."""
    name = rv.name
    return sp.Symbol(name[:1].lower() + name[1:])


def _sym(value: Any) -> sp.Basic:
    """Trusted-code convenience: a ``str`` is a symbol name (never parsed or sympified)."""
    if isinstance(value, str):
        return sp.Symbol(value)
    if isinstance(value, sp.Basic):
        return value
    raise TypeError(f"expected a SymPy symbol or a name, got {value!r}")


def _tuple(values: Any) -> sp.Tuple:
    """Outcome or variable names: symbols only (P(1) or P(x + 1) is not notation)."""
    if isinstance(values, (str, sp.Basic)):
        values = (values,)
    syms = [_sym(v) for v in values]
    bad = [v for v in syms if not isinstance(v, (sp.Symbol, sp.Indexed))]
    if bad:
        raise TypeError(f"expected outcome or variable names, got {bad[0]}")
    return sp.Tuple(*syms)


def _join(printer: Any, items: Iterable[sp.Basic], sep: str = ", ") -> str:
    return sep.join(printer._print(item) for item in items)


def _dist_prefix(printer: Any, dist: sp.Basic) -> str:
    return "" if dist == DEFAULT_DIST else f"_{{{printer._print(dist)}}}"


# --------------------------------------------------------------------------- base class
class Notation(sp.Expr):
    """Base of all notation objects: commutative, unevaluated, never auto-simplified."""

    is_commutative = True

    def _eval_is_extended_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def _eval_is_complex(self) -> bool:
        return True

    def __str__(self) -> str:
        return self._sympystr(sp.printing.str.StrPrinter())

    __repr__ = __str__


class Prob(Notation):
    """``dist(vars | given)``: a probability (mass) value, positive on every model we draw.

    >>> a, b, c = sp.symbols("a b c")
    >>> str(P(a, b, given=(c,)))
    'P(a, b | c)'
    """

    @property
    def dist(self) -> sp.Basic:
        return self.args[0]

    @property
    def variables(self) -> sp.Tuple:
        return self.args[1]

    @property
    def given(self) -> sp.Tuple:
        return self.args[2]

    def _eval_is_positive(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        inner = _join(printer, self.variables)
        if self.given:
            inner += r" \mid " + _join(printer, self.given)
        return f"{printer._print(self.dist)}({inner})"

    def _sympystr(self, printer: Any) -> str:
        inner = _join(printer, self.variables)
        if self.given:
            inner += " | " + _join(printer, self.given)
        return f"{printer._print(self.dist)}({inner})"


class ParamProb(Prob):
    """``dist(vars | given; params)``: a law with parameters, p(x; theta) (a ``Prob`` too).

    >>> x, t = sp.symbols("x theta")
    >>> str(ParamProb(sp.Symbol("p"), sp.Tuple(x), sp.Tuple(), sp.Tuple(t)))
    'p(x; theta)'
    """

    @property
    def params(self) -> sp.Tuple:
        return self.args[3]

    def _latex(self, printer: Any) -> str:
        return super()._latex(printer)[:-1] + "; " + _join(printer, self.params) + ")"

    def _sympystr(self, printer: Any) -> str:
        return super()._sympystr(printer)[:-1] + "; " + _join(printer, self.params) + ")"


class Law(Notation):
    """Base of laws written by formula (Bern(p), (P + Q)/2, P(X)P(Y)): see notation.laws.

    ``variables`` is empty for a law of the whole model, else the outcomes it is a law of.
    """

    @property
    def variables(self) -> sp.Tuple:
        return sp.Tuple()


class Entropy(Notation):
    """H(X, Y | Z) under a distribution; with no variables, H(dist) of the whole joint."""

    @property
    def variables(self) -> sp.Tuple:
        return self.args[0]

    @property
    def given(self) -> sp.Tuple:
        return self.args[1]

    @property
    def dist(self) -> sp.Basic:
        return self.args[2]

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _render(self, printer: Any, bar: str) -> str:
        if not self.variables:
            return f"H({printer._print(self.dist)})"
        inner = _join(printer, self.variables)
        if self.given:
            inner += bar + _join(printer, self.given)
        return f"H{_dist_prefix(printer, self.dist)}({inner})"

    def _latex(self, printer: Any) -> str:
        return self._render(printer, r" \mid ")

    def _sympystr(self, printer: Any) -> str:
        return self._render(printer, " | ")


class _TwoLaws(Notation):
    """A measure of two laws: two distribution symbols or two ``Prob`` terms."""

    @property
    def p(self) -> sp.Basic:
        return self.args[0]

    @property
    def q(self) -> sp.Basic:
        return self.args[1]


class CrossEntropy(_TwoLaws):
    """H(P, Q) = -sum_x P(x) log Q(x)."""

    def _latex(self, printer: Any) -> str:
        return f"H({printer._print(self.p)}, {printer._print(self.q)})"

    def _sympystr(self, printer: Any) -> str:
        return f"H({printer._print(self.p)}, {printer._print(self.q)})"


class KLDivergence(_TwoLaws):
    """D_KL(P || Q) = sum_x P(x) log(P(x) / Q(x))."""

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return rf"D_{{\mathrm{{KL}}}}({printer._print(self.p)} \,\|\, {printer._print(self.q)})"

    def _sympystr(self, printer: Any) -> str:
        return f"D_KL({printer._print(self.p)} || {printer._print(self.q)})"


class JSDivergence(_TwoLaws):
    """JSD(P || Q) = D(P || M)/2 + D(Q || M)/2 with M = (P + Q)/2."""

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return rf"\mathrm{{JSD}}({printer._print(self.p)} \,\|\, {printer._print(self.q)})"

    def _sympystr(self, printer: Any) -> str:
        return f"JSD({printer._print(self.p)} || {printer._print(self.q)})"


class MutualInformation(Notation):
    """I(X; Y | Z) under a distribution (default ``P``)."""

    @property
    def left(self) -> sp.Tuple:
        return self.args[0]

    @property
    def right(self) -> sp.Tuple:
        return self.args[1]

    @property
    def given(self) -> sp.Tuple:
        return self.args[2]

    @property
    def dist(self) -> sp.Basic:
        return self.args[3]

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _render(self, printer: Any, bar: str) -> str:
        inner = f"{_join(printer, self.left)}; {_join(printer, self.right)}"
        if self.given:
            inner += bar + _join(printer, self.given)
        return f"I{_dist_prefix(printer, self.dist)}({inner})"

    def _latex(self, printer: Any) -> str:
        return self._render(printer, r" \mid ")

    def _sympystr(self, printer: Any) -> str:
        return self._render(printer, " | ")


class SelfInformation(Notation):
    """I(x) = -log P(x), the surprisal of outcome(s) ``x``."""

    @property
    def variables(self) -> sp.Tuple:
        return self.args[0]

    @property
    def dist(self) -> sp.Basic:
        return self.args[1]

    def _latex(self, printer: Any) -> str:
        return f"I{_dist_prefix(printer, self.dist)}({_join(printer, self.variables)})"

    def _sympystr(self, printer: Any) -> str:
        return f"I{_dist_prefix(printer, self.dist)}({_join(printer, self.variables)})"


class Expectation(Notation):
    """E[body]; ``over`` is ``()`` (all random variables under P), a law, or a Prob term."""

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def over(self) -> sp.Basic:
        return self.args[1]

    def _latex(self, printer: Any) -> str:
        sub = "" if self.over == sp.Tuple() else f"_{{{printer._print(self.over)}}}"
        return rf"\mathbb{{E}}{sub}[{printer._print(self.body)}]"

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.over == sp.Tuple() else f"_{{{printer._print(self.over)}}}"
        return f"E{sub}[{printer._print(self.body)}]"


class Variance(Notation):
    """Var(X) = E[(X - E[X])^2]."""

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{Var}}({printer._print(self.args[0])})"

    def _sympystr(self, printer: Any) -> str:
        return f"Var({printer._print(self.args[0])})"


class Covariance(Notation):
    """Cov(X, Y) = E[(X - E[X])(Y - E[Y])]."""

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{Cov}}({_join(printer, self.args)})"

    def _sympystr(self, printer: Any) -> str:
        return f"Cov({_join(printer, self.args)})"


class OutcomeSum(Notation):
    """sum over all outcomes of the random variables of ``over``; ``over`` symbols are bound."""

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def over(self) -> sp.Tuple:
        return self.args[1]

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return self.body.free_symbols - set(self.over)

    def _eval_is_positive(self) -> bool | None:
        return self.body.is_positive

    def _latex(self, printer: Any) -> str:
        body = printer._print(self.body)
        if isinstance(self.body, sp.Add):
            body = rf"\left({body}\right)"
        return rf"\sum_{{{_join(printer, self.over)}}} {body}"

    def _sympystr(self, printer: Any) -> str:
        return f"sum_{{{_join(printer, self.over)}}} ({printer._print(self.body)})"


# --------------------------------------------------------------------------- factories
def _law(value: Any) -> sp.Basic:
    law = _sym(value)
    if not (is_distribution(law) or isinstance(law, (Prob, Law))):
        raise TypeError(f"expected a distribution symbol or a Prob term, got {law}")
    return law


def _is_term(law: sp.Basic) -> bool:
    """A law of some outcomes (``q(z | x)``, ``P(X)P(Y)``), not of the whole model."""
    return isinstance(law, Prob) or (isinstance(law, Law) and bool(law.variables))


def _laws(p: Any, q: Any) -> tuple[sp.Basic, sp.Basic]:
    """Two laws of the same kind: two distribution names, or Prob terms over the same outcomes."""
    p, q = _law(p), _law(q)
    if _is_term(p) != _is_term(q):
        raise TypeError(f"cannot compare a law with a probability term: {p}, {q}")
    if _is_term(p) and set(p.variables) != set(q.variables):
        raise TypeError(f"{p} and {q} are laws of different outcomes")
    return p, q


def P(*variables: Any, given: Any = (), dist: Any = DEFAULT_DIST) -> Prob:
    """P(vars | given) under ``dist`` (default ``P``).

    >>> a, b = sp.symbols("a b")
    >>> sp.latex(P(a, given=(b,)))
    'P(a \\\\mid b)'
    """
    return Prob(_sym(dist), _tuple(variables), _tuple(given))


def Pmf(dist: Any, *variables: Any, given: Any = ()) -> Prob:
    """``dist(vars | given)`` for a named law: ``Pmf("q", "z", given="x")`` is q(z | x)."""
    return P(*variables, given=given, dist=dist)


def H(*variables: Any, given: Any = (), dist: Any = DEFAULT_DIST) -> Notation:
    """Entropy: H(X), H(X, Y), H(X | Y); H(P) for a law; H(P, Q) (two laws) is cross-entropy.

    >>> X, Y = sp.symbols("X Y")
    >>> sp.latex(H(X, given=(Y,)))
    'H(X \\\\mid Y)'
    >>> type(H(sp.Symbol("P"), sp.Symbol("Q"))).__name__
    'CrossEntropy'
    """
    syms = tuple(_sym(v) for v in variables)
    if syms and all(is_distribution(s) or isinstance(s, Law) for s in syms) and not given:
        if len(syms) == 1:
            return Entropy(sp.Tuple(), sp.Tuple(), syms[0])
        if len(syms) == 2:
            return Hx(*syms)
    return Entropy(_tuple(syms), _tuple(given), _sym(dist))


def Hx(p: Any, q: Any) -> CrossEntropy:
    """Cross-entropy H(P, Q) of two laws."""
    return CrossEntropy(*_laws(p, q))


def D(p: Any, q: Any) -> KLDivergence:
    r"""Kullback-Leibler divergence D_KL(P || Q).

    >>> sp.latex(D("P", "Q"))
    'D_{\\mathrm{KL}}(P \\,\\|\\, Q)'
    """
    return KLDivergence(*_laws(p, q))


def JSD(p: Any, q: Any) -> JSDivergence:
    """Jensen-Shannon divergence JSD(P || Q)."""
    return JSDivergence(*_laws(p, q))


def I(x: Any, y: Any, given: Any = (), dist: Any = DEFAULT_DIST) -> MutualInformation:  # noqa: E743
    """Mutual information I(X; Y | Z); ``x``/``y`` may be a symbol or a tuple of symbols.

    >>> str(I("X", "Y", given="Z"))
    'I(X; Y | Z)'
    """
    return MutualInformation(_tuple(x), _tuple(y), _tuple(given), _sym(dist))


def SelfInfo(*variables: Any, dist: Any = DEFAULT_DIST) -> SelfInformation:
    """Self-information I(x) = -log P(x)."""
    return SelfInformation(_tuple(variables), _sym(dist))


def E(body: Any, over: Any = None) -> Expectation:
    """Expectation E[body], optionally under a law or a Prob term: E_{q(z|x)}[...]."""
    law = sp.Tuple() if over is None else _law(over)
    if isinstance(body, int):
        body = sp.Integer(body)
    if not isinstance(body, sp.Expr):
        raise TypeError(f"expected a SymPy expression, got {body!r}")
    return Expectation(body, law)


def Var(x: Any) -> Variance:
    r"""Variance Var(X).

    >>> sp.latex(Var("X"))
    '\\operatorname{Var}(X)'
    """
    return Variance(_sym(x))


def Cov(x: Any, y: Any) -> Covariance:
    """Covariance Cov(X, Y)."""
    return Covariance(_sym(x), _sym(y))


def Sum(body: Any, *over: Any) -> OutcomeSum:
    """Sum over outcomes: ``Sum(P(x) * log(Q(x)), x)`` is sum_x P(x) log Q(x).

    >>> x = sp.Symbol("x")
    >>> sp.latex(Sum(P(x), x))
    '\\\\sum_{x} P(x)'
    """
    if not over:
        raise TypeError("Sum needs at least one outcome symbol to sum over")
    return OutcomeSum(body, _tuple(over))
