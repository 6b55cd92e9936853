"""The generated Python client, installed from its wheel, against the mock server over real HTTP.

Every call goes through the client's own functions to the mock (a real uvicorn server on
127.0.0.1), and every answer is checked as the client hands it back: model classes, enum members
and the `Error` model with its details, never raw dicts. The seed world (see
snapshots_mock/seed_data.yaml, named in snapshots_mock/seed_facts.py): the page's server has the
completed snapshots 801 and 798; the other account has a completed snapshot of its own.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vps_snapshots_client
import yaml
from vps_snapshots_client import AuthenticatedClient
from vps_snapshots_client.api.snapshots import (
    create_snapshot,
    delete_snapshot,
    list_snapshots,
    restore_snapshot,
)
from vps_snapshots_client.models import (
    Error,
    ErrorCode,
    ErrorDetail,
    RestoreResult,
    RestoreResultStatus,
    ServerRef,
    ServerStatus,
    Snapshot,
    SnapshotCreated,
    SnapshotCreateRequest,
    SnapshotList,
    SnapshotStatus,
)

from snapshots_mock import seed_facts as facts
from snapshots_mock.config import DEFAULT_SEED
from snapshots_mock.testing import OTHER_TOKEN, TOKEN, RunningMock
from tests.python_client import readme_example
from tests.python_client.paths import GENERATED

SERVER = facts.PAGE_SERVER  # the page's server: running, snapshots 801 and 798
LATEST, OLDER = facts.PAGE_SNAPSHOTS
# Its disk_used_mb in the seed data: the size of its new snapshots once completed.
SERVER_DISK_MB = next(
    server["disk_used_mb"]
    for account in yaml.safe_load(DEFAULT_SEED.read_text(encoding="utf-8"))["accounts"]
    for server in account["servers"]
    if server["id"] == SERVER
)
OTHER_SERVER = facts.OTHER_SERVER
FLAKY_SERVER = facts.FLAKY_SERVER  # the other account's; its new snapshots end failed
OTHER_SNAPSHOT = facts.OTHER_COMPLETED_SNAPSHOT
PAGE_CREATE_TIME = datetime(2025, 1, 16, 16, 15, tzinfo=UTC)  # the mock's clock after a reset


def _client(mock: RunningMock, token: str = TOKEN) -> AuthenticatedClient:
    # An undocumented status raises instead of quietly parsing to None.
    return AuthenticatedClient(base_url=mock.url, token=token, raise_on_unexpected_status=True)


@pytest.fixture
def client(mock: RunningMock) -> Iterator[AuthenticatedClient]:
    with _client(mock) as client:
        yield client


def _request(name: str, server_id: int = SERVER) -> SnapshotCreateRequest:
    return SnapshotCreateRequest(server_id=server_id, name=name, description=f"{name} by a test")


def _error(parsed: object, code: ErrorCode) -> Error:
    assert isinstance(parsed, Error), parsed
    assert parsed.error.code is code, parsed
    assert isinstance(parsed.error.message, str)
    assert parsed.error.message
    return parsed


def _listed(client: AuthenticatedClient, server_id: int = SERVER) -> SnapshotList:
    listed = list_snapshots.sync(client=client, server_id=server_id)
    assert isinstance(listed, SnapshotList), listed
    return listed


def test_the_client_is_the_installed_wheel_not_generated_sources() -> None:
    module = Path(vps_snapshots_client.__file__).resolve()
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert module.is_relative_to(site_packages), module
    assert not module.is_relative_to(GENERATED.resolve()), module


def test_list_gives_typed_snapshots_of_every_server_newest_first(
    client: AuthenticatedClient,
) -> None:
    response = list_snapshots.sync_detailed(client=client)

    assert response.status_code == 200
    listed = response.parsed
    assert isinstance(listed, SnapshotList)
    assert listed.count == len(listed.results) == 3
    assert [snapshot.id for snapshot in listed.results] == [LATEST, OLDER, facts.SUSPENDED_SNAPSHOT]
    first = listed.results[0]
    assert isinstance(first, Snapshot)
    assert isinstance(first.server, ServerRef)
    assert (first.server.id, first.server.name) == (SERVER, facts.PAGE_SERVER_NAME)
    assert first.name == "pre-migration-snapshot"
    assert first.status is SnapshotStatus.COMPLETED
    assert first.size_mb == 5120
    assert first.created_at == datetime(2025, 1, 15, 18, 30, tzinfo=UTC)
    assert first.description == "Before major migration"
    assert listed.results[2].description is None


def test_list_filtered_by_server(client: AuthenticatedClient) -> None:
    assert [snapshot.id for snapshot in _listed(client, SERVER).results] == [LATEST, OLDER]
    # Another account's server is not an error: an empty list that reveals nothing.
    other = _listed(client, OTHER_SERVER)
    assert (other.count, other.results) == (0, [])


def test_create_gives_an_in_progress_snapshot_without_a_size(client: AuthenticatedClient) -> None:
    request = SnapshotCreateRequest(
        server_id=SERVER, name="before-update-snapshot", description="Snapshot before system update"
    )

    response = create_snapshot.sync_detailed(client=client, body=request)

    assert response.status_code == 201
    created = response.parsed
    assert isinstance(created, SnapshotCreated)
    assert created.id == facts.NEXT_SNAPSHOT_ID
    assert (created.server.id, created.server.name) == (SERVER, facts.PAGE_SERVER_NAME)
    assert created.name == "before-update-snapshot"
    assert created.status is SnapshotStatus.IN_PROGRESS
    assert created.size_mb is None
    assert created.created_at == PAGE_CREATE_TIME
    assert created.description == "Snapshot before system update"
    assert "3-10 minutes" in created.message


def test_a_description_left_unset_is_none_in_the_answer(client: AuthenticatedClient) -> None:
    created = create_snapshot.sync(
        client=client, body=SnapshotCreateRequest(server_id=SERVER, name="no-description")
    )
    assert isinstance(created, SnapshotCreated)
    assert created.description is None


def test_a_created_snapshot_completes_with_its_size_as_the_clock_moves(
    mock: RunningMock, client: AuthenticatedClient
) -> None:
    created = create_snapshot.sync(client=client, body=_request("lifecycle"))
    assert isinstance(created, SnapshotCreated)
    assert created.status is SnapshotStatus.IN_PROGRESS
    assert created.size_mb is None

    mock.clock.advance(mock.config.snapshot_seconds)

    [snapshot] = [s for s in _listed(client).results if s.id == created.id]
    assert snapshot.status is SnapshotStatus.COMPLETED
    assert isinstance(snapshot.size_mb, int)
    assert snapshot.size_mb == SERVER_DISK_MB


def test_a_failed_snapshot_keeps_no_size(mock: RunningMock) -> None:
    with _client(mock, OTHER_TOKEN) as other:
        created = create_snapshot.sync(client=other, body=_request("doomed", FLAKY_SERVER))
        assert isinstance(created, SnapshotCreated)
        mock.clock.advance(mock.config.snapshot_seconds)
        [snapshot] = _listed(other, FLAKY_SERVER).results

    assert snapshot.id == created.id
    assert snapshot.status is SnapshotStatus.FAILED
    assert snapshot.size_mb is None


def test_the_sixth_create_is_refused_with_snapshot_limit_reached(
    client: AuthenticatedClient,
) -> None:
    for number in (3, 4, 5):
        created = create_snapshot.sync(client=client, body=_request(f"snapshot-{number}"))
        assert isinstance(created, SnapshotCreated)

    response = create_snapshot.sync_detailed(client=client, body=_request("snapshot-6"))

    assert response.status_code == 400
    error = _error(response.parsed, ErrorCode.SNAPSHOT_LIMIT_REACHED)
    assert error.error.details == []
    assert _listed(client).count == 5  # the refused create stored nothing


def test_an_invalid_name_is_refused_with_details_naming_it(client: AuthenticatedClient) -> None:
    response = create_snapshot.sync_detailed(
        client=client, body=SnapshotCreateRequest(server_id=SERVER, name="my snapshot")
    )

    assert response.status_code == 400
    error = _error(response.parsed, ErrorCode.INVALID_PARAMETERS)
    [detail] = error.error.details
    assert isinstance(detail, ErrorDetail)
    assert detail.field == "name"
    assert detail.message


def test_restore_starts_and_the_server_is_restoring_until_the_clock_moves(
    mock: RunningMock, client: AuthenticatedClient
) -> None:
    response = restore_snapshot.sync_detailed(LATEST, client=client)

    assert response.status_code == 200
    result = response.parsed
    assert isinstance(result, RestoreResult)
    assert result.status is RestoreResultStatus.SUCCESS
    assert (result.snapshot.id, result.snapshot.name) == (LATEST, "pre-migration-snapshot")
    assert result.snapshot.created_at == datetime(2025, 1, 15, 18, 30, tzinfo=UTC)
    assert (result.server.id, result.server.status) == (SERVER, ServerStatus.RESTORING)

    # While the server is restoring, a restore from any of its snapshots is refused.
    again = restore_snapshot.sync_detailed(OLDER, client=client)
    assert again.status_code == 400
    assert _error(again.parsed, ErrorCode.INVALID_STATE).error.details == []

    mock.clock.advance(mock.config.restore_seconds)

    after = restore_snapshot.sync(OLDER, client=client)
    assert isinstance(after, RestoreResult)
    assert after.server.status is ServerStatus.RESTORING


def test_delete_then_a_second_delete_is_snapshot_not_found(client: AuthenticatedClient) -> None:
    response = delete_snapshot.sync_detailed(LATEST, client=client)

    assert response.status_code == 204
    assert response.parsed is None
    assert response.content == b""
    assert [snapshot.id for snapshot in _listed(client).results] == [OLDER]

    second = delete_snapshot.sync_detailed(LATEST, client=client)
    assert second.status_code == 404
    assert _error(second.parsed, ErrorCode.SNAPSHOT_NOT_FOUND).error.details == []


def test_a_bad_token_is_unauthorized(mock: RunningMock) -> None:
    with _client(mock, "not-a-token-of-anyone") as stranger:
        response = list_snapshots.sync_detailed(client=stranger)

    assert response.status_code == 401
    assert _error(response.parsed, ErrorCode.UNAUTHORIZED).error.details == []


def test_another_accounts_snapshot_is_not_found(
    mock: RunningMock, client: AuthenticatedClient
) -> None:
    restore = restore_snapshot.sync_detailed(OTHER_SNAPSHOT, client=client)
    delete = delete_snapshot.sync_detailed(OTHER_SNAPSHOT, client=client)

    for response in (restore, delete):
        assert response.status_code == 404
        _error(response.parsed, ErrorCode.SNAPSHOT_NOT_FOUND)
    with _client(mock, OTHER_TOKEN) as owner:
        assert OTHER_SNAPSHOT in [s.id for s in _listed(owner, OTHER_SERVER).results]


def test_the_async_api(mock: RunningMock) -> None:
    async def scenario() -> tuple[int, object, int, object]:
        async with _client(mock) as client:
            created = await create_snapshot.asyncio_detailed(
                client=client, body=_request("from-asyncio")
            )
            listed = await list_snapshots.asyncio_detailed(client=client, server_id=SERVER)
        return created.status_code, created.parsed, listed.status_code, listed.parsed

    created_status, created, listed_status, listed = asyncio.run(scenario())

    assert created_status == 201
    assert isinstance(created, SnapshotCreated)
    assert created.status is SnapshotStatus.IN_PROGRESS
    assert listed_status == 200
    assert isinstance(listed, SnapshotList)
    assert [snapshot.id for snapshot in listed.results] == [created.id, LATEST, OLDER]


def test_the_readme_example_prints_what_the_readme_shows(mock: RunningMock, tmp_path: Path) -> None:
    # In its own interpreter, isolated (-I: no script directory, current directory or PYTHON*
    # variables on sys.path), so it imports the client from the environment's site-packages as
    # a user's program does.
    result = subprocess.run(
        [sys.executable, "-I", "-c", readme_example.program(mock.url)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == readme_example.expected_output()
