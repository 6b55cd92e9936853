"""The Python and TypeScript examples of the reference's guide pages, run against the mock.

Each ```python and ```ts block of getting-started.md and waiting.md is a complete program that
talks to the production server with the token in ``VPS_API_TOKEN``. The tests point it at the
mock by its base URL, give it the seed account's token and run it as its reader would: the
Python one in an isolated interpreter of this environment (the client installed from its wheel)
after ``mypy --strict``, the TypeScript one compiled strictly against the packed SDK
(sample_programs.py) and run with node. The mock's clock runs meanwhile, so that a snapshot an
example creates completes while it waits.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import docs_i18n
from snapshots_mock.testing import TOKEN, RunningMock
from tests.docs import sample_programs
from tests.system import program
from tests.typecheck import mypy_strict_sources

PRODUCTION_URL = "https://admin.vps.org"
# Each page's examples, in the order the page shows them, and a line each must print against
# the seed world: nothing to delete under that id, and a new snapshot that completes.
EXPECTED = {
    "getting-started.md": "refused: 404 snapshot_not_found",
    "waiting.md": "before-upgrade: completed",
}
LANGUAGES = {"python": "python", "ts": "typescript"}
CASES = [(page, language) for page in EXPECTED for language in LANGUAGES]


def examples(page: str, fence: str) -> list[str]:
    """The page's code blocks fenced as `fence`."""
    text = (docs_i18n.GUIDES / page).read_text(encoding="utf-8")
    return re.findall(rf"^```{fence}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def example(page: str, fence: str, base_url: str = PRODUCTION_URL) -> str:
    """The page's one `fence` example, talking to `base_url` instead of the production server."""
    (source,) = examples(page, fence)
    assert source.count(PRODUCTION_URL) == 1, "the example names its base URL once"
    assert "VPS_API_TOKEN" in source, "the example reads its token from VPS_API_TOKEN"
    return source.replace(PRODUCTION_URL, base_url)


def _name(page: str) -> str:
    return page.removesuffix(".md").replace("-", "_")


def _run(command: list[str], cwd: Path) -> str:
    env = {**os.environ, "VPS_API_TOKEN": TOKEN}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=cwd, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def typescript_examples(
    mock_server: RunningMock, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Each page's TypeScript example for the mock, compiled strictly against the packed SDK."""
    project = sample_programs.typescript_project(tmp_path_factory.mktemp("guide-examples"))
    sources = {_name(page): example(page, "ts", mock_server.url) for page in EXPECTED}
    return sample_programs.compile_typescript(project, sources)


def test_each_guide_page_has_one_example_in_each_language() -> None:
    for page in EXPECTED:
        for fence in LANGUAGES:
            assert len(examples(page, fence)) == 1, (page, fence)


@pytest.mark.parametrize(("page", "fence"), CASES, ids=[f"{p}-{f}" for p, f in CASES])
def test_the_example_runs_against_the_mock(
    mock: RunningMock, request: pytest.FixtureRequest, tmp_path: Path, page: str, fence: str
) -> None:
    if fence == "ts":
        compiled: dict[str, Path] = request.getfixturevalue("typescript_examples")
        command = [program("node"), str(compiled[_name(page)])]
    else:
        script = tmp_path / "example.py"
        script.write_text(example(page, fence, mock.url), encoding="utf-8")
        command = [sys.executable, "-I", str(script)]
    with mock.clock_running():
        output = _run(command, tmp_path)
    assert EXPECTED[page] in output, output


def test_the_python_examples_pass_mypy_strict_against_the_installed_client(
    tmp_path: Path,
) -> None:
    sources = {_name(page): example(page, "python") for page in EXPECTED}
    result = mypy_strict_sources(sources, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
