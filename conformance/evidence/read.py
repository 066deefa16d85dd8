"""A recording read back: its entries as numbered exchanges again, for `judge`, `serve --replay` and trimming.

A recording made before the custom fields existed is read from HAR's own fields and the entry comments, as far
as they go. Anything that is not a recording of a run is one `BadRecording` line, for `judge` and
`serve --replay` alike (`require_run`).
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from conformance.errors import BadRecording
from conformance.evidence import FIELD
from conformance.observations import Exchange

__all__ = ["BadRecording", "Recorded", "Recording", "load", "require_run"]


@dataclass
class Recorded:
    """One entry of a recording, as an exchange again; `seq` is its place in the recording."""

    exchange: Exchange
    seq: int
    shapes: dict[str, str] | None  # credential shapes; None in a recording made before they were written

    @property
    def probes(self) -> list[str]:
        return self.exchange.used_by


@dataclass
class Recording:
    path: Path
    data: dict[str, Any]  # the HAR document as read (trimming writes a subset of it)
    recipe: dict[str, Any]  # log._conformance, or {} for a recording made before it existed
    entries: list[Recorded] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        """Every entry carries its credentials' shapes (see `evidence.match.request_key`)."""
        return all(e.shapes is not None for e in self.entries)

    @property
    def run(self) -> dict[str, Any]:
        """How the recorded run ended (`fields.run_fields`), {} for an older recording."""
        found = self.recipe.get("run")
        return found if isinstance(found, dict) else {}

    @property
    def interrupted(self) -> str | None:
        """The signal that cut the recorded run short (SIGINT, SIGTERM), or None."""
        signal = self.run.get("interrupted")
        return str(signal) if signal else None

    @property
    def incomplete(self) -> str | None:
        """Why the recorded run did not finish its plan (interrupted, a spent budget), or None."""
        if self.run.get("complete", True) is not False:
            return None
        return str(self.run.get("incomplete") or "the recorded run did not finish")


# The transport's own texts, for the kind of a failure in a recording made before the kinds were written.
_OLD_TEXTS = (
    ("timeout", "timeout"),
    ("connection reset", "reset"),
    ("response body larger", "too_large"),
    ("not sent", "breaker"),
    ("connection failed", "refused"),
    ("TLS", "tls"),
    ("DNS", "dns"),
    ("interrupted", "interrupted"),
)


def _old_kind(text: str) -> str:
    return next((kind for start, kind in _OLD_TEXTS if text.startswith(start)), "protocol")


def _from_comment(comment: str) -> tuple[list[str], str | None]:
    """The probes and the network failure an entry's comment names (`probe: A, B; checks: ...; no complete
    answer: ...`), for recordings without the custom fields."""
    probes: list[str] = []
    error = None
    for part in comment.split("; "):
        name, _, value = part.partition(": ")
        if name == "probe" and value != "unlabelled":
            probes = [p.strip() for p in value.split(", ") if p.strip()]
        elif name == "no complete answer":
            error = value
    return probes, error


def _body(content: Mapping[str, Any]) -> bytes:
    text = content.get("text") or ""
    if content.get("encoding") == "base64":
        return base64.b64decode(text)
    return str(text).encode("utf-8")


def _exchange(entry: Mapping[str, Any], seq: int) -> tuple[Exchange, dict[str, str] | None]:
    request, response = entry["request"], entry["response"]
    fields = entry.get(FIELD)
    probes, error = _from_comment(str(entry.get("comment", "")))
    exchange = Exchange(
        method=str(request["method"]),
        url=str(request["url"]),
        request_headers={str(h["name"]): str(h["value"]) for h in request.get("headers", [])},
        seq=seq,
    )
    status = int(response.get("status") or 0)
    exchange.headers = {str(h["name"]).lower(): str(h["value"]) for h in response.get("headers", [])}
    exchange.body = _body(response.get("content", {}))
    exchange.elapsed = float(entry.get("time") or 0) / 1000
    shapes = None
    if isinstance(fields, dict):
        probes = [str(p) for p in fields.get("probes", [])]
        exchange.elapsed = float(fields.get("elapsed", exchange.elapsed))
        exchange.error, exchange.error_kind = fields.get("error"), fields.get("error_kind")
        exchange.retries_429 = int(fields.get("retries_429") or fields.get("retries_after_429") or 0)
        shapes = {str(k): str(v) for k, v in fields.get("credentials", {}).items()}
    elif error is not None:
        exchange.error, exchange.error_kind = error, _old_kind(error)
    exchange.status = status if (status or exchange.error is None) else None
    exchange.used_by = probes
    started = entry.get("startedDateTime")
    if isinstance(started, str):
        with contextlib.suppress(ValueError):
            exchange.started_at = datetime.fromisoformat(started)
    return exchange, shapes


def load(path: Path) -> Recording:
    """Read a recording; anything that is not a HAR file of requests is `BadRecording`, in one line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadRecording(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except ValueError as exc:
        raise BadRecording(f"{path} is not a HAR file (not JSON: {exc})") from None
    log = data.get("log") if isinstance(data, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise BadRecording(f"{path} is not a HAR file (no log.entries)")
    found = log.get(FIELD)
    recording = Recording(path, data, found if isinstance(found, dict) else {})
    for seq, item in enumerate(log["entries"]):
        try:
            exchange, shapes = _exchange(item, seq)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"{exc.__class__.__name__}: {exc}"
            raise BadRecording(f"{path}: entry {seq + 1} is not a HAR entry ({what})") from None
        recording.entries.append(Recorded(exchange, seq, shapes))
    return recording


def require_run(recording: Recording) -> Recording:
    """The recording, when it holds a run (its first entry is the preflight); else `BadRecording`. What
    `judge` refuses, `serve --replay` refuses too."""
    if not recording.entries:
        raise BadRecording(f"{recording.path}: the recording holds no request, so there is no run to judge or serve")
    if "preflight" not in recording.entries[0].probes:
        raise BadRecording(
            f"{recording.path}: the recording holds no preflight request (its first entry), so there is no run "
            "to judge or serve"
        )
    return recording
