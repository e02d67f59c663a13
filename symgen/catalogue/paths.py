"""Where the catalogue data lives: the checkout's derivations/, or its installed copy.

A checkout (or editable install) reads ``<repo>/derivations``; a wheel installs the same
files under ``<prefix>/share/symgen/derivations`` (pyproject's data-files).
"""

from __future__ import annotations

import sys
from pathlib import Path


def derivations_dir() -> Path:
    """The ``derivations`` folder: next to the package in a checkout, else the installed copy."""
    checkout = Path(__file__).resolve().parents[2] / "derivations"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "symgen" / "derivations"
