"""Hypothesis writes hostile providers: a loop of pages (served again and again, whatever cursor is sent) with
ids from a tiny alphabet, `has_more` at random, and broken answers among them. Whatever it writes, a walk
ends: never more requests than `max_pages`, never more steps than `max_steps`, no error outside the family,
and without any cap it still ends, because a loop of cursors is a `PaginationError`.

25 examples per mode (sync, async), derandomized: a few seconds in all."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from run_steps_client import RetryPolicy, RunStepsError, aiter_run_steps, iter_run_steps, presets

from tests.client.hostile import RUN, THREAD, HostileServer, Wire, page

ALPHABET = [f"s{i}" for i in range(5)]
# With 5 ids, a walk can send at most 5 distinct cursors after its first request: 6 pages, then a loop.
MOST_PAGES_WITHOUT_CAPS = len(ALPHABET) + 1

Answer = tuple[str, list[str], bool]  # (kind, ids, has_more)
# A loop of pages that all say there is more: the walks that would run on forever without cycle detection.
more: st.SearchStrategy[Answer] = st.tuples(
    st.just("page"), st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4), st.just(True)
)
# Now and then one answer that ends the walk or breaks it, somewhere in the loop.
spoiler: st.SearchStrategy[Answer] = st.one_of(
    st.tuples(st.just("page"), st.lists(st.sampled_from(ALPHABET), max_size=2), st.booleans()),
    st.tuples(st.sampled_from(["not-json", "server-error", "wrong-type", "not-found"]), st.just([]), st.just(False)),
)


@st.composite
def scripts(draw: st.DrawFn) -> list[Answer]:
    loop = draw(st.lists(more, min_size=1, max_size=5))
    if draw(st.integers(0, 2)) == 0:
        loop.insert(draw(st.integers(0, len(loop))), draw(spoiler))
    return loop


caps = st.one_of(st.none(), st.integers(min_value=0, max_value=7))


class Script:
    """The server's answers: request n gets answer n modulo their number."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.served = 0

    def __call__(self, query: dict[str, str], wire: Wire) -> None:
        kind, ids, has_more = self.answers[self.served % len(self.answers)]
        self.served += 1
        if self.served > 50:  # a failsafe, so a client that would walk forever fails the test instead of hanging
            kind = "server-error"
        if kind == "page":
            wire.json(page(ids, has_more))
        elif kind == "not-json":
            wire.answer(200, b"<html>", {"Content-Type": "text/html"})
        elif kind == "server-error":
            wire.answer(500, b'{"error": {"message": "x", "type": "server_error"}}')
        elif kind == "wrong-type":
            wire.json({"object": "list", "data": 5, "first_id": None, "last_id": None, "has_more": True})
        else:
            wire.answer(404, b"not here")


def walk(mode: str, base_url: str, seen: list[str], **caps: Any) -> None:
    """Walk the run, appending each step id to `seen` as it comes (so an error keeps what came before)."""
    client = presets.openai("sk-x", base_url=base_url, deadline=5.0, retry=RetryPolicy(max_retries=0))
    if mode == "sync":
        with client:
            seen.extend(s.id for s in iter_run_steps(client, THREAD, RUN, **caps))
        return

    async def run() -> None:
        async with client:
            async for s in aiter_run_steps(client, THREAD, RUN, **caps):
                seen.append(s.id)

    asyncio.run(run())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_hostile_pages_never_make_a_walk_run_past_its_caps(mode: str) -> None:
    script = Script()
    with HostileServer(script) as server:
        run_examples(mode, script, server)


def run_examples(mode: str, script: Script, server: HostileServer) -> None:
    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(answers=scripts(), max_pages=caps, max_steps=caps)
    def check(answers: list[Answer], max_pages: int | None, max_steps: int | None) -> None:
        script.answers, script.served = answers, 0
        server.requests.clear()
        started = time.monotonic()
        seen: list[str] = []
        with contextlib.suppress(RunStepsError):  # any error of the family is an acceptable end, no other
            walk(mode, server.base_url, seen, max_pages=max_pages, max_steps=max_steps)
        pages = len(server.requests)
        assert pages <= MOST_PAGES_WITHOUT_CAPS, (pages, answers)
        if max_pages is not None:
            assert pages <= max_pages
        if max_steps is not None:
            assert len(seen) <= max_steps
            assert max_steps > 0 or pages == 0
        assert time.monotonic() - started < 5

    check()
