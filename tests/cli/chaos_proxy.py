"""A misbehaving HTTP proxy on 127.0.0.1 in front of a real provider: for each request (by arrival index) it
answers as the provider does, or hangs, resets, truncates, drips, answers 5xx or 429, as a plan says.

One request per connection (`Connection: close`), so "every fourth request" is also "every fourth connection".
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections.abc import Callable

import httpx

ACTIONS = ("answer", "hang", "reset", "truncate", "drip", "5xx", "429")
Plan = Callable[[int], str]  # request index (0-based) -> action


class ChaosProxy:
    def __init__(self, upstream: str, plan: Plan, hang_seconds: float = 5.0) -> None:
        self.upstream = upstream.rstrip("/")  # the provider's origin, e.g. http://127.0.0.1:PORT
        self.plan = plan
        self.hang_seconds = hang_seconds
        self.actions: list[str] = []  # what was done, in arrival order
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chaos-proxy", daemon=True)
        self.port = 0

    def __enter__(self) -> ChaosProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the chaos proxy did not start")
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

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
                task.cancel()  # hanging answers still asleep
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.run_until_complete(self._client.aclose())
            self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        index = len(self.actions)
        action = self.plan(index)
        self.actions.append(action)
        try:
            await self._act(action, head, writer)
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass  # the client gave up first (its timeout), or the proxy is stopping: nothing to do
        finally:
            if not writer.is_closing():
                writer.close()

    async def _act(self, action: str, head: bytes, writer: asyncio.StreamWriter) -> None:
        if action == "hang":
            await asyncio.sleep(self.hang_seconds)
            return
        if action == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return
        if action == "5xx":
            body = b'{"error":{"message":"upstream unavailable","type":"server_error","param":null,"code":null}}'
            writer.write(_response(503, body, {}))
            await writer.drain()
            return
        if action == "429":
            body = b'{"error":{"message":"Rate limit reached","type":"requests","param":null,'
            body += b'"code":"rate_limit_exceeded"}}'
            writer.write(_response(429, body, {"retry-after": "1"}))
            await writer.drain()
            return
        status, headers, body = await self._forward(head)
        if action == "truncate":
            raw = _response(status, body, headers)
            writer.write(raw[: len(raw) - max(len(body) // 2, 1)])
            await writer.drain()
            return
        if action == "drip":
            raw = _response(status, body, headers)
            size = max(64, len(raw) // 40)  # 40 pieces, 50 ms apart: 2 s for the whole answer
            for start in range(0, len(raw), size):
                if writer.is_closing():
                    return
                writer.write(raw[start : start + size])
                await writer.drain()
                await asyncio.sleep(0.05)
            return
        writer.write(_response(status, body, headers))
        await writer.drain()

    async def _forward(self, head: bytes) -> tuple[int, dict[str, str], bytes]:
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep and name.lower() not in ("host", "connection", "accept-encoding"):
                headers[name.strip()] = value.strip()
        answer = await self._client.request(method, target, headers=headers)
        kept = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "retry-after", "x-request-id")}
        return answer.status_code, kept, answer.content


def _response(status: int, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X", "connection: close", f"content-length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if not any(k.lower() == "content-type" for k in headers):
        lines.append("content-type: application/json")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
