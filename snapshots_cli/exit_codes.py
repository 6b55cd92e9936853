"""Every exit code of ``vps-snapshots``, the table docs/cli.md shows.

Each error code of the document has an exit code of its own, so that a script can tell a full
server (`snapshot_limit_reached`) from a wrong id (`snapshot_not_found`) without reading a
message. The codes and their statuses are the document's (``ErrorCode``'s ``x-error-statuses``,
in the bundle); the numbers are this command's and never change once released, which is why
they are a table here and not the codes' order in the document. The build refuses a bundle
whose codes this table does not match (scripts/package_tools.py), and so does a test. Plain
data, with no import, for the build to read.
"""

from __future__ import annotations

OK = 0
# Nothing was done: a confirmation was declined, or could not be asked (no terminal, no --yes).
ABORTED = 1
# click's own, for a wrong option or argument.
USAGE = 2
CONFIGURATION = 3
CONNECTION = 4
TIMEOUT = 5
# An answer the document does not describe: an undocumented status, a body that is not the API's.
UNDOCUMENTED_ANSWER = 6
# The API's error body with a code the document does not list (a newer API's).
UNKNOWN_ERROR_CODE = 7
SNAPSHOT_FAILED = 8
SNAPSHOT_GONE = 9
WAIT_DEADLINE = 10
INTERRUPTED = 130

ERROR_CODES: dict[str, int] = {
    "invalid_parameters": 20,
    "snapshot_limit_reached": 21,
    "duplicate_snapshot_name": 22,
    "invalid_state": 23,
    "unauthorized": 24,
    "server_not_found": 25,
    "snapshot_not_found": 26,
    "not_found": 27,
    "method_not_allowed": 28,
    "payload_too_large": 29,
    "unsupported_media_type": 30,
    "request_timeout": 31,
    "request_header_fields_too_large": 32,
    "service_unavailable": 33,
}

# Every other exit code, by name, for the manual's table (docs/cli.md) and its test.
OTHER_CODES: dict[str, int] = {
    "ok": OK,
    "aborted": ABORTED,
    "usage": USAGE,
    "configuration": CONFIGURATION,
    "connection": CONNECTION,
    "timeout": TIMEOUT,
    "undocumented_answer": UNDOCUMENTED_ANSWER,
    "unknown_error_code": UNKNOWN_ERROR_CODE,
    "snapshot_failed": SNAPSHOT_FAILED,
    "snapshot_gone": SNAPSHOT_GONE,
    "wait_deadline": WAIT_DEADLINE,
    "interrupted": INTERRUPTED,
}


def check_codes(error_statuses: dict[str, int]) -> None:
    """Raise unless `ERROR_CODES` has exactly the document's error codes."""
    missing = sorted(set(error_statuses) - set(ERROR_CODES))
    extra = sorted(set(ERROR_CODES) - set(error_statuses))
    if missing or extra:
        raise ValueError(
            "snapshots_cli/exit_codes.py ERROR_CODES must give each of the document's error codes "
            f"an exit code: missing {missing}, not in the document {extra}"
        )
