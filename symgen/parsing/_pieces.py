"""The pieces the builder passes between grammar rules (a name as written, a list of
arguments, an event) and the tables of names the parser knows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symgen.errors import ParseError
from symgen.parsing._limits import short
from symgen.parsing.grammar import GREEK_LETTERS, words

GREEK_WORDS = frozenset(GREEK_LETTERS) - {"lambda"}  # text "lambda" is the Python keyword
#: Notation heads: alone (without arguments) they are an error naming the head.
HEADS = frozenset(words("P H I D E KL JSD Var Cov Pr ELBO softmax"))
FUNCTIONS = frozenset({"f", "g"})
SIMPLE_NAME = re.compile(r"^[A-Za-z][0-9]*$")
DIST_NAME = re.compile(r"^([PQRpqr]|[PpQq]_.*)$")
SEPARATORS = {",": ",", ";": ";", "|": "|", "||": "||", "\\|": "||"}
SEPARATORS |= {"\\mid": "|", "\\vert": "|", "\\Vert": "||", "\\lvert": "|", "\\rvert": "|"}
ABS_BARS = frozenset({"|", "\\vert", "\\lvert", "\\rvert"})
#: Words of a divergence head: D_KL, KL, JSD, D_JS.
KL_WORDS = frozenset(words("D_KL KL D_kl"))
JS_WORDS = frozenset(words("JSD D_JS D_JSD JS D_js"))


def _sigmoid(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


UNARY: dict[str, Any] = {
    "ln": sp.log,
    "log2": lambda x: sp.log(x, 2),
    "log10": lambda x: sp.log(x, 10),
    "exp": sp.exp,
    "abs": sp.Abs,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sec": sp.sec,
    "csc": sp.csc,
    "cot": sp.cot,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "sign": sp.sign,
    "sgn": sp.sign,
    "sigmoid": _sigmoid,
}
for _short_name, _long_names in (("asin", "arcsin"), ("acos", "arccos"), ("atan", "arctan")):
    for _alias in (_short_name, _long_names):
        UNARY[_alias] = getattr(sp, _short_name)
for _short_name in ("asinh", "acosh", "atanh"):
    for _alias in (_short_name, "ar" + _short_name[1:], "arc" + _short_name[1:]):
        UNARY[_alias] = getattr(sp, _short_name)
#: ``\\sin^{-1} x`` is arcsin x: the inverses a power of -1 names.
INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan"}
INVERSES |= {"sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
CONSTANTS: dict[str, sp.Expr] = {
    "e": sp.E,
    "pi": sp.pi,
    "oo": sp.oo,
    "inf": sp.oo,
    "infinity": sp.oo,
}


@dataclass(frozen=True)
class Name:
    """A name as written: ``base`` (``p``, ``theta``, ``D``), optional subscript text."""

    base: str
    sub: str
    column: int
    greek: bool = False
    law: Any = None  # the law of a subscript like E_{x ~ P}
    font: bool = False  # written \mathrm{...}: a word, never split into letters
    hat: str = ""  # "hat" or "bar": \hat p is the symbol p_hat, as text p_hat
    star: bool = False  # D^*, theta^*

    @property
    def text(self) -> str:
        text = f"{self.base}_{self.hat}" if self.hat else self.base
        if self.sub:
            text += f"_{self.sub}"
        return text + "^*" if self.star else text


@dataclass(frozen=True)
class Sub:
    text: str
    law: Any
    simple: bool


@dataclass(frozen=True)
class Juxtaposed:
    """``x(1-x)`` read as a product, kept apart until the next operator is known: a power or
    ``!`` applies to the bracket (``p(1-p)^2``), and in an exponent the bracket is a new
    factor (``p^k(1-p)^(n-k)``), as a reader of the textbook formula expects."""

    head: sp.Expr
    arg: sp.Expr
    column: int


@dataclass(frozen=True)
class Event:
    """``X = x`` inside P(...) or after the bar of E[... | ...]."""

    column: int
    left: Any
    right: Any


@dataclass(frozen=True)
class Args:
    items: tuple[Any, ...]
    seps: tuple[str, ...]
    column: int


@dataclass(frozen=True)
class LawRef:
    """A law written by name, ``Bern(p)``: only an argument of a measure or of ``~``."""

    law: sp.Basic
    column: int


def plain_items(ref: Name, args: Args, *, single: bool = False) -> tuple[Any, ...]:
    if any(sep != "," for sep in args.seps) or (single and len(args.items) != 1):
        raise ParseError(
            f"{ref.text}(...) at column {ref.column} takes "
            + ("one argument" if single else "comma-separated arguments")
        )
    return args.items


def split_given(ref: Name, args: Args, *, allowed: tuple[str, ...]) -> tuple[list, list]:
    bars = [i for i, sep in enumerate(args.seps) if sep == "|"]
    if len(bars) > 1 or any(sep not in (*allowed, "|") for sep in args.seps):
        raise ParseError(f"cannot read the arguments of {ref.text} at column {ref.column}")
    if not bars:
        return list(args.items), []
    return list(args.items[: bars[0] + 1]), list(args.items[bars[0] + 1 :])


def split_on(items: list, seps: tuple[str, ...], sep: str, ref: Name) -> tuple[list, list]:
    cut = [i for i, s in enumerate(seps) if s == sep]
    if len(cut) != 1:
        raise ParseError(f"{ref.text} at column {ref.column} needs exactly one {sep!r}")
    return items[: cut[0] + 1], items[cut[0] + 1 :]


def split_params(args: Args, ref: Name) -> tuple[Args, tuple[Any, ...]]:
    """``p(x | z; theta)``: the arguments before the ``;`` and the parameters after it."""
    cuts = [i for i, sep in enumerate(args.seps) if sep == ";"]
    if not cuts:
        return args, ()
    if len(cuts) > 1 or any(sep != "," for sep in args.seps[cuts[0] + 1 :]):
        raise ParseError(f"{ref.text}(...) at column {ref.column}: write p(x; theta) with one ';'")
    cut = cuts[0]
    before = Args(args.items[: cut + 1], args.seps[:cut], args.column)
    return before, args.items[cut + 1 :]


def is_network(ref: Name) -> bool:
    """Encoder/decoder maps such as ``E_theta(x)`` and ``D_phi(z)`` (an autoencoder)."""
    return ref.base in ("D", "E", "G") and bool(ref.sub) and ref.law is None and not ref.star


def is_name_args(args: Args) -> bool:
    return all(isinstance(item, (Name, Event)) for item in args.items)


def shown(value: Any) -> str:
    """A short description of a parsed piece for an error message."""
    if isinstance(value, Name):
        return value.text
    if isinstance(value, LawRef):
        return str(value.law)
    return short(value) if isinstance(value, sp.Basic) else type(value).__name__
