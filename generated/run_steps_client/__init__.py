"""A client library for accessing Run steps API (OpenAI Assistants v2, list run steps)"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import presets
    from .api_error import (
        ApiConnectionError,
        ApiError,
        ApiTimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        DecodeError,
        InternalServerError,
        NotFoundError,
        PaginationError,
        PermissionDeniedError,
        RateLimitError,
        RunStepsError,
        UnprocessableEntityError,
    )
    from .client import AuthenticatedClient, Client
    from .models.list_run_steps_response import ListRunStepsResponse
    from .models.run_step import RunStep
    from .pagination import aiter_run_steps, iter_run_steps
    from .retries import RetryPolicy, RetryTransport
    from .steps import alist_run_steps, list_run_steps, raise_for_error

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
    "RunStep": "models.run_step",
    "ListRunStepsResponse": "models.list_run_steps_response",
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
