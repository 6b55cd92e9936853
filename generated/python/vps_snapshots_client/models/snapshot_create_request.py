from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SnapshotCreateRequest")


@_attrs_define
class SnapshotCreateRequest:
    """What to snapshot and what to call it.

    Attributes:
        server_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a JavaScript number.
        name (str): Name for the snapshot: 1 to 64 characters, each a letter (A-Z, a-z), a digit, a hyphen
            or an underscore. Unique per server among its current snapshots (case-sensitive).
        description (None | str | Unset): Optional description for the snapshot: up to 255 characters of text, on one
            line: a
            control character (U+0000-U+001F, U+007F-U+009F, so also a NUL, a tab or a line break)
            is refused with `400 invalid_parameters`, on every database alike. `null` when none was
            given.
    """

    server_id: int
    name: str
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        server_id = self.server_id

        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "server_id": server_id,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        server_id = d.pop("server_id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        snapshot_create_request = cls(
            server_id=server_id,
            name=name,
            description=description,
        )

        return snapshot_create_request
