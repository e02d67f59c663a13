"""The ``symgen`` command shell: help, version, usage errors, and a light import."""

from __future__ import annotations

import json
import subprocess
import sys

from symgen.cli.main import build_parser, main


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "symgen", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_command(capsys):
    """--help exits 0 and names each command of the contract."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("list", "sheet", "prove", "check", "grade"):
        assert command in out


def test_version(capsys):
    """--version prints the package version."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("symgen ")


def test_no_command_is_usage_error(capsys):
    """No command prints help and exits 2."""
    assert main([]) == 2


def test_unknown_option_is_usage_error(capsys):
    """An unknown option exits 2 with argparse's one-line error."""
    assert main(["list", "--bogus"]) == 2


def test_help_does_not_import_sympy():
    """symgen --help must not import SymPy (it has to stay instant)."""
    code = (
        "import sys; from symgen.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps('sympy' in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json;" + code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) is False


def test_import_symgen_is_light():
    """import symgen alone does not pull in SymPy (names load on first use)."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, symgen; print('sympy' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False"


def test_python_dash_m_runs():
    """python -m symgen --version works end to end."""
    result = _run("--version")
    assert result.returncode == 0 and "symgen" in result.stdout


def test_answer_starting_with_minus_is_an_answer():
    """An answer such as -p*log(p) is read as the answer, not as an option."""
    from symgen.cli.main import protect_leading_minus

    assert protect_leading_minus(["check", "id", "-p", "--json"]) == [
        "check", "--json", "--", "id", "-p",
    ]  # fmt: skip
    assert protect_leading_minus(["check", "id", "1/2"]) == ["check", "--", "id", "1/2"]
    assert protect_leading_minus(["list", "--json"]) == ["list", "--json"]
    args = build_parser().parse_args(protect_leading_minus(["check", "e", "-oo", "--lang", "ko"]))
    assert (args.problem, args.answer, args.lang) == ("e", "-oo", "ko")


def test_broken_pipe_is_quiet():
    """symgen list piped into a reader that stops early prints no error."""
    result = subprocess.run(
        f"{sys.executable} -m symgen list | head -1", shell=True, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert "error" not in result.stderr.lower()
