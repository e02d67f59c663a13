"""Is someone's numeric function right? It is compared with the exact formula."""

from __future__ import annotations

from symgen.oracle.check import check_implementation

__all__ = ["check_implementation"]
