from typing import Literal

RunStepObjectName = Literal["thread.run.step"]

RUN_STEP_OBJECT_NAME_VALUES: set[RunStepObjectName] = {
    "thread.run.step",
}


def check_run_step_object_name(value: str) -> RunStepObjectName:
    if type(value) is str and value in RUN_STEP_OBJECT_NAME_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(RUN_STEP_OBJECT_NAME_VALUES)!r}"
    )
