"""The API's rules, as the document states them, over real HTTP against the mock."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from snapshots_mock import MockConfig
from snapshots_mock.testing import RunningMock, running_mock
from tests.conftest import RESTORE_SECONDS, SNAPSHOT_SECONDS
from tests.mock.helpers import (
    OTHER_TOKEN,
    SNAPSHOTS,
    TOKEN,
    assert_error,
    create,
    listing,
    restore_path,
    snapshot_path,
    world,
)

PAGE_SERVER = 12345  # web-server-01, running, snapshots 801 and 798 (account 1)
STOPPED_SERVER = 12346  # db-server-01, no snapshots (account 1)
SUSPENDED_SERVER = 12347  # legacy-server-01, snapshot 790 (account 1)
OTHER_SERVER = 23456  # api-server-01 (account 2): 701 completed, 702 failed
FLAKY_SERVER = 23457  # flaky-server-01 (account 2): new snapshots end failed


# -- authentication -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "YOUR_API_TOKEN",
        "Basic WU9VUl9BUElfVE9LRU46",
        "Bearer WRONG_TOKEN",
        "Bearer YOUR_API_TOKEN_",
        "Bearer YOUR_API_TOKE",
        "Token YOUR_API_TOKEN",
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SNAPSHOTS),
        ("POST", SNAPSHOTS),
        ("POST", restore_path(801)),
        ("DELETE", snapshot_path(801)),
    ],
)
def test_every_call_needs_a_known_bearer_token(
    api: httpx.Client, authorization: str | None, method: str, path: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    client = httpx.Client(base_url=str(api.base_url))
    body = {"server_id": PAGE_SERVER, "name": "unauthorized"} if method == "POST" else None
    before = world(api)
    response = client.request(method, path, headers=headers, json=body)
    error = assert_error(response, 401, "unauthorized")
    assert error["details"] == []
    assert world(api) == before


def test_a_token_with_bytes_that_are_not_ascii_is_unauthorized(api: httpx.Client) -> None:
    client = httpx.Client(base_url=str(api.base_url))
    response = client.get(SNAPSHOTS, headers={b"Authorization": b"Bearer \xff\xfe"})
    assert_error(response, 401, "unauthorized")


def test_the_bearer_scheme_is_case_insensitive(api: httpx.Client) -> None:
    response = api.get(SNAPSHOTS, headers={"Authorization": "bearer YOUR_API_TOKEN"})
    assert response.status_code == 200


def test_401_comes_before_any_other_check(api: httpx.Client) -> None:
    client = httpx.Client(base_url=str(api.base_url))
    assert_error(client.get(SNAPSHOTS, params={"server_id": "abc"}), 401, "unauthorized")
    assert_error(client.delete(snapshot_path("abc")), 401, "unauthorized")
    huge = b"x" * 100_000
    assert_error(client.post(SNAPSHOTS, content=huge), 401, "unauthorized")
    assert_error(client.post(SNAPSHOTS, content=b"{", headers={}), 401, "unauthorized")


# -- ownership ----------------------------------------------------------------------------------


def test_each_account_sees_only_its_own_servers_snapshots(api: httpx.Client) -> None:
    assert [s["id"] for s in listing(api, TOKEN)] == [801, 798, 790]
    assert [s["id"] for s in listing(api, OTHER_TOKEN)] == [702, 701]


def test_another_accounts_snapshot_is_a_404_exactly_like_a_missing_one(api: httpx.Client) -> None:
    before = world(api)
    for snapshot_id in (701, 99999):  # another account's, and one that never existed
        for response in (
            api.post(restore_path(snapshot_id)),
            api.delete(snapshot_path(snapshot_id)),
        ):
            error = assert_error(response, 404, "snapshot_not_found")
            assert error["message"] == f"Snapshot {snapshot_id} does not exist."
    assert world(api) == before


def test_another_accounts_server_is_a_404_exactly_like_a_missing_one(api: httpx.Client) -> None:
    before = world(api)
    for server_id in (OTHER_SERVER, 99999):
        error = assert_error(create(api, server_id, "mine-now"), 404, "server_not_found")
        assert error["message"] == f"Server {server_id} does not exist."
    assert world(api) == before


def test_a_filter_on_a_server_that_is_not_yours_is_an_empty_list(api: httpx.Client) -> None:
    for server_id in (OTHER_SERVER, 99999):
        response = api.get(SNAPSHOTS, params={"server_id": server_id})
        assert response.json() == {"count": 0, "results": []}


# -- list ---------------------------------------------------------------------------------------


def test_list_is_newest_first_and_filters_by_server(mock: RunningMock, api: httpx.Client) -> None:
    assert create(api, STOPPED_SERVER, "first").status_code == 201
    mock.clock.advance(1)
    assert create(api, PAGE_SERVER, "second").status_code == 201
    assert create(api, STOPPED_SERVER, "third").status_code == 201  # same second: by id
    assert [s["name"] for s in listing(api)] == [
        "third",
        "second",
        "first",
        "pre-migration-snapshot",
        "weekly-snapshot-2025-01-08",
        "before-suspension",
    ]
    assert [s["name"] for s in listing(api, server_id=STOPPED_SERVER)] == ["third", "first"]
    assert [s["id"] for s in listing(api, server_id=PAGE_SERVER)] == [803, 801, 798]
    assert {s["server"]["id"] for s in listing(api, server_id=SUSPENDED_SERVER)} == {
        SUSPENDED_SERVER
    }


def test_the_seed_list_is_the_pages_example(api: httpx.Client) -> None:
    from tests import openapi_document as doc

    example = doc.load()["components"]["examples"]["SnapshotListSeed"]["value"]
    assert api.get(SNAPSHOTS, params={"server_id": PAGE_SERVER}).json() == example


# -- create -------------------------------------------------------------------------------------


def test_a_new_snapshot_is_in_progress_then_completed_with_a_size(
    mock: RunningMock, api: httpx.Client
) -> None:
    response = create(api, STOPPED_SERVER, "nightly", description=None)
    assert response.status_code == 201
    created = response.json()
    assert created["id"] == 802
    assert (created["status"], created["size_mb"]) == ("in_progress", None)
    assert created["server"] == {"id": STOPPED_SERVER, "name": "db-server-01"}
    assert created["created_at"] == "2025-01-16T16:15:00Z"
    assert created["description"] is None
    assert "3-10 minutes" in created["message"]

    mock.clock.advance(SNAPSHOT_SECONDS - 1)
    (seen,) = listing(api, server_id=STOPPED_SERVER)
    assert (seen["status"], seen["size_mb"]) == ("in_progress", None)

    mock.clock.advance(1)
    (seen,) = listing(api, server_id=STOPPED_SERVER)
    assert (seen["status"], seen["size_mb"]) == ("completed", 20480)  # its disk_used_mb
    assert seen["created_at"] == "2025-01-16T16:15:00Z"


def test_a_snapshot_of_a_failing_server_ends_failed(mock: RunningMock, api: httpx.Client) -> None:
    other = {"Authorization": f"Bearer {OTHER_TOKEN}"}
    response = api.post(SNAPSHOTS, json={"server_id": FLAKY_SERVER, "name": "x"}, headers=other)
    assert response.json()["status"] == "in_progress"
    mock.clock.advance(SNAPSHOT_SECONDS)
    (seen,) = listing(api, OTHER_TOKEN, server_id=FLAKY_SERVER)
    assert (seen["status"], seen["size_mb"]) == ("failed", None)


def test_at_most_five_snapshots_per_server_whatever_their_status(
    mock: RunningMock, api: httpx.Client
) -> None:
    for index in range(3):
        assert create(api, PAGE_SERVER, f"extra-{index}").status_code == 201
    mock.clock.advance(SNAPSHOT_SECONDS)  # completed ones count as much as in-progress ones
    before = world(api)
    error = assert_error(create(api, PAGE_SERVER, "sixth"), 400, "snapshot_limit_reached")
    assert "12345" in error["message"]
    assert world(api) == before
    assert api.delete(snapshot_path(798)).status_code == 204  # deleting frees a place at once
    assert create(api, PAGE_SERVER, "sixth").status_code == 201


def test_failed_snapshots_count_toward_the_limit(api: httpx.Client) -> None:
    other = {"Authorization": f"Bearer {OTHER_TOKEN}"}
    for index in range(3):  # 701 (completed) and 702 (failed) are already there
        body = {"server_id": OTHER_SERVER, "name": f"n-{index}"}
        assert api.post(SNAPSHOTS, json=body, headers=other).status_code == 201
    body = {"server_id": OTHER_SERVER, "name": "sixth"}
    response = api.post(SNAPSHOTS, json=body, headers=other)
    assert_error(response, 400, "snapshot_limit_reached")


def test_names_are_unique_per_server_and_free_again_after_a_delete(api: httpx.Client) -> None:
    error = assert_error(
        create(api, PAGE_SERVER, "pre-migration-snapshot"), 400, "duplicate_snapshot_name"
    )
    assert "pre-migration-snapshot" in error["message"]
    assert create(api, PAGE_SERVER, "Pre-Migration-Snapshot").status_code == 201  # case matters
    assert create(api, STOPPED_SERVER, "pre-migration-snapshot").status_code == 201  # per server
    assert api.delete(snapshot_path(801)).status_code == 204
    assert create(api, PAGE_SERVER, "pre-migration-snapshot").status_code == 201


def test_the_limit_is_checked_before_the_name(api: httpx.Client) -> None:
    for index in range(3):
        assert create(api, PAGE_SERVER, f"extra-{index}").status_code == 201
    response = create(api, PAGE_SERVER, "pre-migration-snapshot")
    assert_error(response, 400, "snapshot_limit_reached")


@pytest.mark.parametrize("server_id", [SUSPENDED_SERVER])
def test_a_suspended_server_cannot_be_snapshotted(api: httpx.Client, server_id: int) -> None:
    before = world(api)
    error = assert_error(create(api, server_id, "nope"), 400, "invalid_state")
    assert "suspended" in error["message"]
    assert world(api) == before


def test_ids_are_never_reused_after_a_delete(api: httpx.Client) -> None:
    assert create(api, PAGE_SERVER, "a").json()["id"] == 802
    assert api.delete(snapshot_path(802)).status_code == 204
    assert create(api, PAGE_SERVER, "b").json()["id"] == 803


# -- restore ------------------------------------------------------------------------------------


def test_restore_answers_as_the_page_and_the_server_restores_for_a_while(
    mock: RunningMock, api: httpx.Client
) -> None:
    from tests import openapi_document as doc

    response = api.post(restore_path(801))
    assert response.status_code == 200
    assert response.json() == doc.load()["components"]["examples"]["RestoreResultSeed"]["value"]

    # While it restores: no snapshot of it, and no second restore.
    error = assert_error(create(api, PAGE_SERVER, "during"), 400, "invalid_state")
    assert "restoring" in error["message"]
    assert_error(api.post(restore_path(798)), 400, "invalid_state")

    mock.clock.advance(RESTORE_SECONDS - 1)
    assert_error(create(api, PAGE_SERVER, "during"), 400, "invalid_state")

    mock.clock.advance(1)  # running again: both are allowed
    assert api.post(restore_path(798)).json()["server"]["status"] == "restoring"
    mock.clock.advance(RESTORE_SECONDS)
    assert create(api, PAGE_SERVER, "after").status_code == 201


def test_a_stopped_server_can_be_restored(mock: RunningMock, api: httpx.Client) -> None:
    snapshot_id = create(api, STOPPED_SERVER, "base").json()["id"]
    mock.clock.advance(SNAPSHOT_SECONDS)
    body = api.post(restore_path(snapshot_id)).json()
    assert body["server"] == {"id": STOPPED_SERVER, "name": "db-server-01", "status": "restoring"}
    assert body["snapshot"]["name"] == "base"


def test_restore_refuses_a_snapshot_that_is_not_completed(
    mock: RunningMock, api: httpx.Client
) -> None:
    snapshot_id = create(api, STOPPED_SERVER, "fresh").json()["id"]
    before = world(api)
    error = assert_error(api.post(restore_path(snapshot_id)), 400, "invalid_state")
    assert error["message"] == (
        f"Snapshot {snapshot_id} is in_progress; only a completed snapshot can be restored."
    )
    other = {"Authorization": f"Bearer {OTHER_TOKEN}"}
    error = assert_error(api.post(restore_path(702), headers=other), 400, "invalid_state")
    assert "failed" in error["message"]
    assert world(api) == before


def test_restore_refuses_a_server_taking_a_snapshot(mock: RunningMock, api: httpx.Client) -> None:
    assert create(api, PAGE_SERVER, "in-flight").status_code == 201
    error = assert_error(api.post(restore_path(801)), 400, "invalid_state")
    assert "in progress" in error["message"]
    mock.clock.advance(SNAPSHOT_SECONDS)
    assert api.post(restore_path(801)).status_code == 200


def test_restore_refuses_a_suspended_server(api: httpx.Client) -> None:
    before = world(api)
    error = assert_error(api.post(restore_path(790)), 400, "invalid_state")
    assert "suspended" in error["message"]
    assert world(api) == before


def test_a_restore_carries_on_when_its_snapshot_is_deleted(
    mock: RunningMock, api: httpx.Client
) -> None:
    assert api.post(restore_path(801)).status_code == 200
    assert api.delete(snapshot_path(801)).status_code == 204
    assert_error(create(api, PAGE_SERVER, "x"), 400, "invalid_state")  # still restoring
    mock.clock.advance(RESTORE_SECONDS)
    assert create(api, PAGE_SERVER, "x").status_code == 201


# -- delete -------------------------------------------------------------------------------------


def test_delete_removes_it_and_a_second_delete_is_a_404(api: httpx.Client) -> None:
    response = api.delete(snapshot_path(801))
    assert response.status_code == 204
    assert response.content == b""
    assert "content-type" not in response.headers
    assert [s["id"] for s in listing(api, server_id=PAGE_SERVER)] == [798]
    assert_error(api.delete(snapshot_path(801)), 404, "snapshot_not_found")
    assert_error(api.post(restore_path(801)), 404, "snapshot_not_found")


def test_an_in_progress_snapshot_can_be_deleted(api: httpx.Client) -> None:
    snapshot_id = create(api, PAGE_SERVER, "cancel-me").json()["id"]
    assert api.delete(snapshot_path(snapshot_id)).status_code == 204
    assert api.post(restore_path(801)).status_code == 200  # nothing in progress any more


# -- reset --------------------------------------------------------------------------------------


def test_reset_restores_the_seed_and_the_clock(mock: RunningMock, api: httpx.Client) -> None:
    seeded = world(api)
    create(api, PAGE_SERVER, "gone-after-reset")
    api.delete(snapshot_path(798))
    api.post(restore_path(801))
    mock.clock.advance(3600)
    mock.reset()
    assert world(api) == seeded
    assert create(api, PAGE_SERVER, "first-again").json()["id"] == 802
    assert create(api, PAGE_SERVER, "second-again").json()["created_at"] == "2025-01-16T16:15:00Z"


def test_with_no_snapshot_time_the_201_still_shows_in_progress(tmp_path: Path) -> None:
    # snapshot_seconds=0 (the TypeScript tests' setting) must not break the document's promise
    # that a new snapshot is in_progress: it is ready at the next reading of the clock.
    config = MockConfig(database_url=f"sqlite:///{tmp_path / 'zero.sqlite3'}", snapshot_seconds=0)
    with running_mock(config) as zero, httpx.Client(base_url=zero.url) as client:
        client.headers.update(zero.auth())
        created = create(client, 12346, "instant").json()
        assert (created["status"], created["size_mb"]) == ("in_progress", None)
        zero.clock.advance(0.000001)
        (seen,) = listing(client, server_id=12346)
        assert seen["status"] == "completed"
