"""Named provider bugs the reference provider can be told to have (`serve --fault NAME`).

Each is a deviation seen in real OpenAI-compatible servers and gateways. The conformance suite's own tests
start one server per fault and expect the suite to name it; a provider without a fault is conformant.
Faults that touch "pages after the first" act only on requests that carry a cursor, so a suite still gets
its first answer and has to notice the bug while paging.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

FAULTS: dict[str, str] = {
    "has-more-stuck": "has_more stays true on the last page, so clients page forever or ask past the end",
    "has-more-early": "has_more is false on a page that is not the last one, so clients stop early",
    "cursor-inclusive": "after/before include the cursor step itself, so pages overlap by one",
    "order-ignored": "order is ignored: steps always come newest first",
    "limit-ignored": "limit is ignored: every page holds up to 20 steps",
    "limit-unbounded": "a limit above 100 is accepted (and honoured) instead of answering 400",
    "ids-swapped": "first_id and last_id are swapped",
    "field-missing": "assistant_id is left out of every step",
    "wrong-type": "created_at is sent as a string of digits",
    "enum-outside": "completed steps carry status 'done', outside the spec's enum",
    "wrong-object": "every step's object is 'thread.run_step' instead of 'thread.run.step'",
    "ids-duplicated": "pages after the first end with the run's first step again instead of their own last",
    "foreign-step": "the last step of every full page belongs to another run",
    "include-ignored": "include[] is ignored: file-search results never carry content",
    "type-mismatch": "a tool_calls step says type 'message_creation' at the top level",
    "unsorted": "the first two steps of every page are swapped, breaking created_at order",
    "server-error": "pages after the first answer 500 with a server_error body",
    "rate-limited": "every request answers 429 rate_limit_exceeded with Retry-After: 1",
    "hang": "requests for pages after the first are never answered",
    "reset": "requests for pages after the first get the TCP connection reset, no response",
    "non-json": "200 responses carry an HTML page instead of JSON",
    "huge-body": "200 responses carry a 12 MB JSON body (a padding field)",
    "wrong-content-type": "200 responses say Content-Type: text/html although the body is JSON",
    "auth-not-enforced": "requests without a key or with a wrong key are served anyway",
    "error-shape": "errors come as {'detail': ...} instead of OpenAI's {'error': {...}}",
    "not-found-empty": "an unknown thread or run answers 200 with an empty list instead of 404",
}

HUGE_BODY_BYTES = 12 * 1024 * 1024


def check_name(name: str | None) -> str | None:
    """The fault name, validated; None for a clean provider."""
    if name is None or name == "none":
        return None
    if name not in FAULTS:
        raise ValueError(f"unknown fault {name!r}; known faults: {', '.join(sorted(FAULTS))}")
    return name


def describe() -> str:
    width = max(map(len, FAULTS))
    return "\n".join(f"  {name.ljust(width)}  {summary}" for name, summary in FAULTS.items())


def mangle_steps(
    fault: str | None,
    steps: list[dict[str, Any]],
    *,
    has_cursor: bool,
    first_of_run: dict[str, Any] | None,
    foreign: dict[str, Any] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Apply the faults that change the steps of one page (the page's dicts are copied, never shared)."""
    if fault is None or not steps:
        return steps
    steps = [dict(s) for s in steps]
    if fault == "field-missing":
        for step in steps:
            del step["assistant_id"]
    elif fault == "wrong-type":
        for step in steps:
            step["created_at"] = str(step["created_at"])
    elif fault == "enum-outside":
        for step in steps:
            if step["status"] == "completed":
                step["status"] = "done"
    elif fault == "wrong-object":
        for step in steps:
            step["object"] = "thread.run_step"
    elif fault == "type-mismatch":
        for step in steps:
            if step["type"] == "tool_calls":
                step["type"] = "message_creation"
    elif fault == "unsorted" and len(steps) > 1:
        steps[0], steps[1] = steps[1], steps[0]
    elif fault == "ids-duplicated" and has_cursor and first_of_run is not None:
        steps[-1] = dict(first_of_run)
    elif fault == "foreign-step" and foreign is not None and len(steps) == limit:
        steps[-1] = dict(foreign)
    return steps


def mangle_body(fault: str | None, body: dict[str, Any], *, has_cursor: bool) -> dict[str, Any]:
    """Apply the faults that change the page envelope."""
    if fault == "ids-swapped":
        body["first_id"], body["last_id"] = body["last_id"], body["first_id"]
    elif fault == "has-more-stuck" and body["data"]:
        body["has_more"] = True
    elif fault == "has-more-early" and not has_cursor and body["has_more"]:
        body["has_more"] = False
    elif fault == "huge-body":
        body["padding"] = " " * HUGE_BODY_BYTES
    return body


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _has_cursor(scope: Scope) -> bool:
    query = scope.get("query_string", b"").decode("latin-1")
    return any(part.startswith(("after=", "before=")) for part in query.split("&"))


def _reset_connection(send: Send) -> bool:
    """Abort the client's TCP connection with an RST. uvicorn's `send` is a bound method of the object
    that owns the transport; that is the only handle ASGI gives on the socket. Returns False if not found."""
    while hasattr(send, "__wrapped__"):  # middlewares that wrap `send` point back at it, functools-style
        send = send.__wrapped__
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        return False
    if transport.is_closing():
        return True  # the client already gave up
    sock = transport.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass  # the peer is gone already; a plain abort is all that is left to do
    transport.abort()
    return True


class TransportFaults:
    """ASGI middleware for the faults that live below HTTP semantics: hang and reset."""

    def __init__(self, app: ASGIApp, fault: str | None) -> None:
        self.app = app
        self.fault = fault
        self.released = False  # set when the server stops: hanging requests then end with a reset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_cursor(scope):
            if self.fault == "hang":
                while not self.released:
                    await asyncio.sleep(0.05)
                _reset_connection(send)
                return
            if self.fault == "reset" and _reset_connection(send):
                return
        await self.app(scope, receive, send)
