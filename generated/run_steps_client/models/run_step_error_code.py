from typing import Literal

RunStepErrorCode = Literal["rate_limit_exceeded", "server_error"]

RUN_STEP_ERROR_CODE_VALUES: set[RunStepErrorCode] = {
    "rate_limit_exceeded",
    "server_error",
}


def check_run_step_error_code(value: str) -> RunStepErrorCode:
    if value in RUN_STEP_ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_STEP_ERROR_CODE_VALUES!r}"
    )
