"""``python -m scripts.with_mock``: a command run against a fresh mock, which it always stops."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from scripts import with_mock
from tests.mock.helpers import SNAPSHOTS, TOKEN

# Run as the command (with a file and a token): records the URL it was given and the mock's
# answer in the file, and fails with status 3.
COMMAND = textwrap.dedent(
    """
    import os, pathlib, sys, urllib.request
    url = os.environ["SNAPSHOTS_MOCK_URL"]
    headers = {"Authorization": "Bearer " + sys.argv[2]}
    request = urllib.request.Request(url + "/api/v1/snapshots/?server_id=12345", headers=headers)
    with urllib.request.urlopen(request) as answer:
        body = answer.read().decode()
    pathlib.Path(sys.argv[1]).write_text(url + "\\n" + body)
    sys.exit(3)
    """
)


def test_the_command_gets_the_url_its_status_is_returned_and_the_mock_is_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "record.txt"

    status = with_mock.main(
        ["--snapshot-seconds", "0", "--", sys.executable, "-c", COMMAND, str(record), TOKEN]
    )

    assert status == 3
    url, body = record.read_text().split("\n", 1)
    assert url.startswith("http://127.0.0.1:")
    assert [snapshot["id"] for snapshot in json.loads(body)["results"]] == [801, 798]
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + SNAPSHOTS)
    # A failed command is followed by the mock's log: the requests it answered.
    assert '"GET /api/v1/snapshots/?server_id=12345" 200' in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["--seed", "x.yaml"], ["--snapshot-seconds", "0", "--"]])
def test_without_a_command_it_prints_its_usage(argv: list[str]) -> None:
    with pytest.raises(SystemExit, match=re.escape(with_mock.USAGE)):
        with_mock.main(argv)
