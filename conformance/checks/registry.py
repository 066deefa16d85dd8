"""Every check is declared once, here: its name, phase, what it asserts, and whether it decides conformance.

The name is the function's name (for semantic and network checks) and is the same in the terminal table,
`report.json` and `junit.xml`. A *core* check decides conformance: if one is skipped, the verdict can be no
better than `incomplete`. An optional check is reported but a skip does not hold the verdict back.
`severity` says what a failure breaks for a client (`Severity`): the summary leads with the most severe root
cause. Which failure follows from which is read from the answers they failed on (`results.link_echoes`),
never declared, except for the network checks: each says which network failures it explains (`explains`).

Report order (the terminal table, `report.json`, `junit.xml`): phase by phase (`PHASE_ORDER`), within a phase
module by module (`MODULES`), and within a module in the order it declares its checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any, Protocol, TypeVar

from conformance.outcome import Outcome


class Phase(StrEnum):
    SCHEMATHESIS = "schemathesis"
    SEMANTIC = "semantic"
    NETWORK = "network"


PHASE_ORDER = (Phase.SCHEMATHESIS, Phase.SEMANTIC, Phase.NETWORK)
# The modules of conformance.checks in report order (see above); a check declared elsewhere is refused.
MODULES = (
    "schemathesis_checks",
    "hostile_inputs",
    "consistency",
    "wire_form",
    "spec_extensions",
    "error_answers",
    "include",
    "pagination",
    "network",
)
# What a network check may explain besides a transport's error kinds (Exchange.error_kind): a 429.
RATE_LIMITED = "429"


class Severity(IntEnum):
    """What a failure breaks for a client, most severe first: the order root causes are reported in."""

    AVAILABILITY = 1  # the service does not answer, or answers 5xx
    DATA = 2  # wrong data or paging: a client gets wrong steps
    ACCESS = 3  # unknown resources or missing credentials accepted
    VALIDATION = 4  # invalid requests served
    SHAPE = 5  # error shapes, status codes and headers


class Reads(Protocol):
    """A probe or a family of probes (`conformance.probes`), as a check declares what it reads."""

    def answers(self, label: str) -> bool:
        """Whether the request labelled `label` is one of these."""
        ...


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
    module: str = "schemathesis_checks"  # the module that declares it (see MODULES)
    # A network check: the failures it explains (Exchange.error_kind values, or RATE_LIMITED); a check that
    # failed on such an answer follows from it.
    explains: frozenset[str] = frozenset()
    # A semantic check: the probes whose answers it reads (`probes.checks_reading` is derived from these); a
    # check whose probes were not all answered is not judged unless what was answered shows its failure.
    reads: tuple[Reads, ...] = ()


REGISTRY: dict[str, Check] = {}

F = TypeVar("F", bound=Callable[..., Outcome])


def declare(check: Check) -> Check:
    if check.name in REGISTRY:
        raise ValueError(f"check {check.name!r} is declared twice")
    if check.module not in MODULES:
        raise ValueError(f"check {check.name!r} is declared in {check.module!r}, which is not in registry.MODULES")
    REGISTRY[check.name] = check
    return check


def _declarer(
    phase: Phase,
    core: bool,
    severity: Severity,
    explains: frozenset[str] = frozenset(),
    reads: tuple[Reads, ...] = (),
) -> Callable[[F], F]:
    def register(function: F) -> F:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"check {function.__name__} needs a docstring saying what it asserts")
        description = " ".join(doc.split("\n\n")[0].split())
        module = function.__module__.rsplit(".", 1)[-1]
        declare(Check(function.__name__, phase, description, core, severity, function, module, explains, reads))
        return function

    return register


def semantic(severity: Severity, *, reads: tuple[Reads, ...], core: bool = True) -> Callable[[F], F]:
    """Declare a semantic check: a pure function of `Observations`; its docstring's first paragraph says
    what it asserts; `reads`: the probes (or families) whose answers it reads, at least one."""
    if not reads:
        raise ValueError("a semantic check reads at least one probe, or it could never be judged")
    return _declarer(Phase.SEMANTIC, core, severity, reads=reads)


def network(*, explains: frozenset[str] = frozenset(), core: bool = True) -> Callable[[F], F]:
    """Declare a network check: a pure function of every exchange of the run (its failures are the service
    not answering as a server should); `explains`: the network failures that are its to report."""
    return _declarer(Phase.NETWORK, core, Severity.AVAILABILITY, explains)


def explaining(kind: str) -> str | None:
    """The network check that explains a failure of `kind` (an Exchange.error_kind, or RATE_LIMITED)."""
    return next((c.name for c in REGISTRY.values() if kind in c.explains), None)


# Within wrong data or paging, what a page holds comes before what a walk across pages concludes: a walk that
# fails because its pages are out of order, too short or not of this run follows from the page's failure.
CAUSAL_ORDER = (
    "step_identity",
    "page_object",
    "order",
    "limit_bounds",
    "first_last_ids",
    "has_more",
    "cursor_walk",
)


def position(check: Check) -> tuple[int, int, int]:
    """Where `check` comes in the report order (see the module's docstring)."""
    return PHASE_ORDER.index(check.phase), MODULES.index(check.module), list(REGISTRY).index(check.name)


def rank(check: Check, severity: int | None = None) -> tuple[int, ...]:
    """Root causes are reported in this order: by severity (the failure's own when it says, e.g. a refusal
    with the wrong status is a shape problem, not an access one); at equal severity the checks whose own
    concern it is first (a 5xx is not_a_server_error's before it is a validation probe's), then the suite's
    precise checks before schemathesis' generic ones; then pages before walks (CAUSAL_ORDER); then declaration
    order."""
    causal = CAUSAL_ORDER.index(check.name) if check.name in CAUSAL_ORDER else len(CAUSAL_ORDER)
    effective = severity or check.severity
    borrowed = int(effective != check.severity)
    return effective, borrowed, int(check.phase is Phase.SCHEMATHESIS), causal, *position(check)


def checks(phase: Phase | None = None) -> list[Check]:
    """Declared checks in report order (see the module's docstring)."""
    return [c for c in sorted(REGISTRY.values(), key=position) if phase is None or c.phase is phase]
