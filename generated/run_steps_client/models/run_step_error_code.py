from typing import Literal

RunStepErrorCodeKnown = Literal["rate_limit_exceeded", "server_error"]
RunStepErrorCode = RunStepErrorCodeKnown | str
"""One of the values the spec lists, or a newer one the provider sends: kept as it is."""

RUN_STEP_ERROR_CODE_VALUES: set[str] = {
    "rate_limit_exceeded",
    "server_error",
}


def check_run_step_error_code(value: object) -> RunStepErrorCode:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")
