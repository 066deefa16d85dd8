"""`--rate-limit N/s` (or `N/m`): a cap on the request rate across a whole run, every worker included.

Requests are spaced evenly (one every 1/N seconds), which is what a provider's per-second limits expect and
what keeps a nightly run polite; a burst allowance would let a run of 4 workers open with 4 requests at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

DEFAULT_REMOTE = "5/s"  # for --base-url runs on other hosts; see README ("A nightly compatibility check")
LOOPBACK = ("localhost", "::1")
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(s|sec|second|m|min|minute)\s*$", re.IGNORECASE)


def default_rate(base_url: str | None) -> float | None:
    """The pacing a run gets without --rate-limit: none for the embedded provider and for loopback (a server of
    your own), DEFAULT_REMOTE for any other host."""
    if base_url is None:
        return None
    host = (urlsplit(base_url).hostname or "").lower()
    if host in LOOPBACK or host.startswith("127."):
        return None
    return parse_rate(DEFAULT_REMOTE)


def parse_rate(text: str) -> float | None:
    """Requests per second from `N/s` or `N/m`; None for `none` or `0` (no pacing). Raises ValueError."""
    if text.strip().lower() in ("none", "off", "0"):
        return None
    match = _RATE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"--rate-limit expects N/s or N/m (or none), got {text!r}")
    per = 1.0 if match.group(2).lower().startswith("s") else 60.0
    return float(match.group(1)) / per


class Pacer:
    """Hands out send times no closer than 1/rate apart; thread-safe, and a no-op without a rate."""

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 0.0 if per_second is None else 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)
