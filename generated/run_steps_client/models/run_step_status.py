from typing import Literal

RunStepStatusKnown = Literal[
    "cancelled", "completed", "expired", "failed", "in_progress"
]
RunStepStatus = RunStepStatusKnown | str
"""One of the values the spec lists, or a newer one the provider sends: kept as it is."""

RUN_STEP_STATUS_VALUES: set[str] = {
    "cancelled",
    "completed",
    "expired",
    "failed",
    "in_progress",
}


def check_run_step_status(value: object) -> RunStepStatus:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")
