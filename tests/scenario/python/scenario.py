"""The shared scenario's Python program: the generated client (vps_snapshots_client), as
installed from its wheel, walks the steps in argv[1] against $SNAPSHOTS_MOCK_URL and prints one
JSON line per step (tests/scenario/steps.py says what they hold)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from vps_snapshots_client import AuthenticatedClient
from vps_snapshots_client.api.snapshots import (
    create_snapshot,
    delete_snapshot,
    list_snapshots,
    restore_snapshot,
)
from vps_snapshots_client.models import Error, SnapshotCreated, SnapshotCreateRequest, SnapshotList
from vps_snapshots_client.types import Response


def run(step: dict[str, Any], saved: dict[str, int], base_url: str) -> dict[str, Any]:
    client = AuthenticatedClient(base_url=base_url, token=step["token"])
    snapshot_id = saved[step["snapshot"]] if "snapshot" in step else step.get("snapshot_id", 0)
    answer: Response[Any]
    if step["call"] == "listSnapshots":
        answer = list_snapshots.sync_detailed(client=client, server_id=step["server_id"])
    elif step["call"] == "createSnapshot":
        request = SnapshotCreateRequest(server_id=step["server_id"], name=step["name"])
        answer = create_snapshot.sync_detailed(client=client, body=request)
    elif step["call"] == "restoreSnapshot":
        answer = restore_snapshot.sync_detailed(snapshot_id, client=client)
    elif step["call"] == "deleteSnapshot":
        answer = delete_snapshot.sync_detailed(snapshot_id, client=client)
    else:
        raise SystemExit(f"unknown call {step['call']}")
    parsed = answer.parsed
    if isinstance(parsed, SnapshotCreated) and "save" in step:
        saved[step["save"]] = parsed.id
    return {
        "id": step["id"],
        "status": int(answer.status_code),
        "code": parsed.error.code.value if isinstance(parsed, Error) else None,
        "count": len(parsed.results) if isinstance(parsed, SnapshotList) else None,
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        steps = json.load(file)["steps"]
    saved: dict[str, int] = {}
    for step in steps:
        print(json.dumps(run(step, saved, os.environ["SNAPSHOTS_MOCK_URL"])), flush=True)


if __name__ == "__main__":
    main()
