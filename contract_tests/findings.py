"""A failure as a CI user reads it: one line (rule, operation, what the document says, what came
back), the check's own words, and a curl command that sends what the failing call sent.

Schemathesis reports a failed check as an exception group whose text is a traceback and whose
reproduction is the checked call; for ``ignored_auth`` that call carried the valid token, while
what failed was the probe sent without one (or with an invalid one). So the suite keeps the call
beside each failure (`call_and_validate`, and the stateful run's ``validate_response``), and a
`Finding` is built from Schemathesis' failure objects (their public attributes) and that call.
Secret tokens are shown as the variable they came from (``"$VPS_API_TOKEN"``), never their value.
"""

from __future__ import annotations

import re
import shlex
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from schemathesis import Case, Response
from schemathesis.core.failures import (
    AcceptedNegativeData,
    CustomFailure,
    Failure,
    FailureGroup,
    ServerError,
)
from schemathesis.openapi.checks import (
    AuthScenario,
    IgnoredAuth,
    JsonSchemaError,
    RejectedPositiveData,
    UndefinedContentType,
    UndefinedStatusCode,
)

# What Schemathesis' ignored_auth sends as an invalid bearer token (its INVALID_AUTH_HEADERS in
# schemathesis.specs.openapi._auth_retry, a private module of the pinned 4.32.5: written out
# here, and tests/contract/test_findings.py fails if Schemathesis ever sends another value).
SCHEMATHESIS_INVALID_BEARER = "Bearer SCHEMATHESIS-INVALID-VALUE"
_CUSTOM_NAME = re.compile(r"`([^`]+)`")
# A finding of the reference model, as contract_tests.model words it (docs/contract-tests.md,
# "The reference model"): "- WHERE is X; the model expected Y (since call #N: ...) [model rule R]".
_MODEL_FINDING = re.compile(
    r"^- (?P<got>.+?); the model expected (?P<expected>.+?)"
    r"(?: \(since call #[^)]*\))? \[model rule (?P<rule>[\w-]+)\]$",
    re.MULTILINE,
)
_SNAPSHOT_ID = re.compile(r"/snapshots/[^/?]+/")
_CALL = "_contract_call"
# The last calls of the run, by case id: a failure names the case it was found on.
_RECENT: OrderedDict[str, tuple[Case[Any], Response]] = OrderedDict()
_RECENT_SIZE = 256
LINE_LIMIT = 240


@dataclass(frozen=True)
class Finding:
    """One failure of the run."""

    rule: str  # the check, scenario or model rule
    operation: str  # METHOD /path/ ("" when the failure is about no single call)
    document: str  # what the document says
    got: str  # what came back
    details: str  # the check's own message
    curl: str | None  # a command that sends what the failing call sent
    test: str = ""  # the pytest test it failed in

    def line(self) -> str:
        """The finding in one short line."""
        where = f" {self.operation}" if self.operation else ""
        said = f": the document says {self.document}; got {self.got}"
        if not self.document:
            said = f": {self.got}"
        return _shorten(f"[{self.rule}]{where}{said}")


class Mismatch(AssertionError):
    """A scenario's call got another answer than the document's: what it expected, what came
    back, and the response (so that the report can show the call)."""

    def __init__(self, expected: str, got: str, response: Response, detail: str) -> None:
        super().__init__(f"expected {expected}, got {got}: {detail}")
        self.expected = expected
        self.got = got
        self.response = response


def remember(case: Case[Any], response: Response) -> None:
    """Keep `response` as the answer to `case` (the guard's after_call hook calls this)."""
    _RECENT[case.id] = (case, response)
    _RECENT.move_to_end(case.id)
    while len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)


def attach(group: BaseException, case: Case[Any], response: Response | None) -> None:
    """Mark `group` as found on `case`'s call, answered `response`."""
    if response is None:
        response = _RECENT.get(case.id, (case, None))[1]
    # On each failure too: Schemathesis reports a failure of a generated test in a new group
    # of the same failures (as_reported_failure).
    for failure in (group, *getattr(group, "exceptions", ())):
        setattr(failure, _CALL, (case, response))


def call_and_validate(case: Case[Any], headers: dict[str, str]) -> Response:
    """``case.call_and_validate(headers=...)``, keeping the call with a failure for its report."""
    try:
        response: Response = case.call_and_validate(headers=headers)
    except FailureGroup as group:
        attach(group, case, None)
        raise
    return response


def findings(error: BaseException, secrets: dict[str, str], scenario: str) -> list[Finding]:
    """What `error`, raised by a test, found: one `Finding` per failure. A failure that is no
    check's (a scenario's own assertion) is credited to `scenario`, the test's rule."""
    found = []
    for exception, call in _walk(error, None):
        if isinstance(exception, Failure):
            found.extend(_from_failure(exception, call, secrets))
        elif isinstance(exception, Mismatch):
            request = exception.response.request
            operation = f"{request.method} {_path_of(exception.response)}"
            found.append(
                Finding(
                    scenario,
                    operation,
                    exception.expected,
                    exception.got,
                    str(exception),
                    curl(exception.response, secrets),
                )
            )
        elif not isinstance(exception, BaseExceptionGroup):
            message = str(exception).strip() or type(exception).__name__
            found.append(Finding(scenario, "", "", _first(message), message, None))
    return found


def _walk(
    error: BaseException, call: tuple[Case[Any], Response | None] | None
) -> Iterator[tuple[BaseException, tuple[Case[Any], Response | None] | None]]:
    call = getattr(error, _CALL, call)
    yield error, call
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _walk(inner, call)


def _from_failure(
    failure: Failure, call: tuple[Case[Any], Response | None] | None, secrets: dict[str, str]
) -> list[Finding]:
    """The failure's finding; one per reference-model finding in a custom check's message."""
    rule = failure.checks[0] if failure.checks else failure.code
    if isinstance(failure, CustomFailure):
        named = _CUSTOM_NAME.search(failure.title)
        rule = named.group(1) if named else rule
    operation = failure.operation or (call[0].operation.label if call else "")
    response = call[1] if call else None
    command = None
    if response is not None:
        command = curl(response, secrets, authorization=_probe_authorization(failure))
    details = f"{failure.title}\n{failure.message}".strip()
    model = list(_MODEL_FINDING.finditer(failure.message)) if failure.message else []
    if isinstance(failure, CustomFailure) and model:
        return [
            Finding(
                f"model:{m.group('rule')}",
                operation,
                m.group("expected"),
                m.group("got"),
                details,
                command,
            )
            for m in model
        ]
    document, got = _expectation(failure)
    return [Finding(rule, operation, document, got, details, command)]


def _expectation(failure: Failure) -> tuple[str, str]:
    """What the document says and what came back, from a failure's public attributes."""
    if isinstance(failure, UndefinedStatusCode):
        listed = ", ".join(str(s) for s in failure.defined_status_codes)
        return f"one of {listed}", str(failure.status_code)
    if isinstance(failure, IgnoredAuth):
        got = re.search(r"got `([^`]+)`", failure.message)
        return "401 without a valid token", got.group(1) if got else failure.title
    if isinstance(failure, RejectedPositiveData):
        allowed = ", ".join(str(s) for s in failure.allowed_statuses)
        return f"a valid request is answered {allowed}", str(failure.status_code)
    if isinstance(failure, AcceptedNegativeData):
        expected = ", ".join(str(s) for s in failure.expected_statuses)
        return f"an invalid request is refused ({expected})", str(failure.status_code)
    if isinstance(failure, JsonSchemaError):
        # The keyword that refused the answer; the rest of the path names Schemathesis' own
        # bundle of the document's schemas, which says nothing to a reader.
        keyword = str(failure.schema_path[-1]) if failure.schema_path else "schema"
        at = "/".join(str(p) for p in failure.instance_path) or "the body"
        return f"the response schema ({keyword})", f"{at}: {_first(failure.message)}"
    if isinstance(failure, UndefinedContentType):
        defined = ", ".join(failure.defined_content_types)
        return f"content type {defined}", failure.content_type
    if isinstance(failure, ServerError):
        return "no 5xx but a documented 503", str(failure.status_code)
    if isinstance(failure, CustomFailure):
        return "", _first(failure.message) or failure.title
    return "", f"{failure.title}: {_first(failure.message)}" if failure.message else failure.title


def _probe_authorization(failure: Failure) -> str | None:
    """The Authorization header of the probe that failed, where it was not the checked call's:
    ``""`` for none at all, None to keep the call's own."""
    if not isinstance(failure, IgnoredAuth):
        return None
    if failure.scenario == AuthScenario.NO_AUTH:
        return ""
    if failure.scenario == AuthScenario.INVALID_AUTH:
        return SCHEMATHESIS_INVALID_BEARER
    return None


def _path_of(response: Response) -> str:
    """The operation's path (``{snapshot_id}`` for the id) that `response` answered."""
    url = str(response.request.url)
    path = "/" + url.split("://", 1)[-1].partition("/")[2].partition("?")[0]
    return _SNAPSHOT_ID.sub("/snapshots/{snapshot_id}/", path)


def curl(response: Response, secrets: dict[str, str], authorization: str | None = None) -> str:
    """The request that got `response` as a curl command, each secret token shown as the variable
    it came from (double-quoted, so that the shell expands it). `authorization` replaces the
    request's Authorization header ("" drops it)."""
    request = response.request
    headers = {name: str(value) for name, value in request.headers.items()}
    for name in list(headers):
        if name.lower() == "authorization" and authorization is not None:
            del headers[name]
    if authorization:
        headers["Authorization"] = authorization
    parts = ["curl", "-X", shlex.quote(str(request.method))]
    for name, value in headers.items():
        if name.lower() not in ("authorization", "content-type"):
            continue
        header = f"{name}: {value}"
        shown = header
        for token, variable in secrets.items():
            shown = shown.replace(token, variable)
        if shown != header:
            # Only the variable's name may be expanded: the rest is quoted for the shell.
            parts += ["-H", '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"']
        else:
            parts += ["-H", shlex.quote(header)]
    body = request.body
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        parts += ["--data-binary", shlex.quote(text)]
    parts.append(shlex.quote(str(request.url)))
    return " ".join(parts)


def _first(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LINE_LIMIT else text[: LINE_LIMIT - 3] + "..."
