"""The tests' temporary files go to the system's temporary folder, never into the repository.

The tests session builds things under .nox/ on its way, but must not point TMPDIR there
(noxfile.py, `_scratch`): Chromium refuses a profile whose socket path passes 108 bytes, and
PostgreSQL, running as its own user, cannot reach a data directory inside a private folder, so
from a clone in a deep or private folder every browser and PostgreSQL test would fail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_temporary_files_are_made_outside_the_repository() -> None:
    folder = Path(tempfile.gettempdir()).resolve()
    assert not folder.is_relative_to(ROOT), folder
