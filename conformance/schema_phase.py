"""Phase one: schemathesis generates requests from openapi.yaml and judges each answer with its own checks.

Cases come from schemathesis' coverage phase (boundaries, every enum value, missing required header, wrong
types; see `is_request_shape_probe` for what is left out) and from Hypothesis fuzzing in positive and
negative mode, seeded. Two things are
ours, not schemathesis': the provider's headers replace generated credentials, and cursors are real step ids
the provider returned. A cursor must name a real step, which no schema can express; random ones are rightly
answered 400 and would make schemathesis fail a correct provider.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import hypothesis
import schemathesis
import schemathesis.checks as st_checks
from hypothesis import HealthCheck, Phase
from requests.structures import CaseInsensitiveDict
from schemathesis import GenerationMode
from schemathesis.generation.case import Case as GenericCase
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, CoveragePhaseData

from conformance.results import CheckResult
from conformance.spec import ROUTE, SPEC_PATH
from conformance.transport import BudgetSpent, Exchange, Transport

Case = GenericCase[Any]

CHECKS: dict[str, tuple[Callable[..., Any], str]] = {
    "not_a_server_error": (st_checks.not_a_server_error, "no generated request gets a 5xx"),
    "status_code_conformance": (st_checks.status_code_conformance, "every status code is one the spec declares"),
    "content_type_conformance": (st_checks.content_type_conformance, "every Content-Type is one the spec declares"),
    "response_headers_conformance": (st_checks.response_headers_conformance, "declared headers are well-formed"),
    "response_schema_conformance": (st_checks.response_schema_conformance, "every body matches the spec's schema"),
    "positive_data_acceptance": (st_checks.positive_data_acceptance, "valid requests are answered 2xx"),
    "negative_data_rejection": (st_checks.negative_data_rejection, "invalid limit/order/include[]/header get 4xx"),
    "missing_required_header": (st_checks.missing_required_header, "a request without OpenAI-Beta is rejected"),
}
CREDENTIAL_HEADERS = {
    "authorization",
    "x-portkey-api-key",
    "x-portkey-virtual-key",
    "x-portkey-provider",
    "x-portkey-custom-host",
}


@dataclass
class Tally:
    cases: int = 0
    failures: int = 0
    first_detail: str = ""
    first_request: Exchange | None = None


@dataclass
class SchemaPhase:
    transport: Transport
    profile_headers: dict[str, str]
    thread_id: str
    run_id: str
    known_ids: Sequence[str]
    max_examples: int
    seed: int
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in CHECKS})
    cases_run: int = 0
    stopped: str | None = None  # set when the request budget ran out or the suite itself hit an error

    def run(self) -> list[CheckResult]:
        schema = schemathesis.openapi.from_path(SPEC_PATH)
        operation = schema[ROUTE]["GET"]
        config = schema.config.generation_for(operation=operation)
        modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        for case in schema.iter_coverage_cases(operation, generation_modes=modes, generation_config=config):
            if not is_request_shape_probe(case):
                self.execute(case)
        pinned = {"thread_id": self.thread_id, "run_id": self.run_id}
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=pinned)

            @hypothesis.settings(
                max_examples=self.max_examples,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.generate],
                print_blob=False,
                verbosity=hypothesis.Verbosity.quiet,
            )
            @hypothesis.seed(self.seed)
            @hypothesis.given(strategy)
            def fuzz(case: Case) -> None:
                self.execute(case)

            fuzz()
        return [self.result(name) for name in CHECKS]

    def prepare(self, case: Case) -> None:
        """Pin the ids, put the profile's credentials in place of generated ones, and use real cursors."""
        case.path_parameters = {"thread_id": self.thread_id, "run_id": self.run_id}
        generated = {k: v for k, v in (case.headers or {}).items() if k.lower() not in CREDENTIAL_HEADERS}
        credentials = {k: v for k, v in self.profile_headers.items() if k.lower() != "openai-beta"}
        case.headers = CaseInsensitiveDict({**credentials, **generated})
        query = dict(case.query or {})
        for cursor in ("after", "before"):
            value = query.get(cursor)
            if isinstance(value, str):
                if self.known_ids:
                    query[cursor] = self.known_ids[zlib.crc32(value.encode()) % len(self.known_ids)]
                else:
                    del query[cursor]
        case.query = query

    def execute(self, case: Case) -> None:
        """Run one case; never raises, so Hypothesis never prints a case (and its headers) as falsifying."""
        if self.stopped:
            return
        try:
            self._execute(case)
        except BudgetSpent as exc:
            self.stopped = str(exc)
        except Exception as exc:  # a bug of ours must not pass for a provider failure
            self.stopped = f"internal error while running a generated case: {exc.__class__.__name__}: {exc}"

    def _execute(self, case: Case) -> None:
        self.prepare(case)
        kwargs = case.as_transport_kwargs(base_url=self.transport.base_url)
        request = httpx.Request(
            kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=kwargs.get("headers")
        )
        exchange = self.transport.send(request.method, str(request.url), dict(kwargs.get("headers") or {}))
        self.cases_run += 1
        if exchange.status is None:
            return  # a network-level failure; the runner's network_reliability check reports it
        response = httpx.Response(exchange.status, headers=exchange.headers, content=exchange.body, request=request)
        response.elapsed = timedelta(seconds=exchange.elapsed)
        for name, (check, _) in CHECKS.items():
            tally = self.tallies[name]
            tally.cases += 1
            try:
                case.validate_response(response, checks=[check])
            except (AssertionError, BaseExceptionGroup) as failure:
                tally.failures += 1
                if tally.failures == 1:
                    tally.first_detail = summarize(failure)
                    tally.first_request = exchange

    def result(self, name: str) -> CheckResult:
        tally = self.tallies[name]
        description = CHECKS[name][1]
        if tally.failures:
            outcome = CheckResult.failed(
                name,
                f"{tally.failures} of {tally.cases} cases failed; first: {tally.first_detail}",
                tally.first_request,
                cases=tally.cases,
            )
        elif tally.cases:
            outcome = CheckResult.passed(name, f"{tally.cases} cases", cases=tally.cases)
        else:
            outcome = CheckResult.skipped(name, self.stopped or "no case got an HTTP response")
        outcome.phase, outcome.description = "schemathesis", description
        return outcome


def is_request_shape_probe(case: Case) -> bool:
    """Coverage cases that send a method the spec does not declare, or a body Content-Type on this body-less
    GET. They test the HTTP stack in front of the API, not the operation's contract: OpenAI answers
    undeclared methods 404 "Invalid URL" (not 405), and gateways parse a body whatever the method. Left out
    so that a provider is judged on what clients of this operation send."""
    data = case.meta.phase.data if case.meta is not None else None
    return isinstance(data, CoveragePhaseData) and data.scenario in REQUEST_SHAPE_PROBES


def summarize(failure: BaseException) -> str:
    """One line from a schemathesis failure: its title and first line of message."""
    inner = failure.exceptions[0] if isinstance(failure, BaseExceptionGroup) else failure
    title = getattr(inner, "title", "") or inner.__class__.__name__
    message = (getattr(inner, "message", "") or str(inner)).strip().splitlines()
    return f"{title}: {message[0] if message else ''}"[:300]
