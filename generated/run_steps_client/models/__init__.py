"""Contains all the data models used in inputs/outputs"""

from .code_interpreter_call import CodeInterpreterCall
from .code_interpreter_image import CodeInterpreterImage
from .code_interpreter_image_output import CodeInterpreterImageOutput
from .code_interpreter_image_output_type import CodeInterpreterImageOutputType
from .code_interpreter_logs_output import CodeInterpreterLogsOutput
from .code_interpreter_logs_output_type import CodeInterpreterLogsOutputType
from .code_interpreter_tool_call import CodeInterpreterToolCall
from .code_interpreter_tool_call_type import CodeInterpreterToolCallType
from .error import Error
from .error_response import ErrorResponse
from .file_search_call import FileSearchCall
from .file_search_ranker import FileSearchRanker
from .file_search_ranking_options import FileSearchRankingOptions
from .file_search_result import FileSearchResult
from .file_search_result_content import FileSearchResultContent
from .file_search_result_content_type import FileSearchResultContentType
from .file_search_tool_call import FileSearchToolCall
from .file_search_tool_call_type import FileSearchToolCallType
from .function_call import FunctionCall
from .function_tool_call import FunctionToolCall
from .function_tool_call_type import FunctionToolCallType
from .list_run_steps_include_item import ListRunStepsIncludeItem
from .list_run_steps_open_ai_beta import ListRunStepsOpenAIBeta
from .list_run_steps_order import ListRunStepsOrder
from .list_run_steps_response import ListRunStepsResponse
from .message_creation import MessageCreation
from .message_creation_details import MessageCreationDetails
from .message_creation_details_type import MessageCreationDetailsType
from .metadata import Metadata
from .run_step import RunStep
from .run_step_error import RunStepError
from .run_step_error_code import RunStepErrorCode
from .run_step_object_name import RunStepObjectName
from .run_step_status import RunStepStatus
from .run_step_type import RunStepType
from .run_step_usage import RunStepUsage
from .tool_calls_details import ToolCallsDetails
from .tool_calls_details_type import ToolCallsDetailsType

__all__ = (
    "CodeInterpreterCall",
    "CodeInterpreterImage",
    "CodeInterpreterImageOutput",
    "CodeInterpreterImageOutputType",
    "CodeInterpreterLogsOutput",
    "CodeInterpreterLogsOutputType",
    "CodeInterpreterToolCall",
    "CodeInterpreterToolCallType",
    "Error",
    "ErrorResponse",
    "FileSearchCall",
    "FileSearchRanker",
    "FileSearchRankingOptions",
    "FileSearchResult",
    "FileSearchResultContent",
    "FileSearchResultContentType",
    "FileSearchToolCall",
    "FileSearchToolCallType",
    "FunctionCall",
    "FunctionToolCall",
    "FunctionToolCallType",
    "ListRunStepsIncludeItem",
    "ListRunStepsOpenAIBeta",
    "ListRunStepsOrder",
    "ListRunStepsResponse",
    "MessageCreation",
    "MessageCreationDetails",
    "MessageCreationDetailsType",
    "Metadata",
    "RunStep",
    "RunStepError",
    "RunStepErrorCode",
    "RunStepObjectName",
    "RunStepStatus",
    "RunStepType",
    "RunStepUsage",
    "ToolCallsDetails",
    "ToolCallsDetailsType",
)
