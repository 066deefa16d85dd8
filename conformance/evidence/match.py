"""Which recorded entry answers a request: the one matcher of `judge` (through `evidence.replay`) and of
`serve --replay` (`evidence.server`).

A request is identified by its method, path, the query with its parameters in a normal order, the OpenAI-Beta
header (schemathesis leaves it out on purpose) and the *shape* of its credentials (`Bearer ***`: any key is
accepted; the suite's deliberately wrong key, a scheme with no token or two tokens are told apart), and, for
`judge`, the probe that sends it (every entry names its probe; a server cannot know it). Repeats are answered in
recorded order; a request whose recorded answer came after 429s that retries absorbed gets those 429s first
(only their number was kept). Entries the transport never sent (its breaker held them) answer nothing.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from conformance.contract import BETA_HEADER
from conformance.evidence.fields import credential_shapes
from conformance.evidence.read import Recorded, Recording
from conformance.observations import Exchange


def request_key(
    method: str, url: str, headers: Mapping[str, str], shapes: Mapping[str, str] | None = None, exact: bool = True
) -> tuple[Any, ...]:
    """What identifies a request in a recording: method, path (unquoted), the query with its parameters in a
    normal order, the OpenAI-Beta header, and the credentials: their shapes (`exact`), or only which credential
    headers were sent (a recording without shapes)."""
    parts = urlsplit(url)
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    lowered = {k.lower(): v for k, v in headers.items()}
    beta = lowered.get(BETA_HEADER.lower())
    found = credential_shapes(headers) if shapes is None else dict(shapes)
    credentials: tuple[Any, ...] = tuple(sorted(found.items())) if exact else tuple(sorted(found))
    return (method.upper(), unquote(parts.path), query, beta, credentials)  # httpx may quote a path anew


@dataclass
class Slot:
    """The recorded answers to one request, in order, and the 429s still owed before the next one."""

    answers: deque[Recorded]
    last: Recorded
    retries_left: int = 0


@dataclass(frozen=True)
class Answer:
    """What to play back: a recorded entry, or a 429 that a retry absorbed before it (`entry` None)."""

    entry: Recorded | None

    @property
    def exchange(self) -> Exchange:
        if self.entry is not None:
            return self.entry.exchange
        return Exchange("GET", "", {}, status=429, headers={"retry-after": "0"})


class Matcher:
    """The recording's entries by request key; safe to share between threads.

    `by_probe`: the key holds the probe's label too (`judge`); `repeat_last`: once a request's answers run out,
    the last is given again (`serve --replay`, where a client may repeat itself), else nothing (`judge`, where a
    request the recorded run did not send has no answer)."""

    def __init__(self, recording: Recording, *, by_probe: bool, repeat_last: bool) -> None:
        self.recording = recording
        self.exact = recording.exact
        self.by_probe = by_probe
        self.repeat_last = repeat_last
        self.slots: dict[tuple[Any, ...], Slot] = {}
        self.answered = 0
        self.unrecorded = 0
        self.lock = threading.Lock()
        for entry in recording.entries:
            e = entry.exchange
            if e.error_kind == "breaker":
                continue  # never sent live: nothing to play back
            key = self._key(e.used_by[0] if e.used_by else "", e.method, e.url, e.request_headers, entry.shapes)
            slot = self.slots.get(key)
            if slot is None:
                self.slots[key] = Slot(deque([entry]), entry, e.retries_429)
            else:
                slot.answers.append(entry)
                slot.last = entry

    def _key(
        self, label: str, method: str, url: str, headers: Mapping[str, str], shapes: Mapping[str, str] | None = None
    ) -> tuple[Any, ...]:
        key = request_key(method, url, headers, shapes, self.exact)
        return ((label,) if self.by_probe else (), *key)

    def answer(self, label: str, method: str, url: str, headers: Mapping[str, str]) -> Answer | None:
        """The next answer to this request (a 429 a retry absorbed first), or None: the recording holds none."""
        key = self._key(label, method, url, headers)
        with self.lock:
            slot = self.slots.get(key)
            if slot is None or (not slot.answers and not self.repeat_last):
                self.unrecorded += 1
                return None
            self.answered += 1
            if slot.retries_left:
                slot.retries_left -= 1
                return Answer(None)
            entry = slot.answers.popleft() if slot.answers else slot.last
            if slot.answers:
                slot.retries_left = slot.answers[0].exchange.retries_429
            return Answer(entry)


def sources(recording: Recording, exchanges: list[Exchange]) -> dict[int, int]:
    """For each exchange of a judged run (by `seq`), the recorded entry (by `seq`) that answered it: the same
    matching again, in the order the run sent them."""
    matcher = Matcher(recording, by_probe=True, repeat_last=False)
    found: dict[int, int] = {}
    for exchange in exchanges:
        label = exchange.used_by[0] if exchange.used_by else ""
        key = matcher._key(label, exchange.method, exchange.url, exchange.request_headers)
        slot = matcher.slots.get(key)
        if slot is not None and slot.answers:
            found[exchange.seq] = slot.answers.popleft().seq
    return found
