"""Hostile inputs for the safe parser: payload families crossed with wrappers.

Each case is ``(case_id, text, mode, error)`` where ``error`` is ``"ParseError"`` or
``"InputTooLarge"`` (the exact class the parser must raise). Payloads that would touch the
file system or a global contain ``{path}``; :func:`cases` fills in a sentinel path so a test can
check afterwards that nothing ran.
"""

from __future__ import annotations

P, T = "ParseError", "InputTooLarge"

#: Code injection: what sympify/parse_expr would execute.
CODE = [
    "__import__('os').system('touch {path}')",
    "open('{path}', 'w').write('pwned')",
    "exec(\"open('{path}', 'w')\")",
    "eval('1+1')",
    "().__class__.__bases__[0].__subclasses__()",
    "globals().update(PWNED=1)",
    "setattr(__builtins__, 'PWNED', 1)",
    "lambda: open('{path}', 'w')",
    "lambda x: x",
    "import os",
    "from os import system",
    "os.system(1)",
    "getattr(os, system)",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "compile(1, 2, 3)",
    "breakpoint()",
    "print(1)",
    "input()",
    "x if y else z",
    "x and y",
    "not x",
    "vars()",
    "globals()",
    "type(x)",
    "subprocess",
    "exec(x)",
    "eval(x)",
    "open(x)",
    "sys",
    "builtins",
]

#: Attribute access and Python syntax the grammar does not have.
ATTRIBUTE = [
    "x.__class__",
    "p.__dict__",
    "x.real",
    "p.func(1)",
    "log.args",
    "(1).bit_length()",
    "1 .__add__(2)",
    "x@y",
    "x % 2",
    "x // 2",
    "x := 1",
    "x & y",
    "x >> 2",
    "~x",
    "x$y",
    "x#comment",
    "x?y",
    "p:q",
]

#: Numbers and powers that would take SymPy minutes or gigabytes.
POWER = [
    ("9**9**9**9", T),
    ("2^(10^100)", T),
    ("10^10^10", T),
    ("(10^100)^(10^100)", T),
    ("x^(10^100)", T),
    ("e^(10^100)", T),
    ("exp(2)^(10^50)", T),
    ("2**2**2**2**2**2", T),
    ("(2^1000)^(2^1000)", T),
    ("99999999^99999999", T),
    ("2^-99999999", T),
    ("(1/3)^100000", T),
    ("(2x)^100000", T),
    ("x^100001", T),
    ("p^(1/100001)", T),
    ("1e300^1e300", T),
    ("(2^10000+1)^(1/2)", T),
    ("(10^3000+7)^(999/1000)", T),
    ("factorial(1000)^(1/2)", T),
    ("*".join(f"sqrt(10^{90 - i}+{2 * i + 3})" for i in range(12)), T),
    ("(10^100+3)^(1/10001)", T),
    ("exp(10^100)", T),
    (r"\sum_{k=1}^{10^9} k", T),
    (r"\sum_{k=1}^{200} 9^{9^k}", T),
    (r"\prod_{k=1}^{200} 10^{20}", T),
    (r"\sum_{i=1}^{200}\sum_{j=1}^{200} i j", T),
    (r"\sum_{k=1}^{\infty} k", P),
    ("0^-1", P),
    ("1/0", P),
    ("x/(1-1)", P),
    ("log(0)", P),
    ("log(x, 1)", P),
    ("(oo - oo)", P),
    ("0*oo", P),
]

#: Factorials and binomials of large arguments.
FACTORIAL = [
    ("factorial(10**8)", T),
    ("(10^8)!", T),
    ("100000!", T),
    ("factorial(factorial(20))", T),
    ("((7!)!)!", T),
    ("binomial(10^8, 5*10^7)", T),
    (r"\binom{10^9}{3}", T),
    ("1001!", T),
    ("(-1)!", P),
    ("factorial(-5)", P),
    ("binomial(5)", P),
]

_DEEP = 60
#: Nesting that would exhaust the recursion limit of a recursive builder.
NESTING = [
    ("(" * _DEEP + "x" + ")" * _DEEP, T),
    ("[" * _DEEP + "x" + "]" * _DEEP, T),
    ("{" * _DEEP + "x" + "}" * _DEEP, T),
    (r"\frac{" * _DEEP + "1" + "}{2}" * _DEEP, T),
    ("sqrt(" * _DEEP + "2" + ")" * _DEEP, T),
    ("-" * 300 + "x", T),
    ("+" * 300 + "x", T),
    ("x^" * 200 + "x", T),
    ("x" + "!" * 200, T),
    ("log " * 200 + "x", T),
    ("((((x", P),
    ("x))))", P),
    ("(]", P),
    ("{x)", P),
]

_MB = 1_000_000
#: Size bounds: one megabyte strings, long numbers, many tokens.
SIZE = [
    ("x" * _MB, T),
    ("1" * _MB, T),
    ("(" * _MB, T),
    ("\x00" * _MB, T),
    ("x+" * 1200 + "x", T),
    ("1" * 101, T),
    ("0." + "1" * 150, T),
    ("1e9999", T),
    ("1e-9999", T),
    (" " * 2001, T),
    ("p*" * 400 + "p", T),
]

#: Control and invisible characters.
CONTROL = [
    "a\x00b",
    "\x01",
    "x\x07",
    "x\x08y",
    "x\x1by",
    "x\x7f",
    "p\u200bq",
    "p\u200dq",
    "x\u202e2",
    "\ufeffx",
    "x\u2028y",
    "x\x0by",
    "x\x0cy",
    "\x85x",
]

#: Unicode look-alikes of ASCII letters, digits and operators.
CONFUSABLE = [
    "\u0440",  # Cyrillic er, looks like p
    "1-\u0440",
    "\u0430+1",  # Cyrillic a
    "\u0435^x",  # Cyrillic ie, looks like e
    "\u043e",  # Cyrillic o
    "\u0441",  # Cyrillic es, looks like c
    "\u0445",  # Cyrillic ha, looks like x
    "\u0391",  # Greek capital alpha, looks like A
    "\u039f",  # Greek capital omicron
    "\u03c1",  # Greek rho, looks like p
    "\uff50",  # full-width p
    "\uff11/2",  # full-width 1
    "1\uff0b2",  # full-width plus
    "\U0001d45d",  # mathematical italic p
    "\u00b9",  # superscript one
    "\u2160",  # Roman numeral one
    "\u0131",  # dotless i
    "\u212f",  # script e
    "\u2113",  # script l
    "\u2044",  # fraction slash
    "x\u2217y",  # asterisk operator
    "\u0660",  # Arabic-Indic zero
]

#: LaTeX commands off the whitelist: file access, shell escape, macros, catcodes.
LATEX = [
    r"\input{/etc/passwd}",
    r"\include{secret}",
    r"\write18{rm -rf /}",
    r"\immediate\write18{id}",
    r"\def\x{1}\x",
    r"\let\a\b",
    r"\csname input\endcsname",
    r"\catcode`\^=13",
    r"\openin1=/etc/passwd",
    r"\read1 to \x",
    r"\newcommand{\x}{1}",
    r"\renewcommand{\frac}{1}",
    r"\usepackage{shellesc}",
    r"\documentclass{article}",
    r"\begin{verbatim}x\end{verbatim}",
    r"\verb|x|",
    r"\special{x}",
    r"\jobname",
    r"\string\x",
    r"\expandafter\x",
    r"\edef\x{1}",
    r"\gdef\x{1}",
    r"\text{anything}",
    r"\href{http://x}{y}",
    r"\lstinputlisting{f}",
    r"\directlua{os.exit()}",
    r"\openout1=x",
    r"\detokenize{x}",
    r"\x",
    r"x \\ y",
    "\\",
    r"\{x\}",
    r"\frac{1}",
    r"\sqrt",
    r"^^5cinput{x}",
    r"\mathrm{e",
]

#: Strings and quotes.
QUOTES = ["'x'", '"x"', "`x`", "f'{x}'", "b'x'", "p'", "x''"]

#: Malformed or meaningless input.
SYNTAX = [
    "",
    "   ",
    "+",
    "*x",
    "x*",
    "2^",
    "()",
    "[]",
    "log()",
    "1..2",
    "1.2.3",
    "p(",
    "P(y|)",
    "H()",
    "D(P)",
    "I(X;Y;Z)",
    ",",
    "||",
    "x = 1",
    "p >= q",
    "P(X=1)",
    "H(1/2)",
    "E[X||Y]",
    "Var",
    "log_1(x)",
    "x(1, 2)",
    r"\sum_{x+1} x",
    "D_KL(x || y)",
]

#: Textbook notation misused: a name before a bracket is notation, a function or an error.
NOTATION = [
    ("C(x)", P),
    ("x(y)", P),
    (r"\sigma(z)", P),
    ("Bern(p)", P),
    ("softmax(z)", P),
    ("p(x)_i", P),
    ("D^*", P),
    (r"\sum_{i=1}^{n}\sum_{i=1}^{n} x_i", P),
    (r"\prod_{i=1}^{\infty} x_i", P),
    ("E[X | Y = 1]", P),
    (r"\hat{\hat{p}}", P),
    ("D_KL(P || (P+Q)/3)", P),
    ("D_KL(P || P(X)P(Y))", P),
    ("V(G, G)", P),
    ("Cat()", P),
    ("argmax_{1} x", P),
    ("sin^{x} y", P),
    (r"\sum_{i=1}^{n} (10^{10^{10}})", T),
    ("softmax(a, b)_9", P),
    ("ELBO(x)", P),
    ("P(X = x_1)", P),
    ("max(a, b)", P),
    ("|X||Y|", P),
    ("E[X|Y|Z]", P),
    (r"\prod_{i=1}^{n} \prod_{j=1}^{n} x_{i,j}^{10^{9}}", T),
    ("D_KL(Bern(p, q) || Bern(q))", P),
    ("Var(X, Y)", P),
]

#: How a payload is embedded in an otherwise reasonable answer.
WRAPPERS = [
    "{}",
    "({})",
    "1 + {}",
    "{} * p",
    "log({})",
    r"\frac{{{}}}{{2}}",
    "p^{{{}}}",
    "2*({})",
]


def _families() -> list[tuple[str, list[tuple[str, str]]]]:
    def plain(payloads: list[str]) -> list[tuple[str, str]]:
        return [(payload, P) for payload in payloads]

    return [
        ("code", plain(CODE)),
        ("attribute", plain(ATTRIBUTE)),
        ("power", POWER),
        ("factorial", FACTORIAL),
        ("nesting", NESTING),
        ("size", SIZE),
        ("control", plain(CONTROL)),
        ("confusable", plain(CONFUSABLE)),
        ("latex", plain(LATEX)),
        ("quotes", plain(QUOTES)),
        ("syntax", plain(SYNTAX)),
        ("notation", NOTATION),
    ]


def cases(path: str = "/nonexistent/symgen-sentinel") -> list[tuple[str, str, str, str]]:
    """All hostile cases: every payload alone and inside every wrapper, plus text mode."""
    out = []
    for family, payloads in _families():
        for index, (payload, error) in enumerate(payloads):
            text = payload.replace("{path}", path)
            for w, wrapper in enumerate(WRAPPERS):
                out.append((f"{family}-{index}-w{w}", wrapper.format(text), "auto", error))
    text_only = [r"\frac{1}{2}", r"\log p", r"\pi", r"p\cdot q", "xy", "foo(x)", "pq + 1"]
    for index, text in enumerate(text_only):
        out.append((f"textmode-{index}", text, "text", P))
    return out


#: Payloads that would create ``path`` or set a global if anything evaluated them.
SENTINEL_PAYLOADS = [
    "__import__('os').system('touch {path}')",
    "open('{path}', 'w').write('pwned')",
    "__import__('builtins').__setattr__('SYMGEN_PWNED', 1)",
    "exec(\"import os; os.system('touch {path}')\")",
    "globals().update(SYMGEN_PWNED=1)",
    "__import__('pathlib').Path('{path}').touch()",
]
