"""Every code sample of the reference runs against the mock and gets what the document says.

The samples are taken from the built reference, as its copy button copies them
(`published_samples`), and run unchanged: only their environment names the mock's URL and the
seed account's token (sample_programs.py runs each as its reader would). The mock is fresh for
each, and its seed world is the page's: snapshot 801 is completed on the running server 12345,
which has two snapshots, so every sample's example call succeeds. A client's sample must end
well and print a body valid against the operation's success schema (``done`` for none); since
the mock answers the page's examples exactly, it is the document's own example too. A cURL
sample's status must be the documented success status. Run twice, the create sample of each
client is refused the second time, and says so.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scripts import code_samples, targets
from snapshots_mock.testing import TOKEN, RunningMock
from tests import openapi_document as doc
from tests.docs import sample_programs
from tests.targets import of
from tests.typecheck import mypy_strict_sources

DOCUMENT = doc.load()
CALLS = code_samples.calls(DOCUMENT)
OPERATIONS = {operation["operationId"]: operation for _, _, operation in doc.operations(DOCUMENT)}
CASES = [(operation, language) for operation in CALLS for language in code_samples.LANGUAGES]
CLIENTS = [language for language in code_samples.LANGUAGES if language != "curl"]
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")

Json = Any
Command = tuple[list[str], dict[str, str]]


@pytest.fixture(scope="session")
def compiled_samples(
    published_samples: dict[tuple[str, str], str],
) -> dict[tuple[str, str], list[str]]:
    """Every operation's sample in each client's language, built as its readers build it, with
    the language's strict checks (each target's programs(), tests/targets/<name>.py); the
    command that runs each."""
    commands: dict[tuple[str, str], list[str]] = {}
    for language in CLIENTS:
        built = of(language).programs(
            "sample", {op: published_samples[op, language] for op in CALLS}
        )
        commands.update(((operation_id, language), built[operation_id]) for operation_id in CALLS)
    return commands


def _command(
    request: pytest.FixtureRequest,
    published: dict[tuple[str, str], str],
    directory: Path,
    operation_id: str,
    language: str,
) -> Command:
    """The command that runs the published sample, and what its environment needs besides."""
    source = published[operation_id, language]
    if language == "curl":
        return sample_programs.curl_command(source, directory)
    compiled: dict[tuple[str, str], list[str]] = request.getfixturevalue("compiled_samples")
    return compiled[operation_id, language], {}


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


def test_every_operation_has_a_sample_in_every_language(
    published_samples: dict[tuple[str, str], str],
) -> None:
    assert len(CASES) == 24
    languages = {language for _, language in CASES}
    assert languages == {"curl", *targets.NAMES}
    assert set(published_samples) == set(CASES)
    # What the build published is what code_samples renders (the other tests read the latter).
    for operation_id, language in CASES:
        rendered = code_samples.render(operation_id, language)
        assert published_samples[operation_id, language] == rendered


@pytest.mark.parametrize(("operation_id", "language"), CASES, ids=["-".join(c) for c in CASES])
def test_the_sample_gets_the_documented_answer(
    mock: RunningMock,
    request: pytest.FixtureRequest,
    published_samples: dict[tuple[str, str], str],
    tmp_path: Path,
    operation_id: str,
    language: str,
) -> None:
    command, env = _command(request, published_samples, tmp_path, operation_id, language)
    result = sample_programs.run(
        command, tmp_path, {**env, **sample_programs.sample_env(mock.url, TOKEN)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if language == "curl":
        answer = sample_programs.curl_answer(result.stdout)
        assert answer.status == CALLS[operation_id].success_status, answer
    else:
        answer = sample_programs.printed(result.stdout)

    call = CALLS[operation_id]
    if not call.success_has_body:
        assert answer.body is None
        if language != "curl":
            assert result.stdout.strip() == code_samples.DONE
        return
    media = _success_media(operation_id)
    errors = [
        error.message for error in doc.validator(DOCUMENT, media["schema"]).iter_errors(answer.body)
    ]
    assert errors == [], answer.body
    example = doc.resolve(DOCUMENT, next(iter(media["examples"].values())))["value"]
    assert _instants(answer.body) == _instants(example)


@pytest.mark.parametrize("language", CLIENTS)
def test_an_error_answer_is_told_and_fails_the_sample(
    mock: RunningMock,
    request: pytest.FixtureRequest,
    published_samples: dict[tuple[str, str], str],
    tmp_path: Path,
    language: str,
) -> None:
    # The create sample run twice: the second time its name is taken.
    command, env = _command(request, published_samples, tmp_path, "createSnapshot", language)
    env = {**env, **sample_programs.sample_env(mock.url, TOKEN)}
    first = sample_programs.run(command, tmp_path, env)
    assert first.returncode == 0, first.stdout + first.stderr
    second = sample_programs.run(command, tmp_path, env)
    assert second.returncode == 1, second.stdout + second.stderr
    assert f"{code_samples.REFUSED} 400 duplicate_snapshot_name" in second.stderr
    assert second.stdout == ""


def test_a_sample_without_the_token_is_refused(
    mock: RunningMock, sample_python: Path, tmp_path: Path
) -> None:
    # The token comes from the environment only: nothing in the text opens the account.
    source = code_samples.render("listSnapshots", "python")
    command = sample_programs.python_command(sample_python, source, tmp_path)
    wrong = sample_programs.sample_env(mock.url, "not-a-token")
    result = sample_programs.run(command, tmp_path, wrong)
    assert result.returncode == 1
    assert f"{code_samples.REFUSED} 401 unauthorized" in result.stderr


def test_the_python_samples_pass_mypy_strict_against_the_installed_client(tmp_path: Path) -> None:
    sources = {operation_id: code_samples.render(operation_id, "python") for operation_id in CALLS}
    result = mypy_strict_sources(sources, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
