"""The options `run` and `matrix` share, as one typed `CommonOptions` that builds `Settings` (how hard to
test), `TargetOptions` (whom to test) and the report formats. `common_options` adds them to a command and
hands the command one `CommonOptions` as `opts`."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import click

from conformance import reporters
from conformance.errors import UsageError
from conformance.pacing import DEFAULT_REMOTE, parse_rate
from conformance.profiles import PROFILE_NAMES
from conformance.settings import Settings
from conformance.targets import TargetOptions, parse_header, parse_query

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_PERIOD = 10.0  # seconds between progress lines without a terminal


@dataclass(frozen=True)
class CommonOptions:
    profile: str
    api_key: str | None
    virtual_key: str | None
    portkey_provider: str | None
    custom_host: str | None
    entra_token: str | None
    api_version: str | None
    query: tuple[str, ...]
    headers: tuple[str, ...]
    thread_id: str | None
    run_id: str | None
    report_dir: Path | None
    report: str | None
    record: Path | None
    max_examples: int
    seed: int | None
    timeout: float
    max_requests: int | None
    allow_incomplete: bool
    retries: int
    rate_limit: str | None
    workers: int
    only_checks: str | None
    exclude_checks: str | None
    strict: bool
    no_color: bool
    quiet: bool
    progress_period: float

    def settings(self) -> Settings:
        seed = self.seed if self.seed is not None else random.SystemRandom().randrange(2**31)
        rate = None
        if self.rate_limit is not None:
            try:
                rate = parse_rate(self.rate_limit)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        return Settings(
            max_examples=self.max_examples,
            seed=seed,
            timeout=self.timeout,
            max_requests=self.max_requests,
            allow_incomplete=self.allow_incomplete,
            retries_429=self.retries,
            rate_limit=rate,
            rate_limit_given=self.rate_limit is not None,
            workers=self.workers,
            checks=check_list(self.only_checks, "--checks"),
            excluded=check_list(self.exclude_checks, "--exclude-checks") or frozenset(),
            strict=self.strict,
        )

    def target_options(
        self, base_url: str | None = None, fault: str | None = None, name: str | None = None
    ) -> TargetOptions:
        values: dict[str, Any] = {
            "base_url": base_url,
            "profile": self.profile,
            "api_key": self.api_key,
            "virtual_key": self.virtual_key,
            "portkey_provider": self.portkey_provider,
            "custom_host": self.custom_host,
            "headers": dict(parse_header(h) for h in self.headers),
            "thread_id": self.thread_id,
            "run_id": self.run_id,
            "fault": fault,
            "entra_token": self.entra_token,
            "api_version": self.api_version,
            "query": dict(parse_query(q) for q in self.query),
        }
        if name is not None:
            values["name"] = name
        return TargetOptions(**values)

    def formats(self) -> tuple[str, ...]:
        """The report formats written under --report-dir (`--report`, else the defaults)."""
        if self.report is None:
            return reporters.DEFAULT_FORMATS
        try:
            formats = reporters.parse_formats(self.report)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        # Without --report-dir, only the HAR file has somewhere to go (--record FILE).
        homeless = [f for f in formats if not (f == reporters.HAR and self.record is not None)]
        if self.report_dir is None and homeless:
            raise UsageError(f"--report {','.join(homeless)}: give --report-dir, where the reports are written")
        return formats


def check_list(text: str | None, option: str) -> frozenset[str] | None:
    """Check names from `a,b,c`; unknown names are a usage error listing the valid ones."""
    if text is None:
        return None
    from conformance.checks import names

    given = {n.strip() for n in text.split(",") if n.strip()}
    unknown = sorted(given - set(names()))
    if unknown or not given:
        raise UsageError(
            f"{option}: unknown check(s) {', '.join(unknown) or '(none given)'}; valid: {', '.join(names())}"
        )
    return frozenset(given)


def common_options(for_matrix: bool) -> Callable[[F], F]:
    """Add the shared options to a command; the command receives them as one `opts: CommonOptions`."""
    names = {f.name for f in fields(CommonOptions)}

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def with_options(**params: Any) -> Any:
            opts = CommonOptions(**{k: params.pop(k) for k in names})
            return command(opts=opts, **params)

        decorated: Any = with_options
        for option in reversed(_options(for_matrix)):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


def _options(for_matrix: bool) -> list[Callable[[Any], Any]]:
    ids = "every --target" if for_matrix else "--base-url"
    report_dir = (
        "Write matrix.md here (and matrix.html, with the html report), and the reports (--report) in a folder per "
        "target (DIR/NAME/)."
        if for_matrix
        else "Write the reports (--report) here."
    )
    formats = ", ".join(reporters.RUN_REPORTERS)
    return [
        click.option("--profile", type=click.Choice(PROFILE_NAMES), default="openai", show_default=True,
                     help="Which headers carry the credentials."),
        click.option("--api-key", default=None,
                     help="Provider key (else OPENAI_API_KEY / PORTKEY_API_KEY; azure: AZURE_OPENAI_API_KEY, sent as "
                     "api-key)."),
        click.option("--virtual-key", default=None, help="Portkey virtual key (else PORTKEY_PROVIDER_VIRTUAL_KEY)."),
        click.option("--portkey-provider", default=None, metavar="NAME",
                     help="Self-hosted gateway: sent as x-portkey-provider."),
        click.option("--custom-host", default=None, metavar="URL",
                     help="Self-hosted gateway: upstream base URL, sent as x-portkey-custom-host."),
        click.option("--entra-token", default=None, metavar="TOKEN",
                     help="Azure: a Microsoft Entra access token, sent as Authorization: Bearer instead of api-key "
                     "(else AZURE_OPENAI_AD_TOKEN); foundry: the token for https://ai.azure.com/.default (else "
                     "AZURE_AI_AGENTS_TOKEN)."),
        click.option("--api-version", default=None, metavar="VERSION",
                     help="Azure's classic surface (.../openai): api-version=VERSION on every request. Leave it out "
                     "for the v1 API (.../openai/v1). Foundry: v1 unless given."),
        click.option("--query", "query", multiple=True, metavar="NAME=VALUE",
                     help="A query parameter added to every request (repeatable), for hosts that need one; not one "
                     "of the operation's own (limit, order, after, before, include[])."),
        click.option("--header", "headers", multiple=True, metavar="NAME:VALUE",
                     help="Extra header on every request (repeatable), under any profile; it replaces a profile "
                     "header of the same name (said in a note). Masked when its name or value looks secret."),
        click.option("--thread-id", default=None, help=f"Thread of a real run with steps (needed with {ids})."),
        click.option("--run-id", default=None, help=f"That run's id (needed with {ids})."),
        click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=report_dir),
        click.option("--report", default=None, metavar="FORMAT,...",
                     help=f"Report formats written under --report-dir ({formats}). Default: "
                     f"{','.join(reporters.DEFAULT_FORMATS)}, and har when --record is given."),
        click.option("--record", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
                     help="Write every request and answer of the run, masked, as a HAR 1.2 file"
                     + (" (one per target: FILE's name gets -NAME)." if for_matrix else ".")),
        click.option("--max-examples", type=click.IntRange(min=1), default=25, show_default=True,
                     help="Hypothesis examples per generation mode."),
        click.option("--seed", type=click.IntRange(min=0), default=None, help="Seed for generated cases."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
                     help="Seconds per request."),
        click.option("--max-requests", type=click.IntRange(min=1), default=None,
                     help="Request budget: the semantic probes come first, schemathesis gets the rest. Below the "
                     f"minimum for a full verdict ({_minimum()} for a 250-step run): exit 2 unless "
                     "--allow-incomplete."),
        click.option("--allow-incomplete", is_flag=True, default=False,
                     help="Run even when --max-requests cannot buy a full verdict (the verdict is then at best "
                     "incomplete)."),
        click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
                     help="Retries of a request answered 429 (honouring Retry-After)."),
        click.option("--rate-limit", default=None, metavar="N/s|N/m|none",
                     help=f"Cap on the request rate across the run (all workers). Default: {DEFAULT_REMOTE} against "
                     "a provider on another host, none on loopback or the embedded provider. 429s wait as "
                     "Retry-After says."),
        click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
                     help="Independent requests sent side by side (walks stay sequential); same results as one "
                     "worker."),
        click.option("--checks", "only_checks", default=None, metavar="NAME,...", help="Judge only these checks."),
        click.option("--exclude-checks", default=None, metavar="NAME,...",
                     help="Leave these checks out (reported as excluded; leaving out a core check means no "
                     "conformant)."),
        click.option("--strict", is_flag=True, default=False,
                     help="Extensions (a tool call type, step type or field openapi.yaml does not declare, on an "
                     "otherwise valid step) fail spec_extensions, and so the run; by default they are named only."),
        click.option("--no-color", is_flag=True, default=False, help="No colours (NO_COLOR in the environment too)."),
        click.option("--quiet", is_flag=True, default=False,
                     help="No progress (on a terminal a live display per phase, else a line every 10 s)."),
        click.option("--progress-period", type=click.FloatRange(min=0, min_open=True), default=PROGRESS_PERIOD,
                     hidden=True, help="Seconds between progress lines without a terminal (for tests)."),
    ]  # fmt: skip


def _minimum() -> int:
    """The budget a full verdict needs on the longest fixture run (computed, never written as a number)."""
    from conformance.plan import minimum_budget

    return minimum_budget(250)
