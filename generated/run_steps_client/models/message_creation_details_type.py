from typing import Literal

MessageCreationDetailsType = Literal["message_creation"]

MESSAGE_CREATION_DETAILS_TYPE_VALUES: set[MessageCreationDetailsType] = {
    "message_creation",
}


def check_message_creation_details_type(value: str) -> MessageCreationDetailsType:
    if type(value) is str and value in MESSAGE_CREATION_DETAILS_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(MESSAGE_CREATION_DETAILS_TYPE_VALUES)!r}"
    )
