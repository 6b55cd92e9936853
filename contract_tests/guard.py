"""What keeps a run on a deployment to its own snapshots: Schemathesis hooks on every call.

Every request of the suite goes through ``case.call``, and so through `before_call` here, which
rewrites what a generated case would otherwise aim at something of the user's:

- a create names a server of `Target.fuzz_servers` (on a deployment, only the disposable server
  the user named) whenever its ``server_id`` could name a server at all (an id in range, or a
  string, float or boolean that a lax API could read as one), and on a deployment a valid name
  gets the run's prefix, so that whatever the run stores is known to be its own;
- on a deployment, a restore or delete whose ``snapshot_id`` could name a snapshot gets one this
  run created (or, before the first create, `MAX_ID`, which names none), and a restore without
  ``--allow-restore``, or a create without ``--allow-writes``, is a bug of the suite: refused.

Values that cannot name anything (``0``, ``-1``, ``"abc"``, an id beyond 2^53 - 1) are left as
generated, so the negative tests still send them. `after_call` feeds every answer to the
reference model (`contract_tests.model`), and records every snapshot a create
of the run made (whatever its status code) and every one it deleted, for the cleanup
(`cleanup`) that runs after each test, passed or failed.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import schemathesis
from schemathesis import Case, HookContext, Response

from contract_tests import findings
from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS
from contract_tests.target import MAX_ID, Target, active

_NUMBER = re.compile(r"\s*[+-]?[0-9]+(\.0*)?\s*")
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class GuardError(Exception):
    """The suite was about to do what this run is not allowed to do."""


def could_name(value: Any) -> bool:
    """Whether `value`, read by a lax API, could be an existing identifier."""
    if isinstance(value, bool):
        return True
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return isinstance(value, int) and 1 <= value <= MAX_ID


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def _choose_server(target: Target, body: dict[str, Any]) -> int | None:
    # A fixed function of the generated body (crc32, not hash(), which changes per process), so
    # a run is repeated exactly by its seed. On the mock one case in three keeps its server_id,
    # to go on testing unknown servers; a deployment's creates all go to the disposable server.
    choices: list[int | None] = list(target.fuzz_servers)
    if not target.live:
        choices.append(None)
    digest = zlib.crc32(repr(sorted(body.items(), key=str)).encode())
    return choices[digest % len(choices)] if choices else None


def _guard_create(target: Target, case: Case[Any]) -> None:
    body = case.body
    if not isinstance(body, dict):
        return
    value = body.get("server_id")
    if value in target.fuzz_servers and _is_id(value):
        pass  # already a server the run may create on (the scenarios name it)
    elif could_name(value) if target.live else _is_id(value):
        if target.live and not target.allow_writes:
            raise GuardError("a create on a read-only run (pass --allow-writes)")
        server = _choose_server(target, body)
        if server is not None:
            body["server_id"] = server
    name = body.get("name")
    prefix = target.tracker.prefix
    valid = isinstance(name, str) and _NAME.fullmatch(name) is not None
    if target.live and valid and not str(name).startswith(prefix):
        body["name"] = (prefix + str(name))[:64]


def _guard_snapshot_id(target: Target, case: Case[Any]) -> None:
    value = case.path_parameters.get("snapshot_id") if case.path_parameters else None
    if not could_name(value):
        return
    if not (isinstance(value, int) and _is_id(value) and target.tracker.owns(value)):
        owned = target.tracker.any_owned()
        value = owned if owned is not None else MAX_ID
        case.path_parameters["snapshot_id"] = value
    if case.operation.path == RESTORE and value != MAX_ID and not target.allow_restore:
        raise GuardError("a restore on a run without --allow-restore")


@schemathesis.hook
def before_call(context: HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    target = active()
    if target is None:
        return
    if case.operation.path == SNAPSHOTS and case.method.upper() == "POST":
        _guard_create(target, case)
    elif target.live and case.operation.path in (SNAPSHOT, RESTORE):
        _guard_snapshot_id(target, case)


@schemathesis.hook
def after_call(context: HookContext, case: Case[Any], response: Response) -> None:
    target = active()
    if target is None:
        return
    method = case.method.upper()
    findings.remember(case, response)
    if method == case.operation.method.upper():
        target.observed[(f"{method} {case.operation.path}", response.status_code)] += 1
    if target.model is not None and method == case.operation.method.upper():
        # Every call of the run, whoever makes it, is compared with the reference model, and
        # teaches it; the checks (checks.agrees_with_the_model, checks.follow_up) report.
        target.model.observe(method, case.operation.path, response)
    if case.operation.path == SNAPSHOTS and method == "POST" and response.status_code < 300:
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, dict) and _is_id(body.get("id")):
            server = body.get("server")
            server_id = server.get("id") if isinstance(server, dict) else None
            target.tracker.add(body["id"], server_id if isinstance(server_id, int) else 0)
    elif case.operation.path == SNAPSHOT and method == "DELETE" and response.status_code == 204:
        snapshot_id = case.path_parameters.get("snapshot_id") if case.path_parameters else None
        if isinstance(snapshot_id, int) and _is_id(snapshot_id):
            target.tracker.forget(snapshot_id)
