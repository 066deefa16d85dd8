"""`conformance serve --replay FILE.har`: a provider that answers from a recording, for a team's own CI or a
provider's engineer reproducing a failure without anyone's keys.

Each request gets the recorded answer for the same method, path and query (parameters in a normal order),
the same OpenAI-Beta header and the same credential *shape* (`Bearer ***`: any key is accepted; the suite's
deliberately wrong key, a scheme with no token or two tokens are told apart, see `conformance.evidence.match`).
Repeats are answered in recorded order, and once those run out with the last one. Network failures are played
back as such: a timeout hangs until the client gives up, a reset resets the connection, a body that was cut
at the size cap is sent with more bytes than the cap, a body that did not match its Content-Encoding is sent
mismatched again, 429s absorbed by retries come first, and answers slower than a second are as slow again.

A request the recording holds no answer for gets an OpenAI-shaped 404 (`code: no_recorded_answer`) whose
message names the request, marked with the `x-conformance-replay` header so a run can count them; the server
logs each one and says how many there were when it stops.

A small HTTP/1.1 server on asyncio and h11 (httpx's own HTTP/1.1 parser), rather than uvicorn, because playing
back a reset, a hang or a mislabelled body needs the socket itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from urllib.parse import urlsplit

import h11

from conformance.evidence import REPLAY_HEADER, UNRECORDED
from conformance.evidence.judge import ids_from_preflight
from conformance.evidence.match import Matcher
from conformance.evidence.read import Recording
from conformance.evidence.replay import FILLER, encode
from conformance.observations import Exchange

SLOW_SECONDS = 1.0  # answers slower than this are delayed as recorded (response_time judges them)
MAX_DELAY = 30.0
MAX_HANG = 120.0  # a recorded timeout hangs until the client closes, at most this long
# Framing is the server's own: these recorded headers are not replayed as they were.
FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"})


def not_recorded(method: str, target: str, recording: Recording) -> tuple[int, list[tuple[str, str]], bytes]:
    message = (
        f"No recorded answer for {method} {target}: the recording {recording.path.name} holds "
        f"{len(recording.entries)} answers, none for this method, path, query (in any order), OpenAI-Beta "
        "header and credential shape. A run with another seed or another suite version sends requests a "
        "recording does not hold."
    )
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": "no_recorded_answer"}}
    headers = [("content-type", "application/json"), (REPLAY_HEADER, UNRECORDED)]
    return 404, headers, json.dumps(body).encode()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Abort the connection with an RST, as a provider that resets it does."""
    sock = writer.get_extra_info("socket")
    with contextlib.suppress(OSError):
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class ReplayServer:
    """The replaying provider on a background thread (tests), or in the foreground (`serve_forever`)."""

    def __init__(
        self, recording: Recording, host: str = "127.0.0.1", port: int = 0, log: Callable[[str], None] | None = None
    ) -> None:
        self.recording = recording
        self.matcher = Matcher(recording, by_probe=False, repeat_last=True)
        self.log = log or (lambda _: None)
        self.host, self.port = host, port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        """Where to point `run --base-url`: this server with the recorded base URL's path (e.g. `/v1`)."""
        recorded = str((self.recording.recipe.get("target") or {}).get("base_url", ""))
        if not recorded:
            recorded = ids_from_preflight(self.recording)[0]
        return f"http://{self.host}:{self.port}{urlsplit(recorded).path.rstrip('/')}"

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._server = await asyncio.start_server(self._connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._started.set()
        async with self._server:
            await self._stop.wait()

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._main())
        except BaseException as exc:  # reported by `start` (a port already taken)
            self._error = exc
            self._started.set()
        finally:
            self._loop.close()

    def start(self) -> ReplayServer:
        self._thread = threading.Thread(target=self._run, name="replay-provider", daemon=True)
        self._thread.start()
        self._started.wait(10)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def serve_forever(self, announce: Callable[[ReplayServer], None]) -> None:
        """In the foreground until Ctrl-C (or SIGTERM, which the caller turns into KeyboardInterrupt)."""
        self.start()
        announce(self)
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.2)
        finally:
            self.stop()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = h11.Connection(h11.SERVER)
        try:
            while True:
                request = await self._request(conn, reader)
                if request is None:
                    break
                keep = await self._respond(conn, request, reader, writer)
                if not keep or conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                    break
                conn.start_next_cycle()
        except (ConnectionError, h11.ProtocolError, asyncio.IncompleteReadError):
            pass
        finally:
            if not writer.transport.is_closing():
                writer.close()
                with contextlib.suppress(ConnectionError, OSError):
                    await writer.wait_closed()

    async def _request(self, conn: h11.Connection, reader: asyncio.StreamReader) -> h11.Request | None:
        request = None
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                if not data:
                    return None
                conn.receive_data(data)
                continue
            if isinstance(event, h11.Request):
                request = event
            elif isinstance(event, h11.EndOfMessage):
                return request
            elif isinstance(event, h11.ConnectionClosed):
                return None

    async def _respond(
        self, conn: h11.Connection, request: h11.Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Play back one answer; False when the connection is done with (reset, hang, a cut body)."""
        method = request.method.decode("ascii", "replace")
        target = request.target.decode("latin-1")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in request.headers}
        answer = self.matcher.answer("", method, target, headers)
        if answer is None:
            self.log(f"replay: no recorded answer for {method} {target}")
            status, out, body = not_recorded(method, target, self.recording)
            await self._send(conn, writer, status, out, body)
            return True
        recorded = answer.exchange
        kind = recorded.error_kind
        if recorded.status is None and kind in (None, "timeout", "interrupted"):
            await self._hang(reader)
            return False
        if kind == "reset" or recorded.status is None:
            _reset(writer)
            return False
        if recorded.status is not None and recorded.elapsed >= SLOW_SECONDS and kind is None:
            await asyncio.sleep(min(recorded.elapsed, MAX_DELAY))
        coding = recorded.headers.get("content-encoding", "").strip().lower()
        kept = [(k, v) for k, v in recorded.headers.items() if k not in FRAMING]
        if coding:
            kept.append(("content-encoding", coding))
        body = recorded.body
        if kind == "timeout":  # the answer began and then stalled
            writer.write(conn.send(h11.Response(status_code=recorded.status, headers=kept)))
            await writer.drain()
            await self._hang(reader)
            return False
        if kind == "too_large":
            body = body + FILLER
        if kind == "protocol":  # the body did not match its Content-Encoding: send it mismatched again
            payload = body or b"this body is not what its Content-Encoding says"
        else:
            payload = encode(body, coding)
        await self._send(conn, writer, recorded.status, kept, payload)
        return kind is None

    async def _send(
        self,
        conn: h11.Connection,
        writer: asyncio.StreamWriter,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        framed = [*headers, ("content-length", str(len(body)))]
        writer.write(conn.send(h11.Response(status_code=status, headers=framed)))
        for start in range(0, len(body), 1 << 16):
            writer.write(conn.send(h11.Data(data=body[start : start + (1 << 16)])))
            await writer.drain()
        writer.write(conn.send(h11.EndOfMessage()))
        await writer.drain()

    async def _hang(self, reader: asyncio.StreamReader) -> None:
        """Answer nothing until the client gives up (closes), at most MAX_HANG seconds."""
        deadline = time.monotonic() + MAX_HANG
        with contextlib.suppress(ConnectionError, TimeoutError):
            while time.monotonic() < deadline:
                data = await asyncio.wait_for(reader.read(65536), timeout=max(deadline - time.monotonic(), 0.01))
                if not data:
                    return

    def summary(self) -> str:
        matcher = self.matcher
        return (
            f"replay: {matcher.answered} requests answered from the recording, {matcher.unrecorded} had no "
            "recorded answer"
        )


def stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def unrecorded_note(exchanges: list[Exchange]) -> str | None:
    """For a run against `serve --replay`: how many of its requests the recording had no answer for."""
    count = sum(e.headers.get(REPLAY_HEADER) == UNRECORDED for e in exchanges)
    if not count:
        return None
    return (
        f"{count} of {len(exchanges)} requests had no recorded answer from the replayed recording "
        "(serve --replay answers only what the recording holds: use the recording's --seed and settings)"
    )
