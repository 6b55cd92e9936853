"""Contains all the data models used in inputs/outputs"""

from .error_body import Error
from .error_code import ErrorCode
from .error_detail import ErrorDetail
from .error_info import ErrorInfo
from .restore_result import RestoreResult
from .restore_result_status import RestoreResultStatus
from .restoring_server import RestoringServer
from .server_ref import ServerRef
from .server_status import ServerStatus
from .snapshot import Snapshot
from .snapshot_create_request import SnapshotCreateRequest
from .snapshot_created import SnapshotCreated
from .snapshot_list import SnapshotList
from .snapshot_status import SnapshotStatus
from .snapshot_summary import SnapshotSummary

__all__ = (
    "Error",
    "ErrorCode",
    "ErrorDetail",
    "ErrorInfo",
    "RestoreResult",
    "RestoreResultStatus",
    "RestoringServer",
    "ServerRef",
    "ServerStatus",
    "Snapshot",
    "SnapshotCreated",
    "SnapshotCreateRequest",
    "SnapshotList",
    "SnapshotStatus",
    "SnapshotSummary",
)
