from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_step_object_name import RunStepObjectName, check_run_step_object_name
from ..models.run_step_status import RunStepStatus, check_run_step_status
from ..models.run_step_type import RunStepType, check_run_step_type

if TYPE_CHECKING:
    from ..models.message_creation_details import MessageCreationDetails
    from ..models.metadata import Metadata
    from ..models.run_step_error import RunStepError
    from ..models.run_step_usage import RunStepUsage
    from ..models.tool_calls_details import ToolCallsDetails


T = TypeVar("T", bound="RunStep")


@_attrs_define
class RunStep:
    """One step of a run."""

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
    step_details: MessageCreationDetails | ToolCallsDetails
    """ What the step did, in detail. """
    last_error: None | RunStepError
    expired_at: int | None
    cancelled_at: int | None
    failed_at: int | None
    completed_at: int | None
    metadata: Metadata | None
    usage: None | RunStepUsage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        d = dict(src_dict)
        id = d.pop("id")

        object_ = check_run_step_object_name(d.pop("object"))

        created_at = d.pop("created_at")

        assistant_id = d.pop("assistant_id")

        thread_id = d.pop("thread_id")

        run_id = d.pop("run_id")

        type_ = check_run_step_type(d.pop("type"))

        status = check_run_step_status(d.pop("status"))

        def _parse_step_details(
            data: object,
        ) -> MessageCreationDetails | ToolCallsDetails:
            if not isinstance(data, dict):
                raise TypeError(
                    f"expected an object with a 'type', got {type(data).__name__}"
                )
            kind = data.get("type")
            if kind == "message_creation":
                step_details_type_0 = MessageCreationDetails.from_dict(data)

                return step_details_type_0
            if kind == "tool_calls":
                step_details_type_1 = ToolCallsDetails.from_dict(data)

                return step_details_type_1
            raise ValueError(f"unknown type {kind!r}")

        step_details = _parse_step_details(d.pop("step_details"))

        def _parse_last_error(data: object) -> None | RunStepError:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_error_run_step_error = RunStepError.from_dict(data)

                return last_error_run_step_error
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunStepError, data)

        last_error = _parse_last_error(d.pop("last_error"))

        expired_at = cast(int | None, d.pop("expired_at"))

        cancelled_at = cast(int | None, d.pop("cancelled_at"))

        failed_at = cast(int | None, d.pop("failed_at"))

        completed_at = cast(int | None, d.pop("completed_at"))

        def _parse_metadata(data: object) -> Metadata | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_metadata_type_0 = Metadata.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Metadata | None, data)

        metadata = _parse_metadata(d.pop("metadata"))

        def _parse_usage(data: object) -> None | RunStepUsage:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_run_step_completion_usage_type_0 = (
                    RunStepUsage.from_dict(data)
                )

                return componentsschemas_run_step_completion_usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunStepUsage, data)

        usage = _parse_usage(d.pop("usage"))

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
