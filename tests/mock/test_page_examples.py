"""Every example on the original reference page runs against the mock, with only the host changed.

The snippets are in page_examples.yaml exactly as the page prints them. Each runs in its own
language (the real ``curl``, Python with ``requests``, Node's ``fetch``) on a freshly reset mock
whose clock stands at the page's create example, and must print what the page shows.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from snapshots_mock.testing import RunningMock
from tests.mock.helpers import listing
from tests.system import program

EXAMPLES_FILE = Path(__file__).with_name("page_examples.yaml")
PAGE = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
# Node prints objects in its own notation; print them as JSON instead, the snippet untouched.
NODE_PRELUDE = "console.log = (value) => process.stdout.write(JSON.stringify(value) + '\\n');\n"


@dataclass(frozen=True)
class PageLanguage:
    """How one of the page's example languages runs a snippet and what its output reads as."""

    command: Callable[[str], list[str]]
    # The printed output as a value (`ast.literal_eval` for Python's print() of a dict or of a
    # status code).
    printed: Callable[[str], Any]
    # What the delete example prints: Python's the status code, the others nothing.
    deleted: Any


def _curl(code: str) -> list[str]:
    program("curl")
    return ["bash", "-c", code]


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def _node(code: str) -> list[str]:
    return [program("node"), "--input-type=module", "-e", NODE_PRELUDE + code]


LANGUAGES = {
    "curl": PageLanguage(command=_curl, printed=json.loads, deleted=None),
    "python": PageLanguage(command=_python, printed=ast.literal_eval, deleted=204),
    "javascript": PageLanguage(command=_node, printed=json.loads, deleted=None),
}
CASES = [
    (operation, language)
    for operation, example in PAGE["examples"].items()
    for language in LANGUAGES
    if language in example
]


def test_the_page_has_every_example() -> None:
    assert len(CASES) == 11  # 4 operations x 3 languages, but no JavaScript for delete


def _run(language: str, code: str, cwd: Path) -> str:
    command = LANGUAGES[language].command(code)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _printed(language: str, output: str) -> Any:
    if not output.strip():
        return None
    return LANGUAGES[language].printed(output.strip())


@pytest.mark.parametrize(("operation", "language"), CASES, ids=["-".join(case) for case in CASES])
def test_a_page_example_runs_against_the_mock(
    mock: RunningMock, api: httpx.Client, operation: str, language: str, tmp_path: Path
) -> None:
    example = PAGE["examples"][operation]
    code = example[language].replace(PAGE["host"], mock.url)
    assert code != example[language], "the example names the page's host"

    printed = _printed(language, _run(language, code, tmp_path))

    if operation == "deleteSnapshot":
        assert printed == LANGUAGES[language].deleted
        assert [s["id"] for s in listing(api, server_id=12345)] == [798]
    else:
        assert printed == example["response"]
