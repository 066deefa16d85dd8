"""The embedded reference provider: a faithful, self-contained server for list-run-steps.

It is what the conformance suite runs against by default (no keys, no network), and it can misbehave on
demand (`faults`) so the suite's power to detect provider bugs can itself be tested. It is a product of its
own inside the repo: it imports nothing of the suite (only `conformance.contract`, the facts both share), and
the suite reaches it only through this module: `embedded()`, the keys, the fixtures' ids and the fault list.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from conformance.reference.auth import BEARER_KEY, FOUNDRY_TOKEN, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY
from conformance.reference.faults import CAUGHT_BY, CONFORMING, FAULTS, check_name, describe
from conformance.reference.fixtures import FOUNDRY_PROJECT, FOUNDRY_RUN, MAIN_RUN, RUN_SIZES, THREAD_ID

# The keys the embedded provider accepts are published (`serve --help`): not secrets, and reproductions keep them.
PUBLIC_KEYS = frozenset({BEARER_KEY, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY, FOUNDRY_TOKEN})


def foundry_base_url(base_url: str) -> str:
    """The Foundry surface (`.../api/projects/ref-conformance`) of a provider whose OpenAI surface is `base_url`
    (`.../v1`): the same runs, as Foundry's Agent Service serves them."""
    return base_url.removesuffix("/v1") + f"/api/projects/{FOUNDRY_PROJECT}"


__all__ = [
    "BEARER_KEY",
    "CAUGHT_BY",
    "CONFORMING",
    "FAULTS",
    "FOUNDRY_PROJECT",
    "FOUNDRY_RUN",
    "FOUNDRY_TOKEN",
    "MAIN_RUN",
    "PORTKEY_API_KEY",
    "PORTKEY_VIRTUAL_KEY",
    "PUBLIC_KEYS",
    "RUN_SIZES",
    "THREAD_ID",
    "Embedded",
    "check_name",
    "describe",
    "embedded",
    "foundry_base_url",
    "serve",
]


@dataclass(frozen=True)
class Embedded:
    """A running reference provider: where it listens, the ids of its main run, and the keys it accepts."""

    base_url: str
    port: int
    fault: str | None
    thread_id: str = THREAD_ID
    run_id: str = MAIN_RUN
    bearer_key: str = BEARER_KEY
    portkey_api_key: str = PORTKEY_API_KEY
    portkey_virtual_key: str = PORTKEY_VIRTUAL_KEY


@contextlib.contextmanager
def embedded(
    fault: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    flaky: tuple[int, int] | None = None,
    latency: float = 0.0,
) -> Iterator[Embedded]:
    """Start a reference provider on a background thread (port 0: any free port) for the block's duration;
    `latency` seconds are added to every answer."""
    from conformance.reference.server import ReferenceServer

    with ReferenceServer(fault=check_name(fault), host=host, port=port, flaky=flaky, latency=latency) as server:
        yield Embedded(server.base_url, server.port, server.fault)


def serve(
    host: str,
    port: int,
    fault: str | None,
    announce: Callable[[int], None] = lambda _: None,
    latency: float = 0.0,
    require_api_version: str | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C or SIGTERM (`conformance serve`); `announce` hears the real port.
    A port that cannot be bound raises OSError before anything is announced. `require_api_version`: every
    request must carry `api-version=THAT`, as on Azure OpenAI's classic surface."""
    from conformance.reference.server import serve as run_server

    run_server(host, port, check_name(fault), announce, latency, require_api_version)
