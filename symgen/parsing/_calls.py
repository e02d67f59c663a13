"""Gate 4, second half: calls ``name(args)`` and ``name[args]``, and the notation they make.

A name followed by a bracket is never a silent product. It is, in this order: notation
(``P(y|x)``, ``H(X)``, ``D_KL(P||Q)``, ``E[X|Y]``, ``Var(X+Y)``, ``ELBO(q)``, ``V(G, D)``,
``C(G)``, ``D^*(x)``, ``softmax(z)_i``, a law ``Bern(p)``); a function (``f(x)``, ``D(x)``,
``G(z)``, ``E_theta(x)``, ``\\operatorname{sign}(x)``); a coefficient before notation
(``aE[X]``); a product of a single-letter name and a bracket that is not a bare name
(``p(1-p)``, ``n(n-1)``); otherwise a one-line error naming the function.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy as sp
from lark import v_args

from symgen.errors import ParseError
from symgen.notation import laws, operators
from symgen.notation import symbols as notation
from symgen.parsing._build import BaseBuilder
from symgen.parsing._pieces import (
    DIST_NAME,
    FUNCTIONS,
    HEADS,
    JS_WORDS,
    KL_WORDS,
    SIMPLE_NAME,
    UNARY,
    Args,
    Event,
    Juxtaposed,
    LawRef,
    Name,
    is_name_args,
    is_network,
    plain_items,
    shown,
    split_given,
    split_on,
    split_params,
)

_FAMILIES = {
    "Bern": laws.BernoulliLaw,
    "Ber": laws.BernoulliLaw,
    "Bernoulli": laws.BernoulliLaw,
    "Cat": laws.CategoricalLaw,
    "Categorical": laws.CategoricalLaw,
    "Bin": laws.BinomialLaw,
    "Binomial": laws.BinomialLaw,
    "N": laws.NormalLaw,
    "Normal": laws.NormalLaw,
}
_ARITY = {laws.BernoulliLaw: 1, laws.BinomialLaw: 2, laws.NormalLaw: 2}
_COEFFICIENT_HEADS = ("E", "Var", "Cov", "P", "H", "I", "KL", "JSD")


@v_args(meta=True)
class Builder(BaseBuilder):
    """The whole gate 4: :class:`BaseBuilder` plus calls and notation."""

    def call(self, meta: Any, children: list[Any]) -> Any:
        ref, args = children
        return self._call(ref, args, bracket=False)

    def call_sub(self, meta: Any, children: list[Any]) -> Any:
        ref, args, sub = children
        if ref.text != "softmax":
            raise ParseError(
                f"subscript after {ref.text}(...) at column {ref.column}: only softmax(z)_i"
                " takes one"
            )
        self.notation_used = True
        return self._softmax(ref, args, sub.text)

    def bracket_call(self, meta: Any, children: list[Any]) -> Any:
        ref, args = children
        return self._call(ref, args, bracket=True)

    def _call(self, ref: Name, args: Args, *, bracket: bool) -> Any:
        if ref.text not in self.table:
            maker = _NOTATION.get(_head(ref, args, bracket=bracket) or "")
            if maker is not None:
                self.notation_used = True
                return maker(self, ref, args)
            function = self._function_of(ref, args, bracket=bracket)
            if function is not None:
                return function
            if ref.base in HEADS:
                raise ParseError(f"cannot read {ref.text}(...) at column {ref.column}")
            scaled = self._coefficient(ref, args, bracket=bracket)
            if scaled is not None:
                return scaled
        return self._product(ref, args, bracket=bracket)

    def _function_of(self, ref: Name, args: Args, *, bracket: bool) -> sp.Expr | None:
        """``f(x)``, ``E_theta(x)``, the discriminator ``D(x)`` and generator ``G(z)``,
        and ``\\operatorname{sign}(x)``."""
        if bracket:
            return None
        if ref.font and ref.base in UNARY and not ref.sub:
            (value,) = plain_items(ref, args, single=True)
            return UNARY[ref.base](self._expr(value))
        gan = ref.text in ("D", "G") and len(args.items) == 1 and not args.seps
        if gan and isinstance(args.items[0], Name):  # D(x), not D(P) or D(X)
            gan = sp.Symbol(args.items[0].text).name[:1].islower() and not DIST_NAME.match(
                args.items[0].text
            )
        if ref.text in FUNCTIONS or is_network(ref) or gan:
            values = [self._expr(item) for item in plain_items(ref, args)]
            return sp.Function(ref.text)(*values)
        return None

    def _coefficient(self, ref: Name, args: Args, *, bracket: bool) -> sp.Expr | None:
        """``aE[X]``, ``bVar(X)``: a one-letter coefficient written against notation."""
        head = ref.base[1:]
        if len(ref.base) < 2 or not ref.base[0].islower() or head not in _COEFFICIENT_HEADS:
            return None
        rest = Name(head, ref.sub, ref.column, law=ref.law)
        value = self._call(rest, args, bracket=bracket)
        return self._symbol(Name(ref.base[0], "", ref.column)) * self._expr(value)

    def _product(self, ref: Name, args: Args, *, bracket: bool) -> Any:
        """``p(1-p)``: a one-letter name times a bracket that is not a bare name."""
        simple = SIMPLE_NAME.match(ref.base) or ref.greek or ref.text in self.table
        items = args.items
        named = len(items) == 1 and isinstance(items[0], Name) and ref.text not in self.table
        if bracket or not simple or len(items) != 1 or args.seps or named or ref.star:
            raise ParseError(
                f"unknown function {ref.text}(...) at column {ref.column} "
                f"(for a product write {ref.text}*(...))"
            )
        (value,) = items
        if DIST_NAME.match(ref.text) and self._expr(value).is_number:
            raise ParseError(
                f"{ref.text}({shown(value)}) at column {ref.column} is ambiguous: write "
                f"{ref.text}*{shown(value)} for a product or P(x) for a probability"
            )
        return Juxtaposed(self._symbol(ref), self._expr(value), ref.column)

    def outcome_sum(self, meta: Any, children: list[Any]) -> sp.Expr:
        _, sub, body = children
        if not sub.simple or not sub.text:
            raise ParseError(f"write the summation index as \\sum_x at column {self._col(meta)}")
        self.notation_used = True
        over = [sp.Symbol(part) for part in sub.text.split(",") if part]
        value = self._expr(body)
        indexed = [v for v in over if any(s.name.endswith(f"_{v}") for s in value.atoms(sp.Symbol))]
        if indexed:  # \sum_i x_i sums over an index, not over the outcomes of a variable
            raise ParseError(
                f"sum over {indexed[0]} at column {self._col(meta)}: give its limits, "
                f"\\sum_{{{indexed[0]}=1}}^{{n}}"
            )
        return notation.Sum(value, *over)

    # ----------------------------------------------------------------- names and laws
    def _outcome(self, item: Any, ref: Name) -> sp.Expr:
        """A name inside notation: the plain symbol, x_3 or x[i] inside a sum over i."""
        what = ref.text
        if isinstance(item, Event):
            return self._event(item, what)
        if not isinstance(item, Name):
            raise ParseError(f"{what}(...) at column {ref.column} expects names, got {shown(item)}")
        indexed = self._indexed(item) if item.sub else None
        if isinstance(indexed, sp.Indexed):
            return sp.IndexedBase(sp.Symbol(indexed.base.label.name))[indexed.indices]
        return sp.Symbol(item.text if indexed is None else indexed.name)

    def _names(self, items: Iterable[Any], ref: Name) -> list[sp.Expr]:
        return [self._outcome(item, ref) for item in items]

    def _event(self, event: Event, what: str) -> sp.Symbol:
        """``X = x`` is the outcome x of X; a value (``X = 1``) is refused, naming it."""
        left, right = event.left, event.right
        if isinstance(left, Name) and isinstance(right, Name):
            variable, value = sp.Symbol(left.text), sp.Symbol(right.text)
            if notation.is_random_variable(variable) and value == notation.outcome_symbol(variable):
                return value
        side = left.text if isinstance(left, Name) else "X"
        raise ParseError(
            f"event at column {event.column}: inside {what}(...) write {side} = "
            f"{side[:1].lower() + side[1:]} (the outcome's name), not {shown(right)}"
        )

    def _law(self, value: Any, column: int) -> sp.Basic:
        if isinstance(value, Name) and DIST_NAME.match(value.text):
            return sp.Symbol(value.text)
        if isinstance(value, LawRef):
            return value.law
        if isinstance(value, (notation.Prob, notation.Law)):
            return value
        if isinstance(value, sp.Expr) and not isinstance(value, sp.Symbol):
            law = _formula_law(value)
            if law is not None:
                return law
        raise ParseError(f"expected a distribution (P, q, p_data, q(z|x)) at column {column}")

    def _variable(self, value: Any) -> sp.Symbol:
        """A random variable of an assumption (``X -> Y -> Z``, ``X _|_ Y``)."""
        if isinstance(value, Name) and notation.is_random_variable(sp.Symbol(value.text)):
            self.notation_used = True
            return sp.Symbol(value.text)
        column = value.column if isinstance(value, Name) else 1
        raise ParseError(f"expected a random variable (X, Y_1) at column {column}")

    def _family(self, ref: Name, args: Args) -> LawRef:
        family = _FAMILIES[ref.base]
        params = [self._expr(item) for item in plain_items(ref, args)]
        arity = _ARITY.get(family)
        if (arity is not None and len(params) != arity) or not params:
            raise ParseError(
                f"{ref.text}(...) at column {ref.column} takes {arity or 'some'} parameter(s)"
            )
        return LawRef(family(*params), ref.column)

    # ----------------------------------------------------------------- notation makers
    def _prob(self, ref: Name, args: Args) -> sp.Expr:
        args, params = split_params(args, ref)
        what, given = split_given(ref, args, allowed=(",",))
        dist = sp.Symbol("P" if ref.text == "Pr" else ref.text)
        variables = sp.Tuple(*self._names(what, ref))
        condition = sp.Tuple(*self._names(given, ref))
        if params:
            values = sp.Tuple(*(self._expr(item) for item in params))
            return notation.ParamProb(dist, variables, condition, values)
        return notation.Prob(dist, variables, condition)

    def _entropy(self, ref: Name, args: Args) -> sp.Expr:
        what, given = split_given(ref, args, allowed=(",",))
        if not given and any(not isinstance(item, (Name, Event)) for item in what):
            return notation.H(*(self._law(item, ref.column) for item in what))
        return notation.H(*self._names(what, ref), given=self._names(given, ref))

    def _information(self, ref: Name, args: Args) -> sp.Expr:
        what, given = split_given(ref, args, allowed=(",", ";"))
        if ";" not in args.seps:
            if given:
                raise ParseError(f"I(...) at column {ref.column}: write I(X; Y | Z)")
            return notation.SelfInfo(*self._names(what, ref))
        left, right = split_on(what, args.seps[: len(what) - 1], ";", ref)
        return notation.I(
            self._names(left, ref), self._names(right, ref), given=self._names(given, ref)
        )

    def _divergence(self, ref: Name, args: Args) -> sp.Expr:
        if len(args.items) != 2 or args.seps[0] not in ("||", ","):
            raise ParseError(f"{ref.text} at column {ref.column}: write {ref.text}(P || Q)")
        pair = [self._law(item, ref.column) for item in args.items]
        maker = notation.JSD if ref.text in JS_WORDS else notation.D
        try:
            return maker(*pair)
        except TypeError as error:
            raise ParseError(f"{ref.text} at column {ref.column}: {error}") from None

    def _expectation(self, ref: Name, args: Args) -> sp.Expr:
        what, given = split_given(ref, args, allowed=(",",))
        if len(what) != 1:
            raise ParseError(f"{ref.text}[...] at column {ref.column} takes one argument")
        (body,) = what
        if not given:
            return notation.E(self._expr(body), over=ref.law)
        condition = sp.Tuple(*(self._condition(item, ref) for item in given))
        dist = notation.DEFAULT_DIST if ref.law is None else ref.law
        return operators.ConditionalExpectation(self._expr(body), condition, dist)

    def _condition(self, item: Any, ref: Name) -> sp.Symbol:
        if isinstance(item, Event):
            return self._event(item, ref.text)
        if isinstance(item, Name) and not item.sub:
            return sp.Symbol(item.text)
        raise ParseError(f"E[X | Y] at column {ref.column}: condition on names, not {shown(item)}")

    def _variance(self, ref: Name, args: Args) -> sp.Expr:
        items = plain_items(ref, args)
        values = [self._rv_term(item) for item in items]
        if ref.base == "Var":
            if len(values) != 1:
                raise ParseError(f"Var at column {ref.column} takes 1 argument, like Var(X)")
            return notation.Var(values[0])
        if len(values) != 2:
            raise ParseError(f"Cov at column {ref.column} takes 2 arguments, like Cov(X, Y)")
        return notation.Cov(*values)

    def _rv_term(self, item: Any) -> sp.Expr:
        """``X`` (a plain symbol) or an expression of random variables, ``aX + b``."""
        if isinstance(item, Name) and (SIMPLE_NAME.match(item.base) or item.greek):
            return sp.Symbol(item.text)
        return self._expr(item)

    def _elbo(self, ref: Name, args: Args) -> sp.Expr:
        (item,) = plain_items(ref, args, single=True)
        return operators.EvidenceLowerBound(self._law(item, ref.column))

    def _gan(self, ref: Name, args: Args) -> sp.Expr:
        names = {item.text[:1]: sp.Symbol(item.text) for item in args.items}
        if ref.text == "C":
            return operators.GANCriterion(names["G"])
        return operators.GANValue(names["G"], names["D"])

    def _optimal_discriminator(self, ref: Name, args: Args) -> sp.Expr:
        (item,) = plain_items(ref, args, single=True)
        generator = sp.Symbol(ref.sub or "G")
        return operators.OptimalDiscriminator(self._expr(item), generator)

    def _softmax(self, ref: Name, args: Args, index: str = "") -> sp.Expr:
        items = plain_items(ref, args)
        if len(items) == 1 and isinstance(items[0], Name):
            vector = items[0]
            if not index and vector.sub:
                vector, index = Name(vector.base, "", vector.column, vector.greek), vector.sub
            if index:
                return operators.Softmax(sp.Symbol(vector.text), self._index(index, ref))
        position = self._index(index, ref) if index else None
        if not isinstance(position, sp.Integer) or not 1 <= position <= len(items):
            raise ParseError(
                f"softmax at column {ref.column}: write softmax(z)_i or softmax(a, b, c)_1"
            )
        exps = [sp.exp(self._expr(item)) for item in items]
        return exps[int(position) - 1] / sp.Add(*exps)

    def _index(self, text: str, ref: Name) -> sp.Expr:
        if text.isdigit():
            return sp.Integer(text)
        return self._symbol(Name(text, "", ref.column))


def _formula_law(value: sp.Expr) -> sp.Basic | None:
    """``(P + Q)/2`` -> a mixture, ``P(X)P(Y)`` -> a product law; None for anything else."""
    plain = value.xreplace({s: sp.Symbol(s.name) for s in value.free_symbols if s.is_Symbol})
    factors = sp.Mul.make_args(plain)
    if len(factors) > 1 and all(isinstance(f, notation.Prob) for f in factors):
        return laws.ProductLaw(*factors)
    terms = sp.Add.make_args(sp.expand(plain))
    weights, components = [], []
    for term in terms:
        weight, component = term.as_coeff_Mul() if term.is_Mul else (sp.S.One, term)
        parts = [f for f in sp.Mul.make_args(component) if _is_law(f)]
        if len(parts) != 1:
            return None
        weights.append(weight * sp.Mul(*(f for f in sp.Mul.make_args(component) if f != parts[0])))
        components.append(parts[0])
    if len(terms) < 2 or sp.simplify(sp.Add(*weights) - 1) != 0:
        return None
    return laws.Mixture(sp.Tuple(*weights), sp.Tuple(*components))


def _is_law(value: sp.Basic) -> bool:
    return notation.is_distribution(value) or isinstance(value, (notation.Prob, notation.Law))


def _head(ref: Name, args: Args, *, bracket: bool) -> str | None:
    """Which notation a call ``ref(args)`` is, or None for a function or a product."""
    base, text = ref.base, ref.text
    if ref.star:
        return "optimal_discriminator" if base == "D" and not bracket else None
    if text in KL_WORDS or text in JS_WORDS or (base == "D" and not ref.sub and "||" in args.seps):
        return "divergence"
    if base == "E" and (bracket or not ref.sub or ref.law is not None):
        return "expectation"
    if bracket:
        return None
    names = is_name_args(args) and not ref.sub
    if text in ("Var", "Cov"):
        return "variance"
    if text == "Pr" or (DIST_NAME.match(text) and (is_name_args(args) or text == "P")):
        return "prob"
    if text in ("H", "I"):
        return "entropy" if text == "H" else "information"
    if text == "ELBO":
        return "elbo"
    if text in _FAMILIES and (text != "N" or ref.font or not names):
        return "family"
    if text == "softmax":
        return "softmax"
    gan = [item.text[:1] for item in args.items if isinstance(item, Name)] if names else []
    if (text, sorted(gan)) in (("C", ["G"]), ("V", ["D", "G"])):
        return "gan"
    return None


_NOTATION = {
    "divergence": Builder._divergence,
    "expectation": Builder._expectation,
    "variance": Builder._variance,
    "prob": Builder._prob,
    "entropy": Builder._entropy,
    "information": Builder._information,
    "elbo": Builder._elbo,
    "family": Builder._family,
    "softmax": Builder._softmax,
    "gan": Builder._gan,
    "optimal_discriminator": Builder._optimal_discriminator,
}
