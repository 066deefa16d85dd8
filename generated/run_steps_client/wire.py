"""One reading of what a provider puts on the wire, shared by the client and the conformance suite.

Three readings, each total (whatever the bytes, an answer or one exception of this module, never a crash):
- `retry_after(value)`: a `Retry-After` header as seconds to wait, in every form RFC 9110 allows
  (delta-seconds, or an HTTP-date in any of its three formats and any zone spelling), or "invalid". Never an
  exception, never NaN, never negative.
- `Inflater`: a body sent with `Content-Encoding` decoded in pieces of at most `PIECE` bytes, so whoever counts
  them can stop a gzip bomb at a cap without inflating it whole. At most `MAX_LAYERS` codings, each gzip or
  deflate; anything else raises `BadEncoding`.
- `decode_json(body)`: JSON with a size and a nesting-depth guard (a body nested 100,000 deep would otherwise
  end in `RecursionError`); anything that is not a JSON text within the guards raises `NotJson` (a ValueError).

Standard library only. The client reads its answers with it, and so does the conformance suite, so both
read every input the same way.
"""

from __future__ import annotations

import json
import math
import re
import time
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from itertools import accumulate
from typing import Any

# --- Retry-After ------------------------------------------------------------------------------------------

MAX_RETRY_AFTER = 10**9  # seconds; a longer (legal) delay is read as this, so arithmetic stays finite
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class RetryAfter:
    """A Retry-After header read: `form` is "seconds", "date", "invalid" or "absent"; `seconds` the wait it
    asks for (>= 0, finite), None unless the form is "seconds" or "date"."""

    form: str
    seconds: float | None = None
    raw: str | None = None

    @property
    def valid(self) -> bool:
        return self.seconds is not None

    @property
    def whole_seconds_at_least_one(self) -> bool:
        """What the operation's spec asks of a 429: whole seconds, at least 1."""
        return self.form == "seconds" and self.seconds is not None and self.seconds >= 1


def retry_after(value: str | None, now: float | None = None) -> RetryAfter:
    """Read a Retry-After value; `now` (seconds since the epoch, default the clock) dates an HTTP-date."""
    if value is None:
        return RetryAfter("absent")
    text = value.strip()
    if _DIGITS.fullmatch(text):
        digits = text.lstrip("0") or "0"
        seconds = MAX_RETRY_AFTER if len(digits) > 10 else min(int(digits), MAX_RETRY_AFTER)
        return RetryAfter("seconds", float(seconds), value)
    when = _http_date(text)
    if when is None:
        return RetryAfter("invalid", None, value)
    delay = when - (time.time() if now is None else now)
    return RetryAfter("date", float(min(max(delay, 0.0), MAX_RETRY_AFTER)), value)


def _http_date(text: str) -> float | None:
    """Seconds since the epoch of an HTTP-date (IMF-fixdate, RFC 850, asctime; any zone spelling, `-0000`
    and no zone read as UTC), or None."""
    if not text or len(text) > 64 or not any(c.isalpha() for c in text):
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        if when.tzinfo is None:  # "-0000", asctime: UTC, as RFC 9110 says every HTTP-date is
            from datetime import timezone

            when = when.replace(tzinfo=timezone.utc)
        stamp = when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    return stamp if math.isfinite(stamp) else None


# --- Content-Encoding -------------------------------------------------------------------------------------

PIECE = 64 * 1024  # the most a single decoding step may produce
ACCEPTED = "gzip, deflate"  # what to send as Accept-Encoding: exactly what `Inflater` decodes
MAX_LAYERS = 2  # "gzip, gzip" is legal HTTP; deeper stacks only serve to multiply a bomb
_CODINGS = ("gzip", "x-gzip", "deflate")


class BadEncoding(ValueError):
    """A body that does not match its Content-Encoding, or one this module does not decode; one line why."""


def codings(header: str | None) -> list[str]:
    """The codings a Content-Encoding header lists, in the order applied, lower-cased, without `identity`."""
    if not header:
        return []
    return [part for part in (p.strip().lower() for p in header.split(",")) if part and part != "identity"]


class _Stage:
    """One layer of encoding, decoded incrementally."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._wbits = zlib.MAX_WBITS | 16 if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False
        self.wire_bytes = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.wire_bytes += len(data)
        try:
            yield from self._pieces(data)
        except zlib.error as error:
            if self.coding == "deflate" and not self._started and self._wbits > 0:
                self._wbits = -zlib.MAX_WBITS  # some servers send raw deflate without the zlib wrapper
                self._inflater = zlib.decompressobj(self._wbits)
                yield from self.feed(data)
                return
            raise BadEncoding(
                f"Content-Encoding: {self.coding}, but the body is not {self.coding} data ({error})"
            ) from None

    def _pieces(self, data: bytes) -> Iterator[bytes]:
        while True:
            out = self._inflater.decompress(data, PIECE)
            self._started = True
            if out:
                yield out
            data = self._inflater.unconsumed_tail
            if data or len(out) == PIECE:
                continue  # more input waiting, or output may be pending inside zlib
            rest = self._inflater.unused_data
            if not (self._inflater.eof and rest):
                return
            if self._wbits & 16 and not rest.startswith(b"\x1f\x8b"[: len(rest)]):
                raise BadEncoding(f"Content-Encoding: {self.coding}, but bytes follow the end of the gzip data")
            if not self._wbits & 16:
                raise BadEncoding(f"Content-Encoding: {self.coding}, but bytes follow the end of the deflate data")
            self._inflater = zlib.decompressobj(self._wbits)  # another gzip member: members are one body
            data = rest

    def end(self) -> Iterator[bytes]:
        if self.wire_bytes and not self._inflater.eof:
            raise BadEncoding(f"Content-Encoding: {self.coding}, but the compressed body ends before its end")
        tail = self._inflater.flush()
        if tail:
            yield tail


class Inflater:
    """Decodes a body sent with `Content-Encoding: C1[, C2]` in pieces of at most `PIECE` bytes each."""

    def __init__(self, applied: list[str]) -> None:
        if len(applied) > MAX_LAYERS:
            raise BadEncoding(f"Content-Encoding: {', '.join(applied)}: more layers than {MAX_LAYERS}")
        unknown = [c for c in applied if c not in _CODINGS]
        if unknown:
            raise BadEncoding(f"Content-Encoding: {', '.join(applied)}, which was not asked for ({ACCEPTED})")
        self.applied = applied
        self._stages = [_Stage(coding) for coding in reversed(applied)]  # the last applied comes off first

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of these raw bytes; raises BadEncoding."""
        return self._through(0, data)

    def end(self) -> Iterator[bytes]:
        """What is left once the last raw bytes are in; raises BadEncoding for a body cut short."""
        for index, stage in enumerate(self._stages):
            for piece in stage.end():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._through(index + 1, piece)


# --- JSON -------------------------------------------------------------------------------------------------

MAX_DEPTH = 64  # a page of run steps nests about 8 deep; metadata and tool arguments leave room to spare
MAX_JSON_BYTES = 8 * 1024 * 1024  # the decoded-size cap of the client and the suite
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # an opening bracket +1, a closing one -1 (signed bytes)


class NotJson(ValueError):
    """The body is not a JSON text within the guards; the message says why, in a few words."""


def depth_of(body: bytes, stop_after: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in `body` (strings skipped); a body with no more than `stop_after`
    opening brackets is answered with their count, a bound that is enough to let it through."""
    brackets = body.count(b"[") + body.count(b"{")
    if brackets <= stop_after:
        return brackets
    # The brackets outside strings, in order, as +1 and -1: the deepest nesting is the largest running sum. Done
    # in C (regex, translate, accumulate): a Python loop over the tokens took milliseconds for a page of steps.
    steps = array("b", _STRING.sub(b"", body).translate(_STEP, _NOT_BRACKET))
    return max(0, max(accumulate(steps), default=0))


def _no_constants(name: str) -> Any:
    raise NotJson(f"{name} is not JSON")


def decode_json(body: bytes, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The JSON value of `body`; raises NotJson when it is larger than `max_bytes`, nests deeper than
    `max_depth`, or is not JSON (NaN and Infinity included, which Python's json would accept)."""
    if len(body) > max_bytes:
        raise NotJson(f"body of {len(body)} bytes is over the {max_bytes}-byte JSON cap")
    if depth_of(body, max_depth) > max_depth:
        raise NotJson(f"body nests deeper than {max_depth} levels")
    try:
        return json.loads(body, parse_constant=_no_constants)
    except NotJson:
        raise
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise NotJson(f"{error.__class__.__name__}: {str(error)[:80]}") from None
