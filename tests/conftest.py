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
