"""A client library for accessing Run steps API (OpenAI Assistants v2, list run steps)"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # explicit `X as X`: re-exported names, for mypy --strict users
    from . import presets as presets
    from .api_error import ApiConnectionError as ApiConnectionError
    from .api_error import ApiError as ApiError
    from .api_error import ApiTimeoutError as ApiTimeoutError
    from .api_error import AuthenticationError as AuthenticationError
    from .api_error import BadRequestError as BadRequestError
    from .api_error import ConflictError as ConflictError
    from .api_error import DecodeError as DecodeError
    from .api_error import InternalServerError as InternalServerError
    from .api_error import NotFoundError as NotFoundError
    from .api_error import PaginationError as PaginationError
    from .api_error import PermissionDeniedError as PermissionDeniedError
    from .api_error import RateLimitError as RateLimitError
    from .api_error import RedirectError as RedirectError
    from .api_error import ResponseTooLargeError as ResponseTooLargeError
    from .api_error import RunStepsError as RunStepsError
    from .api_error import UnprocessableEntityError as UnprocessableEntityError
    from .client import AuthenticatedClient as AuthenticatedClient
    from .client import Client as Client
    from .guard import GuardTransport as GuardTransport
    from .models.list_run_steps_response import (
        ListRunStepsResponse as ListRunStepsResponse,
    )
    from .models.run_step import RunStep as RunStep
    from .pagination import aiter_run_steps as aiter_run_steps
    from .pagination import iter_run_steps as iter_run_steps
    from .retries import RetryPolicy as RetryPolicy
    from .retries import RetryTransport as RetryTransport
    from .steps import alist_run_steps as alist_run_steps
    from .steps import list_run_steps as list_run_steps
    from .steps import raise_for_error as raise_for_error
    from .unknown_variant import UnknownVariant as UnknownVariant

# name -> the submodule that defines it (a submodule itself when the name is the module's own).
_WHERE = {
    "presets": "presets",
    "AuthenticatedClient": "client",
    "Client": "client",
    "iter_run_steps": "pagination",
    "aiter_run_steps": "pagination",
    "list_run_steps": "steps",
    "alist_run_steps": "steps",
    "raise_for_error": "steps",
    "RetryPolicy": "retries",
    "RetryTransport": "retries",
    "GuardTransport": "guard",
    "RunStep": "models.run_step",
    "ListRunStepsResponse": "models.list_run_steps_response",
    "UnknownVariant": "unknown_variant",
    **{
        name: "api_error"
        for name in (
            "RunStepsError",
            "ApiError",
            "BadRequestError",
            "AuthenticationError",
            "PermissionDeniedError",
            "NotFoundError",
            "ConflictError",
            "UnprocessableEntityError",
            "RateLimitError",
            "InternalServerError",
            "ApiConnectionError",
            "ApiTimeoutError",
            "PaginationError",
            "DecodeError",
            "RedirectError",
            "ResponseTooLargeError",
        )
    },
}

__all__ = tuple(sorted(_WHERE))


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f".{where}", __name__)
    value = module if where == name else getattr(module, name)
    globals()[name] = value
    return value
