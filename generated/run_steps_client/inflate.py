"""Content-Encoding decoded in bounded pieces, so a size cap can stop a gzip bomb before it is inflated whole.

httpx inflates each network chunk in one call: 64 KiB of gzip can become 64 MiB in one step. Here zlib is
asked for at most `PIECE` bytes at a time (`max_length`, keeping the rest of the input in `unconsumed_tail`),
so whoever counts the pieces can stop after the first one over its cap. Only gzip and deflate (the encodings
`GuardTransport` asks for) are decoded; any other encoding is a `DecodeError` that names it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from .api_error import DecodeError

PIECE = 64 * 1024  # the most a single decoding step may produce
ACCEPTED = "gzip, deflate"  # what to send as Accept-Encoding: exactly what this module decodes
MAX_LAYERS = 2  # "gzip, gzip" is legal HTTP; deeper stacks only serve to multiply a bomb


class _Stage:
    """One layer of encoding, decoded incrementally."""

    def __init__(self, encoding: str) -> None:
        if encoding in ("gzip", "x-gzip"):
            self._wbits = zlib.MAX_WBITS | 16
        elif encoding == "deflate":
            self._wbits = zlib.MAX_WBITS  # zlib-wrapped, as the RFC says; raw deflate is tried on failure
        else:
            raise DecodeError("", f"Content-Encoding {encoding!r} is not one this client decodes ({ACCEPTED})")
        self.encoding = encoding
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            yield from self._pieces(data)
        except zlib.error as error:
            if self.encoding == "deflate" and not self._started and self._wbits > 0:
                self._wbits = -zlib.MAX_WBITS  # some servers send raw deflate without the zlib wrapper
                self._inflater = zlib.decompressobj(self._wbits)
                yield from self.feed(data)
                return
            raise DecodeError("", f"not valid {self.encoding}: {error}") from None

    def _pieces(self, data: bytes) -> Iterator[bytes]:
        while True:
            out = self._inflater.decompress(data, PIECE)
            if out:
                self._started = True
                yield out
            data = self._inflater.unconsumed_tail
            if data or len(out) == PIECE:
                continue  # more input waiting, or output may be pending inside zlib
            rest = self._inflater.unused_data
            if not (self._inflater.eof and rest):
                return
            # Another gzip member follows (concatenated members are one body).
            self._inflater = zlib.decompressobj(self._wbits)
            data = rest

    def end(self) -> Iterator[bytes]:
        try:
            tail = self._inflater.flush()
        except zlib.error as error:
            raise DecodeError("", f"not valid {self.encoding}: {error}") from None
        if tail:
            yield tail


class Inflater:
    """Decodes a body sent with `Content-Encoding: ENC[, ENC]` in pieces of at most `PIECE` bytes."""

    def __init__(self, encodings: list[str]) -> None:
        if len(encodings) > MAX_LAYERS:
            raise DecodeError("", f"Content-Encoding {', '.join(encodings)}: more layers than {MAX_LAYERS}")
        self._stages = [_Stage(encoding) for encoding in reversed(encodings)]  # the last applied comes off first

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def end(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            for piece in stage.end():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._through(index + 1, piece)


def encodings_of(header: str | None) -> list[str]:
    """The codings a Content-Encoding header lists, lower-cased, without `identity`."""
    if not header:
        return []
    return [part for part in (p.strip().lower() for p in header.split(",")) if part and part != "identity"]
