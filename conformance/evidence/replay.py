"""A recording as an httpx transport: what `judge` hands the suite's `Transport` (`http_transport`) so that the
runner sends its requests as live and gets the recorded answers back, with nothing sent anywhere.

The probe that sends a request comes in `request.extensions` (`transport.PROBE_EXTENSION`); the answer is the
matcher's (`evidence.match`, keyed by the probe too). Recorded answers come back as they were received: status,
headers, the body (encoded again as its Content-Encoding says, so the transport decodes and caps it as live),
and the recorded timing (`transport.TIMING_EXTENSION`). Recorded network failures come back as the same kind
and text (`transport.Replayed`): before any answer, or after the status when the answer began and then failed.

A request the recording holds no answer for fails as `UNRECORDED` (not counted as sent, no breaker failure);
in a recording of an interrupted run, the request at which it was interrupted (or the first one it holds no
answer for) raises the interrupt again, so the runner ends the run as it ended live.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import httpx

from conformance.evidence.match import Matcher
from conformance.evidence.read import Recording
from conformance.observations import UNRECORDED, Exchange
from conformance.transport import PROBE_EXTENSION, TIMING_EXTENSION, Replayed

FILLER = b" " * 4096  # bytes beyond a body that was cut at the size cap, so the cap cuts it again


class ReplayedInterrupt(KeyboardInterrupt):
    """The recorded run was interrupted here: the runner ends the replay as the signal ended the run."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


def encode(body: bytes, coding: str) -> bytes:
    """`body` as its Content-Encoding says it was sent (gzip, deflate; anything else as it is)."""
    if coding in ("gzip", "x-gzip"):
        return gzip.compress(body, compresslevel=1)
    if coding == "deflate":
        return zlib.compress(body, 1)
    return body


class _Body(httpx.SyncByteStream):
    """A recorded body, then the recorded failure if the answer began and then failed."""

    def __init__(self, body: bytes, failure: Replayed | None) -> None:
        self.body, self.failure = body, failure

    def __iter__(self) -> Iterator[bytes]:
        if self.body:
            yield self.body
        if self.failure is not None:
            raise self.failure


class ReplayTransport(httpx.BaseTransport):
    def __init__(self, recording: Recording) -> None:
        self.matcher = Matcher(recording, by_probe=True, repeat_last=False)
        self.interrupted = recording.interrupted

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        label = str(request.extensions.get(PROBE_EXTENSION, ""))
        answer = self.matcher.answer(label, request.method, str(request.url), dict(request.headers))
        if answer is None:
            if self.interrupted:
                raise ReplayedInterrupt(self.interrupted)
            raise Replayed(UNRECORDED, "no recorded answer: the recording holds no answer for this request")
        recorded = answer.exchange
        timing = (recorded.started_at, recorded.elapsed) if answer.entry is not None else None
        if recorded.error_kind == "interrupted" and self.interrupted:
            raise ReplayedInterrupt(self.interrupted)
        failure = Replayed(recorded.error_kind or "protocol", recorded.error, timing) if recorded.error else None
        if recorded.status is None:
            raise failure or Replayed("protocol", "no answer recorded", timing)
        return self._response(request, recorded, failure, timing)

    @staticmethod
    def _response(
        request: httpx.Request, recorded: Exchange, failure: Replayed | None, timing: object
    ) -> httpx.Response:
        coding = recorded.headers.get("content-encoding", "").strip().lower()
        headers = [(k, v) for k, v in recorded.headers.items() if k not in ("content-length", "transfer-encoding")]
        if recorded.error_kind == "too_large":
            body, failure = encode(recorded.body + FILLER, coding), None  # the transport's cap cuts it again
        else:
            body = encode(recorded.body, coding) if failure is None else b""
        extensions = {TIMING_EXTENSION: timing} if timing is not None else {}
        status = recorded.status or 0
        return httpx.Response(
            status, headers=headers, stream=_Body(body, failure), request=request, extensions=extensions
        )


def answered_by(exchange: Exchange) -> bool:
    """Whether the exchange got an answer from the recording (one it holds no answer for did not)."""
    return exchange.error_kind != UNRECORDED
