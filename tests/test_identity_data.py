"""Identities written as TOML: read by the safe parser, checked like catalogue files."""

from __future__ import annotations

import pytest

from symgen.catalogue import library
from symgen.catalogue.identity_data import load_identity_file
from symgen.catalogue.library import identities_dir, identity_names, prove
from symgen.errors import CatalogueError

GOOD = """\
title_en = "Law of total probability"
title_ko = "전체 확률의 법칙"
topic = "probability"
start = "P(x)"

[[steps]]
expr = "sum_{y} P(x, y)"
rule = "marginalisation"

[[steps]]
expr = "sum_{y} P(x | y) P(y)"
rule = "product_rule"
assumes = ["P(y) > 0"]
"""


def _write(tmp_path, text, name="some_identity"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_identity_is_read_and_holds(tmp_path):
    """The file's lines become notation, each step by its rule, and the chain is proved."""
    d = load_identity_file(_write(tmp_path, GOOD))
    assert d.name == "some_identity" and len(d.steps) == 2
    assert d.steps[1].assumes == ("P(y) > 0",)
    assert d.holds and all(d.rules_applied)


def test_the_library_holds_toml_identities():
    """Some library identities are data files, and they are listed and proved like the rest."""
    toml = sorted(p.stem for p in identities_dir().glob("*.toml"))
    assert "total_probability" in toml and "cross_entropy_decomposition" in toml
    assert set(toml) <= set(identity_names())
    assert all(prove(name).holds for name in toml)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('topic = "probability"\n', ""), "missing topic"),
        (lambda t: t + 'colour = "red"\n', "unknown key 'colour'"),
        (lambda t: t.replace("sum_{y} P(x, y)", "P(x, y"), r"steps\[1\].expr"),
        (lambda t: t.replace("sum_{y} P(x, y)", "__import__('os')"), r"steps\[1\].expr"),
        (lambda t: t.replace('rule = "marginalisation"', 'rule = "no_such_rule"'), "steps"),
        (lambda t: t.replace('assumes = ["P(y) > 0"]', "assumes = 3"), "assumes"),
        (lambda t: t.replace('start = "P(x)"', "start = 1"), "start"),
        (lambda t: t + "[[steps]\n", "cannot be read"),
    ],
)
def test_a_malformed_file_is_one_line_naming_the_key(tmp_path, change, message):
    """Missing or unknown keys, unreadable lines and bad types name the file and the key."""
    with pytest.raises(CatalogueError, match=message) as err:
        load_identity_file(_write(tmp_path, change(GOOD)))
    assert "some_identity.toml" in str(err.value) and "\n" not in str(err.value)


def test_a_toml_and_a_py_file_of_one_name_are_refused(tmp_path, monkeypatch):
    """Two files for one identity would make the library depend on load order."""
    _write(tmp_path, GOOD, name="twice")
    (tmp_path / "twice.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(library, "identities_dir", lambda: tmp_path)
    with pytest.raises(CatalogueError, match="keep one"):
        library.prove("twice")
