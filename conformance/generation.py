"""The cases of the generated phase, per class, made before the phase needs them (`start_generating`): the
positive and negative cases from schemathesis (its coverage phase, then seeded Hypothesis fuzzing), the hostile
ones from `conformance.hostile`. Generation depends on the spec, the ids, the seed and --max-examples only, so
a process generates each set once (a matrix of many targets on one run, the tests): the cases are shared, and a
run prepares its own copy of each case it sends (`own_copy`).
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.core import NOT_SET
from schemathesis.generation.case import Case as GenericCase
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, CoveragePhaseData

from conformance import hostile
from conformance.contract import ROUTE
from conformance.hostile import HostileCase
from conformance.plan import HOSTILE, NEGATIVE, POSITIVE, class_shares, hostile_split
from conformance.seeded import no_local_constants
from conformance.spec import SPEC_PATH

Case = GenericCase[Any]
_GENERATING = threading.Lock()


@dataclass(frozen=True)
class Generated:
    """Every case generated for a run, per class, each class in the order it is sent; shared by the runs of a
    process, so never changed (a run changes its `own_copy` of a case)."""

    positive: tuple[Case, ...]
    negative: tuple[Case, ...]
    hostile: tuple[HostileCase, ...]

    @property
    def cases(self) -> list[Case]:
        """The schemathesis cases: as many as the phase sends when no budget says otherwise."""
        return [*self.positive, *self.negative]


def start_generating(thread_id: str, run_id: str, max_examples: int, seed: int) -> Future[Generated]:
    """Generate the cases on a background thread (CPU work) while the semantic phase waits on the network;
    `SchemaPhase.run` picks them up. Generation depends on the spec, the ids and the seed only."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemathesis-generate")
    generated = pool.submit(generate, thread_id, run_id, max_examples, seed)
    pool.shutdown(wait=False)
    return generated


def generate(thread_id: str, run_id: str, max_examples: int, seed: int) -> Generated:
    """Every case, per class, in order (round-robin over each class's kinds). One generation at a time in the
    process: Hypothesis keeps global state while a test runs (its build context, the seed's random), and
    targets of `matrix --parallel` generating side by side mixed it up ("FlakyFailure: Inconsistent
    results"). Generation is CPU work under the GIL anyway."""
    with _GENERATING, no_local_constants():  # the same cases whatever else is loaded (conformance.seeded)
        return _generated_once(thread_id, run_id, max_examples, seed)


@lru_cache(maxsize=8)
def _generated_once(thread_id: str, run_id: str, max_examples: int, seed: int) -> Generated:
    """Generation is most of a short run's CPU time (Hypothesis's engine, the coverage phase)."""
    return _generate(thread_id, run_id, max_examples, seed)


def own_copy(case: Case) -> Case:
    """A copy of a generated case for one run to change: schemathesis records each change to a case in its
    metadata, so everything is copied but the operation (the parsed spec) and schemathesis's NOT_SET. Built
    slot by slot: `copy.deepcopy` of a Case fails in its `__setattr__`, which reads a slot not yet set."""
    clone: Case = object.__new__(type(case))
    memo: dict[int, Any] = {id(NOT_SET): NOT_SET, id(case.operation): case.operation}  # deepcopy's own memo
    for slot in GenericCase.__slots__:
        object.__setattr__(clone, slot, copy.deepcopy(getattr(case, slot), memo))
    return clone


def _generate(thread_id: str, run_id: str, max_examples: int, seed: int) -> Generated:
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    operation = schema[ROUTE]["GET"]
    config = schema.config.generation_for(operation=operation)
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    coverage = schema.iter_coverage_cases(operation, generation_modes=modes, generation_config=config)
    cases = [c for c in coverage if not is_request_shape_probe(c)]
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
    positive = list(round_robin(c for c in cases if _mode(c) == GenerationMode.POSITIVE.value))
    negative = list(round_robin(c for c in cases if _mode(c) != GenerationMode.POSITIVE.value))
    size = len(positive) + len(negative)
    share = class_shares(size, {POSITIVE: len(positive), NEGATIVE: len(negative), HOSTILE: size})[HOSTILE]
    per_kind = max(1, ceil(hostile_split(share)[0] / len(hostile.KINDS)))
    return Generated(tuple(positive), tuple(negative), tuple(hostile.generate(per_kind, seed)))


def _mode(case: Case) -> str:
    return case.meta.generation.mode.value if case.meta is not None else ""


def round_robin(cases: Iterable[Case]) -> Iterator[Case]:
    """Cases reordered so that every kind (mode, coverage scenario, parameter; all fuzzed cases of a mode are
    one kind) comes early: one of each kind, then a second of each, and so on. A small budget then still
    covers every kind."""
    kinds: dict[tuple[str, str, str], list[Case]] = defaultdict(list)
    for case in cases:
        data = case.meta.phase.data if case.meta is not None else None
        if not isinstance(data, CoveragePhaseData):
            kinds[(_mode(case), "fuzzing", "")].append(case)
            continue
        kinds[(_mode(case), str(getattr(data, "scenario", "")), str(getattr(data, "parameter", "")))].append(case)
    for row in itertools.zip_longest(*kinds.values()):
        yield from (case for case in row if case is not None)


def is_request_shape_probe(case: Case) -> bool:
    """Coverage cases that send a method the spec does not declare, or a body Content-Type on this body-less
    GET. They test the HTTP stack in front of the API, not the operation's contract: OpenAI answers
    undeclared methods 404 "Invalid URL" (not 405), and gateways parse a body whatever the method. Left out
    so that a provider is judged on what clients of this operation send."""
    data = case.meta.phase.data if case.meta is not None else None
    return isinstance(data, CoveragePhaseData) and data.scenario in REQUEST_SHAPE_PROBES
