"""Every check is declared once, here: its name, phase, what it asserts, and whether it decides conformance.

The name is the function's name (for semantic and network checks) and is the same in the terminal table,
`report.json` and `junit.xml`. A *core* check decides conformance: if one is skipped, the verdict can be no
better than `incomplete`. An optional check is reported but a skip does not hold the verdict back.
`severity` says what a failure breaks for a client (`Severity`): the summary leads with the most severe root
cause. Which failure follows from which is read from the answers they failed on (`results.link_echoes`),
never declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

from conformance.observations import Exchange, Observations
from conformance.results import Outcome


class Phase(StrEnum):
    SCHEMATHESIS = "schemathesis"
    SEMANTIC = "semantic"
    NETWORK = "network"


PHASE_ORDER = (Phase.SCHEMATHESIS, Phase.SEMANTIC, Phase.NETWORK)


class Severity(IntEnum):
    """What a failure breaks for a client, most severe first: the order root causes are reported in."""

    AVAILABILITY = 1  # the service does not answer, or answers 5xx
    DATA = 2  # wrong data or paging: a client gets wrong steps
    ACCESS = 3  # unknown resources or missing credentials accepted
    VALIDATION = 4  # invalid requests served
    SHAPE = 5  # error shapes, status codes and headers


@dataclass(frozen=True)
class Check:
    name: str
    phase: Phase
    description: str  # what it asserts, exactly
    core: bool = True
    severity: Severity = Severity.SHAPE
    # A semantic check takes Observations, a network check the list of every Exchange; schemathesis checks
    # are run by schemathesis itself (see conformance.schema_phase) and have no function here.
    function: Callable[[Any], Outcome] | None = None


REGISTRY: dict[str, Check] = {}

SemanticCheck = Callable[[Observations], Outcome]
NetworkCheck = Callable[[list[Exchange]], Outcome]
F = TypeVar("F", bound=Callable[..., Outcome])


def declare(check: Check) -> Check:
    if check.name in REGISTRY:
        raise ValueError(f"check {check.name!r} is declared twice")
    REGISTRY[check.name] = check
    return check


def _declarer(phase: Phase, core: bool, severity: Severity) -> Callable[[F], F]:
    def register(function: F) -> F:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"check {function.__name__} needs a docstring saying what it asserts")
        description = " ".join(doc.split("\n\n")[0].split())
        declare(Check(function.__name__, phase, description, core, severity, function))
        return function

    return register


def semantic(severity: Severity, *, core: bool = True) -> Callable[[F], F]:
    """Declare a semantic check: a pure function of `Observations`; its docstring's first paragraph says
    what it asserts."""
    return _declarer(Phase.SEMANTIC, core, severity)


def network(*, core: bool = True) -> Callable[[F], F]:
    """Declare a network check: a pure function of every exchange of the run (its failures are the service
    not answering as a server should)."""
    return _declarer(Phase.NETWORK, core, Severity.AVAILABILITY)


def rank(check: Check) -> tuple[int, int, int]:
    """Root causes are reported in this order: by severity; at equal severity the suite's precise checks
    before schemathesis' generic ones; then in declaration order."""
    order = list(REGISTRY)
    return check.severity, int(check.phase is Phase.SCHEMATHESIS), order.index(check.name)


def checks(phase: Phase | None = None) -> list[Check]:
    """Declared checks in report order (phase by phase, then declaration order)."""
    ordered = sorted(REGISTRY.values(), key=lambda c: PHASE_ORDER.index(c.phase))
    return [c for c in ordered if phase is None or c.phase is phase]
