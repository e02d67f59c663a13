"""The public API: every exported name is the object from its home module, never a module.

Regression for issue 12: ``sg.check_answer`` imported ``symgen.parse`` (then a module
with the same name as the exported function), and the import system bound the module over
``sg.parse``. Importing every module first reproduces the worst order.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import symgen


def _import_every_module() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(symgen.__path__, prefix="symgen."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def test_no_exported_name_is_a_module_after_importing_every_module():
    """After importing all of symgen, each name in __all__ is its home module's object."""
    imported = _import_every_module()
    assert "symgen.parsing.parser" in imported and "symgen.grading._cluster" in imported
    for name in symgen.__all__:
        value = getattr(symgen, name)
        assert not isinstance(value, types.ModuleType), f"symgen.{name} is a module"
        home = sys.modules[value.__module__]  # where it is defined
        assert home.__name__.startswith("symgen."), name
        assert getattr(home, name) is value, f"symgen.{name} is not {home.__name__}.{name}"


def test_check_answer_then_parse_in_a_fresh_interpreter():
    """The issue's exact sequence, in a process where nothing was imported before."""
    code = (
        "import symgen as sg\n"
        "assert sg.check_answer('x^2', 'x*x').correct\n"
        "print(sg.parse('x+1'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "x + 1"
