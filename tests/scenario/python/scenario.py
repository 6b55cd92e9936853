"""The shared scenario's Python program: the generated client (vps_snapshots_client), as
installed from its wheel, walks the steps in argv[1] against $SNAPSHOTS_MOCK_URL and prints one
JSON line per step (tests/scenario/steps.py says what they hold). The steps marked ``layer`` go
through the package's SnapshotsClient instead."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import httpx
from vps_snapshots_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticatedClient,
    MalformedResponseError,
    SnapshotFailedError,
    SnapshotGoneError,
    SnapshotsClient,
    SnapshotsError,
    UndocumentedStatusError,
    WaitDeadlineError,
)
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


# The neutral names of the layer's errors, most specific first.
KINDS: list[tuple[type[SnapshotsError], str]] = [
    (MalformedResponseError, "malformed_response"),
    (UndocumentedStatusError, "undocumented_status"),
    (APIStatusError, "status"),
    (APITimeoutError, "timeout"),
    (APIConnectionError, "connection"),
    (SnapshotFailedError, "snapshot_failed"),
    (SnapshotGoneError, "snapshot_gone"),
    (WaitDeadlineError, "wait_deadline"),
]


def run_layer(step: dict[str, Any], saved: dict[str, int], base_url: str) -> dict[str, Any]:
    outcome: dict[str, Any] = {"id": step["id"], "error": "none"}
    snapshot_id = saved[step["snapshot"]] if "snapshot" in step else step.get("snapshot_id", 0)
    admin = f"{base_url}/_mock/misbehaviour"
    if "arm" in step:
        httpx.post(admin, json=step["arm"]).raise_for_status()
    try:
        with SnapshotsClient(token=step["token"], base_url=base_url) as client:
            if step["call"] == "listSnapshots":
                outcome["count"] = len(client.list_snapshots(step["server_id"]).results)
            elif step["call"] == "createSnapshot":
                created = client.create_snapshot(step["server_id"], step["name"])
                if "save" in step:
                    saved[step["save"]] = created.id
            elif step["call"] == "deleteSnapshot":
                client.delete_snapshot(snapshot_id)
            elif step["call"] == "waitForSnapshot":
                waited = client.wait_for_snapshot(snapshot_id, server_id=step["server_id"])
                outcome["state"] = waited.status.value
            else:
                raise SystemExit(f"unknown call {step['call']}")
    except SnapshotsError as error:
        outcome["error"] = next(name for kind, name in KINDS if isinstance(error, kind))
        if isinstance(error, APIStatusError):
            outcome["status"], outcome["code"] = error.status, error.code
    if "arm" in step:
        outcome["rules"] = httpx.get(admin).raise_for_status().text
        httpx.delete(admin).raise_for_status()
    return outcome


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        steps = json.load(file)["steps"]
    saved: dict[str, int] = {}
    for step in steps:
        run_step = run_layer if step.get("layer") else run
        print(json.dumps(run_step(step, saved, os.environ["SNAPSHOTS_MOCK_URL"])), flush=True)


if __name__ == "__main__":
    main()
