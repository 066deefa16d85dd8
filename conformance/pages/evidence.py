"""What a failure's row in report.html shows of the request behind it: the answer (its status, and its body's
first bytes or the page's step ids), the curl that asks for it again, the probe that sent it, and which key
goes where the curl says `***` (curls mask every credential's value and keep its header's name)."""

from __future__ import annotations

import itertools
import re
import shlex
from typing import Any

from conformance.contract import AZURE_API_KEY_HEADER, PORTKEY_API_KEY_HEADER, PORTKEY_VIRTUAL_KEY_HEADER
from conformance.pages.markup import esc
from conformance.secrets import MASK

_MASKED = re.compile(r"^([A-Za-z0-9_-]+): (?:Bearer )?" + re.escape(MASK) + "$")


def _key_for(header: str, profile: str) -> str:
    """Where the masked value of `header` comes from under `profile`: the option, the profile's variable, or the
    matrix file's `*_env` key (README's "The conformance suite")."""
    name = header.lower()
    if name == "authorization":
        if profile == "azure":
            return "Bearer TOKEN, your Microsoft Entra token (--entra-token, AZURE_OPENAI_AD_TOKEN or entra_token_env)"
        if profile == "portkey-self-hosted":
            return "Bearer KEY, the upstream provider's key (--api-key, OPENAI_API_KEY or api_key_env)"
        return "Bearer KEY, your key (--api-key, OPENAI_API_KEY or api_key_env)"
    if name == AZURE_API_KEY_HEADER.lower():
        return "your Azure resource key (--api-key, AZURE_OPENAI_API_KEY or api_key_env)"
    if name == PORTKEY_API_KEY_HEADER.lower():
        return "your Portkey key (--api-key, PORTKEY_API_KEY or api_key_env)"
    if name == PORTKEY_VIRTUAL_KEY_HEADER.lower():
        return "your Portkey virtual key (--virtual-key, PORTKEY_PROVIDER_VIRTUAL_KEY or virtual_key_env)"
    return f"the value you gave with --header {header}:VALUE"


def masked_headers(curl: str) -> list[str]:
    """The names of the headers whose value the curl masks, in its order."""
    try:
        words = shlex.split(curl)
    except ValueError:
        return []
    names = []
    for flag, value in itertools.pairwise(words):
        match = _MASKED.match(value) if flag == "-H" else None
        if match and match.group(1) not in names:
            names.append(match.group(1))
    return names


def keys_hint(curl: str, profile: str) -> str:
    """`*** stands for: Authorization: Bearer and your key (...)`, or nothing when no value is masked."""
    names = masked_headers(curl)
    if not names:
        return ""
    items = "; ".join(f"<code>{esc(n)}</code>: {esc(_key_for(n, profile))}" for n in names)
    return f'<div class="small muted keys">Where this curl says <code>{esc(MASK)}</code>, put: {items}.</div>'


def request_block(label: str, request: Any, report: dict[str, Any]) -> str:
    """One request of a failure (or the preflight's): what came back, the curl, the probe, the keys."""
    if not isinstance(request, dict):
        return ""
    status = request.get("status")
    answer = f"answered {status}" if status is not None else f"no answer: {request.get('error') or 'unknown'}"
    probe, recording = request.get("probe"), report.get("recording")
    where = ""
    if probe:
        where = f"; probe <code>{esc(probe)}</code>"
        if recording:
            where += f" (the entry in <code>{esc(recording)}</code> whose comment names this probe)"
    got = request.get("answer")
    body = f'<pre class="answer" title="what came back">{esc(got)}</pre>' if got else ""
    curl = str(request.get("curl") or "")
    return (
        f'<div class="small"><b>{esc(label)}</b> ({esc(answer)}{where})</div>{body}'
        f'<pre class="curl">{esc(curl)}</pre>{keys_hint(curl, str(report.get("profile") or ""))}'
    )
