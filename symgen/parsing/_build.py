"""Gate 4, first half: parse tree -> SymPy for numbers, names, arithmetic, functions and
sums; every number is bounded by :mod:`symgen.parsing._limits` before SymPy builds it.

The calls and the probability notation are the second half, :mod:`symgen.parsing._calls`.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from lark import Token, Transformer, Tree, v_args

from symgen.errors import InputTooLarge, ParseError
from symgen.notation import operators
from symgen.notation.symbols import is_random_variable
from symgen.parsing import _limits as limits
from symgen.parsing._pieces import (
    ABS_BARS,
    CONSTANTS,
    DIST_NAME,
    GREEK_WORDS,
    HEADS,
    INVERSES,
    SEPARATORS,
    SIMPLE_NAME,
    UNARY,
    Args,
    Event,
    Juxtaposed,
    LawRef,
    Name,
    Sub,
)
from symgen.parsing._screen import LIMITS, PYTHON_WORDS, Text

#: ``aX``, ``XY``: a coefficient and random variables (the usual letters) written together;
#: other capitals (``MLE``, ``KLD``) stay unknown words.
_RV_PRODUCT = re.compile(r"[a-z]?[ABSTUVWXYZ]{1,3}")
_OPTIMA = {
    "argmax": operators.ArgMax,
    "argmin": operators.ArgMin,
    "max": operators.MaxOver,
    "min": operators.MinOver,
}


@v_args(meta=True)
class BaseBuilder(Transformer):
    """Parse tree -> SymPy; every method builds one whitelisted construct."""

    def __init__(self, norm: Text, table: dict[str, sp.Symbol]) -> None:
        super().__init__(visit_tokens=False)
        self.norm = norm
        self.table = table
        self.defaults: dict[str, sp.Symbol] = {}
        self.bound: dict[str, sp.Expr] = {}  # indices of \\sum_{k=a}^{b} being built
        self.sum_work = 0
        self.notation_used = False

    # ----------------------------------------------------------------- helpers
    def _col(self, meta: Any) -> int:
        return self.norm.column(getattr(meta, "start_pos", 0) or 0)

    def _expr(self, value: Any) -> sp.Expr:
        if isinstance(value, Name):
            return self._symbol(value)
        if isinstance(value, Juxtaposed):
            return limits.multiply(value.head, value.arg, "product", value.column)
        if isinstance(value, Event):
            raise ParseError(f"'=' at column {value.column} is only allowed inside P(...)")
        if isinstance(value, Args):
            raise ParseError(f"a list at column {value.column} is not an expression")
        if isinstance(value, LawRef):
            raise ParseError(
                f"{value.law} at column {value.column} is a law: use it inside a measure,"
                " like D_KL(Bern(p) || Bern(q)) or H(Bern(p))"
            )
        if not isinstance(value, sp.Expr):
            raise ParseError(f"cannot use {type(value).__name__} as an expression")
        return value

    def _default(self, name: str) -> sp.Symbol:
        if name not in self.defaults:
            self.defaults[name] = sp.Symbol(name, real=True)
        return self.defaults[name]

    def _indexed(self, ref: Name) -> sp.Expr | None:
        """``x_i`` inside a sum over i: x_3 when i = 3 is expanded, x[i] for a symbolic i."""
        parts = ref.sub.split(",")
        if not any(part in self.bound for part in parts) or ref.star:
            return None
        base = self._symbol(Name(ref.base, "", ref.column, ref.greek, font=True, hat=ref.hat))
        if not isinstance(base, sp.Symbol):
            raise ParseError(f"{ref.text} at column {ref.column} is not a name")
        values = [self.bound.get(part, sp.Symbol(part)) for part in parts]
        if all(isinstance(value, sp.Integer) for value in values):
            sub = ",".join(str(value) for value in values)
            return sp.Symbol(f"{base.name}_{sub}", **base.assumptions0)
        return sp.IndexedBase(base)[tuple(values)]

    def _symbol(self, ref: Name) -> sp.Expr:
        if ref.text in self.bound:
            return self.bound[ref.text]
        if ref.sub:
            indexed = self._indexed(ref)
            if indexed is not None:
                return indexed
        if ref.text in self.table:
            return self.table[ref.text]
        if not ref.sub and not ref.greek and not ref.hat and ref.base in CONSTANTS:
            return CONSTANTS[ref.base]
        if ref.star and ref.base == "D":
            raise ParseError(f"D^* at column {ref.column} is a function: write D^*(x)")
        if ref.greek or ref.base in GREEK_WORDS or SIMPLE_NAME.match(ref.base):
            return self._default(ref.text)
        return self._word(ref)

    def _word(self, ref: Name) -> sp.Expr:
        where = f"at column {ref.column}"
        if ref.base in PYTHON_WORDS or ref.base.lower() in PYTHON_WORDS:
            raise ParseError(f"Python name {ref.base!r} {where} is not allowed")
        if ref.base in HEADS:
            raise ParseError(f"{ref.text} {where} needs arguments, like {ref.text}(X)")
        letters_product = self.norm.latex and ref.base.isalpha() and not ref.font
        if letters_product or (_RV_PRODUCT.fullmatch(ref.base) and not ref.font):
            letters = [Name(ch, "", ref.column) for ch in ref.base[:-1]]
            letters.append(Name(ref.base[-1], ref.sub, ref.column, hat=ref.hat, star=ref.star))
            return sp.Mul(*(self._symbol(letter) for letter in letters))
        product = "*".join(ref.base)
        raise ParseError(f"unknown name {ref.base!r} {where} (for a product write {product})")

    def finish(self, values: list[Any]) -> list[sp.Expr]:
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
        return limits.number(children[0], self._col(meta))

    def const(self, meta: Any, children: list[Token]) -> sp.Expr:
        text = str(children[0])
        return sp.pi if text == "\\pi" else sp.oo if text == "\\infty" else sp.E

    def name(self, meta: Any, children: list[Any]) -> Name:
        head, *rest = children
        greek = head.type == "GREEK"
        base = str(head).lstrip("\\")
        if head.type == "MATHFONT":
            base, rest = str(rest[0]), rest[1:]
        star = any(isinstance(c, Token) and c.type == "STAR" for c in rest)
        subs = [c for c in rest if isinstance(c, Sub)]
        if len(subs) == 2 and subs[0].text in ("hat", "bar"):  # p_hat_data, as \hat p_{data}
            return self._named(base, subs[1:], meta, greek=greek, hat=subs[0].text)
        if len(subs) > 1:
            raise ParseError(f"{base} at column {self._col(meta)} has two subscripts")
        return self._named(base, subs, meta, greek=greek, font=head.type == "MATHFONT", star=star)

    def _named(self, base: str, subs: list[Sub], meta: Any, **kinds: Any) -> Name:
        sub = subs[0] if subs else Sub("", None, True)
        if sub.text and not sub.simple and sub.law is None:
            raise ParseError(f"subscript of {base} at column {self._col(meta)} is not a name")
        if sub.text in ("hat", "bar") and not kinds.get("hat"):  # text p_hat is \hat p
            return Name(base, "", self._col(meta), kinds.get("greek", False), hat=sub.text)
        return Name(base, sub.text, self._col(meta), law=sub.law, **kinds)

    def hat_name(self, meta: Any, children: list[Any]) -> Name:
        mark, inner, *outer = children
        accent = "bar" if "bar" in str(mark) or "overline" in str(mark) else "hat"
        subs = [c for c in (*inner.children, *outer) if isinstance(c, Sub)]
        letter = inner.children[0]
        if len(subs) > 1:
            raise ParseError(f"{letter} at column {self._col(meta)} has two subscripts")
        base = str(letter).lstrip("\\")
        return self._named(base, subs, meta, greek=letter.type == "GREEK", hat=accent)

    def hatted(self, meta: Any, children: list[Any]) -> Tree:
        return Tree("hatted", children)

    def sub_word(self, meta: Any, children: list[Token]) -> Sub:
        text = str(children[0]).lstrip("\\")
        return Sub(text, sp.Symbol(text) if DIST_NAME.match(text) else None, True)

    def sub_group(self, meta: Any, children: list[Any]) -> Sub:
        tildes = [i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "TILDE"]
        if tildes:
            after = children[tildes[0] + 1 :]
            if len(after) != 1:
                raise ParseError(f"write E_{{x ~ P}} with one law at column {self._col(meta)}")
            return Sub(self._piece(children[0]), self._law(after[0], self._col(meta)), False)
        if len(children) == 1 and not isinstance(children[0], (Name, Token, sp.Integer)):
            return Sub(str(children[0]), self._law(children[0], self._col(meta)), False)
        text = "".join(self._piece(child) for child in children)
        simple = all(isinstance(c, (Name, sp.Integer, Token)) for c in children)
        law = sp.Symbol(text) if simple and DIST_NAME.match(text) else None
        return Sub(text, law, simple)

    def _piece(self, child: Any) -> str:
        if isinstance(child, Name):
            return child.text
        return "," if isinstance(child, Token) else str(child)

    def _law(self, value: Any, column: int) -> sp.Basic:
        raise NotImplementedError  # the calls half knows the laws

    # ----------------------------------------------------------------- arithmetic
    def _operands(self, children: list[Any]) -> list[sp.Expr]:
        return [self._expr(c) for c in children if not isinstance(c, Token)]

    def add(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return limits.check_number(sp.Add(a, b), "sum", self._col(meta))

    def sub(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return limits.check_number(sp.Add(a, -b), "difference", self._col(meta))

    def neg(self, meta: Any, children: list[Any]) -> Any:
        (value,) = children
        if isinstance(value, Juxtaposed):  # -k(1-p) in an exponent stays a juxtaposition
            return Juxtaposed(-value.head, value.arg, value.column)
        return limits.check_number(-self._expr(value), "negation", self._col(meta))

    def pos(self, meta: Any, children: list[Any]) -> sp.Expr:
        return self._expr(children[0])

    def mul(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return limits.multiply(a, b, "product", self._col(meta))

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
        return limits.multiply(a, sp.Pow(b, -1), "quotient", column)

    def frac(self, meta: Any, children: list[Any]) -> sp.Expr:
        a, b = self._operands(children)
        return self._divide(a, b, self._col(meta))

    def pow(self, meta: Any, children: list[Any]) -> Any:
        base, exponent = (c for c in children if not isinstance(c, Token))
        column = self._op_column(meta, children)
        if isinstance(base, Juxtaposed):  # p(1-p)^2 is p*(1-p)^2, not (p*(1-p))^2
            value = limits.power(base.arg, self._expr(exponent), column)
            return Juxtaposed(base.head, value, base.column)
        if isinstance(exponent, Juxtaposed):  # p^k(1-p) is p^k*(1-p), not p^(k*(1-p))
            value = limits.power(self._expr(base), exponent.head, column)
            return limits.multiply(value, exponent.arg, "product", column)
        return limits.power(self._expr(base), self._expr(exponent), column)

    def factorial(self, meta: Any, children: list[Any]) -> Any:
        (value,) = children
        if isinstance(value, Juxtaposed):  # n(n-1)! is n*(n-1)!
            return Juxtaposed(value.head, self._factorial(value.arg, meta), value.column)
        return self._factorial(self._expr(value), meta)

    def _factorial(self, value: sp.Expr, meta: Any) -> sp.Expr:
        limits.check_integer_argument(value, "factorial", self._col(meta))
        return limits.check_number(sp.factorial(value), "factorial", self._col(meta))

    def percent(self, meta: Any, children: list[Token]) -> sp.Expr:
        return limits.number(children[0], self._col(meta)) / 100

    def binom(self, meta: Any, children: list[Any]) -> sp.Expr:
        n, k = self._operands(children)
        return self._binomial(n, k, meta)

    def _binomial(self, n: sp.Expr, k: sp.Expr, meta: Any) -> sp.Expr:
        limits.check_integer_argument(n, "binomial", self._col(meta))
        limits.check_integer_argument(k, "binomial", self._col(meta))
        return limits.check_number(sp.binomial(n, k), "binomial", self._col(meta))

    def sqrt(self, meta: Any, children: list[Any]) -> sp.Expr:
        (value,) = self._operands(children)
        return limits.power(value, sp.Rational(1, 2), self._col(meta))

    def root(self, meta: Any, children: list[Any]) -> sp.Expr:
        n, value = self._operands(children)
        if not (isinstance(n, sp.Integer) and 1 <= n <= 1000):
            raise ParseError(
                f"\\sqrt[n] at column {self._col(meta)} needs an integer n from 1 to 1000"
            )
        return limits.power(value, sp.Rational(1, int(n)), self._col(meta))

    def abs(self, meta: Any, children: list[Any]) -> sp.Expr:
        """``|x|`` is abs(x); ``|X|`` of a random variable is the size of its support."""
        left, value, right = children
        if str(left) not in ABS_BARS or str(right) not in ABS_BARS:
            raise ParseError(f"absolute value at column {self._col(meta)}: write |x|")
        if isinstance(value, Name) and not value.sub:
            symbol = sp.Symbol(value.text)
            if (is_random_variable(symbol) or value.font) and value.text not in self.table:
                self.notation_used = True
                return operators.SupportSize(symbol)
        return sp.Abs(self._expr(value))

    # ----------------------------------------------------------------- functions
    def fsub(self, meta: Any, children: list[Any]) -> sp.Expr:
        (value,) = children
        if isinstance(value, Token):
            if value.type == "NUMBER":
                return limits.number(value, self._col(meta))
            greek = value.type == "GREEK"
            return self._symbol(Name(str(value).lstrip("\\"), "", self._col(meta), greek))
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
        value = self._function(name, values, base, meta)
        return limits.check_number(value, name, self._col(meta))

    def func_bare(self, meta: Any, children: list[Any]) -> sp.Expr:
        head, *rest = children
        base = rest[0] if len(rest) == 2 else None
        name = str(head).lstrip("\\")
        value = self._function(name, [self._expr(rest[-1])], base, meta)
        return limits.check_number(value, name, self._col(meta))

    def func_pow_call(self, meta: Any, children: list[Any]) -> sp.Expr:
        head, _, exponent, args = children
        if any(sep != "," for sep in args.seps):
            raise ParseError(f"{head}(...) at column {self._col(meta)} takes one argument")
        values = [self._expr(item) for item in args.items]
        return self._function_power(str(head).lstrip("\\"), self._expr(exponent), values, meta)

    def func_pow_bare(self, meta: Any, children: list[Any]) -> sp.Expr:
        head, _, exponent, value = children
        name = str(head).lstrip("\\")
        return self._function_power(name, self._expr(exponent), [self._expr(value)], meta)

    def _function_power(self, name: str, exponent: sp.Expr, args: list, meta: Any) -> sp.Expr:
        r"""``\sin^2 x`` is (sin x)^2; ``\sin^{-1} x`` is arcsin x."""
        column = self._col(meta)
        if exponent == -1:
            if name not in INVERSES:
                raise ParseError(f"{name}^(-1) at column {column} is ambiguous: write 1/{name}(x)")
            return self._function(INVERSES[name], args, None, meta)
        if not (isinstance(exponent, sp.Integer) and exponent > 0):
            raise ParseError(f"{name}^{exponent} at column {column}: write ({name}(x))^k")
        return limits.power(self._function(name, args, None, meta), exponent, column)

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
            limits.check_integer_argument(args[0], "factorial", column)
            return limits.check_number(sp.factorial(args[0]), "factorial", column)
        if name == "binomial":
            return self._binomial(args[0], args[1], meta)
        if name == "sqrt":
            return limits.power(args[0], sp.Rational(1, 2), column)
        if name == "exp":
            return limits.power(sp.E, args[0], column)
        return UNARY[name](args[0])

    def _log(self, args: list[sp.Expr], base: Any, column: int) -> sp.Expr:
        if len(args) == 2 and base is None:
            args, base = args[:1], args[1]
        if len(args) != 1:
            raise ParseError(f"log at column {column} takes 1 argument (or 2: value, base)")
        if base is None:
            return sp.log(args[0])
        if base == 1 or base.is_zero or base.is_negative:
            raise ParseError(f"log base {limits.short(base)} at column {column} is not allowed")
        return sp.log(args[0], base)

    def args(self, meta: Any, children: list[Any]) -> Args:
        items = tuple(c for c in children if not isinstance(c, Token))
        seps = tuple(SEPARATORS[str(c)] for c in children if isinstance(c, Token))
        return Args(items, seps, self._col(meta))

    def event(self, meta: Any, children: list[Any]) -> Event:
        left, right = children
        return Event(self._col(meta), left, right)

    # ----------------------------------------------------------------- sums and optima
    def _transform_tree(self, tree: Tree) -> Any:
        if tree.data == "indexed_sum":
            return self._indexed_sum(tree)
        return super()._transform_tree(tree)

    def _indexed_sum(self, tree: Tree) -> sp.Expr:
        """``\\sum_{k=a}^{b} body``: with integer limits the body is rebuilt for each k, so
        every bound applies to every term, and the exact sum (or product) is returned; with a
        symbolic limit (``n``) it is an unevaluated ``Sum``/``Product`` over an integer k."""
        op, index, lower, _, upper, body = tree.children
        column = self._col(tree.meta)
        low, high = (self._expr(self._transform_tree(limit)) for limit in (lower, upper))
        name, product = str(index), "prod" in str(op)
        if name in self.bound:
            raise ParseError(f"sum at column {column} reuses the index {name}")
        terms = limits.sum_terms(low, high, column)
        self.sum_work += (terms or 1) * limits.size(body)  # nested sums add up
        if self.sum_work > LIMITS["sum_work"]:
            raise InputTooLarge(f"sum at column {column} is too large to expand")
        if terms is None:
            index_symbol = sp.Symbol(name, integer=True)
            term = self._with_index(name, index_symbol, body)
            return (sp.Product if product else sp.Sum)(term, (index_symbol, low, high))
        total: sp.Expr = sp.Integer(1 if product else 0)
        for k in range(int(low), int(high) + 1):
            term = self._with_index(name, sp.Integer(k), body)
            add = limits.multiply if product else limits.add
            total = add(total, term, "product" if product else "sum", column)
        return total

    def _with_index(self, name: str, value: sp.Expr, body: Any) -> sp.Expr:
        self.bound[name] = value
        try:
            return self._expr(self._transform_tree(body))
        finally:
            del self.bound[name]

    def optimum(self, meta: Any, children: list[Any]) -> sp.Expr:
        """``argmax_theta f``, ``min_G max_D V(G, D)``: the variable is bound in the body."""
        op, variable, body = children
        if not isinstance(variable, (sp.Symbol, sp.Indexed)):
            raise ParseError(f"{op} at column {self._col(meta)} needs a variable: {op}_theta")
        return _OPTIMA[str(op)](self._expr(body), variable)
