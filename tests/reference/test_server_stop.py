"""The embedded provider stops promptly (a matrix stops one per target) without cutting short an answer it is
still sending: a request in flight when `stop` is called is answered in full."""

from __future__ import annotations

import threading
import time

import httpx

from conformance.reference import BEARER_KEY, MAIN_RUN, THREAD_ID
from conformance.reference.server import ReferenceServer


def test_an_answer_in_flight_at_stop_is_sent_in_full() -> None:
    arrivals: list[float] = []
    server = ReferenceServer(latency=0.3, arrivals=arrivals).start()
    answers: list[httpx.Response] = []
    url = f"{server.base_url}/threads/{THREAD_ID}/runs/{MAIN_RUN}/steps?limit=100"
    headers = {"Authorization": f"Bearer {BEARER_KEY}", "OpenAI-Beta": "assistants=v2"}
    asking = threading.Thread(target=lambda: answers.append(httpx.get(url, headers=headers, timeout=10)))
    asking.start()
    deadline = time.monotonic() + 10
    while not arrivals and time.monotonic() < deadline:
        time.sleep(0.005)
    assert arrivals, "the request never reached the provider"  # it is in; its answer 0.3 s away
    server.stop()
    asking.join(timeout=10)
    assert answers and answers[0].status_code == 200 and len(answers[0].json()["data"]) == 100
    assert not server._thread.is_alive()
    try:
        httpx.get(url, headers=headers, timeout=2)
    except httpx.ConnectError:
        pass  # stopped: nothing listens any more
    else:
        raise AssertionError("the provider still answers after stop")


def test_stopping_a_provider_whose_loop_has_already_closed_is_quiet() -> None:
    """Regression (a fault sweep's matrix ended in exit 4, "Event loop is closed"): `stop` sets should_exit,
    then wakes the loop; on a loaded machine the loop can see the flag at its own tick, shut down and close in
    between. Here the loop is made to close first, then `stop` runs as it would have."""
    server = ReferenceServer().start()
    server._server.should_exit = True  # what stop_soon's first line does
    server._thread.join(timeout=5)
    assert not server._thread.is_alive()  # the loop saw it at a tick and closed
    server.stop()  # the wake-up that came too late
