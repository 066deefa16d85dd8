"""Shared fixtures: reference providers on free loopback ports, one per fault, started once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from conformance.reference.server import ReferenceServer
from tests.support import HEADERS


@pytest.fixture(scope="session")
def servers() -> Iterator[Callable[[str | None], ReferenceServer]]:
    """A factory: `servers(fault)` gives the running provider with that fault (None: clean)."""
    running: dict[str | None, ReferenceServer] = {}

    def get(fault: str | None) -> ReferenceServer:
        if fault not in running:
            running[fault] = ReferenceServer(fault=fault).start()
        return running[fault]

    yield get
    for server in running.values():
        server.stop()


@pytest.fixture(scope="session")
def reference(servers: Callable[[str | None], ReferenceServer]) -> ReferenceServer:
    return servers(None)


@pytest.fixture
def http(reference: ReferenceServer) -> Iterator[httpx.Client]:
    """An httpx client on the clean provider, authenticated and with the beta header."""
    with httpx.Client(base_url=reference.base_url, headers=HEADERS, timeout=10) as client:
        yield client


# The slowest files (`--durations`, summed per file), started first: `scripts/test` gives each worker a file at a
# time (`--dist loadfile`), and one of these started last kept a worker busy for minutes after the other was done.
SLOWEST_FIRST = (
    "tests/cli/test_faults_by_run_size.py",
    "tests/readme/test_readme_examples.py",
    "tests/cli/test_evidence_sweep_1.py",
    "tests/nightly/test_nightly.py",
    "tests/packaging/test_distributions.py",
    "tests/cli/test_evidence_sweep_2.py",
    "tests/client/test_vendor.py",
    "tests/cli/test_command_line.py",
    "tests/gateway/test_portkey_gateway.py",
    "tests/cli/test_chaos.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: every other file keeps its place, and its tests their order
