"""What a recording (`--record FILE`, HAR 1.2) holds beyond HAR's own fields, and reading one back.

A HAR file alone shows what happened; repeating the run on it needs more. `add_fields` adds HAR's custom
(`_`-prefixed) fields, which viewers ignore:
- `log._conformance`: the recipe of the run (target, thread and run ids, settings, seed, suite and spec
  versions) and how it ended (verdict, notes, elapsed time);
- `entries[i]._conformance`: the probes that sent the request and what the transport saw exactly (error kind
  and text, elapsed seconds, 429s absorbed by retries), and the *shape* of each credential header: its scheme
  words kept, every token `***`, the suite's deliberately wrong key named as such. The header itself is
  `***` (masked), so the shape is what tells a wrong key, a malformed one and the profile's own apart.

`load` turns a recording back into `Exchange`s for `judge`, `serve --replay` and trimming. A recording made
before these fields existed is read from HAR's own fields and the entry comments, as far as they go.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from conformance.contract import BETA_HEADER
from conformance.headline import headline
from conformance.observations import Exchange
from conformance.secrets import MASK, Masker, is_secret_header

if TYPE_CHECKING:
    from conformance.results import RunResult
    from conformance.settings import Settings
    from conformance.targets import Target

FIELD = "_conformance"
FORMAT = 1
SCHEMES = frozenset({"bearer", "token", "basic"})
WRONG_KEY_WORD = "wrong-key"  # the suite's deliberately wrong key, in a credential's shape
SETTINGS_FIELDS = (
    "max_examples",
    "seed",
    "timeout",
    "max_requests",
    "allow_incomplete",
    "max_body_bytes",
    "retries_429",
    "max_retry_wait",
    "workers",
)


class BadRecording(ValueError):
    """The file is not a recording the suite can read; the message is one line."""


def recipe(target: Target, settings: Settings) -> dict[str, Any]:
    """What repeats a run: the target as the runner saw it and the settings (masked when written)."""
    return {
        "target": {
            "name": target.name,
            "base_url": target.base_url,
            "profile": target.profile.name,
            "headers": dict(target.profile.headers),
            "credential_headers": list(target.profile.credential_headers),
            "thread_id": target.thread_id,
            "run_id": target.run_id,
            "query": [list(pair) for pair in target.query],
        },
        "settings": {
            **{name: getattr(settings, name) for name in SETTINGS_FIELDS},
            "checks": sorted(settings.checks) if settings.checks is not None else None,
            "excluded": sorted(settings.excluded),
        },
    }


def credential_shape(value: str) -> str:
    """`Bearer ***`, `Bearer *** ***`, `Token ***`, `Bearer wrong-key`, `` (no token): what a credential
    looks like with every secret part masked. Only scheme words and the suite's own wrong key stay."""
    from conformance.profiles import WRONG_KEY

    words = value.split()
    return " ".join(w if w.lower() in SCHEMES else WRONG_KEY_WORD if w == WRONG_KEY else MASK for w in words)


def credential_shapes(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): credential_shape(v) for k, v in headers.items() if is_secret_header(k)}


def request_key(
    method: str, url: str, headers: Mapping[str, str], shapes: Mapping[str, str] | None = None, exact: bool = True
) -> tuple[Any, ...]:
    """What identifies a request in a recording: method, path, the query with its parameters in a normal
    order, the OpenAI-Beta header (schemathesis leaves it out on purpose), and the credentials: their shapes
    (`exact`), or only which credential headers were sent (a recording without shapes)."""
    parts = urlsplit(url)
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    lowered = {k.lower(): v for k, v in headers.items()}
    beta = lowered.get(BETA_HEADER.lower())
    found = credential_shapes(headers) if shapes is None else dict(shapes)
    credentials: tuple[Any, ...] = tuple(sorted(found.items())) if exact else tuple(sorted(found))
    return (method.upper(), parts.path, query, beta, credentials)


def _masked_recipe(result: RunResult, masker: Masker, public: frozenset[str]) -> dict[str, Any]:
    from conformance import __version__

    data: dict[str, Any] = json.loads(json.dumps(result.recipe))  # a copy
    target = data.get("target")
    if isinstance(target, dict):
        # Credentials as their shapes (`Bearer ***`), so that the probes derived from them (no key, wrong key,
        # malformed) have the shapes they had; the embedded provider's published keys stay, as in the curls.
        raw = target.get("headers", {})
        target["headers"] = {
            k: v if v in public else credential_shape(v) if is_secret_header(k) else masker.text(v)
            for k, v in raw.items()
        }
        target["base_url"] = masker.text(target.get("base_url", ""))
        target["query"] = [[k, masker.text(v)] for k, v in target.get("query", [])]
    data.update(
        format=FORMAT,
        suite_version=__version__,
        spec_version=result.spec_version,
        run={
            "target_id": masker.text(result.target_id),
            "run_ref": masker.text(result.run_ref),
            "embedded_fault": result.embedded_fault,
            "replay": result.replay,
            "notes": [masker.text(n) for n in result.notes],
            "elapsed": result.elapsed,
            "rate_limit": result.rate_limit,
            "verdict": result.verdict.value,
            "summary": masker.text(headline(result)),
            "failed": [c.name for c in result.failed],
            "interrupted": result.interrupted,
        },
    )
    return data


def _entry_fields(exchange: Exchange) -> dict[str, Any]:
    return {
        "probes": list(exchange.used_by),
        "elapsed": exchange.elapsed,
        "error_kind": exchange.error_kind,
        "error": exchange.error,
        "retries_429": exchange.retries_429,
        "credentials": credential_shapes(exchange.request_headers),
    }


def _masked_bytes(body: bytes, masker: Masker) -> bytes:
    """A body that is not UTF-8, masked as Latin-1 text (every byte one character), so secrets in ASCII go."""
    return masker.text(body.decode("latin-1")).encode("latin-1")


def with_fields(text: str, result: RunResult, masker: Masker) -> str:
    """The HAR text `reporters.har` made from `result`, with the custom fields added (entries in the same
    order). A body that is not UTF-8 is stored exactly, as HAR's base64 content (masked before it is encoded,
    since masking the written text cannot see into base64), instead of with replacement marks."""
    from conformance import reference

    public = reference.PUBLIC_KEYS | {f"Bearer {k}" for k in reference.PUBLIC_KEYS}
    data = json.loads(text)
    log = data["log"]
    log[FIELD] = _masked_recipe(result, masker, public if result.embedded_fault is not None else frozenset())
    for entry, exchange in zip(log["entries"], result.exchanges, strict=True):
        fields = _entry_fields(exchange)
        fields["error"] = masker.text(fields["error"]) if fields["error"] else None
        entry[FIELD] = fields
        try:
            exchange.body.decode("utf-8")
        except UnicodeDecodeError:
            content = entry["response"]["content"]
            content["text"] = base64.b64encode(_masked_bytes(exchange.body, masker)).decode("ascii")
            content["encoding"] = "base64"
    return json.dumps(data, indent=1)


@dataclass
class Recorded:
    """One entry of a recording, as an exchange again."""

    exchange: Exchange
    index: int
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
        """Every entry carries its credentials' shapes (see `request_key`)."""
        return all(e.shapes is not None for e in self.entries)


def _error_kind(text: str) -> str:
    """The kind of a network failure from its text, for recordings without `_conformance` (the texts are the
    transport's own, see conformance.transport)."""
    starts = (
        ("timeout", "timeout"),
        ("connection reset", "reset"),
        ("response body larger", "too_large"),
        ("not sent", "breaker"),
        ("connection failed", "refused"),
        ("TLS", "tls"),
        ("DNS", "dns"),
        ("interrupted", "interrupted"),
    )
    return next((kind for start, kind in starts if text.startswith(start)), "protocol")


def _from_comment(comment: str) -> tuple[list[str], str | None]:
    """The probes and the network failure an entry's comment names (`probe: A, B; checks: ...; no complete
    answer: ...`), for recordings without `_conformance`."""
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


def _exchange(entry: Mapping[str, Any]) -> tuple[Exchange, dict[str, str] | None]:
    request, response = entry["request"], entry["response"]
    fields = entry.get(FIELD)
    probes, error = _from_comment(str(entry.get("comment", "")))
    exchange = Exchange(
        method=str(request["method"]),
        url=str(request["url"]),
        request_headers={str(h["name"]): str(h["value"]) for h in request.get("headers", [])},
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
        exchange.error, exchange.error_kind = error, _error_kind(error)
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
    recipe: dict[str, Any] = found if isinstance(found, dict) else {}
    recording = Recording(path, data, recipe)
    for index, entry in enumerate(log["entries"]):
        try:
            exchange, shapes = _exchange(entry)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"{exc.__class__.__name__}: {exc}"
            raise BadRecording(f"{path}: entry {index + 1} is not a HAR entry ({what})") from None
        recording.entries.append(Recorded(exchange, index, shapes))
    return recording
