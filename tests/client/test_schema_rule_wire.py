"""A provider whose timestamps are whole floats (`1730000000.0`, the reference provider's `float-timestamps`
fault, as a Python server that stores time.time() writes them), over a real socket: the client lists every
step, sync and async, with the same ids and the same timestamps, as ints, that a clean provider gives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from run_steps_client import DecodeError, presets
from run_steps_client.models import RunStep
from run_steps_client.pagination import aiter_run_steps, iter_run_steps

from conformance.reference.auth import BEARER_KEY
from conformance.reference.fixtures import MAIN_RUN, THREAD_ID
from conformance.reference.server import ReferenceServer
from tests.support import HEADERS

STAMPS = ("created_at", "expired_at", "cancelled_at", "failed_at", "completed_at")


@pytest.fixture(scope="module")
def floats(servers: Callable[[str | None], ReferenceServer]) -> ReferenceServer:
    return servers("float-timestamps")


def stamps(steps: list[RunStep]) -> list[tuple[object, ...]]:
    return [(s.id, *(getattr(s, name) for name in STAMPS)) for s in steps]


def test_the_provider_really_writes_whole_floats(floats: ReferenceServer) -> None:
    response = httpx.get(f"{floats.base_url}/threads/{THREAD_ID}/runs/{MAIN_RUN}/steps", headers=HEADERS)
    first = response.json()["data"][0]["created_at"]
    assert type(first) is float and f'"created_at":{first!r}' in response.text


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sync_lists_every_step_with_int_timestamps(
    floats: ReferenceServer, reference: ReferenceServer, order: str
) -> None:
    with presets.openai(BEARER_KEY, base_url=reference.base_url) as clean:
        want = stamps(list(iter_run_steps(clean, THREAD_ID, MAIN_RUN, limit=100, order=order)))  # type: ignore[arg-type]
    with presets.openai(BEARER_KEY, base_url=floats.base_url) as client:
        got = list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=100, order=order))  # type: ignore[arg-type]
    assert len(got) == 250 and stamps(got) == want
    assert all(type(s.created_at) is int for s in got)
    assert {type(getattr(s, name)) for s in got for name in STAMPS} <= {int, type(None)}


def test_async_lists_every_step_with_int_timestamps(floats: ReferenceServer, reference: ReferenceServer) -> None:
    async def walk(base_url: str) -> list[RunStep]:
        async with presets.openai(BEARER_KEY, base_url=base_url) as client:
            return [s async for s in aiter_run_steps(client, THREAD_ID, MAIN_RUN, limit=100)]

    got = asyncio.run(walk(floats.base_url))
    assert len(got) == 250 and stamps(got) == stamps(asyncio.run(walk(reference.base_url)))
    assert all(type(s.created_at) is int for s in got)


def test_a_fractional_timestamp_is_still_refused_naming_it() -> None:
    from run_steps_client.steps import page_of

    body = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
    assert page_of(httpx.Response(200, content=body)).data == []
    with pytest.raises(DecodeError) as raised:
        page_of(httpx.Response(200, content=body.replace(b"[]", b"[" + STEP + b"]")))
    assert raised.value.path == "data[0].created_at"
    assert str(raised.value) == "data[0].created_at: expected an integer, got 1730000000.5"


STEP = (
    b'{"id":"step_1","object":"thread.run.step","created_at":1730000000.5,"assistant_id":"a","thread_id":"t",'
    b'"run_id":"r","type":"message_creation","status":"in_progress","step_details":{"type":"message_creation",'
    b'"message_creation":{"message_id":"m"}},"last_error":null,"expired_at":null,"cancelled_at":null,'
    b'"failed_at":null,"completed_at":null,"metadata":null,"usage":null}'
)
