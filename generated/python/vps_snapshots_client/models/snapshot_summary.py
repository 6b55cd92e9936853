from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SnapshotSummary")


@_attrs_define
class SnapshotSummary:
    """The snapshot a restore started from.

    Attributes:
        id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a JavaScript number.
        name (str): Name for the snapshot: 1 to 64 characters, each a letter (A-Z, a-z), a digit, a hyphen
            or an underscore. Unique per server among its current snapshots (case-sensitive).
        created_at (datetime.datetime): When the snapshot was requested, in UTC.
    """

    id: int
    name: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        snapshot_summary = cls(
            id=id,
            name=name,
            created_at=created_at,
        )

        snapshot_summary.additional_properties = d
        return snapshot_summary

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
