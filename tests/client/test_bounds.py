"""The client ends, always, whatever a provider sends: each case of issue 21 over a real loopback socket, sync
and async, ending within its bound with one typed error of the family (or stopping at its cap)."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from run_steps_client import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticatedClient,
    BadRequestError,
    DecodeError,
    GuardTransport,
    InternalServerError,
    PaginationError,
    RedirectError,
    ResponseTooLargeError,
    RetryPolicy,
    RunStepsError,
    aiter_run_steps,
    alist_run_steps,
    iter_run_steps,
    list_run_steps,
    presets,
)

from tests.client.hostile import RUN, THREAD, HostileServer, Wire, gzip_bomb, page

NO_RETRY = RetryPolicy(max_retries=0)
MODES = ["sync", "async"]


def preset(server: HostileServer, **options: Any) -> AuthenticatedClient:
    return presets.openai("sk-x", base_url=server.base_url, retry=options.pop("retry", NO_RETRY), **options)


def walk(mode: str, client: AuthenticatedClient, into: list[str] | None = None, **kwargs: Any) -> list[str]:
    """Every step id iter_run_steps (or aiter_run_steps) yields, the client used as a context manager."""
    seen = [] if into is None else into
    if mode == "sync":
        with client:
            seen.extend(s.id for s in iter_run_steps(client, THREAD, RUN, **kwargs))
        return seen

    async def run() -> None:
        async with client:
            async for s in aiter_run_steps(client, THREAD, RUN, **kwargs):
                seen.append(s.id)

    asyncio.run(run())
    return seen


def one_page(mode: str, client: AuthenticatedClient, **kwargs: Any) -> list[str]:
    if mode == "sync":
        with client:
            return [s.id for s in list_run_steps(client, THREAD, RUN, **kwargs).data]

    async def run() -> list[str]:
        async with client:
            return [s.id for s in (await alist_run_steps(client, THREAD, RUN, **kwargs)).data]

    return asyncio.run(run())


def timed(action: Callable[[], object]) -> tuple[RunStepsError, float]:
    """The RunStepsError `action()` raises and the seconds it took; fails the test on anything else."""
    started = time.monotonic()
    with pytest.raises(RunStepsError) as caught:
        action()
    return caught.value, time.monotonic() - started


# --- the deadline: connect to last body byte ---------------------------------------------------------------


def drip(query: dict[str, str], wire: Wire) -> None:
    """A body announced as 1000 bytes, sent one byte every 0.25 s: no single read ever waits long."""
    wire.head(200, {"Content-Type": "application/json", "Content-Length": "1000"})
    wire.forever(b" ", 0.25)


def endless_chunks(query: dict[str, str], wire: Wire) -> None:
    wire.head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    wire.forever(b"1\r\n \r\n", 0.01)


def late_byte_then_silence(query: dict[str, str], wire: Wire) -> None:
    """Headers at once, one byte at 0.7 s, then nothing: only a clock inside each read ends this in time."""
    wire.head(200, {"Content-Type": "application/json", "Content-Length": "10"})
    time.sleep(0.7)
    wire.send(b" ")
    wire.stopped.wait(30)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("handler", [drip, endless_chunks, late_byte_then_silence])
def test_the_preset_deadline_ends_a_body_that_never_ends(mode: str, handler: Any) -> None:
    with HostileServer(handler) as server:
        client = preset(server, timeout=5.0, deadline=1.0)  # httpx's per-read timeout alone would never fire
        error, took = timed(lambda: walk(mode, client))
    assert isinstance(error, ApiTimeoutError) and "deadline of 1 s" in str(error)
    assert 0.9 <= took < 2.0, took


@pytest.mark.parametrize("mode", MODES)
def test_the_deadline_defaults_to_the_preset_timeout_and_a_call_can_override_it(mode: str) -> None:
    with HostileServer(drip) as server:
        error, took = timed(lambda: walk(mode, preset(server, timeout=0.8)))
        assert isinstance(error, ApiTimeoutError) and 0.7 <= took < 1.8, took
        error, took = timed(lambda: one_page(mode, preset(server, timeout=30.0), deadline=0.5))
        assert isinstance(error, ApiTimeoutError) and "deadline of 0.5 s" in str(error) and 0.4 <= took < 1.5


@pytest.mark.parametrize("mode", MODES)
def test_retry_waits_never_run_past_the_deadline(mode: str) -> None:
    def unavailable(query: dict[str, str], wire: Wire) -> None:
        wire.answer(503, b'{"error": {"message": "later", "type": "server_error"}}', {"Retry-After": "5"})

    with HostileServer(unavailable) as server:
        patient = RetryPolicy(max_retries=5, max_backoff=10.0)
        error, took = timed(lambda: walk(mode, preset(server, deadline=1.0, retry=patient)))
        assert isinstance(error, InternalServerError) and error.status == 503
        assert took < 1.0 and len(server.requests) == 1  # a 5 s wait would pass the deadline: not waited


# --- walks that end -----------------------------------------------------------------------------------------


def loop_of(length: int) -> Any:
    """Pages whose cursors go round a loop: no cursor -> [s0, c0]; after c_i -> [c_{i+1 mod length}]."""

    def handler(query: dict[str, str], wire: Wire) -> None:
        after = query.get("after")
        if after is None:
            wire.json(page(["s0", "c0"], True))
        else:
            wire.json(page([f"c{(int(after[1:]) + 1) % length}"], True))

    return handler


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("length", [2, 3])
def test_a_loop_of_pages_of_any_length_is_a_pagination_error(mode: str, length: int) -> None:
    seen: list[str] = []
    with HostileServer(loop_of(length)) as server:
        error, took = timed(lambda: walk(mode, preset(server), into=seen))
    assert isinstance(error, PaginationError) and "'c0' again" in str(error)
    assert seen == ["s0"] + [f"c{i}" for i in range(length)]  # each step once, then the error
    assert len(server.requests) == length + 1 and took < 2


def endless_has_more(query: dict[str, str], wire: Wire) -> None:
    after = int(query.get("after", "s0")[1:])
    wire.json(page([f"s{after + 1}", f"s{after + 2}"], True))


@pytest.mark.parametrize("mode", MODES)
def test_max_pages_and_max_steps_stop_an_endless_has_more(mode: str) -> None:
    with HostileServer(endless_has_more) as server:
        assert walk(mode, preset(server), max_pages=5) == [f"s{i}" for i in range(1, 11)]
        assert len(server.requests) == 5
        assert walk(mode, preset(server), max_steps=7) == [f"s{i}" for i in range(1, 8)]
        assert len(server.requests) == 5 + 4  # the fourth page gives the seventh step; no fifth is asked for
        assert walk(mode, preset(server), max_steps=0) == [] and len(server.requests) == 9


# --- the decoded-size cap -----------------------------------------------------------------------------------


def bomb(query: dict[str, str], wire: Wire) -> None:
    wire.answer(200, gzip_bomb(), {"Content-Encoding": "gzip"})


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_bomb_is_stopped_at_the_cap_without_inflating_it(mode: str) -> None:
    gzip_bomb()  # built before the clock and the memory count start
    with HostileServer(bomb) as server:
        tracemalloc.start()
        try:
            baseline = tracemalloc.get_traced_memory()[0]
            error, took = timed(lambda: one_page(mode, preset(server)))
            peak = tracemalloc.get_traced_memory()[1] - baseline
        finally:
            tracemalloc.stop()
    assert isinstance(error, ResponseTooLargeError) and isinstance(error, DecodeError)
    assert error.limit == 8 * 1024 * 1024 and "8388608 bytes" in str(error)
    assert peak < 100 * 1024 * 1024, f"{peak / 2**20:.0f} MiB above the baseline"
    assert took < 5, took  # 1 GiB inflated whole takes far longer


@pytest.mark.parametrize("mode", MODES)
def test_the_cap_holds_for_plain_bodies_and_gzip_pages_decode(mode: str) -> None:
    body = json.dumps(page(["s1", "s2"], False)).encode()

    def handler(query: dict[str, str], wire: Wire) -> None:
        kind = query.get("after")
        if kind == "declared":  # a Content-Length over the cap: refused before reading
            wire.head(200, {"Content-Type": "application/json", "Content-Length": str(1 << 30)})
            wire.forever(b" " * 65536, 0.001)
        elif kind == "chunked":  # no length at all
            wire.head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
            wire.forever(b"10000\r\n" + b" " * 65536 + b"\r\n", 0.0)
        elif kind == "not-gzip":
            wire.answer(200, body, {"Content-Encoding": "gzip"})
        elif kind == "br":
            wire.answer(200, body, {"Content-Encoding": "br"})
        else:
            wire.answer(200, gzip.compress(body), {"Content-Encoding": "gzip"})

    with HostileServer(handler) as server:
        assert one_page(mode, preset(server, max_decoded_bytes=len(body))) == ["s1", "s2"]
        for kind in ("declared", "chunked"):
            error, took = timed(lambda: one_page(mode, preset(server, max_decoded_bytes=1 << 20), after=kind))  # noqa: B023
            assert isinstance(error, ResponseTooLargeError) and error.limit == 1 << 20 and took < 3
        error, _ = timed(lambda: one_page(mode, preset(server), after="not-gzip"))
        assert isinstance(error, DecodeError) and "is not gzip data" in str(error)
        error, _ = timed(lambda: one_page(mode, preset(server), after="br"))
        assert isinstance(error, DecodeError) and "Content-Encoding: br," in str(error)
        assert all(r == {} or "after" in r for r in server.requests)


# --- one family, always -------------------------------------------------------------------------------------


def misc(query: dict[str, str], wire: Wire) -> None:
    kind = query.get("after", "")
    if kind == "redirect":
        location = "https://alice:hunter2@elsewhere.example/v1/threads?api-key=SECRET1&page=2"
        wire.answer(302, b"", {"Location": location})
    elif kind == "loop":
        wire.answer(307, b"", {"Location": "/v1/threads/thread_x/runs/run_x/steps?after=loop"})
    elif kind == "teapot":
        wire.answer(418, b'{"error": {"message": "short and stout", "type": "teapot"}}')
    elif kind == "html-400":
        wire.answer(400, b"<html>bad request</html>", {"Content-Type": "text/html"})
    elif kind == "broken":
        wire.answer(500, b'{"error": {"message": "boom", "type": "server_error"}}')
    else:
        wire.json(page(["s1"], False))


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_names_its_status_and_masked_location(mode: str) -> None:
    with HostileServer(misc) as server:
        error, _ = timed(lambda: walk(mode, preset(server), after="redirect"))
    assert isinstance(error, RedirectError) and isinstance(error, ApiError) and error.status == 302
    assert error.location == "https://***@elsewhere.example/v1/threads?api-key=***&page=2"
    text = str(error)
    assert text.startswith("302 redirect: ") and "elsewhere.example" in text
    assert "hunter2" not in text and "alice" not in text and "SECRET1" not in text


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("follow", [False, True])
def test_every_error_is_of_the_family_whatever_the_generated_options(mode: str, follow: bool) -> None:
    """raise_on_unexpected_status=True makes the generated sync() raise errors.UnexpectedStatus; the front
    door still raises the family's error for the status, and a redirect loop (followed) is one too."""
    expected: dict[str, type[RunStepsError]] = {
        "teapot": ApiError, "html-400": BadRequestError, "broken": InternalServerError,
        "loop": ApiConnectionError if follow else RedirectError,  # followed: too many redirects
    }  # fmt: skip
    if not follow:  # (followed, it would leave loopback)
        expected["redirect"] = RedirectError
    with HostileServer(misc) as server:
        for after, kind in expected.items():
            client = AuthenticatedClient(
                base_url=server.base_url, token="sk-x", raise_on_unexpected_status=True, follow_redirects=follow,
                httpx_args={"transport": GuardTransport(deadline=5.0)},
            )  # fmt: skip
            error, _ = timed(lambda: one_page(mode, client, after=after))  # noqa: B023
            assert type(error) is kind, (after, error)
        teapot, _ = timed(lambda: one_page(mode, preset(server), after="teapot"))
        assert isinstance(teapot, ApiError) and (teapot.status, teapot.type) == (418, "teapot")
        assert one_page(mode, preset(server)) == ["s1"]
