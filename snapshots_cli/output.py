"""The answers as people read them (a table) and as scripts read them (JSON).

The table is a few lines of code rather than a library's: the answers are small and flat (a
list of snapshots, or one object), and a dependency for column widths would weigh more than it.
"""

from __future__ import annotations

import json
from typing import Any

Json = Any


def to_json(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _cell(value: Json) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        # A reference to another object (a snapshot's server): its name and id.
        if "name" in value and "id" in value:
            return f"{value['name']} ({value['id']})"
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _columns(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def table(value: Json) -> str:
    """`value` as a table: a list's items one a row (the API's ``results``), an object's
    fields one a row."""
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        items = value["results"]
        if not items:
            return "(none)"
        names = list(items[0])
        return _columns([names, *([_cell(item.get(n)) for n in names] for item in items)])
    if isinstance(value, dict):
        rows: list[list[str]] = []
        for key, field in value.items():
            if isinstance(field, dict) and not (
                "name" in field and "id" in field and len(field) == 2
            ):
                rows.extend([f"{key}.{sub}", _cell(inner)] for sub, inner in field.items())
            else:
                rows.append([key, _cell(field)])
        return _columns(rows)
    return _cell(value)
