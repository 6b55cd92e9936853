"""The example program of the generated client's README, and the output the README shows.

The README keeps exactly one ```python block, a complete program that talks to the production
server, and after it one ```text block with what it prints; the tests point the program at
another server by its base URL and compare what it prints.
"""

from __future__ import annotations

import re

from snapshots_mock import seed_facts
from tests.python_client.paths import README

PRODUCTION_URL = "https://admin.vps.org"
TOKEN = seed_facts.TOKEN


def _blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def program(base_url: str = PRODUCTION_URL) -> str:
    """The README's example, talking to `base_url` instead of the production server."""
    (source,) = _blocks("python")
    assert source.count(f'"{PRODUCTION_URL}"') == 1, "the example names its base URL once"
    return source.replace(f'"{PRODUCTION_URL}"', repr(base_url))


def expected_output() -> str:
    """What the README says the example prints."""
    (output,) = _blocks("text")
    return output
