"""Provider profiles as data: the headers each sends, which of them are secret, and how to break auth.

- openai: `Authorization: Bearer KEY` (OpenAI or any OpenAI-compatible server).
- portkey: Portkey's hosted gateway, `x-portkey-api-key` + `x-portkey-virtual-key`.
- portkey-self-hosted: the open-source gateway, `x-portkey-provider` (+ `x-portkey-custom-host`) and the
  provider key as Bearer, which the gateway forwards upstream.
- azure: Azure OpenAI, the resource key as `api-key`, or a Microsoft Entra token as `Authorization: Bearer`.
- foundry: Microsoft Foundry's Agent Service (a project endpoint): a Microsoft Entra token as `Authorization:
  Bearer`, never a key, and no OpenAI-Beta header (Foundry's REST surface declares none; its client sends none).
- custom: only the headers given with --header (and the key as Bearer, if one is given).
Every other profile sends `OpenAI-Beta: assistants=v2` (Azure ignores it where it does not need it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from conformance.contract import (
    AUTHORIZATION,
    AZURE_API_KEY_HEADER,
    BETA_HEADER,
    BETA_VALUE,
    PORTKEY_API_KEY_HEADER,
    PORTKEY_CUSTOM_HOST_HEADER,
    PORTKEY_PROVIDER_HEADER,
    PORTKEY_VIRTUAL_KEY_HEADER,
)
from conformance.secrets import is_secret_header, looks_secret

__all__ = [
    "MALFORMED_VARIANTS",
    "PROFILE_NAMES",
    "Credentials",
    "Profile",
    "azure",
    "custom",
    "foundry",
    "is_secret_header",
    "openai",
    "portkey",
    "portkey_self_hosted",
]

BETA = {BETA_HEADER: BETA_VALUE}
WRONG_KEY = "sk-conformance-deliberately-wrong-key"
PROFILE_NAMES = ("openai", "portkey", "portkey-self-hosted", "azure", "foundry", "custom")


class Credentials(StrEnum):
    """The credentials a probe sends instead of the profile's own (`Probe.credentials`). A profile builds the
    headers of each variant it has (`Profile.credential_variants`); a profile without a key has no malformed
    variants, so those probes are not sent. The values are what recordings and details call them."""

    NONE = "without a key"
    WRONG = "with a wrong key"
    SCHEME_ONLY = "a scheme and no token"
    TWO_TOKENS = "two tokens"
    UNKNOWN_SCHEME = "an unknown scheme"


# The ways clients and proxies get a credential wrong, each probed on every profile with a key.
MALFORMED_VARIANTS = (Credentials.SCHEME_ONLY, Credentials.TWO_TOKENS, Credentials.UNKNOWN_SCHEME)


@dataclass(frozen=True)
class Profile:
    name: str
    headers: dict[str, str]
    secrets: tuple[str, ...]
    # The header(s) that carry the credential: removed to test "no key", replaced to test "wrong key".
    credential_headers: tuple[str, ...] = field(default_factory=tuple)

    def without_credentials(self) -> dict[str, str]:
        drop = {h.lower() for h in self.credential_headers}
        return {k: v for k, v in self.headers.items() if k.lower() not in drop}

    def with_headers(self, extra: dict[str, str]) -> tuple[Profile, list[str]]:
        """This profile plus `extra` headers (--header), which win over its own; returns the names of the
        profile's headers they replaced. A secret-looking extra header is a credential: masked, and left out
        or replaced by the no-key and wrong-key probes."""
        own = {k.lower(): k for k in self.headers}
        replaced = [own[k.lower()] for k in extra if k.lower() in own and k.lower() != BETA_HEADER.lower()]
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {e.lower() for e in extra}}
        headers.update(extra)
        secret = [k for k, v in extra.items() if is_secret_header(k) or looks_secret(v)]
        credential = {*self.credential_headers, *(k for k in secret if is_secret_header(k))}
        kept = tuple(h for h in credential if h.lower() in {k.lower() for k in headers})
        secrets = (*self.secrets, *(extra[k] for k in secret))
        return Profile(self.name, headers, secrets, kept), replaced

    def credential_variants(self) -> dict[Credentials, dict[str, str]]:
        """The headers of every credential variant this profile has (see `Credentials`)."""
        return {
            Credentials.NONE: self.without_credentials(),
            Credentials.WRONG: self.with_wrong_credentials(),
            **self.with_malformed_credentials(),
        }

    def with_malformed_credentials(self) -> dict[Credentials, dict[str, str]]:
        """The profile's headers with its first credential malformed, by the ways clients and proxies get it
        wrong (`MALFORMED_VARIANTS`): a scheme with no token, the token twice, an unknown scheme. A bearer
        header keeps its scheme word; a bare key header gets one where none belongs."""
        if not self.credential_headers:
            return {}
        name = self.credential_headers[0]
        value = self.headers.get(name, "")
        scheme, _, token = value.partition(" ") if value.lower().startswith("bearer ") else ("", "", value)
        token = token or WRONG_KEY
        variants = (
            (scheme or "Bearer", f"{scheme} {token} {token}".strip(), f"Token {token}")
            if scheme
            else ("", f"{token} {token}", f"Bearer {token}")
        )
        return {kind: {**self.headers, name: v} for kind, v in zip(MALFORMED_VARIANTS, variants, strict=True)}

    def with_wrong_credentials(self) -> dict[str, str]:
        headers = dict(self.headers)
        for name in self.credential_headers:
            headers[name] = f"Bearer {WRONG_KEY}" if name.lower() == AUTHORIZATION.lower() else WRONG_KEY
        return headers


def openai(api_key: str) -> Profile:
    return Profile("openai", {AUTHORIZATION: f"Bearer {api_key}", **BETA}, (api_key,), (AUTHORIZATION,))


def portkey(api_key: str, virtual_key: str) -> Profile:
    headers = {PORTKEY_API_KEY_HEADER: api_key, PORTKEY_VIRTUAL_KEY_HEADER: virtual_key, **BETA}
    return Profile("portkey", headers, (api_key, virtual_key), (PORTKEY_API_KEY_HEADER,))


def portkey_self_hosted(api_key: str, provider: str, custom_host: str | None) -> Profile:
    headers = {AUTHORIZATION: f"Bearer {api_key}", PORTKEY_PROVIDER_HEADER: provider, **BETA}
    if custom_host:
        headers[PORTKEY_CUSTOM_HOST_HEADER] = custom_host
    return Profile("portkey-self-hosted", headers, (api_key,), (AUTHORIZATION,))


def azure(api_key: str | None = None, entra_token: str | None = None) -> Profile:
    """Azure OpenAI: exactly one of the resource key (`api-key`) and a Microsoft Entra token (Bearer)."""
    if (api_key is None) == (entra_token is None):
        raise ValueError("the azure profile takes exactly one of an API key and a Microsoft Entra token")
    if api_key is not None:
        return Profile("azure", {AZURE_API_KEY_HEADER: api_key, **BETA}, (api_key,), (AZURE_API_KEY_HEADER,))
    assert entra_token is not None
    headers = {AUTHORIZATION: f"Bearer {entra_token}", **BETA}
    return Profile("azure", headers, (entra_token,), (AUTHORIZATION,))


def foundry(entra_token: str) -> Profile:
    """Foundry's Agent Service: a Microsoft Entra token for https://ai.azure.com/.default, as bearer only."""
    return Profile("foundry", {AUTHORIZATION: f"Bearer {entra_token}"}, (entra_token,), (AUTHORIZATION,))


def custom(headers: dict[str, str], api_key: str | None) -> Profile:
    all_headers = {**BETA, **headers}
    if api_key:
        all_headers[AUTHORIZATION] = f"Bearer {api_key}"
    secrets = tuple(v for k, v in all_headers.items() if is_secret_header(k))
    credential = tuple(k for k in all_headers if is_secret_header(k))
    return Profile("custom", all_headers, secrets, credential)
