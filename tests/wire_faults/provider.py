"""A provider that misbehaves at the byte level, on a raw asyncio socket on 127.0.0.1.

It serves a correct run by asking a reference provider (`upstream`) for the answer to each request, then
writes that answer on the wire as the request's `Fault` says: as it is, or stalled, dripped, cut, reset,
mis-framed, recompressed, replaced by a 5xx or a 429 with some form of Retry-After, a redirect loop, an
informational answer first, odd but legal headers, another request's body, ... Which fault meets which request
is a `plan` (request index, 0-based in arrival order -> fault name), drawn by Hypothesis in the generated tests
and fixed in the named regression tests.

Every answer closes its connection, so a request is a connection. `CATALOGUE` says, per fault, whether it
harms the suite's verdict (a conformant provider would not do it) and whether it harms the client (the client
cannot give the page it asked for); a fault whose harm depends on the request (another request's body) says
so at run time, in `Served.harmful`.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

Plan = Callable[[int], str]  # request index -> fault name


@dataclass
class Answer:
    """What the reference provider answered, and the request it answered."""

    target: str
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Served:
    """One request as the provider met it: its fault, and whether the fault changed what a correct provider
    would have sent (for faults whose harm depends on the request)."""

    index: int
    target: str
    fault: str
    harmful: bool


class Wire:
    """The connection a fault writes on, with the pacing the fault tests use."""

    def __init__(self, writer: asyncio.StreamWriter, timeout: float) -> None:
        self.writer = writer
        self.timeout = timeout  # the client's per-request bound: stalls and drips outlast it

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def drip(self, data: bytes, every: float) -> None:
        """`data` one byte at a time, `every` seconds apart, until done or the client leaves."""
        for index in range(len(data)):
            if self.writer.is_closing():
                return
            await self.send(data[index : index + 1])
            await asyncio.sleep(every)

    async def stall(self) -> None:
        """Say nothing for three times the client's bound (it must have given up by then)."""
        await asyncio.sleep(3 * self.timeout)

    def reset(self) -> None:
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


def head(status: int, headers: list[tuple[str, str]] | dict[str, str], reason: str = "X") -> bytes:
    items = list(headers.items()) if isinstance(headers, dict) else headers
    lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", *(f"{k}: {v}" for k, v in items)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def framed(
    answer: Answer, body: bytes | None = None, extra: dict[str, str] | None = None, status: int = 0, length: int = -1
) -> bytes:
    """The answer with a Content-Length of `length`, by default one that matches `body` (default: the
    answer's own)."""
    payload = answer.body if body is None else body
    replaced = {name.lower() for name in extra or {}}
    kept = {k: v for k, v in answer.headers.items() if k.lower() not in replaced}
    headers = {**kept, **(extra or {}), "Content-Length": str(len(payload) if length < 0 else length)}
    return head(status or answer.status, headers) + payload


def openai_error(message: str, kind: str = "server_error") -> bytes:
    return json.dumps({"error": {"message": message, "type": kind, "param": None, "code": None}}).encode()


DEEP = b"[" * 100_000 + b"]" * 100_000
HUGE_PAGE = (
    b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false,"pad":"'
    + b" " * (9 * 1024 * 1024)
    + b'"}'
)
OBS_TEXT = "caf\xe9 \xff\x80"  # bytes >= 0x80 in a field value: obs-text, legal (RFC 9110 section 5.5)
HTTP_DATE = "Wed, 21 Oct 2015 07:28:00 -0000"

Action = Callable[[Answer, Wire, "FaultProvider"], Awaitable[bool | None]]


async def as_is(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a))


async def close_at_once(a: Answer, w: Wire, p: FaultProvider) -> None:
    return None  # the connection closes without a byte


async def reset(a: Answer, w: Wire, p: FaultProvider) -> None:
    w.reset()


async def stall_before_status(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.stall()


async def drip_status_line(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.drip(framed(a), w.timeout / 3)


async def drip_headers(a: Answer, w: Wire, p: FaultProvider) -> None:
    raw = framed(a)
    await w.send(raw[: raw.index(b"\r\n") + 2])
    await w.drip(raw[raw.index(b"\r\n") + 2 :], w.timeout / 3)


async def drip_body(a: Answer, w: Wire, p: FaultProvider) -> None:
    raw = framed(a)
    split = raw.index(b"\r\n\r\n") + 4
    await w.send(raw[:split])
    await w.drip(raw[split:], w.timeout / 3)


async def stall_in_body(a: Answer, w: Wire, p: FaultProvider) -> None:
    raw = framed(a)
    await w.send(raw[: len(raw) - len(a.body) // 2 - 1])
    await w.stall()


async def length_too_long(a: Answer, w: Wire, p: FaultProvider) -> None:
    """Announces 50 bytes more than it sends, then closes."""
    await w.send(framed(a, length=len(a.body) + 50))


async def length_too_short(a: Answer, w: Wire, p: FaultProvider) -> None:
    """Announces half the body: a client reads a cut JSON text."""
    await w.send(framed(a, length=len(a.body) // 2))


async def close_delimited(a: Answer, w: Wire, p: FaultProvider) -> None:
    """No Content-Length, no chunking: the body ends when the connection does (legal in HTTP/1.1)."""
    await w.send(head(a.status, a.headers) + a.body)


async def chunked(a: Answer, w: Wire, p: FaultProvider) -> None:
    pieces = [a.body[i : i + 7] for i in range(0, len(a.body), 7)]
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in pieces if c)
    await w.send(head(a.status, {**a.headers, "Transfer-Encoding": "chunked"}) + chunks + b"0\r\n\r\n")


async def bad_chunk_size(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(head(a.status, {**a.headers, "Transfer-Encoding": "chunked"}) + b"zz\r\n" + a.body + b"\r\n0\r\n\r\n")


async def chunked_cut(a: Answer, w: Wire, p: FaultProvider) -> None:
    body = a.body[: len(a.body) // 2]
    await w.send(head(a.status, {**a.headers, "Transfer-Encoding": "chunked"}) + b"%x\r\n%s\r\n" % (len(body), body))


async def not_json(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, b'{"object": "list", "data": [tru'))


async def empty_body(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, b""))


async def huge_body(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, gzip.compress(HUGE_PAGE, 1), {"Content-Encoding": "gzip"}))


async def deep_json(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, DEEP))


async def deep_json_400(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, DEEP, {"Content-Type": "application/json"}, 400))


async def binary_body(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, bytes(range(256)) * 4))


async def wrong_shape(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, b'{"object": "list", "data": {"id": 1}, "has_more": "maybe"}', status=200))


async def server_error(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, openai_error("upstream unavailable"), {"Content-Type": "application/json"}, 503))


def rate_limited(retry_after: str | None) -> Action:
    async def action(a: Answer, w: Wire, p: FaultProvider) -> None:
        extra = {
            "Content-Type": "application/json",
            **({"Retry-After": retry_after} if retry_after is not None else {}),
        }
        await w.send(framed(a, openai_error("Rate limit reached", "requests"), extra, 429))

    return action


async def not_found_with_date(a: Answer, w: Wire, p: FaultProvider) -> None:
    extra = {"Content-Type": "application/json", "Retry-After": HTTP_DATE}
    await w.send(framed(a, openai_error("No run found", "invalid_request_error"), extra, 404))


async def redirect_loop(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, b"", {"Location": a.target}, 307))


async def informational_first(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + framed(a))


async def odd_headers(a: Answer, w: Wire, p: FaultProvider) -> None:
    """Legal, if unusual: obs-text in a value, a repeated field, odd case, a long value, an empty value."""
    payload = a.body
    headers = [(k, v) for k, v in a.headers.items()] + [
        ("X-Obs-Text", OBS_TEXT), ("x-repeated", "a"), ("X-REPEATED", "b"), ("X-Long", "v" * 6000), ("X-Empty", ""),
        ("Content-Length", str(len(payload))),
    ]  # fmt: skip
    await w.send(head(a.status, headers) + payload)


async def gzip_once(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, gzip.compress(a.body), {"Content-Encoding": "gzip"}))


async def gzip_twice(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, gzip.compress(gzip.compress(a.body)), {"Content-Encoding": "gzip, gzip"}))


async def gzip_mislabelled(a: Answer, w: Wire, p: FaultProvider) -> None:
    await w.send(framed(a, extra={"Content-Encoding": "gzip"}))


async def slow_but_in_time(a: Answer, w: Wire, p: FaultProvider) -> None:
    await asyncio.sleep(w.timeout / 5)
    await w.send(framed(a))


async def another_body(a: Answer, w: Wire, p: FaultProvider) -> bool:
    """The body of the previous request with another target (harmful only if it differs from this one's)."""
    other = next((b for b in reversed(p.answered) if b.target != a.target), None)
    body = other.body if other is not None else a.body
    await w.send(framed(a, body))
    return body != a.body


@dataclass(frozen=True)
class Fault:
    action: Action
    harms_suite: bool  # a conformant provider never does it: the suite must not say conformant
    harms_client: bool  # the client cannot return the page (unless a retry gets a clean answer)


CATALOGUE: dict[str, Fault] = {
    "as_is": Fault(as_is, False, False),
    "close_at_once": Fault(close_at_once, True, True),
    "reset": Fault(reset, True, True),
    "stall_before_status": Fault(stall_before_status, True, True),
    "drip_status_line": Fault(drip_status_line, True, True),
    "drip_headers": Fault(drip_headers, True, True),
    "drip_body": Fault(drip_body, True, True),
    "stall_in_body": Fault(stall_in_body, True, True),
    "length_too_long": Fault(length_too_long, True, True),
    "length_too_short": Fault(length_too_short, True, True),
    "close_delimited": Fault(close_delimited, False, False),
    "chunked": Fault(chunked, False, False),
    "bad_chunk_size": Fault(bad_chunk_size, True, True),
    "chunked_cut": Fault(chunked_cut, True, True),
    "not_json": Fault(not_json, True, True),
    "empty_body": Fault(empty_body, True, True),
    "huge_body": Fault(huge_body, True, True),
    "deep_json": Fault(deep_json, True, True),
    "deep_json_400": Fault(deep_json_400, True, True),
    "binary_body": Fault(binary_body, True, True),
    "wrong_shape": Fault(wrong_shape, True, True),
    "server_error": Fault(server_error, True, True),
    "429_seconds": Fault(rate_limited("1"), False, False),
    "429_none": Fault(rate_limited(None), False, False),
    "429_date": Fault(rate_limited(HTTP_DATE), True, False),
    "429_nan": Fault(rate_limited("nan"), True, False),
    "429_negative": Fault(rate_limited("-5"), True, False),
    "429_decimal": Fault(rate_limited("0.5"), True, False),
    "429_zero": Fault(rate_limited("0"), True, False),
    "429_garbage": Fault(rate_limited("soon, I promise"), True, False),
    "404_date": Fault(not_found_with_date, True, True),
    "redirect_loop": Fault(redirect_loop, True, True),
    "informational_first": Fault(informational_first, False, False),
    "odd_headers": Fault(odd_headers, False, False),
    "gzip": Fault(gzip_once, False, False),
    "gzip_gzip": Fault(gzip_twice, False, False),
    "gzip_mislabelled": Fault(gzip_mislabelled, True, True),
    "slow_but_in_time": Fault(slow_but_in_time, False, False),
    "another_body": Fault(another_body, True, True),
}
RETRIED_BY_CLIENT = frozenset(  # what the client's default RetryPolicy retries (a clean retry then heals it)
    {"close_at_once", "reset", "stall_before_status", "drip_status_line", "drip_headers", "length_too_long",
     "server_error", "chunked_cut", "bad_chunk_size", "stall_in_body", "drip_body"}
)  # fmt: skip
KEPT_HEADERS = ("content-type", "x-request-id", "openai-version")


@dataclass
class FaultProvider:
    """`with FaultProvider(upstream_origin, plan, timeout) as p: p.base_url`; `p.served` says what happened."""

    upstream: str  # the reference provider's origin, http://127.0.0.1:PORT
    plan: Plan
    timeout: float  # the client's bound, which stalls and drips outlast
    served: list[Served] = field(default_factory=list)
    answered: list[Answer] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault-provider", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def harmful(self, to: str = "suite") -> list[Served]:
        """The requests a harmful fault reached (to the suite's verdict, or to the client)."""
        return [s for s in self.served if s.harmful and getattr(CATALOGUE[s.fault], f"harms_{to}")]

    def __enter__(self) -> FaultProvider:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fault provider did not start")
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._client = httpx.AsyncClient(base_url=self.upstream, timeout=10)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.run_until_complete(self._client.aclose())
            self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        index = len(self.served)
        name = self.plan(index)
        served = Served(index, "", name, True)
        self.served.append(served)
        try:
            answer = await self._forward(request)
            served.target = answer.target
            changed = await CATALOGUE[name].action(answer, Wire(writer, self.timeout), self)
            served.harmful = changed is not False
            self.answered.append(answer)
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass  # the client gave up first (its bound), or the provider is stopping
        finally:
            if not writer.is_closing():
                writer.close()

    async def _forward(self, request: bytes) -> Answer:
        lines = request.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep and name.lower() not in ("host", "connection", "accept-encoding", "content-length"):
                headers[name.strip()] = value.strip()
        got = await self._client.request(method, target, headers=headers)
        kept = {k: v for k, v in got.headers.items() if k.lower() in KEPT_HEADERS}
        return Answer(target, got.status_code, kept, got.content)
