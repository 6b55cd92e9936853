"""The command's own words (those the document does not hold), in English, by key.

They are translated in the reference's catalog, docs/i18n/<language>.po, under the context
``cli:<key>`` (scripts/docs_i18n.py adds them to the template, ``-s translations -- update``
merges them), and the build bundles each language's (scripts/tool_bundle.py). Plain data, with
no import, so that the translation workflow reads it without installing the command's needs.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "group": (
        "Manage the snapshots of your VPS.org servers. The token comes from the environment "
        "variable VPS_API_TOKEN or from the configuration file (mode 0600), never from an "
        "argument."
    ),
    "option.base_url": (
        "The API's base URL (else VPS_API_BASE_URL, the configuration file, or the document's "
        "server)."
    ),
    "option.json": "Print the answer as JSON, for scripts.",
    "option.timeout": "Give up on a call after this many seconds, its retries included.",
    "option.config": (
        "The configuration file (else VPS_SNAPSHOTS_CONFIG or ~/.config/vps-snapshots/config.toml)."
    ),
    "option.yes": "Do not ask for confirmation (needed without a terminal).",
    "wait": (
        "Wait until a snapshot is completed, showing progress on a terminal. Fails if the "
        "snapshot fails, is deleted meanwhile, or is still in progress at the deadline."
    ),
    "wait.snapshot_id": "The id of the snapshot to wait for.",
    "wait.server_id": "The snapshot's server: the wait then lists only its snapshots.",
    "wait.deadline": "Give up after this many seconds.",
    "wait.poll_interval": "Seconds between the first two checks; each later wait is longer.",
    "progress": "Waiting for snapshot {snapshot_id}",
    "confirm": "This cannot be undone. Go on with {command} of snapshot {snapshot_id}?",
    "refused": "{command} cannot be undone: confirm it on a terminal, or pass --yes.",
    "aborted": "Nothing was done.",
    "deleted": "Snapshot {snapshot_id} deleted.",
    "arguments": "Arguments:",
}
