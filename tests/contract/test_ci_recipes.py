"""The CI recipes of docs/ci/ are valid and do what docs/contract-tests.md says they do.

- The GitHub Actions workflow passes actionlint (a Go module, pinned, run with ``go run``; with
  shellcheck on PATH it also checks the ``run:`` scripts) and GitHub's workflow schema; the
  GitLab CI job passes the GitLab CI schema that check-jsonschema ships (``vendor.gitlab-ci``)
  and shellcheck on its script. A broken copy of each fails, so the checks are not idle.
- The recipes' own commands (the ``run:`` steps, the ``script:`` and ``after_script:`` lines,
  read from the files) run against the mock over HTTP from a folder outside the repository that
  holds the wheel where the recipes expect it, in a fresh virtual environment, with the
  settings a CI system would give them (each ``${{ ... }}`` of the workflow must be one this test
  knows): read-only by default, with writes when asked; the JUnit report is where the upload
  names it, the summary where the job page shows it.
- docs/contract-tests.md shows each file as it is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from snapshots_mock.seed_facts import STOPPED_SERVER, TOKEN
from tests.actionlint import actionlint
from tests.contract.runs import (
    MOCK_ONLY,
    ROOT,
    WRITES,
    build_contract_wheel,
    fresh_venv,
    names,
    read_report,
    stored,
    suite_tests,
)
from tests.mock.helpers import MockProcess, mock_process
from tests.system import program

RECIPES = ROOT / "docs" / "ci"
WORKFLOW = RECIPES / "github-actions.yml"
GITLAB_JOB = RECIPES / "gitlab-ci.yml"
DOC = ROOT / "docs" / "contract-tests.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
# GitHub Actions runs a `run:` step as `bash --noprofile --norc -eo pipefail {0}`; GitLab's runner
# runs a job's script lines in one bash with `set -eo pipefail`.
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c")


def _run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env=env, cwd=ROOT
    )


def _schema(path: Path, schema: str, *options: str) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's own copy of a CI system's schema (``vendor.NAME``), on `path`."""
    return _run(
        sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *options, str(path)
    )


def _gitlab_schema(path: Path) -> subprocess.CompletedProcess[str]:
    # The transform reads GitLab's `!reference` tags, which plain YAML does not know.
    return _schema(path, "vendor.gitlab-ci", "--data-transform", "gitlab-ci")


def _job(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def test_workflow_passes_actionlint_and_the_workflow_schema(tmp_path: Path) -> None:
    linted = actionlint(WORKFLOW)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    schema = _schema(WORKFLOW, "vendor.github-workflows")
    assert schema.returncode == 0, schema.stdout + schema.stderr
    # A broken copy fails: a misspelt key, and a run script shellcheck refuses.
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:")
    broken.write_text(text.replace('"$VPS_API_BASE_URL"', "$VPS_API_BASE_URL"), encoding="utf-8")
    found = actionlint(broken).stdout
    assert 'unexpected key "run-on"' in found, found
    assert "SC2086" in found, found


def test_gitlab_job_passes_the_gitlab_ci_schema_and_shellcheck(tmp_path: Path) -> None:
    checked = _gitlab_schema(GITLAB_JOB)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    job = _job(GITLAB_JOB)["contract-tests"]
    script = tmp_path / "script.sh"
    script.write_text(
        "#!/bin/bash\n" + "\n".join(job["script"] + job["after_script"]) + "\n", encoding="utf-8"
    )
    shellchecked = _run(program("shellcheck"), str(script))
    assert shellchecked.returncode == 0, shellchecked.stdout
    broken = tmp_path / "broken.yml"
    text = GITLAB_JOB.read_text(encoding="utf-8").replace("when: always", "when: sometimes")
    broken.write_text(text, encoding="utf-8")
    assert _gitlab_schema(broken).returncode == 1


def test_docs_show_each_recipe_as_it_is() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for recipe in (WORKFLOW, GITLAB_JOB):
        assert f"```yaml\n{recipe.read_text(encoding='utf-8')}```" in doc, recipe.name


@dataclass(frozen=True)
class Workspace:
    """A CI job's folder, outside the repository: the wheel in ci/, and a fresh venv."""

    folder: Path
    bin: Path

    def environment(self, settings: dict[str, str]) -> dict[str, str]:
        return {"PATH": f"{self.bin}:/usr/bin:/bin", "HOME": str(self.folder), **settings}


@pytest.fixture(scope="module")
def wheel_and_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("ci-recipes")
    wheel = build_contract_wheel(folder / "dist")
    # The wheel's dependencies are installed ahead (uv, from its cache), as a CI cache would
    # hold them; the recipe's own `pip install` then installs the wheel itself.
    venv = fresh_venv(folder / "venv", wheel, pip=True)
    subprocess.run(
        [str(venv / "python"), "-m", "pip", "uninstall", "--yes", "-q", "vps-snapshots-contract"],
        check=True,
    )
    return wheel, venv


@pytest.fixture
def workspace(wheel_and_venv: tuple[Path, Path], tmp_path: Path) -> Workspace:
    wheel, venv = wheel_and_venv
    folder = tmp_path / "job"
    (folder / "ci").mkdir(parents=True)
    shutil.copy(wheel, folder / "ci")
    assert not folder.resolve().is_relative_to(ROOT)
    return Workspace(folder, venv)


@pytest.fixture
def mock_server(tmp_path: Path) -> Iterator[tuple[MockProcess, Path]]:
    database = tmp_path / "mock.sqlite3"
    with mock_process(
        tmp_path / "mock.log",
        "--database-url",
        f"sqlite:///{database}",
        "--snapshot-seconds",
        "3",
        "--restore-seconds",
        "2",
    ) as server:
        yield server, database


def _shell(workspace: Workspace, script: str, env: dict[str, str]) -> tuple[int, str]:
    completed = subprocess.run(
        [*BASH, script],
        cwd=workspace.folder,
        env=workspace.environment(env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return completed.returncode, completed.stdout + completed.stderr


def _assert_run(report_path: Path, writes: bool, output: str) -> None:
    report = read_report(report_path)
    assert (report.failures, report.errors) == (0, 0), output
    expected = suite_tests() - MOCK_ONLY - {"test_restore_puts_server_in_restoring"}
    if not writes:
        expected -= WRITES
    # No second account and no restores in the recipes: those tests are skipped.
    assert names(report.passed) == expected - {"test_others_see_nothing_of_ours"}, output


def _github_settings(expression: str, base_url: str, writes: bool) -> str:
    """What GitHub would put in place of `expression` (the repository's variables and secret,
    the run's inputs); a new expression in the workflow fails here until the test knows it."""
    known = {
        "vars.VPS_API_BASE_URL": base_url,
        "vars.VPS_DISPOSABLE_SERVER_ID": str(STOPPED_SERVER),
        "secrets.VPS_API_TOKEN": TOKEN,
        "inputs.allow_writes == true": "true" if writes else "false",
    }
    assert expression in known, f"the workflow uses ${{{{ {expression} }}}}: teach this test"
    return known[expression]


def _github_env(block: dict[str, str] | None, base_url: str, writes: bool) -> dict[str, str]:
    env = {}
    for name, value in (block or {}).items():
        text = str(value)
        env[name] = EXPRESSION.sub(lambda m: _github_settings(m.group(1), base_url, writes), text)
    return env


@pytest.mark.parametrize("writes", [False, True], ids=["read-only", "writes"])
def test_github_workflow_runs_against_the_mock(
    workspace: Workspace, mock_server: tuple[MockProcess, Path], writes: bool
) -> None:
    server, database = mock_server
    before = stored(database)
    (job,) = _job(WORKFLOW)["jobs"].values()
    job_env = _github_env(job.get("env"), server.url, writes)
    summary = workspace.folder / "step-summary.md"
    uploaded = []
    ran = 0
    for step in job["steps"]:
        if "run" not in step:
            # checkout and setup-python: the workspace stands for them; the upload is checked.
            if str(step["uses"]).startswith("actions/upload-artifact@"):
                uploaded.append(step["with"]["path"])
            continue
        assert "${{" not in step["run"], "run: scripts take settings from env, never inline"
        env = {**job_env, **_github_env(step.get("env"), server.url, writes)}
        env["GITHUB_STEP_SUMMARY"] = str(summary)
        status, output = _shell(workspace, step["run"], env)
        assert status == 0, output
        ran += 1
    assert ran == 2
    assert TOKEN not in output
    (report,) = uploaded
    _assert_run(workspace.folder / report, writes, output)
    page = summary.read_text(encoding="utf-8")
    assert page.startswith("## Snapshots API contract tests: passed"), page
    assert ("writes on server" in page) == writes
    if not writes:
        assert stored(database) == before


@pytest.mark.parametrize("writes", [False, True], ids=["read-only", "writes"])
def test_gitlab_job_runs_against_the_mock(
    workspace: Workspace, mock_server: tuple[MockProcess, Path], writes: bool
) -> None:
    server, database = mock_server
    before = stored(database)
    job = _job(GITLAB_JOB)["contract-tests"]
    variables = {name: str(value) for name, value in job["variables"].items()}
    # The project's CI/CD variables, and the one a person running the pipeline may set.
    variables |= {
        "VPS_API_BASE_URL": server.url,
        "VPS_API_TOKEN": TOKEN,
        "VPS_DISPOSABLE_SERVER_ID": str(STOPPED_SERVER),
    }
    if writes:
        variables["ALLOW_WRITES"] = "true"
    status, output = _shell(workspace, "\n".join(job["script"]), variables)
    assert status == 0, output
    status, shown = _shell(workspace, "\n".join(job["after_script"]), variables)
    assert status == 0, shown
    assert shown.startswith("## Snapshots API contract tests: passed"), shown
    assert TOKEN not in output + shown
    for path in job["artifacts"]["paths"]:
        assert (workspace.folder / path).is_file(), path
    _assert_run(workspace.folder / job["artifacts"]["reports"]["junit"], writes, output)
    if not writes:
        assert stored(database) == before
