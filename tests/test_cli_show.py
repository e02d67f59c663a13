"""`symgen show PROBLEM[:ASK]`, and `check` naming the ask it picked (symgen/cli/show.py)."""

from __future__ import annotations

import json

import pytest

from symgen.catalogue.problems import load_catalogue
from symgen.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_statement_given_data_and_asks_with_units(capsys):
    """The statement, each given pmf exactly, and every ask with its unit."""
    code, out, _ = run(capsys, "show", "kl_two_directions")
    assert code == 0
    assert "KL divergence is not symmetric" in out and "P is the data distribution" in out
    assert "Q: P(y=H) = 1/4, P(y=T) = 3/4" in out
    assert "kl_two_directions:kl_pq  Find D_KL(P‖Q) in bits.  (unit: bits)" in out
    assert "kl_two_directions:identity" in out and "(answer: true or false)" in out


def test_show_never_prints_a_reference_answer(capsys):
    """Answers stay hidden: neither the value nor its LaTeX is printed."""
    ask = load_catalogue().find_ask("die_coin_conditional:three_given_heads")
    _, out, _ = run(capsys, "show", "die_coin_conditional", "--json")
    assert str(ask.expected) == "1/6" and "1/6" not in json.dumps(json.loads(out)["asks"])


def test_show_one_ask_in_korean_as_json(capsys):
    """PROBLEM:ASK narrows to one ask; --lang ko gives the Korean texts."""
    code, out, _ = run(capsys, "show", "kl_two_directions:kl_pq", "--lang", "ko", "--json")
    record = json.loads(out)
    assert code == 0 and record["title"] == "KL 발산은 대칭이 아니다"
    assert [a["ref"] for a in record["asks"]] == ["kl_two_directions:kl_pq"]
    assert record["asks"][0]["unit"] == "bits" and record["asks"][0]["answer"] == "expression"
    given = {"variables": ["y"], "cells": {"y=H": "1/2", "y=T": "1/2"}, "size": 2}
    assert record["given"]["P"] == given


def test_show_gives_an_mle_asks_data(capsys):
    """An MLE ask's sample is part of what the student is given."""
    _, out, _ = run(capsys, "show", "mle_bernoulli_flips:estimate")
    assert "data: 1, 0, 1, 1, 0, 1, 1, 0" in out


@pytest.mark.parametrize(
    ("reference", "words"),
    [("no_such_problem", "no problem 'no_such_problem'"), ("kl_two_directions:nope", "no ask")],
)
def test_show_an_unknown_problem_or_ask_is_a_usage_error(capsys, reference, words):
    """Exit 2, one line on stderr, and an error object with --json."""
    code, out, err = run(capsys, "show", reference, "--json")
    assert code == 2 and words in err and err.count("\n") == 1
    assert words in json.loads(out)["error"]


def test_check_without_an_ask_says_which_one_it_used(capsys):
    """A problem with several asks: the first is checked, and stderr names it."""
    code, out, err = run(capsys, "check", "die_coin_conditional", "1/2")
    assert code == 0 and out.startswith("correct")
    assert "checked ask die_coin_conditional:heads_given_three (the first of 2" in err
    code, _, err = run(capsys, "check", "die_coin_conditional:heads_given_three", "1/2")
    assert code == 0 and "checked ask" not in err


def test_show_hides_givens_derived_from_the_others(capsys):
    """s = d1 + d2 is what the asks are about: its pmf is not shown, the dice are."""
    _, out, _ = run(capsys, "show", "dice_sum_distribution", "--json")
    given = json.loads(out)["given"]
    assert {"d1", "d2", "t1", "t2"} <= set(given) and not {"s", "u"} & set(given)
