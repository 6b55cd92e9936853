"""The main job's sessions as nox runs them (`-t main`), and the commands the messages name.

nox runs the sessions of a tag in the order the noxfile defines them: the changelog must be
written before the docs are built (issue 23: the run that added an entry was green, and the next
one failed on its missing translation). Since issue 26 the docs show the readers' changelog
(docs/reference/changelog.md), whose entry for a raised version the docs build asks for, after
the change report that lists what to write in it. The
checklist in docs/changing-the-api.md names the commands the tools' messages name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from scripts import docs_i18n
from spec_changes import releases
from tests.openapi_document import ROOT


def _sessions(*args: str) -> list[str]:
    listed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run_nox.py"), "-l", "--json", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [session["name"] for session in json.loads(listed.stdout)]


def test_the_main_job_writes_the_changelog_before_it_builds_the_docs() -> None:
    main = _sessions("-t", "main")
    assert "changelog" in main
    assert "docs" in main
    assert main.index("changelog") < main.index("docs"), main


def test_the_translation_commands_the_messages_name_are_sessions() -> None:
    for command in (docs_i18n.STATUS_COMMAND, docs_i18n.UPDATE_COMMAND):
        assert command.startswith("python3 scripts/run_nox.py -s translations")
    assert _sessions("-s", "translations") == ["translations"]


def test_the_checklist_names_the_commands_the_tools_ask_for_in_their_order() -> None:
    guide = (ROOT / "docs" / "changing-the-api.md").read_text(encoding="utf-8")
    checklist = guide.split("### The checklist after an edit", 1)[1].split("\n### ", 1)[0]
    commands = re.findall(r"`(python3 scripts/run_nox\.py [^`]+)`", checklist)
    main = "python3 scripts/run_nox.py -t main"
    assert commands == [
        main,
        main,
        docs_i18n.UPDATE_COMMAND,  # what the docs build's error names
        docs_i18n.STATUS_COMMAND,  # what `update` names once it has written
        main,
        releases.RELEASE_COMMAND,  # what the gate names for recording a release
        "python3 scripts/run_nox.py -t test",
    ]
