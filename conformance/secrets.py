"""The one place that knows what is secret and how it is masked.

Every output path (terminal, report files, logs, recordings) renders text through a `Masker`. It replaces
each known secret value wherever it appears, and the value of any header whose name marks it as a credential.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape as xml_escape

from conformance.contract import SECRET_CREDENTIAL_HEADER_NAMES

MASK = "***"
QUOTES = {'"': "&quot;", "'": "&apos;"}
# The operation's secret credential headers (contract.CREDENTIAL_HEADERS), and others that carry secrets.
SECRET_HEADERS = SECRET_CREDENTIAL_HEADER_NAMES | frozenset({
    "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-portkey-config",
})  # fmt: skip
SECRET_ENV = (
    "OPENAI_API_KEY",
    "PORTKEY_API_KEY",
    "PORTKEY_PROVIDER_VIRTUAL_KEY",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "AZURE_AI_AGENTS_TOKEN",  # Foundry's Agent Service (contract.FOUNDRY_TOKEN_ENV)
)
# A word of the header name (between - or _) that marks a credential: `x-api-key`, `x-auth-token`; not the
# "key" inside `x-portkey-provider`, a routing header that stays readable in reproductions.
_SENSITIVE_NAME = re.compile(
    r"(?:^|[-_])(?:auth\w*|key|apikey|token|secret|password|passwd|config|credentials?|session)(?:$|[-_])",
    re.IGNORECASE,
)


# user:password@ in a URL, wherever a URL is shown (a redirect's Location, a provider's own message).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]+@")

_KEY_LIKE = re.compile(r"^(?:bearer\s+)?(?:sk|pk|vk|rk|key)[-_][\w-]{6,}$|^[A-Za-z0-9_\-]{32,}$", re.IGNORECASE)


def looks_secret(value: str) -> bool:
    """A value shaped like an API key (`sk-...`, `Bearer pk-...`, or a long opaque token)."""
    return bool(_KEY_LIKE.match(value.strip()))


def is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADERS or bool(_SENSITIVE_NAME.search(lowered))


def mask_userinfo(text: str) -> str:
    """Every URL's `user:password@` replaced by `***@`."""
    return _USERINFO.sub(rf"\1{MASK}@", text) if "@" in text else text


class Masker:
    """Masks known secret values (and the environment's API keys) in any text it renders.

    `public` values are published keys (the embedded reference provider's): they are never masked, neither as
    a secret value nor as a credential header's value (alone or as `Bearer KEY`), so a reproduction's curl runs
    as it is. This is the only place that rule lives."""

    def __init__(
        self, secrets: Iterable[str] = (), environ: Mapping[str, str] | None = None, public: Iterable[str] = ()
    ) -> None:
        env = os.environ if environ is None else environ
        self._public = frozenset(public)
        values = {s for s in secrets if s} | {env[name] for name in SECRET_ENV if env.get(name)}
        values -= self._public
        # Longest first, so a secret that contains another is masked whole. Very short values would mask
        # ordinary words, so they are only masked as whole header values (see `headers`).
        self._values = sorted((v for v in values if len(v) >= 4), key=len, reverse=True)
        # Each secret also as JSON and XML spell it: reports are masked once, as the text that is written.
        spellings = {f for v in self._values for f in (v, json.dumps(v)[1:-1], xml_escape(v), xml_escape(v, QUOTES))}
        ordered = sorted(spellings, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self._values)

    def with_secrets(self, more: Iterable[str]) -> Masker:
        """This masker with more secrets (a matrix's table masks every target's); published keys stay readable
        only when no other target's secret is one of them."""
        return Masker([*self._values, *more], environ={}, public=self._public)

    def is_public(self, value: str) -> bool:
        """A published key, alone or as `Bearer KEY`."""
        stripped = value.strip()
        return stripped in self._public or stripped.removeprefix("Bearer ").strip() in self._public

    def text(self, value: str) -> str:
        value = mask_userinfo(value)
        if self._pattern is None:
            return value
        return self._pattern.sub(MASK, value)

    def headers(self, headers: Mapping[str, str], keep_public: bool = True) -> dict[str, str]:
        """Credential headers (by name) masked whole, unless their value is a published key (`keep_public`:
        reproductions keep it; a recording masks every credential header); every other value through `text`."""
        return {
            name: MASK if is_secret_header(name) and not (keep_public and self.is_public(value)) else self.text(value)
            for name, value in headers.items()
        }
