"""This target's facts, in one place: what the build names, installs and where it puts it.

The registry of targets (issue 23) reads them from here; scripts/package_tools.py builds with them.
"""

from __future__ import annotations

# The distribution's name on an index, and the wheel's file name prefix.
DISTRIBUTION = "vps-snapshots-cli"
# The import package, and the command its wheel installs (`snapshots_cli.cli:main`).
PACKAGE = "snapshots_cli"
COMMAND = "vps-snapshots"
ENTRY_POINT = "snapshots_cli.cli:main"
# Where `nox -s build` puts the wheel, relative to the repository root.
DIST_FOLDER = "dist/cli"
# Its run-time dependencies beyond the Python client, by their pins in requirements/tools.txt.
DEPENDENCIES = ("click",)
