"""The seed-data file: the accounts, tokens, servers and snapshots the mock starts with.

The file is YAML (JSON is YAML too). Its shape, checked on load with messages that name the
offending entry::

    accounts:
      - id: 1
        name: Example account
        token: YOUR_API_TOKEN        # what callers send as "Authorization: Bearer ..."
        servers:
          - id: 12345
            name: web-server-01
            status: running          # running | stopped | suspended
            disk_used_mb: 5240       # the size of the snapshots taken of it from now on
            snapshots_fail: false    # true: every new snapshot of it ends "failed"
            snapshots:
              - id: 801
                name: pre-migration-snapshot
                status: completed    # completed | failed
                size_mb: 5120        # null for a failed snapshot
                created_at: "2025-01-15T18:30:00Z"
                description: Before major migration
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from snapshots_mock.clock import parse_timestamp

# libyaml's loader when PyYAML was built with it: a large seed file loads ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SERVER_STATUSES = ("running", "stopped", "suspended")
SNAPSHOT_STATUSES = ("completed", "failed")


class SeedError(ValueError):
    """The seed-data file is not as described in this module's docstring."""


@dataclass(frozen=True)
class SeedSnapshot:
    id: int
    name: str
    status: str
    size_mb: int | None
    created_at: int
    description: str | None


@dataclass(frozen=True)
class SeedServer:
    id: int
    name: str
    status: str
    disk_used_mb: int
    snapshots_fail: bool
    snapshots: tuple[SeedSnapshot, ...]


@dataclass(frozen=True)
class SeedAccount:
    id: int
    name: str
    token: str
    servers: tuple[SeedServer, ...]

    @property
    def token_sha256(self) -> str:
        return token_digest(self.token.encode("utf-8"))


@dataclass(frozen=True)
class Seed:
    accounts: tuple[SeedAccount, ...]


def token_digest(token: bytes) -> str:
    """How a token is stored and compared: its SHA-256, never the token itself."""
    return hashlib.sha256(token).hexdigest()


def load_seed(path: Path) -> Seed:
    """Read and check the seed-data file at `path`."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: cannot read the seed data: {error}") from error
    return _Checker(str(path)).seed(data)


class _Checker:
    def __init__(self, where: str) -> None:
        self.where = where
        self.ids: dict[str, set[int]] = {"account": set(), "server": set(), "snapshot": set()}
        self.tokens: set[str] = set()

    def fail(self, where: str, message: str) -> SeedError:
        return SeedError(f"{self.where}: {where}: {message}")

    def seed(self, data: Any) -> Seed:
        if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
            raise self.fail("top level", "expected a mapping with a list of 'accounts'")
        return Seed(tuple(self.account(item, i) for i, item in enumerate(data["accounts"])))

    def _get(self, item: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if not isinstance(item, dict):
            raise self.fail(where, "expected a mapping")
        if key not in item:
            raise self.fail(where, f"'{key}' is missing")
        value = item[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise self.fail(where, f"'{key}' has the wrong type: {value!r}")
        return value

    def _id(self, item: Any, kind: str, where: str) -> int:
        value: int = self._get(item, "id", int, where)
        if not 1 <= value <= 2**53 - 1:
            raise self.fail(where, f"id {value} is outside 1..2^53-1")
        if value in self.ids[kind]:
            raise self.fail(where, f"{kind} id {value} is used twice")
        self.ids[kind].add(value)
        return value

    def account(self, item: Any, index: int) -> SeedAccount:
        where = f"accounts[{index}]"
        token: str = self._get(item, "token", str, where)
        if not token or token in self.tokens or any(c.isspace() for c in token):
            raise self.fail(where, "each token must be non-empty, unique and without spaces")
        self.tokens.add(token)
        servers = item.get("servers", [])
        return SeedAccount(
            id=self._id(item, "account", where),
            name=self._get(item, "name", str, where),
            token=token,
            servers=tuple(self.server(s, f"{where}.servers[{i}]") for i, s in enumerate(servers)),
        )

    def server(self, item: Any, where: str) -> SeedServer:
        status: str = self._get(item, "status", str, where)
        if status not in SERVER_STATUSES:
            raise self.fail(where, f"status must be one of {SERVER_STATUSES}")
        disk: int = self._get(item, "disk_used_mb", int, where)
        if disk < 0:
            raise self.fail(where, "disk_used_mb must not be negative")
        snapshots = item.get("snapshots", [])
        seeded = tuple(self.snapshot(s, f"{where}.snapshots[{i}]") for i, s in enumerate(snapshots))
        if len({snapshot.name for snapshot in seeded}) != len(seeded):
            raise self.fail(where, "snapshot names must be unique per server")
        return SeedServer(
            id=self._id(item, "server", where),
            name=self._get(item, "name", str, where),
            status=status,
            disk_used_mb=disk,
            snapshots_fail=bool(item.get("snapshots_fail", False)),
            snapshots=seeded,
        )

    def snapshot(self, item: Any, where: str) -> SeedSnapshot:
        status: str = self._get(item, "status", str, where)
        if status not in SNAPSHOT_STATUSES:
            raise self.fail(where, f"status must be one of {SNAPSHOT_STATUSES}")
        size = item.get("size_mb")
        if status == "completed" and (not isinstance(size, int) or size < 0):
            raise self.fail(where, "a completed snapshot needs a size_mb of 0 or more")
        if status == "failed" and size is not None:
            raise self.fail(where, "a failed snapshot has size_mb null")
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            raise self.fail(where, "description must be a string or null")
        try:
            created_at = parse_timestamp(str(self._get(item, "created_at", str, where)))
        except ValueError as error:
            raise self.fail(where, f"created_at: {error}") from error
        return SeedSnapshot(
            id=self._id(item, "snapshot", where),
            name=self._get(item, "name", str, where),
            status=status,
            size_mb=size,
            created_at=created_at,
            description=description,
        )
