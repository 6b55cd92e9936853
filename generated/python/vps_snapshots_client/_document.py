"""Facts of the OpenAPI document that the hand-written layer reads (written by
scripts/targets/python.py from the document; never edit it)."""

DEFAULT_BASE_URL = "https://admin.vps.org"

# The statuses the document lists for each call: any other is an undocumented status.
DOCUMENTED_STATUSES: dict[tuple[str, str], frozenset[int]] = {
    ("GET", "/api/v1/snapshots/"): frozenset({200, 400, 401, 408, 431, 503}),
    ("POST", "/api/v1/snapshots/"): frozenset({201, 400, 401, 404, 408, 413, 415, 431, 503}),
    ("DELETE", "/api/v1/snapshots/{snapshot_id}/"): frozenset({204, 400, 401, 404, 408, 431, 503}),
    ("POST", "/api/v1/snapshots/{snapshot_id}/restore/"): frozenset({200, 400, 401, 404, 408, 431, 503}),
}
