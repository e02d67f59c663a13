"""Every identity in derivations/identities proves; the library lists and names them."""

from __future__ import annotations

import re

import pytest

import symgen as sg
from symgen.catalogue.library import identities, identity_names, prove
from symgen.errors import UnknownIdentity
from symgen.proof.derivation import status_name

NAMES = identity_names()
TOPICS = {"probability", "expectation", "information", "estimation", "generative"}
# The DESIGN.md identity list, by the file that proves each item.
REQUIRED = [
    "pmf_axioms",
    "die_coin_joint_marginal_conditional",
    "chain_rule_n_variables",
    "chain_rule_conditional_form",
    "bayes_rule",
    "total_probability",
    "independence_factorisation",
    "conditional_independence",
    "expectation_of_function",
    "linearity_of_expectation",
    "variance_identity",
    "covariance_identity",
    "covariance_zero_under_independence",
    "zero_covariance_does_not_imply_independence",
    "self_information",
    "entropy_is_expected_self_information",
    "cross_entropy_decomposition",
    "gibbs_inequality",
    "argmin_cross_entropy_equals_argmin_kl",
    "iid_likelihood_product_log_sum",
    "mle_minimises_kl",
    "mle_bernoulli",
    "mle_categorical",
    "map_log_posterior",
    "autoencoder_composition",
    "elbo_identity",
    "gan_optimal_discriminator",
    "gan_virtual_training_criterion",
    "vae_gaussian_kl",
    "cross_entropy_minus_kl_is_entropy",
]


def test_library_has_every_required_identity() -> None:
    """Every identity of DESIGN.md has its derivation file."""
    assert set(REQUIRED) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_identity_proves(name: str) -> None:
    """Each link is PROVED, or NUMERIC_ONLY with an allow-list reason; none REFUTED."""
    d = prove(name)
    steps = [step for _, step in d.links()]
    for verdict, step in zip(d.link_verdicts, steps, strict=True):
        status = status_name(verdict)
        assert status != "REFUTED", f"{name}: {step.rule}: {verdict.reason}"
        assert status == "PROVED" or step.numeric_reason, f"{name}: {step.rule} not allow-listed"
    assert d.holds, d.reason


@pytest.mark.parametrize("name", NAMES)
def test_identity_metadata(name: str) -> None:
    """Each file names itself, has a known topic and titles in English and Korean."""
    d = prove(name)
    assert d.name == name
    assert d.topic in TOPICS
    assert d.title_en and re.search(r"[가-힣]", d.title_ko + d.note_ko)
    assert d.statement


def test_public_prove_cross_entropy_decomposition() -> None:
    """sg.prove is the public entry point of the contract."""
    d = sg.prove("cross_entropy_decomposition")
    assert d.holds
    assert d.steps[-1].rule == "def_kl"
    assert "H(P)" in d.latex(lang="en") or "H\\left(P\\right)" in d.latex(lang="en")


def test_prove_unknown_name_suggests() -> None:
    """An unknown name raises UnknownIdentity naming close matches."""
    with pytest.raises(UnknownIdentity, match="bayes_rule"):
        prove("bayes_rul")


def test_identities_listing() -> None:
    """identities() lists every file once, with topic and both titles."""
    infos = identities()
    assert sorted(i.id for i in infos) == NAMES
    assert all(i.title("ko") and i.title("en") for i in infos)


def test_prove_returns_cached_object() -> None:
    """Proving twice reuses the loaded derivation and its verdicts."""
    assert prove("bayes_rule") is prove("bayes_rule")


def test_mutated_library_step_is_refuted() -> None:
    """Swapping the KL arguments in the last step of the public identity is caught."""
    import dataclasses

    import sympy as sp

    from symgen.notation.symbols import D, H
    from symgen.proof.derivation import Step

    d = prove("cross_entropy_decomposition")
    P_, Q_ = sp.symbols("P Q")
    wrong = Step(H(dist=P_) + D(Q_, P_), "def_kl")
    mutated = dataclasses.replace(d, steps=(*d.steps[:-1], wrong))
    assert not mutated.holds
    assert status_name(mutated.verdicts[-1]) == "REFUTED"


def test_loader_rejects_file_with_wrong_name(tmp_path, monkeypatch) -> None:
    """A file whose DERIVATION.name differs from its stem is a CatalogueError."""
    from symgen.catalogue import library
    from symgen.errors import CatalogueError

    (tmp_path / "some_identity.py").write_text(
        "import sympy as sp\n"
        "from symgen.proof.derivation import Derivation, Step\n"
        "a = sp.Symbol('a', positive=True)\n"
        "DERIVATION = Derivation(name='other', topic='probability', title_en='t', title_ko='t',\n"
        "    start=sp.log(a**2), steps=(Step(2 * sp.log(a), 'log_of_power'),))\n",
        encoding="utf-8",
    )
    (tmp_path / "no_derivation.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(library, "identities_dir", lambda: tmp_path)
    # failed loads are not cached, so the real library's cached verdicts stay untouched
    with pytest.raises(CatalogueError, match="expected 'some_identity'"):
        library.prove("some_identity")
    with pytest.raises(CatalogueError, match="DERIVATION"):
        library.prove("no_derivation")


@pytest.mark.parametrize("name", NAMES)
def test_every_library_step_follows_from_its_rule(name: str) -> None:
    """Applying each step's rule to the line before gives the step (rule_applied true)."""
    d = prove(name)
    bad = [s.rule for s, ok in zip(d.steps, d.rules_applied, strict=True) if not ok]
    assert not bad, f"{name}: steps not made by their rule: {bad}"


# rules that state one law in different words; a swap inside a family is not a mistake
_FAMILIES = (
    {"def_conditional", "product_rule", "bayes"},
    {"log_of_product", "log_of_quotient", "log_of_power", "combine_logs"},
    {"algebra", "evaluate"},
)
_WRONG = ("def_variance", "def_entropy", "split_sum", "marginalisation", "log_of_quotient")


@pytest.mark.parametrize("name", [n for n in NAMES if not prove(n).models])
def test_swapped_rule_labels_fail(name: str) -> None:
    """A step relabelled with a rule of another family no longer follows from its rule."""
    import dataclasses

    from symgen.proof.derivation import step_follows

    d = prove(name)
    previous = [d.start, *(s.expr for s in d.steps[:-1])]
    for before, step in zip(previous, d.steps, strict=True):
        family = next((f for f in _FAMILIES if step.rule in f), {step.rule})
        for wrong in _WRONG:
            if wrong not in family:
                swapped = dataclasses.replace(step, rule=wrong)
                assert not step_follows(before, swapped), f"{name}: {step.rule} -> {wrong}"


def test_cross_entropy_decomposition_has_no_add_and_subtract_as_a_log_rule() -> None:
    """The old 'log of quotient' step that added and subtracted P log P is gone."""
    d = prove("cross_entropy_decomposition")
    assert all(d.rules_applied)
    assert d.steps[0].rule == "def_cross_entropy"


# identities whose steps are the chain the step search finds (recorded in the file)
ENGINE_DERIVED = [
    "variance_identity",
    "covariance_identity",
    "covariance_zero_under_independence",
    "cross_entropy_decomposition",
    "cross_entropy_minus_kl_is_entropy",
    "entropy_is_expected_self_information",
    "bayes_rule",
    "total_probability",
]


@pytest.mark.parametrize("name", ENGINE_DERIVED)
def test_library_identity_is_rederived_by_the_engine(name: str) -> None:
    """The step search alone finds a chain of applied rules from start to end."""
    from symgen.proof.search import derive

    d = prove(name)
    assumes = tuple(dict.fromkeys(a for s in d.steps for a in s.assumes if "⊥" in a))
    found = derive(d.start, d.end, timeout=float("inf"), max_lines=600, assumes=assumes)
    assert found is not None, name
    assert len(found.steps) >= 2 and all(found.rules_applied)
