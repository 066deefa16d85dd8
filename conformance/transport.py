"""Every request the suite sends goes through `Transport`: bounded in time and size, counted against the
budget, retried on 429 within limits, and recorded as an `Exchange` (never raising on provider misbehaviour).

`timeout` is a wall-clock bound on each attempt, from connect to the last body byte: every network operation
(connect, each read of the status line, headers and body) gets only the time left (the client's own clock,
`run_steps_client.deadline`), so a provider that drips a byte a second ends at the bound like one that says
nothing. Every attempt is an `Exchange` of its own: a 429 that was retried is recorded (`retried`, with its
`attempt` number) before the answer to the retry, so reports, recordings and `rate_limit_handling` see it.

A provider that keeps failing at the network level (timeouts, resets, oversized bodies) trips a breaker after
a few failures in a row, or twice as many in all; later requests then fail at once, so a broken provider
cannot stall the run.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlencode, urlsplit

import httpx
from run_steps_client import deadline as clock
from run_steps_client.wire import retry_after

from conformance.decoding import ACCEPT_ENCODING, BoundedBody
from conformance.errors import BadEncoding, BodyTooLarge, BudgetSpent
from conformance.failure_kinds import FailureKind
from conformance.observations import UNRECORDED, Exchange, Params
from conformance.pacing import Pacer

PROBE_EXTENSION = "conformance.probe"  # request.extensions: the label of the probe that sends the request
TIMING_EXTENSION = "conformance.timing"  # response.extensions: (started_at, elapsed) an http_transport replays


class Replayed(httpx.TransportError):
    """A failure whose kind and text an `http_transport` already knows (a replay of a recording), with the
    timing it had (`timing`: started_at, elapsed)."""

    def __init__(self, kind: str, text: str, timing: tuple[datetime | None, float] | None = None) -> None:
        super().__init__(text)
        self.kind, self.text, self.timing = kind, text, timing


@cache
def _tls() -> ssl.SSLContext:
    """httpx's default TLS context (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), made once per process: making
    one costs tens of milliseconds, a run makes a transport per phase and a matrix a run per target."""
    return httpx.create_ssl_context()


def _classify(exc: Exception, timeout: float) -> tuple[str, str]:
    if isinstance(exc, Replayed):
        return exc.kind, exc.text
    text = str(exc) or exc.__class__.__name__
    if isinstance(exc, httpx.TimeoutException):
        return FailureKind.TIMEOUT, f"timeout: no complete answer within {timeout:g} s"
    if isinstance(exc, httpx.ConnectError):
        lowered = text.lower()
        if "ssl" in lowered or "certificate" in lowered:
            return FailureKind.TLS, f"TLS error: {text}"
        if "name or service" in lowered or "nodename" in lowered or "resolve" in lowered:
            return FailureKind.DNS, f"DNS lookup failed: {text}"
        return FailureKind.REFUSED, f"connection failed: {text}"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
        reason = f"connection reset or closed without a complete response ({exc.__class__.__name__}"
        return FailureKind.RESET, reason + (f": {text[:120]})" if text != exc.__class__.__name__ else ")")
    return FailureKind.PROTOCOL, f"{exc.__class__.__name__}: {text[:200]}"


def _raw_headers(response: httpx.Response) -> dict[str, str]:
    """The answer's headers as sent: names lower-cased, every value byte kept (Latin-1, one character per byte,
    so obs-text survives the way back to bytes), repeated names joined with ", " as HTTP allows."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in response.headers.raw:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


class Transport:
    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        *,
        timeout: float,
        max_body_bytes: int,
        max_requests: int | None,
        retries_429: int,
        max_retry_wait: float,
        breaker_after: int = 3,
        http_transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
        workers: int = 1,
        query: Params = (),
    ) -> None:
        """`http_transport` replaces httpx's network transport (tests use `httpx.MockTransport` to drive the
        breaker, budget, body cap and 429 handling; a recorder can wrap the real one); `sleep` is how the
        Retry-After waits are spent; `pacer` spaces requests (--rate-limit). Safe to share between `workers`
        threads: the budget is reserved and the counters are kept under one lock. `query` is added to every
        request's URL (--query, Azure's api-version), whatever phase sends it."""
        self.base_url = base_url.rstrip("/")
        self.query = tuple(query)
        self.headers = dict(headers)
        self.timeout = timeout
        self.max_body_bytes = max_body_bytes
        self.max_requests = max_requests
        self.retries_429 = retries_429
        self.max_retry_wait = max_retry_wait
        self.breaker_after = breaker_after
        self.sent = 0
        self.exchanges: list[Exchange] = []
        self.rate_limit_storm = False
        self._storm_count = 0
        self._failures_in_a_row = 0
        self._failures = 0
        self._sleep = sleep
        self.pacer = pacer or Pacer(None)
        self._lock = threading.Lock()
        limits = httpx.Limits(max_connections=max(workers, 1) + 2, max_keepalive_connections=max(workers, 1) + 2)
        if http_transport is None:
            http_transport = httpx.HTTPTransport(verify=_tls(), limits=limits)
            clock.install(http_transport)  # each network operation keeps to the attempt's wall-clock bound
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # a redirect is reported (see preflight), never followed with the key
            transport=http_transport,
            limits=limits,
            headers={"accept-encoding": ACCEPT_ENCODING},
        )

    def close(self) -> None:
        self._client.close()

    @property
    def broken(self) -> bool:
        """Tripped by `breaker_after` network failures in a row, or twice that many in all."""
        return self._failures_in_a_row >= self.breaker_after or self._failures >= 2 * self.breaker_after

    def url_for(self, path: str, params: Params = ()) -> str:
        query = urlencode(list(params))
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    def with_fixed_query(self, url: str) -> str:
        """`url` with the run's fixed query parameters appended, so every phase (probes, walks, schemathesis'
        cases) sends them and every record of the request (reports, curls, HAR) shows them."""
        if not self.query:
            return url
        return url + ("&" if urlsplit(url).query else "?") + urlencode(list(self.query))

    @property
    def remaining(self) -> int | None:
        """Requests the budget still allows; None when there is no budget."""
        return None if self.max_requests is None else max(self.max_requests - self.sent, 0)

    def get(
        self, path: str, params: Params = (), headers: Mapping[str, str] | None = None, used_by: str = ""
    ) -> Exchange:
        """GET one path (plus bounded 429 retries). `headers` replaces the profile's headers."""
        return self.send("GET", self.url_for(path, params), headers, used_by)

    def send(self, method: str, url: str, headers: Mapping[str, str] | None = None, used_by: str = "") -> Exchange:
        """Like `get`, for a full URL (already holding its query string) and any method."""
        url = self.with_fixed_query(url)
        sent_headers = dict(self.headers if headers is None else headers)
        attempt = 0
        while True:
            attempt += 1
            exchange = self._send_once(method, url, sent_headers, used_by)
            exchange.attempt = attempt
            if exchange.status != 429 or self.rate_limit_storm or attempt > self.retries_429:
                break
            exchange.retried = True  # recorded now, so an interrupted wait still leaves it in the report
            with self._lock:
                self.exchanges.append(exchange)
            self._sleep(self._retry_delay(exchange, attempt))
        exchange.retries_429 = attempt - 1
        with self._lock:
            if exchange.status == 429 and attempt > self.retries_429:
                self._storm_count += 1
                # Two requests that stayed rate-limited through every retry: stop waiting, report the storm.
                self.rate_limit_storm = self._storm_count >= 2
            self.exchanges.append(exchange)
        return exchange

    def _retry_delay(self, exchange: Exchange, attempt: int) -> float:
        """As Retry-After says (seconds or an HTTP-date, `run_steps_client.wire`), else exponential; at most
        `max_retry_wait`. Whatever the header holds, a finite number of seconds >= 0."""
        hinted = retry_after(exchange.headers.get("retry-after")).seconds
        delay = 0.5 * 2 ** (attempt - 1) if hinted is None else hinted
        return min(max(delay, 0.0), self.max_retry_wait)

    def _send_once(self, method: str, url: str, headers: dict[str, str], used_by: str = "") -> Exchange:
        exchange = Exchange(method=method, url=url, request_headers=headers, used_by=[used_by] if used_by else [])
        with self._lock:
            if self.broken:
                exchange.error_kind = FailureKind.BREAKER
                exchange.error = f"not sent: the provider already failed {self._failures} requests at the network level"
                return exchange
            if self.max_requests is not None and self.sent >= self.max_requests:
                raise BudgetSpent(f"the request budget ({self.max_requests}) is spent")
            self.sent += 1
        self.pacer.wait()
        self._answer(exchange)
        with self._lock:
            if exchange.error_kind == UNRECORDED:  # a replay with no recorded answer: nothing was sent
                self.sent -= 1
                return exchange
            self._failures_in_a_row = self._failures_in_a_row + 1 if exchange.error else 0
            self._failures += 1 if exchange.error else 0
        return exchange

    def _answer(self, exchange: Exchange) -> None:
        """Send `exchange`'s request through the http transport (the network, or a recording's replay, see
        `conformance.evidence.replay`) and fill in what came back."""
        exchange.started_at = datetime.now(UTC)
        started = time.perf_counter()
        deadline = started + self.timeout
        label = exchange.used_by[0] if exchange.used_by else ""
        timing: tuple[datetime | None, float] | None = None
        bound = clock.ACTIVE.set(clock.start(self.timeout))
        try:
            with self._client.stream(
                exchange.method, exchange.url, headers=exchange.request_headers, extensions={PROBE_EXTENSION: label}
            ) as response:
                timing = response.extensions.get(TIMING_EXTENSION)
                exchange.status = response.status_code
                exchange.headers = _raw_headers(response)
                self._read_body(response, exchange, deadline)
        except KeyboardInterrupt:  # SIGINT/SIGTERM while waiting: the request was sent, so it is recorded
            exchange.error_kind, exchange.error = FailureKind.INTERRUPTED, "interrupted before the answer was complete"
            exchange.elapsed = time.perf_counter() - started
            with self._lock:
                self.exchanges.append(exchange)
            raise
        except Exception as exc:  # whatever the provider's bytes make httpx raise is a finding
            exchange.error_kind, exchange.error = _classify(exc, self.timeout)
            timing = exc.timing if isinstance(exc, Replayed) else timing
        finally:
            clock.ACTIVE.reset(bound)
        exchange.elapsed = time.perf_counter() - started
        if timing is not None:  # replayed: the recorded answer's own
            exchange.started_at, exchange.elapsed = timing

    def _read_body(self, response: httpx.Response, exchange: Exchange, deadline: float) -> None:
        """The decoded body, cut at `max_body_bytes` decoded bytes (see `conformance.decoding`); a body that
        does not match its Content-Encoding is a protocol failure that says so."""
        encoding = exchange.headers.get("content-encoding", "")
        chunks: Iterable[bytes] = response.iter_raw() if not response.is_stream_consumed else ()
        if response.is_stream_consumed:  # built in memory (httpx.MockTransport in tests): httpx decoded it
            encoding, chunks = "", [response.content]
        try:
            body = BoundedBody(encoding, self.max_body_bytes)
            for chunk in chunks:
                body.feed(chunk)
                if time.perf_counter() > deadline:
                    raise httpx.ReadTimeout("body still arriving at the deadline")
            exchange.body = body.finish()
        except BodyTooLarge as cut:
            exchange.body = cut.partial
            exchange.error_kind = FailureKind.TOO_LARGE
            exchange.error = f"response body larger than {self.max_body_bytes // (1024 * 1024)} MiB (decoded)"
        except BadEncoding as exc:
            exchange.error_kind = FailureKind.PROTOCOL
            exchange.error = str(exc)
