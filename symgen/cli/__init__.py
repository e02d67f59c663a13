"""The `symgen` command: one module per subcommand (kept free of SymPy until a command runs)."""

from __future__ import annotations

__all__: list[str] = []
