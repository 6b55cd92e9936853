"""``vps-snapshots-mcp``: the VPS.org Snapshots API as Model Context Protocol tools, over stdio.

Built on the official MCP Python SDK's low-level `mcp.server.Server`, from the same bundle as the
command-line tool (`snapshots_cli.bundle`). docs/mcp.md is the manual.
"""
