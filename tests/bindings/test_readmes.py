"""Each client's README, followed as written by a new user outside this repository.

For each of the five clients: a release bundle is made as `nox -s build` makes dist/ (the same
packagers, into a temporary folder), a mock serves the shipped seed data over HTTP, and the
README's marked install steps and quick start (tests/bindings/readme_steps.py) run verbatim in a
fresh temporary folder outside the repository, with only the base URL and the bundle's folder
replaced. The quick start runs twice in a row, and prints what the README shows both times.

The user's environment is the test process's, less anything naming the API or the mock, with
caches kept apart where a cache would hide the bundle (each target's user_environment, in
tests/targets/<name>.py: a fresh Go module cache, a Maven local repository without this
client; Cargo's build folder shared so that a second run does not build reqwest again).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import targets
from tests.bindings import builds, readme_steps
from tests.targets import of

TARGETS = targets.NAMES
README_OF = {target: builds.GENERATED / target / "README.md" for target in TARGETS}
# A snapshot completes a second after it is made, so that each quick start's wait is short.
MOCK_OPTIONS = ("--snapshot-seconds", "1")
STEP_TIMEOUT = 900
# Terminal colour codes, which print nothing: Maven 3.8 ends its --quiet output with a reset.
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")
# Settings of this machine's toolchains that a new user's shell would not have.
NOT_THE_USERS = ("GOFLAGS", "GOPROXY", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOSUMDB",
                 "GOMODCACHE", "CARGO_TARGET_DIR", "MAVEN_OPTS", "MAVEN_ARGS")  # fmt: skip


class Bundle:
    """The release bundle, each target's folder made the first time a test asks for it."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.root = root
        self.scratch = scratch
        self.made: set[str] = set()

    def part(self, target: str) -> Path:
        dest = self.root / target
        if target in self.made:
            return dest
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        scratch = self.scratch / target
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        of(target).bundle(dest, scratch)
        self.made.add(target)
        return dest


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    made = tmp_path_factory.mktemp("release-bundle")
    return Bundle(made / "dist", made / "scratch")


def user_environment(target: str, home: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("VPS_", "SNAPSHOTS_MOCK")) and name not in NOT_THE_USERS
    }
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", npm_config_update_notifier="false")
    of(target).user_environment(env, home)
    return env


def shell(commands: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-eu", "-c", commands],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=STEP_TIMEOUT,
    )


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(builds.ROOT), "the user's folder is outside"
    return folder


@pytest.mark.parametrize("target", TARGETS)
def test_the_readme_installs_from_the_bundle_and_its_quick_start_runs_twice(
    target: str, bundle: Bundle, user_folder: Path, tmp_path: Path
) -> None:
    from snapshots_mock.testing import mock_process

    steps = readme_steps.parse(README_OF[target])
    # Installed from the bundle, talking to the base URL the README names: nothing else.
    assert steps.mentions(readme_steps.BUNDLE_PLACEHOLDER) >= 1, "installs from the bundle"
    assert steps.mentions(readme_steps.PRODUCTION_URL) == 1, "names its base URL once"
    bundle.part(target)
    env = user_environment(target, tmp_path)
    database = f"sqlite:///{tmp_path / 'mock.sqlite3'}"
    with mock_process(tmp_path / "mock.log", "--database-url", database, *MOCK_OPTIONS) as mock:
        user = steps.substituted(mock.url, bundle.root)
        for step in user.install:
            if step.file is None:
                done = shell(step.text, user_folder, env)
                assert done.returncode == 0, f"{step.text}\n{done.stdout}{done.stderr}"
            else:
                path = user_folder / step.file
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(step.text, encoding="utf-8")
        for attempt in ("first", "second"):
            ran = shell(user.run, user_folder, env)
            log = mock.log_text()[-3000:]
            assert ran.returncode == 0, f"{attempt} run:\n{ran.stdout}{ran.stderr}\nmock:\n{log}"
            assert COLOUR_CODE.sub("", ran.stdout) == steps.output, f"{attempt} run"


@pytest.mark.parametrize(
    ("readme", "problem"),
    [
        ("<!-- readme-test: shell -->\n\n```sh\nls\n```\n", "not right before a fenced block"),
        ("<!-- readme-test: file -->\n```sh\nls\n```\n", "only a file block names a file"),
        ("<!-- readme-test: shell x -->\n```sh\nls\n```\n", "only a file block names a file"),
        ("<!-- readme-test: run -->\n```sh\nls\n```\n", "1 run and 0 output blocks"),
        (
            "<!-- readme-test: run -->\n```sh\nls\n```\n<!-- readme-test: output -->\n```text\n"
            "```\n<!-- readme-test: shell -->\n```sh\nls\n```\n",
            "an install step after the run block",
        ),
    ],
)
def test_a_readme_whose_marks_do_not_say_the_steps_is_refused(
    readme: str, problem: str, tmp_path: Path
) -> None:
    path = tmp_path / "README.md"
    path.write_text(readme, encoding="utf-8")
    with pytest.raises(readme_steps.ReadmeError, match=problem):
        readme_steps.parse(path)
