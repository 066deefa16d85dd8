"""Every request of the semantic phase, declared once: its label, what it sends, and where its answer lands in
`Observations`. Which checks read it is the checks' own declaration (`@semantic(..., reads=...)`), from which
`checks_reading` is derived.

`observe` sends these, `plan` counts them, recordings name them in a HAR file, and the checks read their
answers through them (`NO_KEY.answer(seen)`, `answers(seen, INVALID)`). A check that needs one more request
adds one declaration here and names it in its `reads`; nothing else has to change.

Labels are what a recording shows (each HAR entry's comment names its probe) and what an offline judge
matches on: they never change. The walks are a family of their own (`WALKS`): `plan` lays them out from the
run's size and each walk's label is `walk <its plan>`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from conformance.contract import INCLUDE_CONTENT, MAX_LIMIT, route_path
from conformance.observations import Exchange, Observations, Page, Params
from conformance.profiles import MALFORMED_VARIANTS, Credentials

MISSING_RUN = "run_conformance_missing"
MISSING_THREAD = "thread_conformance_missing"
UNKNOWN_CURSOR = "step_conformance_unknown"
BOUNDARY_LIMIT = 7
# The label of every case of the schemathesis phase, which is no semantic probe (its checks: recording).
SCHEMATHESIS_CASE = "schemathesis case"
# The label of every hostile case of that phase and of every request shrinking one (its check: hostile_inputs).
HOSTILE_CASE = "hostile input"


def _route(thread_id: str, run_id: str) -> str:
    return route_path(thread_id, run_id)


@dataclass(frozen=True)
class Probe:
    """One request of the semantic phase. Its answer lands in `Observations` under its label: in
    `probe_pages` when it should be a page of the run's steps (`is_page`), else in `answers`."""

    label: str
    params: Params = ()
    path: Callable[[str, str], str] = _route  # (thread id, run id) -> the path it is sent to
    credentials: Credentials | None = None  # None: the profile's own; else the variant sent instead
    is_page: bool = False
    family: str = ""  # probes judged together (see `answers`), e.g. "invalid input"
    key: str = ""  # its name within its family: "limit=0", "run", "after"
    names_param: str = ""  # an invalid input: the parameter its 400 must name
    said: str = ""  # how a check's detail names it, when not by its label
    # Parameters placed from the run's steps in `placed_order`, as a complete walk of that order saw them: such a
    # probe is sent after the walks, and only on a run whose sequence the walks agree on and which has a step.
    placed: Callable[[list[str]], Params] | None = None
    placed_order: str = "asc"

    def answers(self, label: str) -> bool:
        """Whether the request labelled `label` is this probe's."""
        return label == self.label

    @property
    def named(self) -> str:
        return self.said or self.label

    def sent_on(self, steps: int) -> bool:
        """Whether a correct provider with `steps` steps gets this probe."""
        return self.placed is None or steps > 0

    def land(self, seen: Observations, answer: Page | Exchange) -> None:
        if isinstance(answer, Page):
            seen.probe_pages[self.label] = answer
        else:
            seen.answers[self.label] = answer

    def page(self, seen: Observations) -> Page | None:
        return seen.probe_pages.get(self.label)

    def answer(self, seen: Observations) -> Exchange | None:
        page = seen.probe_pages.get(self.label)
        return page.exchange if page is not None else seen.answers.get(self.label)


@dataclass(frozen=True)
class Family:
    """Requests laid out by `plan` rather than declared one by one: every label starting with `prefix`."""

    prefix: str

    def answers(self, label: str) -> bool:
        return label.startswith(self.prefix)


def boundary_params(ascending: list[str]) -> Params:
    """A page holding exactly the last steps of the run in asc order, and full: has_more must be false there.
    On a run of two or more steps it starts after a cursor, so a cursor page that ends the run is probed."""
    steps = len(ascending)
    limit = min(BOUNDARY_LIMIT, max(steps - 1, 1))
    params = [("order", "asc"), ("limit", str(limit))]
    if steps > limit:
        params.append(("after", ascending[steps - limit - 1]))
    return params


# The first request, also the first page of the first walk: the runner sends it and judges it first.
PREFLIGHT = Probe("preflight", (("order", "asc"), ("limit", str(MAX_LIMIT))), is_page=True)
WALKS = Family("walk ")
DEFAULT_PAGE = Probe("default page", is_page=True)
INCLUDE_PAGE = Probe("include[] page", (*PREFLIGHT.params, ("include[]", INCLUDE_CONTENT)), is_page=True)
NO_KEY = Probe("no key", (("limit", "1"),), credentials=Credentials.NONE)
WRONG_KEY = Probe("wrong key", (("limit", "1"),), credentials=Credentials.WRONG)
MALFORMED = "malformed credential"
MALFORMED_PROBES = tuple(
    Probe(
        f"credential with {kind}",
        (("limit", "1"),),
        credentials=kind,
        family=MALFORMED,
        key=kind,
        said=f"a credential with {kind}",
    )
    for kind in MALFORMED_VARIANTS
)
# Invalid inputs the operation defines, each of which must be refused with a 400 naming its parameter.
INVALID = "invalid input"
_INVALID_INPUTS: tuple[tuple[str, str, str], ...] = (
    ("limit=0", "limit", "0"),
    ("limit=101", "limit", "101"),
    ("limit=-1", "limit", "-1"),
    ("limit=abc", "limit", "abc"),
    ("limit= (empty)", "limit", ""),
    ("order=sideways", "order", "sideways"),
    ("order= (empty)", "order", ""),
    ("include[]=step_details.unknown", "include[]", "step_details.unknown"),
)
INVALID_PROBES = tuple(
    Probe(
        f"invalid input {key}",
        ((param, value),),
        family=INVALID,
        key=key,
        names_param=param,
        said=key,
    )
    for key, param, value in _INVALID_INPUTS
)
MISSING = "unknown id"
MISSING_PROBES = (
    Probe("unknown run", path=lambda t, _: route_path(t, MISSING_RUN), family=MISSING, key="run"),
    Probe("unknown thread", path=lambda _, r: route_path(MISSING_THREAD, r), family=MISSING, key="thread"),
)  # fmt: skip
CURSOR = "unknown cursor"
CURSOR_PROBES = tuple(
    Probe(f"unknown {cursor} cursor", ((cursor, UNKNOWN_CURSOR),), family=CURSOR, key=cursor)
    for cursor in ("after", "before")
)
BOUNDARY = Probe("has_more boundary", is_page=True, placed=boundary_params)
# After the run's last step, in asc order and in the default one (desc): nothing is left, and a run that starts
# over there makes a client that pages until an empty page loop forever. Read by end_of_run alone (not pages the
# page checks count on: a recording made before these probes still has every page check judged).
PAST_END = "past the end"
PAST_END_PROBES = (
    Probe("past the end (asc)", family=PAST_END, key="asc", placed=lambda ids: [("order", "asc"), ("after", ids[-1])]),
    Probe("past the end (default order)", family=PAST_END, key="desc", placed=lambda ids: [("after", ids[-1])],
          placed_order="desc"),
)  # fmt: skip

# Every probe whose answer should be an error (what error_shape reads).
ERRORS_DUE = (NO_KEY, WRONG_KEY, *MALFORMED_PROBES, *INVALID_PROBES, *MISSING_PROBES, *CURSOR_PROBES)


def invalid(param: str) -> tuple[Probe, ...]:
    """The invalid inputs of one parameter, whose 400 must name it."""
    return tuple(p for p in INVALID_PROBES if p.names_param == param)


# Every probe the Observer sends itself, in the order it sends them (the preflight and the walks are not here).
SENT: tuple[Probe, ...] = (
    DEFAULT_PAGE,
    INCLUDE_PAGE,
    NO_KEY,
    WRONG_KEY,
    *MALFORMED_PROBES,
    *INVALID_PROBES,
    *MISSING_PROBES,
    *CURSOR_PROBES,
    BOUNDARY,
    *PAST_END_PROBES,
)
PROBES: tuple[Probe, ...] = (PREFLIGHT, *SENT)
# Every answer that should be a page of the run's steps (`Observations.pages`: the walks' pages and every
# `is_page` probe's answer): what the page checks read, a page probe declared later included.
PAGES: tuple[Probe | Family, ...] = (WALKS, *(p for p in PROBES if p.is_page))
_BY_LABEL = {p.label: p for p in PROBES}
if len(_BY_LABEL) != len(PROBES):
    raise ValueError("two probes share a label")


def family(name: str) -> tuple[Probe, ...]:
    return tuple(p for p in PROBES if p.family == name)


def answers(seen: Observations, name: str) -> dict[str, Exchange]:
    """The answers the probes of family `name` got, by their key, in the order they were declared (a probe
    that was not sent is left out)."""
    found = ((p.key, p.answer(seen)) for p in family(name))
    return {key: answer for key, answer in found if answer is not None}


def reading(check: str) -> tuple[Probe, ...]:
    """The probes whose answers `check` reads (its declaration's `reads`), in the order they are sent."""
    from conformance.checks.registry import REGISTRY

    reads = REGISTRY[check].reads
    return tuple(p for p in SENT if p in reads)


def labels() -> tuple[str, ...]:
    """Every fixed label the semantic phase sends (walks are labelled `WALKS.prefix` + their plan)."""
    return tuple(p.label for p in PROBES)


def checks_reading(label: str) -> tuple[str, ...]:
    """The semantic checks that read the answer to the request labelled `label` (a walk's label too), as the
    checks declare (`reads`), the most specific first (those reading fewest probes); () for a label that is
    no semantic probe's (a schemathesis case: see evidence.har). A check none of whose probes was answered
    cannot be judged."""
    from conformance.checks.registry import REGISTRY

    found = [c for c in REGISTRY.values() if any(r.answers(label) for r in c.reads)]
    return tuple(c.name for c in sorted(found, key=lambda c: len(c.reads)))


def semantic_check_names() -> Sequence[str]:
    """Every check that declares a probe it reads, once each."""
    from conformance.checks.registry import REGISTRY

    return tuple(c.name for c in REGISTRY.values() if c.reads)
