"""Shared fixtures: reference providers on free loopback ports, one per fault, started once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import httpx
import pytest

from conformance.reference.server import ReferenceServer
from tests.support import HEADERS, Cli, run_in_process


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


@pytest.fixture
def conformance(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """`conformance ARGS` in this process, as run_cli runs it in a new one (`tests.support.run_in_process`:
    ~2.6 s less a run). A file that needs a real process calls run_cli, and says why."""
    return partial(run_in_process, capfd, monkeypatch)
