"""The Python and TypeScript examples of the reference's guide pages, run against the mock.

Each ```python and ```ts block of getting-started.md and waiting.md is a complete program that
talks to the production server, or the one ``VPS_API_BASE_URL`` names, with the token in
``VPS_API_TOKEN``. The tests run it unchanged, with those two set to the mock's URL and the seed
account's token, as its reader would: the Python one in an environment that holds only the
client (the `sample_python` fixture), after ``mypy --strict``, the TypeScript one compiled
strictly against the packed SDK (sample_programs.py) and run with node. The mock's clock runs
meanwhile, so that a snapshot an example creates completes while it waits.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from scripts import code_samples, docs_i18n
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


def example(page: str, fence: str) -> str:
    """The page's one `fence` example, as it is."""
    (source,) = examples(page, fence)
    assert source.count(PRODUCTION_URL) == 1, "the example names the production server once"
    assert code_samples.BASE_URL_VARIABLE in source, "another server comes from the environment"
    assert code_samples.TOKEN_VARIABLE in source, "the example reads its token from VPS_API_TOKEN"
    return source


def _name(page: str) -> str:
    return page.removesuffix(".md").replace("-", "_")


def _run(command: list[str], cwd: Path, base_url: str) -> str:
    env = {**os.environ, **sample_programs.sample_env(base_url, TOKEN)}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=cwd, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def typescript_examples(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """Each page's TypeScript example, compiled strictly against the packed SDK."""
    project = sample_programs.typescript_project(tmp_path_factory.mktemp("guide-examples"))
    sources = {_name(page): example(page, "ts") for page in EXPECTED}
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
        script.write_text(example(page, fence), encoding="utf-8")
        python: Path = request.getfixturevalue("sample_python")
        command = [str(python), "-I", str(script)]
    with mock.clock_running():
        output = _run(command, tmp_path, mock.url)
    assert EXPECTED[page] in output, output


def test_the_python_examples_pass_mypy_strict_against_the_installed_client(
    tmp_path: Path,
) -> None:
    sources = {_name(page): example(page, "python") for page in EXPECTED}
    result = mypy_strict_sources(sources, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
