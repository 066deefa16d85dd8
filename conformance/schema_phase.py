"""The generated phase: requests of three classes, each given its share of the phase's requests (`plan`).

- positive and negative: schemathesis generates them from openapi.yaml (`conformance.generation`) and judges
  each answer with its own checks. Two things are ours, not schemathesis': the provider's headers replace
  generated credentials, and cursors are real step ids the provider returned. A cursor must name a real step,
  which no schema can express; random ones are rightly answered 400 and would fail a correct provider.
- hostile: cursors and ids as arbitrary strings, repeated and unknown parameters, unusual number spellings and
  headers (`conformance.hostile`), judged only by what every answer owes (`checks.hostile_inputs`). The first
  failing one is shrunk with the requests its share keeps for that.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any, TypeGuard

import httpx
import schemathesis.checks as st_checks
from requests.structures import CaseInsensitiveDict
from schemathesis import Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData
from schemathesis.openapi.checks import DiscriminatorMismatch, JsonSchemaError

from conformance import extensions, hostile
from conformance.case_checks import failures_by_check
from conformance.checks import Phase as CheckPhase
from conformance.checks import checks
from conformance.checks.hostile_inputs import NAME as HOSTILE_CHECK
from conformance.checks.hostile_inputs import HostileRun, Tried, failure_class, owed
from conformance.checks.hostile_inputs import judge as judge_hostile
from conformance.concurrency import run_all
from conformance.contract import BETA_HEADER, CREDENTIAL_HEADER_NAMES, path_segment
from conformance.errors import BudgetSpent
from conformance.generation import Case, Generated, generate, own_copy, start_generating
from conformance.hostile import HostileCase
from conformance.observations import Exchange
from conformance.plan import HOSTILE, MIN_CLASS_CASES, NEGATIVE, POSITIVE, class_shares, hostile_split
from conformance.probes import HOSTILE_CASE, SCHEMATHESIS_CASE
from conformance.results import Outcome, clip
from conformance.transport import Transport

__all__ = ["Generated", "SchemaPhase", "classes_for", "generate", "start_generating"]
# The registry declares schemathesis' checks by name (importing the checks loads no schemathesis); here, where
# the cases are sent, each name becomes its function in `schemathesis.checks`.
FUNCTIONS: dict[str, Any] = {
    c.name: getattr(st_checks, c.name) for c in checks(CheckPhase.SCHEMATHESIS) if c.name != HOSTILE_CHECK
}
CLASSES = frozenset({POSITIVE, NEGATIVE, HOSTILE})
# The schemathesis checks are judged once the positive and negative classes' shares of the minimum are answered.
SCHEMATHESIS_MIN_CASES = MIN_CLASS_CASES[POSITIVE] + MIN_CLASS_CASES[NEGATIVE]


def classes_for(selected: Callable[[str], bool]) -> frozenset[str]:
    """The classes a run sends: positive and negative for schemathesis' checks, hostile for its own."""
    wanted = {POSITIVE, NEGATIVE} if any(selected(name) for name in FUNCTIONS) else set()
    return frozenset(wanted | ({HOSTILE} if selected(HOSTILE_CHECK) else set()))


@dataclass
class CheckTally:
    """What one schemathesis check found across the cases: how many it judged and failed, and where first."""

    cases: int = 0
    failures: int = 0
    first_detail: str = ""
    first_request: Exchange | None = None
    failing: list[Exchange] = field(default_factory=list)  # every answer a case failed on
    only_extensions: int = 0  # answers whose every schema error is an extension (conformance.extensions)


@dataclass
class SchemaPhase:
    """The phase, given everything it needs: the cases (being generated), the cursors the semantic phase saw
    and the requests the budget leaves (`max_cases`; None: every case). What it found is in `tallies`."""

    transport: Transport
    profile_headers: dict[str, str]
    thread_id: str
    run_id: str
    known_ids: Sequence[str]
    cases: Future[Generated]
    max_cases: int | None = None
    workers: int = 1
    classes: frozenset[str] = CLASSES
    tallies: dict[str, CheckTally] = field(default_factory=lambda: {name: CheckTally() for name in FUNCTIONS})
    hostile: HostileRun = field(default_factory=HostileRun)
    cases_run: int = 0
    cases_planned: int = 0
    planned_by_class: dict[str, int] = field(default_factory=dict)  # requests each class was given
    spent_by_class: dict[str, int] = field(default_factory=dict)  # requests each class sent ("shrinking" too)
    stopped: str | None = None  # set when the request budget ran out or the suite itself hit an error
    internal_error: str | None = None

    def run(self) -> dict[str, Outcome]:
        """Send each class's share of the generated cases (on `workers` threads when more than one), judge the
        answers in case order, then shrink the first failing hostile input: the same seed gives the same cases
        and the same verdicts whatever the number of workers."""
        try:
            generated = self.cases.result()
        except Exception as exc:  # a bug of ours must not pass for a provider failure
            self._internal("generating cases", exc)
            return self.outcomes()
        if not self.sends_beta_header:  # a host without OpenAI-Beta is not asked about it (Foundry)
            generated = Generated(
                tuple(case for case in generated.positive if not varies_beta_header(case)),
                tuple(case for case in generated.negative if not varies_beta_header(case)),
                generated.hostile,
            )
        cases, hostile_cases, shrink_limit = self.plan(generated)
        try:
            requests = [self.request_for(case) for case in cases]
            hostile_requests = [self.hostile_request(case) for case in hostile_cases]
        except Exception as exc:
            self._internal("preparing a case", exc)
            return self.outcomes()
        sends = [partial(self.send, r) for r in requests] + [partial(self.send_hostile, r) for r in hostile_requests]
        answers = run_all(sends, self.workers)
        positives = self.planned_by_class.get(POSITIVE, 0)
        for index, (case, request, answer) in enumerate(zip(cases, requests, answers[: len(cases)], strict=True)):
            if self._answered(answer, POSITIVE if index < positives else NEGATIVE):
                try:
                    self.judge(case, request, answer)
                except Exception as exc:
                    self._internal("judging a case", exc)
        sent: list[tuple[HostileCase, Tried]] = []
        for hostile_case, answer in zip(hostile_cases, answers[len(cases) :], strict=True):
            if self._answered(answer, HOSTILE):
                sent.append((hostile_case, _tried(hostile_case, answer)))
        self.hostile.tried = [tried for _, tried in sent]
        if not self.internal_error:
            self.shrink(sent, shrink_limit)
        return self.outcomes()

    def plan(self, generated: Generated) -> tuple[list[Case], list[HostileCase], int]:
        """Each class's share of the phase's requests (`plan.class_shares`): the budget left, or without one as
        many as the schemathesis cases (the phase's size before it had classes), never more."""
        pools: dict[str, Sequence[Any]] = {POSITIVE: generated.positive, NEGATIVE: generated.negative,
                                           HOSTILE: generated.hostile}  # fmt: skip
        pools = {name: pool if name in self.classes else [] for name, pool in pools.items()}
        size = len(generated.cases) if self.classes & {POSITIVE, NEGATIVE} else len(generated.hostile)
        budget = size if self.max_cases is None else min(self.max_cases, size)
        if budget < size:
            self.stopped = f"the budget left {budget} requests for this phase"
        available = {name: len(pool) for name, pool in pools.items()}
        available[HOSTILE] += hostile_split(size)[1] if pools[HOSTILE] else 0
        shares = class_shares(budget, available)
        hostile_cases, shrink_limit = hostile_split(shares[HOSTILE])
        # copies: the generated cases are the process's, and `prepare` changes what it is given
        cases = [own_copy(c) for c in (*pools[POSITIVE][: shares[POSITIVE]], *pools[NEGATIVE][: shares[NEGATIVE]])]
        chosen = pools[HOSTILE][:hostile_cases]
        self.planned_by_class = {name: shares[name] for name in (POSITIVE, NEGATIVE, HOSTILE) if name in self.classes}
        self.cases_planned = sum(self.planned_by_class.values())  # the shrinking kept in reserve too
        self.hostile.planned, self.hostile.minimum = len(chosen), MIN_CLASS_CASES[HOSTILE]
        return cases, list(chosen), min(shrink_limit, shares[HOSTILE] - len(chosen))

    def _answered(self, answer: Exchange | Exception, kind: str) -> TypeGuard[Exchange]:
        if isinstance(answer, BudgetSpent):
            self.stopped = self.stopped or str(answer)
            return False
        if isinstance(answer, Exception):
            self._internal("sending a case", answer)
            return False
        self.cases_run += 1
        self.spent_by_class[kind] = self.spent_by_class.get(kind, 0) + 1
        return True

    def shrink(self, sent: Sequence[tuple[HostileCase, Tried]], limit: int) -> None:
        """The first failing hostile input, shrunk to the smallest that fails the same way, one request a try
        (`hostile.shrink`); not when it got no answer (each try would wait out the timeout)."""
        failing = [(case, t) for case, t in sent if owed(t.exchange)]
        if not failing:
            return
        case, first = failing[0]
        target = failure_class(first.exchange)
        if first.exchange.status is None:
            self.hostile.shrink_left = ": an input that got no answer is not shrunk"
            return
        if limit <= 0:
            self.hostile.shrink_left = ": no request was left for it"
            return
        found: dict[tuple[hostile.Twist, ...], Tried] = {}

        def fails(candidate: HostileCase) -> bool | None:
            answer = self.send_hostile(self.hostile_request(candidate))
            if isinstance(answer, BudgetSpent):
                return None
            self.spent_by_class["shrinking"] = self.spent_by_class.get("shrinking", 0) + 1
            self.spent_by_class[HOSTILE] = self.spent_by_class.get(HOSTILE, 0) + 1
            tried = _tried(candidate, answer)
            if failure_class(answer) != target:
                return False
            found[candidate.twists] = tried
            return True

        best, spent = hostile.shrink(case, fails, limit, {c.twists for c, _ in sent})
        self.hostile.shrink_requests = spent
        self.hostile.smallest = found.get(best.twists, first)
        if spent >= limit:
            self.hostile.shrink_left = " (the most shrinking may take)"

    def outcomes(self) -> dict[str, Outcome]:
        outcomes = {name: self.result(name) for name in FUNCTIONS}
        self.hostile.stopped = self.stopped
        hostile_outcome = Outcome.skipped(self.internal_error) if self.internal_error else judge_hostile(self.hostile)
        return {**outcomes, HOSTILE_CHECK: hostile_outcome}

    @property
    def sends_beta_header(self) -> bool:
        """False under a profile for a host whose API declares no OpenAI-Beta header (Foundry's Agent Service):
        the cases about that header are left out, and missing_required_header is unobservable."""
        return any(k.lower() == BETA_HEADER.lower() for k in self.profile_headers)

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

    def hostile_request(self, case: HostileCase) -> tuple[str, dict[str, str]]:
        """The hostile case as a URL and headers: the profile's headers (OpenAI-Beta too) and its own."""
        url = self.transport.url_for(case.path(self.thread_id, self.run_id), case.params)
        return url, {**self.profile_headers, **case.headers}

    def send_hostile(self, prepared: tuple[str, dict[str, str]]) -> Exchange | BudgetSpent:
        try:
            return self.transport.send("GET", prepared[0], prepared[1], HOSTILE_CASE)
        except BudgetSpent as spent:
            return spent

    def request_for(self, case: Case) -> tuple[httpx.Request, dict[str, str]]:
        self.prepare(case)
        kwargs = case.as_transport_kwargs(base_url=self.transport.base_url)
        headers = dict(kwargs.get("headers") or {})
        if not self.sends_beta_header:  # a host that declares no OpenAI-Beta gets none, as its own client sends;
            # the case keeps it, so schemathesis judges the case as generated
            headers = {k: v for k, v in headers.items() if k.lower() != BETA_HEADER.lower()}
        request = httpx.Request(kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=headers)
        return request, headers

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
        failed = failures_by_check(case, converted, FUNCTIONS)
        for name, tally in self.tallies.items():
            tally.cases += 1
            failure = failed.get(name)
            if failure is None:
                continue
            extension_only = name == "response_schema_conformance" and not isinstance(failure, RecursionError)
            judged = schema_judgement(failure, exchange) if extension_only else None
            if judged is not None and judged.extensions and not judged.violations:
                tally.only_extensions += 1
                continue
            tally.failures += 1
            tally.failing.append(exchange)
            if tally.failures == 1:
                precise = f"Response violates schema: {judged.violations[0]}" if judged and judged.violations else ""
                tally.first_detail = clip(precise, 300) if precise else summarize(failure)
                tally.first_request = exchange

    def result(self, name: str) -> Outcome:
        """Failed if any case failed; passed only when enough cases ran to judge every kind (see
        SCHEMATHESIS_MIN_CASES) or the phase ran every case it had; skipped otherwise, saying why."""
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
        if name == "missing_required_header" and not self.sends_beta_header:
            return Outcome.unobservable(
                "the profile's host declares no OpenAI-Beta header (Foundry's Agent Service), so no case left it out",
                "a host that requires OpenAI-Beta (OpenAI's surface)",
                cases=tally.cases,
            )
        enough = tally.cases >= SCHEMATHESIS_MIN_CASES or (self.stopped is None and tally.cases > 0)
        if not enough:
            why = self.stopped or "no case got an HTTP response"
            return Outcome.skipped(
                f"only {tally.cases} of at least {SCHEMATHESIS_MIN_CASES} cases were answered: {why}"
            )
        suffix = f" (then stopped: {self.stopped})" if self.stopped else ""
        if tally.only_extensions:
            suffix += f"; {tally.only_extensions} answers held extensions only (see spec_extensions)"
        return Outcome.passed(f"{tally.cases} cases{suffix}", cases=tally.cases)


def _tried(case: HostileCase, exchange: Exchange) -> Tried:
    return Tried(case.said, case.shown, exchange, case.size)


def decoded_headers(exchange: Exchange) -> list[tuple[bytes, bytes]]:
    """The answer's headers for a body the transport already decoded: without Content-Encoding (httpx would
    inflate the body again, and fail on bytes that are no longer gzip) and the wire's Content-Length. As
    bytes: the transport keeps each header byte as one Latin-1 character, so obs-text (bytes >= 0x80, legal
    in a field value) goes back as it came instead of failing httpx's ASCII encoding."""
    return [
        (k.encode("latin-1", "replace"), v.encode("latin-1", "replace"))
        for k, v in exchange.headers.items()
        if k not in ("content-encoding", "content-length")
    ]


def schema_judgement(failure: BaseException, exchange: Exchange) -> extensions.Judgement | None:
    """Our reading of a body schemathesis found against the schema (see `conformance.extensions`): its
    extensions and its violations, each named where it is. None for other failures (malformed JSON, an
    undocumented content type), which stay failures. A case passes only when this finds extensions and no
    violation, so a disagreement between the two validators fails, never passes."""
    failures = failure.exceptions if isinstance(failure, BaseExceptionGroup) else (failure,)
    if exchange.status is None or not all(isinstance(f, (JsonSchemaError, DiscriminatorMismatch)) for f in failures):
        return None
    try:
        body = exchange.json()
    except ValueError:
        return None
    return extensions.judge(exchange.status, body)


def varies_beta_header(case: Case) -> bool:
    """A case about the OpenAI-Beta header: the coverage cases that leave it out or send another value, and
    fuzzed negative cases whose header is the invalid part."""
    meta = case.meta
    if meta is None:
        return False
    data = meta.phase.data
    if isinstance(data, CoveragePhaseData) and str(data.parameter or "").lower() == BETA_HEADER.lower():
        return True
    headers = meta.components.get(ParameterLocation.HEADER) if meta.components else None
    return headers is not None and headers.mode.is_negative


def summarize(failure: BaseException) -> str:
    """One line from a schemathesis failure: its title and first line of message."""
    if isinstance(failure, RecursionError):
        return "the body nests too deep to be decoded as JSON"
    inner = failure.exceptions[0] if isinstance(failure, BaseExceptionGroup) else failure
    title = str(getattr(inner, "title", "") or inner.__class__.__name__).strip()
    lines = (getattr(inner, "message", "") or str(inner)).strip().splitlines()
    first = lines[0].strip() if lines else ""
    text = title if not first or first == title or title.startswith(first) else f"{title}: {first}"
    return clip(text, 300)
