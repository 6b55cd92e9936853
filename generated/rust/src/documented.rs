//! What the layer takes from the document (written by scripts/generate_rust.py).

/// The document's first server: `SnapshotsClient::new`'s base URL.
pub const DEFAULT_BASE_URL: &str = "https://admin.vps.org";

/// The statuses the document lists for each operation: any other is undocumented.
pub(crate) fn documented_statuses(operation_id: &str) -> &'static [u16] {
    match operation_id {
        "listSnapshots" => &[200, 400, 401, 408, 431, 503],
        "createSnapshot" => &[201, 400, 401, 404, 408, 413, 415, 431, 503],
        "deleteSnapshot" => &[204, 400, 401, 404, 408, 431, 503],
        "restoreSnapshot" => &[200, 400, 401, 404, 408, 431, 503],
        _ => &[],
    }
}
