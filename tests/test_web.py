"""The practice page's app (symgen.web), called in-process through ASGI: pages, API, bounds."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from symgen.catalogue.problems import load_catalogue
from symgen.web import budget
from symgen.web.app import MAX_BODY, Limits, create_app

# Roomy limits, so that no verdict here depends on the machine's speed; the limits themselves
# are tested with a spent budget (0 s) below.
APP = create_app(limits=Limits(check=120, claim=300))


def call(
    app: Any, method: str, path: str, body: Any = None, host: str = "localhost"
) -> tuple[int, dict[str, str], str]:
    """One HTTP request straight to the ASGI app: (status, headers, text)."""
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", host.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    messages: list[dict[str, Any]] = []
    pending = [{"type": "http.request", "body": raw, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    text = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], headers, text.decode()


def api(path: str, body: Any, app: Any = APP) -> tuple[int, dict[str, Any]]:
    status, _, text = call(app, "POST", path, body)
    return status, json.loads(text)


def test_list_shows_every_problem_by_topic_in_both_languages():
    """Every catalogue problem is linked, under its topic's title in Korean and in English."""
    ids = load_catalogue().ids
    for lang, topic in (("ko", "엔트로피"), ("en", "Entropy")):
        status, headers, html = call(APP, "GET", f"/problems?lang={lang}")
        assert status == 200 and f"<h2>{topic}" in html
        assert all(f'href="/problem/{pid}?lang={lang}"' in html for pid in ids)
        assert "set-cookie" not in headers  # nothing stored


def test_problem_page_has_statement_given_tables_and_asks_but_no_answers():
    """The page shows the statement, the given pmfs as LaTeX and each ask, never an answer."""
    status, _, html = call(APP, "GET", "/problem/kl_two_directions?lang=en")
    assert status == 200
    assert "KL divergence is not symmetric" in html and "P is the data distribution" in html
    assert "\\begin{array}" in html and 'id="ask-kl_pq"' in html and "(unit: bits)" in html
    assert "\\frac{\\log_{2}{\\left(3 \\right)}}{2}" not in html  # the reference answer of kl_pq


def test_problem_page_hides_givens_derived_from_the_others():
    """The pmf of the sum s = d1 + d2, which the asks are about, is not on the page."""
    _, _, html = call(APP, "GET", "/problem/dice_sum_distribution?lang=en")
    assert "\\mathrm{d1}:" in html and "\\mathrm{s}:" not in html and "{1}{36}" not in html


def test_language_switch_links_to_the_other_language():
    """The switch on a Korean page points to the same page in English."""
    _, _, html = call(APP, "GET", "/problem/kl_two_directions?lang=ko")
    assert 'id="lang-switch" href="/problem/kl_two_directions?lang=en"' in html
    assert "KL 발산은 대칭이 아니다" in html


def test_preview_is_the_latex_of_the_answer_as_parsed():
    """LaTeX and text answers are read exactly; a bad one gets the parser's one-line error."""
    ok = {"problem": "die_coin_conditional", "ask": "heads_given_three"}
    assert api("/api/preview", {**ok, "answer": "\\frac{2}{4}"}) == (200, {"latex": "\\frac{1}{2}"})
    status, data = api("/api/preview", {**ok, "answer": "1/2 +"})
    assert status == 400 and "column" in data["error"] and "\n" not in data["error"]


def test_check_a_correct_answer_shows_the_verdict_and_the_worked_solution():
    """A right answer: correct, as read, and the solution with its steps."""
    body = {"problem": "die_coin_conditional", "ask": "heads_given_three", "answer": "0.5"}
    status, data = api("/api/check", {**body, "lang": "en"})
    assert status == 200 and data["correct"] and data["read_latex"] == "\\frac{1}{2}"
    html = data["html"]
    assert "Worked solution" in html and "\\boxed{\\frac{1}{2}}" in html
    assert "\\frac{P(\\text{y=H}, \\text{x=3})}{P(\\text{x=3})}" in html


def test_check_a_wrong_answer_names_the_mistake_in_korean():
    """Swapped KL arguments are recognised; the feedback is in the page's language."""
    body = {"problem": "kl_two_directions", "ask": "kl_qp", "answer": "1 - log2(3)/2"}
    status, data = api("/api/check", {**body, "lang": "ko"})
    assert status == 200 and not data["correct"] and data["reason"] == "kl_arguments_swapped"
    assert "오답" in data["html"] and data["feedback"] != body["answer"]


def test_identity_ask_solution_is_the_library_derivation():
    """After an attempt at an identity ask, its derivation's steps and verdicts are shown."""
    body = {"problem": "kl_two_directions", "ask": "identity", "answer": "true", "lang": "en"}
    _, data = api("/api/check", body)
    assert data["correct"] and 'class="derivation"' in data["html"]
    assert data["html"].count('class="step') >= 2 and "[proved]" in data["html"]


def test_claim_ask_solution_shows_the_counterexample():
    """After an attempt at a claim ask, the engine's refutation of the claim is shown."""
    body = {"problem": "kl_two_directions", "ask": "symmetric_claim", "answer": "true"}
    _, data = api("/api/check", {**body, "lang": "en"})
    assert not data["correct"] and "Does not hold" in data["html"]
    assert "Counterexample" in data["html"] and "D_{\\mathrm{KL}}" in data["html"]


def test_prove_a_false_claim_gives_the_counterexample_and_correction():
    """H(P,Q) = D_KL(P||Q) is refuted with an exact model and the correct statement."""
    status, data = api("/api/prove", {"text": "H(P,Q) = D_KL(P||Q)", "lang": "en"})
    assert status == 200 and data["holds"] is False and data["kind"] == "claim"
    assert "Counterexample" in data["html"] and "P(X=" in data["html"]
    assert "Correct statement" in data["html"]


def test_prove_a_true_claim_shows_a_derivation_by_named_rules():
    """A typed true equality gets the step search's chain, each step by a rule."""
    _, data = api("/api/prove", {"text": "H(P,Q) = H(P) + D_KL(P||Q)", "lang": "en"})
    assert data["kind"] == "claim" and data["holds"] is True
    assert "Definition of cross-entropy" in data["html"] and data["html"].count('class="step') >= 3


def test_prove_a_true_inequality_names_the_inequality_behind_it():
    """H(P,Q) >= H(P) holds because their difference is a KL divergence (Gibbs)."""
    _, data = api("/api/prove", {"text": "H(P,Q) >= H(P)", "lang": "en"})
    assert data["holds"] is True and "Gibbs" in data["html"] and "D_KL(P || Q)" in data["html"]


def test_prove_an_identity_name_shows_its_derivation():
    """A library name gives the derivation with every step proved."""
    _, data = api("/api/prove", {"text": "cross_entropy_decomposition", "lang": "ko"})
    assert data["kind"] == "identity" and data["holds"] is True
    assert "[기호 증명]" in data["html"] and "엔트로피의 정의" in data["html"]
    assert data["html"].count('class="step') >= 2


def test_prove_a_chain_points_at_the_first_wrong_step():
    """A typed chain is checked link by link; the broken link is marked."""
    chain = "P(a,b)\nP(a|b) P(b)\nP(a|b) P(a)"
    _, data = api("/api/prove", {"text": chain, "lang": "en"})
    assert data["kind"] == "chain" and data["holds"] is False
    assert 'class="step wrong"' in data["html"] and "step 3" in data["html"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "words"),
    [
        ("GET", "/problem/no_such_problem", None, 404, "no problem &#39;no_such_problem"),
        ("GET", "/nowhere", None, 404, "Not Found"),
        ("GET", "/api/check", None, 405, "Method Not Allowed"),
        ("POST", "/api/check", b"{not json", 400, "not JSON"),
        ("POST", "/api/check", b"[1, 2]", 400, "JSON object"),
        ("POST", "/api/check", {"problem": 3}, 400, "must be a string"),
        ("POST", "/api/check", {"problem": "x" * 9000}, 400, "longer than"),
        ("POST", "/api/check", b" " * (MAX_BODY + 1), 400, "larger than"),
        ("POST", "/api/check", {"problem": "kl_two_directions", "ask": "nope"}, 400, "no ask"),
        ("POST", "/api/prove", {"text": "H(P,Q) = ", "lang": "en"}, 400, "column"),
        ("POST", "/api/prove", {"text": "a\n" * 30}, 400, "max 20"),
    ],
)
def test_a_bad_request_gets_one_clear_line(method, path, body, status, words):
    """Bad requests get their status and a one-line message, never a traceback."""
    got, _, text = call(APP, method, path, body)
    assert got == status and words in text and "Traceback" not in text


def test_other_host_names_are_refused():
    """A page of another site, reached through a rebound DNS name, is not served."""
    status, _, _ = call(APP, "GET", "/problems", host="attacker.example")
    assert status == 400


def test_the_time_limits_are_the_clis_and_a_spent_budget_stops_the_check():
    """Same limits as symgen check/prove; with none left, the answer is "timeout", not a crash."""
    from symgen.cli.check import INVALID_REASONS, TIME_LIMIT_SECONDS
    from symgen.proof.claims import DEFAULT_BUDGET

    assert budget.CHECK_SECONDS == TIME_LIMIT_SECONDS and budget.CLAIM_SECONDS == DEFAULT_BUDGET
    assert budget.INVALID_REASONS == INVALID_REASONS
    spent = create_app(limits=Limits(check=0, claim=0))
    body = {"problem": "die_coin_conditional", "ask": "heads_given_three", "answer": "1/2"}
    status, data = api("/api/check", {**body, "lang": "en"}, app=spent)
    assert status == 200 and data["invalid"] and data["reason"] == "timeout"
    status, data = api("/api/prove", {"text": "H(P,Q) = D_KL(P||Q)"}, app=spent)
    assert status == 400 and "took more than 0 s" in data["error"]


def test_the_alarm_stops_a_long_check_in_the_main_thread():
    """The SIGALRM limit interrupts work that runs past it (the server's main thread)."""
    from symgen.errors import CheckTimeout

    def forever() -> None:
        for _ in range(200):  # 10 s unless interrupted
            time.sleep(0.05)

    with pytest.raises(CheckTimeout):
        budget.bounded(0.05, forever)


def test_serve_refuses_a_bad_port():
    """`symgen serve --port 70000` is a usage error (exit 2), not a traceback."""
    from symgen.cli.main import main

    assert main(["serve", "--port", "70000"]) == 2
