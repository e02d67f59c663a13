"""Finding derivations/: the checkout's folder, or the copy a wheel installs under share/."""

from __future__ import annotations

import sys

import symgen
from symgen.catalogue import paths
from symgen.catalogue.paths import derivations_dir


def test_checkout_folder_is_used_when_present():
    """In a checkout the repository's derivations/ is the catalogue."""
    found = derivations_dir()
    assert (found / "identities").is_dir() and (found / "problems").is_dir()
    assert found.parent == __import__("pathlib").Path(symgen.__file__).resolve().parent.parent


def test_installed_copy_is_used_without_a_checkout(tmp_path, monkeypatch):
    """Without a checkout, <prefix>/share/symgen/derivations (a wheel's data-files) is used."""
    package = tmp_path / "site" / "symgen" / "catalogue"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert derivations_dir() == tmp_path / "prefix" / "share" / "symgen" / "derivations"
