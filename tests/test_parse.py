"""The safe parser: what it reads (text, LaTeX, probability notation) and how it refuses."""

from __future__ import annotations

import re

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symgen import errors
from symgen.core.parameters import symbols as probability_symbols
from symgen.notation import symbols as notation
from symgen.parsing.parser import LIMITS, parse, parse_relation

R = sp.Rational
p, q, x, y, n, r = sp.symbols("p q x y n r", real=True)
theta, mu, sigma = sp.symbols("theta mu sigma", real=True)
x_1, x_2, x_10, p_data = sp.symbols("x_1 x_2 x_10 p_data", real=True)
x1, x2 = sp.symbols("x1 x2", real=True)
log, sqrt, pi, E = sp.log, sp.sqrt, sp.pi, sp.E
ENTROPY = -p * log(p) - (1 - p) * log(1 - p)

#: (text, expected value); compared up to simplification. At least 80 rows.
VALID = [
    ("1/2", R(1, 2)),
    ("0.5", R(1, 2)),
    (".25", R(1, 4)),
    ("1e-3", R(1, 1000)),
    ("2.5E2", 250),
    ("0.1 + 0.2", R(3, 10)),
    ("2p", 2 * p),
    ("2 p", 2 * p),
    ("p^2", p**2),
    ("p**2", p**2),
    ("p²", p**2),
    ("-p^2", -(p**2)),
    ("2^-1", R(1, 2)),
    ("2^0 + (1/2)^0", 2),
    ("(-2)^3", -8),
    ("2^3^2", 512),
    ("(1-p)^2", (1 - p) ** 2),
    ("p(1-p)", p * (1 - p)),
    ("p(1-p)^2", p * (1 - p) ** 2),
    ("(p(1-p))^2", (p * (1 - p)) ** 2),
    ("p^n(1-p)^(n-2)", p**n * (1 - p) ** (n - 2)),
    (r"\binom{n}{2} p^2 (1-p)^{n-2}", sp.binomial(n, 2) * p**2 * (1 - p) ** (n - 2)),
    ("2^n(n+1)", 2**n * (n + 1)),
    ("n(n-1)!", n * sp.factorial(n - 1)),
    (r"\sum_{x=1}^{6} x \cdot \frac{1}{6}", R(7, 2)),
    (r"\sum_{k=0}^{2} \binom{2}{k} p^k (1-p)^{2-k}", 1),
    (r"\prod_{i=1}^{5} i", 120),
    (r"\sum_{i=1}^{2}\sum_{j=1}^{3} i j", 18),
    ("2p(1-p)", 2 * p * (1 - p)),
    ("p q", p * q),
    ("p*q/2", p * q / 2),
    ("1/2/2", R(1, 4)),
    ("2/3p", 2 * p / 3),
    ("log(p)", log(p)),
    ("ln(p)", log(p)),
    ("log2(p)", log(p) / log(2)),
    ("log10(p)", log(p) / log(10)),
    ("log_2(p)", log(p, 2)),
    ("log(p, 2)", log(p, 2)),
    ("log_2 8", 3),
    ("log 2", log(2)),
    ("exp(1)", E),
    ("e^2", E**2),
    ("sqrt(2)", sqrt(2)),
    ("√2", sqrt(2)),
    ("pi", pi),
    ("2pi", 2 * pi),
    ("π r^2", pi * r**2),
    ("−p", -p),
    ("2×3", 6),
    ("2·p", 2 * p),
    ("6÷4", R(3, 2)),
    ("[1-p]^2", (1 - p) ** 2),
    ("abs(-2)", 2),
    ("3!", 6),
    ("factorial(5)", 120),
    ("binomial(5, 2)", 10),
    ("oo", sp.oo),
    ("∞", sp.oo),
    ("x_1 + x_2", x_1 + x_2),
    ("x1 + x2", x1 + x2),
    ("theta^2", theta**2),
    ("p log p", p * log(p)),
    ("-p log(p) - (1-p) log(1-p)", ENTROPY),
    ("-p log2(p) - (1-p) log2(1-p)", ENTROPY / log(2)),
    ("1 - 0.25*4", 0),
    ("((1/2))", R(1, 2)),
    ("2(3)", 6),
    ("(2)(3)", 6),
    ("2*-3", -6),
    ("n!/(2!(n-2)!)", sp.factorial(n) / (2 * sp.factorial(n - 2))),
    ("sin(0) + cos(0)", 1),
    (r"\frac{1}{2}", R(1, 2)),
    (r"\dfrac{3}{4}", R(3, 4)),
    (r"\tfrac12", R(1, 2)),
    (r"\frac12", R(1, 2)),
    (r"\log p", log(p)),
    (r"\ln p", log(p)),
    (r"\log_2 p", log(p, 2)),
    (r"\log_{10} x", log(x, 10)),
    (r"\log_{2}(1-p)", log(1 - p, 2)),
    (r"p \cdot q", p * q),
    (r"p \times q", p * q),
    (r"p \div q", p / q),
    (r"p^{2}", p**2),
    (r"p^{n+1}", p ** (n + 1)),
    (r"e^{-x}", sp.exp(-x)),
    (r"\mathrm{e}^{x}", sp.exp(x)),
    (r"\exp(x)", sp.exp(x)),
    (r"\left( 1-p \right)^2", (1 - p) ** 2),
    (r"\left[ 1-p \right]", 1 - p),
    (r"\sqrt{p}", sqrt(p)),
    (r"\sqrt[3]{8}", 2),
    (r"\binom{5}{2}", 10),
    (r"\pi r^2", pi * r**2),
    (r"-p\log p - (1-p)\log(1-p)", ENTROPY),
    (r"-p\log_2 p - (1-p)\log_2(1-p)", ENTROPY / log(2)),
    (r"\frac{1}{2}\log\frac{1}{2}", log(R(1, 2)) / 2),
    (r"\log 2x", log(2) * x),
    (r"\log p^2", log(p**2)),
    (r"\log \frac{p}{q}", log(p / q)),
    (r"2\,p", 2 * p),
    (r"p\!q", p * q),
    (r"{p}^{2}", p**2),
    (r"\frac{p}{1-p}", p / (1 - p)),
    (r"\sigma^2 + \mu^2", sigma**2 + mu**2),
    (
        r"\frac{1}{2}(\sigma^2 + \mu^2 - 1 - \log \sigma^2)",
        (sigma**2 + mu**2 - 1 - log(sigma**2)) / 2,
    ),
    (r"\theta_1 + \theta_2", sp.Symbol("theta_1", real=True) + sp.Symbol("theta_2", real=True)),
    (r"x_{10}", x_10),
    (r"p_{data}", p_data),
    ("p_data", p_data),
    ("x_in + x_{or}", sp.Symbol("x_in", real=True) + sp.Symbol("x_or", real=True)),
    (r"\infty", sp.oo),
    (r"-\log 4 + 2", 2 - log(4)),
    (r"\frac{\frac{1}{2}}{\frac{1}{4}}", 2),
    (r"2^{10}", 1024),
    ("25%", R(1, 4)),
    ("ln2 + 2ln2", 3 * log(2)),
    ("sqrt2", sqrt(2)),
    ("½ + ¼ + ¾", R(3, 2)),
    (r"D_\phi(E_\theta(x))", sp.Function("D_phi")(sp.Function("E_theta")(x))),
    ("f(x) + g(p)", sp.Function("f")(x) + sp.Function("g")(p)),
    (r"$\frac{1}{2}$", R(1, 2)),
    (r"$$ p^2 $$", p**2),
    (r"\(\log p\)", log(p)),
    (r"25\%", R(1, 4)),
    ("12.5% + 1/8", R(1, 4)),
    (r"\lambda + 1", sp.Symbol("lambda", real=True) + 1),
    # the functions of issue 12, with SymPy's own semantics, in text and LaTeX
    ("sec(x) + csc(x)", sp.sec(x) + sp.csc(x)),
    ("cot(x)", sp.cot(x)),
    ("sinh(x) + cosh(x) + tanh(x)", sp.sinh(x) + sp.cosh(x) + sp.tanh(x)),
    ("asin(x) + acos(x) + atan(x)", sp.asin(x) + sp.acos(x) + sp.atan(x)),
    ("arcsin(x) + arccos(x) + arctan(x)", sp.asin(x) + sp.acos(x) + sp.atan(x)),
    ("asinh(x) + acosh(x) + atanh(x)", sp.asinh(x) + sp.acosh(x) + sp.atanh(x)),
    ("arsinh(x) + arccosh(x)", sp.asinh(x) + sp.acosh(x)),
    ("sign(x) + sgn(p)", sp.sign(x) + sp.sign(p)),
    (r"\sec x + \csc x + \cot x", sp.sec(x) + sp.csc(x) + sp.cot(x)),
    (r"\sinh x + \cosh(x) + \tanh{x}", sp.sinh(x) + sp.cosh(x) + sp.tanh(x)),
    (r"\arcsin x + \arccos(x) + \arctan\frac{1}{2}", sp.asin(x) + sp.acos(x) + sp.atan(R(1, 2))),
    (r"\operatorname{sign}(x) + \operatorname{arsinh}(x)", sp.sign(x) + sp.asinh(x)),
    (r"\operatorname{sgn}(x)", sp.sign(x)),
    (r"\sin^2 x + \cos^2 x", 1),
    (r"\sin^{-1} x + \tanh^{-1}(x)", sp.asin(x) + sp.atanh(x)),
    (r"\log^2 p", log(p) ** 2),
    ("tan(0) + sinh(0) + sign(-2)", -1),
]

X, Y, Z, a, b, c = sp.symbols("X Y Z a b c")  # notation uses plain symbols
xs, ys, zs = sp.symbols("x y z")
P, Q, pd, qd, p_model = sp.symbols("P Q p q p_model")

#: (text, expected notation object); compared structurally.
NOTATION = [
    ("P(y|x)", notation.P(ys, given=(xs,))),
    ("P(a,b|c)", notation.P(a, b, given=(c,))),
    (r"P(y \mid x)", notation.P(ys, given=(xs,))),
    (r"P(y \vert x)", notation.P(ys, given=(xs,))),
    (r"\Pr(y|x)", notation.P(ys, given=(xs,))),
    (r"D(P \Vert Q)", notation.D(P, Q)),
    ("p(x)", notation.Pmf(pd, xs)),
    ("q(z|x)", notation.Pmf(qd, zs, given=(xs,))),
    ("p_model(x)", notation.Pmf(p_model, xs)),
    ("H(X)", notation.H(X)),
    ("H(X,Y)", notation.H(X, Y)),
    ("H(X|Y)", notation.H(X, given=(Y,))),
    ("H(P)", notation.H(P)),
    ("H(P,Q)", notation.Hx(P, Q)),
    ("D_KL(P||Q)", notation.D(P, Q)),
    (r"D_{KL}(P\|Q)", notation.D(P, Q)),
    (r"D_{\mathrm{KL}}(P \| Q)", notation.D(P, Q)),
    ("KL(P||Q)", notation.D(P, Q)),
    (r"D_{\text{KL}}(P \| Q)", notation.D(P, Q)),
    ("D(P||Q)", notation.D(P, Q)),
    (
        "D_KL(q(z|x) || p(z|x))",
        notation.D(notation.Pmf(qd, zs, given=(xs,)), notation.Pmf(pd, zs, given=(xs,))),
    ),
    ("JSD(P||Q)", notation.JSD(P, Q)),
    ("I(X;Y)", notation.I(X, Y)),
    ("I(X;Y|Z)", notation.I(X, Y, given=Z)),
    ("I(X,Y;Z)", notation.I((X, Y), Z)),
    ("I(x)", notation.SelfInfo(xs)),
    ("E[X]", notation.E(X)),
    (r"\mathbb{E}[X]", notation.E(X)),
    ("E[X^2] - E[X]^2", notation.E(X**2) - notation.E(X) ** 2),
    ("E_{x~P}[x]", notation.E(xs, over=P)),
    (
        r"\mathbb{E}_{z \sim q(z|x)}[\log p(x|z)]",
        notation.E(log(notation.Pmf(pd, xs, given=(zs,))), over=notation.Pmf(qd, zs, given=(xs,))),
    ),
    ("Var(X)", notation.Var(X)),
    ("Cov(X,Y)", notation.Cov(X, Y)),
    (r"\operatorname{Var}(X)", notation.Var(X)),
    (r"\sum_x p(x) \log p(x)", notation.Sum(notation.Pmf(pd, xs) * log(notation.Pmf(pd, xs)), xs)),
    (r"-\sum_{x} P(x) \log Q(x)", -notation.Sum(notation.P(xs) * log(notation.Pmf(Q, xs)), xs)),
    ("H(P,Q) - H(P)", notation.Hx(P, Q) - notation.H(P)),
    ("P(x|y)P(y)", notation.P(xs, given=(ys,)) * notation.P(ys)),
    ("-log P(x)", -log(notation.P(xs))),
    ("E[X] + x", notation.E(X) + xs),
    ("E_P[X]", notation.E(X, over=P)),
    ("E_{p_data}[x]", notation.E(xs, over=sp.Symbol("p_data"))),
    ("E_x[f(x)]", notation.E(sp.Function("f")(xs))),
]


def _same(got: sp.Expr, want: sp.Expr) -> bool:
    want = sp.sympify(want)
    if got == want:
        return True
    difference = got - want
    return sp.expand(difference) == 0 or sp.simplify(difference) == 0


@pytest.mark.parametrize(("text", "want"), VALID, ids=[t for t, _ in VALID])
def test_parse_valid_input_value(text, want):
    """Each valid answer parses to the expected exact SymPy value."""
    got = parse(text)
    assert _same(got, want), (got, want)
    assert not got.has(sp.Float)


@pytest.mark.parametrize(("text", "want"), NOTATION, ids=[t for t, _ in NOTATION])
def test_parse_notation_structure(text, want):
    """Probability notation parses to the notation.py objects, structurally equal."""
    assert parse(text) == want


def test_parse_tables_are_large():
    """The valid-input tables hold at least 80 rows of plain values and 30 of notation."""
    assert len(VALID) >= 80 and len(NOTATION) >= 30


def test_parse_caller_symbols_are_used():
    """Names the caller declares come back as the very same symbols (here positive ones)."""
    pp, qq = probability_symbols("p q", probability=True)
    got = parse("p log(p) + (1-p) q", symbols={"p": pp, "q": qq})
    assert got.free_symbols == {pp, qq}
    assert parse("2p", symbols=[pp]) == 2 * pp


def test_parse_default_symbols_are_real():
    """Undeclared single-letter names are real symbols, so p and x do not commute into complex."""
    (symbol,) = parse("p").free_symbols
    assert symbol.is_real and symbol.name == "p"


def test_parse_notation_uses_plain_symbols():
    """With notation in an expression, every default name is a plain Symbol (its contract)."""
    got = parse("E[X] + x")
    assert got.free_symbols == {sp.Symbol("X"), sp.Symbol("x")}


def test_parse_text_and_latex_agree():
    """Calculator text and LaTeX of the same answer give the same expression."""
    pairs = [
        ("-p log(p) - (1-p) log(1-p)", r"-p\log p - (1-p)\log(1-p)"),
        ("1/2 log(1/2)", r"\frac{1}{2}\log\frac{1}{2}"),
        ("sqrt(p q)", r"\sqrt{p q}"),
        ("binomial(4, 2) p^2 (1-p)^2", r"\binom{4}{2} p^{2} (1-p)^{2}"),
    ]
    for text, latex in pairs:
        assert sp.simplify(parse(text, mode="text") - parse(latex, mode="latex")) == 0


def test_parse_function_binds_next_factor():
    r"""``\log p`` takes only the next power, so -p log p - (1-p) log(1-p) is read right."""
    got = parse(r"-p\log p - (1-p)\log(1-p)")
    assert got == -p * log(p) - (1 - p) * log(1 - p)
    assert parse(r"\log 2 p") == log(2) * p


def test_parse_latex_letters_multiply_text_refuses():
    """In LaTeX ``xy`` is x*y; in text it is an unknown name with a hint."""
    assert parse("xy", mode="latex") == x * y
    with pytest.raises(errors.ParseError, match=r"unknown name 'xy' at column 1 .*x\*y"):
        parse("xy", mode="text")


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("H(P,Q) = D_KL(P||Q)", "="),
        ("D_KL(P||Q) >= 0", ">="),
        ("D_KL(P||Q) ≥ 0", ">="),
        (r"D_{KL}(P \| Q) \geq 0", ">="),
        (r"D_{KL}(P \| Q) \ge 0", ">="),
        ("H(X|Y) <= H(X)", "<="),
        ("H(X|Y) ≤ H(X)", "<="),
        (r"H(X|Y) \leq H(X)", "<="),
        (r"H(X|Y) \le H(X)", "<="),
        ("p > 0", ">"),
        ("p < 1", "<"),
        (r"p \neq q", "!="),
        ("p != q", "!="),
        (r"p \ne q", "!="),
        (r"D_{KL}(P \| Q) \geqslant 0", ">="),
        (r"p \leqslant 1", "<="),
        ("p ≠ q", "!="),
    ],
)
def test_parse_relation_operator(text, op):
    """parse_relation normalises every spelling of a relation to a canonical operator."""
    lhs, got, rhs = parse_relation(text)
    assert got == op
    assert isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)


def test_parse_relation_errata_claim():
    """The notes' false claim H(P,Q) = D_KL(P||Q) parses into notation on both sides."""
    lhs, op, rhs = parse_relation("H(P,Q) = D_KL(P||Q)")
    assert (lhs, op, rhs) == (notation.Hx(P, Q), "=", notation.D(P, Q))


def test_parse_relation_sides_share_symbols():
    """Both sides of a claim use the same symbols, plain ones once notation appears anywhere."""
    lhs, _, rhs = parse_relation(r"H(X) = -\sum_x p(x) \log p(x)")
    assert lhs == notation.H(X)
    assert rhs.free_symbols == {pd}  # x is bound by the sum; the law p stays free
    lhs, _, rhs = parse_relation("E[X] = x")
    assert rhs == sp.Symbol("x")


def test_parse_relation_refuses_expression_alone():
    """A claim needs a relation; an answer must not have one."""
    with pytest.raises(errors.ParseError, match="ends too early"):
        parse_relation("H(X)")
    with pytest.raises(errors.ParseError, match="relation '=' at column 3"):
        parse("p = 1/2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 + р", "look-alike character U+0440 CYRILLIC SMALL LETTER ER at column 5"),
        ("ｐ", "look-alike character U+FF50 FULLWIDTH LATIN SMALL LETTER P at column 1"),
        ("2 + 예", "non-ASCII character U+C608 HANGUL SYLLABLE YE at column 5"),
        ("p + + ", "ends too early"),
        ("p +* q", "unexpected '*' at column 4"),
        ("(p", "unclosed '(' at column 1"),
        ("p)", "unbalanced ')' at column 2"),
        (r"\frac{1}{2} + \input{x}", r"LaTeX command \input at column 15"),
        ("x.__class__", "double underscore at column 3"),
        ("x + 'a'", "quote ' at column 5"),
        ("1 + lambda", "Python name 'lambda' at column 5"),
        ("2 3", "number at column 3 follows another factor"),
        ("log(0)", "undefined"),
        ("1/(1-1)", "division by zero at column 2"),
        ("foo", "unknown name 'foo' at column 1"),
        ("P(X=1)", "event at column 3"),
        ("Var", "Var at column 1 needs arguments"),
        ("log(x | y)", "comma-separated"),
        ("sin_2(x)", "sin at column 1 takes no subscript"),
        ("x % 2", "unexpected '%' at column 3"),
        ("2½", "mixed number at column 1"),
        (r"\sum_{k=1}^{1/2} k", "sum at column 1 needs integer or symbolic limits"),
        (r"\sum_{k=1}^{1000} k", "sum at column 1 has 1000 terms (max 200)"),
        ("1 - p(0)", "p(0) at column 5 is ambiguous"),
        (r"\mathrm{foo}", "unknown name 'foo' at column 1"),
        ("D_KL(x || y)", "expected a distribution (P, q, p_data, q(z|x)) at column 1"),
    ],
)
def test_parse_error_names_construct_and_column(text, message):
    """Rejections say what was wrong and where, on one line."""
    with pytest.raises(errors.ParseError, match=re.escape(message)) as info:
        parse(text)
    assert "\n" not in str(info.value)


def test_parse_text_mode_rejects_latex():
    """mode='text' refuses every backslash command, naming it."""
    with pytest.raises(errors.ParseError, match=r"\\frac at column 1 in text mode"):
        parse(r"\frac{1}{2}", mode="text")
    assert parse(r"\frac{1}{2}", mode="latex") == R(1, 2)


def test_parse_limits_at_the_boundary():
    """Every bound accepts its limit and refuses one past it, with InputTooLarge."""
    depth = LIMITS["brackets"]
    assert parse("(" * depth + "1" + ")" * depth) == 1
    assert parse("1" + " " * (LIMITS["chars"] - 1)) == 1
    assert parse("9" * LIMITS["digits"]) == 10 ** LIMITS["digits"] - 1
    assert parse(f"p^{LIMITS['exponent']}") == p ** LIMITS["exponent"]
    assert parse(f"{LIMITS['factorial']}!") == sp.factorial(LIMITS["factorial"])
    too_big = [
        "(" * (depth + 1) + "1" + ")" * (depth + 1),
        "1" + " " * LIMITS["chars"],
        "9" * (LIMITS["digits"] + 1),
        f"p^{LIMITS['exponent'] + 1}",
        f"{LIMITS['factorial'] + 1}!",
        "p" + "+p" * LIMITS["tokens"],
    ]
    for text in too_big:
        with pytest.raises(errors.InputTooLarge):
            parse(text)


def test_parse_lark_errors_are_converted():
    """Syntax errors surface as ParseError, never as a Lark exception."""
    for text in ["2^", "(", ")", "p+*q", "log()", "\\frac{1}", "P(", "|"]:
        with pytest.raises(errors.ParseError) as info:
            parse(text)
        assert type(info.value).__module__ == "symgen.errors"


def test_parse_bad_arguments():
    """A bad mode or a symbols table that is not name -> Symbol is a ParseError."""
    with pytest.raises(errors.ParseError, match="mode must be one of"):
        parse("1", mode="python")
    with pytest.raises(errors.ParseError, match="symbols must map names"):
        parse("p", symbols={"p": "p"})  # type: ignore[dict-item]


_LEAVES = [("2", sp.Integer(2)), ("7", sp.Integer(7)), ("0.25", R(1, 4)), ("1e-2", R(1, 100))]
_LEAVES += [("p", p), ("q", q), ("x", x), ("pi", pi), ("e", E)]
_BINARY = [
    ("({})+({})", sp.Add),
    ("({})-({})", lambda a, b: a - b),
    ("({})*({})", sp.Mul),
    ("({})({})", sp.Mul),
    ("({})/({})", lambda a, b: a / b),
]
_UNARY = [
    ("log({})", sp.log),
    ("sqrt({})", sp.sqrt),
    ("-({})", lambda a: -a),
    ("({})^2", lambda a: a**2),
    ("({})^(1/2)", sp.sqrt),
]


def _expressions():
    leaves = st.sampled_from(_LEAVES)

    def extend(children):
        binary = st.tuples(st.sampled_from(_BINARY), children, children).map(
            lambda t: (t[0][0].format(t[1][0], t[2][0]), t[0][1](t[1][1], t[2][1]))
        )
        unary = st.tuples(st.sampled_from(_UNARY), children).map(
            lambda t: (t[0][0].format(t[1][0]), t[0][1](t[1][1]))
        )
        return binary | unary

    return st.recursive(leaves, extend, max_leaves=8)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_expressions())
def test_parse_random_expressions_match_sympy(pair):
    """Random fully bracketed expressions parse to the value SymPy builds from the same tree."""
    text, want = pair
    if want.has(sp.nan, sp.zoo):
        with pytest.raises(errors.ParseError):
            parse(text)
        return
    got = parse(text)
    assert got == want or sp.expand(got - want) == 0, (text, got, want)
