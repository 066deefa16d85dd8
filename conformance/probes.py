"""Every request of the semantic phase, declared once: its label, what it sends, where its answer lands in
`Observations`, and which checks read that answer.

`observe` sends these, `plan` counts them, `recording` names them in a HAR file, and the checks read their
answers through them (`NO_KEY.answer(seen)`, `answers(seen, INVALID)`). A check that needs one more request
adds one declaration here; nothing else has to change.

Labels are what a recording shows (each HAR entry's comment names its probe) and what an offline judge
matches on: they never change. The walks are a family of their own (`WALKS`): `plan` lays them out from the
run's size and each walk's label is `walk <its plan>`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from conformance.contract import INCLUDE_CONTENT, MAX_LIMIT, route_path
from conformance.observations import Exchange, Observations, Page, Params

MISSING_RUN = "run_conformance_missing"
MISSING_THREAD = "thread_conformance_missing"
UNKNOWN_CURSOR = "step_conformance_unknown"
BOUNDARY_LIMIT = 7
# The label of every case of the schemathesis phase, which is no semantic probe (its checks: recording).
SCHEMATHESIS_CASE = "schemathesis case"
# The label of every hostile case of that phase and of every request shrinking one (its check: hostile_inputs).
HOSTILE_CASE = "hostile input"

# The credentials a probe sends instead of the profile's own: the Observer is given the headers of each
# variant the profile has (a profile without a key has no malformed variants, so those probes are not sent).
NO_CREDENTIALS = "without a key"
WRONG_CREDENTIALS = "with a wrong key"
# The malformed credentials every profile with a key is probed with (see Profile.with_malformed_credentials).
MALFORMED_CREDENTIALS = ("a scheme and no token", "two tokens", "an unknown scheme")

# The checks that read every answer that should be a page of the run's steps (`Observations.pages`).
PAGE_CHECKS = (
    "cursor_walk",
    "order",
    "has_more",
    "first_last_ids",
    "limit_bounds",
    "step_identity",
    "page_object",
    "step_type_consistency",
    "step_status_consistency",
)


def _route(thread_id: str, run_id: str) -> str:
    return route_path(thread_id, run_id)


@dataclass(frozen=True)
class Probe:
    """One request of the semantic phase. Its answer lands in `Observations` under its label: in
    `probe_pages` when it should be a page of the run's steps (`is_page`), else in `answers`."""

    label: str
    reads: tuple[str, ...]  # the checks that read its answer
    params: Params = ()
    path: Callable[[str, str], str] = _route  # (thread id, run id) -> the path it is sent to
    credentials: str | None = None  # None: the profile's own; else the variant sent instead (see above)
    is_page: bool = False
    family: str = ""  # probes judged together (see `answers`), e.g. "invalid input"
    key: str = ""  # its name within its family: "limit=0", "run", "after"
    names_param: str = ""  # an invalid input: the parameter its 400 must name
    said: str = ""  # how a check's detail names it, when not by its label
    # Parameters placed from the run's steps in asc order: such a probe is sent after the walks, and only on
    # a run whose sequence the walks agree on and which has a step.
    placed: Callable[[list[str]], Params] | None = None

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
    reads: tuple[str, ...]


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
PREFLIGHT = Probe(
    "preflight",
    (*PAGE_CHECKS, "max_page_size", "include_content"),
    (("order", "asc"), ("limit", str(MAX_LIMIT))),
    is_page=True,
)
WALKS = Family("walk ", PAGE_CHECKS)
DEFAULT_PAGE = Probe("default page", (*PAGE_CHECKS, "default_page_size"), is_page=True)
INCLUDE_PAGE = Probe(
    "include[] page",
    (*PAGE_CHECKS, "include_content"),
    (*PREFLIGHT.params, ("include[]", INCLUDE_CONTENT)),
    is_page=True,
)
NO_KEY = Probe("no key", ("auth_required", "error_shape"), (("limit", "1"),), credentials=NO_CREDENTIALS)
WRONG_KEY = Probe("wrong key", ("auth_required", "error_shape"), (("limit", "1"),), credentials=WRONG_CREDENTIALS)
MALFORMED = "malformed credential"
MALFORMED_PROBES = tuple(
    Probe(
        f"credential with {kind}",
        ("malformed_credentials", "error_shape"),
        (("limit", "1"),),
        credentials=kind,
        family=MALFORMED,
        key=kind,
        said=f"a credential with {kind}",
    )
    for kind in MALFORMED_CREDENTIALS
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
_VALIDATION = {"limit": "limit_validation", "order": "order_validation", "include[]": "include_validation"}
INVALID_PROBES = tuple(
    Probe(
        f"invalid input {key}",
        (_VALIDATION[param], "error_shape"),
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
    Probe("unknown run", ("not_found", "error_shape"), path=lambda t, _: route_path(t, MISSING_RUN), family=MISSING,
          key="run"),
    Probe("unknown thread", ("not_found", "error_shape"), path=lambda _, r: route_path(MISSING_THREAD, r),
          family=MISSING, key="thread"),
)  # fmt: skip
CURSOR = "unknown cursor"
CURSOR_PROBES = tuple(
    Probe(
        f"unknown {cursor} cursor",
        ("unknown_cursor", "error_shape"),
        ((cursor, UNKNOWN_CURSOR),),
        family=CURSOR,
        key=cursor,
    )
    for cursor in ("after", "before")
)
BOUNDARY = Probe("has_more boundary", PAGE_CHECKS, is_page=True, placed=boundary_params)

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
)
PROBES: tuple[Probe, ...] = (PREFLIGHT, *SENT)
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
    """The probes whose answers `check` reads, in the order they are sent."""
    return tuple(p for p in SENT if check in p.reads)


def labels() -> tuple[str, ...]:
    """Every fixed label the semantic phase sends (walks are labelled `WALKS.prefix` + their plan)."""
    return tuple(p.label for p in PROBES)


def checks_reading(label: str) -> tuple[str, ...]:
    """The semantic checks that read the answer to the request labelled `label` (a walk's label too); () for
    a label that is no semantic probe's (a schemathesis case: see recording). A check none of whose probes
    was answered cannot be judged."""
    probe = _BY_LABEL.get(label)
    if probe is not None:
        return probe.reads
    if label == HOSTILE_CASE:
        return ("hostile_inputs",)
    return WALKS.reads if label.startswith(WALKS.prefix) else ()


def semantic_check_names() -> Sequence[str]:
    """Every check some probe's answer is read by, once each, in the order first read."""
    names = [*PREFLIGHT.reads, *WALKS.reads, *(c for p in SENT for c in p.reads)]
    return tuple(dict.fromkeys(names))
