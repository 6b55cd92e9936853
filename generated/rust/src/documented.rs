//! What the layer takes from the document (written by scripts/targets/rust.py).

/// The document's first server: `SnapshotsClient::new`'s base URL.
pub const DEFAULT_BASE_URL: &str = "https://admin.vps.org";

/// An operation: its method, its path template and the statuses the document lists
/// for it (any other is undocumented).
pub(crate) struct Operation {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) statuses: &'static [u16],
}

/// `GET /api/v1/snapshots/`: List all snapshots
pub(crate) const LIST_SNAPSHOTS: Operation = Operation {
    method: "GET",
    path: "/api/v1/snapshots/",
    statuses: &[200, 400, 401, 408, 431, 503],
};

/// `POST /api/v1/snapshots/`: Create snapshot
pub(crate) const CREATE_SNAPSHOT: Operation = Operation {
    method: "POST",
    path: "/api/v1/snapshots/",
    statuses: &[201, 400, 401, 404, 408, 413, 415, 431, 503],
};

/// `DELETE /api/v1/snapshots/{snapshot_id}/`: Delete snapshot
pub(crate) const DELETE_SNAPSHOT: Operation = Operation {
    method: "DELETE",
    path: "/api/v1/snapshots/{snapshot_id}/",
    statuses: &[204, 400, 401, 404, 408, 431, 503],
};

/// `POST /api/v1/snapshots/{snapshot_id}/restore/`: Restore from snapshot
pub(crate) const RESTORE_SNAPSHOT: Operation = Operation {
    method: "POST",
    path: "/api/v1/snapshots/{snapshot_id}/restore/",
    statuses: &[200, 400, 401, 404, 408, 431, 503],
};
