"""The probe declarations are the one place the semantic phase's requests are described: every check they name
exists and every semantic check is read by some probe; the plan's count is what the observer really sends to
the reference provider over loopback; each answer lands where its probe reads it; the labels recordings carry
are today's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance import probes
from conformance.checks import Phase, checks
from conformance.contract import route_path
from conformance.errors import BudgetTooSmall
from conformance.observations import as_page
from conformance.observe import Observer
from conformance.plan import minimum_budget, semantic_requests
from conformance.profiles import openai
from conformance.reference import BEARER_KEY, RUN_SIZES, THREAD_ID
from conformance.reference.server import ReferenceServer
from conformance.transport import Transport

# The labels HAR recordings carry and offline judges match on: they must not change.
TODAYS_LABELS = (
    "preflight",
    "default page",
    "include[] page",
    "no key",
    "wrong key",
    "credential with a scheme and no token",
    "credential with two tokens",
    "credential with an unknown scheme",
    "invalid input limit=0",
    "invalid input limit=101",
    "invalid input limit=-1",
    "invalid input limit=abc",
    "invalid input limit= (empty)",
    "invalid input order=sideways",
    "invalid input order= (empty)",
    "invalid input include[]=step_details.unknown",
    "unknown run",
    "unknown thread",
    "unknown after cursor",
    "unknown before cursor",
    "has_more boundary",
)


def test_every_label_recordings_carry_is_still_declared() -> None:
    assert set(TODAYS_LABELS) <= set(probes.labels())
    assert len(set(probes.labels())) == len(probes.labels())


def test_every_check_a_probe_names_exists_and_every_semantic_check_reads_a_probe() -> None:
    semantic = {c.name for c in checks(Phase.SEMANTIC)}
    named = set(probes.semantic_check_names())
    assert named <= semantic, named - semantic
    assert semantic <= named, semantic - named  # a check no probe feeds could never be judged


def test_checks_reading_answers_for_walks_probes_and_nothing_else() -> None:
    assert "cursor_walk" in probes.checks_reading("walk order=asc after limit=7 (2 pages)")
    assert probes.checks_reading("credential with two tokens") == ("malformed_credentials", "error_shape")
    assert probes.checks_reading("invalid input include[]=step_details.unknown") == (
        "include_validation",
        "error_shape",
    )
    assert "include_content" in probes.checks_reading("preflight")
    assert probes.checks_reading("schemathesis case") == () and probes.checks_reading("no such probe") == ()


@pytest.fixture(scope="module")
def provider() -> Iterator[ReferenceServer]:
    with ReferenceServer() as server:
        yield server


@pytest.mark.parametrize("run_id", sorted(RUN_SIZES))
def test_the_plan_counts_what_the_observer_sends_and_every_answer_lands(provider: ReferenceServer, run_id: str) -> None:
    profile = openai(BEARER_KEY)
    transport = Transport(
        provider.base_url, profile.headers, timeout=5, max_body_bytes=1 << 23, max_requests=None, retries_429=0,
        max_retry_wait=1,
    )  # fmt: skip
    try:
        path = route_path(THREAD_ID, run_id)
        first = as_page(
            transport.get(path, probes.PREFLIGHT.params, used_by=probes.PREFLIGHT.label), probes.PREFLIGHT.params
        )
        seen = Observer(transport, THREAD_ID, run_id, profile.credential_variants()).observe(first)
    finally:
        transport.close()
    steps = RUN_SIZES[run_id]
    assert seen.steps == steps and seen.stopped is None
    assert transport.sent == semantic_requests(steps)
    sent = [label for e in transport.exchanges for label in e.used_by]
    for probe in probes.PROBES:
        if probe.sent_on(steps):
            assert sent.count(probe.label) == 1, probe.label
            assert probe.answer(seen) is not None and (probe.page(seen) is not None) == probe.is_page, probe.label
        else:
            assert probe.label not in sent and probe.answer(seen) is None
    assert all(label in probes.labels() or label.startswith(probes.WALKS.prefix) for label in sent)


def test_a_budget_below_the_minimum_is_refused_once_the_walk_has_counted(provider: ReferenceServer) -> None:
    run_id = "run_ref_five"  # a first page that holds the whole run: the exact count is known after one walk
    profile = openai(BEARER_KEY)
    budget = minimum_budget(RUN_SIZES[run_id]) - 1
    transport = Transport(
        provider.base_url, profile.headers, timeout=5, max_body_bytes=1 << 23, max_requests=budget, retries_429=0,
        max_retry_wait=1,
    )  # fmt: skip
    try:
        params = probes.PREFLIGHT.params
        first = as_page(transport.get(route_path(THREAD_ID, run_id), params, used_by="preflight"), params)
        observer = Observer(transport, THREAD_ID, run_id, {}, budget=budget)
        with pytest.raises(BudgetTooSmall, match=f"below the {budget + 1} requests"):
            observer.observe(first)
        # With --allow-incomplete the semantic phase is sent whole (the schemathesis phase gets what is left).
        allowed = Observer(transport, THREAD_ID, run_id, {}, budget=budget, allow_incomplete=True).observe(first)
        assert allowed.steps == RUN_SIZES[run_id] and allowed.stopped is None
    finally:
        transport.close()
