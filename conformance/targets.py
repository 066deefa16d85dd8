"""Turns run options (from flags, the environment or a matrix TOML file) into a `Target`, starting the
embedded reference provider when no base URL is given. Bad options raise `UsageError` with one clear line.

Resolving (`resolve`) validates everything and builds the profile without sending a request or starting a
server, so a matrix is checked whole before its first target runs. A key comes only from where the target says:
`--api-key`/`--virtual-key`/`--entra-token` or the usual environment variables for `run` and `--target`, and only
the variables a matrix TOML target names with `api_key_env`/`virtual_key_env`/`entra_token_env` for that target.

Fixed query parameters (`--query NAME=VALUE`, and `--api-version V` under the azure profile, Azure's spelling of
`--query api-version=V`) go on every request the run sends; see `fixed_query`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from conformance import profiles, reference
from conformance.contract import (
    AZURE_API_VERSION_PARAMETER,
    FOUNDRY_API_VERSION,
    FOUNDRY_PROJECTS_PATH,
    FOUNDRY_TOKEN_ENV,
    QUERY_PARAMETERS,
)
from conformance.errors import UsageError
from conformance.profiles import Profile
from conformance.secrets import mask_userinfo

EMBEDDED = "embedded"
USUAL_ENV = {
    "openai": {"api_key": "OPENAI_API_KEY"},
    "portkey": {"api_key": "PORTKEY_API_KEY", "virtual_key": "PORTKEY_PROVIDER_VIRTUAL_KEY"},
    "portkey-self-hosted": {"api_key": "OPENAI_API_KEY"},
    "azure": {"api_key": "AZURE_OPENAI_API_KEY", "entra_token": "AZURE_OPENAI_AD_TOKEN"},
    "foundry": {"entra_token": FOUNDRY_TOKEN_ENV},
    "custom": {},
}
# Where each role's key comes from on the command line, and under which matrix TOML key it is named.
KEY_FLAGS = {"api_key": "--api-key", "virtual_key": "--virtual-key", "entra_token": "--entra-token"}


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests and as whom."""

    name: str
    base_url: str
    profile: Profile
    thread_id: str
    run_id: str
    # Fixed query parameters sent on every request, e.g. (("api-version", "2024-05-01-preview"),) for Azure.
    query: tuple[tuple[str, str], ...] = ()


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
    # None: the usual variables (OPENAI_API_KEY, ...); a dict: only these ({"api_key": "MY_VAR"}), as a matrix
    # TOML target names them.
    key_env: dict[str, str] | None = None
    # Azure: a Microsoft Entra token (sent as Bearer instead of api-key), and the api-version of every request.
    entra_token: str | None = None
    api_version: str | None = None
    query: dict[str, str] = field(default_factory=dict)  # --query NAME=VALUE, matrix `query = {...}`


@dataclass(frozen=True)
class Resolved:
    """Validated options: what `open_target` needs, with nothing left to go wrong but the network."""

    options: TargetOptions
    profile: Profile
    embedded: bool
    fault: str | None
    base_url: str | None
    notes: tuple[str, ...] = ()
    query: tuple[tuple[str, str], ...] = ()  # fixed query parameters of every request (`fixed_query`)

    @property
    def target_id(self) -> str:
        """What a baseline report must match: the base URL, or "embedded" for the reference provider."""
        return "embedded" if self.embedded else self.base_url or ""

    @property
    def run_ref(self) -> str:
        """Which run is tested, `THREAD/RUN`: a baseline must be of the same run (another run shows other
        behaviours, so its passes and failures say nothing of this one)."""
        return f"{self.options.thread_id or reference.THREAD_ID}/{self.options.run_id or default_run(self.options)}"


def default_run(options: TargetOptions) -> str:
    """The embedded provider's run a profile is tested on when no --run-id is given: Foundry's for foundry."""
    return reference.FOUNDRY_RUN if options.profile == "foundry" else reference.MAIN_RUN


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
        raise UsageError(f"--header expects NAME:VALUE, got {text!r}")
    return name.strip(), value.strip()


def parse_query(text: str) -> tuple[str, str]:
    """`--query NAME=VALUE` (the value may be empty, or hold `=`)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
        raise UsageError(f"--query expects NAME=VALUE, got {text!r}")
    return name.strip(), value


def fixed_query(options: TargetOptions) -> tuple[tuple[str, str], ...]:
    """The query parameters every request of the run carries: --query's, plus `api-version` from --api-version
    (azure profile only; for another host, --query api-version=V says the same). A name of the operation's own
    parameters is refused: the suite varies those itself, and a fixed one would make every probe lie."""
    query = dict(options.query)
    own = {*QUERY_PARAMETERS, "include"}
    for name in query:
        if name in own:
            raise UsageError(
                f"--query {name}=... names one of the operation's own parameters ({', '.join(QUERY_PARAMETERS)}), "
                "which the suite sets itself"
            )
    if options.api_version is not None:
        if options.profile not in ("azure", "foundry"):
            raise UsageError(
                "--api-version applies to --profile azure and foundry "
                f"(for another host, say --query {AZURE_API_VERSION_PARAMETER}=V)"
            )
        if not options.api_version.strip():
            raise UsageError(
                "--api-version cannot be empty (leave it out for Azure's v1 API, .../openai/v1, or Foundry's "
                f"default, {FOUNDRY_API_VERSION})"
            )
        given = query.get(AZURE_API_VERSION_PARAMETER)
        if given is not None and given != options.api_version:
            raise UsageError(
                f"--api-version {options.api_version} and --query {AZURE_API_VERSION_PARAMETER}={given} disagree"
            )
        query[AZURE_API_VERSION_PARAMETER] = options.api_version
    elif options.profile == "foundry":  # Foundry's Agent Service takes api-version on every request, v1 by default
        query.setdefault(AZURE_API_VERSION_PARAMETER, FOUNDRY_API_VERSION)
    return tuple(query.items())


def no_query_in_base_url(url: str) -> str:
    """A base URL with a query string (`.../openai?api-version=V`, as Azure's pages write full URLs) would put
    the operation's path after the query: refused, naming the options that add a parameter to every request."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise UsageError(
            f"--base-url must not carry a query string or fragment, got {url!r}; give fixed query parameters with "
            "--query NAME=VALUE (Azure: --api-version V)"
        )
    return url


def check_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    shown = mask_userinfo(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{what} must be an http(s) URL with a host, got {shown!r}")
    if "@" in parts.netloc:
        # httpx would send user:password as Basic auth instead of the profile's key, and the URL is printed
        # and written in every report.
        raise UsageError(
            f"{what} must not hold credentials (user:password@), got {shown!r}; give the key with --api-key "
            "or its environment variable"
        )
    try:
        parts.port  # noqa: B018  # raises on a port that is not a number in range
    except ValueError:
        raise UsageError(f"{what} has an invalid port: {shown!r}") from None
    return url.rstrip("/")


def embedded_fault(options: TargetOptions) -> tuple[bool, str | None]:
    """Whether the target is the embedded provider, and with which fault."""
    url = options.base_url
    if url is None:
        return True, options.fault
    if url == EMBEDDED or url.startswith(EMBEDDED + ":"):
        return True, url.partition(":")[2] or options.fault
    return False, None


def _key(
    options: TargetOptions, env: Mapping[str, str], role: str, flag: str, embedded: bool
) -> tuple[str | None, str]:
    """The key for `role` (api_key, virtual_key), and where it was looked for, for the error if it is missing.
    The embedded provider never gets a key from the environment: those are meant for real providers."""
    given: str | None = getattr(options, role)
    if given:
        return given, flag
    if embedded and options.key_env is None:
        return None, flag
    if options.key_env is None:
        variable = USUAL_ENV.get(options.profile, {}).get(role)
        return (env.get(variable) or None, f"{flag} or {variable}") if variable else (None, flag)
    variable = options.key_env.get(role)
    if variable is None:
        return None, f"{role}_env in the matrix file"
    value = env.get(variable)
    if not value:
        raise UsageError(f"{role}_env names {variable}, which is not set (or empty)")
    return value, variable


def build_profile(options: TargetOptions, env: Mapping[str, str], embedded: bool) -> Profile:
    name = options.profile
    if name not in profiles.PROFILE_NAMES:
        raise UsageError(f"unknown profile {name!r}; choose one of {', '.join(profiles.PROFILE_NAMES)}")
    if name == "openai":
        key, where = _key(options, env, "api_key", "--api-key", embedded)
        key = key or (reference.BEARER_KEY if embedded else None)
        if not key:
            raise UsageError(f"profile openai needs a key: {where}")
        return profiles.openai(key)
    if name == "portkey":
        key, where = _key(options, env, "api_key", "--api-key", embedded)
        virtual, virtual_where = _key(options, env, "virtual_key", "--virtual-key", embedded)
        key = key or (reference.PORTKEY_API_KEY if embedded else None)
        virtual = virtual or (reference.PORTKEY_VIRTUAL_KEY if embedded else None)
        if not key or not virtual:
            raise UsageError(f"profile portkey needs a Portkey key ({where}) and a virtual key ({virtual_where})")
        return profiles.portkey(key, virtual)
    if name == "portkey-self-hosted":
        if embedded:
            raise UsageError(
                "profile portkey-self-hosted needs --base-url: the gateway's URL, e.g. http://127.0.0.1:8787/v1"
            )
        if not options.portkey_provider:
            raise UsageError("profile portkey-self-hosted needs --portkey-provider (e.g. openai)")
        key, where = _key(options, env, "api_key", "--api-key", embedded)
        if not key:
            raise UsageError(f"profile portkey-self-hosted needs the provider key: {where}")
        host = check_url(options.custom_host, "--custom-host") if options.custom_host else None
        return profiles.portkey_self_hosted(key, options.portkey_provider, host)
    if name == "azure":
        return azure_profile(options, env, embedded)
    if name == "foundry":
        return foundry_profile(options, env, embedded)
    key, _ = _key(options, env, "api_key", "--api-key", embedded)
    key = key or (reference.BEARER_KEY if embedded and not options.headers else None)
    return profiles.custom(dict(options.headers), key)


def azure_profile(options: TargetOptions, env: Mapping[str, str], embedded: bool) -> Profile:
    """The resource key (sent as `api-key`) or a Microsoft Entra token (sent as `Authorization: Bearer`), never
    both. A flag wins over the environment; when only the environment has them and both AZURE_OPENAI_API_KEY
    and AZURE_OPENAI_AD_TOKEN are set, the token is used, as openai-python's AzureOpenAI does. The embedded
    provider takes its published key as `api-key`."""
    if options.api_key and options.entra_token:
        raise UsageError("profile azure takes --api-key or --entra-token, not both")
    if options.key_env is not None and {"api_key", "entra_token"} <= set(options.key_env):
        raise UsageError("profile azure takes api_key_env or entra_token_env, not both")
    if options.api_key:
        return profiles.azure(api_key=options.api_key)
    if options.entra_token:
        return profiles.azure(entra_token=options.entra_token)
    token, token_where = _key(options, env, "entra_token", "--entra-token", embedded)
    if token:
        return profiles.azure(entra_token=token)
    key, key_where = _key(options, env, "api_key", "--api-key", embedded)
    key = key or (reference.BEARER_KEY if embedded else None)
    if not key:
        raise UsageError(
            f"profile azure needs the resource key ({key_where}) or a Microsoft Entra token ({token_where})"
        )
    return profiles.azure(api_key=key)


def foundry_profile(options: TargetOptions, env: Mapping[str, str], embedded: bool) -> Profile:
    """A Microsoft Entra token (--entra-token, else AZURE_AI_AGENTS_TOKEN), sent as `Authorization: Bearer`. A key
    is refused: Foundry's Agent Service takes no API keys. The embedded provider takes its published token."""
    if options.api_key or (options.key_env is not None and "api_key" in options.key_env):
        raise UsageError(
            "profile foundry takes a Microsoft Entra token (--entra-token or "
            f"{FOUNDRY_TOKEN_ENV}; az account get-access-token --resource https://ai.azure.com), not an API key: "
            "Foundry's Agent Service accepts no keys"
        )
    token, where = _key(options, env, "entra_token", "--entra-token", embedded)
    token = token or (reference.FOUNDRY_TOKEN if embedded else None)
    if not token:
        raise UsageError(f"profile foundry needs a Microsoft Entra token for https://ai.azure.com/.default: {where}")
    return profiles.foundry(token)


def check_foundry_endpoint(url: str) -> str:
    """A Foundry project endpoint ends in `/api/projects/NAME`, as the portal shows it."""
    path = urlsplit(url).path.rstrip("/")
    _, found, project = path.rpartition(FOUNDRY_PROJECTS_PATH)
    if not found or not project or "/" in project:
        raise UsageError(
            "--profile foundry needs the project endpoint, https://<aiservices-id>.services.ai.azure.com"
            f"/api/projects/<project-name>, got {mask_userinfo(url)!r}"
        )
    return url


def resolve(options: TargetOptions, env: Mapping[str, str]) -> Resolved:
    """Validate the options and build the profile; raises UsageError with one line."""
    embedded, fault = embedded_fault(options)
    base_url = None if embedded else no_query_in_base_url(check_url(options.base_url or "", "--base-url"))
    if base_url is not None and options.profile == "foundry":
        check_foundry_endpoint(base_url)
    if embedded:
        if options.thread_id == "" or options.run_id == "":
            raise UsageError("--thread-id and --run-id cannot be empty (leave them out for the embedded provider)")
        try:
            reference.check_name(fault)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    else:
        if options.fault:
            raise UsageError("--fault applies to the embedded provider only (leave out --base-url)")
        if not options.thread_id or not options.run_id:
            raise UsageError("--thread-id and --run-id are required with --base-url (ids of a real run with steps)")
    query = fixed_query(options)
    profile = build_profile(options, env, embedded)
    notes: tuple[str, ...] = ()
    if options.profile != "custom" and options.headers:
        profile, replaced = profile.with_headers(options.headers)
        notes = tuple(f"--header {name} replaces the {profile.name} profile's own {name} header" for name in replaced)
    return Resolved(options, profile, embedded, fault, base_url, notes, query)


@contextlib.contextmanager
def open_target(resolved: Resolved) -> Iterator[Target]:
    """The Target; for the embedded provider, started for the duration of the block."""
    options = resolved.options
    if not resolved.embedded:
        assert resolved.base_url is not None and options.thread_id and options.run_id
        yield Target(
            options.name, resolved.base_url, resolved.profile, options.thread_id, options.run_id, resolved.query
        )
        return
    with reference.embedded(resolved.fault) as server:
        thread_id, run_id = options.thread_id or server.thread_id, options.run_id or default_run(options)
        # The foundry profile tests the provider's Foundry surface, the others its OpenAI surface.
        foundry = options.profile == "foundry"
        base_url = reference.foundry_base_url(server.base_url) if foundry else server.base_url
        yield Target(options.name, base_url, resolved.profile, thread_id, run_id, resolved.query)
