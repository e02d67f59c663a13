"""The catalogue of worked problems: every file loads, every ask computes and checks."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import sympy as sp

from symgen.catalogue.problems import (
    Ask,
    Catalogue,
    agrees,
    default_directory,
    find_ask,
    list_entries,
    load_catalogue,
)
from symgen.catalogue.spec import TOPICS, read_spec
from symgen.cli.main import main
from symgen.errors import UnknownIdentity

PROBLEMS = default_directory()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The default catalogue with every problem computed and cross-checked."""
    return load_catalogue().validate()


def _asks(catalogue: Catalogue) -> list[Ask]:
    return [ask for problem in catalogue.problems for ask in problem.asks]


def test_catalogue_loads_every_file(catalogue: Catalogue) -> None:
    """Each derivations/problems/*.toml is one problem, and there are at least 30."""
    files = sorted(p.stem for p in PROBLEMS.glob("*.toml"))
    assert sorted(p.id for p in catalogue.problems) == files
    assert len(catalogue) >= 30


def test_catalogue_covers_every_topic_in_order(catalogue: Catalogue) -> None:
    """Every topic of the notes has a problem, and problems come in the notes' order."""
    topics = [p.topic for p in catalogue.problems]
    assert set(topics) == set(TOPICS)
    assert topics == sorted(topics, key=TOPICS.index)


def test_catalogue_problem_fields(catalogue: Catalogue) -> None:
    """Titles and statements exist in both languages and each problem names its file."""
    for problem in catalogue.problems:
        assert set(problem.title) == set(problem.statement) == {"ko", "en"}
        assert Path(problem.source_file).stem == problem.id
        assert all(ask.problem_id == problem.id for ask in problem.asks)


def test_every_ask_computes_a_finite_or_boolean_answer(catalogue: Catalogue) -> None:
    """Each reference answer is a SymPy value with no nan; only the KL case is infinite."""
    infinite = []
    for ask in _asks(catalogue):
        assert isinstance(ask.expected, sp.Basic), ask.qualified_id
        assert not ask.expected.has(sp.nan, sp.zoo), ask.qualified_id
        if ask.expected.has(sp.oo):
            infinite.append(ask.qualified_id)
    assert infinite == ["kl_infinite:kl_pq"]


def test_typed_answers_agree_with_the_engine(catalogue: Catalogue) -> None:
    """Every answer typed in a file matches the computed one (re-checked outside the loader)."""
    checked = 0
    for problem in catalogue.problems:
        data = tomllib.loads(Path(problem.source_file).read_text(encoding="utf-8"))
        spec = read_spec(data, problem.source_file)
        for ask_spec, ask in zip(spec.asks, problem.asks, strict=True):
            if ask_spec.answer is None:
                continue
            names = {**ask.symbols, **{a.id: a.expected for a in problem.asks}}
            typed = _typed(ask_spec.answer, names)
            assert agrees(ask.expected, typed, ask_spec), ask.qualified_id
            checked += 1
    assert checked >= 100


def _typed(value: object, names: dict) -> sp.Basic:
    from symgen.catalogue.spec import Where
    from symgen.catalogue.values import read_value

    symbols = {k: v for k, v in names.items() if isinstance(v, sp.Symbol)}
    refs = {k: sp.Symbol(k) for k, v in names.items() if not isinstance(v, sp.Symbol)}
    expr = read_value(value, {**symbols, **refs}, Where("test"))
    return expr.xreplace({sp.Symbol(k): names[k] for k in refs})


NOTES_VALUES = [
    ("die_coin_joint:three_heads", sp.Rational(1, 12)),
    ("die_coin_marginal:die_three", sp.Rational(2, 12)),
    ("die_coin_conditional:heads_given_three", sp.Rational(1, 2)),
    ("chain_rule_three_variables:product", sp.Rational(1, 4)),
    ("blue_marble_payoff:expected_payoff", sp.Integer(-50)),
    ("variance_die:variance", sp.Rational(35, 12)),
    ("covariance_zero_not_independent:covariance", sp.Integer(0)),
    ("bayes_diagnostic_test:sick_given_positive", sp.Rational(19, 118)),
    ("entropy_skewed_bits:bits", sp.Rational(7, 4)),
    ("entropy_joint_table:mi", sp.Rational(3, 8)),
    ("kl_infinite:kl_pq", sp.oo),
    ("cross_entropy_split:kl_pq", sp.Rational(1, 4)),
    ("mle_bernoulli_flips:estimate", sp.Rational(5, 8)),
    ("mle_categorical_colours:green_hat", sp.Rational(1, 3)),
    ("map_beta_prior:map_estimate", sp.Rational(4, 5)),
    ("elbo_discrete_latent:log_evidence", -sp.log(2)),
    ("gan_value_jsd:c_at_equilibrium", -sp.log(4)),
]


@pytest.mark.parametrize(("reference", "value"), NOTES_VALUES)
def test_catalogue_values_are_exact(catalogue: Catalogue, reference: str, value: sp.Expr) -> None:
    """Key results of the notes come out exactly (the engine, not a typed number)."""
    expected = catalogue.find_ask(reference).expected
    assert expected == value or sp.simplify(expected - value) == 0


def test_conditional_independence_cases_go_both_ways(catalogue: Catalogue) -> None:
    """One problem has x⊥y false but x⊥y|z true; another has it the other way round."""
    cause = catalogue.get("cond_indep_common_cause")
    away = catalogue.get("cond_indep_explaining_away")
    assert [cause.ask("independent").expected, cause.ask("independent_given_z").expected] == [
        sp.false,
        sp.true,
    ]
    assert [away.ask("independent").expected, away.ask("independent_given_z").expected] == [
        sp.true,
        sp.false,
    ]


def test_erratum_claim_is_false(catalogue: Catalogue) -> None:
    """The notes' H(P,Q) = D_KL(P||Q) is refuted; the decomposition holds."""
    problem = catalogue.get("cross_entropy_erratum")
    assert problem.ask("erratum_claim").expected == sp.false
    assert problem.ask("correct_claim").expected == sp.true
    assert problem.ask("gap").expected == sp.Rational(3, 2)


def test_reference_answers_check_as_correct(catalogue: Catalogue) -> None:
    """Each reference answer, as text and as LaTeX, is accepted by check_answer."""
    from symgen.answers.check import check_answer

    failures = []
    for ask in _asks(catalogue):
        if ask.is_boolean:
            texts = ["true" if ask.expected == sp.true else "false"]
        else:
            texts = [str(ask.expected), sp.latex(ask.expected)]
        for text in texts:
            verdict = check_answer(ask, text)
            if not verdict.correct:
                failures.append((ask.qualified_id, text, verdict.reason))
    assert failures == []


def test_known_mistakes_are_rejected(catalogue: Catalogue) -> None:
    """No listed mistake is accepted, and each gets its own reason id from the checker."""
    from symgen.answers.check import check_answer

    wrong_reason = []
    for ask in _asks(catalogue):
        for mistake in ask.mistakes:
            text = str(mistake.expr).lower() if ask.is_boolean else str(mistake.expr)
            verdict = check_answer(ask, text)
            assert not verdict.correct, (ask.qualified_id, text)
            # the checker cannot yet name mistakes against an infinite answer (kl_infinite)
            if not ask.expected.has(sp.oo) and verdict.reason != mistake.reason:
                wrong_reason.append((ask.qualified_id, text, verdict.reason))
    assert wrong_reason == []


def test_find_ask_first_and_named() -> None:
    """PROBLEM_ID gives its first ask; PROBLEM_ID:ASK_ID the named one."""
    assert find_ask("die_coin_conditional").id == "heads_given_three"
    ask = find_ask("die_coin_conditional:three_given_heads")
    assert (ask.problem_id, ask.expected) == ("die_coin_conditional", sp.Rational(1, 6))
    assert ask.mistakes[0].reason == "condition_swapped"
    assert ask.mistakes[0].expr == sp.Rational(1, 2)


@pytest.mark.parametrize(
    ("reference", "suggestion"),
    [("die_coin_conditonal", "die_coin_conditional"), ("die_coin_conditional:heads", "heads")],
)
def test_find_ask_unknown_suggests_close_ids(reference: str, suggestion: str) -> None:
    """An unknown problem or ask id raises UnknownIdentity naming the closest ids."""
    with pytest.raises(UnknownIdentity, match=suggestion):
        find_ask(reference)


def test_load_catalogue_is_cached() -> None:
    """Loading twice returns the same object (files are read once per process)."""
    assert load_catalogue() is load_catalogue(PROBLEMS)


def test_agrees_respects_decimal_places(catalogue: Catalogue) -> None:
    """A numeric ask accepts a value within its decimals and rejects one outside."""
    ask = catalogue.find_ask("bayes_diagnostic_test:sick_given_positive_decimal")
    spec = _spec_of(ask)
    assert agrees(ask.expected, sp.Rational(161, 1000), spec)
    assert not agrees(ask.expected, sp.Rational(163, 1000), spec)


def _spec_of(ask: Ask):
    path = PROBLEMS / f"{ask.problem_id}.toml"
    spec = read_spec(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
    return next(a for a in spec.asks if a.id == ask.id)


def test_agrees_rejects_symbolic_near_miss(catalogue: Catalogue) -> None:
    """A formula that differs from the reference at some point of the domain disagrees."""
    ask = catalogue.find_ask("kl_bernoulli_closed_form:closed_form")
    p, q = ask.symbols["p"], ask.symbols["q"]
    swapped = q * sp.log(q / p) + (1 - q) * sp.log((1 - q) / (1 - p))
    assert not agrees(ask.expected, swapped, _spec_of(ask))
    assert agrees(ask.expected, sp.expand_log(ask.expected, force=True), _spec_of(ask))


def test_list_entries_merge_identities_and_problems() -> None:
    """list_entries has both kinds, titles in the chosen language, and no id used twice."""
    entries = list_entries("ko")
    kinds = {e["kind"] for e in entries}
    assert kinds == {"identity", "problem"}
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    problem = next(e for e in entries if e["id"] == "die_coin_conditional")
    assert problem["title"].startswith("주사위")


def test_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """`symgen list --json` prints one JSON array of {id, kind, topic, title} objects."""
    assert main(["list", "--json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data
    assert all(set(item) == {"id", "kind", "topic", "title"} for item in data)
    assert {"id": "bayes_diagnostic_test", "kind": "problem", "topic": "bayes"}.items() <= next(
        item for item in data if item["id"] == "bayes_diagnostic_test"
    ).items()


def test_list_table_has_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    """`symgen list` prints a table whose first line names the columns."""
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "kind", "topic", "title"]
    assert any(line.startswith("kl_infinite ") for line in lines)


MARGINAL_PROBLEM = """
id = "marginal_given"
topic = "marginal"
title = { ko = "주변분포", en = "A marginal" }
statement = { ko = "문제", en = "Statement" }

[[given]]
kind = "table"
name = "J"
variables = ["x", "y"]
cells = [[0, 0, "0.25"], [0, 1, "1/4"], [1, 0, "1/8"], [1, 1, 0.375]]

[[given]]
kind = "marginal"
name = "X"
of = "J"
variables = ["x"]

[[asks]]
id = "p0"
kind = "probability"
event = "x=0"
label = { ko = "P(x=0)", en = "P(x=0)" }
answer = 0.5

[[asks]]
id = "hx"
kind = "entropy"
unit = "bits"
label = { ko = "H(x)", en = "H(x)" }
answer = 1
"""


def test_written_problem_with_marginal_and_decimals(tmp_path: Path) -> None:
    """A new file using a `marginal` given and exact decimals loads from its own directory."""
    (tmp_path / "marginal_given.toml").write_text(MARGINAL_PROBLEM, encoding="utf-8")
    problem = load_catalogue(tmp_path).validate().get("marginal_given")
    assert [a.expected for a in problem.asks] == [sp.Rational(1, 2), 1]
    assert problem.given["X"].variables == ("x",)


def test_problem_text_prints_in_latex(catalogue: Catalogue) -> None:
    """Every character of titles, statements, labels, hints and feedback prints in LaTeX."""
    from symgen.notation.tex import escape_latex

    texts = []
    for problem in catalogue.problems:
        texts += [*problem.title.values(), *problem.statement.values()]
        for ask in problem.asks:
            texts += [*ask.label.values(), *ask.hints_en, *ask.hints_ko]
            texts += [m.feedback_en + m.feedback_ko for m in ask.mistakes]
    unknown = {t for t in texts if "[U+" in escape_latex(t)}
    assert unknown == set()


def test_symgen_check_accepts_each_problem_first_answer(
    catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    """`symgen check PROBLEM "<answer>"` exits 0 with the reference answer of each problem."""
    failures = []
    for problem in catalogue.problems:
        ask = problem.asks[0]
        text = str(ask.expected).lower() if ask.is_boolean else str(ask.expected)
        code = main(["check", problem.id, text, "--json"])
        verdict = json.loads(capsys.readouterr().out)
        if code != 0 or verdict["correct"] is not True:
            failures.append((problem.id, text, code))
    assert failures == []


def test_list_reports_a_broken_catalogue(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the catalogue cannot load, `symgen list --json` exits 2 with one error object."""
    import symgen.catalogue.problems as catalogue_module
    from symgen.errors import CatalogueError

    message = "bad.toml: problem 'bad': key topic: unknown topic 'x'"

    def broken(directory: object = None) -> Catalogue:
        raise CatalogueError(message)

    monkeypatch.setattr(catalogue_module, "load_catalogue", broken)
    assert main(["list", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"error": message}
    assert captured.err.count("\n") == 1


def test_exact_ask_refuses_decimals() -> None:
    """An ask with test = "exact" gets allow_decimals = False, and the checker applies it."""
    from symgen.answers.check import check_answer

    ask = find_ask("pmf_die_events:three")
    assert (ask.test, ask.allow_decimals) == ("exact", False)
    assert check_answer(ask, "1/6").correct
    assert not check_answer(ask, "0.1667").correct
