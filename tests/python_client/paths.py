"""Where the generated Python client, its generator and its built distributions are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATOR_CONFIG = ROOT / "openapi" / "python-client.yaml"
GENERATED = ROOT / "generated"
PROJECT = GENERATED / "python"
PACKAGE_NAME = "vps_snapshots_client"
DISTRIBUTION_NAME = "vps-snapshots-client"
README = PROJECT / "README.md"


def built_dist() -> Path:
    """The directory where the tests session built the client's wheel and sdist."""
    # The tests session sets this; without it the installed client could be a stale one.
    where = os.environ.get("PYTHON_CLIENT_DIST")
    assert where, "PYTHON_CLIENT_DIST is not set: run the tests with `scripts/run_nox.py -s tests`"
    return Path(where)
