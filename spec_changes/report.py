"""The change report, for people at a terminal and as a CHANGELOG.md entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spec_changes.model import Entry, Level
from spec_changes.versioning import Verdict, Version

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


_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?P<rest>.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Written:
    """What ``write_entry`` did: the entry of ``version`` ``added``, ``remade`` or ``unchanged``,
    and the entries of versions never released it ``dropped``."""

    how: str
    dropped: tuple[str, ...] = ()


def _unreleased(heading: re.Match[str], released: Version) -> bool:
    try:
        return Version.parse(heading["version"]) > released
    except ValueError:
        return False  # a heading that is no version ("Unreleased", by hand) is a person's


def write_entry(path: Path, version: str, entry: str | None, released: Version) -> Written:
    """Make ``entry`` the one entry above ``released`` in ``path``, the newest (``None``: no
    entry there at all).

    An entry of a version above the last release was written for a version never released (the
    version was raised again before a release, or the document changed since under the same
    version), so it is replaced: the changelog always says what the document does. An earlier
    entry of ``version`` keeps its date, so that a run on another day changes nothing.
    """
    current = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n\n"
    headings = list(_HEADING.finditer(current))
    sections = [
        (match, match.start(), headings[i + 1].start() if i + 1 < len(headings) else len(current))
        for i, match in enumerate(headings)
    ]
    stale = [section for section in sections if _unreleased(section[0], released)]
    own = next((match for match, _, _ in stale if match["version"] == version), None)
    if own is not None and entry is not None:
        entry = _HEADING.sub(f"## [{version}]{own['rest']}", entry, count=1)
    kept = current
    for _, start, end in reversed(stale):
        kept = kept[:start] + kept[end:]
    first = re.search(r"^## ", kept, re.MULTILINE)
    at = first.start() if first else len(kept)
    head = kept[:at]
    if head and not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    written = "" if entry is None else entry.rstrip("\n") + "\n\n"
    updated = (head + written + kept[at:]).rstrip("\n") + "\n"
    dropped = tuple(
        match["version"] for match, _, _ in stale if entry is None or match["version"] != version
    )
    if updated == current:
        return Written("unchanged")
    path.write_text(updated, encoding="utf-8")
    if entry is None:
        return Written("unchanged", dropped)
    return Written("remade" if own is not None else "added", dropped)
