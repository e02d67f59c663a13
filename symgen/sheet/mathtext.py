"""Plain text with ASCII maths in it, typeset: ``x ~ Bernoulli(p)`` becomes ``$x \\sim ...$``.

Prose of the sheet comes from data (identity notes, rule sentences, catalogue statements):
plain strings that write ``D_KL(P || Q)``, ``log t <= t - 1`` or ``theta``. :func:`prose_tex`
finds the maths runs in such a string and prints them in math mode; everything else is
escaped text. A math run is built only from tokens this module knows (letters, digits,
Greek names, operators, brackets), each mapped to fixed LaTeX, so no character of the input
ever reaches TeX as a command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgen.notation.tex import Latex, escape_latex

__all__ = ["name_tex", "prose_tex"]

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda",
    "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "pi",
    "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Psi", "Omega", "Pi",
}  # fmt: skip
_UNI_GREEK = {
    "θ": r"\theta", "𝜽": r"\theta", "φ": r"\phi", "ϕ": r"\phi", "Φ": r"\Phi", "μ": r"\mu",
    "σ": r"\sigma", "π": r"\pi", "λ": r"\lambda", "α": r"\alpha", "β": r"\beta",
    "ε": r"\varepsilon", "ψ": r"\psi", "ρ": r"\rho", "τ": r"\tau", "γ": r"\gamma",
    "δ": r"\delta", "η": r"\eta", "ω": r"\omega", "Ω": r"\Omega", "Δ": r"\Delta",
}  # fmt: skip
# Words that are maths wherever they stand next to maths.
_FUNCS = {
    "log": r"\log", "ln": r"\ln", "exp": r"\exp", "sum": r"\sum", "prod": r"\prod",
    "argmin": r"\operatorname*{arg\,min}", "argmax": r"\operatorname*{arg\,max}",
    "max": r"\max", "min": r"\min", "Var": r"\operatorname{Var}",
    "Cov": r"\operatorname{Cov}", "iff": r"\iff",
}  # fmt: skip
_OPS = {
    "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "->": r"\to", "<-": r"\leftarrow",
    "=>": r"\Rightarrow", "||": r"\,\|\,", "|": r"\mid", "~": r"\sim", "=": "=", "<": "<",
    ">": ">", "+": "+", "-": "-", "/": "/", "*": "*", "^": "^", "...": r"\dots",
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "→": r"\to", "−": "-", "×": r"\times",
    "·": r"\cdot", "‖": r"\,\|\,", "∥": r"\,\|\,", "∣": r"\mid", "∞": r"\infty",
    "∑": r"\sum", "Σ": r"\sum", "∩": r"\cap", "∪": r"\cup", "∈": r"\in", "≈": r"\approx",
    "∝": r"\propto", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "⊥": r"\perp",
    "…": r"\dots", "∼": r"\sim", "∏": r"\prod", "∂": r"\partial", "±": r"\pm",
}  # fmt: skip
_STRONG_OPS = set(_OPS) - {"/", "+", "*", "..."}
_SUPERSCRIPTS = {"²": "2", "³": "3", "¹": "1"}

_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<ident>[A-Za-z0-9]+(?:_[A-Za-z0-9]+){2,})"  # snake_case names stay text
    r"|(?P<sub>[A-Za-z]+\d*_(?:[A-Za-z0-9]+|[θ𝜽φϕΦμσπλαβεψρτγδηωΩΔ])\*?)"
    r"|(?P<word>[A-Za-z]+\d*)"
    r"|(?P<op><=|>=|!=|->|<-|=>|\|\||\.\.\.|[=<>+\-/*^|~]|[≤≥≠→−×·‖∥∣∞∑Σ∩∪∈≈∝⇒⇔⊥…∼∏∂±])"
    r"|(?P<uni>[θ𝜽φϕΦμσπλαβεψρτγδηωΩΔ])"
    r"|(?P<sup>[²³¹])"
    r"|(?P<open>[(\[])|(?P<close>[)\]])|(?P<comma>[,;])|(?P<space>[ ]+)|(?P<other>.)",
    re.S,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "other", m.group()) for m in _TOKEN_RE.finditer(text)]


def _is_name(word: str) -> bool:
    """A word that is maths by itself: a Greek letter (``theta``, ``theta1``) or a function."""
    stem = word.rstrip("0123456789")
    return stem in GREEK or stem in _FUNCS


def _neighbour(toks: list[_Tok], i: int, step: int) -> _Tok | None:
    """The nearest token before (step -1) or after (step 1) i that is not a space."""
    k = i + step
    while 0 <= k < len(toks) and toks[k].kind == "space":
        k += step
    return toks[k] if 0 <= k < len(toks) else None


def _mathish(toks: list[_Tok], i: int, depth: int = 0) -> bool:
    tok = toks[i]
    if tok.text == ";":
        return depth > 0  # p(x; theta) yes, "theta; log p" no
    if tok.text == "-" and i and toks[i - 1].kind == "word" and not _mathish(toks, i - 1):
        return False  # a hyphen inside a word: "pytest-3", "self-information"
    if tok.kind in {"num", "sub", "op", "uni", "sup", "open", "close", "comma", "space"}:
        return True
    if tok.kind == "other" and tok.text in "'′":  # a prime: x' (not the apostrophe of notes')
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        single = prev is not None and prev.kind in {"word", "uni"} and len(prev.text) == 1
        return single and (nxt is None or nxt.kind != "word")
    if tok.kind != "word":
        return False
    if tok.text in {"a", "A", "I"}:  # English words unless an operator stands next to them
        return any(
            n is not None and n.kind == "op" and n.text != "-"
            for n in (_neighbour(toks, i, -1), _neighbour(toks, i, 1))
        )
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    applied = nxt is not None and nxt.text in "([" and tok.text[:1].isupper()
    acronym = len(tok.text) > 1 and tok.text.isupper()
    return len(tok.text.rstrip("0123456789")) == 1 or _is_name(tok.text) or applied or acronym


def _strong(toks: list[_Tok], i: int) -> bool:
    """Does token i make a run maths (not just a letter or a number in a sentence)?"""
    tok = toks[i]
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    if tok.kind in {"sub", "uni", "sup"}:
        return True
    if tok.kind == "word":
        return _is_name(tok.text) or nxt in ("(", "[")
    if tok.kind == "op":
        return tok.text in _STRONG_OPS or tok.text == "*"
    return False


def _compound_number(toks: list[_Tok], i: int) -> bool:
    """A number that starts a compound word, as in "12-cell" or "3-outcome"."""
    return (
        toks[i].kind == "num"
        and i + 2 < len(toks)
        and toks[i + 1].text == "-"
        and toks[i + 2].kind == "word"
        and not _mathish(toks, i + 2)
    )


def _runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    """[start, end) token spans that form maths runs."""
    depths, depth = [], 0
    for tok in toks:
        depth = max(0, depth + (tok.kind == "open") - (tok.kind == "close"))
        depths.append(depth)
    spans, i = [], 0
    while i < len(toks):
        if not _mathish(toks, i, depths[i]):
            i += 1
            continue
        j = i
        while j < len(toks) and _mathish(toks, j, depths[j]):
            if _compound_number(toks, j):
                break
            j += 1
        if j < len(toks) and _compound_number(toks, j):
            spans += [*_split_run(toks, i, j), (j, j + 1)]
            i = j + 1
            continue
        spans += _split_run(toks, i, j)
        i = j
    return spans


def _split_run(toks: list[_Tok], i: int, j: int) -> list[tuple[int, int]]:
    """Split a candidate run at unmatched brackets; keep the parts that are clearly maths."""
    bad = _unmatched(toks, i, j)
    if bad is not None:
        return _split_run(toks, i, bad) + _split_run(toks, bad + 1, j)
    while i < j and (toks[i].kind in {"space", "comma"} or toks[i].text in "/*^"):
        i += 1
    while j > i and (toks[j - 1].kind in {"space", "comma"} or toks[j - 1].text in "/+-=~|"):
        j -= 1
    if i >= j or not any(_strong(toks, k) for k in range(i, j)):
        return []
    words = [t for t in toks[i:j] if t.kind != "space"]
    greek = any(t.kind == "word" and t.text.rstrip("0123456789") in GREEK for t in words)
    applied = any(t.text in _FUNCS and k + 1 < len(words) for k, t in enumerate(words))
    if not (greek or applied) and all(t.kind in {"word", "comma"} for t in words):
        return []  # "Bernoulli" or "log" alone is a word, not maths
    if _unmatched(toks, i, j) is not None:
        return _split_run(toks, i, j)
    return [(i, j)]


def _unmatched(toks: list[_Tok], i: int, j: int) -> int | None:
    """Index of the first bracket in [i, j) without a partner, else None."""
    stack: list[int] = []
    for k in range(i, j):
        if toks[k].kind == "open":
            stack.append(k)
        elif toks[k].kind == "close":
            if not stack:
                return k
            stack.pop()
    return stack[0] if stack else None


def _word_tex(word: str) -> str:
    stem = word.rstrip("0123456789")
    digits = word[len(stem) :]
    if stem in GREEK:
        base = "\\" + stem
    elif stem in _FUNCS:
        base = _FUNCS[stem]
    elif len(stem) == 1:
        base = stem
    else:
        base = rf"\mathrm{{{stem}}}"
    return f"{base}_{{{digits}}}" if digits else base


def _sub_tex(text: str) -> str:
    star = text.endswith("*")
    head, *subs = text.rstrip("*").split("_")
    out = _word_tex(head)
    for sub in subs:
        plain = len(sub) == 1 or sub.rstrip("0123456789") in GREEK
        if sub in _UNI_GREEK:
            inner = _UNI_GREEK[sub]
        elif sub.isdigit():
            inner = sub
        else:
            inner = _word_tex(sub) if plain else r"\mathrm{" + sub + "}"
        out += "_{" + inner + "}"
    return out + ("^{*}" if star else "")


def _math_tex(toks: list[_Tok]) -> str:
    out: list[str] = []
    k = 0
    while k < len(toks):
        tok, prev = toks[k], toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if tok.kind == "op" and tok.text == "^":
            if nxt is not None and nxt.kind not in {"space", "op", "close", "comma"}:
                _raise(out, f"^{{{_one(nxt)}}}")
                k += 2
                continue
            if out:  # "theta^" with nothing raised: the estimate, theta-hat
                out[-1] = rf"\hat{{{out[-1].strip()}}}"
            k += 1
            continue
        if tok.kind == "op" and tok.text == "*":
            starred = prev is not None and prev.kind in {"word", "uni", "close"}
            if starred and (nxt is None or nxt.kind != "word"):
                _raise(out, "^{*}")
            else:
                out.append(r"\cdot ")
            k += 1
            continue
        if tok.kind == "sup":
            _raise(out, _one(tok))
        else:
            out.append(_one(tok))
        k += 1
    return "".join(out).strip()


def _raise(out: list[str], script: str) -> None:
    """Append a superscript; after one already raised, start a new group (no double ^)."""
    raised = bool(out) and (out[-1].startswith("^") or out[-1].endswith("^{*}"))
    out.append("{}" + script if raised or not out else script)


def _one(tok: _Tok) -> str:
    if tok.kind == "word":
        return _word_tex(tok.text)
    if tok.kind == "sub":
        return _sub_tex(tok.text)
    if tok.kind == "uni":
        return _UNI_GREEK[tok.text] + " "
    if tok.kind == "sup":
        return f"^{{{_SUPERSCRIPTS[tok.text]}}}"
    if tok.kind == "op":
        mapped = _OPS[tok.text]
        return f" {mapped} " if mapped.startswith("\\") and mapped != r"\,\|\," else mapped
    if tok.kind == "space":
        return " "
    if tok.kind in {"num", "open", "close", "comma"}:
        return tok.text
    if tok.kind == "other" and tok.text in "'′":
        return "'"
    return str(escape_latex(tok.text))


def _spaced(tex: str) -> str:
    """Separate a command from a following letter: ``\\log t`` not ``\\logt``."""
    return re.sub(r" {2,}", " ", tex)


def prose_tex(text: str) -> Latex:
    r"""Escaped prose with its ASCII maths runs in math mode.

    >>> print(prose_tex("x ~ Bernoulli(p), so D_KL(P || Q) >= 0 (theta fixed)."))
    $x \sim \mathrm{Bernoulli}(p)$, so $D_{\mathrm{KL}}(P \,\|\, Q) \ge 0$ ($\theta$ fixed).
    >>> print(prose_tex(r"a \input{x} & 50%"))
    a \texttt{\char92}input\{x\} \& 50\%
    """
    pieces = str(text).split("\u00a0")
    if len(pieces) > 1:  # a non-breaking space (a multi-word gloss) stays one: TeX's ~
        return Latex("~".join(prose_tex(piece) for piece in pieces))
    toks = _tokens(" ".join(str(text).split()))
    spans = _runs(toks)
    out: list[str] = []
    k = 0
    for i, j in spans:
        out.append(escape_latex("".join(t.text for t in toks[k:i])))
        out.append("$" + _spaced(_math_tex(toks[i:j])) + "$")
        k = j
    out.append(escape_latex("".join(t.text for t in toks[k:])))
    return Latex("".join(out))


def name_tex(name: object) -> Latex:
    r"""A variable or distribution name from data, for use inside maths.

    >>> print(name_tex("p_data"), name_tex("x"), name_tex("d1"), name_tex("a&b"))
    p_{\mathrm{data}} x d_{1} \mathrm{a\&b}
    """
    text = str(name)
    if re.fullmatch(r"[A-Za-z]+\d*(_[A-Za-z0-9]+)?", text):
        toks = _tokens(text)
        return Latex(_one(toks[0]))
    return Latex(rf"\mathrm{{{escape_latex(text)}}}")
