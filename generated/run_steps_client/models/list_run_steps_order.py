from typing import Literal

ListRunStepsOrder = Literal["asc", "desc"]

LIST_RUN_STEPS_ORDER_VALUES: set[ListRunStepsOrder] = {
    "asc",
    "desc",
}


def check_list_run_steps_order(value: str) -> ListRunStepsOrder:
    if value in LIST_RUN_STEPS_ORDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_RUN_STEPS_ORDER_VALUES!r}"
    )
