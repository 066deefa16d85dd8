"""Runs the reference provider with uvicorn: in the foreground for `conformance serve`, or on a background
thread for the suite and the tests (`ReferenceServer`, on a free loopback port)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, MutableMapping
from types import FrameType, TracebackType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from conformance.reference.app import create_app
from conformance.reference.wire import ASGIApp, Receive, Scope, Send

log = logging.getLogger("conformance.reference")


class RequestLog:
    """One line per request: method, path with query, status, milliseconds. Headers (and so keys) never."""

    def __init__(
        self,
        app: ASGIApp,
        headers_seen: list[dict[str, str]] | None = None,
        arrivals: list[float] | None = None,
        latency: float = 0.0,
    ) -> None:
        self.app = app
        self.headers_seen = headers_seen  # for tests: every request's headers, in arrival order
        self.arrivals = arrivals  # for tests: time.monotonic() of each request's arrival
        self.latency = latency  # seconds added before every answer (serve --latency), like a distant server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        if self.headers_seen is not None:
            self.headers_seen.append({k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]})
        if self.arrivals is not None:
            self.arrivals.append(time.monotonic())
        if self.latency:
            await asyncio.sleep(self.latency)

        async def record(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        record.__wrapped__ = send  # type: ignore[attr-defined]  # lets the reset fault reach the socket
        try:
            await self.app(scope, receive, record)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            target = scope["path"] + (f"?{query}" if query else "")
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms", scope["method"], target, status or "-", elapsed)


HEAD_TIMEOUT = 5.0  # seconds a connection may take to send a complete request head


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is not complete within `head_timeout`
    seconds of the connection opening or of its first byte after an answer (uvicorn's keep-alive timeout only
    covers a connection that sends nothing after an answer). A client that sends a byte a second, or half a
    head and nothing more, cannot hold a connection, a socket and a slot for long."""

    head_timeout = HEAD_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_head():
            self._arm_head_timer()  # a no-op when it already runs: the head's time counts from its first byte
        super().data_received(data)
        if not self._waiting_for_head():
            self._disarm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_late)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self._waiting_for_head() and not self.transport.is_closing():
            self.transport.close()


def _protocol(head_timeout: float) -> type[HeadTimeoutProtocol]:
    if head_timeout == HEAD_TIMEOUT:
        return HeadTimeoutProtocol
    return type("HeadTimeoutProtocol", (HeadTimeoutProtocol,), {"head_timeout": head_timeout})


def _config(
    app: ASGIApp, host: str, port: int, log: RequestLog | None = None, head_timeout: float = HEAD_TIMEOUT
) -> uvicorn.Config:
    return uvicorn.Config(
        log or RequestLog(app),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
        http=_protocol(head_timeout),
    )


class Stopped(Exception):
    """Raised by the SIGTERM handler once uvicorn has shut down and hands the signal back."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped


def serve(
    host: str,
    port: int,
    fault: str | None,
    announce: Callable[[int], None] = lambda _: None,
    latency: float = 0.0,
    require_api_version: str | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C or SIGTERM, then return normally.

    The socket is bound first, so a port in use raises OSError before anything is announced, and `announce`
    hears the port really listened on (port 0: the one the system chose). uvicorn catches both signals, shuts
    down gracefully, then re-raises the signal to the handler that was there before it: for SIGINT that is
    KeyboardInterrupt, for SIGTERM the handler installed here.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the listening socket says
    # it is TCP. Without it, Nagle's algorithm meets delayed ACKs and every answer on a kept-alive connection
    # waits about 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # Listening before the announcement: a client that connects as soon as it reads the banner waits in
        # the backlog until uvicorn accepts, instead of being refused.
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    announce(sock.getsockname()[1])
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        app = create_app(fault, require_api_version=require_api_version)
        uvicorn.Server(_config(app, host, port, RequestLog(app, latency=latency))).run(sockets=[sock])
    except (KeyboardInterrupt, Stopped):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    log.info("reference provider stopped")


class PromptServer(uvicorn.Server):
    """uvicorn's server, stopped within milliseconds: uvicorn looks for `should_exit` every 0.1 s, then waits a
    fixed 0.1 s for connections to finish, where a matrix of embedded targets stops a provider per target. Here
    `stop_soon` wakes the main loop at once (it still ticks every 0.1 s otherwise), and shutdown waits only while
    a connection or a task is still there (up to the graceful timeout, then tasks are cancelled, as uvicorn
    does)."""

    TICK = 0.1
    POLL = 0.005  # while shutting down only

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._wake: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None

    def stop_soon(self) -> None:
        """Ask the server to exit, from any thread, and wake its loop to see it.

        The loop may see `should_exit` at its own tick, shut down and close between the two lines below (a
        loaded machine switches threads there): a closed loop has nothing left to wake."""
        self.should_exit = True
        if self._wake is not None:
            loop, event = self._wake
            with contextlib.suppress(RuntimeError):  # "Event loop is closed"
                loop.call_soon_threadsafe(event.set)

    async def main_loop(self) -> None:
        event = asyncio.Event()
        self._wake = (asyncio.get_running_loop(), event)
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):  # the tick: uvicorn's date header and its other duties
                await asyncio.wait_for(event.wait(), self.TICK)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or 0)
        while (self.server_state.connections or self.server_state.tasks) and loop.time() < deadline:
            await asyncio.sleep(self.POLL)
        for task in self.server_state.tasks:
            task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()


class ReferenceServer:
    """A reference provider on a background thread; `with ReferenceServer(fault=...) as srv: srv.base_url`."""

    def __init__(
        self,
        fault: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        flaky: tuple[int, int] | None = None,
        headers_seen: list[dict[str, str]] | None = None,
        arrivals: list[float] | None = None,
        latency: float = 0.0,
        require_api_version: str | None = None,
        head_timeout: float = HEAD_TIMEOUT,
    ) -> None:
        self.fault = fault
        self.app = create_app(fault, flaky, require_api_version)
        log = RequestLog(self.app, headers_seen, arrivals, latency)
        self._server = PromptServer(_config(self.app, host, port, log, head_timeout))
        self._thread = threading.Thread(target=self._server.run, name="reference-provider", daemon=True)
        self.host = host
        self.port = port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> ReferenceServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the reference provider did not start")
            time.sleep(0.01)
        sockets = [s for server in self._server.servers for s in server.sockets]
        self.port = sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self.app.released = True
        self._server.stop_soon()
        self._thread.join(timeout=5)

    def __enter__(self) -> ReferenceServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
