from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.server_status import ServerStatus

T = TypeVar("T", bound="RestoringServer")


@_attrs_define
class RestoringServer:
    """The server being restored.

    Attributes:
        id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a JavaScript number.
        name (str): The server's name.
        status (ServerStatus): The server's state. A restore is refused while it is `restoring` or `suspended`; a
            restore stops a `running` server first, and leaves it `running` when it ends.
    """

    id: int
    name: str
    status: ServerStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = ServerStatus(d.pop("status"))

        restoring_server = cls(
            id=id,
            name=name,
            status=status,
        )

        restoring_server.additional_properties = d
        return restoring_server

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
