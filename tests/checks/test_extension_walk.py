"""The extension walk (`conformance.extensions.find`, each place of the schema read once) finds exactly what its
first, plain version finds (tests/checks/extension_oracle.py), in the same order: on a Foundry page, which holds
extensions of every kind, and on any change to it. The reference faults' answers: test_schema_violations."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import extensions
from tests.checks import extension_oracle as oracle
from tests.checks.test_schema_violations import JSON, _changed, _paths
from tests.foundry.test_extensions import page

FOUNDRY_PAGE = page()


def test_a_foundry_page_has_the_same_extensions_both_ways() -> None:
    found = extensions.find(FOUNDRY_PAGE)
    assert found and {f.kind for f in found} >= {"variant"}
    assert found == oracle.find(FOUNDRY_PAGE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_paths(FOUNDRY_PAGE)), value=JSON, drop=st.booleans(), status=st.sampled_from([200, 400]))
def test_any_change_to_a_foundry_page_has_the_same_extensions_both_ways(
    path: tuple[Any, ...], value: Any, drop: bool, status: int
) -> None:
    body = _changed(FOUNDRY_PAGE, path, value, drop)
    assert extensions.find(body, status) == oracle.find(body, status)
