"""Configuration, seed data and the token check, in process (the HTTP tests cover the rest)."""

from __future__ import annotations

import dataclasses
import hmac
import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from snapshots_mock import Faults, MockConfig, create_app
from snapshots_mock.cli import parse_args
from snapshots_mock.config import DEFAULT_SEED
from snapshots_mock.seed import SeedError, load_seed
from snapshots_mock.testing import running_mock
from tests.mock.helpers import SNAPSHOTS, listing


def test_the_command_line_fills_in_the_one_config() -> None:
    config = parse_args(
        [
            "--port",
            "9001",
            "--database-url",
            "sqlite:///x.sqlite3",
            "--snapshot-seconds",
            "1.5",
            "--restore-seconds",
            "0",
            "--no-response-validation",
            "--workers",
            "3",
        ]
    )
    expected = dataclasses.replace(
        MockConfig(),
        port=9001,
        database_url="sqlite:///x.sqlite3",
        snapshot_seconds=1.5,
        restore_seconds=0,
        validate_responses=False,
        workers=3,
    )
    assert config == expected
    assert parse_args([]) == MockConfig()
    assert MockConfig().host == "127.0.0.1"


def test_the_config_travels_to_worker_processes_as_json() -> None:
    config = MockConfig(port=1234, seed_path=Path("/x/seed.yaml"), faults=Faults())
    assert MockConfig.from_json(config.to_json()) == config


@pytest.mark.parametrize(
    "changes",
    [
        {"snapshot_seconds": -1},
        {"snapshot_seconds": math.nan},
        {"restore_seconds": math.inf},
        {"snapshot_seconds": 1e300},
        {"header_timeout_seconds": 0},
        {"body_timeout_seconds": math.nan},
        {"keep_alive_seconds": -1},
        {"max_connections": 0},
        {"max_header_bytes": 100},
        {"max_body_bytes": 0},
        {"port": 0},
        {"port": 99999},
        {"log_level": "foo"},
        {"sqlite_synchronous": "SOMETIMES"},
    ],
)
def test_a_nonsensical_config_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(changes))):
        MockConfig(**changes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--database-url", "mysql://u@db/mock"], "unsupported database 'mysql'"),
        (["--snapshot-seconds", "-1"], "snapshot_seconds must be from 0 to"),
        (["--snapshot-seconds", "nan"], "snapshot_seconds must be from 0 to"),
        (["--restore-seconds", "inf"], "restore_seconds must be from 0 to"),
        (["--snapshot-seconds", "1e300"], "snapshot_seconds must be from 0 to"),
        (["--port", "99999"], "port must be from 1 to 65535"),
        (["--log-level", "foo"], "log_level must be one of"),
        (["--header-timeout", "0"], "header_timeout_seconds must be more than 0"),
        (["--max-connections", "0"], "max_connections must be at least 1"),
        (["--workers", "0"], "workers must be at least 1"),
    ],
)
def test_the_command_line_refuses_nonsense_before_it_starts(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_the_shipped_seed_has_the_pages_world() -> None:
    seed = load_seed(DEFAULT_SEED)
    page, other = seed.accounts
    assert (page.token, other.token) == ("YOUR_API_TOKEN", "OTHER_ACCOUNT_TOKEN")
    server = next(s for s in page.servers if s.id == 12345)
    assert server.name == "web-server-01"
    assert [s.id for s in server.snapshots] == [801, 798]
    statuses = {s.status for a in seed.accounts for s in a.servers}
    assert statuses == {"running", "stopped", "suspended"}
    snapshot_ids = [s.id for a in seed.accounts for srv in a.servers for s in srv.snapshots]
    assert max(snapshot_ids) == 801


def _seed(**account: Any) -> dict[str, Any]:
    base = {"id": 1, "name": "a", "token": "T", "servers": []}
    return {"accounts": [{**base, **account}]}


BAD_SEEDS = {
    "no accounts": ({"servers": []}, "accounts"),
    "account without token": ({"accounts": [{"id": 1, "name": "a"}]}, "'token' is missing"),
    "token with a space": (_seed(token="A B"), "token"),
    "server status": (
        _seed(servers=[{"id": 1, "name": "s", "status": "restoring", "disk_used_mb": 1}]),
        "status must be one of",
    ),
    "id out of range": (_seed(id=2**53), "outside"),
    "completed without size": (
        _seed(
            servers=[
                {
                    "id": 1,
                    "name": "s",
                    "status": "running",
                    "disk_used_mb": 1,
                    "snapshots": [
                        {
                            "id": 1,
                            "name": "n",
                            "status": "completed",
                            "created_at": "2025-01-01T00:00:00Z",
                        }
                    ],
                }
            ]
        ),
        "size_mb",
    ),
}


@pytest.mark.parametrize(("data", "message"), BAD_SEEDS.values(), ids=list(BAD_SEEDS))
def test_a_bad_seed_file_is_refused_with_a_message(tmp_path: Path, data: Any, message: str) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SeedError, match=message):
        load_seed(path)


def test_a_json_seed_file_is_served(tmp_path: Path) -> None:
    seed = yaml.safe_load(DEFAULT_SEED.read_text(encoding="utf-8"))
    seed["accounts"][0]["token"] = "A_JSON_TOKEN"
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed), encoding="utf-8")
    config = MockConfig(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", seed_path=path)
    with running_mock(config) as mock, httpx.Client(base_url=mock.url) as client:
        assert len(listing(client, "A_JSON_TOKEN")) == 3
        response = client.get(SNAPSHOTS, headers=mock.auth("YOUR_API_TOKEN"))
        assert response.status_code == 401


def test_tokens_are_compared_by_digest_in_constant_time_with_every_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(MockConfig(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    app.prepare()
    compared: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    assert app.authenticate(b"Bearer YOUR_API_TOKEN") == 1
    assert app.authenticate(b"Bearer OTHER_ACCOUNT_TOKEN") == 2
    assert app.authenticate(b"Bearer YOUR_API_TOKEN_") is None
    assert len(compared) == 3 * 2  # every account, every time, no early exit
    assert all(len(a) == len(b) == 32 for a, b in compared)  # SHA-256 digests, not tokens
    app.store.close()
