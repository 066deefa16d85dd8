"""The reference provider's HTTP surface: routes, auth, parameter validation and OpenAI-shaped errors.

Order of checks, as OpenAI answers: key (401), beta header (400), parameters (400), thread and run (404).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from conformance.reference import faults
from conformance.reference.auth import authenticate
from conformance.reference.fixtures import HUNDRED_RUN, THREAD_ID, Run, build_store
from conformance.reference.paging import UnknownCursor, paginate
from conformance.spec import INCLUDE_CONTENT

BETA_HEADER = "assistants=v2"
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class ApiError(Exception):
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


class Provider:
    """State shared by every request of one server: the fixtures and the fault it was started with."""

    def __init__(self, fault: str | None, flaky: tuple[int, int] | None = None) -> None:
        self.fault = faults.check_name(fault)
        self.store = build_store()
        self.request_ids = itertools.count(1)
        # Tests of client retries: (status, n) answers n requests out of every n + 1 with that status.
        self.flaky = flaky
        self.served = 0

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        payload = json.dumps(body, separators=(",", ":")).encode()
        content_type = "application/json"
        if status == 200 and self.fault == "non-json":
            payload = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"
            content_type = "text/html"
        elif status == 200 and self.fault == "wrong-content-type":
            content_type = "text/html; charset=utf-8"
        all_headers = {"x-request-id": f"req_ref_{next(self.request_ids):08d}", **(headers or {})}
        return Response(payload, status_code=status, media_type=content_type, headers=all_headers)

    def error(self, exc: ApiError) -> Response:
        if self.fault == "error-shape":
            return self.json(exc.status, {"detail": exc.message}, exc.headers)
        body = {"error": {"message": exc.message, "type": exc.kind, "param": exc.param, "code": exc.code}}
        return self.json(exc.status, body, exc.headers)


def parse_limit(raw: str | None, fault: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise ApiError(
            400, f"Invalid 'limit': expected an integer, got {raw!r}.", param="limit", code="invalid_type"
        ) from None
    if limit < 1:
        raise ApiError(
            400,
            f"Invalid 'limit': integer below minimum value. Expected a value >= 1, got {limit}.",
            param="limit",
            code="integer_below_min_value",
        )
    if limit > MAX_LIMIT and fault != "limit-unbounded":
        raise ApiError(
            400,
            f"Invalid 'limit': integer above maximum value. Expected a value <= {MAX_LIMIT}, got {limit}.",
            param="limit",
            code="integer_above_max_value",
        )
    return DEFAULT_LIMIT if fault == "limit-ignored" else limit


def parse_order(raw: str | None) -> str:
    if raw is None:
        return "desc"
    if raw not in ("asc", "desc"):
        raise ApiError(
            400,
            f"Invalid value for 'order': expected one of 'asc' or 'desc', got {raw!r}.",
            param="order",
            code="invalid_value",
        )
    return raw


def parse_include(values: list[str]) -> bool:
    for value in values:
        if value != INCLUDE_CONTENT:
            raise ApiError(
                400,
                f"Invalid value for 'include[]': {value!r}. Supported: '{INCLUDE_CONTENT}'.",
                param="include[]",
                code="invalid_value",
            )
    return bool(values)


def find_run(provider: Provider, thread_id: str, run_id: str) -> Run | None:
    if not any(thread == thread_id for thread, _ in provider.store):
        if provider.fault == "not-found-empty":
            return None
        raise ApiError(404, f"No thread found with id '{thread_id}'.")
    run = provider.store.get((thread_id, run_id))
    if run is None:
        if provider.fault == "not-found-empty":
            return None
        raise ApiError(404, f"No run found with id '{run_id}'.")
    return run


def last(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    return values[-1] if values else None


def flaky_error(provider: Provider) -> ApiError | None:
    if provider.flaky is None:
        return None
    status, every = provider.flaky
    provider.served += 1
    if provider.served % (every + 1) == 0:
        return None
    if status == 429:
        return ApiError(
            429,
            "Rate limit reached for requests. Please try again in 1s.",
            code="rate_limit_exceeded",
            kind="requests",
            headers={"retry-after": "1"},
        )
    return ApiError(status, "The server had an error while processing your request.", kind="server_error")


def list_page(provider: Provider, request: Request) -> Response:
    flaky = flaky_error(provider)
    if flaky is not None:
        raise flaky
    fault = provider.fault
    if fault == "rate-limited":
        raise ApiError(
            429,
            "Rate limit reached for requests. Please try again in 1s.",
            code="rate_limit_exceeded",
            kind="requests",
            headers={"retry-after": "1"},
        )
    denied = authenticate(request.headers)
    if denied is not None and fault != "auth-not-enforced":
        raise ApiError(401, denied.message, code=denied.code)
    beta = request.headers.get("openai-beta")
    if beta != BETA_HEADER:
        message = (
            (
                "You must provide the 'OpenAI-Beta' header to access the Assistants API. "
                f"Send 'OpenAI-Beta: {BETA_HEADER}'."
            )
            if beta is None
            else (f"Invalid 'OpenAI-Beta' header {beta!r}: this endpoint needs '{BETA_HEADER}'.")
        )
        raise ApiError(400, message, code="invalid_beta")
    limit = parse_limit(last(request, "limit"), fault)
    order = "desc" if fault == "order-ignored" else parse_order(last(request, "order"))
    with_content = parse_include(request.query_params.getlist("include[]")) and fault != "include-ignored"
    after, before = last(request, "after"), last(request, "before")
    has_cursor = after is not None or before is not None
    if fault == "server-error" and has_cursor:
        raise ApiError(
            500,
            "The server had an error while processing your request. Sorry about that!",
            kind="server_error",
        )
    run = find_run(provider, request.path_params["thread_id"], request.path_params["run_id"])
    if run is None:
        return provider.json(200, {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False})
    steps = run.steps if with_content else run.steps_without_content
    try:
        page = paginate(
            steps,
            run.position,
            order=order,
            limit=limit,
            after=after,
            before=before,
            inclusive=fault == "cursor-inclusive",
        )
    except UnknownCursor as exc:
        # Upstream does not document this case; real OpenAI answers a cursor that names no step of the run
        # with a 400 invalid_request_error, so the reference does too (a lenient empty page would hide
        # client bugs that send ids from another run).
        raise ApiError(
            400,
            f"Invalid '{exc.param}': no step with id '{exc.value}' in this run.",
            param=exc.param,
            code="invalid_value",
        ) from None
    foreign_run = provider.store[(THREAD_ID, HUNDRED_RUN)]
    data = faults.mangle_steps(
        fault,
        page.items,
        has_cursor=has_cursor,
        first_of_run=(steps[0] if order == "asc" else steps[-1]) if steps else None,
        foreign=foreign_run.steps_without_content[0],
        limit=limit,
    )
    body: dict[str, Any] = {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": page.has_more,
    }
    body = faults.mangle_body(fault, body, has_cursor=has_cursor)
    return provider.json(200, body)


def create_app(fault: str | None = None, flaky: tuple[int, int] | None = None) -> faults.TransportFaults:
    """The ASGI app of one reference provider; `fault` names a deviation from `faults.FAULTS` (None: clean).

    `flaky=(status, n)` makes n of every n + 1 requests fail with that status (429 or 5xx), for retry tests.
    """
    provider = Provider(fault, flaky)

    async def steps_endpoint(request: Request) -> Response:
        try:
            return list_page(provider, request)
        except ApiError as exc:
            return provider.error(exc)

    async def invalid_url(request: Request, _: Exception) -> Response:
        return provider.error(ApiError(404, f"Invalid URL ({request.method} {request.url.path})"))

    app = Starlette(
        routes=[Route("/v1/threads/{thread_id}/runs/{run_id}/steps", steps_endpoint, methods=["GET"])],
        # As OpenAI answers: an unknown path, or a method the path does not serve, is an "Invalid URL" 404.
        exception_handlers={404: invalid_url, 405: invalid_url},
    )
    app.state.provider = provider
    return faults.TransportFaults(app, provider.fault)
