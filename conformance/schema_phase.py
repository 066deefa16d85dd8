"""Phase one: schemathesis generates requests from openapi.yaml and judges each answer with its own checks.

Cases come from schemathesis' coverage phase (boundaries, every enum value, missing required header, wrong
types; see `is_request_shape_probe` for what is left out) and from Hypothesis fuzzing in positive and
negative mode, seeded. Two things are
ours, not schemathesis': the provider's headers replace generated credentials, and cursors are real step ids
the provider returned. A cursor must name a real step, which no schema can express; random ones are rightly
answered 400 and would make schemathesis fail a correct provider.
"""

from __future__ import annotations

import itertools
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
import hypothesis
import schemathesis
import schemathesis.checks as st_checks
from hypothesis import HealthCheck, Phase
from requests.structures import CaseInsensitiveDict
from schemathesis import GenerationMode, Response
from schemathesis.generation.case import Case as GenericCase
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, CoveragePhaseData

from conformance.checks import Phase as CheckPhase
from conformance.checks import checks
from conformance.concurrency import run_all
from conformance.contract import CREDENTIAL_HEADER_NAMES, ROUTE, path_segment
from conformance.errors import BudgetSpent
from conformance.observations import Exchange
from conformance.plan import SCHEMA_MIN_CASES
from conformance.probes import SCHEMATHESIS_CASE
from conformance.results import Outcome, clip
from conformance.seeded import no_local_constants
from conformance.spec import SPEC_PATH
from conformance.transport import Transport

Case = GenericCase[Any]
_GENERATING = threading.Lock()
# The registry declares schemathesis' checks by name (importing the checks loads no schemathesis); here, where
# the cases are sent, each name becomes its function in `schemathesis.checks`.
FUNCTIONS: dict[str, Any] = {c.name: getattr(st_checks, c.name) for c in checks(CheckPhase.SCHEMATHESIS)}


@dataclass
class Tally:
    cases: int = 0
    failures: int = 0
    first_detail: str = ""
    first_request: Exchange | None = None
    failing: list[Exchange] = field(default_factory=list)  # every answer a case failed on


def start_generating(thread_id: str, run_id: str, max_examples: int, seed: int) -> Future[list[Case]]:
    """Generate the cases on a background thread (CPU work) while the semantic phase waits on the network;
    `SchemaPhase.run` picks them up. Generation depends on the spec, the ids and the seed only."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemathesis-generate")
    generated = pool.submit(generate, thread_id, run_id, max_examples, seed)
    pool.shutdown(wait=False)
    return generated


def generate(thread_id: str, run_id: str, max_examples: int, seed: int) -> list[Case]:
    """Every case, in order (coverage cases round-robin, then seeded fuzzing). One generation at a time in the
    process: Hypothesis keeps global state while a test runs (its build context, the seed's random), and
    targets of `matrix --parallel` generating side by side mixed it up ("FlakyFailure: Inconsistent
    results"). Generation is CPU work under the GIL anyway."""
    with _GENERATING, no_local_constants():  # the same cases whatever else is loaded (conformance.seeded)
        return _generate(thread_id, run_id, max_examples, seed)


@dataclass
class SchemaPhase:
    """The phase, given everything it needs: the cases (being generated), the cursors the semantic phase saw
    and the requests the budget leaves (`max_cases`; None: every case). What it found is in `tallies`."""

    transport: Transport
    profile_headers: dict[str, str]
    thread_id: str
    run_id: str
    known_ids: Sequence[str]
    cases: Future[list[Case]]
    max_cases: int | None = None
    workers: int = 1
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FUNCTIONS})
    cases_run: int = 0
    cases_planned: int = 0
    stopped: str | None = None  # set when the request budget ran out or the suite itself hit an error
    internal_error: str | None = None

    def run(self) -> dict[str, Outcome]:
        """Send the generated cases (on `workers` threads when more than one), then judge the answers in case
        order: the same seed gives the same cases and the same verdicts whatever the number of workers."""
        try:
            cases = self.cases.result()
        except Exception as exc:  # a bug of ours must not pass for a provider failure
            self._internal("generating cases", exc)
            return {name: self.result(name) for name in FUNCTIONS}
        if self.max_cases is not None and len(cases) > self.max_cases:
            cases = cases[: self.max_cases]
            self.stopped = f"the budget left {self.max_cases} requests for this phase"
        self.cases_planned = len(cases)
        try:
            requests = [self.request_for(case) for case in cases]
        except Exception as exc:
            self._internal("preparing a case", exc)
            return {name: self.result(name) for name in FUNCTIONS}
        answers = run_all([partial(self.send, request) for request in requests], self.workers)
        for case, request, answer in zip(cases, requests, answers, strict=True):
            if isinstance(answer, BudgetSpent):
                self.stopped = self.stopped or str(answer)
                continue
            if isinstance(answer, Exception):
                self._internal("sending a case", answer)
                continue
            self.cases_run += 1
            try:
                self.judge(case, request, answer)
            except Exception as exc:
                self._internal("judging a case", exc)
        return {name: self.result(name) for name in FUNCTIONS}

    def _internal(self, stage: str, exc: Exception) -> None:
        """A bug of ours: it stops the phase, and its checks are skipped saying so (never passed or failed)."""
        self.internal_error = f"internal error while {stage}: {exc.__class__.__name__}: {exc}"
        self.stopped = self.internal_error

    def prepare(self, case: Case) -> None:
        """Pin the ids, put the profile's credentials in place of generated ones, and use real cursors."""
        # Encoded here: schemathesis puts path parameters into the URL as they are.
        case.path_parameters = {"thread_id": path_segment(self.thread_id), "run_id": path_segment(self.run_id)}
        generated = {k: v for k, v in (case.headers or {}).items() if k.lower() not in CREDENTIAL_HEADER_NAMES}
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

    def request_for(self, case: Case) -> tuple[httpx.Request, dict[str, str]]:
        self.prepare(case)
        kwargs = case.as_transport_kwargs(base_url=self.transport.base_url)
        request = httpx.Request(
            kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=kwargs.get("headers")
        )
        return request, dict(kwargs.get("headers") or {})

    def send(self, prepared: tuple[httpx.Request, dict[str, str]]) -> Exchange:
        request, headers = prepared
        return self.transport.send(request.method, str(request.url), headers, SCHEMATHESIS_CASE)

    def judge(self, case: Case, prepared: tuple[httpx.Request, dict[str, str]], exchange: Exchange) -> None:
        if exchange.status is None:
            return  # a network-level failure; the network_reliability check reports it
        request = prepared[0]
        response = httpx.Response(
            exchange.status, headers=decoded_headers(exchange), content=exchange.body, request=request
        )
        response.elapsed = timedelta(seconds=exchange.elapsed)
        converted = Response.from_any(response)  # once per case, not once per check (it is most of the phase's time)
        for name, check in FUNCTIONS.items():
            tally = self.tallies[name]
            tally.cases += 1
            try:
                case.validate_response(converted, checks=[check])
            except (AssertionError, BaseExceptionGroup) as failure:
                tally.failures += 1
                tally.failing.append(exchange)
                if tally.failures == 1:
                    tally.first_detail = summarize(failure)
                    tally.first_request = exchange

    def result(self, name: str) -> Outcome:
        """Failed if any case failed; passed only when enough cases ran to judge every kind (see
        plan.SCHEMA_MIN_CASES) or the phase ran every case it had; skipped otherwise, saying why."""
        tally = self.tallies[name]
        if tally.failures:
            answered = f" (answered {tally.first_request.excerpt()})" if tally.first_request is not None else ""
            return Outcome.failed(
                f"{tally.failures} of {tally.cases} cases failed; first: {tally.first_detail}{answered}",
                tally.first_request,
                cases=tally.cases,
                evidence=tally.failing,
            )
        if self.internal_error:
            return Outcome.skipped(self.internal_error)
        enough = tally.cases >= SCHEMA_MIN_CASES or (self.stopped is None and tally.cases > 0)
        if not enough:
            why = self.stopped or "no case got an HTTP response"
            return Outcome.skipped(f"only {tally.cases} of at least {SCHEMA_MIN_CASES} cases were answered: {why}")
        suffix = f" (then stopped: {self.stopped})" if self.stopped else ""
        return Outcome.passed(f"{tally.cases} cases{suffix}", cases=tally.cases)


def _generate(thread_id: str, run_id: str, max_examples: int, seed: int) -> list[Case]:
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    operation = schema[ROUTE]["GET"]
    config = schema.config.generation_for(operation=operation)
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    coverage = schema.iter_coverage_cases(operation, generation_modes=modes, generation_config=config)
    cases = list(round_robin(c for c in coverage if not is_request_shape_probe(c)))
    pinned = {"thread_id": thread_id, "run_id": run_id}
    for mode in modes:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=pinned)

        @hypothesis.settings(
            max_examples=max_examples,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],
            print_blob=False,
            verbosity=hypothesis.Verbosity.quiet,
        )
        @hypothesis.seed(seed)
        @hypothesis.given(strategy)
        def fuzz(case: Case) -> None:
            cases.append(case)  # collected, never raising: Hypothesis has nothing to print

        fuzz()
    return cases


def decoded_headers(exchange: Exchange) -> dict[str, str]:
    """The answer's headers for a body the transport already decoded: without Content-Encoding (httpx would
    inflate the body again, and fail on bytes that are no longer gzip) and the wire's Content-Length."""
    return {k: v for k, v in exchange.headers.items() if k not in ("content-encoding", "content-length")}


def round_robin(cases: Iterable[Case]) -> Iterator[Case]:
    """Coverage cases reordered so that every kind (mode, scenario, parameter) comes early: one of each kind,
    then a second of each, and so on. A small budget then still covers every kind."""
    kinds: dict[tuple[str, str, str], list[Case]] = defaultdict(list)
    for case in cases:
        data = case.meta.phase.data if case.meta is not None else None
        mode = case.meta.generation.mode.value if case.meta is not None else ""
        kinds[(mode, str(getattr(data, "scenario", "")), str(getattr(data, "parameter", "")))].append(case)
    for row in itertools.zip_longest(*kinds.values()):
        yield from (case for case in row if case is not None)


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
    title = str(getattr(inner, "title", "") or inner.__class__.__name__).strip()
    lines = (getattr(inner, "message", "") or str(inner)).strip().splitlines()
    first = lines[0].strip() if lines else ""
    text = title if not first or first == title or title.startswith(first) else f"{title}: {first}"
    return clip(text, 300)
