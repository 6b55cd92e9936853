"""A stateful mock of the VPS.org Snapshots API, driven by its OpenAPI document at run time.

Scope
-----
The mock serves the four operations of ``openapi/openapi.yaml`` (list, create, restore and
delete snapshots) with the behaviour the document describes, for client tests, contract tests,
the documentation's examples and pipelines that need the API without the real service. It is
not the real service: there are no real servers, sizes come from the seed data, and a snapshot
or restore takes a configurable number of seconds (5 by default) instead of minutes.

What comes from where:

- The document (read once at start-up, compiled with jsonschema-rs): routes, path and query
  parameters and their parsing, accepted request media types, the request body schema, and
  every response schema (response validation, on by default, turns any answer that breaks the
  document into a 500 that names the mismatch). A change to the document changes the mock; no
  schema is written twice.
- The handlers (`snapshots_mock.handlers`): behaviour only, one function per operationId.
- The seed data (`seed_data.yaml`, or another file): accounts, bearer tokens, servers and their
  snapshots. ``YOUR_API_TOKEN`` owns server 12345 ``web-server-01`` with snapshots 801 and 798,
  exactly as the original page shows them; ``OTHER_ACCOUNT_TOKEN`` is a second account.
- The configuration: everything is in one dataclass, `MockConfig` (with a `Faults` section,
  all off, reserved for deliberate departures from the document in contract-test checks).
- The clock: injectable; statuses are derived from stored timestamps and the clock's present
  reading, so nothing runs in the background and a test moves a `ManualClock` instead of sleeping.
- The state: a database reached through its DB-API driver (``sqlite3``, or ``psycopg`` 3) with
  SQL written by hand (`sql`, `database`); a SQLite file by default, PostgreSQL by URL for one
  mock shared by several workers. The per-server rules hold across workers (see `store`).

Modules, one job each: `app` (the ASGI application and its state), `dispatch` (route, then the
checks in order, then the handler), `auth`, `headers`, `parameters`, `body` and `json_parsing`
(reading a request), `responses` (answers and their check against the document), `logs`,
`handlers` (behaviour), `store`, `queries`, `sql`, `checkpoint` and `database` (the state),
`document`, `seed`, `clock`, `config`, `cli`, `protocol` (uvicorn's HTTP protocol, with the
limits), `workers` (worker processes) and `testing` (a real server for tests).

Decisions the document leaves to the implementation, each also written in the document:

- Order of checks: route (404 ``not_found``, 405 ``method_not_allowed`` with ``Allow``, whatever
  the token), then the token (401), then parameters and body (415, 413, 400), then the
  operation's own rules. A path without its trailing slash is a 404 (no redirect); HEAD and
  OPTIONS are not operations of the document, so they are 405s.
- Create refuses, in this order: ``server_not_found``, ``invalid_state`` (restoring or
  suspended), ``snapshot_limit_reached``, ``duplicate_snapshot_name``. Restore refuses a snapshot
  that is not ``completed``, then a server that is restoring, suspended or taking a snapshot.
- Query parameters the document does not define are ignored; a defined one given twice is a 400.
  A JSON body that is not UTF-8, repeats a field, or holds ``NaN``/``Infinity``, a number
  beyond a double or a lone surrogate (``\ud800``) is a 400 naming the field.
- A 413 closes the connection, so that a client does not go on sending a huge body; a body sent
  to a call without one is never read. A request the HTTP parser refuses (a raw byte that is not
  ASCII in the request line) is a 400 with the API's error body too (`snapshots_mock.protocol`).
- SQLite runs in WAL mode with ``synchronous=NORMAL``: a snapshot acknowledged with a 201 is in
  the file before the answer and survives a crash or kill of the mock (``FULL`` adds power-loss
  safety, at one fsync per write). On SQLite one worker is fastest; several hold the rules too.
- A body nested more than 32 levels deep, or a ``description`` holding a control character,
  is a 400 (on both databases alike); two ``Authorization`` headers are a 401; ``%2F`` in a path
  is part of its segment, not a separator.
- Limits (`MockConfig`, docs/mock.md): request line and headers 16 KiB (431), 10 seconds each
  for headers and body (408), 5 seconds of idle keep-alive, 512 connections per worker (503);
  all in `protocol`. A database outage is a 503 with ``Retry-After`` and a fixed message; the
  driver's error is logged only. Workers end with their parent (`workers`).
- The answer to a request that breaks no rule but trips a bug is a JSON 500 (``mock_error``),
  as is an answer that fails response validation: the mock, not the caller, is then wrong.
- ``created_at`` is whole seconds; the list is ordered by it, then by id, both descending. Ids
  are never reused after a delete.

Use: ``snapshots-mock --port 8000`` (or ``nox -s mock -- --port 8000``); `create_app` for an
ASGI application; `snapshots_mock.testing.running_mock` for a real server in a thread of a test.
"""

from snapshots_mock.app import SnapshotsMock, create_app
from snapshots_mock.clock import Clock, ManualClock, SystemClock
from snapshots_mock.config import Faults, MockConfig

__all__ = [
    "Clock",
    "Faults",
    "ManualClock",
    "MockConfig",
    "SnapshotsMock",
    "SystemClock",
    "create_app",
]
