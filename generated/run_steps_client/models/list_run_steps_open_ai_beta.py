from typing import Literal

ListRunStepsOpenAIBeta = Literal["assistants=v2"]

LIST_RUN_STEPS_OPEN_AI_BETA_VALUES: set[ListRunStepsOpenAIBeta] = {
    "assistants=v2",
}


def check_list_run_steps_open_ai_beta(value: str) -> ListRunStepsOpenAIBeta:
    if type(value) is str and value in LIST_RUN_STEPS_OPEN_AI_BETA_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(LIST_RUN_STEPS_OPEN_AI_BETA_VALUES)!r}"
    )
