"""The practice page's own words in Korean and English (topic titles come from the sheet)."""

from __future__ import annotations

LANGS = ("ko", "en")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "site": "symgen practice",
        "problems": "Problems",
        "prove": "Prove",
        "switch": "한국어",
        "intro": "Pick a problem, type an answer as text (p*log(p)) or LaTeX (\\frac{1}{2}), "
        "and see how it was read, whether it is right, and the worked solution.",
        "statement": "Problem",
        "given": "Given",
        "answer": "Your answer",
        "check": "Check",
        "read_as": "Read as",
        "preview_empty": "Type an answer to see how it is read.",
        "correct": "Correct",
        "incorrect": "Not correct",
        "invalid": "Could not check",
        "hint": "Hint",
        "show_hint": "Show a hint",
        "solution": "Worked solution",
        "steps": "Derivation",
        "unit": "unit",
        "true": "true",
        "false": "false",
        "prove_title": "Prove a claim",
        "prove_intro": "Type a claim such as H(P,Q) = H(P) + D_KL(P||Q), or a chain of "
        "equalities one step per line, or pick an identity from the library. You get the "
        "derivation, or a counterexample when the claim is false.",
        "claim": "Claim or chain",
        "identity": "Library identity",
        "choose": "(choose one)",
        "run": "Verify",
        "holds": "Holds",
        "fails": "Does not hold",
        "not_proved": "Not proved (numeric evidence only)",
        "counterexample": "Counterexample",
        "correction": "Correct statement",
        "chain": "Your chain, link by link",
        "first_wrong": "The first wrong step is step",
        "link_ok": "proved",
        "facts": "Side results, checked too",
        "not_found": "Not found",
        "bad_request": "Bad request",
        "back": "Back to the problems",
        "no_katex": "KaTeX is not installed, so formulas show as LaTeX source. Run "
        "`bash tools/setup.sh web` to install it.",
        "working": "Checking…",
        "proved": "proved",
        "numeric_only": "checked numerically only",
        "refuted": "refuted",
    },
    "ko": {
        "site": "symgen 연습장",
        "problems": "문제",
        "prove": "증명",
        "switch": "English",
        "intro": "문제를 고르고 답을 텍스트(p*log(p))나 LaTeX(\\frac{1}{2})로 입력하면, 답이 "
        "어떻게 읽혔는지와 정답 여부, 풀이를 볼 수 있습니다.",
        "statement": "문제",
        "given": "주어진 것",
        "answer": "답",
        "check": "채점",
        "read_as": "읽은 식",
        "preview_empty": "답을 입력하면 어떻게 읽히는지 보여 줍니다.",
        "correct": "정답",
        "incorrect": "오답",
        "invalid": "채점할 수 없음",
        "hint": "힌트",
        "show_hint": "힌트 보기",
        "solution": "풀이",
        "steps": "유도 과정",
        "unit": "단위",
        "true": "참",
        "false": "거짓",
        "prove_title": "명제 증명",
        "prove_intro": "H(P,Q) = H(P) + D_KL(P||Q) 같은 명제를 입력하거나, 한 줄에 한 단계씩 "
        "등식의 사슬을 입력하거나, 라이브러리의 항등식을 고르십시오. 성립하면 유도 과정을, "
        "거짓이면 반례를 보여 줍니다.",
        "claim": "명제 또는 사슬",
        "identity": "라이브러리 항등식",
        "choose": "(선택)",
        "run": "검증",
        "holds": "성립",
        "fails": "성립하지 않음",
        "not_proved": "증명되지 않음 (수치 근거만 있음)",
        "counterexample": "반례",
        "correction": "올바른 식",
        "chain": "입력한 사슬의 각 단계",
        "first_wrong": "처음으로 틀린 단계:",
        "link_ok": "증명됨",
        "facts": "함께 검증한 결과",
        "not_found": "찾을 수 없음",
        "bad_request": "잘못된 요청",
        "back": "문제 목록으로",
        "no_katex": "KaTeX가 설치되지 않아 수식이 LaTeX 원문으로 보입니다. "
        "`bash tools/setup.sh web`으로 설치하십시오.",
        "working": "채점 중…",
        "proved": "기호 증명",
        "numeric_only": "수치로만 확인",
        "refuted": "반박됨",
    },
}


def words(lang: str) -> dict[str, str]:
    """The words of ``lang`` (English for anything else)."""
    return WORDS["ko" if lang == "ko" else "en"]


def pick_lang(value: object) -> str:
    """``ko`` or ``en`` from a query value; anything else gives ``en``.

    >>> pick_lang("ko"), pick_lang("fr"), pick_lang(None)
    ('ko', 'en', 'en')
    """
    return value if value in LANGS else "en"  # type: ignore[return-value]
