"""The scenarios' calls: Schemathesis cases of the document's operations, checked like any other.

Each call is a ``Case`` of its operation sent with ``case.call_and_validate()``, so every
built-in and custom check runs on the scenarios' responses too, and a failure is reported, as
any other, with its curl command.
"""

from __future__ import annotations

import time
from typing import Any

from schemathesis import Response
from schemathesis.schemas import BaseSchema

from contract_tests import findings
from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS, raw
from contract_tests.errors import error_body_problem
from contract_tests.target import Credential, Target

Snapshot = dict[str, Any]


class Api:
    """The API as the scenarios call it, with `target`'s token unless told otherwise."""

    def __init__(self, schema: BaseSchema, target: Target) -> None:
        self.schema = schema
        self.target = target

    def call(
        self,
        method: str,
        path: str,
        *,
        credential: Credential | None = None,
        headers: dict[str, str] | None = None,
        snapshot_id: Any = None,
        server_id: Any = None,
        body: Any = None,
    ) -> Response:
        """`method` `path`, sent with `headers` if given, else `credential`'s (or the run's)."""
        operation = self.schema[path][method]
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"body": body, "media_type": "application/json"}
        case = operation.Case(
            path_parameters={} if snapshot_id is None else {"snapshot_id": snapshot_id},
            query={} if server_id is None else {"server_id": server_id},
            **kwargs,
        )
        if headers is None:
            headers = (credential or self.target.token).header()
        return findings.call_and_validate(case, headers)

    def send(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        query: dict[str, Any] | None = None,
        content: bytes | None = None,
    ) -> Response:
        """`method` `path` (a concrete path, inside the document or not) as it is, unchecked:
        for what the document refuses (a path without its slash, an unsupported method, a path
        id that is not one, a body that is not JSON). The caller asserts the answer. Sent as a
        case of the document's operation nearest to `path`, so that it reaches the in-process
        mock too and goes past the guard and the reference model like every call."""
        template = SNAPSHOTS
        if path.rstrip("/").endswith("/restore"):
            template = RESTORE
        elif path.rstrip("/") != SNAPSHOTS.rstrip("/"):
            template = SNAPSHOT
        methods = [m.upper() for m in raw()["paths"][template]]
        operation = self.schema[template][method if method in methods else methods[0]]
        kwargs: dict[str, Any] = {}
        if content is not None:
            # Sent as bytes, as they are: the Content-Type of `headers` says what they claim to be.
            kwargs = {"body": content, "media_type": "application/octet-stream"}
        case = operation.Case(query=query or {}, **kwargs)
        # Case.method is typed as the methods Schemathesis generates; any method is sent as given.
        case.method = method  # type: ignore[assignment]
        case.path = path
        sent = self.target.token.header() if headers is None else headers
        response: Response = case.call(headers=sent)
        return response

    def listing(
        self, server_id: int | None = None, credential: Credential | None = None
    ) -> list[Snapshot]:
        response = self.call("GET", SNAPSHOTS, server_id=server_id, credential=credential)
        assert response.status_code == 200, response.text
        results: list[Snapshot] = response.json()["results"]
        return results

    def ids(self, server_id: int | None = None, credential: Credential | None = None) -> list[int]:
        return [s["id"] for s in self.listing(server_id, credential)]

    def create(
        self, server_id: int, name: str, description: str | None = None, **extra: Any
    ) -> Response:
        body: dict[str, Any] = {"server_id": server_id, "name": name, **extra}
        if description is not None:
            body["description"] = description
        return self.call("POST", SNAPSHOTS, body=body)

    def restore(self, snapshot_id: int, credential: Credential | None = None) -> Response:
        return self.call("POST", RESTORE, snapshot_id=snapshot_id, credential=credential)

    def delete(self, snapshot_id: int, credential: Credential | None = None) -> Response:
        return self.call("DELETE", SNAPSHOT, snapshot_id=snapshot_id, credential=credential)

    def new_snapshot(self, server_id: int, name: str, description: str | None = None) -> Snapshot:
        """Create a snapshot, waiting while the server is restoring (a restore of an earlier
        test, or run, may still be going on)."""
        deadline = time.monotonic() + self.target.completion_timeout
        while True:
            response = self.create(server_id, name, description)
            if response.status_code == 201:
                created: Snapshot = dict(response.json())
                return created
            code = error_code(response)
            if code != "invalid_state" or time.monotonic() > deadline:
                raise AssertionError(f"could not create a snapshot: {response.status_code} {code}")
            time.sleep(self.target.poll_interval)

    def wait_until_completed(self, server_id: int, snapshot_id: int) -> Snapshot:
        """The snapshot once it is no longer in_progress (3-10 minutes on a deployment)."""
        deadline = time.monotonic() + self.target.completion_timeout
        while True:
            found = [s for s in self.listing(server_id) if s["id"] == snapshot_id]
            assert found, f"snapshot {snapshot_id} is no longer listed"
            if found[0]["status"] != "in_progress":
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"snapshot {snapshot_id} is still in_progress")
            time.sleep(self.target.poll_interval)


def error_code(response: Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None


def assert_error(response: Response, status: int, code: str, field: str | None = None) -> None:
    """`response` is the document's error `status` `code` with its error body (naming `field`
    among its details, when given); a `findings.Mismatch` if not: the report shows the call, as a
    curl command, and what came back."""
    found = error_code(response)
    if (response.status_code, found) != (status, code):
        got = f"{response.status_code} {found}" if found else f"{response.status_code} (no error)"
        raise findings.Mismatch(f"{status} {code}", got, response, response.text[:500])
    problem = error_body_problem(response)
    if problem is None and field is not None:
        fields = [d["field"] for d in response.json()["error"]["details"]]
        if field not in fields:
            problem = f"the {code} error names {fields}, not {field!r}"
    if problem is not None:
        expected = f"{status} {code} with the document's error body"
        raise findings.Mismatch(expected, problem, response, response.text[:500])
