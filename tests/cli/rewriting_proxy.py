"""A provider of our own on 127.0.0.1: a proxy in front of the reference provider that changes what a test
says (a refused value, a body without a field, an unvalidated parameter), as real servers nobody here wrote do.

`answer(query)` may answer a request itself (status, JSON body); `query` may rewrite its parameters first;
`body(query, data)` may change a 200 body before it goes out. Everything else is the reference provider's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

Query = list[tuple[str, str]]


class RewritingProxy:
    def __init__(
        self,
        upstream: str,
        *,
        answer: Callable[[Query], tuple[int, Any] | None] = lambda q: None,
        query: Callable[[Query], Query] = lambda q: q,
        body: Callable[[Query, Any], Any] = lambda q, data: data,
    ) -> None:
        self.upstream = upstream.rstrip("/")  # the provider's origin, e.g. http://127.0.0.1:PORT
        self.answer, self.query, self.body = answer, query, body
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.handle(self)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.client = httpx.Client(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> RewritingProxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.client.close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        sent = parse_qsl(parts.query, keep_blank_values=True)
        own = self.answer(sent)
        if own is not None:
            self.send(request, own[0], own[1])
            return
        query = self.query(sent)
        url = f"{self.upstream}{parts.path}" + (f"?{urlencode(query)}" if query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "accept-encoding")}
        upstream = self.client.get(url, headers=headers)
        try:
            data = upstream.json()
        except ValueError:
            data = None
        if upstream.status_code == 200 and data is not None:
            data = self.body(sent, data)
        self.send(request, upstream.status_code, data)

    @staticmethod
    def send(request: BaseHTTPRequestHandler, status: int, data: Any) -> None:
        payload = json.dumps(data).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)


def error(status: int, message: str, param: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}
