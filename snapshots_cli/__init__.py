"""``vps-snapshots``: the VPS.org Snapshots API from a shell, built from its OpenAPI document.

The commands, their options and help texts (English and Belarusian) come from a bundle that the
build makes from the document and the reference's translation catalog (`scripts.tool_bundle`);
the calls go through the generated Python client's `SnapshotsClient`. docs/cli.md is the manual.
"""
