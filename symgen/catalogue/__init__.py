"""derivations/ as data: worked problems (TOML) and the identity library."""

from __future__ import annotations

from symgen.catalogue.library import identities, prove
from symgen.catalogue.problems import find_ask, load_catalogue

__all__ = ["find_ask", "identities", "load_catalogue", "prove"]
