from typing import Literal

ListRunStepsOrder = Literal["asc", "desc"]

LIST_RUN_STEPS_ORDER_VALUES: set[ListRunStepsOrder] = {
    "asc",
    "desc",
}


def check_list_run_steps_order(value: str) -> ListRunStepsOrder:
    if type(value) is str and value in LIST_RUN_STEPS_ORDER_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(LIST_RUN_STEPS_ORDER_VALUES)!r}"
    )
