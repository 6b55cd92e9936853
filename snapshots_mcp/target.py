"""This target's facts, in one place: what the build names, installs and where it puts it.

The registry of targets (issue 23) reads them from here; scripts/package_tools.py builds with them.
"""

from __future__ import annotations

DISTRIBUTION = "vps-snapshots-mcp"
PACKAGE = "snapshots_mcp"
COMMAND = "vps-snapshots-mcp"
ENTRY_POINT = "snapshots_mcp.server:main"
DIST_FOLDER = "dist/mcp"
# Beside the command-line tool's distribution (its bundle and failures), pinned to the same
# version, and the Python client: requirements/tools.txt's pins.
DEPENDENCIES = ("mcp", "mcp-types", "anyio", "jsonschema")
# The name a host's configuration gives the server (docs/mcp.md's example).
SERVER_NAME = "vps-snapshots"
