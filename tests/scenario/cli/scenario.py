"""The shared scenario's command-line program: the installed ``vps-snapshots`` (argv[1], from its
wheel, outside the repository) walks the steps in argv[2] against $SNAPSHOTS_MOCK_URL, one
``--json`` command per step, and prints one JSON line per step (tests/scenario/steps.py says
what they hold). A step's outcome is read from what the command gives a script: its exit code
and its JSON (on stdout, or the error object on stderr). A command that succeeded got its
operation's documented success, the one 2xx status the document gives it (the client's layer
refuses any other), which is the status this program reports for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import yaml

DOCUMENT = Path(__file__).resolve().parents[3] / "openapi" / "openapi.yaml"
# The layer's neutral names of failures, by the command's error kinds.
KINDS = {"api_error": "status", "unknown_error_code": "status"}


def successes() -> dict[str, int]:
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return {
        operation["operationId"]: next(int(s) for s in operation["responses"] if str(s)[0] == "2")
        for item in document["paths"].values()
        for operation in item.values()
    }


def arguments(step: dict[str, Any], saved: dict[str, int]) -> list[str]:
    snapshot_id = str(saved[step["snapshot"]] if "snapshot" in step else step.get("snapshot_id"))
    call = step["call"]
    if call == "listSnapshots":
        return ["list", "--server-id", str(step["server_id"])]
    if call == "createSnapshot":
        return ["create", "--server-id", str(step["server_id"]), "--name", step["name"]]
    if call == "restoreSnapshot":
        return ["restore", snapshot_id, "--yes"]
    if call == "deleteSnapshot":
        return ["delete", snapshot_id, "--yes"]
    if call == "waitForSnapshot":
        return ["wait", snapshot_id, "--server-id", str(step["server_id"])]
    raise SystemExit(f"unknown call {call}")


def admin(base_url: str, method: str, body: Any = None) -> str:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base_url}/_mock/misbehaviour", data=data, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return str(answer.read().decode())


def run(
    command: str, step: dict[str, Any], saved: dict[str, int], base_url: str, success: int
) -> dict[str, Any]:
    if "arm" in step:
        admin(base_url, "POST", step["arm"])
    env = {
        "PATH": f"{Path(command).parent}:/usr/bin:/bin",
        "VPS_API_TOKEN": step["token"],
        "VPS_API_BASE_URL": base_url,
        "HOME": os.environ.get("HOME", "/nonexistent"),
    }
    result = subprocess.run(
        [command, "--json", *arguments(step, saved)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    outcome: dict[str, Any] = {"id": step["id"]}
    layer = bool(step.get("layer"))
    if result.returncode == 0:
        answer = json.loads(result.stdout)
        outcome |= {"error": "none"} if layer else {"status": success}
        if "results" in answer:
            outcome["count"] = len(answer["results"])
        if step["call"] == "waitForSnapshot":
            outcome["state"] = answer["status"]
        if "save" in step:
            saved[step["save"]] = answer["id"]
    else:
        error = json.loads(result.stderr)["error"]
        if layer:
            outcome["error"] = KINDS.get(error["kind"], error["kind"])
        outcome |= {key: error[key] for key in ("status", "code") if key in error}
    if "arm" in step:
        outcome["rules"] = admin(base_url, "GET")
        admin(base_url, "DELETE")
    return outcome


def main() -> None:
    command, steps_file = sys.argv[1], sys.argv[2]
    with open(steps_file, encoding="utf-8") as file:
        steps = json.load(file)["steps"]
    saved: dict[str, int] = {}
    success = successes()
    base_url = os.environ["SNAPSHOTS_MOCK_URL"]
    for step in steps:
        outcome = run(command, step, saved, base_url, success.get(step["call"], 200))
        print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
