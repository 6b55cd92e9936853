"""The example program of the generated client's README, and the output the README shows.

The README keeps two ```python blocks, each a complete program that talks to the production
server and is followed by one ```text block with what it prints: `QUICK_START` (the layer's
SnapshotsClient) and `FUNCTIONS` (the generated functions). The tests point each program at
another server by its base URL and compare what it prints.
"""

from __future__ import annotations

import re

from snapshots_mock import seed_facts
from tests.python_client.paths import README

PRODUCTION_URL = "https://admin.vps.org"
TOKEN = seed_facts.TOKEN
QUICK_START = 0
FUNCTIONS = 1


def _blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def program(base_url: str = PRODUCTION_URL, example: int = FUNCTIONS) -> str:
    """The README's `example`, talking to `base_url` instead of the production server."""
    blocks = _blocks("python")
    assert len(blocks) == 2, "the README has two examples: QUICK_START and FUNCTIONS"
    source = blocks[example]
    assert source.count(f'"{PRODUCTION_URL}"') == 1, "the example names its base URL once"
    return source.replace(f'"{PRODUCTION_URL}"', repr(base_url))


def expected_output(example: int = FUNCTIONS) -> str:
    """What the README says `example` prints."""
    outputs = _blocks("text")
    assert len(outputs) == 2, "each of the README's two examples is followed by its output"
    return outputs[example]
