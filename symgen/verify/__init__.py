"""Does one link hold? Symbolic normal form, numeric evidence on random models, verdicts."""

from __future__ import annotations

from symgen.verify.link import check_chain, check_link
from symgen.verify.verdict import Counterexample, LinkVerdict, Status

__all__ = ["Counterexample", "LinkVerdict", "Status", "check_chain", "check_link"]
