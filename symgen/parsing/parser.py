"""Safe parser for untrusted answers and claims: text or LaTeX -> SymPy, never ``eval``.

The text goes through four gates, each with a one-line error naming the construct and the
column: (1) a character screen (length, control characters, non-ASCII look-alikes, quotes,
double underscores, LaTeX commands off the whitelist, bracket depth), in
:mod:`symgen.parsing._screen`; (2) the Lark LALR grammar of :mod:`symgen.parsing.grammar`
(token count, syntax); (3) a size check of the parse tree (depth, node count); (4) a
transformer that builds SymPy objects from a whitelist and checks every number, power,
factorial and binomial *before* SymPy evaluates it (:mod:`symgen.parsing._build`,
:mod:`symgen.parsing._calls`, :mod:`symgen.parsing._limits`).

Names. A name the caller passes in ``symbols`` (a mapping or an iterable of symbols) is used
as given, so pass :func:`symgen.core.parameters.symbols` ``(..., probability=True)`` for
probabilities. Otherwise a single letter, a letter followed by digits (``x1``), a Greek letter
(``theta``, ``\\theta``) or any of these with a subscript (``x_1``, ``p_data``, ``x_{10}``)
becomes ``sp.Symbol(name, real=True)``; ``e`` is Euler's number, ``pi`` is pi, ``oo`` and
``inf`` are infinity. ``\\hat p`` (or ``p_hat``) is the symbol ``phat``, printed \\hat{p};
``\\theta^*`` is ``theta^*``. Other words are errors in text (``xy``: write ``x*y``), except a
coefficient and random variables written together: ``aX`` is a*X and ``XY`` is X*Y; in LaTeX a
run of letters is a product (``xy`` is x*y). In an expression that uses probability notation
(``P(y|x)``, ``H(X)``, ``D_KL(P||Q)``, ``E[X]``, ``\\sum_x``) the default names are plain
``sp.Symbol(name)``, as :mod:`symgen.notation.symbols` expects.

Calls. ``log``, ``exp``, ``sin`` ... ``sec``, ``sinh``, ``asin``/``arcsin``/``\\arcsin``,
``asinh``, ``sign`` (``\\operatorname{sign}``) are SymPy's functions; ``\\sin^2 x`` is
(sin x)^2 and ``\\sin^{-1} x`` is asin x. The notation is listed in :mod:`symgen.parsing._calls`:
P, H, I, D_KL/KL, JSD/D_JS, E[X], E[X | Y], E[X | Y = y], Var(X + Y), Cov(aX, Y), ELBO(q),
V(G, D), C(G), D^*(x), softmax(z)_i, laws Bern(p), Cat(...), N(mu, sigma^2) and mixtures
(P + Q)/2 or products P(X)P(Y) inside measures, p(x; theta). ``|x|`` is abs(x), ``|X|`` of a
random variable the size of its support. A name followed by a bracket is never a silent
product: ``p(1-p)`` is (a one-letter name times a bracket that is not a bare name), but
``C(x)`` is an error naming the unknown function.

Sums and products. ``\\sum_{k=0}^{4} ...`` and ``\\prod_{i=1}^{5} i`` with integer limits are
expanded exactly (at most ``LIMITS["sum_terms"]`` terms, each built under every bound), and a
subscript equal to the index follows it (``\\prod_{i=1}^{3} p(x_i)`` is p(x_1)p(x_2)p(x_3)).
With a symbolic limit, ``\\sum_{i=1}^{n} x_i`` is ``Sum(x[i], (i, 1, n))``: an unevaluated
SymPy ``Sum``/``Product`` over an integer index, and ``x_i`` is ``IndexedBase(x)[i]``.
``\\sum_x`` without limits is the notation's sum over outcomes. ``argmax_theta``,
``\\arg\\min_Q``, ``\\max_D`` are :mod:`symgen.notation.operators` objects.

Numbers are exact: ``0.25`` is 1/4, ``1e-3`` is 1/1000 and ``25%`` is 1/4; ``2e`` is 2*e
and ``2 3`` is an error (write ``2*3``). ``log`` and ``ln`` are natural logarithms (nats, as
in ML texts); ``log2``, ``log_2``, ``\\log_2`` and ``log(x, 2)`` are base 2. Full-width
digits and letters are rejected like other look-alike characters.

Claims. :func:`parse_relation` reads ``lhs op rhs``; :func:`parse_claim` also reads the
assumptions written after it (``where 0 < p < 1``) and returns a :class:`Claim`.

Results are cached per (text, mode, symbols): SymPy expressions are immutable, and a class's
answers repeat.

>>> parse(r"-p\\log p - (1-p)\\log(1-p)") == parse("-p*ln(p) - (1-p)*ln(1-p)")
True
>>> parse(r"\\frac{1}{2} + 0.25")
3/4
>>> parse_relation("H(P,Q) = D_KL(P||Q)")[1]
'='
>>> parse_claim("H(X) = -p log p - (1-p) log(1-p) where 0 < p < 1").assumptions
(0 < p, p < 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import sympy as sp
from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedToken,
    VisitError,
)

from symgen.errors import InputTooLarge, ParseError, SymgenError
from symgen.notation.laws import Distributed, Independent, MarkovChain
from symgen.parsing import _assume, _screen
from symgen.parsing._calls import Builder
from symgen.parsing._screen import LIMITS, Text
from symgen.parsing.budget import checkpoint, time_budget
from symgen.parsing.grammar import GRAMMAR

__all__ = ["LIMITS", "Claim", "parse", "parse_assumptions", "parse_claim", "parse_relation"]

Symbols = Mapping[str, sp.Symbol] | Iterable[sp.Symbol] | None


class Claim(NamedTuple):
    """A parsed claim: ``lhs op rhs`` under ``assumptions`` (inequalities, ``X ~ law``)."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr
    assumptions: tuple[sp.Basic, ...]


# --------------------------------------------------------------------------- gate 2: grammar
@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(
        GRAMMAR,
        parser="lalr",
        lexer="basic",
        start=["start", "relation", "chain"],
        propagate_positions=True,
        cache=False,
    )


_TOKENISH = re.compile(
    r"\\[A-Za-z]+|[A-Za-z][A-Za-z0-9]*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\*\*|\|\||\\.|\S"
)


def _count_tokens(norm: Text) -> None:
    """At most LIMITS["tokens"] tokens, counted by a regex close to the lexer's (no scanner)."""
    for count, match in enumerate(_TOKENISH.finditer(norm.text), start=1):
        if count > LIMITS["tokens"]:
            column = norm.column(match.start())
            raise InputTooLarge(f"more than {LIMITS['tokens']} tokens (at column {column})")


def _syntax_error(error: LarkError, norm: Text) -> ParseError:
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
        closed = token.type == "BAR" and "|" in norm.text[(token.end_pos or 0) :]
        hint = " (a product with |x| needs a *: 2*|x|)" if closed else ""
        return ParseError(
            f"unexpected {str(token)!r} at column {norm.column(token.start_pos or 0)}{hint}"
        )
    if isinstance(error, (UnexpectedEOF, UnexpectedToken)):
        column = norm.column(len(norm.text) - 1) + 1
        return ParseError(
            f"the input ends too early at column {column} (an operand or a bracket is missing)"
        )
    return ParseError(f"cannot parse the input: {type(error).__name__}")


def _syntax_tree(norm: Text, start: str) -> Tree:
    checkpoint()
    try:
        _count_tokens(norm)
        tree = _parser().parse(norm.text, start=start)
    except LarkError as error:
        raise _syntax_error(error, norm) from None
    _check_tree(tree, norm)
    return tree


# --------------------------------------------------------------------------- gate 3: tree size
def _check_tree(tree: Tree, norm: Text) -> None:
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


def _check_implicit(node: Tree, norm: Text) -> None:
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
    symbols: Symbols = None,
    mode: str = "auto",
    timeout: float | None = None,
) -> sp.Expr:
    """Exact SymPy expression of an untrusted answer in calculator text or LaTeX.

    ``mode`` is ``"text"`` (no backslash commands), ``"latex"`` or ``"auto"`` (LaTeX rules
    once the input has a backslash). Errors are :class:`~symgen.errors.ParseError` (syntax,
    unknown name, forbidden construct) or :class:`~symgen.errors.InputTooLarge` (a bound in
    :data:`LIMITS`), with a one-line message naming the column. ``timeout`` (seconds) raises
    :class:`~symgen.errors.CheckTimeout` once spent, checked between gates and sum terms.

    >>> parse("2p(1-p)", symbols=sp.symbols("p", positive=True, seq=True))
    2*p*(1 - p)
    >>> parse("10**10**4")
    Traceback (most recent call last):
    ...
    symgen.errors.InputTooLarge: power at column 3 is too large: about 10000 digits (max 3612)
    """
    table = _symbol_table(symbols)
    with time_budget(timeout):
        checkpoint()
        if not isinstance(text, str) or len(text) > LIMITS["chars"]:
            return _parse(text, mode, table)
        return _parse_cached(text, mode, tuple(sorted(table.items())))


@lru_cache(maxsize=4096)
def _parse_cached(text: str, mode: str, table: tuple[tuple[str, sp.Symbol], ...]) -> sp.Expr:
    """Batches repeat answers; SymPy expressions are immutable, so sharing them is safe."""
    return _parse(text, mode, dict(table))


def _parse(text: object, mode: str, table: dict[str, sp.Symbol]) -> sp.Expr:
    norm = _screen.normalise(text, mode)
    (expr,) = _build([("expr", _syntax_tree(norm, "start"))], norm, table)
    return expr


def parse_relation(
    text: str, *, symbols: Symbols = None, mode: str = "auto", timeout: float | None = None
) -> tuple[sp.Expr, str, sp.Expr]:
    r"""``(lhs, op, rhs)`` of a claim; ``op`` is one of ``= >= <= > < !=``.

    ``≥ \geq \ge`` give ``>=``, ``≤ \leq \le`` give ``<=``, ``\neq`` gives ``!=``.

    >>> lhs, op, rhs = parse_relation(r"D_{KL}(P \| Q) \geq 0")
    >>> str(lhs), op, rhs
    ('D_KL(P || Q)', '>=', 0)
    """
    with time_budget(timeout):
        norm = _screen.normalise(text, mode)
        tree = _syntax_tree(norm, "relation")
        lhs_tree, op, rhs_tree = _relation_parts(tree)
        lhs, rhs = _build([("expr", lhs_tree), ("expr", rhs_tree)], norm, _symbol_table(symbols))
    return lhs, op, rhs


def parse_claim(
    text: str, *, symbols: Symbols = None, mode: str = "auto", timeout: float | None = None
) -> Claim:
    r"""A claim with its assumptions: ``lhs op rhs where 0 < p < 1``, as a :class:`Claim`.

    After ``where`` (or ``for``, ``with``, ``assuming``, ``if``, ``\text{where}``) come
    assumptions separated by ``and``, ``;`` or commas: chains ``0 < p < 1`` (one relation per
    link), memberships ``p, q in (0, 1)`` or ``p \in [0, 1]``, laws ``X ~ Bern(p)``
    (a :class:`~symgen.notation.laws.Distributed`). All parts share one symbol table.

    >>> claim = parse_claim(r"H(X) \le \log |X| \text{ where } X \sim \mathrm{Cat}(p, q)")
    >>> claim.op, [str(a) for a in claim.assumptions]
    ('<=', ['X ~ Cat(p, q)'])
    """
    with time_budget(timeout):
        norm = _screen.screen(text, mode)
        relation, pieces = _assume.split_claim(norm)
        tree = _syntax_tree(_screen.check(relation, mode), "relation")
        lhs_tree, op, rhs_tree = _relation_parts(tree)
        items, shapes = [("expr", lhs_tree), ("expr", rhs_tree)], []
        for piece in pieces:
            shapes.append(_assumption_items(piece, mode, items))
        values = _build(items, norm, _symbol_table(symbols))
    assumptions = _assemble(values[2:], shapes)
    return Claim(values[0], op, values[1], assumptions)


def parse_assumptions(
    text: str, *, symbols: Symbols = None, mode: str = "auto", timeout: float | None = None
) -> tuple[sp.Basic, ...]:
    """Assumptions alone, as after ``where`` (for ``symgen prove --assume "0 < p < 1"``).

    >>> parse_assumptions("p in (0, 1], n >= 1")
    (0 < p, p <= 1, n >= 1)
    """
    with time_budget(timeout):
        norm = _screen.screen(text, mode)
        items: list[tuple[str, Any]] = []
        shapes = [
            _assumption_items(piece, mode, items) for piece in _assume.split_assumptions(norm)
        ]
        values = _build(items, norm, _symbol_table(symbols))
    return _assemble(values, shapes)


def _assumption_items(piece: _assume.Piece, mode: str, items: list) -> tuple:
    """Append the trees of one assumption to ``items``; return how to rebuild it."""
    parts = [_screen.check(part, mode) for part in piece.parts]
    if piece.kind == "chain":
        tree = _syntax_tree(parts[0], "chain")
        exprs = [child for child in tree.children if not isinstance(child, Token)]
        ops = [_RELATIONS[str(c)] for c in tree.children if isinstance(c, Token)]
        items.extend(("expr", expr) for expr in exprs)
        return ("chain", ops)
    trees = [_syntax_tree(part, "start").children[0] for part in parts]
    if piece.kind in ("markov", "perp"):
        items.extend(("name", tree) for tree in trees)
        return (piece.kind, piece.counts or (len(trees),))
    if piece.kind == "law":
        items.extend([("expr", trees[0]), ("law", trees[1])])
        return ("law", [])
    items.extend(("expr", tree) for tree in trees)
    return ("member", [len(trees) - 2, piece.closed])


def _assemble(values: list[sp.Basic], shapes: list[tuple]) -> tuple[sp.Basic, ...]:
    out: list[sp.Basic] = []
    at = 0
    for kind, info in shapes:
        if kind == "chain":
            exprs = values[at : at + len(info) + 1]
            out.extend(
                _relation(a, op, b) for a, op, b in zip(exprs, info, exprs[1:], strict=False)
            )
            at += len(info) + 1
        elif kind == "law":
            out.append(Distributed(values[at], values[at + 1]))
            at += 2
        elif kind in ("markov", "perp"):
            groups = []
            for count in info:
                groups.append(sp.Tuple(*values[at : at + count]))
                at += count
            if kind == "markov":
                out.append(MarkovChain(*groups[0]))
            else:
                out.append(Independent(*groups, *([sp.Tuple()] * (3 - len(groups)))))
        else:
            count, (low_closed, high_closed) = info
            names, (low, high) = values[at : at + count], values[at + count : at + count + 2]
            for name in names:
                out.append(_relation(low, "<=" if low_closed else "<", name))
                out.append(_relation(name, "<=" if high_closed else "<", high))
            at += count + 2
    return tuple(out)


_RELATION_CLASSES = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "!=": sp.Ne, "=": sp.Eq}


def _relation(a: sp.Basic, op: str, b: sp.Basic) -> sp.Basic:
    return _RELATION_CLASSES[op](a, b, evaluate=False)


def _relation_parts(tree: Tree) -> tuple[Any, str, Any]:
    children = tree.children
    if len(children) == 2:  # the anonymous "=" is filtered out of the tree
        return children[0], "=", children[1]
    return children[0], _RELATIONS[str(children[1])], children[2]


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


def _build(items: list[tuple[str, Any]], norm: Text, table: dict[str, sp.Symbol]) -> list:
    """Gate 4 for every tree of one input (one builder: the parts share their symbols)."""
    builder = Builder(norm, table)
    try:
        values = []
        for kind, tree in items:
            checkpoint()
            value = builder.transform(Tree("start", [tree]))
            if kind == "law":
                value = builder._law(value, builder._col(tree.meta))
            elif kind == "name":
                value = builder._variable(value)
            values.append(value)
        return builder.finish(values)
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
