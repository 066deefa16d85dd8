"""A provider that misbehaves on purpose, on a real loopback socket: each test hands it a function that
writes the raw HTTP answer (drip, endless chunks, gzip bombs, redirects, pages that loop).

One thread per connection; every answer closes its connection, so a handler owns the socket until it
returns. Handlers that would write forever stop when the client goes away (the write fails) or when the
server stops."""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from functools import cache
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

THREAD, RUN = "thread_x", "run_x"


class Wire:
    """The connection a handler answers on."""

    def __init__(self, conn: socket.socket, stopped: threading.Event) -> None:
        self.conn = conn
        self.stopped = stopped

    def send(self, data: bytes) -> None:
        self.conn.sendall(data)

    def head(self, status: int, headers: dict[str, str], reason: str = "X") -> None:
        lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers.items()), "Connection: close"]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        sent = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
        self.head(status, sent)
        self.send(body)

    def json(self, data: Any, status: int = 200) -> None:
        self.answer(status, json.dumps(data).encode())

    def forever(self, piece: bytes, every: float) -> None:
        """Write `piece` every `every` seconds until the client leaves or the server stops."""
        while not self.stopped.is_set():
            self.send(piece)
            time.sleep(every)


Handler = Callable[[dict[str, str], Wire], None]  # (query parameters, wire)


class HostileServer:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[dict[str, str]] = []  # the query of every request, in arrival order
        self.stopped = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"
        self._open: list[socket.socket] = []

    def __enter__(self) -> HostileServer:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stopped.set()
        self._sock.close()
        for conn in list(self._open):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                target = data.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
                query = dict(parse_qsl(urlsplit(target).query))
                self.requests.append(query)
                self.handler(query, Wire(conn, self.stopped))
            except OSError:
                pass  # the client went away: that is how endless answers end
            finally:
                if conn in self._open:
                    self._open.remove(conn)


def step(step_id: str) -> dict[str, Any]:
    """A valid run step with this id."""
    return {
        "id": step_id, "object": "thread.run.step", "created_at": 1730000000, "assistant_id": "asst_x",
        "thread_id": THREAD, "run_id": RUN, "type": "message_creation", "status": "completed",
        "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_x"}},
        "last_error": None, "expired_at": None, "cancelled_at": None, "failed_at": None,
        "completed_at": 1730000001, "metadata": None, "usage": None,
    }  # fmt: skip


def page(ids: list[str], has_more: bool) -> dict[str, Any]:
    return {
        "object": "list", "data": [step(i) for i in ids], "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None, "has_more": has_more,
    }  # fmt: skip


@cache
def gzip_bomb(mebibytes: int = 1024) -> bytes:
    """A gzip body of about 1 KiB per MiB of zeros it inflates to (1 GiB by default: about 1 MB sent).

    Built without compressing a gigabyte: after a full flush deflate's output is byte-aligned and starts from
    an empty history, so the block for one MiB of zeros is the same every time and can be repeated; only the
    trailer (CRC-32 and length of the whole) is computed for the real size."""
    zeros = bytes(1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    final = packer.flush(zlib.Z_FINISH)[:-8]  # the last (empty) block, without the trailer for 2 MiB
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (mebibytes << 20) & 0xFFFFFFFF)
    return first + again * (mebibytes - 1) + final + trailer
