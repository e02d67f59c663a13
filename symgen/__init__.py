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
    "Distribution": "symgen.distribution",
    "die": "symgen.constructors",
    "coin": "symgen.constructors",
    "uniform": "symgen.constructors",
    "bernoulli": "symgen.constructors",
    "categorical": "symgen.constructors",
    "independent": "symgen.constructors",
    "sum_of": "symgen.constructors",
    "symbols": "symgen.parameters",
    "expectation": "symgen.moments",
    "variance": "symgen.moments",
    "covariance": "symgen.moments",
    "correlation": "symgen.moments",
    # information measures
    "self_information": "symgen.measures",
    "entropy": "symgen.measures",
    "joint_entropy": "symgen.measures",
    "conditional_entropy": "symgen.measures",
    "cross_entropy": "symgen.measures",
    "kl_divergence": "symgen.measures",
    "mutual_information": "symgen.measures",
    "js_divergence": "symgen.measures",
    "kl_support_violation": "symgen.measures",
    "to_numpy": "symgen.numeric",
    # derivations and claims
    "prove": "symgen.library",
    "identities": "symgen.library",
    "verify_claim": "symgen.claims",
    "check_steps": "symgen.claims",
    # the catalogue of worked problems
    "load_catalogue": "symgen.catalogue",
    "find_ask": "symgen.catalogue",
    # answers and implementations
    "parse": "symgen.parse",
    "parse_relation": "symgen.parse",
    "check_answer": "symgen.checker",
    "Verdict": "symgen.checker",
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
