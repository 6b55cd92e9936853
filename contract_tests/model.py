"""The reference model: what the run knows of the account, and every answer compared with it.

The model is fed every call the suite makes (the guard's ``after_call`` hook sees each one: the
property tests of both modes, the stateful run, the scenarios, the checks' follow-up calls and
the cleanup). For each answer it first compares, then learns:

- a snapshot the run created: every property of both ``Snapshot`` and the create request body
  (``name``, ``description``, ... read from the document) and ``server`` as sent, ``in_progress``
  without a size, ``created_at`` within the run's clock window (``--clock-skew``), an id never
  seen before;
- every snapshot seen (created, or first listed): each field as first seen, the same in every
  later list and restore answer (``created_at`` never changes, nor a server's name, nor a
  completed snapshot's size); its status only moves forward (``in_progress``, then
  ``completed`` or ``failed``) and its ``size_mb`` follows the status;
- a list: newest first (``created_at``, then ``id``, both descending), no snapshot twice, none
  the run deleted, and every snapshot the model holds on a server the run owns (the in-process
  mock: the whole account; a deployment: the disposable server);
- a restore: its answer names the snapshot asked for, with that snapshot's name and
  ``created_at``, and the snapshot's server;
- every JSON answer: no property the document does not name for that answer (with its path).

A difference is a `Problem`: the field, what the answer says, what the model expected, and the
call that made the model expect it. docs/contract-tests.md states these rules and why.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from contract_tests import defaults
from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS, raw, sent_properties
from contract_tests.target import MAX_ID

# A status may move to these (the document's lifecycle: in_progress, then completed or failed).
NEXT_STATUSES = {
    "in_progress": {"in_progress", "completed", "failed"},
    "completed": {"completed"},
    "failed": {"failed"},
}
# The model's rules, each named in its findings and in docs/contract-tests.md (where a test
# keeps each of them mapped to a statement of the document).
RULES = {
    "as-sent": "a created snapshot's server and every property it shares with the create "
    "request (name, description, ...) are the ones sent",
    "new-in-progress": "a created snapshot is in_progress",
    "created-at-window": "a created snapshot's created_at is within the run's clock window",
    "new-id": "a created snapshot's id was never given before",
    "as-first-seen": "a snapshot's fields (and its server's name) never change",
    "status-forward": "a status only moves forward",
    "size-by-status": "size_mb is an integer once completed, null otherwise",
    "size-kept": "a completed snapshot keeps its size",
    "list-order": "a list is newest first, by created_at then id",
    "list-unique": "a list holds no snapshot twice",
    "deleted-not-listed": "a deleted snapshot is never listed",
    "list-complete": "a list holds every snapshot of the model on a server the run owns",
    "restore-as-asked": "a restore's answer names the snapshot asked for and its server",
    "found-until-deleted": "a snapshot the model holds is found until it is deleted",
    "documented-properties": "an answer carries only properties the document names",
}
# The default of --clock-skew: how far a deployment's clock may be from the run's, in seconds.
DEFAULT_CLOCK_SKEW = defaults.CLOCK_SKEW
# How many answers' findings wait for their check (the check takes its own at once; this only
# bounds what calls no check looks at, such as the cleanup's, leave behind).
_PENDING = 256


@dataclass(frozen=True)
class Problem:
    """One difference between an answer and the model."""

    rule: str  # the model's rule (RULES) it breaks
    where: str  # the field, e.g. "snapshot 802: description", or "results[1].internal_path"
    found: Any
    expected: str  # what the model expected, in words
    because: str  # the call that made the model expect it

    def __str__(self) -> str:
        return (
            f"{self.where} is {_short(self.found)}; the model expected {self.expected} "
            f"(since {self.because}) [model rule {self.rule}]"
        )


def _short(value: Any, limit: int = 80) -> str:
    """`value`'s repr, cut to `limit` characters (a description may be 255)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


@dataclass(frozen=True)
class Undocumented:
    """A property an answer carries that the document does not name."""

    call: str
    path: str

    def __str__(self) -> str:
        return f"{self.path} in the answer to {self.call}"


@dataclass
class Seen:
    """One field's value as the model holds it, and the call it came from."""

    value: Any
    because: str


@dataclass
class Belief:
    """What the model holds about one snapshot."""

    id: int
    fields: dict[
        str, Seen
    ]  # the as-sent properties (name, description, ...), server.id, created_at
    status: Seen
    size_mb: Seen | None = None  # once completed
    deleted: str | None = None  # the call that deleted it


def _id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and 1 <= value <= MAX_ID else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _timestamp(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _json(data: Any) -> Any:
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, TypeError):
        return None


class Model:
    """The account's state as far as the run can know it (one per token)."""

    def __init__(
        self,
        *,
        clock_skew: float = DEFAULT_CLOCK_SKEW,
        owned_servers: frozenset[int] | None = None,
        allow_undocumented: bool = False,
        run_prefix: str = "",
    ) -> None:
        self.clock_skew = clock_skew
        # The servers whose whole list the model knows (None: every server of the account).
        self.owned_servers = owned_servers
        self.allow_undocumented = allow_undocumented
        # The run's own name prefix (random, to tell runs apart on a deployment): the requests
        # digest reads it as one fixed text, so that it depends on the seed alone.
        self.run_prefix = run_prefix.encode()
        self.lock = threading.Lock()
        self.accounts: dict[str, dict[int, Belief]] = {}
        self.servers: dict[str, dict[int, Seen]] = {}  # server id -> its name
        self.restored: dict[str, dict[int, str]] = {}  # server id -> the restore call
        self.pending: OrderedDict[int, tuple[Any, list[str]]] = OrderedDict()
        self.undocumented: list[Undocumented] = []
        self.calls = itertools.count(1)
        self.observed = 0
        # Every request of the run, in order (method, URL, body): the same --seed gives the same.
        self.requests = hashlib.sha256()
        self.properties = DocumentedProperties()
        self.problems: list[Problem] = []  # those of the answer being observed

    def forget_all(self) -> None:
        """The target was put back to its seed data (the in-process mock's reset)."""
        with self.lock:
            self.accounts.clear()
            self.servers.clear()
            self.restored.clear()
            self.pending.clear()

    # What the checks call -------------------------------------------------------------------

    def take(self, response: Any) -> list[str]:
        """The findings of `response` (once: a second call gets none)."""
        with self.lock:
            entry = self.pending.pop(id(response), None)
        if entry is None or entry[0] is not response:
            return []
        return entry[1]

    # What the hook calls --------------------------------------------------------------------

    def observe(self, method: str, template: str, response: Any) -> None:
        """Compare `response` (to `method` `template`) with the model, then learn from it."""
        request = response.request
        authorization = request.headers.get("Authorization") or ""
        url = urlsplit(str(request.url))
        number = next(self.calls)
        self.observed = number
        sent = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        line = f"{method} {request.url}\n".encode() + sent + b"\n"
        if self.run_prefix:
            line = line.replace(self.run_prefix, b"ct-RUN-")
        self.requests.update(line)
        query = f"?{url.query}" if url.query else ""
        call = f"call #{number}: {method} {url.path}{query} answered {response.status_code}"
        try:
            body = response.json()
        except ValueError:
            body = None
        findings: list[str] = []
        with self.lock:
            for path in self.properties.undocumented(method, template, response.status_code, body):
                found = Undocumented(call, path)
                if self.allow_undocumented:
                    self.undocumented.append(found)
                else:
                    findings.append(
                        f"undocumented property {found} [model rule documented-properties]"
                    )
            if authorization and body is not None:
                state = _State(self, authorization, call, response.elapsed)
                if template == SNAPSHOTS and method == "POST" and response.status_code == 201:
                    state.created(_json(request.body), body)
                elif template == SNAPSHOTS and method == "GET" and response.status_code == 200:
                    values = parse_qs(url.query).get("server_id", [])
                    state.listed(_id(values[0]) if len(values) == 1 else None, len(values), body)
                elif template == RESTORE and method == "POST" and response.status_code == 200:
                    state.restored(_path_id(url.path), body)
                elif template in (SNAPSHOT, RESTORE) and response.status_code == 404:
                    state.not_found(_path_id(url.path), method, template)
            deleted = template == SNAPSHOT and method == "DELETE" and response.status_code == 204
            if authorization and deleted:
                _State(self, authorization, call, 0.0).deleted(_path_id(url.path))
            findings += [str(p) for p in self.problems]
            self.problems = []
            if findings:
                self.pending[id(response)] = (response, findings)
                while len(self.pending) > _PENDING:
                    self.pending.popitem(last=False)


def _path_id(path: str) -> int | None:
    parts = path.split("/")
    if "snapshots" not in parts or parts.index("snapshots") + 1 >= len(parts):
        return None
    return _id(parts[parts.index("snapshots") + 1])


class _State:
    """The comparisons of one answer (the model's lock is held)."""

    def __init__(self, model: Model, account: str, call: str, elapsed: float) -> None:
        self.model = model
        self.call = call
        self.elapsed = elapsed
        self.snapshots = model.accounts.setdefault(account, {})
        self.servers = model.servers.setdefault(account, {})
        self.restores = model.restored.setdefault(account, {})

    def problem(self, rule: str, where: str, found: Any, expected: str, because: str) -> None:
        assert rule in RULES, rule
        self.model.problems.append(Problem(rule, where, found, expected, because))

    def owned(self, server_id: Any) -> bool:
        owned = self.model.owned_servers
        return owned is None or server_id in owned

    # Each snapshot, wherever it is shown --------------------------------------------------

    def snapshot(self, shown: Any, where: str) -> Belief | None:
        """Compare one snapshot of an answer with the model, and learn it."""
        if not isinstance(shown, dict):
            return None
        snapshot_id = _id(shown.get("id"))
        if snapshot_id is None:
            return None
        label = f"{where}snapshot {snapshot_id}"
        server = _object(shown.get("server"))
        server_id = server.get("id")
        values = {name: shown.get(name) for name in sent_properties()}
        values["server.id"] = server_id
        values["created_at"] = shown.get("created_at")
        belief = self.snapshots.get(snapshot_id)
        if belief is None:
            belief = Belief(
                snapshot_id,
                {key: Seen(value, self.call) for key, value in values.items()},
                Seen(shown.get("status"), self.call),
            )
            self.snapshots[snapshot_id] = belief
        else:
            for key, value in values.items():
                seen = belief.fields[key]
                if value != seen.value:
                    self.problem(
                        "as-first-seen", f"{label}: {key}", value, _short(seen.value), seen.because
                    )
        self.server_name(server_id, server.get("name"), label)
        status, size = shown.get("status"), shown.get("size_mb")
        previous = belief.status
        if status in NEXT_STATUSES and previous.value in NEXT_STATUSES:
            if status not in NEXT_STATUSES[previous.value]:
                self.problem(
                    "status-forward",
                    f"{label}: status",
                    status,
                    f"{previous.value!r} or later: a status only moves forward (in_progress, "
                    "then completed or failed)",
                    previous.because,
                )
            else:
                belief.status = Seen(status, self.call) if status != previous.value else previous
        self.size(label, status, size, belief)
        return belief

    def size(self, label: str, status: Any, size: Any, belief: Belief) -> None:
        if status == "completed":
            if not isinstance(size, int) or isinstance(size, bool):
                self.problem(
                    "size-by-status",
                    f"{label}: size_mb",
                    size,
                    "an integer: a completed snapshot has its size (the document's rule)",
                    self.call,
                )
            elif belief.size_mb is None:
                belief.size_mb = Seen(size, self.call)
            elif belief.size_mb.value != size:
                self.problem(
                    "size-kept",
                    f"{label}: size_mb",
                    size,
                    f"{belief.size_mb.value!r}: a completed snapshot keeps its size",
                    belief.size_mb.because,
                )
        elif status in ("in_progress", "failed") and size is not None:
            self.problem(
                "size-by-status",
                f"{label}: size_mb",
                size,
                f"null: a snapshot {status} has no size (the document's rule)",
                self.call,
            )

    def server_name(self, server_id: Any, name: Any, label: str) -> None:
        if _id(server_id) is None:
            return
        seen = self.servers.get(server_id)
        if seen is None:
            self.servers[server_id] = Seen(name, self.call)
        elif seen.value != name:
            self.problem(
                "as-first-seen", f"{label}: server.name", name, _short(seen.value), seen.because
            )

    # Each operation ---------------------------------------------------------------------

    def created(self, sent: Any, body: Any) -> None:
        if not isinstance(body, dict) or _id(body.get("id")) is None:
            return
        snapshot_id = body["id"]
        label = f"new snapshot {snapshot_id}"
        earlier = self.snapshots.get(snapshot_id)
        if earlier is not None:
            self.problem(
                "new-id",
                f"{label}: id",
                snapshot_id,
                "an id never given before"
                + (" (it was deleted)" if earlier.deleted else " (the model holds it)"),
                earlier.deleted or earlier.status.because,
            )
            del self.snapshots[snapshot_id]
        if isinstance(sent, dict):
            server = _object(body.get("server"))
            # Every property of both Snapshot and the request, from the document: one not sent
            # is expected absent or null (as the document's `description` is when none was given).
            sent_values = {name: (body.get(name), sent.get(name)) for name in sent_properties()}
            sent_values["server.id"] = (server.get("id"), _id(sent.get("server_id")))
            for key, (found, wanted) in sent_values.items():
                if found != wanted:
                    self.problem(
                        "as-sent", f"{label}: {key}", found, f"{_short(wanted)}, as sent", self.call
                    )
        if body.get("status") != "in_progress":
            self.problem(
                "new-in-progress",
                f"{label}: status",
                body.get("status"),
                "'in_progress'",
                self.call,
            )
        created_at = _timestamp(body.get("created_at"))
        if created_at is not None:
            now = time.time()
            # created_at is to the whole second, so its second may begin up to 1 s before the call.
            earliest = now - self.elapsed - self.model.clock_skew - 1.0
            latest = now + self.model.clock_skew
            if not earliest <= created_at <= latest:
                self.problem(
                    "created-at-window",
                    f"{label}: created_at",
                    body.get("created_at"),
                    f"a time within {self.model.clock_skew:g} s (--clock-skew) of the run's clock "
                    f"when it was made, {_format(earliest)} to {_format(latest)}",
                    self.call,
                )
        self.snapshot(body, "")

    def listed(self, server_id: int | None, filters: int, body: Any) -> None:
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            return
        ids: dict[int, int] = {}
        keys: list[tuple[float, int] | None] = []
        for index, shown in enumerate(results):
            belief = self.snapshot(shown, f"results[{index}]: ")
            if belief is None:
                keys.append(None)
                continue
            if belief.id in ids:
                self.problem(
                    "list-unique",
                    f"results[{index}]: snapshot {belief.id}",
                    "listed again",
                    f"each snapshot once (it is results[{ids[belief.id]}])",
                    self.call,
                )
            ids.setdefault(belief.id, index)
            if belief.deleted:
                self.problem(
                    "deleted-not-listed",
                    f"results[{index}]: snapshot {belief.id}",
                    "listed",
                    "not listed: it was deleted",
                    belief.deleted,
                )
            created = _timestamp(shown.get("created_at"))
            keys.append(None if created is None else (created, belief.id))
        for index in range(1, len(keys)):
            before, after = keys[index - 1], keys[index]
            if before is not None and after is not None and after > before:
                self.problem(
                    "list-order",
                    f"results[{index}]: snapshot {after[1]}",
                    f"after snapshot {before[1]}",
                    "newest first, by created_at then id, both descending (the document's order)",
                    self.call,
                )
        if filters > 1 or (filters == 1 and server_id is None):
            return  # not a list the document defines an answer for
        for belief in self.snapshots.values():
            server = belief.fields["server.id"].value
            if belief.deleted or belief.id in ids or not self.owned(server):
                continue
            if server_id is not None and server != server_id:
                continue
            self.problem(
                "list-complete",
                f"snapshot {belief.id}",
                "missing from the list",
                f"listed: it is on server {server} and was not deleted",
                belief.status.because,
            )

    def restored(self, snapshot_id: int | None, body: Any) -> None:
        if not isinstance(body, dict) or snapshot_id is None:
            return
        snapshot = _object(body.get("snapshot"))
        server = _object(body.get("server"))
        if snapshot.get("id") != snapshot_id:
            self.problem(
                "restore-as-asked",
                "restore: snapshot.id",
                snapshot.get("id"),
                f"{snapshot_id}, the snapshot asked for",
                self.call,
            )
        belief = self.snapshots.get(snapshot_id)
        if belief is not None:
            for key in ("name", "created_at"):
                seen = belief.fields[key]
                if snapshot.get(key) != seen.value:
                    self.problem(
                        "restore-as-asked",
                        f"restore: snapshot.{key}",
                        snapshot.get(key),
                        _short(seen.value),
                        seen.because,
                    )
            seen = belief.fields["server.id"]
            if server.get("id") != seen.value:
                self.problem(
                    "restore-as-asked",
                    "restore: server.id",
                    server.get("id"),
                    f"{seen.value!r}, the server of snapshot {snapshot_id}",
                    seen.because,
                )
            else:
                self.server_name(server.get("id"), server.get("name"), "restore")
        if _id(server.get("id")) is not None:
            self.restores[server["id"]] = self.call

    def deleted(self, snapshot_id: int | None) -> None:
        if snapshot_id is None:
            return
        belief = self.snapshots.get(snapshot_id)
        if belief is not None:
            belief.deleted = belief.deleted or self.call

    def not_found(self, snapshot_id: int | None, method: str, template: str) -> None:
        belief = self.snapshots.get(snapshot_id) if snapshot_id is not None else None
        if belief is None or belief.deleted or not self.owned(belief.fields["server.id"].value):
            return
        self.problem(
            "found-until-deleted",
            f"snapshot {snapshot_id}",
            "404 snapshot_not_found",
            "found: the model holds it and it was not deleted",
            belief.status.because,
        )


def _format(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DocumentedProperties:
    """Which properties the document names for each answer (operation, status), and the
    properties of an answer that it does not name."""

    def __init__(self) -> None:
        self.document = raw()

    def _resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def schema(self, method: str, template: str, status: int) -> Any:
        operation = self.document["paths"].get(template, {}).get(method.lower())
        if operation is None:
            return None
        response = self._resolve(operation["responses"].get(str(status)))
        content = (response or {}).get("content", {}).get("application/json")
        return None if content is None else content.get("schema")

    def undocumented(self, method: str, template: str, status: int, body: Any) -> list[str]:
        schema = self.schema(method, template, status)
        if schema is None or body is None:
            return []
        found: list[str] = []
        self._walk(schema, body, "", found)
        return found

    def _named(self, schema: Any) -> tuple[set[str], list[tuple[str, Any]], Any]:
        """The property names `schema` gives, each one's schemas, and its items' schema."""
        schema = self._resolve(schema)
        if not isinstance(schema, dict):
            return set(), [], None
        names = set(schema.get("properties", {}))
        subs = list(schema.get("properties", {}).items())
        items = schema.get("items")
        for part in [*schema.get("allOf", []), schema.get("then"), schema.get("else")]:
            if part is None:
                continue
            more, more_subs, more_items = self._named(part)
            names |= more
            subs += more_subs
            items = items or more_items
        return names, subs, items

    def _walk(self, schema: Any, value: Any, path: str, found: list[str]) -> None:
        names, subs, items = self._named(schema)
        if isinstance(value, dict) and names:
            for key in value:
                if key not in names:
                    found.append(f"{path}.{key}" if path else key)
            for key, sub in subs:
                if key in value:
                    self._walk(sub, value[key], f"{path}.{key}" if path else key, found)
        elif isinstance(value, list) and items is not None:
            for index, item in enumerate(value):
                self._walk(items, item, f"{path}[{index}]", found)
