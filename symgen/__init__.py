"""symgen: derive, verify, write up and check the probability behind generative models.

The public API is re-exported lazily (PEP 562), so ``import symgen`` and ``symgen --help``
stay light; SymPy loads on first use of a name that needs it.

>>> import symgen as sg
>>> sg.die("x").prob({"x": 3})
1/6
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # exact probability core
    "Distribution": "symgen.core",
    "die": "symgen.core",
    "coin": "symgen.core",
    "uniform": "symgen.core",
    "bernoulli": "symgen.core",
    "categorical": "symgen.core",
    "independent": "symgen.core",
    "sum_of": "symgen.core",
    "symbols": "symgen.core",
    "expectation": "symgen.core",
    "variance": "symgen.core",
    "covariance": "symgen.core",
    "correlation": "symgen.core",
    # information measures
    "self_information": "symgen.core",
    "entropy": "symgen.core",
    "joint_entropy": "symgen.core",
    "conditional_entropy": "symgen.core",
    "cross_entropy": "symgen.core",
    "kl_divergence": "symgen.core",
    "mutual_information": "symgen.core",
    "js_divergence": "symgen.core",
    "kl_support_violation": "symgen.core",
    "to_numpy": "symgen.core",
    # derivations and claims
    "prove": "symgen.catalogue",
    "identities": "symgen.catalogue",
    "verify_claim": "symgen.proof",
    "check_steps": "symgen.proof",
    # the catalogue of worked problems
    "load_catalogue": "symgen.catalogue",
    "find_ask": "symgen.catalogue",
    # answers and implementations
    "parse": "symgen.parsing",
    "parse_relation": "symgen.parsing",
    "parse_claim": "symgen.parsing",
    "check_answer": "symgen.answers",
    "Verdict": "symgen.answers",
    "check_implementation": "symgen.oracle",
    "assert_matches": "symgen.testing",
    # errors
    "SymgenError": "symgen.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'symgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
