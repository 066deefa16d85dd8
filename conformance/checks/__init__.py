"""The semantic checks: named, pure functions from what was observed to passed / failed / skipped.

A check's name is its function's name, and the same name appears in report.json, junit.xml and the table.
"""

from __future__ import annotations

from collections.abc import Callable

from conformance.checks import consistency, errors, include, network, pagination
from conformance.observe import Observations
from conformance.results import CheckResult
from conformance.transport import Exchange

SemanticCheck = Callable[[Observations], CheckResult]
NetworkCheck = Callable[[list[Exchange]], CheckResult]

SEMANTIC: list[SemanticCheck] = [
    pagination.cursor_walk,
    pagination.order,
    pagination.has_more,
    pagination.first_last_ids,
    pagination.limit_bounds,
    include.include_content,
    consistency.step_identity,
    consistency.step_type_consistency,
    errors.error_shape,
    errors.auth_required,
    errors.not_found,
    errors.unknown_cursor,
]

NETWORK: list[NetworkCheck] = [
    network.network_reliability,
    network.response_size,
    network.rate_limit_handling,
    network.response_time,
]


def description(check: Callable[..., CheckResult]) -> str:
    """The first line of a check's docstring: what it asserts."""
    return (check.__doc__ or "").strip().splitlines()[0]
