from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="ErrorInfo")


@_attrs_define
class ErrorInfo:
    """What went wrong.

    Attributes:
        code (ErrorCode): A stable, machine-readable error code. The list is closed: a new code is a change of
            this document's version.

            | code | status | meaning |
            |---|---|---|
            | `invalid_parameters` | 400 | a parameter or body field breaks the schema; `details` names it |
            | `snapshot_limit_reached` | 400 | the server already has 5 snapshots |
            | `duplicate_snapshot_name` | 400 | the server already has a snapshot of that name |
            | `invalid_state` | 400 | the server or snapshot is not in a state that allows the call |
            | `unauthorized` | 401 | the bearer token is missing, malformed or unknown |
            | `server_not_found` | 404 | no server of yours has that id |
            | `snapshot_not_found` | 404 | no snapshot of yours has that id |
            | `not_found` | 404 | no such path |
            | `method_not_allowed` | 405 | the path does not support the method (see `Allow`) |
            | `payload_too_large` | 413 | the body is larger than 16 KiB |
            | `unsupported_media_type` | 415 | the body is not `application/json` |
            | `request_timeout` | 408 | the request's headers or body came too slowly |
            | `request_header_fields_too_large` | 431 | the request line and headers pass 16 KiB |
            | `service_unavailable` | 503 | the service cannot serve the request now; see `Retry-After` |
        message (str): What went wrong, for people. May change between versions.
        details (list[ErrorDetail]): The offending fields of an `invalid_parameters` error; empty otherwise.
    """

    code: ErrorCode
    message: str
    details: list[ErrorDetail]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        details = []
        for details_item_data in self.details:
            details_item = details_item_data.to_dict()
            details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        code = ErrorCode(d.pop("code"))

        message = d.pop("message")

        details = []
        _details = d.pop("details")
        for details_item_data in _details:
            details_item = ErrorDetail.from_dict(details_item_data)

            details.append(details_item)

        error_info = cls(
            code=code,
            message=message,
            details=details,
        )

        error_info.additional_properties = d
        return error_info

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
