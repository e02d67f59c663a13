"""Step search: a chain of rule applications from both sides of ``lhs = rhs`` to a common line.

Best-first and bidirectional. From each side the search applies every rule of
:data:`SEARCH_RULES`, at all matching subterms at once and (for the probability rules) at one
subterm at a time; a line's cost is its depth plus a small weight on its size, so short chains
of small lines come first. When a line from the left meets a line from the right (the same
line up to display, or equal by plain algebra) the two halves are joined; the right half is
read backwards (each of its rules used right to left). The search is bounded in time (an
injectable clock) and in the number of lines it keeps.

>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> [s.rule for s in derive(P(a, given=(b,)), P(a, b) / P(b)).steps]
['def_conditional']
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from symgen.errors import SymgenError
from symgen.notation.symbols import Expectation
from symgen.proof.derivation import Derivation, Step
from symgen.proof.rewrite import Context, acts_on, plain_expand, rewrites
from symgen.proof.rewrite_check import canonical, rule_applies, shown_value
from symgen.proof.search_normal import normal_chain

DEFAULT_TIMEOUT = 5.0
BEST_FIRST_SHARE = 0.6  # of the time budget; the rest is for writing both sides out
MAX_LINES = 4000  # lines kept per side
MAX_DEPTH = 8
MAX_OPS = 400  # lines larger than this are dropped
SIZE_WEIGHT = 0.02

# rules the search tries, in order of preference (definitions and splits first)
SEARCH_RULES = (
    "def_entropy",
    "def_cross_entropy",
    "def_kl",
    "def_jsd",
    "def_mutual_information",
    "def_self_information",
    "def_variance",
    "def_covariance",
    "def_elbo",
    "gan_value",
    "pointwise_maximum",
    "def_expectation",
    "entropy_as_expectation",
    "kl_as_expectation",
    "cross_entropy_as_expectation",
    "def_conditional",
    "log_of_quotient",
    "log_of_product",
    "log_of_power",
    "split_sum",
    "linearity_of_expectation",
    "marginalisation",
    "normalisation",
    "total_probability",
    "independence_factorises",
    "product_rule",
    "bayes",
    "algebra",
)
# a textbook rewrites inside E[...] before it spells an expectation out as a sum
RULE_WEIGHTS = {
    "def_expectation": 2.0,
    "algebra": 1.2,
    "entropy_as_expectation": 1.5,
    "kl_as_expectation": 1.5,
    "cross_entropy_as_expectation": 1.5,
}
_ONE_AT_A_TIME = {"product_rule", "bayes", "def_conditional", "independence_factorises", "algebra"}


class SearchTimeout(SymgenError, TimeoutError):
    """The step search ran out of its time budget."""


@dataclass(frozen=True)
class Found:
    """One line of a found chain and the rule that produced it from the line before."""

    expr: sp.Expr
    rule: str
    reverse: bool = False  # the rule was used right to left


@dataclass
class _Node:
    expr: sp.Expr
    parent: sp.Basic | None
    rule: str
    depth: int
    cost: float = 0.0  # sum of the rule weights along the path


class _Side:
    def __init__(
        self, start: sp.Expr, max_lines: int = MAX_LINES, rules: tuple[str, ...] = SEARCH_RULES
    ) -> None:
        self.max_lines, self.rules = max_lines, rules
        key = canonical(start)
        self.start = start
        self.nodes: dict[sp.Basic, _Node] = {key: _Node(start, None, "", 0)}
        self.by_algebra: dict[sp.Basic, sp.Basic] = {self.algebra_key(key): key}
        self.heap: list[tuple[float, int, sp.Basic]] = []
        self.tie = itertools.count()
        self.push(key)

    @staticmethod
    def algebra_key(key: sp.Basic) -> sp.Basic:
        """Lines equal by plain algebra share this key (cancel only where there is a quotient)."""
        if not any(pw.exp.is_negative for pw in key.atoms(sp.Pow)):
            return key
        try:
            return sp.cancel(sp.together(key))
        except (sp.PolynomialError, TypeError, ValueError):
            return key

    def add(self, key: sp.Basic, node: _Node) -> None:
        self.nodes[key] = node
        self.by_algebra.setdefault(self.algebra_key(key), key)
        self.push(key)

    def push(self, key: sp.Basic) -> None:
        node = self.nodes[key]
        cost = node.cost + SIZE_WEIGHT * sp.count_ops(node.expr)
        heapq.heappush(self.heap, (cost, next(self.tie), key))

    def path(self, key: sp.Basic) -> list[tuple[sp.Expr, str]]:
        """(line, rule that made it) from the start to ``key``, the start excluded."""
        out = []
        while self.nodes[key].parent is not None:
            node = self.nodes[key]
            out.append((node.expr, node.rule))
            key = node.parent
        return out[::-1]


def _successors(
    expr: sp.Expr, ctx: Context, rules: tuple[str, ...] = SEARCH_RULES
) -> list[tuple[str, sp.Expr]]:
    out: list[tuple[str, sp.Expr]] = []
    kinds = {type(node) for node in sp.preorder_traversal(expr)}
    for rule in rules:
        types = acts_on(rule)
        if object not in types and not kinds & types:
            continue
        found = rewrites(rule, expr, ctx)
        if rule not in _ONE_AT_A_TIME and len(found) > 1:
            found = found[-1:]  # all positions at once
        out.extend((rule, new) for new in found)
    return out


def search(
    lhs: sp.Expr,
    rhs: sp.Expr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    ctx: Context | None = None,
    clock: Callable[[], float] = time.monotonic,
    max_lines: int = MAX_LINES,
    rules: tuple[str, ...] = SEARCH_RULES,
) -> list[Found] | None:
    """The chain from ``lhs`` to ``rhs`` (lines after ``lhs``), or None when none is found.

    Raises SearchTimeout when ``timeout`` seconds (by ``clock``) pass first.
    """
    ctx = ctx or Context()
    deadline = clock() + timeout
    sides = (_Side(lhs, max_lines, rules), _Side(rhs, max_lines, rules))
    if timeout <= 0:
        raise SearchTimeout("step search budget is 0 s")
    # a claim written two ways (I(X; Y) = I(Y; X)) still gets a step: no meeting at the start
    meet = (canonical(lhs),) * 2 if lhs == rhs else None
    turn = 0
    while meet is None and (sides[0].heap or sides[1].heap):
        if clock() > deadline:
            raise SearchTimeout(f"no chain of rules found within {timeout:g} s")
        side = sides[turn] if sides[turn].heap else sides[1 - turn]
        meet = _expand(sides, sides.index(side), ctx)
        turn = 1 - turn
    return None if meet is None else _join(sides, *meet)


def _expand(sides: tuple[_Side, _Side], i: int, ctx: Context) -> tuple | None:
    side = sides[i]
    _, _, key = heapq.heappop(side.heap)
    node = side.nodes[key]
    if node.depth >= MAX_DEPTH or len(side.nodes) >= side.max_lines:
        return None
    for rule, new in _successors(shown_value(node.expr), ctx, side.rules):
        if sp.count_ops(new) > MAX_OPS:
            continue
        new_key = canonical(new)
        if new_key in side.nodes:
            continue
        weight = RULE_WEIGHTS.get(rule, 1.0)
        side.add(new_key, _Node(new, key, rule, node.depth + 1, node.cost + weight))
        meet = _meeting(sides, new_key, i)
        if meet is not None:
            return meet
    return None


def _meeting(sides: tuple[_Side, _Side], key: sp.Basic, i: int) -> tuple | None:
    """(left key, right key) when the new line ``key`` of side ``i`` meets the other side."""
    other = sides[1 - i]
    match = key if key in other.nodes else other.by_algebra.get(sides[i].algebra_key(key))
    if match is None:
        return None
    return (key, match) if i == 0 else (match, key)


def _join(sides: tuple[_Side, _Side], left_key: sp.Basic, right_key: sp.Basic) -> list[Found]:
    """The left half, an algebra step where the halves differ, then the right half backwards."""
    chain = [Found(e, r) for e, r in sides[0].path(left_key)]
    right = sides[1].path(right_key)
    lines = [sides[1].start, *(e for e, _ in right)]
    meet = lines[-1]
    here = chain[-1].expr if chain else sides[0].start
    if here != meet and sp.latex(here) != sp.latex(meet):
        chain.append(Found(meet, "algebra"))  # e.g. P(a, b) = P(a, b) / P(b) * P(b)
    for k in range(len(right), 0, -1):  # line k-1 from line k by rule k, right to left
        chain.append(Found(lines[k - 1], right[k - 1][1], reverse=True))
    return chain


def merged(found: list[Found], start: sp.Expr, ctx: Context | None = None) -> list[Found]:
    """Trivial steps merged: one rule twice in a row is one shown step when it still applies.

    A detour (a rule used, then read back) whose ends are the same line is dropped.
    """
    out: list[Found] = []
    for item in found:
        same = out and out[-1].rule == item.rule and out[-1].reverse == item.reverse
        if same and item.rule not in _NO_MERGE:
            before = out[-2].expr if len(out) > 1 else start
            if canonical(before) == canonical(item.expr):
                out.pop()
                continue
            if rule_applies(item.rule, before, item.expr, ctx=ctx):
                out[-1] = item
                continue
        out.append(item)
    return out


def _expanded_bodies(expr: sp.Expr) -> sp.Expr:
    """Every expectation's body multiplied out (what linearity needs to see)."""
    return expr.replace(
        lambda e: isinstance(e, Expectation),
        lambda e: Expectation(plain_expand(e.args[0]), e.args[1]),
    )


def shown_expansions(found: list[Found], start: sp.Expr) -> list[Found]:
    """Before linearity of expectation, show the body multiplied out as an algebra step."""
    out: list[Found] = []
    before = start
    for item in found:
        if item.rule == "linearity_of_expectation":
            source = item.expr if item.reverse else before
            expanded = _expanded_bodies(source)
            if expanded != source and not item.reverse:
                out.append(Found(expanded, "algebra"))
            elif expanded != source:
                out.extend([Found(expanded, item.rule, reverse=True), Found(item.expr, "algebra")])
                before = item.expr
                continue
        out.append(item)
        before = item.expr
    return out


_NO_MERGE = {"product_rule"}  # the chain rule is shown one factor at a time
_FORWARD_FIRST = ("product_rule", "marginalisation", "total_probability", "combine_logs", "bayes")


def forward_labels(found: list[Found], start: sp.Expr, ctx: Context | None = None) -> list[Found]:
    """A step read back is relabelled by a rule that gives it going forward, where one does."""
    out: list[Found] = []
    before = start
    for item in found:
        if item.reverse:
            for rule in _FORWARD_FIRST:
                if rule_applies(rule, before, item.expr, ctx=ctx, both_ways=False, depth=1):
                    item = Found(item.expr, rule)
                    break
        out.append(item)
        before = item.expr
    return out


def steps_of(found: list[Found], *, assumes: tuple[object, ...] = ()) -> tuple[Step, ...]:
    """The found chain as derivation Steps (each with the rule that produced it)."""
    said = tuple(str(a) for a in assumes)
    return tuple(Step(f.expr, f.rule, assumes=said, reverse=f.reverse) for f in found)


def derive(
    lhs: sp.Expr,
    rhs: sp.Expr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    assumes: tuple[object, ...] = (),
    clock: Callable[[], float] = time.monotonic,
    max_lines: int = MAX_LINES,
    avoid: tuple[str, ...] = (),
) -> Derivation | None:
    """A derivation of ``lhs = rhs`` by a chain of rules, or None (no chain found in time).

    When one rule alone proves the claim (the claim *is* Bayes' rule), the claim is derived
    once more without that rule, from the more basic ones, and that chain is shown if found.

    >>> from symgen.notation.symbols import H, Hx, D
    >>> d = derive(Hx("P", "Q"), H("P") + D("P", "Q"))
    >>> [s.rule for s in d.steps][0], all(d.rules_applied)
    ('def_cross_entropy', True)
    """
    deadline = clock() + timeout
    found = _chain(lhs, rhs, timeout, assumes, clock, max_lines, avoid)
    if found is not None and len(found) == 1 and found[0].rule != "algebra":
        left = deadline - clock()
        again = _chain(lhs, rhs, left, assumes, clock, max_lines, (*avoid, found[0].rule))
        found = again if again and len(again) >= 2 else found
    if not found:
        return None
    return Derivation(
        name="derived",
        topic="",
        title_en="Derivation",
        title_ko="유도",
        start=lhs,
        steps=steps_of(found, assumes=assumes),
    )


def _chain(
    lhs: sp.Expr,
    rhs: sp.Expr,
    timeout: float,
    assumes: tuple[object, ...],
    clock: Callable[[], float],
    max_lines: int,
    avoid: tuple[str, ...],
) -> list[Found] | None:
    ctx = Context.from_assumptions(assumes)
    rules = tuple(r for r in SEARCH_RULES if r not in avoid)
    deadline = clock() + timeout
    try:
        found = search(
            lhs,
            rhs,
            timeout=timeout * BEST_FIRST_SHARE,
            ctx=ctx,
            clock=clock,
            max_lines=max_lines,
            rules=rules,
        )
    except SearchTimeout:
        found = None
    if found is None and not avoid:  # second strategy: both sides written out in full
        chain = normal_chain(lhs, rhs, ctx=ctx, deadline=deadline, clock=clock)
        found = None if chain is None else [Found(c.expr, c.rule, c.reverse) for c in chain]
    if found is None:
        return None
    if clock() < deadline:  # tidying (forward labels, merged repeats) only while time is left
        found = merged(forward_labels(found, lhs, ctx), lhs, ctx)
    return shown_expansions(found, lhs)


def library_steps(
    start: sp.Expr,
    end: sp.Expr,
    *,
    hints: tuple[Step, ...] = (),
    assumes: tuple[object, ...] = (),
    avoid: tuple[str, ...] = (),
    max_lines: int = 600,
) -> tuple[Step, ...]:
    """Steps of a library identity: the engine's chain from ``start`` to ``end``, or the hints.

    The hints (hand-written steps) stay only when the search finds no chain of at least two
    steps (``avoid`` names rules that would prove the identity by itself, e.g. ``bayes`` for
    Bayes' rule). The search is bounded by the number of lines (not by time), so the same
    file gives the same proof on every machine.
    """
    derivation = derive(
        start, end, timeout=float("inf"), assumes=assumes, max_lines=max_lines, avoid=avoid
    )
    if derivation is not None and (len(derivation.steps) >= 2 or not hints):
        return derivation.steps
    if not hints:
        raise SearchTimeout(f"no chain of rules from {start} to {end} and no hint steps")
    return hints
