"""The reference provider's HTTP surface: routes, auth, parameter validation and OpenAI-shaped errors.

Order of checks, as OpenAI answers: key (401), beta header (400), parameters (400), thread and run (404).
The fault the provider was started with is applied through its declared hooks (see `faults.Fault`).
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from conformance.contract import (
    AZURE_API_VERSION_PARAMETER,
    BETA_VALUE,
    DEFAULT_LIMIT,
    DEFAULT_ORDER,
    INCLUDE_CONTENT,
    MAX_LIMIT,
    MIN_LIMIT,
    ORDERS,
)
from conformance.reference import faults, wire
from conformance.reference.auth import authenticate, authenticate_foundry
from conformance.reference.faults import ErrorAnswer, Fault, PageContext, Query
from conformance.reference.fixtures import FOUNDRY_PROJECT, HUNDRED_RUN, MAIN_RUN, THREAD_ID, Run, build_store
from conformance.reference.input_faults import RawRequest
from conformance.reference.paging import UnknownCursor, paginate


class Provider:
    """State shared by every request of one server: the fixtures and the fault it was started with."""

    def __init__(self, fault: str | None, flaky: tuple[int, int] | None = None) -> None:
        self.fault: Fault = faults.get(fault)
        self.store = build_store()
        self.request_ids = itertools.count(1)
        # Tests of client retries: (status, n) answers n requests out of every n + 1 with that status.
        self.flaky = flaky
        self.served = 0

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None, plain: bool = False) -> Response:
        """`plain`: without the fault's `encode` (a fault that only encodes pages asked for with a cursor)."""
        payload = json.dumps(body, separators=(",", ":")).encode()
        if not plain:
            payload, content_type = self.fault.encode(status, payload, "application/json")
        else:
            content_type = "application/json"
        payload, wire_headers = wire.on_the_wire(self.fault, status, payload)
        all_headers = {"x-request-id": f"req_ref_{next(self.request_ids):08d}", **(headers or {}), **wire_headers}
        return Response(payload, status_code=status, media_type=content_type, headers=all_headers)

    def error(self, exc: ErrorAnswer) -> Response:
        if self.fault.error_body is not None:
            return self.json(exc.status, self.fault.error_body(exc), exc.headers)
        body = {"error": {"message": exc.message, "type": exc.kind, "param": exc.param, "code": exc.code}}
        return self.json(exc.status, body, exc.headers)


def parse_limit(raw: str | None, lenient: frozenset[str]) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        if "limit" in lenient:
            return DEFAULT_LIMIT
        raise ErrorAnswer(
            400, f"Invalid 'limit': expected an integer, got {raw!r}.", param="limit", code="invalid_type"
        ) from None
    if limit < MIN_LIMIT:
        if "limit" in lenient:
            return DEFAULT_LIMIT
        raise ErrorAnswer(
            400,
            f"Invalid 'limit': integer below minimum value. Expected a value >= {MIN_LIMIT}, got {limit}.",
            param="limit",
            code="integer_below_min_value",
        )
    if limit > MAX_LIMIT and "limit_max" not in lenient:
        if "limit" in lenient:
            return DEFAULT_LIMIT
        raise ErrorAnswer(
            400,
            f"Invalid 'limit': integer above maximum value. Expected a value <= {MAX_LIMIT}, got {limit}.",
            param="limit",
            code="integer_above_max_value",
        )
    return limit


def parse_order(raw: str | None, lenient: frozenset[str]) -> str:
    if raw is None or (raw not in ORDERS and "order" in lenient):
        return DEFAULT_ORDER
    if raw not in ORDERS:
        raise ErrorAnswer(
            400,
            f"Invalid value for 'order': expected one of 'asc' or 'desc', got {raw!r}.",
            param="order",
            code="invalid_value",
        )
    return raw


def parse_include(values: list[str], lenient: frozenset[str]) -> bool:
    for value in values:
        if value != INCLUDE_CONTENT and "include" not in lenient:
            raise ErrorAnswer(
                400,
                f"Invalid value for 'include[]': {value!r}. Supported: '{INCLUDE_CONTENT}'.",
                param="include[]",
                code="invalid_value",
            )
    return INCLUDE_CONTENT in values


def last(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    return values[-1] if values else None


def parse_query(request: Request, lenient: frozenset[str]) -> Query:
    return Query(
        limit=parse_limit(last(request, "limit"), lenient),
        order=parse_order(last(request, "order"), lenient),
        include=parse_include(request.query_params.getlist("include[]"), lenient),
        after=last(request, "after"),
        before=last(request, "before"),
    )


def find_run(provider: Provider, thread_id: str, run_id: str) -> Run | None:
    """The run, or None when it is unknown and the fault serves unknown ids as an empty page."""
    lenient = "missing_ids" in provider.fault.lenient
    if not any(thread == thread_id for thread, _ in provider.store):
        if lenient:
            return None
        raise ErrorAnswer(404, f"No thread found with id '{thread_id}'.")
    run = provider.store.get((thread_id, run_id))
    if run is None and not lenient:
        raise ErrorAnswer(404, f"No run found with id '{run_id}'.")
    return run


def flaky_error(provider: Provider) -> ErrorAnswer | None:
    if provider.flaky is None:
        return None
    status, every = provider.flaky
    provider.served += 1
    if provider.served % (every + 1) == 0:
        return None
    if status == 429:
        return faults.rate_limit_answer()
    return ErrorAnswer(status, "The server had an error while processing your request.", kind="server_error")


def check_beta(value: str | None) -> None:
    if value == BETA_VALUE:
        return
    message = (
        f"You must provide the 'OpenAI-Beta' header to access the Assistants API. Send 'OpenAI-Beta: {BETA_VALUE}'."
        if value is None
        else f"Invalid 'OpenAI-Beta' header {value!r}: this endpoint needs '{BETA_VALUE}'."
    )
    raise ErrorAnswer(400, message, code="invalid_beta")


EMPTY_PAGE: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}


def list_page(provider: Provider, request: Request, foundry: bool = False) -> Response:
    """One page; `foundry`: as the Foundry surface answers (an Entra token, no OpenAI-Beta header needed)."""
    fault = provider.fault
    refused = fault.on_headers(request.headers) or flaky_error(provider) or fault.refuse(None)
    if refused is not None:
        raise refused
    denied = authenticate_foundry(request.headers) if foundry else authenticate(request.headers)
    if denied is not None and "auth" not in fault.lenient:
        raise ErrorAnswer(fault.denied_status, denied.message, code=denied.code)
    if "beta" not in fault.lenient and not foundry:  # Foundry's REST surface declares no OpenAI-Beta header
        check_beta(request.headers.get("openai-beta"))
    # Routed on the raw path (see `by_raw_path`): each id is one segment, decoded here.
    thread_id, run_id = unquote(request.path_params["thread_id"]), unquote(request.path_params["run_id"])
    refused = fault.on_request(RawRequest(thread_id, run_id, tuple(request.query_params.multi_items())))
    if refused is not None:
        raise refused
    query = parse_query(request, fault.lenient)
    refused = fault.refuse(query)
    if refused is not None:
        raise refused
    query = fault.rewrite(query)
    run = find_run(provider, thread_id, run_id)
    if run is None:
        return provider.json(200, dict(EMPTY_PAGE))
    steps = run.steps if query.include else run.steps_without_content
    cursors = {"after": query.after, "before": query.before}
    position, order = run.position, query.order
    if fault.ties is not None and order == "desc":  # ties by ascending id in this order too: a sequence of its own
        steps = tuple(sorted(steps, key=lambda s: (-s["created_at"], s["id"])))
        position, order = {s["id"]: n for n, s in enumerate(steps)}, "asc"
    second = (lambda s: s["created_at"]) if fault.ties == "by-time" else None
    try:
        page = paginate(
            steps, position, order=order, limit=query.limit, inclusive=fault.inclusive, second=second, **cursors
        )
    except UnknownCursor as exc:
        if "cursor" not in fault.lenient:
            # Upstream does not document this case; real OpenAI answers a cursor that names no step of the run
            # with a 400 invalid_request_error, so the reference does too (a lenient empty page would hide
            # client bugs that send ids from another run).
            raise ErrorAnswer(
                400,
                f"Invalid '{exc.param}': no step with id '{exc.value}' in this run.",
                param=exc.param,
                code="invalid_value",
            ) from None
        page = paginate(steps, position, order=order, limit=query.limit, after=None, before=None)
    context = PageContext(
        query,
        first_of_run=(steps[0] if order == "asc" else steps[-1]) if steps else None,
        foreign=provider.store[
            (THREAD_ID, MAIN_RUN if run.run_id == HUNDRED_RUN else HUNDRED_RUN)
        ].steps_without_content[0],
    )
    data = fault.steps([dict(s) for s in page.items], context)
    body: dict[str, Any] = {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": page.has_more,
    }
    plain = fault.encode_cursor_pages_only and not query.has_cursor
    return provider.json(200, fault.body(body, context), plain=plain)


# The api-versions the Foundry surface serves: `v1` (what Microsoft's client sends by default) and dated ones.
FOUNDRY_API_VERSIONS = frozenset({"v1", "2025-05-01", "2025-05-15-preview"})


def api_version_refusal(request: Request, required: str | frozenset[str] | None) -> Response | None:
    """`serve --require-api-version V`: answer as Azure OpenAI's classic surface (.../openai) does, before
    anything else. Without `api-version` it answers 404 `{"error": {"code": "404", "message": "Resource not
    found"}}`; with another value, 400 `{"error": {"code": "BadRequest", "message": "API version not
    supported"}}`. Both bodies are Azure's own shape (`code` and `message` only), as users report them; Microsoft's
    reference pages do not document these answers (README, "Azure OpenAI")."""
    if required is None:
        return None
    given = request.query_params.getlist(AZURE_API_VERSION_PARAMETER)
    if not given:
        body: dict[str, Any] = {"error": {"code": "404", "message": "Resource not found"}}
        return Response(json.dumps(body), status_code=404, media_type="application/json")
    if given[-1] not in ({required} if isinstance(required, str) else required):
        body = {"error": {"code": "BadRequest", "message": "API version not supported"}}
        return Response(json.dumps(body), status_code=400, media_type="application/json")
    return None


def create_app(
    fault: str | None = None, flaky: tuple[int, int] | None = None, require_api_version: str | None = None
) -> wire.TransportFaults:
    """The ASGI app of one reference provider; `fault` names a deviation from `faults.FAULTS` (None: clean).

    `flaky=(status, n)` makes n of every n + 1 requests fail with that status (429 or 5xx), for retry tests.
    `require_api_version` makes every request need `api-version=THAT` in its query, like Azure's classic surface.
    """
    provider = Provider(fault, flaky)

    async def steps_endpoint(request: Request) -> Response:
        refused = api_version_refusal(request, require_api_version)
        if refused is not None:
            return refused
        try:
            return list_page(provider, request)
        except ErrorAnswer as exc:
            return provider.error(exc)

    async def foundry_endpoint(request: Request) -> Response:
        """The Foundry surface: a project-scoped path, `api-version` on every request, an Entra token."""
        refused = api_version_refusal(request, FOUNDRY_API_VERSIONS)
        if refused is not None:
            return refused
        try:
            if unquote(request.path_params["project"]) != FOUNDRY_PROJECT:
                raise ErrorAnswer(404, f"Project '{unquote(request.path_params['project'])}' not found.")
            return list_page(provider, request, foundry=True)
        except ErrorAnswer as exc:
            return provider.error(exc)

    async def invalid_url(request: Request, _: Exception) -> Response:
        refused = api_version_refusal(request, require_api_version)
        if refused is not None:
            return refused
        return provider.error(ErrorAnswer(404, f"Invalid URL ({request.method} {request.url.path})"))

    # A correct provider that compresses, as hosts behind a CDN do: starlette's own middleware, every size.
    gzip = [Middleware(GZipMiddleware, minimum_size=0)] if provider.fault.wire == "gzip" else []
    app = Starlette(
        middleware=gzip,
        routes=[
            Route("/v1/threads/{thread_id}/runs/{run_id}/steps", steps_endpoint, methods=["GET"]),
            Route("/api/projects/{project}/threads/{thread_id}/runs/{run_id}/steps", foundry_endpoint, methods=["GET"]),
        ],
        # As OpenAI answers: an unknown path, or a method the path does not serve, is an "Invalid URL" 404.
        exception_handlers={404: invalid_url, 405: invalid_url},
    )
    app.state.provider = provider
    return wire.TransportFaults(by_raw_path(app), provider.fault)


def by_raw_path(app: wire.ASGIApp) -> wire.ASGIApp:
    """Route on the path as sent, so that an id holding an encoded `/` (`thread%2Fruns`) stays one segment and
    is answered as the unknown id it is, not as another URL (the ASGI `path` is already decoded)."""

    async def routed(scope: wire.Scope, receive: wire.Receive, send: wire.Send) -> None:
        raw = scope.get("raw_path") if scope["type"] == "http" else None
        if raw:
            scope = {**scope, "path": raw.decode("latin-1")}
        await app(scope, receive, send)

    return routed
