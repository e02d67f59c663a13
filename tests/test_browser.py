"""The practice page in a real browser: Debian's chromium driven by Playwright.

The app runs under uvicorn, as `symgen serve` runs it, in a subprocess on a free local port;
the tests type answers and claims as a student would, read the verdicts and the maths KaTeX
drew, switch the language, and save screenshots under output/ (web_*.png) for a person to
look at. tools/setup.sh test installs chromium, KaTeX and Playwright; without them these
tests fail.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from symgen.catalogue.problems import load_catalogue

pytestmark = pytest.mark.xdist_group("browser")  # one server, one browser (--dist loadgroup)
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"
CHROMIUM = "/usr/bin/chromium"
# As root, in a closed network: no sandbox, no GPU, no background calls home.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The app as `symgen serve` runs it, with roomy time limits: on a loaded machine the CLI's 2 s
# would make verdicts depend on the clock (the limits themselves are tested in test_web.py;
# `symgen serve` itself in test_wheel.py).
SERVE = (
    "import uvicorn; from symgen.web.app import Limits, create_app; "
    "uvicorn.run(create_app(limits=Limits(check=120, claim=300)), host='127.0.0.1', "
    "port={port}, log_level='warning')"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app under uvicorn on a free port; its address, once it answers."""
    port = _free_port()
    command = [sys.executable, "-c", SERVE.format(port=port)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # up to a minute for the first start (SymPy, the catalogue)
            if process.poll() is not None:
                raise AssertionError(f"the server exited: {process.stderr.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"{base}/problems", timeout=5):
                    break
            except OSError:
                time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: Page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"web_{name}.png"), full_page=True)


def no_math_errors(page: Page) -> None:
    """Every formula was drawn by KaTeX: none left as source, none marked as an error."""
    expect(page.locator(".katex-error")).to_have_count(0)
    assert page.locator(".tex:not([data-drawn])").count() == 0


def test_the_list_shows_every_problem_and_switches_to_korean(server: str, page: Page) -> None:
    """The list links every catalogue problem; the switch turns the page Korean."""
    page.goto(f"{server}/problems")
    expect(page.locator("a.problem-link")).to_have_count(len(load_catalogue().ids))
    expect(page.locator("#topic-entropy h2")).to_contain_text("Entropy")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("문제")
    expect(page.locator("#topic-entropy h2")).to_contain_text("엔트로피")
    shot(page, "list_ko")


def test_a_student_checks_right_and_wrong_answers(server: str, page: Page) -> None:
    """Preview as typed, verdicts with feedback, the worked solution and a derivation."""
    page.goto(f"{server}/problems?lang=en")
    page.click("a.problem-link[data-id='kl_two_directions']")
    expect(page.locator("#problem-title")).to_have_text("KL divergence is not symmetric")
    expect(page.locator(".given-item .katex")).to_have_count(2)

    right = page.locator("#ask-kl_pq")
    right.locator("input.answer").press_sequentially("1 - log2(3)/2")
    expect(right.locator(".preview-body .katex")).to_contain_text("log")
    right.locator("button.check").click()
    expect(right.locator(".verdict-word")).to_have_text("Correct")
    expect(right.locator(".solution .katex").first).to_be_visible()

    wrong = page.locator("#ask-kl_qp")
    wrong.locator("input.answer").fill("1 - log2(3)/2")
    wrong.locator("button.check").click()
    expect(wrong.locator(".verdict-word")).to_have_text("Not correct")
    expect(wrong.locator(".feedback")).to_contain_text("order of its arguments")

    gibbs = page.locator("#ask-identity")
    gibbs.locator("select.answer").select_option("true")
    gibbs.locator("button.check").click()
    expect(gibbs.locator(".verdict-word")).to_have_text("Correct")
    assert gibbs.locator(".derivation tr.step").count() >= 2
    no_math_errors(page)
    shot(page, "problem_en")


def test_a_hint_on_request_and_an_unreadable_answer(server: str, page: Page) -> None:
    """The hint opens on a click; an unreadable answer gets the parser's message."""
    page.goto(f"{server}/problem/kl_two_directions?lang=en")
    ask = page.locator("#ask-kl_pq")
    expect(ask.locator("details.hint li")).to_be_hidden()
    ask.locator("details.hint summary").click()
    expect(ask.locator("details.hint li").first).to_be_visible()
    ask.locator("input.answer").press_sequentially("1/2 +")
    expect(ask.locator(".preview-body.error")).to_contain_text("column")
    ask.locator("button.check").click()
    expect(ask.locator(".verdict-word")).to_have_text("Could not check")


def test_the_korean_page_gives_korean_verdicts(server: str, page: Page) -> None:
    """Switching the problem page to Korean keeps the problem; verdicts come in Korean."""
    page.goto(f"{server}/problem/die_coin_conditional?lang=en")
    page.click("#lang-switch")
    expect(page).to_have_url(f"{server}/problem/die_coin_conditional?lang=ko")
    ask = page.locator("#ask-heads_given_three")
    ask.locator("input.answer").press_sequentially("\\frac{2}{4}")
    expect(ask.locator(".preview-body .katex")).to_be_visible()
    ask.locator("button.check").click()
    expect(ask.locator(".verdict-word")).to_have_text("정답")
    expect(ask.locator(".solution h4")).to_have_text("풀이")
    expect(ask.locator(".solution .result .katex")).to_contain_text("12")  # 1/12 over 1/6
    no_math_errors(page)
    shot(page, "problem_ko")


def test_the_prove_page_refutes_derives_and_finds_the_broken_step(server: str, page: Page) -> None:
    """A false claim gets a counterexample; an identity its derivation; a chain its bad link."""
    page.goto(f"{server}/prove?lang=en")
    page.fill("#claim", "H(P,Q) = D_KL(P||Q)")
    page.click("#prove-run")
    result = page.locator("#prove-result")
    expect(result.locator(".verdict-word")).to_have_text("Does not hold")
    expect(result.locator(".counterexample pre")).to_contain_text("P(X=")
    expect(result.locator(".correction .katex")).to_be_visible()
    no_math_errors(page)
    shot(page, "prove_claim")

    page.fill("#claim", "D_KL(P||Q) = H(P,Q) - H(P)")
    page.click("#prove-run")
    expect(result.locator(".verdict-word").first).to_have_text("Holds")
    assert result.locator(".derivation tr.step").count() >= 2
    no_math_errors(page)
    shot(page, "prove_true_claim")

    page.select_option("#identity", "cross_entropy_decomposition")
    expect(page.locator("#claim")).to_have_value("cross_entropy_decomposition")
    page.click("#prove-run")
    expect(result.locator(".verdict-word")).to_have_text("Holds")
    assert result.locator(".derivation tr.step").count() >= 2
    no_math_errors(page)
    shot(page, "prove_identity")

    page.fill("#claim", "P(a,b)\nP(a|b) P(b)\nP(a|b) P(a)")
    page.click("#prove-run")
    expect(result.locator("tr.step.wrong")).to_have_count(1)
    expect(result.locator(".reason").first).to_contain_text("step 3")
