from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.restore_result_status import RestoreResultStatus

if TYPE_CHECKING:
    from ..models.restoring_server import RestoringServer
    from ..models.snapshot_summary import SnapshotSummary


T = TypeVar("T", bound="RestoreResult")


@_attrs_define
class RestoreResult:
    """A restore that has started.

    Attributes:
        status (RestoreResultStatus): Always `success`, meaning the restore has started.
        message (str): A note for people on what happens next.
        snapshot (SnapshotSummary): The snapshot a restore started from.
        server (RestoringServer): The server being restored.
    """

    status: RestoreResultStatus
    message: str
    snapshot: SnapshotSummary
    server: RestoringServer
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        message = self.message

        snapshot = self.snapshot.to_dict()

        server = self.server.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "snapshot": snapshot,
                "server": server,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.restoring_server import RestoringServer  # noqa: PLC0415
        from ..models.snapshot_summary import SnapshotSummary  # noqa: PLC0415

        d = dict(src_dict)
        status = RestoreResultStatus(d.pop("status"))

        message = d.pop("message")

        snapshot = SnapshotSummary.from_dict(d.pop("snapshot"))

        server = RestoringServer.from_dict(d.pop("server"))

        restore_result = cls(
            status=status,
            message=message,
            snapshot=snapshot,
            server=server,
        )

        restore_result.additional_properties = d
        return restore_result

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
