"""What a recording holds beyond HAR's own fields, in HAR's custom (`_`-prefixed) fields, which viewers ignore:

- `log._conformance`: the recipe of the run (target, thread and run ids, settings, seed, suite and spec
  versions) and how it ended (verdict, notes, elapsed time, requests, and `complete`: false with the reason
  when the run was interrupted or its budget cut it short);
- `entries[i]._conformance`: the probes that sent the request and what the transport saw exactly (failure kind
  and text, elapsed seconds, 429s absorbed by retries), and the *shape* of each credential header: its scheme
  words kept, every token `***`, the suite's deliberately wrong key named as such. The header itself is
  `***` (masked), so the shape is what tells a wrong key, a malformed one and the profile's own apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from conformance.headline import headline
from conformance.observations import Exchange
from conformance.secrets import MASK, Masker, is_secret_header

if TYPE_CHECKING:
    from conformance.results import RunResult
    from conformance.settings import Settings
    from conformance.targets import Target

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


def incompleteness(result: RunResult) -> str | None:
    """Why the recorded run did not finish its plan (an interrupt, a spent budget), or None."""
    if result.interrupted:
        return f"interrupted ({result.interrupted}) after {result.requests} requests"
    stops = [n for n in result.notes if n.startswith(("semantic phase: not judged", "schemathesis phase stopped"))]
    return "; ".join(stops) or None


def run_fields(result: RunResult, masker: Masker, public: frozenset[str]) -> dict[str, Any]:
    """`log._conformance`: the recipe (credentials as their shapes) and how the run ended, masked."""
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
    why = incompleteness(result)
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
            "requests": result.requests,
            "complete": why is None,
            "incomplete": masker.text(why) if why else None,
        },
    )
    return data


def entry_fields(exchange: Exchange, masker: Masker) -> dict[str, Any]:
    """`entries[i]._conformance`: what the transport saw of one exchange, masked."""
    return {
        "probes": list(exchange.used_by),
        "elapsed": exchange.elapsed,
        "error_kind": exchange.error_kind,
        "error": masker.text(exchange.error) if exchange.error else None,
        "retries_429": exchange.retries_429,
        "attempt": exchange.attempt,
        "retried": exchange.retried,
        "credentials": credential_shapes(exchange.request_headers),
    }
