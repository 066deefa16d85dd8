"""Named provider bugs the reference provider can be told to have (`serve --fault NAME`), each declared once.

Each is a deviation seen in real OpenAI-compatible servers and gateways, written as one `Fault`: which
validations it skips (`lenient`), how it rewrites the request (`rewrite`), what it refuses (`refuse`), and how
it changes the answer (`steps`, `body`, `encode`, `error_body`), or that it hangs or resets the connection
(`below_http`). The app applies every hook of the fault it was started with, so adding a fault touches only
this file. The conformance suite's own tests start one server per fault and expect the suite to name it.
Faults that touch "pages after the first" act only on requests that carry a cursor, so a suite still gets
its first answer and has to notice the bug while paging.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from conformance.reference.foundry_faults import foundry_call_without_id
from conformance.reference.input_faults import (
    COLUMN,
    RawRequest,
    escaped_id,
    fraction_limit,
    long_cursor,
    non_ascii_cursor,
    repeated,
    strict_refusal,
    unknown_parameter,
)

Step = dict[str, Any]
HUGE_BODY_BYTES = 12 * 1024 * 1024
NGINX_PAGE = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"


class ErrorAnswer(Exception):
    """An error the provider answers in OpenAI's shape: status, message, and the error's param/code/type."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        kind: str = "invalid_request_error",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.kind, self.headers = kind, headers or {}


def rate_limit_answer() -> ErrorAnswer:
    return ErrorAnswer(
        429,
        "Rate limit reached for requests. Please try again in 1s.",
        code="rate_limit_exceeded",
        kind="requests",
        headers={"retry-after": "1"},
    )


@dataclass(frozen=True)
class Query:
    """A request's parameters once parsed and validated."""

    limit: int
    order: str
    include: bool
    after: str | None
    before: str | None

    @property
    def has_cursor(self) -> bool:
        return self.after is not None or self.before is not None


@dataclass(frozen=True)
class PageContext:
    """What answer-side hooks may look at: the request, the run's first step in this order, a foreign step."""

    query: Query
    first_of_run: Step | None
    foreign: Step


def _same(value: Any, *_: Any) -> Any:
    return value


def _never(*_: Any) -> ErrorAnswer | None:
    return None


@dataclass(frozen=True)
class Fault:
    name: str
    summary: str
    # Validations skipped: auth, limit (any invalid limit falls back to 20), limit_max (above 100 honoured),
    # order (unknown falls back to desc), include (unknown values ignored), cursor (an unknown cursor is
    # ignored), missing_ids (an unknown thread or run is an empty page).
    lenient: frozenset[str] = frozenset()
    rewrite: Callable[[Query], Query] = _same
    # Called before auth with None, and after validation with the Query: an ErrorAnswer refuses the request.
    refuse: Callable[[Query | None], ErrorAnswer | None] = _never
    inclusive: bool = False  # after/before include the cursor step itself
    steps: Callable[[list[Step], PageContext], list[Step]] = _same
    body: Callable[[dict[str, Any], PageContext], dict[str, Any]] = _same
    # (status, payload, content type) -> (payload, content type), for every answer
    encode: Callable[[int, bytes, str], tuple[bytes, str]] = lambda status, payload, kind: (payload, kind)
    error_body: Callable[[ErrorAnswer], dict[str, Any]] | None = None
    below_http: str | None = None  # "hang" or "reset" pages after the first
    # Called first with the request's headers (lower-case names): an ErrorAnswer answers the request as it is.
    on_headers: Callable[[Mapping[str, str]], ErrorAnswer | None] = _never
    # Called once the key and OpenAI-Beta are accepted, before the parameters are validated: an ErrorAnswer
    # answers the request as it is (a server that crashes on an unusual input before it validates it).
    on_request: Callable[[RawRequest], ErrorAnswer | None] = _never
    denied_status: int = 401  # the status a missing or wrong key is refused with
    # How 200 answers go on the wire: "gzip" (compressed when the client accepts it, as a correct host behind
    # a CDN does), "gzip-bomb" (see `gzip_bomb`), "gzip-mislabelled" (Content-Encoding: gzip on plain JSON).
    wire: str | None = None
    ties: str | None = None  # steps sharing a created_at: "ascending" or "by-time" (the ties faults below)
    encode_cursor_pages_only: bool = False  # `encode` acts only on pages asked for with a cursor
    conforming: bool = False  # a correct provider that behaves as real hosts do: the suite must pass it
    # The check that must fail against this fault, and the smallest run (in steps) that can show it: every run at
    # or above it is caught by that check, every smaller one is `incomplete` (tests/cli/test_faults_by_run_size).
    caught_by: str = ""
    shown_from: int = 0


def _each(change: Callable[[Step], None], when: Callable[[Step], bool] = lambda s: True) -> Callable[..., list[Step]]:
    def apply(steps: list[Step], _: PageContext) -> list[Step]:
        for step in steps:
            if when(step):
                change(step)
        return steps

    return apply


def _swap_first_two(steps: list[Step], _: PageContext) -> list[Step]:
    if len(steps) > 1:
        steps[0], steps[1] = steps[1], steps[0]
    return steps


def _duplicate_first(steps: list[Step], ctx: PageContext) -> list[Step]:
    if ctx.query.has_cursor and ctx.first_of_run is not None and steps:
        steps[-1] = dict(ctx.first_of_run)
    return steps


def _foreign_last(steps: list[Step], ctx: PageContext) -> list[Step]:
    if steps and len(steps) == ctx.query.limit:
        steps[-1] = dict(ctx.foreign)
    return steps


def _envelope(change: Callable[[dict[str, Any], PageContext], None]) -> Callable[..., dict[str, Any]]:
    def apply(body: dict[str, Any], ctx: PageContext) -> dict[str, Any]:
        change(body, ctx)
        return body

    return apply


def _swap_ids(body: dict[str, Any], _: PageContext) -> None:
    body["first_id"], body["last_id"] = body["last_id"], body["first_id"]


def _stuck(body: dict[str, Any], _: PageContext) -> None:
    if body["data"]:
        body["has_more"] = True


def _early(body: dict[str, Any], ctx: PageContext) -> None:
    if not ctx.query.has_cursor and body["has_more"]:
        body["has_more"] = False


def _by_length(body: dict[str, Any], ctx: PageContext) -> None:
    body["has_more"] = len(body["data"]) == ctx.query.limit


def _pad(body: dict[str, Any], _: PageContext) -> None:
    body["padding"] = " " * HUGE_BODY_BYTES


def _html(status: int, payload: bytes, kind: str) -> tuple[bytes, str]:
    return (NGINX_PAGE, "text/html") if status == 200 else (payload, kind)


def _html_label(status: int, payload: bytes, kind: str) -> tuple[bytes, str]:
    return (payload, "text/html; charset=utf-8") if status == 200 else (payload, kind)


def _whole_float_timestamps(step: Step) -> None:
    """Timestamps as a Python server that stores `time.time()` writes them: `1699063294.0`."""
    for name in ("created_at", "expired_at", "cancelled_at", "failed_at", "completed_at"):
        if isinstance(step.get(name), int):
            step[name] = float(step[name])


def _server_error(query: Query | None) -> ErrorAnswer | None:
    if query is not None and query.has_cursor:
        return ErrorAnswer(
            500, "The server had an error while processing your request. Sorry about that!", kind="server_error"
        )
    return None


def _crash_on_odd_bearer(headers: Mapping[str, str]) -> ErrorAnswer | None:
    """A server that splits `Authorization` into exactly two words and crashes on anything else."""
    value = headers.get("authorization")
    if value is not None and len(value.split()) != 2:
        return ErrorAnswer(500, "Internal Server Error: not enough values to unpack", kind="server_error")
    return None


def _crash_when(test: Callable[[RawRequest], str | None]) -> Callable[[RawRequest], ErrorAnswer | None]:
    """A server that crashes (500) where `test` says why, on the request as it came."""

    def check(request: RawRequest) -> ErrorAnswer | None:
        message = test(request)
        return ErrorAnswer(500, f"Internal Server Error: {message}", kind="server_error") if message else None

    return check


def _strict(request: RawRequest) -> ErrorAnswer | None:
    refused = strict_refusal(request)
    if refused is None:
        return None
    param, message, code = refused
    return ErrorAnswer(400, message, param=param, code=code)


GATEWAY_CRASH = "Cannot read properties of undefined (reading 'stream')"


def _gateway_crash(query: Query | None) -> ErrorAnswer | None:
    return ErrorAnswer(500, GATEWAY_CRASH, kind="server_error") if query is None else None


def _forbidden(error: ErrorAnswer) -> dict[str, Any]:
    return {"detail": "Forbidden" if error.status == 403 else error.message}


DECLARED = (
    Fault("past-end-restarts", "a cursor naming the run's last step starts the run over (its first step again), so "
          "a client that pages until an empty page never stops",
          steps=lambda steps, ctx: steps or ([dict(ctx.first_of_run)] if ctx.query.after and ctx.first_of_run else []),
          caught_by="end_of_run", shown_from=1),
    Fault("has-more-stuck", "has_more stays true on the last page, so clients page forever or ask past the end",
          body=_envelope(_stuck), caught_by="has_more", shown_from=1),
    Fault("has-more-early", "has_more is false on a page that is not the last one, so clients stop early",
          body=_envelope(_early), caught_by="has_more", shown_from=2),
    Fault("has-more-by-length", "has_more says whether the page is full (len(data) == limit), not whether "
          "steps remain, so a last page that is exactly full says true", body=_envelope(_by_length),
          caught_by="has_more", shown_from=1),
    Fault("cursor-inclusive", "after/before include the cursor step itself, so pages overlap by one",
          inclusive=True, caught_by="cursor_walk", shown_from=1),
    Fault("order-ignored", "order is ignored: steps always come newest first",
          rewrite=lambda q: replace(q, order="desc"), caught_by="order", shown_from=2),
    Fault("limit-ignored", "limit is ignored: every page holds up to 20 steps",
          rewrite=lambda q: replace(q, limit=20), caught_by="limit_bounds", shown_from=2),
    Fault("limit-unbounded", "a limit above 100 is accepted (and honoured) instead of answering 400",
          lenient=frozenset({"limit_max"}), caught_by="limit_validation", shown_from=0),
    Fault("limit-unvalidated", "an invalid limit (0, negative, not a number, empty, above 100) is served with "
          "the default 20 instead of a 400", lenient=frozenset({"limit"}), caught_by="limit_validation", shown_from=0),
    Fault("order-unvalidated", "an unknown or empty order is served newest first instead of a 400",
          lenient=frozenset({"order"}), caught_by="order_validation", shown_from=0),
    Fault("include-unvalidated", "unknown include[] values are ignored instead of a 400",
          lenient=frozenset({"include"}), caught_by="include_validation", shown_from=0),
    Fault("unknown-cursor-ignored", "an after/before cursor naming no step is ignored: the first page is served",
          lenient=frozenset({"cursor"}), caught_by="unknown_cursor", shown_from=1),
    Fault("ids-swapped", "first_id and last_id are swapped", body=_envelope(_swap_ids),
          caught_by="first_last_ids", shown_from=2),
    Fault("field-missing", "assistant_id is left out of every step",
          steps=_each(lambda s: s.pop("assistant_id")), caught_by="response_schema_conformance", shown_from=1),
    Fault("wrong-type", "created_at is sent as a string of digits",
          steps=_each(lambda s: s.update(created_at=str(s["created_at"]))),
          caught_by="response_schema_conformance", shown_from=1),
    Fault("float-timestamps", "every timestamp is written as a whole float (1699063294.0), as a Python server "
          "that stores time.time() does: valid by the schema, but typed clients in Go, Rust and .NET refuse it",
          steps=_each(_whole_float_timestamps), caught_by="number_wire_form", shown_from=1),
    Fault("enum-outside", "completed steps carry status 'done', outside the spec's enum",
          steps=_each(lambda s: s.update(status="done"), lambda s: s["status"] == "completed"),
          caught_by="response_schema_conformance", shown_from=1),
    Fault("foundry-call-without-id", "Foundry tool calls (bing_grounding, ...) come without their id: an "
          "extension's type, but a violation of what every tool call carries",
          steps=_each(foundry_call_without_id, lambda s: s["type"] == "tool_calls"),
          caught_by="response_schema_conformance", shown_from=2),
    Fault("status-inconsistent", "completed steps carry completed_at null, so their status and timestamps "
          "disagree", steps=_each(lambda s: s.update(completed_at=None), lambda s: s["status"] == "completed"),
          caught_by="step_status_consistency", shown_from=1),
    Fault("wrong-object", "every step's object is 'thread.run_step' instead of 'thread.run.step'",
          steps=_each(lambda s: s.update(object="thread.run_step")), caught_by="step_identity", shown_from=1),
    Fault("ids-duplicated", "pages after the first end with the run's first step again instead of their own last",
          steps=_duplicate_first, caught_by="cursor_walk", shown_from=2),
    Fault("foreign-step", "the last step of every full page belongs to another run", steps=_foreign_last,
          caught_by="step_identity", shown_from=1),
    Fault("include-ignored", "include[] is ignored: file-search results never carry content",
          rewrite=lambda q: replace(q, include=False), caught_by="include_content", shown_from=2),
    Fault("type-mismatch", "a tool_calls step says type 'message_creation' at the top level",
          steps=_each(lambda s: s.update(type="message_creation"), lambda s: s["type"] == "tool_calls"),
          caught_by="step_type_consistency", shown_from=2),
    Fault("unsorted", "the first two steps of every page are swapped, breaking created_at order",
          steps=_swap_first_two, caught_by="order", shown_from=2),
    Fault("server-error", "pages after the first answer 500 with a server_error body", refuse=_server_error,
          caught_by="not_a_server_error", shown_from=0),
    Fault("rate-limited", "every request answers 429 rate_limit_exceeded with Retry-After: 1",
          refuse=lambda q: rate_limit_answer() if q is None else None, caught_by="rate_limit_handling", shown_from=0),
    Fault("hang", "requests for pages after the first are never answered", below_http="hang",
          caught_by="network_reliability", shown_from=0),
    Fault("reset", "requests for pages after the first get the TCP connection reset, no response",
          below_http="reset", caught_by="network_reliability", shown_from=0),
    Fault("non-json", "200 answers to pages after the first are an HTML page instead of JSON", encode=_html,
          encode_cursor_pages_only=True, caught_by="content_type_conformance", shown_from=1),
    Fault("huge-body", "200 responses carry a 12 MB JSON body (a padding field)", body=_envelope(_pad),
          caught_by="response_size", shown_from=0),
    Fault("wrong-content-type", "200 responses say Content-Type: text/html although the body is JSON",
          encode=_html_label, caught_by="content_type_conformance", shown_from=0),
    Fault("auth-not-enforced", "requests without a key or with a wrong key are served anyway",
          lenient=frozenset({"auth"}), caught_by="auth_required", shown_from=0),
    Fault("ties-ascending", "ties by ascending id in both orders (legal)", ties="ascending", conforming=True),
    Fault("ties-cursor-by-time", "ties come by ascending id, and cursors compare created_at alone: a page after or "
          "before a step skips the rest of its second", ties="by-time", caught_by="cursor_walk", shown_from=5),
    Fault("gzip", "a correct provider that gzips every answer when the client accepts gzip (as hosts behind a "
          "CDN or gateway do)", wire="gzip", conforming=True),
    Fault("gzip-bomb", "200 responses are a 1 MB gzip body that inflates to 1 GiB", wire="gzip-bomb",
          caught_by="response_size", shown_from=0),
    Fault("gzip-mislabelled", "200 responses say Content-Encoding: gzip although the body is plain JSON",
          wire="gzip-mislabelled", caught_by="network_reliability", shown_from=0),
    Fault("error-shape", "errors come as {'detail': ...} instead of OpenAI's {'error': {...}}",
          error_body=lambda e: {"detail": e.message}, caught_by="error_shape", shown_from=0),
    Fault("not-found-empty", "an unknown thread or run answers 200 with an empty list instead of 404",
          lenient=frozenset({"missing_ids"}), caught_by="not_found", shown_from=0),
    Fault("page-object-wrong", "pages say object 'thread.run.step' instead of 'list'",
          body=_envelope(lambda body, _: body.update(object="thread.run.step")), caught_by="page_object", shown_from=0),
    Fault("malformed-auth-crash", "an Authorization header that is not exactly a scheme and a token (no token, "
          "two tokens) crashes the server with a 500", on_headers=_crash_on_odd_bearer,
          caught_by="malformed_credentials", shown_from=0),
    Fault("permissive", "accepts what it should refuse, like a hand-written compatible server: unknown thread or "
          "run ids answer 200 with an empty list, invalid limit, order and include[] values and a missing "
          "OpenAI-Beta are served, and a missing or wrong key gets 403 {'detail': 'Forbidden'}",
          lenient=frozenset({"missing_ids", "limit", "order", "include", "beta"}), denied_status=403,
          error_body=_forbidden, caught_by="not_found", shown_from=0),
    Fault("gateway-crash", "every answer is 500 {'status': 'failure', 'message': \"" + GATEWAY_CRASH + "\"}, as "
          "a gateway fork crashes on every proxied answer", refuse=_gateway_crash,
          error_body=lambda e: {"status": "failure", "message": e.message},
          caught_by="not_a_server_error", shown_from=0),
    Fault("cursor-non-ascii-crash", "a cursor holding a non-ASCII character crashes the server with a 500 (it "
          "encodes cursors as ASCII)", on_request=_crash_when(non_ascii_cursor), caught_by="hostile_inputs",
          shown_from=0),
    Fault("cursor-length-crash", f"a cursor longer than {COLUMN} characters crashes the server with a 500 (a "
          "fixed-width column)", on_request=_crash_when(long_cursor), caught_by="hostile_inputs", shown_from=0),
    Fault("id-escape-crash", "a thread or run id holding a '%' or a space crashes the server with a 500 (it "
          "decodes the path twice)", on_request=_crash_when(escaped_id), caught_by="hostile_inputs",
          shown_from=0),
    Fault("repeated-param-crash", "a query parameter given twice (limit, order, after, before) crashes the "
          "server with a 500 (it reads a list where it expects a string)", on_request=_crash_when(repeated),
          caught_by="hostile_inputs", shown_from=0),
    Fault("limit-fraction-crash", "a limit that is a number but not a whole one (1.5, 1e1) crashes the server "
          "with a 500 (it parses with float())", on_request=_crash_when(fraction_limit),
          caught_by="hostile_inputs", shown_from=0),
    Fault("unknown-param-crash", "an unknown query parameter crashes the server with a 500 (a strict model "
          "that raises instead of answering 400)", on_request=_crash_when(unknown_parameter),
          caught_by="hostile_inputs", shown_from=0),
    Fault("strict-input", "a correct provider that refuses what it may refuse, with a 400 in OpenAI's shape: an "
          "unknown query parameter, a parameter given twice, an empty or unknown cursor", on_request=_strict,
          conforming=True),
)  # fmt: skip
CLEAN = Fault("none", "a clean provider")
BY_NAME = {fault.name: fault for fault in DECLARED}
FAULTS: dict[str, str] = {fault.name: fault.summary for fault in DECLARED}
# Declared like the faults (serve --fault NAME), but correct: the suite must find these conformant.
CONFORMING = frozenset(fault.name for fault in DECLARED if fault.conforming)
# What each fault is caught by: (the check that must fail, the smallest run in steps that shows it).
CAUGHT_BY: dict[str, tuple[str, int]] = {f.name: (f.caught_by, f.shown_from) for f in DECLARED if not f.conforming}


def check_name(name: str | None) -> str | None:
    """The fault name, validated; None for a clean provider."""
    if name is None or name == "none":
        return None
    if name not in FAULTS:
        raise ValueError(f"unknown fault {name!r}; known faults: {', '.join(sorted(FAULTS))}")
    return name


def get(name: str | None) -> Fault:
    checked = check_name(name)
    return CLEAN if checked is None else BY_NAME[checked]


def describe() -> str:
    width = max(map(len, FAULTS))
    return "\n".join(f"  {name.ljust(width)}  {summary}" for name, summary in FAULTS.items())
