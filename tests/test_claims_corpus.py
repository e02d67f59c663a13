"""The claims corpus (tests/cases/claims_corpus.py): verdicts, counterexamples, corrections.

Every claim is decided without a wall-clock limit (``timeout=None``), so the verdicts do not
depend on the machine's load; the time budget is tested with a budget of 0.
"""

from __future__ import annotations

import functools

import pytest

from symgen.errors import ParseError
from symgen.proof.claims import check_steps, verify_claim
from symgen.verify.verdict import ClaimVerdict, Status
from tests.cases.claims_corpus import CLAIMS, CORPUS, FALSE_CLAIMS, TRUE_CLAIMS


@functools.cache
def verdict(claim: str) -> ClaimVerdict:
    return verify_claim(claim, timeout=None)


def test_corpus_is_large_and_covers_every_topic() -> None:
    """At least 60 claims, true and false, in every topic of issue 14; no duplicates."""
    assert len(CLAIMS) >= 60 and len({c for c, _, _ in CLAIMS}) == len(CLAIMS)
    assert len(TRUE_CLAIMS) >= 30 and len(FALSE_CLAIMS) >= 30
    for topic, rows in CORPUS.items():
        assert any(holds for _, holds, _ in rows), topic
        assert any(not holds for _, holds, _ in rows) or topic == "mle_map", topic


# false claims for which no textbook identity is near enough to be suggested
NO_CORRECTION = {
    "P(A|B,C) = P(A|C)",
    "H(X) = -p log p - (1-p) log(1-p) where 0 < p < 1",
    "I(X;Y|Z) <= I(X;Y)",
    "I(X;Z) <= I(X;Y)",
    "E_{p_data}[log(p_data(x)/(p_data(x)+p_g(x)))] + E_{p_g}[log(p_g(x)/(p_data(x)+p_g(x)))]"
    " = 2 JSD(p_data||p_g)",
}


@pytest.mark.parametrize("claim", TRUE_CLAIMS)
def test_no_true_claim_is_refuted_and_all_but_argmax_are_proved(claim: str) -> None:
    """A true claim is never refuted; it is PROVED, except an argmax checked on instances."""
    v = verdict(claim)
    assert v.holds is True and v.status is not Status.REFUTED, v.reason
    if claim.startswith("argmax"):
        assert v.status is Status.NUMERIC_ONLY and "stationary" in v.reason
    else:
        assert v.status is Status.PROVED, v.reason


@pytest.mark.parametrize("claim", FALSE_CLAIMS)
def test_every_false_claim_is_refuted_with_a_small_counterexample(claim: str) -> None:
    """Refuted; a counterexample has 2 outcomes a variable and denominators <= 12."""
    v = verdict(claim)
    assert v.holds is False and v.status is Status.REFUTED, v.reason
    if not claim.startswith("argmax") and claim not in NO_CORRECTION:
        assert v.correction is not None and v.correction in v.explanation_en
    cx = v.counterexample
    if cx is None:  # argmax claims: refuted by a stated instance instead
        assert "optimum" in v.explanation_en
        return
    assert cx.lhs_value != cx.rhs_value
    model = cx.model
    assert all(size <= 2 for size in model.sizes), model.describe()
    dens = [pr.denominator for table in model.laws.values() for pr in table.values()]
    dens += [value.denominator for value in model.params.values()]
    assert max(dens) <= 12, model.describe()
    assert {str(v) for vals in model.values.values() for v in vals} <= {"-1", "0", "1", "2"}


@pytest.mark.parametrize(
    ("claim", "correction"),
    [
        ("P(A|B) = P(B|A)", "P(a | b) = P(a)*P(b | a)/P(b)"),
        ("Var(2X) = 2 Var(X)", "Var(2*X) = 4*Var(X)"),
        ("E[XY] = E[X] E[Y]", "E[X*Y] = Cov(X, Y) + E[X]*E[Y]"),
        ("C(G) = -log 4 + JSD(p_data||p_g)", "C(G) = 2*JSD(p_data || p_g) - log(4)"),
        ("H(X,Y) = H(X) + H(Y)", "H(X, Y) = H(X) + H(Y | X)"),
    ],
)
def test_false_claims_get_the_nearest_true_statement(claim: str, correction: str) -> None:
    """The correction is the nearest textbook identity, renamed onto the claim, and true."""
    v = verdict(claim)
    assert v.correction == correction
    assert verdict(correction).status is Status.PROVED


def test_assumptions_fix_the_law_and_the_range() -> None:
    """X ~ Bern(p) proves binary entropy; with 0 < p < 1 alone p is drawn inside (0, 1)."""
    bern = verdict("H(X) = -p log p - (1-p) log(1-p) where X ~ Bern(p), 0 < p < 1")
    assert bern.status is Status.PROVED and "where" in bern.claim
    alone = verdict("H(X) = -p log p - (1-p) log(1-p) where 0 < p < 1")
    (p,) = alone.counterexample.model.params.values()
    assert 0 < p < 1
    also = verify_claim("H(X) = -p log p - (1-p) log(1-p)", assume=["X ~ Bern(p)"], timeout=None)
    assert also.status is Status.PROVED
    with pytest.raises(ParseError, match="range"):
        verify_claim("H(X) >= p where p < 3", timeout=None)
    with pytest.raises(ParseError, match="Bern"):
        verify_claim("H(X,Y) >= p where X ~ Bern(p)", timeout=None)


@pytest.mark.parametrize(
    ("claim", "named"),
    [
        ("JSD(P||Q) <= log 2", "every term is non-negative"),
        ("H(X) <= log |X|", "uniform law"),
        ("H(X|Y) <= H(X)", "mutual information is non-negative"),
        ("D_KL(P||Q) >= 0", "Gibbs"),
        ("I(X;Z) <= I(X;Y) where X -> Y -> Z", "mutual information is non-negative"),
        ("-p log p - (1-p) log(1-p) <= log 2 where 0 < p < 1", "Bern(1/2)"),
    ],
)
def test_inequalities_end_on_a_named_inequality(claim: str, named: str) -> None:
    """The gap is rewritten into a non-negative quantity and the inequality is named."""
    v = verdict(claim)
    assert v.status is Status.PROVED and v.inequality is not None
    chain, name_en, name_ko = v.inequality
    assert chain.endswith(">= 0") and named in name_en and name_ko
    assert name_en in v.explanation_en and name_ko in v.explanation_ko


def test_data_processing_needs_the_markov_chain() -> None:
    """Without X -> Y -> Z the same inequality is refuted; with it, a vanishing term is shown."""
    assert verdict("I(X;Z) <= I(X;Y)").holds is False
    chain = verdict("I(X;Z) <= I(X;Y) where X -> Y -> Z").inequality
    assert chain is not None and "I(X; Z | Y)" in chain[0]


def test_budgets_return_a_timeout_verdict() -> None:
    """A spent budget gives an undecided verdict with reason 'timeout', never a wrong one."""
    v = verify_claim("H(X,Y) = H(X) + H(Y|X)", timeout=0)
    assert v.holds is None and v.status is Status.UNDECIDED and v.reason.startswith("timeout")
    s = check_steps(["P(a,b)", "P(a|b) P(b)"], timeout=0)
    assert not s.ok and s.reason.startswith("timeout")
