"""Gate 1 of the parser: text hygiene before the grammar (characters, commands, brackets).

Every rejection is a one-line :class:`~symgen.errors.ParseError` naming the character or the
command and its column; sizes over :data:`LIMITS` raise :class:`~symgen.errors.InputTooLarge`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from symgen.errors import InputTooLarge, ParseError
from symgen.parsing.grammar import LATEX_COMMANDS, words

#: Bounds checked before SymPy builds anything (documented, stable; tests refer to them).
LIMITS = {
    "chars": 2000,  # characters of input
    "tokens": 600,  # lexer tokens
    "brackets": 40,  # nesting depth of ( [ {
    "tree_depth": 120,  # depth of the parse tree (unary chains, towers of powers)
    "nodes": 3000,  # nodes of the parse tree
    "digits": 100,  # digits of one number literal
    "decimal_exponent": 300,  # |n| in 1e-n
    "number_bits": 12_000,  # bits of any exact rational the parser builds (about 3600 digits)
    "exponent": 10_000,  # |n| of a numeric exponent on a symbolic base
    "root_bits": 1000,  # bits of a number under a root or a fractional power (SymPy factors it)
    "factorial": 1000,  # largest numeric argument of n!, factorial(n), binomial(n, k)
    "sum_terms": 200,  # terms of \\sum_{k=a}^{b} or \\prod_{k=a}^{b} (expanded exactly)
    "sum_work": 5000,  # terms times parse-tree nodes of the summands, nested sums added up
}

MODES = ("auto", "text", "latex")

# --------------------------------------------------------------------------- gate 1: characters
_UNICODE = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash, typed for a minus by word processors
    "\u00d7": "*",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u2219": "*",
    "\u00f7": "/",
    "\u2215": "/",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u2016": "||",
    "\u2225": "||",
    "\u2223": "|",
    "\u00bd": "(1/2)",
    "\u2153": "(1/3)",
    "\u2154": "(2/3)",
    "\u00bc": "(1/4)",
    "\u00be": "(3/4)",
    "\u215b": "(1/8)",
    "\u00b2": "^2",
    "\u00b3": "^3",
    "\u221e": " oo ",
    "\u221a": " sqrt ",
    "\u00a0": " ",
    "\u03c0": " pi ",
    "\u03b1": " alpha ",
    "\u03b2": " beta ",
    "\u03b3": " gamma ",
    "\u03b4": " delta ",
    "\u03b5": " epsilon ",
    "\u03b8": " theta ",
    "\u03bc": " mu ",
    "\u03c3": " sigma ",
    "\u03c4": " tau ",
    "\u03c6": " phi ",
    "\u03c9": " omega ",
    "\u2211": " sum ",
    "\u220f": " prod ",
    "\u223c": "~",
    "\u2208": " in ",
    "\u2192": " -> ",
    "\u22a5": " _|_ ",
}
_ARGOPT = re.compile(
    r"\\operatorname\*?\s*\{\s*arg\s*(max|min)\s*\}|\\mathrm\s*\{\s*arg\s*(max|min)\s*\}"
    r"|\\arg\s*\\(max|min)(?![A-Za-z])|\\arg(max|min)(?![A-Za-z])"
)
_MAXMIN = re.compile(r"\\(max|min)(?![A-Za-z])")
_SPACING = re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])")
_PERCENT = re.compile(r"\\%")
_PR = re.compile(r"\\Pr(?![A-Za-z])")
_SIZING = re.compile(r"\\(left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\.?")
_FRAC_DIGITS = re.compile(r"(\\[dt]?(?:frac|binom))\s*(\d)\s*(\d)")
_COMMAND = re.compile(r"\\([A-Za-z]+|.?)", re.DOTALL)
_ALLOWED_SYMBOL_COMMANDS = {"|"}
#: Python keywords and builtins: refused by name (they would fail later anyway).
PYTHON_WORDS = frozenset(
    words(
        "lambda import from exec eval compile open os sys subprocess system getattr "
        "setattr delattr globals locals vars dir type class def return yield del global "
        "nonlocal assert raise try except finally with while for if else elif pass "
        "break continue not and or is in async await print input builtins breakpoint "
        "object mro subclasses attr"
    )
)
_QUOTES = "'\"`"
_MATH_DELIMITERS = re.compile(r"(\s*)(\$\$|\$|\\\(|\\\[)(.*?)(\$\$|\$|\\\)|\\\])(\s*)", re.DOTALL)
_PAIRS = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True)
class Text:
    """Normalised ASCII text and, for each of its characters, the column in the input."""

    text: str
    columns: tuple[int, ...]
    latex: bool

    def column(self, index: int) -> int:
        """1-based input column of the normalised character at ``index``."""
        if not self.columns:
            return 1
        return self.columns[min(max(index, 0), len(self.columns) - 1)]


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "ROMAN")


def _looks_ascii(char: str) -> bool:
    """Full-width, mathematical or foreign-script letters that pass for ASCII ones."""
    if unicodedata.normalize("NFKC", char).isascii():
        return True
    return any(script in unicodedata.name(char, "") for script in _LOOKALIKE_SCRIPTS)


def _screen_char(char: str, column: int) -> str:
    """The ASCII replacement of one input character, or a ParseError naming it."""
    if char in "\t\n\r":
        return " "
    code = ord(char)
    if code < 32 or code == 127 or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
        raise ParseError(f"control character {_describe(char)} at column {column} is not allowed")
    if code < 128:
        if char in _QUOTES:
            raise ParseError(f"quote {char} at column {column}: strings are not allowed")
        return char
    if char in _UNICODE:
        return _UNICODE[char]
    what = "look-alike character" if _looks_ascii(char) else "non-ASCII character"
    raise ParseError(
        f"{what} {_describe(char)} at column {column} is not allowed; type ASCII letters and digits"
    )


_VULGAR = "\u00bd\u2153\u2154\u00bc\u00be\u215b"


def _screen_chars(text: str) -> tuple[str, tuple[int, ...]]:
    pieces: list[str] = []
    columns: list[int] = []
    for index, char in enumerate(text):
        if char in _VULGAR and index and text[index - 1].isdigit():
            raise ParseError(f"mixed number at column {index}: write 2 + 1/2 or 5/2, not 2\u00bd")
        replacement = _screen_char(char, index + 1)
        pieces.append(replacement)
        columns.extend([index + 1] * len(replacement))
    return "".join(pieces), tuple(columns)


def _substitute(norm: Text, pattern: re.Pattern[str], repl: Any) -> Text:
    """Apply a regex substitution, keeping each new character's input column."""
    pieces: list[str] = []
    columns: list[int] = []
    last = 0
    for match in pattern.finditer(norm.text):
        pieces.append(norm.text[last : match.start()])
        columns.extend(norm.columns[last : match.start()])
        new = repl(match) if callable(repl) else repl
        pieces.append(new)
        columns.extend([norm.column(match.start())] * len(new))
        last = match.end()
    pieces.append(norm.text[last:])
    columns.extend(norm.columns[last:])
    return Text("".join(pieces), tuple(columns), norm.latex)


def _strip_math_delimiters(norm: Text, mode: str) -> Text:
    """``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]`` around the input: a LaTeX paste."""
    match = _MATH_DELIMITERS.fullmatch(norm.text)
    if match is None or _PAIRS[match.group(2)] != match.group(4):
        return norm
    blank = " " * len(match.group(2))
    text = match.group(1) + blank + match.group(3) + " " * len(match.group(4)) + match.group(5)
    return Text(text, norm.columns, latex=mode != "text")


def _check_commands(norm: Text, mode: str) -> None:
    for match in _COMMAND.finditer(norm.text):
        name, column = match.group(1), norm.column(match.start())
        if mode == "text":
            raise ParseError(
                f"LaTeX command \\{name} at column {column} in text mode (use mode='latex')"
            )
        if name in LATEX_COMMANDS or name in _ALLOWED_SYMBOL_COMMANDS:
            continue
        if name == "\\":
            raise ParseError(f"line break \\\\ at column {column} is not allowed")
        shown = f"\\{name}" if name.strip() else "a lone backslash"
        raise ParseError(f"LaTeX command {shown} at column {column} is not allowed")


_WORD = re.compile(r"(?<![A-Za-z0-9\\])[A-Za-z]+")


def _check_words(norm: Text) -> None:
    """Python keywords and builtins get their own message (they would fail later anyway)."""
    for match in _WORD.finditer(norm.text):
        subscript = norm.text[: match.start()].endswith(("_", "_{"))  # x_in is a name
        if match.group() in PYTHON_WORDS and not subscript:
            column = norm.column(match.start())
            raise ParseError(f"Python name {match.group()!r} at column {column} is not allowed")


def _check_brackets(norm: Text) -> None:
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(norm.text):
        column = norm.column(index)
        if char in _OPEN:
            stack.append((char, column))
            if len(stack) > LIMITS["brackets"]:
                raise InputTooLarge(
                    f"brackets nested deeper than {LIMITS['brackets']} at column {column}"
                )
        elif char in _CLOSE:
            want = _OPEN[_CLOSE.index(char)]
            if not stack or stack[-1][0] != want:
                raise ParseError(f"unbalanced {char!r} at column {column}")
            stack.pop()
    if stack:
        char, column = stack[-1]
        raise ParseError(f"unclosed {char!r} at column {column}")


def _optimum(match: re.Match[str]) -> str:
    word = next(group for group in match.groups() if group)
    return f" arg{word} "


def screen(text: object, mode: str) -> Text:
    """Characters to ASCII, LaTeX spacing and sizing removed; no command or word check yet."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if mode not in MODES:
        raise ParseError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if len(text) > LIMITS["chars"]:
        raise InputTooLarge(f"input is {len(text)} characters long (max {LIMITS['chars']})")
    ascii_text, columns = _screen_chars(text)
    norm = Text(ascii_text, columns, latex=mode == "latex" or "\\" in ascii_text)
    underscore = ascii_text.find("__")
    if underscore >= 0:
        column = norm.column(underscore)
        raise ParseError(f"double underscore at column {column} is not allowed")
    norm = _strip_math_delimiters(norm, mode)
    norm = _substitute(norm, _SPACING, " ")
    norm = _substitute(norm, _SIZING, "")
    norm = _substitute(norm, _PERCENT, "%")
    norm = _substitute(norm, _PR, "Pr")
    if mode != "text":
        norm = _substitute(norm, _ARGOPT, _optimum)
        norm = _substitute(norm, _MAXMIN, lambda m: f" {m.group(1)} ")
    return _substitute(
        norm, _FRAC_DIGITS, lambda m: f"{m.group(1)}{{{m.group(2)}}}{{{m.group(3)}}}"
    )


def check(norm: Text, mode: str) -> Text:
    """Whitelisted commands, no Python words, balanced brackets, something to read."""
    _check_commands(norm, mode)
    _check_words(norm)
    _check_brackets(norm)
    if not norm.text.strip():
        raise ParseError("empty input")
    return norm


def normalise(text: object, mode: str) -> Text:
    """Gate 1: screen the characters, then check commands, words and brackets."""
    return check(screen(text, mode), mode)
