"""A typed client for "list run steps" (OpenAI Assistants v2), as OpenAI-compatible servers, Azure OpenAI and
Portkey's gateway serve it.

    from run_steps_client import iter_run_steps, presets

    with presets.openai(API_KEY) as client:
        for step in iter_run_steps(client, THREAD_ID, RUN_ID, order="asc"):
            print(step.id, step.status)

Everything is importable from here: the functions (`list_run_steps`, `iter_run_steps` and their async twins),
`presets`, the errors (all derive from `RunStepsError`), and the models to narrow a step with `isinstance` or
`match` (`ToolCallsDetails`, `CodeInterpreterToolCall`, ..., and `UnknownVariant` for a variant newer than
this client). An optional field the provider left out is `UNSET`, of type `Unset`, which is falsy.
"""

import typing as _typing
from importlib import import_module as _import_module

# Explicit `X as X`: re-exported names, for mypy --strict and pyright users.
if _typing.TYPE_CHECKING:
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
    from .models.code_interpreter_call import CodeInterpreterCall as CodeInterpreterCall
    from .models.code_interpreter_image import (
        CodeInterpreterImage as CodeInterpreterImage,
    )
    from .models.code_interpreter_image_output import (
        CodeInterpreterImageOutput as CodeInterpreterImageOutput,
    )
    from .models.code_interpreter_logs_output import (
        CodeInterpreterLogsOutput as CodeInterpreterLogsOutput,
    )
    from .models.code_interpreter_tool_call import (
        CodeInterpreterToolCall as CodeInterpreterToolCall,
    )
    from .models.file_search_call import FileSearchCall as FileSearchCall
    from .models.file_search_ranker import FileSearchRanker as FileSearchRanker
    from .models.file_search_ranking_options import (
        FileSearchRankingOptions as FileSearchRankingOptions,
    )
    from .models.file_search_result import FileSearchResult as FileSearchResult
    from .models.file_search_result_content import (
        FileSearchResultContent as FileSearchResultContent,
    )
    from .models.file_search_tool_call import FileSearchToolCall as FileSearchToolCall
    from .models.function_call import FunctionCall as FunctionCall
    from .models.function_tool_call import FunctionToolCall as FunctionToolCall
    from .models.list_run_steps_include_item import (
        ListRunStepsIncludeItem as ListRunStepsIncludeItem,
    )
    from .models.list_run_steps_order import ListRunStepsOrder as ListRunStepsOrder
    from .models.list_run_steps_response import (
        ListRunStepsResponse as ListRunStepsResponse,
    )
    from .models.message_creation import MessageCreation as MessageCreation
    from .models.message_creation_details import (
        MessageCreationDetails as MessageCreationDetails,
    )
    from .models.metadata import Metadata as Metadata
    from .models.run_step import RunStep as RunStep
    from .models.run_step_error import RunStepError as RunStepError
    from .models.run_step_error_code import RunStepErrorCode as RunStepErrorCode
    from .models.run_step_status import RunStepStatus as RunStepStatus
    from .models.run_step_type import RunStepType as RunStepType
    from .models.run_step_usage import RunStepUsage as RunStepUsage
    from .models.tool_calls_details import ToolCallsDetails as ToolCallsDetails
    from .pagination import aiter_run_steps as aiter_run_steps
    from .pagination import iter_run_steps as iter_run_steps
    from .retries import RetryPolicy as RetryPolicy
    from .retries import RetryTransport as RetryTransport
    from .steps import alist_run_steps as alist_run_steps
    from .steps import list_run_steps as list_run_steps
    from .steps import raise_for_error as raise_for_error
    from .types import UNSET as UNSET
    from .types import Unset as Unset
    from .unknown_variant import UnknownVariant as UnknownVariant

# name -> the submodule that defines it (a submodule itself when the name is the module's own).
_WHERE = {
    # the front door
    "list_run_steps": "steps",
    "alist_run_steps": "steps",
    "iter_run_steps": "pagination",
    "aiter_run_steps": "pagination",
    "raise_for_error": "steps",
    # clients and how they send
    "presets": "presets",
    "AuthenticatedClient": "client",
    "Client": "client",
    "RetryPolicy": "retries",
    "RetryTransport": "retries",
    "GuardTransport": "guard",
    # errors
    "RunStepsError": "api_error",
    "ApiError": "api_error",
    "BadRequestError": "api_error",
    "AuthenticationError": "api_error",
    "PermissionDeniedError": "api_error",
    "NotFoundError": "api_error",
    "ConflictError": "api_error",
    "UnprocessableEntityError": "api_error",
    "RateLimitError": "api_error",
    "InternalServerError": "api_error",
    "RedirectError": "api_error",
    "ApiConnectionError": "api_error",
    "ApiTimeoutError": "api_error",
    "PaginationError": "api_error",
    "DecodeError": "api_error",
    "ResponseTooLargeError": "api_error",
    # models: what a page holds, and the parameters' values
    "ListRunStepsResponse": "models.list_run_steps_response",
    "RunStep": "models.run_step",
    "RunStepStatus": "models.run_step_status",
    "RunStepType": "models.run_step_type",
    "RunStepError": "models.run_step_error",
    "RunStepErrorCode": "models.run_step_error_code",
    "RunStepUsage": "models.run_step_usage",
    "Metadata": "models.metadata",
    "MessageCreationDetails": "models.message_creation_details",
    "MessageCreation": "models.message_creation",
    "ToolCallsDetails": "models.tool_calls_details",
    "CodeInterpreterToolCall": "models.code_interpreter_tool_call",
    "CodeInterpreterCall": "models.code_interpreter_call",
    "CodeInterpreterLogsOutput": "models.code_interpreter_logs_output",
    "CodeInterpreterImageOutput": "models.code_interpreter_image_output",
    "CodeInterpreterImage": "models.code_interpreter_image",
    "FileSearchToolCall": "models.file_search_tool_call",
    "FileSearchCall": "models.file_search_call",
    "FileSearchRankingOptions": "models.file_search_ranking_options",
    "FileSearchRanker": "models.file_search_ranker",
    "FileSearchResult": "models.file_search_result",
    "FileSearchResultContent": "models.file_search_result_content",
    "FunctionToolCall": "models.function_tool_call",
    "FunctionCall": "models.function_call",
    "ListRunStepsIncludeItem": "models.list_run_steps_include_item",
    "ListRunStepsOrder": "models.list_run_steps_order",
    # tolerance
    "UnknownVariant": "unknown_variant",
    "Unset": "types",
    "UNSET": "types",
}

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "CodeInterpreterCall",
    "CodeInterpreterImage",
    "CodeInterpreterImageOutput",
    "CodeInterpreterLogsOutput",
    "CodeInterpreterToolCall",
    "ConflictError",
    "DecodeError",
    "FileSearchCall",
    "FileSearchRanker",
    "FileSearchRankingOptions",
    "FileSearchResult",
    "FileSearchResultContent",
    "FileSearchToolCall",
    "FunctionCall",
    "FunctionToolCall",
    "GuardTransport",
    "InternalServerError",
    "ListRunStepsIncludeItem",
    "ListRunStepsOrder",
    "ListRunStepsResponse",
    "MessageCreation",
    "MessageCreationDetails",
    "Metadata",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "RetryTransport",
    "RunStep",
    "RunStepError",
    "RunStepErrorCode",
    "RunStepStatus",
    "RunStepType",
    "RunStepUsage",
    "RunStepsError",
    "ToolCallsDetails",
    "UNSET",
    "UnknownVariant",
    "UnprocessableEntityError",
    "Unset",
    "aiter_run_steps",
    "alist_run_steps",
    "iter_run_steps",
    "list_run_steps",
    "presets",
    "raise_for_error",
]


def __getattr__(name: str) -> object:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _import_module(f".{where}", __name__)
    value = module if where == name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
