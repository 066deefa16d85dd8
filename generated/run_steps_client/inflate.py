"""Content-Encoding decoded in bounded pieces, so a size cap can stop a gzip bomb before it is inflated whole.

httpx inflates each network chunk in one call: 64 KiB of gzip can become 64 MiB in one step. The decoding is
`wire.Inflater`'s (zlib asked for at most `PIECE` bytes at a time), the same the conformance suite uses; this
module only turns its `BadEncoding` into this package's `DecodeError`. Only gzip and deflate (the encodings
`GuardTransport` asks for), at most two layers, are decoded; anything else is a `DecodeError` that names it.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import wire
from .api_error import DecodeError

PIECE = wire.PIECE
ACCEPTED = wire.ACCEPTED
MAX_LAYERS = wire.MAX_LAYERS
encodings_of = wire.codings


class Inflater:
    """Decodes a body sent with `Content-Encoding: ENC[, ENC]` in pieces of at most `PIECE` bytes."""

    def __init__(self, encodings: list[str]) -> None:
        try:
            self._inner = wire.Inflater(encodings)
        except wire.BadEncoding as error:
            raise DecodeError("", str(error)) from None

    def feed(self, data: bytes) -> Iterator[bytes]:
        return _translated(self._inner.feed(data))

    def end(self) -> Iterator[bytes]:
        return _translated(self._inner.end())


def _translated(pieces: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from pieces
    except wire.BadEncoding as error:
        raise DecodeError("", str(error)) from None
