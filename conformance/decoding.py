"""Response bodies decoded once, in the transport, and bounded on the decoded size.

httpx would inflate `Content-Encoding: gzip` itself, but a single 64 KiB chunk of a gzip bomb inflates to
about 64 MiB in one call, and every later consumer (schemathesis' checks, the HAR) would have to know whether
a body was already decoded. Here the raw bytes are inflated with `max_length`, so no call produces more than
the cap allows: a 1 MB body that inflates to 1 GiB is cut at the same cap as a plain one, after inflating
only that much. What comes out is the decoded body, and that is what every phase judges.
"""

from __future__ import annotations

import zlib

from conformance.errors import BadEncoding, BodyTooLarge

# What the suite asks for (httpx's own default without brotli or zstandard installed); an answer in any
# other encoding is the provider's fault, said so.
ACCEPT_ENCODING = "gzip, deflate"
IDENTITY = frozenset({"", "identity"})


class BoundedBody:
    """Collects a body from raw (still encoded) chunks, decoding as it goes; at most `cap` decoded bytes."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip().lower() not in IDENTITY]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise BadEncoding(
                f"Content-Encoding: {content_encoding}, which the suite did not ask for "
                f"(it sends Accept-Encoding: {ACCEPT_ENCODING})"
            )
        self.coding = codings[0] if codings else ""
        self.cap = cap
        self.wire_bytes = 0
        self._chunks: list[bytes] = []
        self._size = 0
        self._inflater: zlib._Decompress | None = None
        if self.coding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._inflater = zlib.decompressobj()  # zlib-wrapped, as RFC 9110 says; raw deflate is tried below
        self._started = False

    def feed(self, raw: bytes) -> None:
        """Add raw bytes; raises BodyTooLarge past the cap, BadEncoding when the bytes cannot be decoded."""
        self.wire_bytes += len(raw)
        if self._inflater is None:
            self._keep(raw)
            return
        data = raw
        while data:
            room = self.cap - self._size + 1  # one byte more than fits tells "too large" apart from "exactly full"
            try:
                out = self._inflater.decompress(data, room)
            except zlib.error as exc:
                if self.coding == "deflate" and not self._started:  # servers that send raw deflate
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise BadEncoding(
                    f"Content-Encoding: {self.coding}, but the body is not {self.coding} data ({exc})"
                ) from None
            self._started = True
            self._keep(out)
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                return  # anything after the end of the stream is ignored, as httpx does

    def _keep(self, data: bytes) -> None:
        if self._size + len(data) > self.cap:
            self._chunks.append(data[: self.cap - self._size])
            raise BodyTooLarge(b"".join(self._chunks))
        self._size += len(data)
        self._chunks.append(data)

    def finish(self) -> bytes:
        """The decoded body, once the last raw chunk is in; a compressed body cut short is BadEncoding."""
        if self._inflater is not None and self.wire_bytes and not self._inflater.eof:
            raise BadEncoding(f"Content-Encoding: {self.coding}, but the compressed body ends before its end")
        return b"".join(self._chunks)
