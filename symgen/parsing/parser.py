"""Safe parser for untrusted answers and claims: text or LaTeX -> SymPy, never ``eval``.

The text goes through four gates, each with a one-line error naming the construct and the
column: (1) a character screen (length, control characters, non-ASCII look-alikes, quotes,
double underscores, LaTeX commands off the whitelist, bracket depth); (2) the Lark LALR
grammar of :mod:`symgen.parsing.grammar` (token count, syntax); (3) a size check of the parse tree
(depth, node count); (4) a transformer that builds SymPy objects from a whitelist and checks
every number, power, factorial and binomial *before* SymPy evaluates it.

Names. A name the caller passes in ``symbols`` (a mapping or an iterable of symbols) is used
as given, so pass :func:`symgen.core.parameters.symbols` ``(..., probability=True)`` for
probabilities. Otherwise a single letter, a letter followed by digits (``x1``), a Greek letter
(``theta``, ``\\theta``) or any of these with a subscript (``x_1``, ``p_data``, ``x_{10}``)
becomes ``sp.Symbol(name, real=True)``; ``e`` is Euler's number, ``pi`` is pi, ``oo`` and
``inf`` are infinity. Other words are errors in text (``xy``: write ``x*y``); in LaTeX a run of
letters is a product (``xy`` is x*y). In an expression that uses probability notation
(``P(y|x)``, ``H(X)``, ``D_KL(P||Q)``, ``E[X]``, ``\\sum_x``) the default names are plain
``sp.Symbol(name)``, as :mod:`symgen.notation.symbols` expects.

Calls. ``log``, ``exp``, ... are functions; the notation heads ``P p q Q R r H I D E KL JSD
Var Cov Pr`` (and ``p_data`` etc.) make notation objects when their arguments are names;
``p(1-p)`` or ``x(1-x)`` with a non-name argument is a product, and a following power
or ``!`` applies to the bracket only (``p(1-p)^2`` is p*(1-p)**2; in an exponent,
``p^k(1-p)^(n-k)`` is p**k*(1-p)**(n-k)). ``f(x)`` and ``g(x)`` are
undefined functions, and so are ``E_theta(x)``, ``D_phi(z)``, ``G_theta(z)`` (networks).
Unparenthesised ``\\log p`` applies to the next power (``\\log p^2`` is
log(p**2), ``\\log 2x`` is log(2)*x).

Sums and products with integer limits, ``\\sum_{k=0}^{4} ...`` and ``\\prod_{i=1}^{5} i``, are
expanded exactly (at most ``LIMITS["sum_terms"]`` terms, each built under every bound);
``\\sum_x`` without limits is the notation's sum over outcomes.

Numbers are exact: ``0.25`` is 1/4, ``1e-3`` is 1/1000 and ``25%`` is 1/4; ``2e`` is 2*e
and ``2 3`` is an error (write ``2*3``). ``log`` and ``ln`` are natural logarithms (nats, as
in ML texts); ``log2``, ``log_2``, ``\\log_2`` and ``log(x, 2)`` are base 2. Full-width
digits and letters are rejected like other look-alike characters.

Results are cached per (text, mode, symbols): SymPy expressions are immutable, and a class's
answers repeat.

>>> parse(r"-p\\log p - (1-p)\\log(1-p)") == parse("-p*ln(p) - (1-p)*ln(1-p)")
True
>>> parse(r"\\frac{1}{2} + 0.25")
3/4
>>> parse_relation("H(P,Q) = D_KL(P||Q)")[1]
'='
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedToken,
    VisitError,
)

from symgen.errors import InputTooLarge, ParseError, SymgenError
from symgen.parsing.grammar import GRAMMAR, GREEK_LETTERS, LATEX_COMMANDS, words

__all__ = ["LIMITS", "parse", "parse_relation"]

#: Bounds checked before SymPy builds anything (documented, stable; tests refer to them).
LIMITS = {
    "chars": 2000,  # characters of input
    "tokens": 600,  # lexer tokens
    "brackets": 40,  # nesting depth of ( [ {
    "tree_depth": 120,  # depth of the parse tree (unary chains, towers of powers)
    "nodes": 3000,  # nodes of the parse tree
    "digits": 100,  # digits of one number literal
    "decimal_exponent": 300,  # |n| in 1e-n
    "number_bits": 12_000,  # bits of any exact rational the parser builds (about 3600 digits)
    "exponent": 10_000,  # |n| of a numeric exponent on a symbolic base
    "root_bits": 1000,  # bits of a number under a root or a fractional power (SymPy factors it)
    "factorial": 1000,  # largest numeric argument of n!, factorial(n), binomial(n, k)
    "sum_terms": 200,  # terms of \\sum_{k=a}^{b} or \\prod_{k=a}^{b} (expanded exactly)
    "sum_work": 5000,  # terms times parse-tree nodes of the summands, nested sums added up
}

_MODES = ("auto", "text", "latex")

# --------------------------------------------------------------------------- gate 1: characters
_UNICODE = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash, typed for a minus by word processors
    "\u00d7": "*",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u2219": "*",
    "\u00f7": "/",
    "\u2215": "/",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u2016": "||",
    "\u2225": "||",
    "\u2223": "|",
    "\u00bd": "(1/2)",
    "\u2153": "(1/3)",
    "\u2154": "(2/3)",
    "\u00bc": "(1/4)",
    "\u00be": "(3/4)",
    "\u215b": "(1/8)",
    "\u00b2": "^2",
    "\u00b3": "^3",
    "\u221e": " oo ",
    "\u221a": " sqrt ",
    "\u00a0": " ",
    "\u03c0": " pi ",
    "\u03b1": " alpha ",
    "\u03b2": " beta ",
    "\u03b3": " gamma ",
    "\u03b4": " delta ",
    "\u03b5": " epsilon ",
    "\u03b8": " theta ",
    "\u03bc": " mu ",
    "\u03c3": " sigma ",
    "\u03c4": " tau ",
    "\u03c6": " phi ",
    "\u03c9": " omega ",
}
_SPACING = re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])")
_PERCENT = re.compile(r"\\%")
_PR = re.compile(r"\\Pr(?![A-Za-z])")
_SIZING = re.compile(r"\\(left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\.?")
_FRAC_DIGITS = re.compile(r"(\\[dt]?(?:frac|binom))\s*(\d)\s*(\d)")
_COMMAND = re.compile(r"\\([A-Za-z]+|.?)", re.DOTALL)
_ALLOWED_SYMBOL_COMMANDS = {"|"}
_QUOTES = "'\"`"
_MATH_DELIMITERS = re.compile(r"(\s*)(\$\$|\$|\\\(|\\\[)(.*?)(\$\$|\$|\\\)|\\\])(\s*)", re.DOTALL)
_PAIRS = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True)
class _Text:
    """Normalised ASCII text and, for each of its characters, the column in the input."""

    text: str
    columns: tuple[int, ...]
    latex: bool

    def column(self, index: int) -> int:
        """1-based input column of the normalised character at ``index``."""
        if not self.columns:
            return 1
        return self.columns[min(max(index, 0), len(self.columns) - 1)]


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "ROMAN")


def _looks_ascii(char: str) -> bool:
    """Full-width, mathematical or foreign-script letters that pass for ASCII ones."""
    if unicodedata.normalize("NFKC", char).isascii():
        return True
    return any(script in unicodedata.name(char, "") for script in _LOOKALIKE_SCRIPTS)


def _screen_char(char: str, column: int) -> str:
    """The ASCII replacement of one input character, or a ParseError naming it."""
    if char in "\t\n\r":
        return " "
    code = ord(char)
    if code < 32 or code == 127 or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
        raise ParseError(f"control character {_describe(char)} at column {column} is not allowed")
    if code < 128:
        if char in _QUOTES:
            raise ParseError(f"quote {char} at column {column}: strings are not allowed")
        return char
    if char in _UNICODE:
        return _UNICODE[char]
    what = "look-alike character" if _looks_ascii(char) else "non-ASCII character"
    raise ParseError(
        f"{what} {_describe(char)} at column {column} is not allowed; type ASCII letters and digits"
    )


_VULGAR = "\u00bd\u2153\u2154\u00bc\u00be\u215b"


def _screen_chars(text: str) -> tuple[str, tuple[int, ...]]:
    pieces: list[str] = []
    columns: list[int] = []
    for index, char in enumerate(text):
        if char in _VULGAR and index and text[index - 1].isdigit():
            raise ParseError(f"mixed number at column {index}: write 2 + 1/2 or 5/2, not 2\u00bd")
        replacement = _screen_char(char, index + 1)
        pieces.append(replacement)
        columns.extend([index + 1] * len(replacement))
    return "".join(pieces), tuple(columns)


def _substitute(norm: _Text, pattern: re.Pattern[str], repl: Any) -> _Text:
    """Apply a regex substitution, keeping each new character's input column."""
    pieces: list[str] = []
    columns: list[int] = []
    last = 0
    for match in pattern.finditer(norm.text):
        pieces.append(norm.text[last : match.start()])
        columns.extend(norm.columns[last : match.start()])
        new = repl(match) if callable(repl) else repl
        pieces.append(new)
        columns.extend([norm.column(match.start())] * len(new))
        last = match.end()
    pieces.append(norm.text[last:])
    columns.extend(norm.columns[last:])
    return _Text("".join(pieces), tuple(columns), norm.latex)


def _strip_math_delimiters(norm: _Text, mode: str) -> _Text:
    """``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]`` around the input: a LaTeX paste."""
    match = _MATH_DELIMITERS.fullmatch(norm.text)
    if match is None or _PAIRS[match.group(2)] != match.group(4):
        return norm
    blank = " " * len(match.group(2))
    text = match.group(1) + blank + match.group(3) + " " * len(match.group(4)) + match.group(5)
    return _Text(text, norm.columns, latex=mode != "text")


def _check_commands(norm: _Text, mode: str) -> None:
    for match in _COMMAND.finditer(norm.text):
        name, column = match.group(1), norm.column(match.start())
        if mode == "text":
            raise ParseError(
                f"LaTeX command \\{name} at column {column} in text mode (use mode='latex')"
            )
        if name in LATEX_COMMANDS or name in _ALLOWED_SYMBOL_COMMANDS:
            continue
        if name == "\\":
            raise ParseError(f"line break \\\\ at column {column} is not allowed")
        shown = f"\\{name}" if name.strip() else "a lone backslash"
        raise ParseError(f"LaTeX command {shown} at column {column} is not allowed")


_WORD = re.compile(r"(?<![A-Za-z0-9\\])[A-Za-z]+")


def _check_words(norm: _Text) -> None:
    """Python keywords and builtins get their own message (they would fail later anyway)."""
    for match in _WORD.finditer(norm.text):
        subscript = norm.text[: match.start()].endswith(("_", "_{"))  # x_in is a name
        if match.group() in _PYTHON_WORDS and not subscript:
            column = norm.column(match.start())
            raise ParseError(f"Python name {match.group()!r} at column {column} is not allowed")


def _check_brackets(norm: _Text) -> None:
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(norm.text):
        column = norm.column(index)
        if char in _OPEN:
            stack.append((char, column))
            if len(stack) > LIMITS["brackets"]:
                raise InputTooLarge(
                    f"brackets nested deeper than {LIMITS['brackets']} at column {column}"
                )
        elif char in _CLOSE:
            want = _OPEN[_CLOSE.index(char)]
            if not stack or stack[-1][0] != want:
                raise ParseError(f"unbalanced {char!r} at column {column}")
            stack.pop()
    if stack:
        char, column = stack[-1]
        raise ParseError(f"unclosed {char!r} at column {column}")


def _normalise(text: object, mode: str) -> _Text:
    """Gate 1: screen the characters and rewrite LaTeX spacing; see the module docstring."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if mode not in _MODES:
        raise ParseError(f"mode must be one of {', '.join(_MODES)}, not {mode!r}")
    if len(text) > LIMITS["chars"]:
        raise InputTooLarge(f"input is {len(text)} characters long (max {LIMITS['chars']})")
    ascii_text, columns = _screen_chars(text)
    norm = _Text(ascii_text, columns, latex=mode == "latex" or "\\" in ascii_text)
    underscore = ascii_text.find("__")
    if underscore >= 0:
        column = norm.column(underscore)
        raise ParseError(f"double underscore at column {column} is not allowed")
    norm = _strip_math_delimiters(norm, mode)
    norm = _substitute(norm, _SPACING, " ")
    norm = _substitute(norm, _SIZING, "")
    norm = _substitute(norm, _PERCENT, "%")
    norm = _substitute(norm, _PR, "Pr")
    norm = _substitute(
        norm, _FRAC_DIGITS, lambda m: f"{m.group(1)}{{{m.group(2)}}}{{{m.group(3)}}}"
    )
    _check_commands(norm, mode)
    _check_words(norm)
    _check_brackets(norm)
    if not norm.text.strip():
        raise ParseError("empty input")
    return norm


# --------------------------------------------------------------------------- gate 2: grammar
@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(
        GRAMMAR,
        parser="lalr",
        lexer="basic",
        start=["start", "relation"],
        propagate_positions=True,
        cache=False,
    )


_TOKENISH = re.compile(
    r"\\[A-Za-z]+|[A-Za-z][A-Za-z0-9]*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\*\*|\|\||\\.|\S"
)


def _count_tokens(norm: _Text) -> None:
    """At most LIMITS["tokens"] tokens, counted by a regex close to the lexer's (no scanner)."""
    for count, match in enumerate(_TOKENISH.finditer(norm.text), start=1):
        if count > LIMITS["tokens"]:
            column = norm.column(match.start())
            raise InputTooLarge(f"more than {LIMITS['tokens']} tokens (at column {column})")


def _syntax_error(error: LarkError, norm: _Text) -> ParseError:
    if isinstance(error, UnexpectedCharacters):
        pos = error.pos_in_stream or 0
        char = norm.text[pos] if pos < len(norm.text) else "?"
        return ParseError(f"unexpected character {char!r} at column {norm.column(pos)}")
    if isinstance(error, UnexpectedToken) and error.token.type in ("REL", "EQUAL"):
        column = norm.column(error.token.start_pos or 0)
        return ParseError(
            f"relation {str(error.token)!r} at column {column}: an answer is one expression"
            " (claims go through parse_relation)"
        )
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        return ParseError(
            f"unexpected {str(token)!r} at column {norm.column(token.start_pos or 0)}"
        )
    if isinstance(error, (UnexpectedEOF, UnexpectedToken)):
        column = norm.column(len(norm.text) - 1) + 1
        return ParseError(
            f"the input ends too early at column {column} (an operand or a bracket is missing)"
        )
    return ParseError(f"cannot parse the input: {type(error).__name__}")


def _syntax_tree(norm: _Text, start: str) -> Tree:
    try:
        _count_tokens(norm)
        return _parser().parse(norm.text, start=start)
    except LarkError as error:
        raise _syntax_error(error, norm) from None


# --------------------------------------------------------------------------- gate 3: tree size
def _check_tree(tree: Tree, norm: _Text) -> None:
    """Iterative walk: bounded depth and node count before any recursion or SymPy work."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > LIMITS["nodes"]:
            raise InputTooLarge(f"expression has more than {LIMITS['nodes']} parts")
        if depth > LIMITS["tree_depth"]:
            column = norm.column(
                getattr(node.meta, "start_pos", 0) if isinstance(node, Tree) else 0
            )
            raise InputTooLarge(
                f"expression nested deeper than {LIMITS['tree_depth']} levels near column {column}"
            )
        if isinstance(node, Tree):
            if node.data == "mul_implicit":
                _check_implicit(node, norm)
            stack.extend((child, depth + 1) for child in node.children)


def _check_implicit(node: Tree, norm: _Text) -> None:
    """``2 3`` or ``1..2`` (``1.`` times ``.2``) is a typo, not a product; ``2(3)`` is fine."""
    left, right = node.children
    first = _edge_token(right, 0)
    if not (isinstance(first, Token) and first.type == "NUMBER"):
        return
    last = _edge_token(left, -1)
    end = getattr(last, "end_pos", None) or 0
    if not norm.text[end : first.start_pos].strip():
        column = norm.column(first.start_pos or 0)
        raise ParseError(f"number at column {column} follows another factor: write * between")


def _edge_token(node: Any, side: int) -> Any:
    while isinstance(node, Tree) and node.children:
        node = node.children[side]
    return node


# --------------------------------------------------------------------------- public API
def parse(
    text: str,
    *,
    symbols: Mapping[str, sp.Symbol] | Iterable[sp.Symbol] | None = None,
    mode: str = "auto",
) -> sp.Expr:
    """Exact SymPy expression of an untrusted answer in calculator text or LaTeX.

    ``mode`` is ``"text"`` (no backslash commands), ``"latex"`` or ``"auto"`` (LaTeX rules
    once the input has a backslash). Errors are :class:`~symgen.errors.ParseError` (syntax,
    unknown name, forbidden construct) or :class:`~symgen.errors.InputTooLarge` (a bound in
    :data:`LIMITS`), with a one-line message naming the column.

    >>> parse("2p(1-p)", symbols=sp.symbols("p", positive=True, seq=True))
    2*p*(1 - p)
    >>> parse("10**10**4")
    Traceback (most recent call last):
    ...
    symgen.errors.InputTooLarge: power at column 3 is too large: about 10000 digits (max 3612)
    """
    table = _symbol_table(symbols)
    if not isinstance(text, str) or len(text) > LIMITS["chars"]:
        return _parse(text, mode, table)
    return _parse_cached(text, mode, tuple(sorted(table.items())))


@lru_cache(maxsize=4096)
def _parse_cached(text: str, mode: str, table: tuple[tuple[str, sp.Symbol], ...]) -> sp.Expr:
    """Batches repeat answers; SymPy expressions are immutable, so sharing them is safe."""
    return _parse(text, mode, dict(table))


def _parse(text: object, mode: str, table: dict[str, sp.Symbol]) -> sp.Expr:
    norm = _normalise(text, mode)
    tree = _syntax_tree(norm, "start")
    _check_tree(tree, norm)
    (expr,) = _build(tree.children, norm, table)
    return expr


def parse_relation(
    text: str,
    *,
    symbols: Mapping[str, sp.Symbol] | Iterable[sp.Symbol] | None = None,
    mode: str = "auto",
) -> tuple[sp.Expr, str, sp.Expr]:
    r"""``(lhs, op, rhs)`` of a claim; ``op`` is one of ``= >= <= > < !=``.

    ``≥ \geq \ge`` give ``>=``, ``≤ \leq \le`` give ``<=``, ``\neq`` gives ``!=``.

    >>> lhs, op, rhs = parse_relation(r"D_{KL}(P \| Q) \geq 0")
    >>> str(lhs), op, rhs
    ('D_KL(P || Q)', '>=', 0)
    """
    norm = _normalise(text, mode)
    tree = _syntax_tree(norm, "relation")
    _check_tree(tree, norm)
    lhs_tree, op_token, rhs_tree = _relation_parts(tree)
    lhs, rhs = _build([lhs_tree, rhs_tree], norm, _symbol_table(symbols))
    return lhs, _relation_op(op_token), rhs


def _relation_parts(tree: Tree) -> tuple[Any, str, Any]:
    children = tree.children
    if len(children) == 2:  # the anonymous "=" is filtered out of the tree
        return children[0], "=", children[1]
    return children[0], str(children[1]), children[2]


_RELATIONS = {
    "=": "=",
    ">=": ">=",
    "<=": "<=",
    ">": ">",
    "<": "<",
    "!=": "!=",
    "\\geq": ">=",
    "\\ge": ">=",
    "\\leq": "<=",
    "\\le": "<=",
    "\\neq": "!=",
    "\\ne": "!=",
    "\\geqslant": ">=",
    "\\leqslant": "<=",
}


def _relation_op(token: str) -> str:
    return _RELATIONS[token]


def _build(trees: list[Any], norm: _Text, table: dict[str, sp.Symbol]) -> list[sp.Expr]:
    """Gate 4 for one expression or both sides of a relation (one builder: same symbols)."""
    builder = _Builder(norm, table)
    try:
        values = [builder.transform(Tree("start", [tree])) for tree in trees]
        return builder._finish(values)
    except VisitError as error:
        raise _unwrap(error.orig_exc) from None
    except SymgenError:
        raise
    except Exception as error:  # a SymPy failure on odd but bounded input: still one line
        raise _unwrap(error) from None


def _unwrap(error: BaseException) -> SymgenError:
    if isinstance(error, SymgenError):
        return error
    if isinstance(error, RecursionError):
        return InputTooLarge("expression nested too deeply")
    detail = str(error).splitlines()[0][:80] if str(error) else type(error).__name__
    return ParseError(f"cannot build the expression: {detail}")


def _symbol_table(symbols: Any) -> dict[str, sp.Symbol]:
    if symbols is None:
        return {}
    if isinstance(symbols, Mapping):
        items = list(symbols.items())
    else:
        items = [(getattr(s, "name", None), s) for s in symbols]
    table: dict[str, sp.Symbol] = {}
    for name, symbol in items:
        if not isinstance(name, str) or not isinstance(symbol, sp.Symbol):
            raise ParseError(f"symbols must map names to sympy Symbols, got {name!r}: {symbol!r}")
        table[name] = symbol
    return table


# --------------------------------------------------------------------------- gate 4: building
_GREEK_WORDS = frozenset(GREEK_LETTERS) - {"lambda"}  # text "lambda" is the Python keyword
_PYTHON_WORDS = frozenset(
    words(
        "lambda import from exec eval compile open os sys subprocess system getattr "
        "setattr delattr globals locals vars dir type class def return yield del global "
        "nonlocal assert raise try except finally with while for if else elif pass "
        "break continue not and or is in async await print input builtins breakpoint "
        "object mro subclasses attr"
    )
)
_HEADS = frozenset(("P", "H", "I", "D", "E", "KL", "JSD", "Var", "Cov", "Pr"))
_FUNCTIONS = frozenset({"f", "g"})
_SIMPLE_NAME = re.compile(r"^[A-Za-z][0-9]*$")
_DIST_NAME = re.compile(r"^([PQRpqr]|[PpQq]_.*)$")
_SEPARATORS = {",": ",", ";": ";", "|": "|", "||": "||", "\\|": "||"}
_SEPARATORS |= {"\\mid": "|", "\\vert": "|", "\\Vert": "||"}
_UNARY = {
    "ln": sp.log,
    "log2": lambda x: sp.log(x, 2),
    "log10": lambda x: sp.log(x, 10),
    "exp": sp.exp,
    "abs": sp.Abs,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
}
_CONSTANTS: dict[str, sp.Expr] = {
    "e": sp.E,
    "pi": sp.pi,
    "oo": sp.oo,
    "inf": sp.oo,
    "infinity": sp.oo,
}


@dataclass(frozen=True)
class _Name:
    """A name as written: ``base`` (``p``, ``theta``, ``D``), optional subscript text."""

    base: str
    sub: str
    column: int
    greek: bool = False
    law: Any = None  # the law of a subscript like E_{x ~ P}
    font: bool = False  # written \mathrm{...}: a word, never split into letters

    @property
    def text(self) -> str:
        return f"{self.base}_{self.sub}" if self.sub else self.base


@dataclass(frozen=True)
class _Sub:
    text: str
    law: Any
    simple: bool


@dataclass(frozen=True)
class _Juxtaposed:
    """``x(1-x)`` read as a product, kept apart until the next operator is known: a power or
    ``!`` applies to the bracket (``p(1-p)^2``), and in an exponent the bracket is a new
    factor (``p^k(1-p)^(n-k)``), as a reader of the textbook formula expects."""

    head: sp.Expr
    arg: sp.Expr
    column: int


@dataclass(frozen=True)
class _Event:
    column: int


@dataclass(frozen=True)
class _Args:
    items: tuple[Any, ...]
    seps: tuple[str, ...]
    column: int


def _bits(value: sp.Basic) -> int:
    """Largest bit length of a numerator or denominator inside ``value``."""
    rationals = [value] if isinstance(value, sp.Rational) else value.atoms(sp.Rational)
    return max((max(int(r.p).bit_length(), int(r.q).bit_length()) for r in rationals), default=0)


def _too_big(what: str, column: int, bits: int) -> InputTooLarge:
    return _too_big_log(what, column, math.log10(max(bits, 1) * 0.30103))


def _too_big_log(what: str, column: int, log10_digits: float) -> InputTooLarge:
    limit = int(LIMITS["number_bits"] * 0.30103)
    digits = f"{round(10**log10_digits)}" if log10_digits < 9 else f"10^{log10_digits:.0f}"
    return InputTooLarge(
        f"{what} at column {column} is too large: about {digits} digits (max {limit})"
    )


_UNDEFINED = (sp.nan, sp.zoo)


def _check_number(value: sp.Expr, what: str, column: int) -> sp.Expr:
    """Bound the exact numbers SymPy just made (a rational, a coefficient, a constant term)
    and refuse nan/zoo where they appear (they propagate upwards, so one level suffices)."""
    if value in _UNDEFINED or any(arg in _UNDEFINED for arg in value.args):
        raise ParseError(
            f"{what} at column {column} is undefined (a division by zero, log of 0 or oo - oo)"
        )
    if isinstance(value, sp.Mul):
        number = value.as_coeff_Mul()[0]
    elif isinstance(value, sp.Add):
        number = value.as_coeff_Add()[0]
    else:
        number = value
    if isinstance(number, sp.Rational) and _bits(number) > LIMITS["number_bits"]:
        raise _too_big(what, column, _bits(number))
    return value


def _add(a: sp.Expr, b: sp.Expr, what: str, column: int) -> sp.Expr:
    return _check_number(sp.Add(a, b), what, column)


def _sum_terms(low: sp.Expr, high: sp.Expr, column: int) -> int:
    """Number of terms of a sum with these limits (integers, at most LIMITS["sum_terms"])."""
    if not (isinstance(low, sp.Integer) and isinstance(high, sp.Integer)):
        raise ParseError(
            f"sum at column {column} needs integer limits (symbolic ones are not supported)"
        )
    terms = max(int(high) - int(low) + 1, 0)
    if terms > LIMITS["sum_terms"]:
        raise InputTooLarge(f"sum at column {column} has {terms} terms (max {LIMITS['sum_terms']})")
    return terms


def _size(tree: Any) -> int:
    count, stack = 0, [tree]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, Tree):
            stack.extend(node.children)
    return count


def _multiply(a: sp.Expr, b: sp.Expr, what: str, column: int) -> sp.Expr:
    """``a*b``; SymPy merges numeric roots (sqrt(m)*sqrt(n) = sqrt(mn)) and factors the
    product, so the numbers under roots of all factors together are bounded first."""
    under_roots = sum(
        _bits(factor.base)
        for factor in (*sp.Mul.make_args(a), *sp.Mul.make_args(b))
        if isinstance(factor, sp.Pow) and factor.base.is_number and not factor.exp.is_integer
    )
    if under_roots > LIMITS["root_bits"]:
        raise InputTooLarge(
            f"{what} of roots at column {column} is too large: over "
            f"{int(LIMITS['root_bits'] * 0.30103)} digits under the roots"
        )
    return _check_number(sp.Mul(a, b), what, column)


def _power(base: sp.Expr, exponent: sp.Expr, column: int) -> sp.Expr:
    """``base**exponent`` once the size of the result is known to be small."""
    if isinstance(exponent, sp.Rational):
        if isinstance(base, sp.Rational):
            _check_numeric_power(base, exponent, column)
        else:
            _check_symbolic_power(base, exponent, column)
        if base == 0 and exponent < 0:
            raise ParseError(f"division by zero (0 to a negative power) at column {column}")
    elif exponent.is_number and isinstance(base, sp.Rational) and _bits(base) > 1000:
        raise _too_big("base of the power", column, _bits(base))
    return _check_number(sp.Pow(base, exponent), "power", column)


def _check_numeric_power(base: sp.Rational, exponent: sp.Rational, column: int) -> None:
    if base in (0, 1, -1) or exponent == 0:
        return
    if exponent.q > 1000:
        raise InputTooLarge(f"root of order {_short(exponent.q)} at column {column} is too large")
    _check_root_base(base, exponent, column)
    size = math.log2(max(abs(int(base.p)), int(base.q)))  # bits of the base, exact enough
    log10_bits = math.log10(size) + math.log10(abs(int(exponent.p))) - math.log10(exponent.q)
    if log10_bits > math.log10(LIMITS["number_bits"]):
        raise _too_big_log("power", column, log10_bits + math.log10(0.30103))


def _check_symbolic_power(base: sp.Expr, exponent: sp.Rational, column: int) -> None:
    limit = LIMITS["exponent"]
    if abs(exponent.p) > limit or exponent.q > limit:
        raise InputTooLarge(
            f"exponent {_short(exponent)} at column {column} is too large (max {limit})"
        )
    _check_root_base(base, exponent, column)
    bits = _bits(base) * abs(int(exponent.p))
    if bits > LIMITS["number_bits"]:
        raise _too_big("power", column, bits)


def _check_root_base(base: sp.Expr, exponent: sp.Rational, column: int) -> None:
    """SymPy factors the numbers under a root (seconds for 1000 digits): keep them small."""
    if exponent.q != 1 and _bits(base) > LIMITS["root_bits"]:
        raise InputTooLarge(
            f"number under the root at column {column} is too large: over "
            f"{int(LIMITS['root_bits'] * 0.30103)} digits"
        )


def _short(value: sp.Expr) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _check_integer_argument(value: sp.Expr, what: str, column: int) -> None:
    """Factorial and binomial arguments: small enough to evaluate, not negative integers."""
    if not value.is_number:
        return
    if isinstance(value, sp.Rational):
        if abs(value) > LIMITS["factorial"]:
            raise InputTooLarge(
                f"{what} of {_short(value)} at column {column} is too large "
                f"(max {LIMITS['factorial']})"
            )
        if value.is_integer and value < 0:
            raise ParseError(f"{what} of the negative integer {value} at column {column}")
    elif value.is_real and abs(sp.N(value, 15)) > LIMITS["factorial"]:
        raise InputTooLarge(f"{what} argument at column {column} is too large")


def _number(token: Token, column: int) -> sp.Rational:
    text = str(token)
    mantissa, _, exponent = text.lower().partition("e")
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > LIMITS["digits"]:
        raise InputTooLarge(
            f"number at column {column} has {digits} digits (max {LIMITS['digits']})"
        )
    if exponent and abs(int(exponent)) > LIMITS["decimal_exponent"]:
        raise InputTooLarge(
            f"exponent e{exponent} at column {column} is too large "
            f"(max {LIMITS['decimal_exponent']})"
        )
    value = Fraction(text)
    return sp.Rational(value.numerator, value.denominator)


def _notation() -> Any:
    """symgen.notation.symbols, imported on first use of probability notation."""
    from symgen.notation import symbols as notation

    return notation


def _column_of(builder: _Builder, meta: Any) -> int:
    return builder.norm.column(getattr(meta, "start_pos", 0) or 0)


@v_args(meta=True)
class _Builder(Transformer):
    """Parse tree -> SymPy; every method builds one whitelisted construct."""

    def __init__(self, norm: _Text, table: dict[str, sp.Symbol]) -> None:
        super().__init__(visit_tokens=False)
        self.norm = norm
        self.table = table
        self.defaults: dict[str, sp.Symbol] = {}
        self.bound: dict[str, sp.Integer] = {}  # indices of \\sum_{k=a}^{b} being expanded
        self.sum_work = 0
        self.notation_used = False

    # ----------------------------------------------------------------- helpers
    def _col(self, meta: Any) -> int:
        return _column_of(self, meta)

    def _expr(self, value: Any) -> sp.Expr:
        if isinstance(value, _Name):
            return self._symbol(value)
        if isinstance(value, _Juxtaposed):
            return _multiply(value.head, value.arg, "product", value.column)
        if isinstance(value, _Event):
            raise ParseError(f"'=' at column {value.column} is only allowed inside P(...)")
        if isinstance(value, _Args):
            raise ParseError(f"a list at column {value.column} is not an expression")
        if not isinstance(value, sp.Expr):
            raise ParseError(f"cannot use {type(value).__name__} as an expression")
        return value

    def _default(self, name: str) -> sp.Symbol:
        if name not in self.defaults:
            self.defaults[name] = sp.Symbol(name, real=True)
        return self.defaults[name]

    def _symbol(self, ref: _Name) -> sp.Expr:
        if ref.text in self.bound:
            return self.bound[ref.text]
        if ref.text in self.table:
            return self.table[ref.text]
        if not ref.sub and not ref.greek and ref.base in _CONSTANTS:
            return _CONSTANTS[ref.base]
        if ref.greek or ref.base in _GREEK_WORDS or _SIMPLE_NAME.match(ref.base):
            return self._default(ref.text)
        return self._word(ref)

    def _word(self, ref: _Name) -> sp.Expr:
        where = f"at column {ref.column}"
        if ref.base in _PYTHON_WORDS or ref.base.lower() in _PYTHON_WORDS:
            raise ParseError(f"Python name {ref.base!r} {where} is not allowed")
        if ref.base in _HEADS:
            raise ParseError(f"{ref.text} {where} needs arguments, like {ref.text}(X)")
        if self.norm.latex and ref.base.isalpha() and not ref.font:
            letters = [_Name(ch, "", ref.column) for ch in ref.base[:-1]]
            letters.append(_Name(ref.base[-1], ref.sub, ref.column))
            return sp.Mul(*(self._symbol(letter) for letter in letters))
        product = "*".join(ref.base)
        raise ParseError(f"unknown name {ref.base!r} {where} (for a product write {product})")

    def _finish(self, values: list[Any]) -> list[sp.Expr]:
        exprs = [self._expr(value) for value in values]
        for expr in exprs:
            if expr.has(sp.nan, sp.zoo):
                raise ParseError("the expression is undefined (a division by zero or log of 0)")
        if self.notation_used and self.defaults:
            plain = {s: sp.Symbol(s.name) for s in self.defaults.values()}
            exprs = [expr.xreplace(plain) for expr in exprs]
        return exprs

    # ----------------------------------------------------------------- atoms
    def start(self, meta: Any, children: list[Any]) -> Any:
        return children[0]

    def paren(self, meta: Any, children: list[Any]) -> sp.Expr:
        return self._expr(children[0])  # brackets seal a juxtaposition: (p(1-p))^2

    def number(self, meta: Any, children: list[Token]) -> sp.Expr:
        return _number(children[0], self._col(meta))

    def const(self, meta: Any, children: list[Token]) -> sp.Expr:
        text = str(children[0])
        return sp.pi if text == "\\pi" else sp.oo if text == "\\infty" else sp.E

    def name(self, meta: Any, children: list[Any]) -> _Name:
        head, *rest = children
        greek = head.type == "GREEK"
        base = str(head).lstrip("\\")
        if head.type == "MATHFONT":
            base, rest = str(rest[0]), rest[1:]
        sub = rest[0] if rest else _Sub("", None, True)
        if sub.text and not sub.simple and sub.law is None:
            raise ParseError(f"subscript of {base} at column {self._col(meta)} is not a name")
        font = head.type == "MATHFONT"
        return _Name(base, sub.text, self._col(meta), greek, sub.law, font)

    def sub_word(self, meta: Any, children: list[Token]) -> _Sub:
        text = str(children[0]).lstrip("\\")
        return _Sub(text, sp.Symbol(text) if _DIST_NAME.match(text) else None, True)

    def sub_group(self, meta: Any, children: list[Any]) -> _Sub:
        tildes = [i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "TILDE"]
        if tildes:
            after = children[tildes[0] + 1 :]
            if len(after) != 1:
                raise ParseError(f"write E_{{x ~ P}} with one law at column {self._col(meta)}")
            return _Sub(self._piece(children[0]), self._law(after[0], self._col(meta)), False)
        if len(children) == 1 and not isinstance(children[0], (_Name, Token, sp.Integer)):
            return _Sub(str(children[0]), self._law(children[0], self._col(meta)), False)
        text = "".join(self._piece(child) for child in children)
        simple = all(isinstance(c, (_Name, sp.Integer, Token)) for c in children)
        law = sp.Symbol(text) if simple and _DIST_NAME.match(text) else None
        return _Sub(text, law, simple)

    def _piece(self, child: Any) -> str:
        if isinstance(child, _Name):
            return child.text
        return "," if isinstance(child, Token) else str(child)

    def _law(self, value: Any, column: int) -> sp.Basic:
        notation = _notation()
        if isinstance(value, _Name) and _DIST_NAME.match(value.text):
            return sp.Symbol(value.text)
        if isinstance(value, notation.Prob):
            return value
        raise ParseError(f"expected a distribution (P, q, p_data, q(z|x)) at column {column}")

    # ----------------------------------------------------------------- arithmetic
    def _operands(self, children: list[Any]) -> list[sp.Expr]:
        return [self._expr(c) for c in children if not isinstance(c, Token)]

    def add(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return _check_number(sp.Add(a, b), "sum", self._col(meta))

    def sub(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return _check_number(sp.Add(a, -b), "difference", self._col(meta))

    def neg(self, meta: Any, children: list[Any]) -> Any:
        (value,) = children
        if isinstance(value, _Juxtaposed):  # -k(1-p) in an exponent stays a juxtaposition
            return _Juxtaposed(-value.head, value.arg, value.column)
        return _check_number(-self._expr(value), "negation", self._col(meta))

    def pos(self, meta: Any, children: list[Any]) -> sp.Expr:
        return self._expr(children[0])

    def mul(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return _multiply(a, b, "product", self._col(meta))

    mul_implicit = mul

    def _op_column(self, meta: Any, children: list[Any]) -> int:
        """Column of the operator token (``/``, ``^``), else of the whole construct."""
        for child in children:
            if isinstance(child, Token):
                return self.norm.column(child.start_pos or 0)
        return self._col(meta)

    def div(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return self._divide(a, b, self._op_column(meta, children))

    def _divide(self, a: sp.Expr, b: sp.Expr, column: int) -> sp.Expr:
        if b.is_zero:
            raise ParseError(f"division by zero at column {column}")
        return _multiply(a, sp.Pow(b, -1), "quotient", column)

    def frac(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return self._divide(a, b, self._col(meta))

    def pow(self, meta: Any, children: list[Any]) -> Any:
        base, exponent = (c for c in children if not isinstance(c, Token))
        column = self._op_column(meta, children)
        if isinstance(base, _Juxtaposed):  # p(1-p)^2 is p*(1-p)^2, not (p*(1-p))^2
            value = _power(base.arg, self._expr(exponent), column)
            return _Juxtaposed(base.head, value, base.column)
        if isinstance(exponent, _Juxtaposed):  # p^k(1-p) is p^k*(1-p), not p^(k*(1-p))
            value = _power(self._expr(base), exponent.head, column)
            return _multiply(value, exponent.arg, "product", column)
        return _power(self._expr(base), self._expr(exponent), column)

    def factorial(self, meta: Any, children: list[Any]) -> Any:
        (value,) = children
        if isinstance(value, _Juxtaposed):  # n(n-1)! is n*(n-1)!
            return _Juxtaposed(value.head, self._factorial(value.arg, meta), value.column)
        return self._factorial(self._expr(value), meta)

    def _factorial(self, value: sp.Expr, meta: Any) -> sp.Expr:
        _check_integer_argument(value, "factorial", self._col(meta))
        return _check_number(sp.factorial(value), "factorial", self._col(meta))

    def percent(self, meta: Any, children: list[Token]) -> sp.Expr:
        return _number(children[0], self._col(meta)) / 100

    def binom(self, meta: Any, children: list[Any]) -> sp.Expr:
        n, k = self._operands(children)
        return self._binomial(n, k, meta)

    def _binomial(self, n: sp.Expr, k: sp.Expr, meta: Any) -> sp.Expr:
        _check_integer_argument(n, "binomial", self._col(meta))
        _check_integer_argument(k, "binomial", self._col(meta))
        return _check_number(sp.binomial(n, k), "binomial", self._col(meta))

    def sqrt(self, meta: Any, children: list[Any]) -> sp.Expr:
        (value,) = self._operands(children)
        return _power(value, sp.Rational(1, 2), self._col(meta))

    def root(self, meta: Any, children: list[Any]) -> sp.Expr:
        n, value = self._operands(children)
        if not (isinstance(n, sp.Integer) and 1 <= n <= 1000):
            raise ParseError(
                f"\\sqrt[n] at column {self._col(meta)} needs an integer n from 1 to 1000"
            )
        return _power(value, sp.Rational(1, int(n)), self._col(meta))

    # ----------------------------------------------------------------- functions
    def fsub(self, meta: Any, children: list[Any]) -> sp.Expr:
        (value,) = children
        if isinstance(value, Token):
            if value.type == "NUMBER":
                return _number(value, self._col(meta))
            return self._symbol(_Name(str(value), "", self._col(meta)))
        return self._expr(value)

    def func_call(self, meta: Any, children: list[Any]) -> sp.Expr:
        head, *rest = children
        args = rest[-1]
        base = rest[0] if len(rest) == 2 else None
        if any(sep != "," for sep in args.seps):
            raise ParseError(
                f"{head}(...) at column {self._col(meta)} takes comma-separated arguments"
            )
        values = [self._expr(item) for item in args.items]
        name = str(head).lstrip("\\")
        return _check_number(self._function(name, values, base, meta), name, self._col(meta))

    def func_bare(self, meta: Any, children: list[Any]) -> sp.Expr:
        head, *rest = children
        base = rest[0] if len(rest) == 2 else None
        name = str(head).lstrip("\\")
        value = self._function(name, [self._expr(rest[-1])], base, meta)
        return _check_number(value, name, self._col(meta))

    def _function(self, name: str, args: list[sp.Expr], base: Any, meta: Any) -> sp.Expr:
        column = self._col(meta)
        if base is not None and name != "log":
            raise ParseError(f"{name} at column {column} takes no subscript")
        if name == "log":
            return self._log(args, base, column)
        arity = 2 if name == "binomial" else 1
        if len(args) != arity:
            raise ParseError(
                f"{name} at column {column} takes {arity} argument(s), got {len(args)}"
            )
        if name == "factorial":
            _check_integer_argument(args[0], "factorial", column)
            return _check_number(sp.factorial(args[0]), "factorial", column)
        if name == "binomial":
            return self._binomial(args[0], args[1], meta)
        if name == "sqrt":
            return _power(args[0], sp.Rational(1, 2), column)
        if name == "exp":
            return _power(sp.E, args[0], column)
        return _UNARY[name](args[0])

    def _log(self, args: list[sp.Expr], base: Any, column: int) -> sp.Expr:
        if len(args) == 2 and base is None:
            args, base = args[:1], args[1]
        if len(args) != 1:
            raise ParseError(f"log at column {column} takes 1 argument (or 2: value, base)")
        if base is None:
            return sp.log(args[0])
        if base == 1 or base.is_zero or base.is_negative:
            raise ParseError(f"log base {_short(base)} at column {column} is not allowed")
        return sp.log(args[0], base)

    def args(self, meta: Any, children: list[Any]) -> _Args:
        items = tuple(c for c in children if not (isinstance(c, Token) and c.type == "SEP"))
        seps = tuple(
            _SEPARATORS[str(c)] for c in children if isinstance(c, Token) and c.type == "SEP"
        )
        return _Args(items, seps, self._col(meta))

    def event(self, meta: Any, children: list[Any]) -> _Event:
        return _Event(self._col(meta))

    # ----------------------------------------------------------------- calls and notation
    def call(self, meta: Any, children: list[Any]) -> sp.Expr:
        ref, args = children
        return self._call(ref, args, bracket=False)

    def bracket_call(self, meta: Any, children: list[Any]) -> sp.Expr:
        ref, args = children
        return self._call(ref, args, bracket=True)

    def _call(self, ref: _Name, args: _Args, *, bracket: bool) -> sp.Expr:
        if ref.text not in self.table:
            maker = _NOTATION.get(_head(ref, args, bracket=bracket) or "")
            if maker is not None:
                self.notation_used = True
                return maker(self, ref, args)
            if (ref.text in _FUNCTIONS or _is_network(ref)) and not bracket:
                values = [self._expr(item) for item in _plain_items(ref, args)]
                return sp.Function(ref.text)(*values)
            if ref.base in _HEADS:
                raise ParseError(f"cannot read {ref.text}(...) at column {ref.column}")
        (value,) = _plain_items(ref, args, single=True)
        if _DIST_NAME.match(ref.text) and value.is_number:
            raise ParseError(
                f"{ref.text}({_short(value)}) at column {ref.column} is ambiguous: write "
                f"{ref.text}*{_short(value)} for a product or P(x) for a probability"
            )
        return _Juxtaposed(self._symbol(ref), self._expr(value), ref.column)

    def _transform_tree(self, tree: Tree) -> Any:
        if tree.data == "indexed_sum":
            return self._indexed_sum(tree)
        return super()._transform_tree(tree)

    def _indexed_sum(self, tree: Tree) -> sp.Expr:
        """``\\sum_{k=a}^{b} body`` with integer limits: the body is rebuilt for each k, so
        every bound applies to every term, and the exact sum (or product) is returned."""
        op, index, lower, _, upper, body = tree.children
        column = self._col(tree.meta)
        low, high = (self._expr(self._transform_tree(limit)) for limit in (lower, upper))
        terms = _sum_terms(low, high, column)
        self.sum_work += terms * _size(body)  # nested sums add up
        if str(index) in self.bound or self.sum_work > LIMITS["sum_work"]:
            raise InputTooLarge(f"sum at column {column} is too large to expand")
        product = "prod" in str(op)
        total: sp.Expr = sp.Integer(1 if product else 0)
        for k in range(int(low), int(high) + 1):
            self.bound[str(index)] = sp.Integer(k)
            term = self._expr(self._transform_tree(body))
            add = _multiply if product else _add
            total = add(total, term, "product" if product else "sum", column)
        self.bound.pop(str(index), None)
        return total

    def outcome_sum(self, meta: Any, children: list[Any]) -> sp.Expr:
        notation = _notation()
        _, sub, body = children
        if not sub.simple or not sub.text:
            raise ParseError(f"write the summation index as \\sum_x at column {self._col(meta)}")
        self.notation_used = True
        over = [sp.Symbol(part) for part in sub.text.split(",") if part]
        return notation.Sum(self._expr(body), *over)

    # notation makers: (builder, head, args) -> Notation
    def _names(self, items: Iterable[Any], ref: _Name) -> list[sp.Symbol]:
        what = ref.text
        names = []
        for item in items:
            if isinstance(item, _Event):
                raise ParseError(
                    f"event at column {item.column}: write {what}(x) or {what}(X), not X=value"
                )
            if not isinstance(item, _Name):
                raise ParseError(
                    f"{what}(...) at column {ref.column} expects names, got {_short(item)}"
                )
            names.append(sp.Symbol(item.text))
        return names

    def _prob(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        what, given = _split_given(ref, args, allowed=(",",))
        dist = "P" if ref.text == "Pr" else ref.text
        return notation.P(*self._names(what, ref), given=self._names(given, ref), dist=dist)

    def _entropy(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        what, given = _split_given(ref, args, allowed=(",",))
        return notation.H(*self._names(what, ref), given=self._names(given, ref))

    def _information(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        what, given = _split_given(ref, args, allowed=(",", ";"))
        if ";" not in args.seps:
            if given:
                raise ParseError(f"I(...) at column {ref.column}: write I(X; Y | Z)")
            return notation.SelfInfo(*self._names(what, ref))
        left, right = _split_on(what, args.seps[: len(what) - 1], ";", ref)
        return notation.I(
            self._names(left, ref), self._names(right, ref), given=self._names(given, ref)
        )

    def _divergence(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        if len(args.items) != 2 or args.seps[0] not in ("||", ","):
            raise ParseError(f"{ref.text} at column {ref.column}: write {ref.text}(P || Q)")
        laws = [self._law(item, ref.column) for item in args.items]
        maker = notation.JSD if ref.base == "JSD" else notation.D
        return maker(*laws)

    def _expectation(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        (body,) = _plain_items(ref, args, single=True)
        return notation.E(self._expr(body), over=ref.law)

    def _variance(self, ref: _Name, args: _Args) -> sp.Expr:
        notation = _notation()
        if ref.base == "Var":
            (value,) = _plain_items(ref, args, single=True)
            return notation.Var(*self._names([value], ref))
        items = _plain_items(ref, args)
        if len(items) != 2:
            raise ParseError(f"Cov at column {ref.column} takes 2 arguments, like Cov(X, Y)")
        return notation.Cov(*self._names(items, ref))


def _plain_items(ref: _Name, args: _Args, *, single: bool = False) -> tuple[Any, ...]:
    if any(sep != "," for sep in args.seps) or (single and len(args.items) != 1):
        raise ParseError(
            f"{ref.text}(...) at column {ref.column} takes "
            + ("one argument" if single else "comma-separated arguments")
        )
    return args.items


def _split_given(ref: _Name, args: _Args, *, allowed: tuple[str, ...]) -> tuple[list, list]:
    bars = [i for i, sep in enumerate(args.seps) if sep == "|"]
    if len(bars) > 1 or any(sep not in (*allowed, "|") for sep in args.seps):
        raise ParseError(f"cannot read the arguments of {ref.text} at column {ref.column}")
    if not bars:
        return list(args.items), []
    return list(args.items[: bars[0] + 1]), list(args.items[bars[0] + 1 :])


def _split_on(items: list, seps: tuple[str, ...], sep: str, ref: _Name) -> tuple[list, list]:
    cut = [i for i, s in enumerate(seps) if s == sep]
    if len(cut) != 1:
        raise ParseError(f"{ref.text} at column {ref.column} needs exactly one {sep!r}")
    return items[: cut[0] + 1], items[cut[0] + 1 :]


def _is_network(ref: _Name) -> bool:
    """Encoder/decoder maps such as ``E_theta(x)`` and ``D_phi(z)`` (an autoencoder)."""
    return ref.base in ("D", "E", "G") and bool(ref.sub) and ref.law is None


def _is_name_args(args: _Args) -> bool:
    return all(isinstance(item, (_Name, _Event)) for item in args.items)


def _head(ref: _Name, args: _Args, *, bracket: bool) -> str | None:
    """Which notation a call ``ref(args)`` is, or None for a product or a plain function."""
    base, text = ref.base, ref.text
    if text in ("D_KL", "KL", "JSD") or (base == "D" and not ref.sub and "||" in args.seps):
        return "divergence"
    if base == "E" and (bracket or not ref.sub or ref.law is not None):
        return "expectation"
    if bracket:
        return None
    if text in ("Var", "Cov"):
        return "variance"
    if text == "Pr" or (_DIST_NAME.match(text) and (_is_name_args(args) or text == "P")):
        return "prob"
    if text == "H":
        return "entropy"
    if text == "I":
        return "information"
    return None


_NOTATION = {
    "divergence": _Builder._divergence,
    "expectation": _Builder._expectation,
    "variance": _Builder._variance,
    "prob": _Builder._prob,
    "entropy": _Builder._entropy,
    "information": _Builder._information,
}
