"""Every check of the suite, declared once (see `registry`): schemathesis' checks on generated cases, the
semantic checks (pure functions of `Observations`), and the network checks (pure functions of every exchange).

Importing this package declares them all, in report order.
"""

from __future__ import annotations

from conformance.checks import (  # noqa: F401  # imported for their declarations
    consistency,
    error_answers,
    hostile_inputs,
    include,
    network,
    page_size,
    pagination,
    schemathesis_checks,
    spec_extensions,
    wire_form,
)
from conformance.checks.registry import REGISTRY, Check, Phase, checks

__all__ = ["REGISTRY", "Check", "Phase", "checks", "names"]


def names() -> list[str]:
    """Every check a run reports, in report order."""
    return [c.name for c in checks()]
