"""The contract tests of the Snapshots API: one suite, run against the mock or any deployment.

What the suite checks
---------------------
- Schemathesis (pinned in ``requirements/contract.in``) property tests over every operation of
  ``openapi/openapi.yaml`` with every built-in check on, in positive and in negative mode
  (`suite.test_schema_valid_requests`, `suite.test_schema_invalid_requests`), and a stateful run
  that follows the document's links: create, then restore and delete what was created
  (`suite.test_linked_operations`).
- What the API means, which a schema cannot say, as Schemathesis custom checks run on every
  response of every test (`checks`): ``count`` equals the number of ``results``, a
  ``server_id`` filter returns only that server's snapshots, a created snapshot is listed, a
  deleted one is not and a second delete is 404, a refused 6th snapshot stores nothing, a
  restore answers ``restoring``, each error's code goes with its status, and a schema-valid
  request is never refused as invalid.
- A reference model of the account (`model`), fed every call of the run and compared with
  every answer: fields as sent and as first seen, ``created_at`` within ``--clock-skew`` of the
  run's clock, the list's order and completeness, status only forward, ``size_mb`` by status,
  restore answers, and no property the document does not name. docs/contract-tests.md states
  its rules, and maps every statement of the document to what enforces it.
- Scenarios, made of the same Schemathesis cases and checked by the same checks, for the rules
  that need several calls in a set order (`scenarios`): every operation answers a missing or
  wrong token with 401; another account's token gets 404 for every snapshot it does not own and
  never sees it listed; the 6th snapshot of a server is refused and stores nothing; a restore
  puts the server in ``restoring``; invalid names are refused.

Where it runs (`target`)
------------------------
- The mock in this process (the default): `snapshots_mock` as an ASGI application, reached
  through Schemathesis' ASGI transport. Fast; used on every change.
- Any base URL (``--base-url``): the mock started as a server, or a deployment ("live mode"). The
  token comes from an environment variable, never from the command line. Read-only unless
  ``--allow-writes --disposable-server-id ID`` (and ``--allow-restore`` for restores), and then
  the suite only creates on that server, only restores and deletes what it created itself, and
  deletes all it created when each test ends, passed or failed (`guard`).

``python -m contract_tests --help`` (or ``nox -s contract -- --help``) runs it, and so does
``vps-snapshots-contract``, the command of the wheel ``nox -s build`` writes to dist/contract/
(the document bundled; ``--spec FILE`` for another version of it).

Reports (`findings`, `summary`, `statuses`): one line per failure (rule, operation, what the
document says, what came back) with a curl command that sends what the failing call sent, a
JUnit XML report under ``reports/``, a Markdown summary for a CI job's page with the table of
operation x documented status; against the mock every documented status must be answered
(`limits` provokes those no generated case can).
"""
