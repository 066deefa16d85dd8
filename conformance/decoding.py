"""Response bodies decoded once, in the transport, and bounded on the decoded size.

httpx would inflate `Content-Encoding: gzip` itself, but a single 64 KiB chunk of a gzip bomb inflates to
about 64 MiB in one call, and every later consumer (schemathesis' checks, the HAR) would have to know whether
a body was already decoded. Here the raw bytes are inflated by the client's own reading of the wire
(`run_steps_client.wire.Inflater`, in pieces of at most 64 KiB), so no call produces much more than the cap
allows: a 1 MB body that inflates to 1 GiB is cut at the same cap as a plain one, after inflating only that
much. What comes out is the decoded body, and that is what every phase judges. The suite and the client
accept the same encodings (up to two layers of gzip or deflate) and refuse the same ones.
"""

from __future__ import annotations

from run_steps_client import wire
from run_steps_client.wire import ACCEPTED, Inflater, codings

from conformance.errors import BadEncoding, BodyTooLarge

# What the suite asks for (the client asks for the same); an answer in any other encoding is the provider's
# fault, said so.
ACCEPT_ENCODING = ACCEPTED


class BoundedBody:
    """Collects a body from raw (still encoded) chunks, decoding as it goes; at most `cap` decoded bytes.

    Raises BadEncoding (one line: how the body and its Content-Encoding disagree) from the constructor for an
    encoding the suite did not ask for, and from `feed` / `finish` for bytes that do not decode."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        applied = codings(content_encoding)
        try:
            self._inflater = Inflater(applied) if applied else None
        except wire.BadEncoding as exc:
            raise BadEncoding(str(exc)) from None
        self.cap = cap
        self.wire_bytes = 0
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, raw: bytes) -> None:
        """Add raw bytes; raises BodyTooLarge past the cap, BadEncoding when the bytes cannot be decoded."""
        self.wire_bytes += len(raw)
        if self._inflater is None:
            self._keep(raw)
            return
        try:
            for piece in self._inflater.feed(raw):
                self._keep(piece)
        except wire.BadEncoding as exc:
            raise BadEncoding(str(exc)) from None

    def _keep(self, data: bytes) -> None:
        if self._size + len(data) > self.cap:
            self._chunks.append(data[: self.cap - self._size])
            raise BodyTooLarge(b"".join(self._chunks))
        self._size += len(data)
        self._chunks.append(data)

    def finish(self) -> bytes:
        """The decoded body, once the last raw chunk is in; a compressed body cut short is BadEncoding."""
        if self._inflater is not None:
            try:
                for piece in self._inflater.end():
                    self._keep(piece)
            except wire.BadEncoding as exc:
                raise BadEncoding(str(exc)) from None
        return b"".join(self._chunks)
