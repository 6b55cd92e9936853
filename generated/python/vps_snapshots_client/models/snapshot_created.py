from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.snapshot_status import SnapshotStatus

if TYPE_CHECKING:
    from ..models.server_ref import ServerRef


T = TypeVar("T", bound="SnapshotCreated")


@_attrs_define
class SnapshotCreated:
    """The snapshot just created, with a message about how long creation takes.

    Attributes:
        id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a JavaScript number.
        server (ServerRef): The server a snapshot belongs to.
        name (str): Name for the snapshot: 1 to 64 characters, each a letter (A-Z, a-z), a digit, a hyphen
            or an underscore. Unique per server among its current snapshots (case-sensitive).
        status (SnapshotStatus): Where the snapshot is in its lifecycle: `in_progress` while it is being created (3-10
            minutes), then `completed` (it can be restored) or `failed` (it cannot; delete it to free
            its place toward the limit).
        size_mb (int | None): The snapshot's size in megabytes once it is `completed`; `null` while it is
            `in_progress`, and for a `failed` snapshot.
        created_at (datetime.datetime): When the snapshot was requested, in UTC, to the whole second
            (`2025-01-15T18:30:00Z`).
        description (None | str): Optional description for the snapshot: up to 255 characters of text, on one line: a
            control character (U+0000-U+001F, U+007F-U+009F, so also a NUL, a tab or a line break)
            is refused with `400 invalid_parameters`, on every database alike. `null` when none was
            given.
        message (str): A note for people on what happens next.
    """

    id: int
    server: ServerRef
    name: str
    status: SnapshotStatus
    size_mb: int | None
    created_at: datetime.datetime
    description: None | str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        server = self.server.to_dict()

        name = self.name

        status = self.status.value

        size_mb: int | None
        size_mb = self.size_mb

        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "server": server,
                "name": name,
                "status": status,
                "size_mb": size_mb,
                "created_at": created_at,
                "description": description,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.server_ref import ServerRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        server = ServerRef.from_dict(d.pop("server"))

        name = d.pop("name")

        status = SnapshotStatus(d.pop("status"))

        def _parse_size_mb(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_mb = _parse_size_mb(d.pop("size_mb"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        message = d.pop("message")

        snapshot_created = cls(
            id=id,
            server=server,
            name=name,
            status=status,
            size_mb=size_mb,
            created_at=created_at,
            description=description,
            message=message,
        )

        snapshot_created.additional_properties = d
        return snapshot_created

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
