from typing import Literal

RunStepStatus = Literal["cancelled", "completed", "expired", "failed", "in_progress"]

RUN_STEP_STATUS_VALUES: set[RunStepStatus] = {
    "cancelled",
    "completed",
    "expired",
    "failed",
    "in_progress",
}


def check_run_step_status(value: str) -> RunStepStatus:
    if value in RUN_STEP_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_STEP_STATUS_VALUES!r}"
    )
