"""The rules that take several calls in a set order, as scenarios of checked Schemathesis cases.

Each scenario is a function of the `Api` and the `Target`. The read-only ones only list, or send
what no token may do (to `MAX_ID`, or with an empty body, so that even a broken API changes
nothing); the others create on the disposable server only, and touch only what they created.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemathesis import Response

from contract_tests.api import Api, Snapshot, assert_error
from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS, SNAPSHOTS_PER_SERVER, raw
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


def _delete(api: Api, snapshot_id: int) -> None:
    """Delete one of the run's snapshots, whatever its status: the document allows it."""
    response = api.delete(snapshot_id)
    assert response.status_code == 204, (
        f"a snapshot of ours could not be deleted: {response.status_code} {response.text[:300]}"
    )


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


# Every method a path could be asked with; those the document does not give it are 405.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Path identifiers that are not identifiers: not integers, or outside 1 to 2^53 - 1.
NOT_IDS = ("abc", "1.5", "0", "-1", str(MAX_ID + 1))
# The document's limit on a request body (16 KiB), and one byte more.
BODY_LIMIT = 16 * 1024


def _body(**fields: Any) -> bytes:
    """A create's body naming `MAX_ID`, which no server has, so that even an API that took a
    body it should refuse would store nothing (``server_not_found``)."""
    return json.dumps({"server_id": MAX_ID, "name": "n", **fields}).encode()


def requests_are_answered_as_documented(api: Api, target: Target) -> None:
    """Paths, methods, parameters and bodies the document refuses are refused as it says, each
    with the error body; an undefined query parameter and a body sent to a call without one are
    ignored. Read-only: nothing sent names a snapshot or a server that exists."""
    token = target.token.header()
    for template, item in raw()["paths"].items():
        path = template.replace("{snapshot_id}", str(MAX_ID))
        allowed = {m.upper() for m in item if m.upper() in METHODS}
        some = sorted(allowed)[0]
        # Paths are public: a path or method the API does not have is answered whatever the token.
        for headers in (token, {}):
            assert_error(api.send(some, path.rstrip("/"), headers=headers), 404, "not_found")
            for method in METHODS:
                if method in allowed:
                    continue
                response = api.send(method, path, headers=headers)
                if method == "HEAD":  # an answer to HEAD has no body, in HTTP
                    assert response.status_code == 405, f"HEAD {path}: {response.status_code}"
                else:
                    assert_error(response, 405, "method_not_allowed")
                said = ",".join(response.headers.get("allow", []))
                allow = {m.strip().upper() for m in said.split(",") if m.strip()}
                assert allow == allowed, (
                    f"{method} {path}: Allow is {said!r}, the document gives {sorted(allowed)}"
                )
    assert_error(api.send("GET", "/api/v1/snapshot/"), 404, "not_found")
    for bad in NOT_IDS:
        assert_error(
            api.send("DELETE", f"/api/v1/snapshots/{bad}/"),
            400,
            "invalid_parameters",
            "snapshot_id",
        )
        assert_error(
            api.send("POST", f"/api/v1/snapshots/{bad}/restore/"),
            400,
            "invalid_parameters",
            "snapshot_id",
        )
        assert_error(
            api.send("GET", SNAPSHOTS, query={"server_id": bad}),
            400,
            "invalid_parameters",
            "server_id",
        )
    # The token comes first: a bad id or body without one is 401.
    assert_error(
        api.send("DELETE", f"/api/v1/snapshots/{NOT_IDS[0]}/", headers={}), 401, "unauthorized"
    )
    twice = api.send("GET", SNAPSHOTS, query={"server_id": [str(MAX_ID), str(MAX_ID)]})
    assert_error(twice, 400, "invalid_parameters", "server_id")
    # An encoded slash is part of a segment: a snapshot id "N/restore", not a restore.
    slashed = f"/api/v1/snapshots/{MAX_ID}%2Frestore/"
    assert_error(api.send("POST", slashed), 405, "method_not_allowed")
    assert_error(api.send("DELETE", slashed), 400, "invalid_parameters", "snapshot_id")
    # A body sent to a call without one is ignored, whatever it is.
    for method, path in (("DELETE", SNAPSHOT), ("POST", RESTORE)):
        response = api.send(
            method,
            path.replace("{snapshot_id}", str(MAX_ID)),
            headers={**token, "Content-Type": "text/plain"},
            content=b"not JSON",
        )
        assert_error(response, 404, "snapshot_not_found")
    everything = sorted(api.ids())
    ignored = api.send("GET", SNAPSHOTS, query={"contract_tests_undefined": "1"})
    assert ignored.status_code == 200, (
        f"an undefined query parameter was not ignored: {ignored.text}"
    )
    assert sorted(s["id"] for s in ignored.json()["results"]) == everything
    # A Content-Type and a body sent to a call without one are allowed, and the body ignored.
    with_body = api.send(
        "GET", SNAPSHOTS, headers={**token, "Content-Type": "application/json"}, content=b'{"a": 1}'
    )
    assert with_body.status_code == 200, (
        f"a body sent to the list was not ignored: {with_body.text}"
    )
    assert sorted(s["id"] for s in with_body.json()["results"]) == everything
    json_headers = {**token, "Content-Type": "application/json"}
    assert_error(
        api.send(
            "POST", SNAPSHOTS, headers={**token, "Content-Type": "text/plain"}, content=_body()
        ),
        415,
        "unsupported_media_type",
    )
    assert_error(api.send("POST", SNAPSHOTS, headers={}, content=_body()), 401, "unauthorized")
    large = _body(description="a" * BODY_LIMIT)
    assert_error(
        api.send("POST", SNAPSHOTS, headers=json_headers, content=large), 413, "payload_too_large"
    )
    not_json = {
        "not JSON": b'{"server_id": ',
        "a field twice": b'{"server_id": 9007199254740991, "name": "a", "name": "b"}',
        "NaN": b'{"server_id": NaN, "name": "n"}',
        "not UTF-8": b'{"server_id": 9007199254740991, "name": "\xff"}',
    }
    for label, content in not_json.items():
        response = api.send("POST", SNAPSHOTS, headers=json_headers, content=content)
        assert response.status_code == 400, f"a body with {label}: {response.status_code}"
        assert_error(response, 400, "invalid_parameters")
    # The body's schema is checked before the operation's rules (the server, here unknown).
    assert_error(
        api.send("POST", SNAPSHOTS, headers=json_headers, content=_body(colour="red")),
        400,
        "invalid_parameters",
        "colour",
    )
    assert_error(
        api.send("POST", SNAPSHOTS, headers=json_headers, content=_body(name="my snapshot")),
        400,
        "invalid_parameters",
        "name",
    )
    assert_error(
        api.send("POST", SNAPSHOTS, headers=json_headers, content=_body()), 404, "server_not_found"
    )
    assert sorted(api.ids()) == everything, "a refused request changed the snapshots"


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
    # Another account's server is answered as an unknown one. Sent as bytes, past the guard
    # (which would put the disposable server in the body): even where the API is broken, what
    # the create stored is the run's, and the cleanup deletes it.
    for theirs in sorted({s["server"]["id"] for s in api.listing(credential=other)})[:1]:
        body = json.dumps({"server_id": theirs, "name": f"{target.tracker.prefix}theirs"})
        headers = {**target.token.header(), "Content-Type": "application/json"}
        response = api.send("POST", SNAPSHOTS, headers=headers, content=body.encode())
        assert_error(response, 404, "server_not_found")
    created = api.new_snapshot(server, f"{target.tracker.prefix}isolation")
    assert created["id"] not in api.ids(credential=other)
    assert api.listing(server, credential=other) == []
    assert_error(api.delete(created["id"], credential=other), 404, "snapshot_not_found")
    if target.allow_restore:
        assert_error(api.restore(created["id"], credential=other), 404, "snapshot_not_found")
    assert created["id"] in api.ids(server), "another account's delete removed our snapshot"
    _delete(api, created["id"])


# A description of the largest length the document allows, with characters beyond ASCII, quotes
# and a backslash (no control character: the document refuses them): what is sent must come
# back whole (the reference model compares it in the 201 and every list).
_DESCRIPTION_PART = "Snapshot before the upgrade: «ünïcode», quotes \" ' and \\, emoji 🙂. "
LONG_DESCRIPTION = (_DESCRIPTION_PART * 5)[:255]


def snapshot_lifecycle(api: Api, target: Target) -> None:
    """Created: in_progress and listed, with what was sent; its name is taken on its server
    (case-sensitive). Deleted: gone, a second delete is 404, and its name is free again."""
    server = _server(target)
    name = f"{target.tracker.prefix}lifecycle"
    created = api.new_snapshot(server, name, LONG_DESCRIPTION)
    assert (created["status"], created["size_mb"]) == ("in_progress", None)
    assert created["server"]["id"] == server
    assert created["description"] == LONG_DESCRIPTION
    assert created["id"] in api.ids(server)
    assert created["id"] in api.ids()
    before = api.ids(server)
    assert_error(api.create(server, name), 400, "duplicate_snapshot_name")
    assert api.ids(server) == before, "a refused duplicate name changed the server's list"
    other_case = api.create(server, f"{target.tracker.prefix}Lifecycle")
    assert other_case.status_code == 201, f"names are case-sensitive: {other_case.text}"
    _delete(api, other_case.json()["id"])
    _delete(api, created["id"])
    assert created["id"] not in api.ids()
    assert_error(api.delete(created["id"]), 404, "snapshot_not_found")
    again = api.create(server, name)
    assert again.status_code == 201, f"a deleted snapshot's name is free again: {again.text}"
    assert again.json()["id"] != created["id"]
    _delete(api, again.json()["id"])
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
    # The limit is answered before a name in use; a delete frees a place at once.
    in_use = api.listing(server)[0]
    assert_error(api.create(server, in_use["name"]), 400, "snapshot_limit_reached")
    _delete(api, in_use["id"])
    freed = api.create(server, f"{target.tracker.prefix}limit-freed")
    assert freed.status_code == 201, f"a delete did not free a place at once: {freed.text}"


def _kept(snapshots: list[Snapshot]) -> dict[int, tuple[Any, ...]]:
    """What no request changes of each snapshot (its status may move forward on its own)."""
    return {s["id"]: (s["name"], s["description"], s["created_at"]) for s in snapshots}


def _refused(api: Api, server: int, send: Callable[[], Response], code: str) -> None:
    """`send()` is refused ``400 code`` and changes nothing stored on `server`: the same
    snapshots with the same fields after it as before (each listing also goes past the reference
    model, which holds every status to moving forward only)."""
    before = _kept(api.listing(server))
    assert_error(send(), 400, code)
    after = _kept(api.listing(server))
    assert after == before, (
        f"a request refused with {code} changed the snapshots of server {server}: "
        f"{sorted(before)} before, {sorted(after)} after"
    )


def restore_puts_server_in_restoring(api: Api, target: Target) -> None:
    """With the server full of snapshots that have all ended (completed: they count toward the
    limit too), a restore of one answers ``restoring``, and the server then is: a second
    restore and a create are refused with ``invalid_state`` while it lasts, before the limit and
    before a name in use; no refused request changes anything."""
    server = _server(target)
    prefix = target.tracker.prefix
    existing = len(api.ids(server))
    assert existing < SNAPSHOTS_PER_SERVER, f"server {server} already holds {existing}"
    names = [f"{prefix}restore-{i}" for i in range(SNAPSHOTS_PER_SERVER - existing)]
    created = [api.new_snapshot(server, name) for name in names]
    ended = [api.wait_until_completed(server, s["id"]) for s in created]
    completed = [s for s in ended if s["status"] == "completed"]
    assert completed, f"the snapshots ended {[s['status'] for s in ended]}"
    # Every status counts toward the limit: these are no longer in_progress.
    sixth = f"{prefix}restore-sixth"
    _refused(api, server, lambda: api.create(server, sixth), "snapshot_limit_reached")
    chosen = completed[0]
    response = api.restore(chosen["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["server"] == {**body["server"], "id": server, "status": "restoring"}
    assert body["snapshot"]["id"] == chosen["id"]
    _refused(api, server, lambda: api.restore(chosen["id"]), "invalid_state")
    # When several apply, invalid_state comes before the limit (the server is full) and before
    # a name in use.
    _refused(api, server, lambda: api.create(server, f"{prefix}during-restore"), "invalid_state")
    _refused(api, server, lambda: api.create(server, chosen["name"]), "invalid_state")
    # A restore already started carries on from its own copy: the snapshot may go.
    _delete(api, chosen["id"])
    # Leave the server as the other tests expect it, not restoring: the stateful run that may
    # follow must see the same answers in every scenario (Hypothesis requires it). A target that
    # can be reset starts each scenario afresh; elsewhere wait for the restore to end
    # (new_snapshot waits while the server is restoring), then tidy up.
    if target.reset is None:
        probe = api.new_snapshot(server, f"{target.tracker.prefix}after-restore")
        _delete(api, probe["id"])
