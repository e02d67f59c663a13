"""Textbook notation read as a textbook writes it: the parsed structure, not just no error.

Each row is ``(text, expected)``; ``expected`` is built from :mod:`symgen.notation` objects
and compared structurally (``==``), so a misread (``C(G)`` as C*G, ``\\prod_{i=1}^3 p(x_i)``
as p(x_i)^3) fails.
"""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symgen import errors
from symgen.notation import laws, operators
from symgen.notation import symbols as notation
from symgen.parsing.budget import time_budget
from symgen.parsing.parser import Claim, parse, parse_assumptions, parse_claim, parse_relation

# Plain symbols: what the notation uses once probability notation appears in an input.
X, Y, Z, A, B, G, Dd = sp.symbols("X Y Z A B G D")
x, y, z, a, b = sp.symbols("x y z a b")
P, Q, pd, qd, p_data, p_g = sp.symbols("P Q p q p_data p_g")
theta, n, k = sp.symbols("theta n k")
i = sp.Symbol("i", integer=True)
# Real symbols: the defaults of an input without notation.
ar, br, Xr, Yr, nr, thr, pr = sp.symbols("a b X Y n theta p", real=True)
xr_base = sp.IndexedBase(sp.Symbol("x", real=True))
x_base = sp.IndexedBase(x)
HALF = sp.Rational(1, 2)
log = sp.log


def _mixture(*parts: tuple[sp.Expr, sp.Basic]) -> laws.Mixture:
    weights, components = zip(*parts, strict=True)
    return laws.Mixture(sp.Tuple(*weights), sp.Tuple(*components))


def _ce(body: sp.Expr, *given: sp.Symbol) -> operators.ConditionalExpectation:
    return operators.ConditionalExpectation(body, sp.Tuple(*given), P)


def _pp(dist: sp.Symbol, var: sp.Basic, *params: sp.Basic) -> notation.ParamProb:
    return notation.ParamProb(dist, sp.Tuple(var), sp.Tuple(), sp.Tuple(*params))


BERN_P, BERN_Q = laws.BernoulliLaw(sp.Symbol("p")), laws.BernoulliLaw(sp.Symbol("q"))
M = _mixture((HALF, P), (HALF, Q))
V_GD = operators.GANValue(G, Dd)

#: (text, expected structure): products of random variables, conditioning, laws, GAN, ...
TEXTBOOK = [
    # products and scalar multiples of random variables
    ("aX + b", ar * Xr + br),
    ("XY", Xr * Yr),
    ("E[aX + b]", notation.E(a * X + b)),
    ("E[aX+b] ", notation.E(a * X + b)),
    (r"\mathbb{E}[aX + b]", notation.E(a * X + b)),
    ("aE[X] + b", a * notation.E(X) + b),
    (r"a\,\mathbb{E}[X] + b", a * notation.E(X) + b),
    ("E[XY]", notation.E(X * Y)),
    (r"\mathbb{E}[XY]", notation.E(X * Y)),
    ("Var(X+Y)", notation.Var(X + Y)),
    (r"\operatorname{Var}(X + Y)", notation.Var(X + Y)),
    ("Var(aX + b)", notation.Var(a * X + b)),
    ("Var(2X)", notation.Var(2 * X)),
    ("Cov(X+Y, Z)", notation.Cov(X + Y, Z)),
    ("Cov(aX, Y)", notation.Cov(a * X, Y)),
    # conditional expectation and events
    ("E[X|Y]", _ce(X, Y)),
    (r"\mathbb{E}[X \mid Y]", _ce(X, Y)),
    ("E[X | Y = y]", _ce(X, y)),
    (r"\mathbb{E}[X \mid Y = y]", _ce(X, y)),
    ("E[X | Y, Z]", _ce(X, Y, Z)),
    ("E[E[X|Y]]", notation.E(_ce(X, Y))),
    ("P(B = b)", notation.P(b)),
    ("P(A = a | B = b)", notation.P(a, given=(b,))),
    ("P(X = x, Y = y)", notation.P(x, y)),
    (r"P(A = a \mid B = b)", notation.P(a, given=(b,))),
    # named laws, mixtures and products inside measures
    ("H(Bern(p))", notation.H(BERN_P)),
    ("D_KL(Bern(p) || Bern(q))", notation.D(BERN_P, BERN_Q)),
    (r"D_{\mathrm{KL}}(\mathrm{Bern}(p) \,\|\, \mathrm{Bern}(q))", notation.D(BERN_P, BERN_Q)),
    (
        "D_KL(Bernoulli(1/2) || Bernoulli(1/3))",
        notation.D(laws.BernoulliLaw(HALF), laws.BernoulliLaw(sp.Rational(1, 3))),
    ),
    (
        "D_KL(Cat(1/2, 1/4, 1/4) || Cat(1/3, 1/3, 1/3))",
        notation.D(
            laws.CategoricalLaw(HALF, sp.Rational(1, 4), sp.Rational(1, 4)),
            laws.CategoricalLaw(*[sp.Rational(1, 3)] * 3),
        ),
    ),
    ("D_KL(P || (P+Q)/2)", notation.D(P, M)),
    (r"D_{KL}(P \| \frac{P + Q}{2})", notation.D(P, M)),
    (
        r"D_{KL}(p_{data} \| \tfrac{1}{2}(p_{data} + p_g))",
        notation.D(p_data, _mixture((HALF, p_data), (HALF, p_g))),
    ),
    ("H((P+Q)/2)", notation.H(M)),
    (
        "D_KL(P(X,Y) || P(X)P(Y))",
        notation.D(notation.P(X, Y), laws.ProductLaw(notation.P(X), notation.P(Y))),
    ),
    (
        r"D_{KL}(P(X, Y) \| P(X)\,P(Y))",
        notation.D(notation.P(X, Y), laws.ProductLaw(notation.P(X), notation.P(Y))),
    ),
    # JSD, ELBO, GAN
    ("JSD(P||Q)", notation.JSD(P, Q)),
    ("D_JS(P||Q)", notation.JSD(P, Q)),
    (r"D_{\mathrm{JS}}(P \| Q)", notation.JSD(P, Q)),
    (r"\mathrm{JSD}(p_{data} \| p_g)", notation.JSD(p_data, p_g)),
    ("ELBO(q)", operators.EvidenceLowerBound(qd)),
    (r"\mathrm{ELBO}(q)", operators.EvidenceLowerBound(qd)),
    ("ELBO(q(z|x))", operators.EvidenceLowerBound(notation.Pmf(qd, z, given=x))),
    ("V(G, D)", V_GD),
    ("V(D, G)", V_GD),
    ("C(G)", operators.GANCriterion(G)),
    (r"\max_D V(G, D)", operators.MaxOver(V_GD, Dd)),
    (r"\min_G \max_D V(G, D)", operators.MinOver(operators.MaxOver(V_GD, Dd), G)),
    ("D^*(x)", operators.OptimalDiscriminator(x, G)),
    (r"D^*_G(x)", operators.OptimalDiscriminator(x, G)),
    (r"D_G^{*}(x)", operators.OptimalDiscriminator(x, G)),
    (
        r"\mathbb{E}_{x \sim p_{data}}[\log D(x)]",
        notation.E(log(sp.Function("D")(x)), over=p_data),
    ),
    (
        r"\mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]",
        notation.E(log(1 - sp.Function("D")(sp.Function("G")(z))), over=sp.Symbol("p_z")),
    ),
    # argmax / argmin over a parameter, hats
    ("argmax_theta log p(x; theta)", operators.ArgMax(log(_pp(pd, x, theta)), theta)),
    (
        r"\arg\max_{\theta} \sum_{i=1}^{n} \log p(x_i; \theta)",
        operators.ArgMax(sp.Sum(log(_pp(pd, x_base[i], theta)), (i, 1, n)), theta),
    ),
    (r"\operatorname*{arg\,min}_Q H(P, Q)", operators.ArgMin(notation.Hx(P, Q), Q)),
    ("argmin_Q D_KL(P||Q)", operators.ArgMin(notation.D(P, Q), Q)),
    (r"\hat p", sp.Symbol("p_hat", real=True)),
    (r"\hat\theta", sp.Symbol("theta_hat", real=True)),
    (r"\hat{\theta}", sp.Symbol("theta_hat", real=True)),
    ("theta_hat", sp.Symbol("theta_hat", real=True)),
    (r"\hat p_{data}(x)", notation.Pmf(sp.Symbol("p_hat_data"), x)),
    (
        r"D_{KL}(\hat p_{data} \| p_{model})",
        notation.D(sp.Symbol("p_hat_data"), sp.Symbol("p_model")),
    ),
    # softmax and |X|
    ("softmax(z)_i", operators.Softmax(z, sp.Symbol("i"))),
    (r"\operatorname{softmax}(z)_{j}", operators.Softmax(z, sp.Symbol("j"))),
    ("softmax(a, b)_1", sp.exp(a) / (sp.exp(a) + sp.exp(b))),
    ("|X|", operators.SupportSize(X)),
    ("log |X|", log(operators.SupportSize(X))),
    (r"\log |\mathcal{X}|", log(operators.SupportSize(X))),
    ("|x - 1|", sp.Abs(sp.Symbol("x", real=True) - 1)),
    # sums and products with index limits and a symbolic n
    (r"\sum_{i=1}^{n} x_i", sp.Sum(xr_base[i], (i, 1, nr))),
    (r"\frac{1}{n}\sum_{i=1}^{n} x_i", sp.Sum(xr_base[i], (i, 1, nr)) / nr),
    (r"\prod_{i=1}^{n} p(x_i)", sp.Product(notation.Pmf(pd, x_base[i]), (i, 1, n))),
    (
        r"\prod_{i=1}^{3} p(x_i)",
        sp.Mul(*(notation.Pmf(pd, sp.Symbol(f"x_{j}")) for j in (1, 2, 3))),
    ),
    ("sum_{i=1}^n log p(x_i; theta)", sp.Sum(log(_pp(pd, x_base[i], theta)), (i, 1, n))),
    (r"\sum_{j=1}^{3} x_j^2", sum(sp.Symbol(f"x_{j}", real=True) ** 2 for j in (1, 2, 3))),
    (
        r"\prod_{i=1}^{n} \theta^{x_i} (1-\theta)^{1-x_i}",
        sp.Product(thr ** xr_base[i] * (1 - thr) ** (1 - xr_base[i]), (i, 1, nr)),
    ),
    ("p(x; theta)", _pp(pd, x, theta)),
    (
        "p(x | z; theta)",
        notation.ParamProb(pd, sp.Tuple(x), sp.Tuple(z), sp.Tuple(theta)),
    ),
]


@pytest.mark.parametrize(("text", "want"), TEXTBOOK, ids=[t for t, _ in TEXTBOOK])
def test_notation_parsing_textbook_structure(text, want):
    """Each textbook input parses to exactly the notation object a reader means."""
    assert parse(text) == want


def test_notation_parsing_table_is_large():
    """At least 60 textbook inputs, in both plain text and LaTeX."""
    assert len(TEXTBOOK) >= 60
    latex = [text for text, _ in TEXTBOOK if "\\" in text]
    assert len(latex) >= 20 and len(TEXTBOOK) - len(latex) >= 20


def test_notation_parsing_gan_criterion_is_not_a_product():
    """C(G) is the GAN criterion, never C*G (the misread that refuted a true claim)."""
    lhs, op, rhs = parse_relation("C(G) = -log 4 + 2 JSD(p_data||p_g)")
    assert isinstance(lhs, operators.GANCriterion) and op == "="
    assert rhs == -log(4) + 2 * notation.JSD(p_data, p_g)
    assert not parse("C(G)").is_Mul


def test_notation_parsing_product_over_index_is_not_a_power():
    r"""\prod_{i=1}^{3} p(x_i) has three different factors, not p(x_i)^3."""
    got = parse(r"\prod_{i=1}^{3} p(x_i)")
    assert not got.has(sp.Pow)
    assert len(got.atoms(notation.Prob)) == 3
    symbolic = parse(r"\prod_{i=1}^{n} p(x_i)")
    assert isinstance(symbolic, sp.Product) and symbolic.function.has(i)


def test_notation_parsing_symbolic_sum_evaluates_to_the_terms():
    """With n = 3 the symbolic sum is the explicit sum over x[1], x[2], x[3]."""
    got = parse(r"\sum_{i=1}^{n} x_i").subs(nr, 3).doit()
    assert got == sum(xr_base[j] for j in (1, 2, 3))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C(x)", "unknown function C(...) at column 1"),
        ("x(y)", "unknown function x(...) at column 1"),
        (r"\sigma(z)", "unknown function sigma(...) at column 1"),
        ("h(x) + 1", "unknown function h(...) at column 1"),
        ("V(G)", "unknown function V(...) at column 1"),
        ("N(x)", "unknown function N(...) at column 1"),
        ("Bern(p) + 1", "Bern(p) at column 1 is a law"),
        ("P(X = 1)", "event at column 3"),
        ("softmax(z)", "write softmax(z)_i"),
        ("p(x)_i", "only softmax(z)_i takes one"),
        ("D^* + 1", "D^* at column 1 is a function"),
        ("D(P)", "cannot read D(...) at column 1"),
        ("E[X, Y]", "takes one argument"),
        (r"\log^{-1} x", "is ambiguous"),
        (r"\sum_i x_i", "sum over i at column 1: give its limits"),
        (r"\sum_{i} \log p(x_i)", "sum over i at column 1: give its limits"),
    ],
)
def test_notation_parsing_unknown_calls_are_errors(text, message):
    """A name followed by a bracket is notation, a function, or a one-line error naming it."""
    with pytest.raises(errors.ParseError, match=re.escape(message)) as info:
        parse(text)
    assert "\n" not in str(info.value)


def test_notation_parsing_products_stay_products():
    """A one-letter name before a bracket that is not a bare name is still a product."""
    p_, n_ = sp.symbols("p n", real=True)
    assert parse("p(1-p)") == p_ * (1 - p_)
    assert parse("n(n-1)") == n_ * (n_ - 1)


# --------------------------------------------------------------------------- claims
P_RANGE = (sp.Lt(0, sp.Symbol("p"), evaluate=False), sp.Lt(sp.Symbol("p"), 1, evaluate=False))


@pytest.mark.parametrize(
    ("text", "assumptions"),
    [
        ("H(X) = -p log p - (1-p) log(1-p) where 0 < p < 1", P_RANGE),
        (r"H(X) = -p\log p - (1-p)\log(1-p) \quad \text{where } 0 < p < 1", P_RANGE),
        ("H(X) = -p log p - (1-p) log(1-p), for p in (0, 1)", P_RANGE),
        (r"H(X) = -p\log p - (1-p)\log(1-p) \text{ for } p \in (0, 1)", P_RANGE),
        (
            "H(X) = -p log p - (1-p) log(1-p) where X ~ Bern(p), 0 < p < 1",
            (laws.Distributed(X, BERN_P), *P_RANGE),
        ),
        ("I(X;Z) <= I(X;Y) where X -> Y -> Z", (laws.MarkovChain(X, Y, Z),)),
        (
            r"I(X;Y|Z) = 0 \text{ where } X \perp Y \mid Z",
            (laws.Independent(sp.Tuple(X), sp.Tuple(Y), sp.Tuple(Z)),),
        ),
    ],
)
def test_notation_parsing_claim_assumptions(text, assumptions):
    """parse_claim returns the relation and the assumptions written after 'where'/'for'."""
    claim = parse_claim(text)
    assert isinstance(claim, Claim)
    assert claim.assumptions == assumptions
    assert claim.lhs.free_symbols.isdisjoint({sp.Symbol("p", real=True)})


def test_notation_parsing_claim_without_assumptions_matches_relation():
    """Without a 'where' clause parse_claim is parse_relation with no assumptions."""
    claim = parse_claim("H(P,Q) = H(P) + D_KL(P||Q)")
    assert (claim.lhs, claim.op, claim.rhs) == parse_relation("H(P,Q) = H(P) + D_KL(P||Q)")
    assert claim.assumptions == ()


def test_notation_parsing_assumptions_alone():
    """parse_assumptions reads the text of --assume: intervals, chains, several at once."""
    p_, q_, n_ = sp.symbols("p q n", real=True)
    got = parse_assumptions("p, q in [0, 1), n >= 1")
    assert got == (
        sp.Le(0, p_, evaluate=False),
        sp.Lt(p_, 1, evaluate=False),
        sp.Le(0, q_, evaluate=False),
        sp.Lt(q_, 1, evaluate=False),
        sp.Ge(n_, 1, evaluate=False),
    )


def test_notation_parsing_assumption_errors_name_their_own_column():
    """parse_assumptions counts columns in the text it was given."""
    with pytest.raises(errors.ParseError, match="unknown name 'where' at column 11"):
        parse_assumptions("0 < p < 1 where q > 0")
    with pytest.raises(errors.ParseError, match="expected text"):
        parse_assumptions(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("H(X) >= 0 where", "empty assumption at column"),
        ("H(X) >= 0 where p in 0, 1", "write an interval like (0, 1) at column"),
        ("H(X) >= 0 where x -> y", "expected a random variable"),
        ("H(X) >= 0 where p < __import__", "double underscore at column"),
        ("H(X) >= 0 where import os", "Python name 'import' at column 17"),
    ],
)
def test_notation_parsing_bad_assumptions(text, message):
    """A malformed assumption is a one-line error with its column in the whole claim."""
    with pytest.raises(errors.ParseError, match=re.escape(message)):
        parse_claim(text)


def test_notation_parsing_budget_zero_raises():
    """parse(timeout=0) and parse_claim(timeout=0) raise BudgetExceeded at once."""
    with pytest.raises(errors.BudgetExceeded):
        parse("x + 1 + 0", timeout=0)
    with pytest.raises(errors.BudgetExceeded):
        parse_claim("H(X) >= 0", timeout=0)


def test_notation_parsing_budget_checked_by_an_injected_clock():
    """A spent budget (an injected clock jumps past it) stops a parse between gates."""
    ticks = iter([0.0, 0.0, 10.0])

    def clock() -> float:
        return next(ticks, 10.0)

    with pytest.raises(errors.BudgetExceeded), time_budget(1.0, clock=clock):
        parse_claim("H(X) <= log |X| where X ~ Cat(p, q)")
