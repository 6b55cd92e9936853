"""The rules that take several calls in a set order, as scenarios of checked Schemathesis cases.

Each scenario is a function of the `Api` and the `Target`. The read-only ones only list, or send
what no token may do (to `MAX_ID`, or with an empty body, so that even a broken API changes
nothing); the others create on the disposable server only, and touch only what they created.
"""

from __future__ import annotations

from typing import Any

from contract_tests.api import Api, assert_error
from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS, SNAPSHOTS_PER_SERVER
from contract_tests.target import MAX_ID, Credential, Target


def _not_a_token(target: Target) -> dict[str, str | None]:
    """Each an Authorization header that identifies no account (None: no header at all); the
    last is the run's own valid token sent without its scheme."""
    return {
        "no header": None,
        "unknown token": "Bearer contract-tests-unknown-token",
        "empty bearer": "Bearer ",
        "another scheme": "Basic dXNlcjpwYXNz",
        "token without scheme": target.token.token,
    }


INVALID_NAMES = ("", "my snapshot", "a" * 65, "snapshot!", "snäpshot", "../etc/passwd")


def _server(target: Target) -> int:
    assert target.disposable_server_id is not None
    return target.disposable_server_id


def every_operation_needs_a_token(api: Api, target: Target) -> None:
    """A missing, malformed or unknown token is 401 ``unauthorized`` on every operation, before
    anything else is looked at, and changes nothing."""
    calls: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("GET", SNAPSHOTS, {}),
        # An empty body: were the token ignored, the answer would be a 400, and nothing stored.
        ("POST", SNAPSHOTS, {"body": {}}),
        ("POST", RESTORE, {"snapshot_id": MAX_ID}),
        ("DELETE", SNAPSHOT, {"snapshot_id": MAX_ID}),
    )
    before = api.ids()
    for authorization in _not_a_token(target).values():
        headers = {} if authorization is None else {"Authorization": authorization}
        for method, path, kwargs in calls:
            # The failure's reproduction shows which header was sent (or none).
            assert_error(api.call(method, path, headers=headers, **kwargs), 401, "unauthorized")
    assert api.ids() == before, "a request without a valid token changed the snapshots"


def list_is_consistent(api: Api, target: Target) -> None:
    """Filtering by each server splits the whole list exactly; an unknown server lists nothing."""
    everything = api.listing()
    servers = {s["server"]["id"] for s in everything}
    if target.disposable_server_id is not None:
        servers.add(target.disposable_server_id)
    pieces = [s["id"] for server in sorted(servers) for s in api.listing(server)]
    assert sorted(pieces) == sorted(s["id"] for s in everything), (
        "the per-server lists do not add up to the whole list"
    )
    assert api.listing(MAX_ID) == [], "a server that is not the account's lists snapshots"


def others_see_nothing_of_ours(api: Api, target: Target, other: Credential) -> None:
    """Another account never sees our snapshots and gets 404 for each of them."""
    ours = api.listing()
    ours_ids = {s["id"] for s in ours}
    theirs = set(api.ids(credential=other))
    assert not ours_ids & theirs, f"another account lists our snapshots {ours_ids & theirs}"
    for server in sorted({s["server"]["id"] for s in ours}):
        assert api.listing(server, credential=other) == [], f"another account lists server {server}"
    if not target.allow_writes:
        return  # a broken API would let the other token act on the user's snapshots
    server = _server(target)
    created = api.new_snapshot(server, f"{target.tracker.prefix}isolation")
    assert created["id"] not in api.ids(credential=other)
    assert api.listing(server, credential=other) == []
    assert_error(api.delete(created["id"], credential=other), 404, "snapshot_not_found")
    if target.allow_restore:
        assert_error(api.restore(created["id"], credential=other), 404, "snapshot_not_found")
    assert created["id"] in api.ids(server), "another account's delete removed our snapshot"
    assert api.delete(created["id"]).status_code == 204


# A description of the largest length the document allows, with characters beyond ASCII, quotes
# and a backslash (no control character: the document refuses them): what is sent must come
# back whole (the reference model compares it in the 201 and every list).
_DESCRIPTION_PART = "Snapshot before the upgrade: «ünïcode», quotes \" ' and \\, emoji 🙂. "
LONG_DESCRIPTION = (_DESCRIPTION_PART * 5)[:255]


def snapshot_lifecycle(api: Api, target: Target) -> None:
    """Created: in_progress and listed, with what was sent. Deleted: gone, and a second delete
    is 404."""
    server = _server(target)
    created = api.new_snapshot(server, f"{target.tracker.prefix}lifecycle", LONG_DESCRIPTION)
    assert (created["status"], created["size_mb"]) == ("in_progress", None)
    assert created["server"]["id"] == server
    assert created["description"] == LONG_DESCRIPTION
    assert created["id"] in api.ids(server)
    assert created["id"] in api.ids()
    assert api.delete(created["id"]).status_code == 204
    assert created["id"] not in api.ids()
    assert_error(api.delete(created["id"]), 404, "snapshot_not_found")
    if target.allow_restore:
        assert_error(api.restore(created["id"]), 404, "snapshot_not_found")


def invalid_names_are_refused(api: Api, target: Target) -> None:
    """A name that breaks the document's pattern or length is 400 naming ``name``, stores
    nothing."""
    server = _server(target)
    before = api.ids(server)
    for name in INVALID_NAMES:
        response = api.create(server, name)
        assert_error(response, 400, "invalid_parameters")
        fields = [d["field"] for d in response.json()["error"]["details"]]
        assert "name" in fields, f"the error for name {name!r} names {fields}"
    assert api.ids(server) == before, "a refused name was stored"


def sixth_snapshot_is_refused(api: Api, target: Target) -> None:
    """The 6th snapshot of a server is 400 ``snapshot_limit_reached`` and stores nothing."""
    server = _server(target)
    existing = len(api.ids(server))
    assert existing <= SNAPSHOTS_PER_SERVER, f"server {server} already holds {existing}"
    for index in range(SNAPSHOTS_PER_SERVER - existing):
        api.new_snapshot(server, f"{target.tracker.prefix}limit-{index}")
    before = api.ids(server)
    assert len(before) == SNAPSHOTS_PER_SERVER
    response = api.create(server, f"{target.tracker.prefix}limit-sixth")
    assert_error(response, 400, "snapshot_limit_reached")
    assert api.ids(server) == before, "the refused 6th snapshot changed the server's list"


def restore_puts_server_in_restoring(api: Api, target: Target) -> None:
    """A restore of a completed snapshot answers ``restoring``, and the server then is: a second
    restore and a create are refused with ``invalid_state`` while it lasts."""
    server = _server(target)
    created = api.new_snapshot(server, f"{target.tracker.prefix}restore")
    completed = api.wait_until_completed(server, created["id"])
    assert completed["status"] == "completed", f"the snapshot ended {completed['status']}"
    response = api.restore(created["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["server"] == {**body["server"], "id": server, "status": "restoring"}
    assert body["snapshot"]["id"] == created["id"]
    assert_error(api.restore(created["id"]), 400, "invalid_state")
    assert_error(api.create(server, f"{target.tracker.prefix}during-restore"), 400, "invalid_state")
    # A restore already started carries on from its own copy: the snapshot may go.
    assert api.delete(created["id"]).status_code == 204
    # Leave the server as the other tests expect it, not restoring: the stateful run that may
    # follow must see the same answers in every scenario (Hypothesis requires it). A target that
    # can be reset starts each scenario afresh; elsewhere wait for the restore to end
    # (new_snapshot waits while the server is restoring), then tidy up.
    if target.reset is None:
        probe = api.new_snapshot(server, f"{target.tracker.prefix}after-restore")
        assert api.delete(probe["id"]).status_code == 204
