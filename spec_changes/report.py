"""The change report, for people at a terminal and as a CHANGELOG.md entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from spec_changes.model import Entry, Level
from spec_changes.versioning import Verdict

_SECTIONS = {
    Level.BREAKING: "Breaking",
    Level.NON_BREAKING: "Non-breaking",
    Level.DOCUMENTATION: "Documentation",
}


def text(
    entries: Sequence[Entry],
    document: str,
    base: str,
    versions: tuple[str, str],
    verdict: Verdict,
    silenced: Sequence[Entry] = (),
    severity_source: str = "",
) -> str:
    """The report ``nox -s changes`` prints: the changes by class, each with its rule's
    identifier, what the severity file silenced, then the version verdict."""
    old_version, new_version = versions
    lines = [
        f"Changes in {document} from {base} (info.version {old_version}) "
        f"to the working copy (info.version {new_version}):",
        "",
    ]
    if not entries:
        lines += ["No changes.", ""]
    for level in sorted(Level, reverse=True):
        chosen = [entry for entry in entries if entry.level is level]
        if chosen:
            lines.append(f"{level.title} ({len(chosen)}):")
            for entry in chosen:
                lines.append(f"  - {entry.tagged(severity_source)}")
                lines += [f"      {client}" for client in entry.clients]
            lines.append("")
    if silenced:
        lines.append(f"Silenced by {severity_source} ({len(silenced)}):")
        lines += [f"  - {entry.line()} [{entry.rule}]" for entry in silenced]
        lines.append("")
    lines.append(verdict.message)
    return "\n".join(lines) + "\n"


def changelog_entry(
    entries: Sequence[Entry], version: str, date: str, base: str, base_version: str
) -> str:
    """A CHANGELOG.md section for ``version``: the report's changes under one heading each."""
    lines = [f"## [{version}] - {date}", "", f"Compared with {base_version} ({base}).", ""]
    for level in sorted(Level, reverse=True):
        chosen = [entry for entry in entries if entry.level is level]
        if chosen:
            lines += [f"### {_SECTIONS[level]}", ""]
            for entry in chosen:
                lines.append(f"- {entry.line()}")
                lines += [f"  - {client}" for client in entry.clients]
            lines.append("")
    if not entries:
        lines += ["No change to the API besides its version.", ""]
    return "\n".join(lines)


def has_entry(changelog: str, version: str) -> bool:
    return re.search(rf"^## \[{re.escape(version)}\]", changelog, re.MULTILINE) is not None


def add_entry(path: Path, version: str, entry: str) -> bool:
    """Put ``entry`` above the newest one in ``path``; ``False`` if ``version`` has one already."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n\n"
    if has_entry(current, version):
        return False
    first = re.search(r"^## ", current, re.MULTILINE)
    at = first.start() if first else len(current)
    head = current[:at]
    if head and not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    updated = head + entry.rstrip("\n") + "\n\n" + current[at:]
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
    return True
