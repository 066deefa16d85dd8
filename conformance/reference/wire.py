"""The reference provider's faults below the page: what goes on the wire (a gzip bomb, a false Content-Encoding)
and the ASGI middleware that hangs or resets connections. Which fault does what is declared in `faults`."""

from __future__ import annotations

import asyncio
import functools
import socket
import struct
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from conformance.reference.faults import Fault

BOMB_PREFIX = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false,"padding":"'
BOMB_BLOCKS = 1024  # of 1 MiB each


@functools.cache
def gzip_bomb() -> bytes:
    """A valid gzip stream of about 1 MB holding a 1 GiB JSON page (spaces as padding), built in well under a
    second: after a full flush the compressor starts afresh, so every 1 MiB block compresses to the same bytes,
    which are repeated instead of compressing 1 GiB."""
    block = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflate.compress(BOMB_PREFIX) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(b'"}') + deflate.flush()
    crc = zlib.crc32(BOMB_PREFIX)
    for _ in range(BOMB_BLOCKS):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(b'"}', crc)
    size = (len(BOMB_PREFIX) + BOMB_BLOCKS * len(block) + 2) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, no mtime, unknown OS
    return header + head + repeated * BOMB_BLOCKS + tail + struct.pack("<II", crc, size)


def on_the_wire(fault: Fault, status: int, payload: bytes) -> tuple[bytes, dict[str, str]]:
    """The bytes and extra headers of an answer under the fault's `wire` (honest gzip is middleware's job)."""
    if status != 200 or fault.wire not in ("gzip-bomb", "gzip-mislabelled"):
        return payload, {}
    return (gzip_bomb() if fault.wire == "gzip-bomb" else payload), {"content-encoding": "gzip"}


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

    def __init__(self, app: ASGIApp, fault: Fault) -> None:
        self.app = app
        self.fault = fault
        self.released = False  # set when the server stops: hanging requests then end with a reset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_cursor(scope):
            if self.fault.below_http == "hang":
                while not self.released:
                    await asyncio.sleep(0.05)
                _reset_connection(send)
                return
            if self.fault.below_http == "reset" and _reset_connection(send):
                return
        await self.app(scope, receive, send)
