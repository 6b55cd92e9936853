"""`snapshots_mock.seed_facts` names the shipped seed data's parts: each name must hold there."""

from __future__ import annotations

from typing import Any

import yaml

from snapshots_mock import seed_facts as facts
from snapshots_mock.config import DEFAULT_SEED


def _seed() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_SEED.read_text(encoding="utf-8"))
    return data


def _account(token: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [a for a in _seed()["accounts"] if a["token"] == token]
    (account,) = found
    return account


def _server(account: dict[str, Any], server_id: int) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in account["servers"] if s["id"] == server_id]
    (server,) = found
    return server


def test_page_account() -> None:
    account = _account(facts.TOKEN)
    assert account["id"] == facts.PAGE_ACCOUNT
    assert tuple(s["id"] for s in account["servers"]) == facts.ACCOUNT_SERVERS
    page = _server(account, facts.PAGE_SERVER)
    assert page["name"] == facts.PAGE_SERVER_NAME
    assert page["status"] == "running"
    assert tuple(s["id"] for s in page["snapshots"]) == facts.PAGE_SNAPSHOTS
    assert facts.PAGE_SNAPSHOTS[0] == facts.PAGE_LATEST_SNAPSHOT
    stopped = _server(account, facts.STOPPED_SERVER)
    assert stopped["status"] == "stopped"
    assert not stopped.get("snapshots")
    suspended = _server(account, facts.SUSPENDED_SERVER)
    assert suspended["status"] == "suspended"
    assert [s["id"] for s in suspended["snapshots"]] == [facts.SUSPENDED_SNAPSHOT]


def test_other_account() -> None:
    account = _account(facts.OTHER_TOKEN)
    assert account["id"] == facts.OTHER_ACCOUNT
    other = _server(account, facts.OTHER_SERVER)
    statuses = {s["id"]: s["status"] for s in other["snapshots"]}
    assert statuses == {
        facts.OTHER_COMPLETED_SNAPSHOT: "completed",
        facts.OTHER_FAILED_SNAPSHOT: "failed",
    }
    assert _server(account, facts.FLAKY_SERVER).get("snapshots_fail") is True


def test_next_snapshot_id_follows_every_seed_snapshot() -> None:
    ids = [
        snapshot["id"]
        for account in _seed()["accounts"]
        for server in account["servers"]
        for snapshot in server.get("snapshots", ())
    ]
    assert max(ids) + 1 == facts.NEXT_SNAPSHOT_ID
