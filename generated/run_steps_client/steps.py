"""One page of run steps with typed errors: `list_run_steps(client, thread_id, run_id, ...)`, and
`raise_for_error(response)` for code that calls the generated `sync_detailed()` itself.

The generated `api.assistants.list_run_steps.sync()` returns `ErrorResponse | ListRunStepsResponse | None` and
lets httpx's exceptions through, as openapi-python-client makes every client. This module and `pagination`
are the front door: they return the page or raise from one family (`api_error.RunStepsError`), whatever the
client's options: the request is built by the generated `_get_kwargs`, but the answer is judged here, so
`raise_on_unexpected_status` never decides what is raised, and a 3xx is a `RedirectError` naming its
`Location`. `deadline=` (seconds, connect to last body byte) overrides the preset's for one call; it is kept
by the client's `GuardTransport` (every preset has one; see `guard`).

The operation is deprecated: OpenAI retired the Assistants API on 2026-08-26 (its migration guide maps run
steps to Responses API items). OpenAI-compatible servers and gateways still serve it; the first call in a
process warns once with a `DeprecationWarning` (filter it as usual), never on every call.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from .api_error import ATTEMPTS, ApiConnectionError, ApiError, ApiTimeoutError, DecodeError, RunStepsError

if TYPE_CHECKING:
    import httpx

    from .client import AuthenticatedClient, Client
    from .models.error_response import ErrorResponse
    from .models.list_run_steps_include_item import ListRunStepsIncludeItem
    from .models.list_run_steps_order import ListRunStepsOrder
    from .models.list_run_steps_response import ListRunStepsResponse
    from .types import Response, Unset

SUNSET = (
    "The Assistants API (list run steps included) was retired by OpenAI on 2026-08-26; its migration guide maps "
    "run steps to Responses API items. OpenAI-compatible servers and gateways may still serve it."
)
_WARNED: list[bool] = []  # one entry once the warning was given
T = TypeVar("T")


def warn_deprecated() -> None:
    """One DeprecationWarning per process, on the first call, attributed to the caller's line: the first frame
    outside this package (so that Python's default filters, which show a DeprecationWarning raised from
    `__main__`, show it for a script that only iterates)."""
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn(SUNSET, DeprecationWarning, stacklevel=_caller_level())


def _caller_level() -> int:
    """`stacklevel` for `warnings.warn` called from `warn_deprecated`: past every frame of this package."""
    import inspect

    here = os.path.dirname(__file__) + os.sep
    frame = inspect.currentframe()
    for _ in range(2):  # up to warn_deprecated's caller: level 2 from warnings.warn's point of view
        frame = frame.f_back if frame is not None else None
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(here):
        frame = frame.f_back
        level += 1
    return level


def _or_unset(value: T | None) -> T | Unset:
    from .types import UNSET

    return UNSET if value is None else value


def raise_for_error(response: Response[ErrorResponse | ListRunStepsResponse]) -> ListRunStepsResponse:
    """The page of a generated `sync_detailed()` answer, or the `ApiError` subclass its status calls for."""
    from .models.list_run_steps_response import ListRunStepsResponse

    if response.status_code == 200 and isinstance(response.parsed, ListRunStepsResponse):
        return response.parsed
    raise ApiError.from_response(int(response.status_code), response.content, response.headers)


def page_of(response: httpx.Response) -> ListRunStepsResponse:
    """The page an httpx answer holds, or the family's error for it (by status; DecodeError for a bad page)."""
    if response.status_code != 200:
        attempts = response.extensions.get(ATTEMPTS)
        counted = attempts if type(attempts) is int else None
        raise ApiError.from_response(response.status_code, response.content, response.headers, attempts=counted)
    from .models.list_run_steps_response import ListRunStepsResponse

    with translating():
        return ListRunStepsResponse.from_dict(response.json())


def request_arguments(
    limit: int | None,
    order: ListRunStepsOrder | None,
    after: str | None,
    before: str | None,
    include: Sequence[ListRunStepsIncludeItem] | None,
) -> dict[str, Any]:
    if isinstance(include, str):  # a str is a Sequence too: it would go out as one include[] per character
        raise TypeError(f"include takes a list of values, not one string: write include=[{include!r}]")
    return {
        "limit": _or_unset(limit),
        "order": _or_unset(order),
        "after": _or_unset(after),
        "before": _or_unset(before),
        "include": _or_unset(list(include) if include is not None else None),
    }


def translate(error: Exception) -> RunStepsError:
    """Any exception as this package's errors (the original becomes the cause): httpx's timeouts as
    `ApiTimeoutError`, its other failures as `ApiConnectionError`, the generated `errors.UnexpectedStatus` as
    the `ApiError` of its status, decoding failures as `DecodeError`, anything else as `RunStepsError`."""
    import httpx

    from .errors import UnexpectedStatus

    if isinstance(error, RunStepsError):
        return error
    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(f"Request timed out: {error}")
    if isinstance(error, httpx.DecodingError):
        return DecodeError("", f"the body could not be decoded: {error}")
    if isinstance(error, (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError)):
        return ApiConnectionError(f"Connection error: {error.__class__.__name__}: {error}")
    if isinstance(error, UnexpectedStatus):
        return ApiError.from_response(error.status_code, error.content)
    if isinstance(error, (KeyError, TypeError, ValueError, AttributeError)):
        return DecodeError("", f"{error.__class__.__name__}: {error}")
    return RunStepsError(f"{error.__class__.__name__}: {error}")


@contextmanager
def translating() -> Generator[None, None, None]:
    """Inside: every exception leaves as one of this package's errors (`translate`)."""
    try:
        yield
    except Exception as error:
        translated = translate(error)
        if translated is error:
            raise
        raise translated from error


@contextmanager
def keeping(deadline: float | None) -> Generator[None, None, None]:
    """Inside: requests keep to `deadline` seconds (when given) instead of the transport's own."""
    if deadline is None:
        yield
        return
    if not deadline > 0:
        raise ValueError(f"deadline must be a positive number of seconds, not {deadline!r}")
    from .deadline import REQUESTED  # loads httpcore; only calls with a deadline of their own get here early

    token = REQUESTED.set(deadline)
    try:
        yield
    finally:
        REQUESTED.reset(token)


def list_run_steps(
    client: AuthenticatedClient | Client,
    thread_id: str,
    run_id: str,
    *,
    limit: int | None = None,
    order: ListRunStepsOrder | None = None,
    after: str | None = None,
    before: str | None = None,
    include: Sequence[ListRunStepsIncludeItem] | None = None,
    deadline: float | None = None,
) -> ListRunStepsResponse:
    """One page of the run's steps; raises `ApiError` (by status), `ApiConnectionError`/`ApiTimeoutError`, or
    `DecodeError`: always a `RunStepsError`. `deadline`: seconds for this request, connect to last body byte
    (default: the client's). Deprecated upstream (see the module docstring)."""
    from .api.assistants import list_run_steps as operation

    warn_deprecated()
    arguments = operation.request_kwargs(thread_id, run_id, **request_arguments(limit, order, after, before, include))
    with keeping(deadline), translating():
        response = client.get_httpx_client().request(**arguments)
    return page_of(response)


async def alist_run_steps(
    client: AuthenticatedClient | Client,
    thread_id: str,
    run_id: str,
    *,
    limit: int | None = None,
    order: ListRunStepsOrder | None = None,
    after: str | None = None,
    before: str | None = None,
    include: Sequence[ListRunStepsIncludeItem] | None = None,
    deadline: float | None = None,
) -> ListRunStepsResponse:
    """`list_run_steps`, async."""
    from .api.assistants import list_run_steps as operation

    warn_deprecated()
    arguments = operation.request_kwargs(thread_id, run_id, **request_arguments(limit, order, after, before, include))
    with keeping(deadline), translating():
        response = await client.get_async_httpx_client().request(**arguments)
    return page_of(response)
