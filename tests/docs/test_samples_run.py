"""Every code sample of the reference page runs against the mock and gets what the document says.

Each sample is rendered exactly as the page shows it, but for the base URL (the mock's), and run
as its reader would run it (see sample_programs.py) on a freshly reset mock, whose seed world is
the page's: snapshot 801 is completed on the running server 12345, which has two snapshots, so
every sample's example call succeeds. The answer must have the operation's documented success
status and a body valid against its success schema; since the mock answers the page's examples
exactly, the body is the document's own example too.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scripts import code_samples
from snapshots_mock.testing import TOKEN, RunningMock
from tests import openapi_document as doc
from tests.bindings import builds
from tests.docs import sample_programs
from tests.typecheck import mypy_strict_sources

DOCUMENT = doc.load()
CALLS = code_samples.calls(DOCUMENT)
OPERATIONS = {operation["operationId"]: operation for _, _, operation in doc.operations(DOCUMENT)}
CASES = [(operation, language) for operation in CALLS for language in code_samples.LANGUAGES]
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")

Json = Any


@pytest.fixture(scope="session")
def typescript_samples(
    mock_server: RunningMock, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every operation's TypeScript sample for the mock, compiled against the packed SDK."""
    project = sample_programs.typescript_project(tmp_path_factory.mktemp("typescript-samples"))
    sources = {
        operation_id: code_samples.render(operation_id, "typescript", mock_server.url, token=TOKEN)
        for operation_id in CALLS
    }
    return sample_programs.compile_typescript(project, sources)


@pytest.fixture(scope="session")
def binding_samples(mock_server: RunningMock) -> dict[tuple[str, str], list[str]]:
    """Every operation's Go, Java and Rust sample for the mock, built with each language's
    strict checks (tests/bindings/builds.py); the command that runs each."""

    def source(operation_id: str, language: str) -> str:
        return code_samples.render(operation_id, language, mock_server.url, token=TOKEN)

    commands: dict[tuple[str, str], list[str]] = {}
    for operation_id in CALLS:
        name = f"sample-{operation_id}"
        binary = builds.go_program(name, source(operation_id, "go"))
        commands[operation_id, "go"] = [str(binary)]
        java = builds.java_program(name, "Example", source(operation_id, "java"))
        commands[operation_id, "java"] = java
    rust = {f"sample_{_snake(op)}": source(op, "rust") for op in CALLS}
    binaries = builds.rust_binaries("reference-samples", rust)
    for operation_id in CALLS:
        commands[operation_id, "rust"] = [str(binaries / f"sample_{_snake(operation_id)}")]
    return commands


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()


def _run_binding(command: list[str], call: code_samples.Call) -> sample_programs.Answer:
    result = builds.run(command, Path.cwd())
    first, _, body = result.partition("\n")
    # The Rust client does not give the success status: its samples print `ok` for one.
    status = call.success_status if first == "ok" else int(first)
    return sample_programs.Answer(status, json.loads(body) if body.strip() else None)


def _success_media(operation_id: str) -> Json:
    status = str(CALLS[operation_id].success_status)
    response = doc.resolve(DOCUMENT, OPERATIONS[operation_id]["responses"][status])
    return response["content"]["application/json"]


def _instants(value: Json) -> Json:
    # The Python client writes a date-time back with `+00:00` where the API sent `Z`: compare
    # the instants they name.
    if isinstance(value, dict):
        return {key: _instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_instants(item) for item in value]
    if isinstance(value, str) and DATE_TIME.fullmatch(value):
        return datetime.fromisoformat(value)
    return value


def test_every_operation_has_a_sample_in_every_language() -> None:
    assert len(CASES) == 24
    languages = {language for _, language in CASES}
    assert languages == {"curl", "python", "typescript", "go", "java", "rust"}


@pytest.mark.parametrize(("operation_id", "language"), CASES, ids=["-".join(c) for c in CASES])
def test_the_sample_gets_the_documented_answer(
    mock: RunningMock,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    operation_id: str,
    language: str,
) -> None:
    if language == "typescript":
        compiled: dict[str, Path] = request.getfixturevalue("typescript_samples")
        answer = sample_programs.run_node(compiled[operation_id])
    elif language in {"go", "java", "rust"}:
        commands = request.getfixturevalue("binding_samples")
        answer = _run_binding(commands[operation_id, language], CALLS[operation_id])
    else:
        source = code_samples.render(operation_id, language, mock.url, token=TOKEN)
        run = sample_programs.run_curl if language == "curl" else sample_programs.run_python
        answer = run(source, tmp_path)

    call = CALLS[operation_id]
    assert answer.status == call.success_status, answer
    if not call.success_has_body:
        assert answer.body is None
        return
    media = _success_media(operation_id)
    errors = [
        error.message for error in doc.validator(DOCUMENT, media["schema"]).iter_errors(answer.body)
    ]
    assert errors == [], answer.body
    example = doc.resolve(DOCUMENT, next(iter(media["examples"].values())))["value"]
    assert _instants(answer.body) == _instants(example)


def test_the_python_samples_pass_mypy_strict_against_the_installed_client(tmp_path: Path) -> None:
    sources = {operation_id: code_samples.render(operation_id, "python") for operation_id in CALLS}
    result = mypy_strict_sources(sources, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
