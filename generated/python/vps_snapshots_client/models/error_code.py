from enum import StrEnum


class ErrorCode(StrEnum):
    DUPLICATE_SNAPSHOT_NAME = "duplicate_snapshot_name"
    INVALID_PARAMETERS = "invalid_parameters"
    INVALID_STATE = "invalid_state"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    REQUEST_HEADER_FIELDS_TOO_LARGE = "request_header_fields_too_large"
    REQUEST_TIMEOUT = "request_timeout"
    SERVER_NOT_FOUND = "server_not_found"
    SERVICE_UNAVAILABLE = "service_unavailable"
    SNAPSHOT_LIMIT_REACHED = "snapshot_limit_reached"
    SNAPSHOT_NOT_FOUND = "snapshot_not_found"
    UNAUTHORIZED = "unauthorized"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"

    def __str__(self) -> str:
        return str(self.value)
