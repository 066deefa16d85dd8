"""One home for recordings (`run --record FILE`, HAR 1.2): what they hold, how they are written, read back,
matched to requests, replayed and trimmed.

- `fields`: what a recording holds beyond HAR's own fields (the run's recipe, each entry's probes and failure
  kind, credential shapes), and whether the run it holds was complete;
- `har`: a finished run as one HAR document, built as data and written once (`reporters.har` is its reporter);
- `read`: a recording read back as numbered entries (`Recorded.seq`), or one `BadRecording` line;
- `match`: which recorded entry answers a request; the one matcher of `judge` and `serve --replay`;
- `replay`: that matcher as an httpx transport, handed to the suite's `Transport` (`http_transport`) by `judge`;
- `judge` / `trim`: a recording judged again with no network, and cut to what shows its failures;
- `server`: that matcher as an HTTP server (`serve --replay`), network failures played back on the socket.

Every exchange is identified by its sequence number (`Exchange.seq`, `Recorded.seq`), never by identity.
"""

from __future__ import annotations

from conformance.observations import UNRECORDED

FIELD = "_conformance"  # HAR's custom fields: log._conformance (the recipe), entries[i]._conformance
REPLAY_HEADER = "x-conformance-replay"  # marks serve --replay's answer to a request it holds no answer for

__all__ = ["FIELD", "REPLAY_HEADER", "UNRECORDED"]
