"""Malformed problem files: each gives one specific CatalogueError naming file, problem and key."""

from __future__ import annotations

import copy
import functools
import random
import shutil
import tomllib
from pathlib import Path

import pytest
import sympy as sp

from symgen.catalogue.problems import build_problem, load_catalogue
from symgen.catalogue.spec import read_spec
from symgen.errors import CatalogueError

BAD = Path(__file__).parent / "cases" / "bad_problems"
PROBLEMS = Path(__file__).parent.parent / "derivations" / "problems"

# file stem -> (key named in the message, fragment of the message)
CASES = {
    "invalid_toml": ("(top level)", "not valid TOML"),
    "unknown_key": ("author", "unknown key"),
    "missing_statement": ("statement", "missing required key"),
    "missing_language": ("title.ko", "missing required key"),
    "unknown_topic": ("topic", "unknown topic 'astrology'"),
    "id_mismatch": ("id", "must match the file name 'id_mismatch'"),
    "duplicate_ask_id": ("asks.heads.id", "duplicate ask id 'heads'"),
    "duplicate_given_name": ("given.1.name", "duplicate distribution name 'y'"),
    "sum_not_one": ("given.0.cells", "probabilities sum to 11/12, not 1"),
    "symbolic_sum_not_one": ("given.0.probs", "probabilities sum to 2*p, not 1"),
    "negative_probability": ("given.0.probs", "negative probability '-1/2'"),
    "probability_above_one": ("given.0.probs", "probability '7/5' is greater than 1"),
    "unknown_ask_kind": ("asks.heads.kind", "unknown ask kind 'median'"),
    "unknown_given_kind": ("given.0.kind", "unknown distribution kind 'dice'"),
    "unanswerable_ask": ("asks.heads", "the engine cannot answer this probability ask"),
    "wrong_typed_answer": ("asks.heads.answer", "'1/3' disagrees with the computed 1/2"),
    "mistake_equals_answer": ("asks.heads.mistakes.0", "equals the reference answer"),
    "unknown_distribution": ("asks.heads.of", "unknown distribution 'Q'"),
    "missing_unit": ("asks.h.unit", "missing required key"),
    "unknown_unit": ("asks.h.unit", "unknown unit 'decibels'"),
    "unsafe_expression": ("asks.boom.expression", "cannot read"),
    "undeclared_symbol": ("asks.k2.expression", "undeclared name(s) k"),
    "unknown_test": ("asks.heads.test", "unknown answer test 'approximately'"),
    "unknown_mistake_ask": ("asks.heads.mistakes.0.ask", "no earlier ask 'tails'"),
    "no_asks": ("asks", "non-empty array"),
    "conditional_without_given": ("asks.heads.given", "needs `given` or an event 'A | B'"),
    "ask_id_is_a_symbol": ("asks.p.id", "ask id 'p' is also a declared symbol"),
    "false_identity": ("asks.proof", "no identity named 'no_such_identity'"),
}


def _load_alone(stem: str, tmp_path: Path) -> None:
    shutil.copy(BAD / f"{stem}.toml", tmp_path / f"{stem}.toml")
    load_catalogue(tmp_path).validate()


def test_bad_problems_table_matches_the_files() -> None:
    """Every file in tests/cases/bad_problems has a row in the table, and the other way round."""
    assert {p.stem for p in BAD.glob("*.toml")} == set(CASES)
    assert len(CASES) >= 10


@pytest.mark.parametrize("stem", sorted(CASES))
def test_bad_problem_gives_its_specific_error(stem: str, tmp_path: Path) -> None:
    """Loading the malformed file raises one line naming the file, the problem, the key and why."""
    key, fragment = CASES[stem]
    with pytest.raises(CatalogueError) as info:
        _load_alone(stem, tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert f"{stem}.toml" in message
    assert f"key {key}:" in message
    assert fragment in message
    if stem not in ("invalid_toml", "id_mismatch"):
        assert f"problem '{stem}'" in message


def test_unsafe_expression_runs_no_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An injection attempt in an expression is rejected by the parser and never executed."""
    called = []
    monkeypatch.setattr("os.system", lambda *args: called.append(args) or 0)
    with pytest.raises(CatalogueError):
        _load_alone("unsafe_expression", tmp_path)
    assert called == []


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    """A catalogue directory that does not exist gives a CatalogueError naming it."""
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "nowhere")


def test_bad_file_does_not_break_other_problems(tmp_path: Path) -> None:
    """A problem whose answer cannot be computed fails alone; its neighbours still load."""
    shutil.copy(BAD / "wrong_typed_answer.toml", tmp_path)
    good = Path(__file__).parent.parent / "derivations" / "problems" / "die_coin_conditional.toml"
    shutil.copy(good, tmp_path)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.get("die_coin_conditional").ask().expected == sp.Rational(1, 2)
    with pytest.raises(CatalogueError, match="disagrees"):
        catalogue.validate()


# Values a careless edit might leave in a file: wrong types, bad numbers, hostile text.
JUNK = [None, 0, -1, 1.5, "", "x", "1/0", "-1/2", [], {}, [1], {"a": 1}, True, "y=Z"]
JUNK += ["p^9999", "x**x**x", 10**30, "∞", [[1]], ["a", "b"], "oo", "nan", "1e999"]


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    found = []
    for key, value in items:
        found.append((*prefix, key))
        if isinstance(value, dict | list):
            found += _paths(value, (*prefix, key))
    return found


def _mutate(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    path = rng.choice(_paths(data))
    parent = functools.reduce(lambda node, key: node[key], path[:-1], data)
    if isinstance(parent, dict) and rng.random() < 0.2:
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(JUNK)
    return data


def test_mutated_problem_files_fail_only_with_catalogue_error() -> None:
    """Random edits of real problems either load or raise CatalogueError, never anything else."""
    rng = random.Random(20261126)
    files = sorted(PROBLEMS.glob("*.toml"))
    outcomes = {"loaded": 0, "rejected": 0}
    for _ in range(80):
        path = rng.choice(files)
        data = _mutate(tomllib.loads(path.read_text(encoding="utf-8")), rng)
        try:
            build_problem(read_spec(data, str(path)))
            outcomes["loaded"] += 1
        except CatalogueError as exc:
            assert "\n" not in str(exc) and path.name in str(exc)
            outcomes["rejected"] += 1
    assert outcomes["rejected"] >= 40


CLAIM_PROBLEM = """
id = "undecided"
topic = "kl"
title = { ko = "주장", en = "Claim" }
statement = { ko = "문제", en = "Statement" }

[[asks]]
id = "claim"
kind = "claim"
claim = "D_KL(P||Q) <= 1"
label = { ko = "참인가?", en = "True?" }
"""


def test_undecided_claim_is_an_error_not_false(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim the engine cannot decide (holds None) is refused, never recorded as false."""
    import types

    import symgen.proof.claims

    monkeypatch.setattr(
        symgen.proof.claims, "verify_claim", lambda text: types.SimpleNamespace(holds=None)
    )
    (tmp_path / "undecided.toml").write_text(CLAIM_PROBLEM, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"key asks\.claim\.claim: the engine cannot decide"):
        load_catalogue(tmp_path).validate()
