"""The identity library: derivations/identities/, one verified derivation per identity.

An identity is a ``.toml`` file (pure notation, read by :mod:`symgen.catalogue.identity_data`)
or, where the proof computes, a ``.py`` data file that builds one ``DERIVATION`` (a
``symgen.proof.derivation.Derivation``) whose ``name`` is the file's stem. Files are loaded
by path, once, and their verdicts are cached on the Derivation object, so proving the same
identity twice costs nothing.

>>> "cross_entropy_decomposition" in {i.id for i in identities()}
True
"""

from __future__ import annotations

import difflib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from symgen.catalogue.identity_data import load_identity_file
from symgen.catalogue.paths import derivations_dir
from symgen.errors import CatalogueError, UnknownIdentity
from symgen.proof.derivation import Derivation

TOPICS = ("probability", "expectation", "information", "estimation", "generative")


@dataclass(frozen=True)
class IdentityInfo:
    """One line of the library listing."""

    id: str
    topic: str
    title_en: str
    title_ko: str

    def title(self, lang: str = "en") -> str:
        """The title in ``lang``."""
        return self.title_ko if lang == "ko" else self.title_en


def identities_dir() -> Path:
    """The folder holding one data file (``.toml`` or ``.py``) per identity."""
    return derivations_dir() / "identities"


def identity_names() -> list[str]:
    """Sorted ids of every identity file (no file is executed)."""
    files = [*identities_dir().glob("*.py"), *identities_dir().glob("*.toml")]
    return sorted({p.stem for p in files if not p.stem.startswith("_")})


@cache
def _load(name: str) -> Derivation:
    data = identities_dir() / f"{name}.toml"
    path = identities_dir() / f"{name}.py"
    if data.is_file():
        if path.is_file():
            raise CatalogueError(f"{name}: both {data.name} and {path.name} exist; keep one")
        return load_identity_file(data)
    spec = importlib.util.spec_from_file_location(f"symgen_identity_{name}", path)
    if spec is None or spec.loader is None:
        raise CatalogueError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    derivation = getattr(module, "DERIVATION", None)
    if not isinstance(derivation, Derivation):
        raise CatalogueError(f"{path}: DERIVATION must be a symgen.proof.derivation.Derivation")
    if derivation.name != name:
        raise CatalogueError(f"{path}: DERIVATION.name is {derivation.name!r}, expected {name!r}")
    return derivation


def prove(name: str) -> Derivation:
    """The library derivation ``name``; ``.holds`` and ``.verdicts`` check it (cached).

    Raises UnknownIdentity, naming close matches, for a name not in the library.
    """
    names = identity_names()
    if name not in names:
        close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `symgen list`"
        raise UnknownIdentity(f"no identity named {name!r}{hint}")
    return _load(name)


def identities() -> list[IdentityInfo]:
    """Every identity in the library, in the notes' topic order (TOPICS), then by id."""
    infos = [
        IdentityInfo(d.name, d.topic, d.title_en, d.title_ko)
        for d in (_load(n) for n in identity_names())
    ]
    order = {t: i for i, t in enumerate(TOPICS)}
    return sorted(infos, key=lambda i: (order.get(i.topic, len(TOPICS)), i.topic, i.id))
