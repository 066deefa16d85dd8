"""Turns run options (from flags, the environment or a matrix TOML file) into a `Target`, starting the
embedded reference provider when no base URL is given. Bad options raise `UsageError` with one clear line."""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance import profiles, reference
from conformance.profiles import Profile

EMBEDDED = "embedded"


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests and as whom."""

    name: str
    base_url: str
    profile: Profile
    thread_id: str
    run_id: str


class UsageError(ValueError):
    """A problem with what the user asked for; the CLI prints it as one line and exits 2."""


@dataclass
class TargetOptions:
    name: str = "target"
    base_url: str | None = None  # None or "embedded[:FAULT]": the embedded reference provider
    profile: str = "openai"
    api_key: str | None = None
    virtual_key: str | None = None
    portkey_provider: str | None = None
    custom_host: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    thread_id: str | None = None
    run_id: str | None = None
    fault: str | None = None


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
        raise UsageError(f"--header expects NAME:VALUE, got {text!r}")
    return name.strip(), value.strip()


def check_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{what} must be an http(s) URL with a host, got {url!r}")
    try:
        parts.port  # noqa: B018  # raises on a port that is not a number in range
    except ValueError:
        raise UsageError(f"{what} has an invalid port: {url!r}") from None
    return url.rstrip("/")


def embedded_fault(options: TargetOptions) -> tuple[bool, str | None]:
    """Whether the target is the embedded provider, and with which fault."""
    url = options.base_url
    if url is None:
        return True, options.fault
    if url == EMBEDDED or url.startswith(EMBEDDED + ":"):
        return True, url.partition(":")[2] or options.fault
    return False, None


def build_profile(options: TargetOptions, env: Mapping[str, str], embedded: bool) -> profiles.Profile:
    name = options.profile
    if name not in profiles.PROFILE_NAMES:
        raise UsageError(f"unknown profile {name!r}; choose one of {', '.join(profiles.PROFILE_NAMES)}")
    if name == "openai":
        key = options.api_key or (reference.BEARER_KEY if embedded else env.get("OPENAI_API_KEY"))
        if not key:
            raise UsageError("profile openai needs a key: --api-key or OPENAI_API_KEY")
        return profiles.openai(key)
    if name == "portkey":
        key = options.api_key or (reference.PORTKEY_API_KEY if embedded else env.get("PORTKEY_API_KEY"))
        virtual = options.virtual_key or (
            reference.PORTKEY_VIRTUAL_KEY if embedded else env.get("PORTKEY_PROVIDER_VIRTUAL_KEY")
        )
        if not key or not virtual:
            raise UsageError(
                "profile portkey needs --api-key (or PORTKEY_API_KEY) and --virtual-key "
                "(or PORTKEY_PROVIDER_VIRTUAL_KEY)"
            )
        return profiles.portkey(key, virtual)
    if name == "portkey-self-hosted":
        if embedded:
            raise UsageError(
                "profile portkey-self-hosted needs --base-url: the gateway's URL, e.g. http://127.0.0.1:8787/v1"
            )
        key = options.api_key or env.get("OPENAI_API_KEY")
        if not options.portkey_provider:
            raise UsageError("profile portkey-self-hosted needs --portkey-provider (e.g. openai)")
        if not key:
            raise UsageError("profile portkey-self-hosted needs the provider key: --api-key or OPENAI_API_KEY")
        host = check_url(options.custom_host, "--custom-host") if options.custom_host else None
        return profiles.portkey_self_hosted(key, options.portkey_provider, host)
    key = options.api_key or (reference.BEARER_KEY if embedded and not options.headers else None)
    return profiles.custom(dict(options.headers), key)


@contextlib.contextmanager
def open_target(options: TargetOptions, env: Mapping[str, str]) -> Iterator[Target]:
    """The Target for these options; for the embedded provider, started for the duration of the block."""
    embedded, fault = embedded_fault(options)
    if not embedded and (not options.thread_id or not options.run_id):
        raise UsageError("--thread-id and --run-id are required with --base-url (ids of a real run with steps)")
    if embedded:
        try:
            reference.check_name(fault)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    elif options.fault:
        raise UsageError("--fault applies to the embedded provider only (leave out --base-url)")
    profile = build_profile(options, env, embedded)
    if not embedded:
        assert options.base_url is not None and options.thread_id and options.run_id
        yield Target(
            options.name, check_url(options.base_url, "--base-url"), profile, options.thread_id, options.run_id
        )
        return
    with reference.embedded(fault) as server:
        yield Target(
            options.name,
            server.base_url,
            profile,
            options.thread_id or server.thread_id,
            options.run_id or server.run_id,
        )


MATRIX_KEYS = {
    "name",
    "base_url",
    "profile",
    "api_key_env",
    "virtual_key_env",
    "portkey_provider",
    "custom_host",
    "headers",
    "thread_id",
    "run_id",
}
PLAIN_KEYS = ("name", "base_url", "profile", "portkey_provider", "custom_host", "thread_id", "run_id")


def matrix_targets(
    specs: tuple[str, ...] | list[str], config: Path | None, common: TargetOptions, env: Mapping[str, str]
) -> list[TargetOptions]:
    """Targets from --target NAME=URL flags and from a TOML file's [[target]] tables; `common` holds the
    options given on the command line, which each target starts from."""
    targets = []
    for spec in specs:
        name, sep, url = spec.partition("=")
        if not sep or not name or not url:
            raise UsageError(f"--target expects NAME=URL (URL may be 'embedded' or 'embedded:FAULT'), got {spec!r}")
        targets.append(replace(common, name=name, base_url=url, headers=dict(common.headers)))
    if config is not None:
        targets += _from_toml(config, common, env)
    if not targets:
        raise UsageError("matrix needs at least one --target NAME=URL or a --config file with [[target]] tables")
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise UsageError(f"target names must be unique, got {names}")
    return targets


def _from_toml(config: Path, common: TargetOptions, env: Mapping[str, str]) -> list[TargetOptions]:
    try:
        data: dict[str, Any] = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read {config}: {exc}") from None
    targets = []
    for entry in data.get("target", []):
        unknown = set(entry) - MATRIX_KEYS
        if unknown or "name" not in entry or "base_url" not in entry:
            raise UsageError(
                f"{config}: each [[target]] needs name and base_url; unknown keys: {sorted(unknown) or 'none'}"
            )
        options = replace(common, headers=dict(common.headers), **{k: entry[k] for k in PLAIN_KEYS if k in entry})
        # Keys come from the environment, by name, so the file itself never holds a secret.
        for field_name, env_key in (("api_key", "api_key_env"), ("virtual_key", "virtual_key_env")):
            if env_key in entry:
                setattr(options, field_name, env.get(entry[env_key]) or None)
        options.headers.update({str(k): str(v) for k, v in entry.get("headers", {}).items()})
        targets.append(options)
    return targets
