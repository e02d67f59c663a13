"""The Lark LALR grammar of answers and claims: calculator text and a whitelist of LaTeX.

One grammar reads both notations (``mode`` only decides whether backslash commands are
allowed). Every LaTeX command is its own terminal, so a command that is not listed here
cannot even be tokenised. Function calls of *names* (``P(y|x)``, ``p(1-p)``) are parsed as
calls; the transformer in :mod:`symgen.parsing.parser` decides between notation and multiplication.

Precedence, loosest first: ``+ -``; ``* /`` and juxtaposition (same level, left to right, so
``1/2p`` is p/2); unary ``- +`` and the big operators ``\\sum_x``, ``\\sum_{i=1}^{n}``,
``\\prod``, ``argmax_theta``, ``\\max_D`` (also after a factor: ``\\frac{1}{n}\\sum_i ...``);
``^``/``**`` (right-associative, binds tighter than unary minus: ``-2^2`` is -4); postfix
``!``. Lark's LALR resolves the shift/reduce conflicts of this grammar by shifting, which is
the reading chosen on purpose: a name followed by ``(`` is a call, ``\\log p^2`` is log(p^2),
a big operator takes the whole product after it. The upper limit of a sum is a number, a name
or a braced group, so ``\\sum_{i=1}^n (x_i)`` never reads ``n(x_i)`` as a call. ``|x|`` is
an absolute value where an operand starts (``2|x|`` needs a ``*``), and the bars inside
``P(a | b)`` stay separators.
"""

from __future__ import annotations

_GRAMMAR_TEMPLATE = r"""
start: expr
relation: expr (REL | "=") expr
chain: expr (REL expr)+

?expr: sum
?sum: product
    | sum "+" product          -> add
    | sum "-" product          -> sub
?product: signed
    | product MUL signed       -> mul
    | product DIV signed       -> div
    | product implicit         -> mul_implicit
?signed: power
    | "-" signed               -> neg
    | "+" signed               -> pos
    | big_operator
?big_operator: SUM sub product -> outcome_sum
    | (SUM | PROD) "_" "{" NAME "=" expr "}" POW limit product -> indexed_sum
    | OPT fsub product         -> optimum
?power: postfix
    | postfix POW signed       -> pow
    | abs
    | abs POW signed           -> pow
?implicit: postfix
    | postfix POW signed       -> pow
    | big_operator
?postfix: atom
    | postfix "!"              -> factorial

abs: BAR expr BAR
?limit: number
    | NAME                             -> name
    | GREEK                            -> name
    | "{" expr "}"                     -> paren
    | const

?atom: bare_atom
    | "(" expr ")"                     -> paren
    | "[" expr "]"                     -> paren

?bare_atom: number
    | name
    | call
    | func
    | "{" expr "}"                     -> paren
    | frac
    | sqrt
    | binom
    | const

number: NUMBER
    | NUMBER "%"                       -> percent
const: PI_CMD | INFTY_CMD | MATHRM_E
frac: FRAC bare bare
binom: BINOM bare bare
sqrt: SQRT bare                        -> sqrt
    | SQRT "[" expr "]" bare           -> root
    | SQRT "(" expr ")"                -> sqrt

name: NAME sub? STAR? sub?
    | GREEK sub? STAR? sub?
    | MATHFONT "{" (NAME | FUNC) "}" sub? STAR? sub?
    | HAT hatted sub?                  -> hat_name
hatted: NAME | GREEK | "{" (NAME | GREEK) sub? "}"
sub: "_" (NAME | NUMBER | GREEK)  -> sub_word
    | "_" "{" subitem+ "}"             -> sub_group
?subitem: name | number | call | TILDE | SEP | BAR

call: name "(" args ")"
    | name "(" args ")" sub            -> call_sub
    | name "[" args "]"                -> bracket_call
args: arg ((SEP | BAR) arg)*
?arg: expr
    | expr "=" expr                    -> event

func: FUNC fsub? "(" args ")"          -> func_call
    | FUNC fsub? bare                  -> func_bare
    | FUNC fsub? abs                   -> func_bare
    | FUNC POW bare "(" args ")"       -> func_pow_call
    | FUNC POW bare bare               -> func_pow_bare
fsub: "_" NUMBER
    | "_" NAME
    | "_" GREEK
    | "_" "{" expr "}"
?bare: bare_atom
    | bare_atom POW signed             -> pow

NUMBER: /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/
NAME: /[A-Za-z][A-Za-z0-9]*/
FUNC.2: /\\(log|ln|exp|sinh|cosh|tanh|sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan)(?![A-Za-z])/
    | /(TEXT_FUNCTIONS)(?![A-Za-z0-9])/
    | /(ln|sqrt)(?=[0-9])/
PROD.2: /\\prod(?![A-Za-z])|prod(?![A-Za-z0-9])/
SUM.2: /\\sum(?![A-Za-z])|sum(?![A-Za-z0-9])/
OPT.2: /(argmax|argmin|max|min)(?![A-Za-z0-9])/
GREEK: /\\(GREEK_ALTERNATION)(?![A-Za-z])/
MATHRM_E.3: /\\mathrm\s*\{\s*e\s*\}/
MATHFONT: /\\(mathrm|operatorname|mathbb|mathcal|mathit|mathbf|boldsymbol|text)(?![A-Za-z])/
HAT: /\\(hat|widehat|bar|overline)(?![A-Za-z])/
PI_CMD: /\\pi(?![A-Za-z])/
INFTY_CMD: /\\infty(?![A-Za-z])/
FRAC: /\\[dt]?frac(?![A-Za-z])/
BINOM: /\\[dt]?binom(?![A-Za-z])/
SQRT: /\\sqrt(?![A-Za-z])/
STAR.4: /\^\s*(\*(?!\*)|\\ast(?![A-Za-z])|\{\s*(\*|\\ast)\s*\})/
POW.3: /\^|\*\*/
MUL: /\*|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])/
DIV: /\/|\\div(?![A-Za-z])/
SEP.1: /\|\||\\\||\\Vert(?![A-Za-z])|,|;/
BAR: /\||\\mid(?![A-Za-z])|\\vert(?![A-Za-z])|\\lvert(?![A-Za-z])|\\rvert(?![A-Za-z])/
TILDE: /~|\\sim(?![A-Za-z])/
REL: />=|<=|!=|>|<|\\(geqslant|leqslant|geq|leq|ge|le|neq|ne)(?![A-Za-z])/

%ignore /[ \t\r\n]+/
"""


def words(text: str) -> tuple[str, ...]:
    """The space-separated words of ``text``, as a tuple."""
    return tuple(text.split())


#: Greek letters allowed as names, in text (``theta``) and LaTeX (``\\theta``).
GREEK_LETTERS = words(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda "
    "mu nu xi rho sigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Sigma Phi Psi Omega"
)

#: Functions by name in text (``asin``, ``sign``); LaTeX spells the inverses ``\\arcsin``.
TEXT_FUNCTIONS = words(
    "log10 log2 log ln exp sqrt abs factorial binomial asinh acosh atanh arsinh arcosh "
    "artanh arcsinh arccosh arctanh asin acos atan arcsin arccos arctan sinh cosh tanh sin "
    "cos tan sec csc cot sign sgn sigmoid"
)

GRAMMAR = _GRAMMAR_TEMPLATE.replace("GREEK_ALTERNATION", "|".join(GREEK_LETTERS)).replace(
    "TEXT_FUNCTIONS", "|".join(TEXT_FUNCTIONS)
)

#: LaTeX commands the grammar knows, besides those removed before lexing (spacing, \\left...).
LATEX_COMMANDS = frozenset(
    words(
        "frac dfrac tfrac binom dbinom tbinom sqrt log ln exp sin cos tan sec csc cot sinh "
        "cosh tanh arcsin arccos arctan cdot times div sum prod pi infty mathrm operatorname "
        "mathbb mathcal mathit mathbf boldsymbol text mid sim geq leq ge le neq ne geqslant "
        "leqslant vert Vert lvert rvert Pr hat widehat bar overline ast"
    )
    + GREEK_LETTERS
)
