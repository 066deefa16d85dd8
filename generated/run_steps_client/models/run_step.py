from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..decoding import integral
from ..models.run_step_object_name import RunStepObjectName, check_run_step_object_name
from ..models.run_step_status import RunStepStatus, check_run_step_status
from ..models.run_step_type import RunStepType, check_run_step_type
from ..unknown_variant import UnknownVariant

if TYPE_CHECKING:
    from ..models.message_creation_details import MessageCreationDetails
    from ..models.metadata import Metadata
    from ..models.run_step_error import RunStepError
    from ..models.run_step_usage import RunStepUsage
    from ..models.tool_calls_details import ToolCallsDetails


T = TypeVar("T", bound="RunStep")


@_attrs_define
class RunStep:
    """One step of a run.

    Attributes:
        id: Id of the step, usable as a pagination cursor.
        object_: Always `thread.run.step`.
        created_at: When the step was created (Unix seconds).
        assistant_id: Id of the assistant that ran.
        thread_id: Id of the thread the run belongs to.
        run_id: Id of the run this step is part of.
        type_: What the step did; the same value as `step_details.type`.
        status: Where the step is in its life.
        step_details: What the step did, in detail.
        last_error: Why the step failed; null when it did not.
        expired_at: When the step expired, which happens when its run expires (Unix seconds).
        cancelled_at: When the step was cancelled (Unix seconds).
        failed_at: When the step failed (Unix seconds).
        completed_at: When the step completed (Unix seconds).
        metadata: Up to 16 string pairs attached to an object for the caller's own use. Keys are at most 64
            characters long, values at most 512.
        usage: Tokens the step used; null while the step is still in progress.
    """

    id: str
    """ Id of the step, usable as a pagination cursor. """

    object_: RunStepObjectName
    """ Always `thread.run.step`. """

    created_at: int
    """ When the step was created (Unix seconds). """

    assistant_id: str
    """ Id of the assistant that ran. """

    thread_id: str
    """ Id of the thread the run belongs to. """

    run_id: str
    """ Id of the run this step is part of. """

    type_: RunStepType
    """ What the step did; the same value as `step_details.type`. """

    status: RunStepStatus
    """ Where the step is in its life. """

    step_details: MessageCreationDetails | ToolCallsDetails | UnknownVariant
    """ What the step did, in detail. """

    last_error: None | RunStepError
    """ Why the step failed; null when it did not. """

    expired_at: int | None
    """ When the step expired, which happens when its run expires (Unix seconds). """

    cancelled_at: int | None
    """ When the step was cancelled (Unix seconds). """

    failed_at: int | None
    """ When the step failed (Unix seconds). """

    completed_at: int | None
    """ When the step completed (Unix seconds). """

    metadata: Metadata | None
    """ Up to 16 string pairs attached to an object for the caller's own use. Keys are at most 64
    characters long, values at most 512. """

    usage: None | RunStepUsage
    """ Tokens the step used; null while the step is still in progress. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_: str = self.object_

        created_at = self.created_at

        assistant_id = self.assistant_id

        thread_id = self.thread_id

        run_id = self.run_id

        type_: str = self.type_

        status: str = self.status

        step_details: dict[str, Any]
        if isinstance(self.step_details, MessageCreationDetails):
            step_details = self.step_details.to_dict()
        else:
            step_details = self.step_details.to_dict()

        last_error: dict[str, Any] | None
        if isinstance(self.last_error, RunStepError):
            last_error = self.last_error.to_dict()
        else:
            last_error = self.last_error

        expired_at: int | None
        expired_at = self.expired_at

        cancelled_at: int | None
        cancelled_at = self.cancelled_at

        failed_at: int | None
        failed_at = self.failed_at

        completed_at: int | None
        completed_at = self.completed_at

        metadata: dict[str, Any] | None
        if isinstance(self.metadata, Metadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        usage: dict[str, Any] | None
        if isinstance(self.usage, RunStepUsage):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created_at": created_at,
                "assistant_id": assistant_id,
                "thread_id": thread_id,
                "run_id": run_id,
                "type": type_,
                "status": status,
                "step_details": step_details,
                "last_error": last_error,
                "expired_at": expired_at,
                "cancelled_at": cancelled_at,
                "failed_at": failed_at,
                "completed_at": completed_at,
                "metadata": metadata,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            id = d.pop("id")
            if type(id) is not str:
                raise TypeError(f"expected a string, got {type(id).__name__}")
        except DecodeError as _error:
            raise _error.under("id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("id", problem(_error)) from None

        try:
            object_ = check_run_step_object_name(d.pop("object"))

        except DecodeError as _error:
            raise _error.under("object") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("object", problem(_error)) from None

        try:
            created_at = d.pop("created_at")
            if type(created_at) is not int:
                created_at = integral(created_at)
        except DecodeError as _error:
            raise _error.under("created_at") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("created_at", problem(_error)) from None

        try:
            assistant_id = d.pop("assistant_id")
            if type(assistant_id) is not str:
                raise TypeError(f"expected a string, got {type(assistant_id).__name__}")
        except DecodeError as _error:
            raise _error.under("assistant_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("assistant_id", problem(_error)) from None

        try:
            thread_id = d.pop("thread_id")
            if type(thread_id) is not str:
                raise TypeError(f"expected a string, got {type(thread_id).__name__}")
        except DecodeError as _error:
            raise _error.under("thread_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("thread_id", problem(_error)) from None

        try:
            run_id = d.pop("run_id")
            if type(run_id) is not str:
                raise TypeError(f"expected a string, got {type(run_id).__name__}")
        except DecodeError as _error:
            raise _error.under("run_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("run_id", problem(_error)) from None

        try:
            type_ = check_run_step_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            status = check_run_step_status(d.pop("status"))

        except DecodeError as _error:
            raise _error.under("status") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("status", problem(_error)) from None

        try:
            _step_details_data = d.pop("step_details")
            _step_details_data_shape = _step_details_data
            step_details: MessageCreationDetails | ToolCallsDetails | UnknownVariant
            if not isinstance(_step_details_data_shape, dict):
                raise TypeError(
                    f"expected an object with a 'type', got {type(_step_details_data).__name__}"
                )
            elif _step_details_data.get("type") == "message_creation":
                step_details_type_0 = MessageCreationDetails.from_dict(
                    _step_details_data
                )

                step_details = step_details_type_0
            elif _step_details_data.get("type") == "tool_calls":
                step_details_type_1 = ToolCallsDetails.from_dict(_step_details_data)

                step_details = step_details_type_1
            else:  # a variant newer than this client: kept whole
                step_details = UnknownVariant.from_dict(_step_details_data, "type")

        except DecodeError as _error:
            raise _error.under("step_details") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("step_details", problem(_error)) from None

        try:
            _last_error_data = d.pop("last_error")
            _last_error_data_shape = _last_error_data
            last_error: None | RunStepError
            if _last_error_data is None:
                last_error = None
            elif not isinstance(_last_error_data_shape, dict):
                raise TypeError(
                    f"expected an object or null, got {type(_last_error_data).__name__}"
                )
            else:
                last_error_run_step_error = RunStepError.from_dict(_last_error_data)

                last_error = last_error_run_step_error

        except DecodeError as _error:
            raise _error.under("last_error") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("last_error", problem(_error)) from None

        try:
            expired_at: int | None = d.pop("expired_at")
            if not (expired_at is None or type(expired_at) is int):
                expired_at = integral(expired_at, "an integer or null")

        except DecodeError as _error:
            raise _error.under("expired_at") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("expired_at", problem(_error)) from None

        try:
            cancelled_at: int | None = d.pop("cancelled_at")
            if not (cancelled_at is None or type(cancelled_at) is int):
                cancelled_at = integral(cancelled_at, "an integer or null")

        except DecodeError as _error:
            raise _error.under("cancelled_at") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("cancelled_at", problem(_error)) from None

        try:
            failed_at: int | None = d.pop("failed_at")
            if not (failed_at is None or type(failed_at) is int):
                failed_at = integral(failed_at, "an integer or null")

        except DecodeError as _error:
            raise _error.under("failed_at") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("failed_at", problem(_error)) from None

        try:
            completed_at: int | None = d.pop("completed_at")
            if not (completed_at is None or type(completed_at) is int):
                completed_at = integral(completed_at, "an integer or null")

        except DecodeError as _error:
            raise _error.under("completed_at") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("completed_at", problem(_error)) from None

        try:
            _metadata_data = d.pop("metadata")
            _metadata_data_shape = _metadata_data
            metadata: Metadata | None
            if _metadata_data is None:
                metadata = None
            elif not isinstance(_metadata_data_shape, dict):
                raise TypeError(
                    f"expected an object or null, got {type(_metadata_data).__name__}"
                )
            else:
                componentsschemas_metadata_type_0 = Metadata.from_dict(_metadata_data)

                metadata = componentsschemas_metadata_type_0

        except DecodeError as _error:
            raise _error.under("metadata") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("metadata", problem(_error)) from None

        try:
            _usage_data = d.pop("usage")
            _usage_data_shape = _usage_data
            usage: None | RunStepUsage
            if _usage_data is None:
                usage = None
            elif not isinstance(_usage_data_shape, dict):
                raise TypeError(
                    f"expected an object or null, got {type(_usage_data).__name__}"
                )
            else:
                componentsschemas_run_step_completion_usage_type_0 = (
                    RunStepUsage.from_dict(_usage_data)
                )

                usage = componentsschemas_run_step_completion_usage_type_0

        except DecodeError as _error:
            raise _error.under("usage") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("usage", problem(_error)) from None

        run_step = cls(
            id=id,
            object_=object_,
            created_at=created_at,
            assistant_id=assistant_id,
            thread_id=thread_id,
            run_id=run_id,
            type_=type_,
            status=status,
            step_details=step_details,
            last_error=last_error,
            expired_at=expired_at,
            cancelled_at=cancelled_at,
            failed_at=failed_at,
            completed_at=completed_at,
            metadata=metadata,
            usage=usage,
        )

        run_step.additional_properties = d
        return run_step

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Other models, imported last: see the note at the top of codegen/templates/model.py.jinja.
from ..models.message_creation_details import MessageCreationDetails  # noqa: E402
from ..models.metadata import Metadata  # noqa: E402
from ..models.run_step_error import RunStepError  # noqa: E402
from ..models.run_step_usage import RunStepUsage  # noqa: E402
from ..models.tool_calls_details import ToolCallsDetails  # noqa: E402
