"""Which documented statuses the run saw answered: a table of operation x status.

The guard counts every answer of the run by operation and status (`Target.observed`); this
module compares the counts with the statuses the document lists for each operation
(`document.documented_statuses`), for the run's summary and for the suite's last test, which
against the mock fails on a documented status never produced.
"""

from __future__ import annotations

from collections import Counter

from contract_tests.document import documented_statuses

Observed = Counter[tuple[str, int]]


def never_answered(observed: Observed) -> list[str]:
    """Each documented ``METHOD /path/ STATUS`` that no call of the run was answered with."""
    return [
        f"{operation} {status}"
        for operation, listed in documented_statuses().items()
        for status in listed
        if not observed[(operation, status)]
    ]


def undocumented(observed: Observed) -> list[str]:
    """Each ``METHOD /path/ STATUS`` answered that the document does not list for it."""
    listed = documented_statuses()
    return [
        f"{operation} {status}"
        for (operation, status), count in sorted(observed.items())
        if count and status not in listed.get(operation, ())
    ]


def table(observed: Observed) -> list[str]:
    """A Markdown table: one row per operation, one column per status the document lists
    anywhere; a cell counts the answers (``0`` where documented and never seen, ``-`` where the
    document does not list the status for that operation), undocumented answers in the last
    column."""
    listed = documented_statuses()
    columns = sorted({status for statuses in listed.values() for status in statuses})
    lines = [
        "| operation | " + " | ".join(str(c) for c in columns) + " | not documented |",
        "|---|" + "---:|" * len(columns) + "---|",
    ]
    for operation, statuses in listed.items():
        cells = []
        for status in columns:
            count = observed[(operation, status)]
            if status not in statuses:
                cells.append(f"**{count}**" if count else "-")
            else:
                cells.append(str(count) if count else "**0**")
        extra = sorted(
            f"{status} x{count}"
            for (name, status), count in observed.items()
            if name == operation and status not in columns and count
        )
        lines.append(f"| `{operation}` | " + " | ".join(cells) + f" | {', '.join(extra)} |")
    return lines
