"""`pip wheel .` gives a wheel that works on its own: installed into a fresh venv and run from
outside the checkout, `symgen sheet`, `check`, `show` and `serve` find their templates,
catalogue and KaTeX in the installed copy.

To stay fast the fresh venv gets the wheel with --no-deps; the runtime dependencies (SymPy,
NumPy, Jinja2, Lark, Starlette, uvicorn) are made visible through a .pth line pointing at the
test venv's site-packages, which holds no symgen package of its own (only an editable finder,
which a .pth path does not activate): every symgen module must come from the wheel.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "symgen", "derivations")


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def build_wheel(tmp: Path) -> Path:
    """`pip wheel` of a clean copy of the sources (a stale build/ dir cannot leak in)."""
    source = tmp / "src"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    built = _run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-w", tmp / "wheels",
                 "-q", "--disable-pip-version-check", cwd=tmp)  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp / "wheels").glob("symgen-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A new venv holding the wheel; dependencies seen through a .pth line."""
    venv = tmp / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=tmp).stdout.strip()  # fmt: skip
    (Path(purelib) / "symgen_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                     "--no-index", "-q", "--disable-pip-version-check", wheel, cwd=tmp)  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    return venv


TOOLS = {"pytest", "hypothesis", "ruff", "mypy", "scipy", "dit", "playwright", "codespell"}


def assert_runtime_only(wheel: Path) -> None:
    """What `pip install .` pulls (the main job's venv) holds no test or dev tool."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode().splitlines()
    key = "Requires-Dist:"
    requires = [line[len(key) :].strip() for line in lines if line.startswith(key)]
    runtime = {re.split(r"[ <>=!~;\[]", r, maxsplit=1)[0].lower() for r in requires
               if "extra ==" not in r}  # fmt: skip
    assert runtime == {"sympy", "numpy", "jinja2", "lark"}, runtime
    assert not runtime & TOOLS
    setup = (ROOT / "tools" / "setup.sh").read_text(encoding="utf-8")
    assert 'target="."' in setup and "venv=.venv\n" in setup  # the main job installs "." alone


def test_the_wheel_carries_templates_katex_and_the_catalogue(tmp_path):
    """Built from a clean copy, installed alone, the wheel runs every command outside the repo."""
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "symgen/web/templates/problem.html",
        "symgen/web/static/app.js",
        "symgen/web/static/katex/katex.min.js",
        "symgen/web/static/katex/fonts/KaTeX_Main-Regular.woff2",
        "symgen-0.1.0.data/data/share/symgen/derivations/problems/kl_two_directions.toml",
    ):
        assert name in names, name
    assert any(n.startswith("symgen/sheet/templates/") for n in names)
    assert_runtime_only(wheel)

    venv = fresh_venv(tmp_path, wheel)
    symgen, python = venv / "bin" / "symgen", venv / "bin" / "python"
    where = _run(python, "-c", "import symgen.web.app as a; print(a.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr

    shown = _run(symgen, "show", "kl_two_directions", cwd=tmp_path)
    assert shown.returncode == 0 and "KL divergence is not symmetric" in shown.stdout
    checked = _run(symgen, "check", "die_coin_conditional:heads_given_three", "1/2", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stdout.startswith("correct")
    sheet = _run(symgen, "sheet", "entropy_fair", "--lang", "en", "-o", "out", cwd=tmp_path)
    assert sheet.returncode == 0, sheet.stderr
    (tex,) = (tmp_path / "out").glob("*.tex")
    assert "\\documentclass" in tex.read_text(encoding="utf-8")

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([symgen, "serve", "--port", str(port)], cwd=tmp_path,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # up to a minute to start
            assert server.poll() is None, server.stderr.read()  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"{base}/problem/kl_two_directions", timeout=5) as r:
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert "KL divergence is not symmetric" in page
        with urllib.request.urlopen(f"{base}/static/katex/katex.min.js", timeout=5) as r:
            assert r.status == 200 and b"katex" in r.read(2000)
    finally:
        server.terminate()
        server.wait(timeout=10)
