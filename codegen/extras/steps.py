"""One page of run steps with typed errors: `list_run_steps(client, thread_id, run_id, ...)`, and
`raise_for_error(response)` for code that calls the generated `sync_detailed()` itself.

The generated `api.assistants.list_run_steps.sync()` returns `ErrorResponse | ListRunStepsResponse | None` and
lets httpx's exceptions through, as openapi-python-client makes every client. This module and `pagination`
are the front door: they return the page or raise from one family (`api_error.RunStepsError`).

The operation is deprecated: OpenAI retired the Assistants API on 2026-08-26 (its migration guide maps run
steps to Responses API items). OpenAI-compatible servers and gateways still serve it; the first call in a
process warns once with a `DeprecationWarning` (filter it as usual), never on every call.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from .api_error import ApiConnectionError, ApiError, ApiTimeoutError, DecodeError

if TYPE_CHECKING:
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
    """One DeprecationWarning per process, on the first call."""
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn(SUNSET, DeprecationWarning, stacklevel=3)


def _or_unset(value: T | None) -> T | Unset:
    from .types import UNSET

    return UNSET if value is None else value


def raise_for_error(response: Response[ErrorResponse | ListRunStepsResponse]) -> ListRunStepsResponse:
    """The page of a generated `sync_detailed()` answer, or the `ApiError` subclass its status calls for."""
    from .models.list_run_steps_response import ListRunStepsResponse

    if response.status_code == 200 and isinstance(response.parsed, ListRunStepsResponse):
        return response.parsed
    raise ApiError.from_response(int(response.status_code), response.content, response.headers)


def request_arguments(
    limit: int | None,
    order: ListRunStepsOrder | None,
    after: str | None,
    before: str | None,
    include: Sequence[ListRunStepsIncludeItem] | None,
) -> dict[str, Any]:
    return {
        "limit": _or_unset(limit),
        "order": _or_unset(order),
        "after": _or_unset(after),
        "before": _or_unset(before),
        "include": _or_unset(list(include) if include is not None else None),
    }


def translate(error: Exception) -> Exception:
    """httpx's network exceptions and decoding failures as this package's errors (the original as cause)."""
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(f"Request timed out: {error}")
    if isinstance(error, httpx.TransportError):
        return ApiConnectionError(f"Connection error: {error.__class__.__name__}: {error}")
    if isinstance(error, (KeyError, TypeError, ValueError, AttributeError)) and not isinstance(error, DecodeError):
        return DecodeError("", f"{error.__class__.__name__}: {error}")
    return error


@contextmanager
def translating() -> Iterator[None]:
    """Inside: httpx's network exceptions and decoding failures leave as this package's errors."""
    try:
        yield
    except Exception as error:
        translated = translate(error)
        if translated is error:
            raise
        raise translated from error


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
) -> ListRunStepsResponse:
    """One page of the run's steps; raises `ApiError` (by status), `ApiConnectionError`/`ApiTimeoutError`, or
    `DecodeError`. Deprecated upstream (see the module docstring)."""
    from .api.assistants import list_run_steps as operation

    warn_deprecated()
    arguments = request_arguments(limit, order, after, before, include)
    with translating():
        response = operation.sync_detailed(thread_id, run_id, client=client, **arguments)
    return raise_for_error(response)


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
) -> ListRunStepsResponse:
    """`list_run_steps`, async."""
    from .api.assistants import list_run_steps as operation

    warn_deprecated()
    arguments = request_arguments(limit, order, after, before, include)
    with translating():
        response = await operation.asyncio_detailed(thread_id, run_id, client=client, **arguments)
    return raise_for_error(response)
