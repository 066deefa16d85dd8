"""Every check is declared once, here: its name, phase, what it asserts, and whether it decides conformance.

The name is the function's name (for semantic and network checks) and is the same in the terminal table,
`report.json` and `junit.xml`. A *core* check decides conformance: if one is skipped, the verdict can be no
better than `incomplete`. An optional check is reported but a skip does not hold the verdict back.
`severity` says what a failure breaks for a client (`Severity`): the summary leads with the most severe root
cause. Which failure follows from which is declared here, beside each check, in two words (read by
`conformance.root_causes`):
- `parts`: the parts of an answer the check reads (`STATUS`, `HEADERS`, or a body part such as
  `body.data.created_at`, `body.has_more`); a failure follows from a cause only when the cause covers a part
  it reads, on an answer it failed on;
- `explains`: the causes the check is the one to report, which lead what follows from them: kinds of answer
  (`SERVER_ERROR`, `UNREADABLE`, `REFUSED`, `accepted:PARAM`, `SCHEMA`, a schema violation at one part as
  `schema:PART`, a network failure's kind) or, for a check that judges pages, `blames`: the part of the pages
  it failed on that it finds wrong.

Report order (the terminal table, `report.json`, `junit.xml`): phase by phase (`PHASE_ORDER`), within a phase
module by module (`MODULES`), and within a module in the order it declares its checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    "page_size",
    "network",
)
# What a network check may explain besides a transport's error kinds (Exchange.error_kind): a 429.
RATE_LIMITED = "429"
# Kinds of answer that explain failures on them (see conformance.root_causes.answer_causes).
SERVER_ERROR = "5xx"  # any 5xx: explains every check on that answer
UNREADABLE = "unreadable"  # a 2xx whose body is not JSON: explains every check on that answer
REFUSED = "refused-value"  # a 4xx (400, 422) to a request whose parameters are all valid: one per refused value
SCHEMA = "schema"  # a body that violates openapi.yaml's schema: explains checks that read the violated part
ACCEPTED = "accepted:"  # + limit | order | include[] | OpenAI-Beta: a 2xx to a request that sends it invalid


def accepted(param: str) -> str:
    """The cause "a 2xx to a request whose `param` is invalid"."""
    return ACCEPTED + param


def schema_at(part: str) -> str:
    """The cause "a schema violation at `part`", for a check that reports it more precisely than the schema."""
    return f"{SCHEMA}:{part}"


# Parts of an answer a check reads, or a cause covers: `*` covers all; a body part covers its sub-parts.
EVERYTHING = "*"
STATUS = "status"
HEADERS = "headers"
BODY = "body"
STEP_IDS = "body.data.id"  # which steps a page holds
STEP_ORDER = "body.data.order"  # the order it holds them in
STEP_COUNT = "body.data.count"  # how many
MEMBERSHIP = "body.data.membership"  # whether they are this run's (step_identity)
HAS_MORE = "body.has_more"
FIRST_LAST = ("body.first_id", "body.last_id")
ERROR_BODY = "body.error"


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
    # The causes it reports (see the module's docstring): a check that failed on such an answer, reading
    # what the cause covers, follows from it. A network check's are Exchange.error_kind values or RATE_LIMITED.
    explains: frozenset[str] = frozenset()
    # A semantic check: the probes whose answers it reads (`probes.checks_reading` is derived from these); a
    # check whose probes were not all answered is not judged unless what was answered shows its failure.
    reads: tuple[Reads, ...] = ()
    parts: frozenset[str] = frozenset({EVERYTHING})  # the parts of an answer it reads (which causes explain it)
    blames: frozenset[str] = frozenset()  # the parts of the answers it failed on that it finds wrong


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
    explains: Iterable[str] = (),
    reads: tuple[Reads, ...] = (),
    parts: Iterable[str] = (EVERYTHING,),
    blames: Iterable[str] = (),
) -> Callable[[F], F]:
    def register(function: F) -> F:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"check {function.__name__} needs a docstring saying what it asserts")
        description = " ".join(doc.split("\n\n")[0].split())
        module = function.__module__.rsplit(".", 1)[-1]
        declare(
            Check(function.__name__, phase, description, core, severity, function, module,
                  frozenset(explains), reads, frozenset(parts), frozenset(blames))
        )  # fmt: skip
        return function

    return register


def semantic(
    severity: Severity,
    *,
    reads: tuple[Reads, ...],
    parts: Iterable[str] = (EVERYTHING,),
    blames: Iterable[str] = (),
    explains: Iterable[str] = (),
    core: bool = True,
) -> Callable[[F], F]:
    """Declare a semantic check: a pure function of `Observations`; its docstring's first paragraph says
    what it asserts; `reads`: the probes (or families) whose answers it reads, at least one. `parts`,
    `blames`, `explains`: which failure follows from which (the module's docstring)."""
    if not reads:
        raise ValueError("a semantic check reads at least one probe, or it could never be judged")
    return _declarer(Phase.SEMANTIC, core, severity, explains, reads, parts, blames)


def network(*, explains: Iterable[str] = (), core: bool = True) -> Callable[[F], F]:
    """Declare a network check: a pure function of every exchange of the run (its failures are the service
    not answering as a server should); `explains`: the network failures that are its to report. It reads
    the whole exchange."""
    return _declarer(Phase.NETWORK, core, Severity.AVAILABILITY, explains)


def explaining(kind: str) -> list[Check]:
    """The checks declared to report the cause `kind` (see `explains`), in declaration order."""
    return [c for c in REGISTRY.values() if kind in c.explains]


def covers(cause: str, read: str) -> bool:
    """Whether a cause at part `cause` explains a check that reads `read`: the same part, one inside the
    other (`body.data` and `body.data.id`), or either is everything."""
    if EVERYTHING in (cause, read) or cause == read:
        return True
    return read.startswith(cause + ".") or cause.startswith(read + ".")


def position(check: Check) -> tuple[int, int, int]:
    """Where `check` comes in the report order (see the module's docstring)."""
    return PHASE_ORDER.index(check.phase), MODULES.index(check.module), list(REGISTRY).index(check.name)


def rank(check: Check, severity: int | None = None) -> tuple[int, ...]:
    """Root causes are reported in this order: core checks before optional ones; by severity (the failure's
    own when it says, e.g. a refusal with the wrong status is a shape problem, not an access one); at equal
    severity the checks whose own concern it is first (a 5xx is not_a_server_error's before it is a
    validation probe's), then the suite's precise checks before schemathesis' generic ones, then checks that
    judge pages (`blames`) before those that conclude from them; then declaration order."""
    effective = severity or check.severity
    borrowed = int(effective != check.severity)
    pages_first = int(not check.blames)
    generic = int(check.phase is Phase.SCHEMATHESIS)
    return int(not check.core), effective, borrowed, generic, pages_first, *position(check)


def checks(phase: Phase | None = None) -> list[Check]:
    """Declared checks in report order (see the module's docstring)."""
    return [c for c in sorted(REGISTRY.values(), key=position) if phase is None or c.phase is phase]
