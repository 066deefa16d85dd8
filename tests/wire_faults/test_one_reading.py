"""The client and the suite read the wire the same way: one table of Retry-After values, encoded bodies and JSON
texts, fed to both sides (the client's RetryPolicy, inflater and front door; the suite's Transport, decoder,
Exchange and rate_limit_handling), which must agree on every row. Never an exception other than the
documented one, never NaN, never a negative wait."""

from __future__ import annotations

import gzip
import math
import random
import time
import zlib
from email.utils import formatdate
from typing import Any

import httpx
import pytest
from run_steps_client import DecodeError, RetryPolicy, RunStepsError
from run_steps_client.api_error import ApiError, parse_retry_after
from run_steps_client.inflate import Inflater as ClientInflater
from run_steps_client.inflate import encodings_of
from run_steps_client.steps import page_of

from conformance.checks.network import rate_limit_handling
from conformance.decoding import BoundedBody
from conformance.errors import BadEncoding
from conformance.observations import Exchange
from conformance.transport import Transport
from tests.client.hostile import page

CAP = 60.0  # both sides' longest wait in this test
# An hour ahead, so both sides wait their longest: the date is made when the test runs. Nothing in a test's
# parameters may depend on the clock, or two xdist workers collect different tests and the run stops.
SOON = "<an HTTP-date an hour ahead>"

# raw value, the seconds to wait (None: not a Retry-After), the suite's check accepts it (whole seconds >= 1)
RETRY_AFTER: list[tuple[str, float | None, bool]] = [
    ("1", 1.0, True),
    ("45", 45.0, True),
    (" 7 ", 7.0, True),
    ("0", 0.0, False),
    ("0.5", None, False),
    ("1e3", None, False),
    ("-5", None, False),
    ("nan", None, False),
    ("NaN", None, False),
    ("inf", None, False),
    ("", None, False),
    ("soon, I promise", None, False),
    ("9" * 5000, CAP, True),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0, False),
    ("Wed, 21 Oct 2015 07:28:00 -0000", 0.0, False),
    ("Wed, 21 Oct 2015 07:28:00 +0200", 0.0, False),
    ("Sunday, 06-Nov-94 08:49:37 GMT", 0.0, False),
    ("Sun Nov  6 08:49:37 1994", 0.0, False),
    ("Mon, 99 Foo 2015 07:28:00 GMT", None, False),
    ("Wed, 21 Oct 99999 07:28:00 GMT", None, False),
    (SOON, CAP, False),
]


def suite_transport() -> Transport:
    return Transport(
        "http://provider.test/v1", {}, timeout=1, max_body_bytes=1 << 20, max_requests=None, retries_429=1,
        max_retry_wait=CAP, http_transport=httpx.MockTransport(lambda r: httpx.Response(200)),
    )  # fmt: skip


@pytest.mark.parametrize(("raw", "seconds", "accepted"), RETRY_AFTER)
def test_retry_after_reads_the_same_on_both_sides(raw: str, seconds: float | None, accepted: bool) -> None:
    raw = formatdate(time.time() + 3600, usegmt=True) if raw == SOON else raw
    answer = Exchange("GET", "http://provider.test/", {}, status=429, headers={"retry-after": raw}, retried=True)
    suite_wait = suite_transport()._retry_delay(answer, attempt=1)
    response = httpx.Response(429, headers=[(b"retry-after", raw.encode("latin-1"))])
    client_wait = RetryPolicy(backoff_base=0.0, max_backoff=CAP).delay(1, response, random.Random(0))
    hinted = parse_retry_after(raw)
    error = ApiError.from_response(429, b"{}", {"retry-after": raw})
    for wait in (suite_wait, client_wait):
        assert math.isfinite(wait) and wait >= 0
    if seconds is None:
        assert hinted is None and error.retry_after is None
        assert suite_wait == 0.5 and client_wait == 0.0  # each side's own backoff (the client's jitter is 0 here)
    else:
        assert hinted is not None and min(hinted, CAP) == pytest.approx(seconds, abs=2)
        assert suite_wait == pytest.approx(client_wait, abs=0.01) == pytest.approx(seconds, abs=2)
    verdict = rate_limit_handling([answer, Exchange("GET", "http://provider.test/", {}, status=200, retries_429=1)])
    assert (verdict.status.value == "passed") is accepted, verdict.detail


BODY = b'{"object": "list", "data": []}'


def gz(data: bytes) -> bytes:
    """gzip with a fixed mtime: the same bytes on every collection (see SOON)."""
    return gzip.compress(data, mtime=0)


def members(*parts: bytes) -> bytes:
    return b"".join(gz(p) for p in parts)


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


# Content-Encoding, bytes on the wire, the decoded body (None: both sides refuse it)
ENCODED: list[tuple[str, bytes, bytes | None]] = [
    ("", BODY, BODY),
    ("identity", BODY, BODY),
    ("gzip", gz(BODY), BODY),
    ("x-gzip", gz(BODY), BODY),
    ("GZIP", gz(BODY), BODY),
    ("gzip, gzip", gz(gz(BODY)), BODY),
    ("gzip, identity", gz(BODY), BODY),
    ("deflate", zlib.compress(BODY), BODY),
    ("deflate", raw_deflate(BODY), BODY),
    ("deflate, gzip", gz(zlib.compress(BODY)), BODY),
    ("gzip", members(BODY[:10], BODY[10:]), BODY),
    ("gzip", gz(b""), b""),
    ("gzip, gzip, gzip", gz(gz(gz(BODY))), None),
    ("br", BODY, None),
    ("compress", BODY, None),
    ("gzip", BODY, None),
    ("gzip", gz(BODY)[:-12], None),
    ("gzip", gz(BODY) + b"garbage", None),
    ("deflate", zlib.compress(BODY) + b"tail", None),
    ("gzip, gzip", gz(BODY), None),
]


def suite_decodes(coding: str, raw: bytes) -> bytes | None:
    try:
        body = BoundedBody(coding, 1 << 20)
        for start in range(0, len(raw), 7):
            body.feed(raw[start : start + 7])
        return body.finish()
    except BadEncoding:
        return None


def client_decodes(coding: str, raw: bytes) -> bytes | None:
    codings = encodings_of(coding)
    if not codings:
        return raw
    try:
        inflater = ClientInflater(codings)
        pieces = [piece for start in range(0, len(raw), 7) for piece in inflater.feed(raw[start : start + 7])]
        return b"".join([*pieces, *inflater.end()])
    except DecodeError:
        return None


@pytest.mark.parametrize(("coding", "raw", "decoded"), ENCODED)
def test_encoded_bodies_decode_the_same_on_both_sides(coding: str, raw: bytes, decoded: bytes | None) -> None:
    assert suite_decodes(coding, raw) == decoded
    assert client_decodes(coding, raw) == decoded


PAGE = httpx.Response(200, json=page(["s1"], False)).content
# a body, and whether it is a JSON text both sides decode (every other must be "not JSON" on both sides)
JSON_TEXTS: list[tuple[bytes, bool]] = [
    (PAGE, True),
    (b"  " + PAGE + b"\n", True),
    (b"[" * 64 + b"]" * 64, True),
    (b"[" * 65 + b"]" * 65, False),
    (b"[" * 100_000 + b"]" * 100_000, False),
    (b'{"a": "' + b"[" * 100_000 + b'"}', True),  # brackets inside a string are not nesting
    (b"{" * 50_000, False),
    (b'{"x": NaN}', False),
    (b'{"x": Infinity}', False),
    (b'{"x": ' + b"9" * 5000 + b"}", False),
    (b"\xff\xfe\x00garbage", False),
    (b"", False),
    (b"{", False),
    (bytes(range(256)), False),
]


@pytest.mark.parametrize(("body", "is_json"), JSON_TEXTS, ids=lambda v: repr(v)[:30] if isinstance(v, bytes) else v)
def test_json_texts_are_read_the_same_on_both_sides(body: bytes, is_json: bool) -> None:
    suite = Exchange("GET", "http://provider.test/", {}, status=200, body=body)
    client_error: RunStepsError | None = None
    try:
        page_of(httpx.Response(200, content=body))
    except RunStepsError as error:
        client_error = error
    error_answer = ApiError.from_response(400, body)  # never raises, whatever the body
    assert error_answer.status == 400
    if is_json:
        suite.json()
        assert client_error is None or body != PAGE.strip()  # only a page is a page
    else:
        with pytest.raises(ValueError, match="body is not JSON"):
            suite.json()
        assert type(client_error) is DecodeError, client_error


def test_a_page_decodes_on_both_sides() -> None:
    data: Any = Exchange("GET", "http://provider.test/", {}, status=200, body=PAGE).json()
    assert data["data"][0]["id"] == "s1" == page_of(httpx.Response(200, content=PAGE)).data[0].id
