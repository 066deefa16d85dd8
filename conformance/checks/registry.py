"""Every check is declared once, here: its name, phase, what it asserts, and whether it decides conformance.

The name is the function's name (for semantic and network checks) and is the same in the terminal table,
`report.json` and `junit.xml`. A *core* check decides conformance: if one is skipped, the verdict can be no
better than `incomplete`. An optional check is reported but a skip does not hold the verdict back.
`depends_on` names the checks whose failure this one may echo: the report leads with the cause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from conformance.observations import Exchange, Observations
from conformance.results import Outcome


class Phase(StrEnum):
    SCHEMATHESIS = "schemathesis"
    SEMANTIC = "semantic"
    NETWORK = "network"


PHASE_ORDER = (Phase.SCHEMATHESIS, Phase.SEMANTIC, Phase.NETWORK)


@dataclass(frozen=True)
class Check:
    name: str
    phase: Phase
    description: str  # what it asserts, exactly
    core: bool = True
    depends_on: tuple[str, ...] = ()
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


def _declarer(phase: Phase, core: bool, depends_on: tuple[str, ...]) -> Callable[[F], F]:
    def register(function: F) -> F:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"check {function.__name__} needs a docstring saying what it asserts")
        description = " ".join(doc.split("\n\n")[0].split())
        declare(Check(function.__name__, phase, description, core, depends_on, function))
        return function

    return register


def semantic(*, core: bool = True, depends_on: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Declare a semantic check: a pure function of `Observations`; its docstring's first paragraph says
    what it asserts."""
    return _declarer(Phase.SEMANTIC, core, depends_on)


def network(*, core: bool = True) -> Callable[[F], F]:
    """Declare a network check: a pure function of every exchange of the run."""
    return _declarer(Phase.NETWORK, core, ())


def checks(phase: Phase | None = None) -> list[Check]:
    """Declared checks in report order (phase by phase, then declaration order)."""
    ordered = sorted(REGISTRY.values(), key=lambda c: PHASE_ORDER.index(c.phase))
    return [c for c in ordered if phase is None or c.phase is phase]
