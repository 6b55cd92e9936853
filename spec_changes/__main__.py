"""``python -m spec_changes check|changelog|release [BASE]``: what the nox sessions `changes`,
`changelog` and `release` run.

The base is the last release recorded in ``openapi/releases/`` (see ``releases``), or the git
revision ``BASE``. ``check`` prints the report and exits 1 when ``info.version`` was not raised
enough (2 when the base cannot be established or a document cannot be read, with what to do).
``changelog`` prints the same report and, once ``info.version`` has been raised enough, adds its
entry to CHANGELOG.md; before the version is raised it only says which version to use, so that
the main job keeps working while the document is being edited. ``release`` checks as ``check``
does and records the document as the release of its ``info.version`` (and its changelog entry,
if missing).
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from spec_changes import document, releases, report, rules
from spec_changes.compare import compare_all
from spec_changes.model import Entry, highest
from spec_changes.versioning import Verdict, Version, check

DOCUMENT = Path("openapi") / "openapi.yaml"
CHANGELOG = Path("CHANGELOG.md")


@dataclass(frozen=True)
class Outcome:
    entries: list[Entry]
    base: str
    base_version: str
    version: str
    verdict: Verdict
    report: str


def _shown(path: Path) -> str:
    """``path`` as the report names it: relative to the working directory where it can be."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def run(
    path: Path,
    base: str | None,
    directory: Path | None = None,
    severity_file: Path | None = None,
) -> Outcome:
    """Compare the document at ``path`` with the last release in ``directory`` (default:
    ``releases/`` beside the document), or with itself at the git revision ``base``, each rule
    at the level ``severity_file`` gives it (default: ``change-severity.yaml`` beside the
    document, if there is one)."""
    severity_file = severity_file or rules.default_severity_file(path)
    severity = rules.load_severity(severity_file, _shown(severity_file))
    if base is None:
        release = releases.latest(directory or releases.default_directory(path))
        old = release.document
        shown = _shown(release.path)
    else:
        repo = document.top_level(path.resolve().parent).resolve()
        old = document.load_revision(repo, base, path.resolve().relative_to(repo))
        shown = base[:12] if re.fullmatch(r"[0-9a-f]{40}", base) else base
    new = document.load_file(path)
    entries, silenced = compare_all(old, new, severity)
    base_version = str(old.get("info", {}).get("version"))
    version = str(new.get("info", {}).get("version"))
    verdict = check(base_version, version, highest(entries))
    versions = (base_version, version)
    text = report.text(entries, _shown(path), shown, versions, verdict, silenced, severity.source)
    return Outcome(entries, shown, base_version, version, verdict, text)


def write_changelog(
    outcome: Outcome, changelog: Path, date: str, released: Version
) -> tuple[int, str]:
    """Write the entry when the version was raised enough, in place of any entry of a version
    above ``released`` (the last release): (exit status, what happened)."""
    if Version.parse(outcome.version) == Version.parse(outcome.base_version):
        # The version was lowered back to the release's: no entry above it is wanted.
        gone = ""
        if changelog.exists():
            dropped = report.write_entry(changelog, outcome.version, None, released).dropped
            if dropped:
                versions = ", ".join(dropped)
                gone = f" {changelog}: dropped the entry for {versions}, a version never released."
        if not outcome.entries:
            return 0, "Nothing to add to the changelog." + gone
        return 0, (
            f"No changelog entry written: raise info.version to {outcome.verdict.needed}, "
            "run the main job again, and the entry is written then." + gone
        )
    if not outcome.verdict.ok:
        return 1, "No changelog entry written: the version above is not enough."
    entry = report.changelog_entry(
        outcome.entries, outcome.version, date, outcome.base, outcome.base_version
    )
    written = report.write_entry(changelog, outcome.version, entry, released)
    if written.how == "unchanged":
        return 0, f"{changelog}: the entry for {outcome.version} is up to date."
    if written.how == "remade":
        message = (
            f"{changelog}: remade the entry for {outcome.version} from the report "
            "(not released yet, so it follows the document)"
        )
    else:
        message = f"{changelog}: added the entry for {outcome.version}"
    if written.dropped:
        versions = ", ".join(written.dropped)
        message += f", in place of the entry for {versions}, a version never released"
    return 0, message + "."


def last_released(directory: Path, outcome: Outcome) -> Version:
    """The last recorded release, else the base's version: changelog entries above it are of
    versions not released yet."""
    found = releases.recorded(directory)
    return found[-1].version if found else Version.parse(outcome.base_version)


def release(
    path: Path, directory: Path, changelog: Path, date: str, severity_file: Path | None = None
) -> int:
    """Record the document as the release of its ``info.version``; return the exit status."""
    version = Version.parse(document.load_file(path).get("info", {}).get("version"))
    target = directory / f"{version}.yaml"
    if not releases.recorded(directory):
        # The first release has nothing to compare with: its changelog entry is written by hand.
        if not report.has_entry(_read(changelog), str(version)):
            print(
                f"error: {version} would be the first release, which has no earlier version "
                f"for a change report: write its entry in {changelog} by hand, then run the "
                "release again.",
                file=sys.stderr,
            )
            return 1
        print(f"{_shown(releases.record(directory, version, path))}: recorded release {version}.")
        return 0
    outcome = run(path, None, directory, severity_file)
    if target.exists():
        print(outcome.report, end="")
        if target.read_bytes() == path.read_bytes():
            print(f"{version} is already released as {_shown(target)}; nothing to record.")
            return 0
        print(
            f"error: {version} is already released as {_shown(target)}, and the document "
            "differs from it: a released version never changes. Raise info.version (the report "
            "above says to what) and release again.",
            file=sys.stderr,
        )
        return 1
    print(outcome.report, end="")
    if not outcome.verdict.ok:
        print("Nothing recorded: the version above is not enough.")
        return 1
    status, message = write_changelog(outcome, changelog, date, last_released(directory, outcome))
    print(message)
    if status != 0:
        return status
    print(
        f"{_shown(releases.record(directory, version, path))}: recorded release {version}. "
        f"Commit it with the document, generated/ and {changelog}."
    )
    return 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec_changes", description=__doc__)
    parser.add_argument("command", choices=("check", "changelog", "release"))
    parser.add_argument(
        "base",
        nargs="?",
        help="git revision to compare with (default: the last release in openapi/releases/)",
    )
    parser.add_argument("--document", type=Path, default=DOCUMENT)
    parser.add_argument(
        "--releases", type=Path, help="the releases (default: releases/ beside the document)"
    )
    parser.add_argument("--changelog", type=Path, default=CHANGELOG)
    parser.add_argument(
        "--severity",
        type=Path,
        help="rule identifiers mapped to breaking, non-breaking, documentation or none "
        f"(default: {rules.SEVERITY_FILE} beside the document, if there is one)",
    )
    parser.add_argument("--date", default=datetime.datetime.now(datetime.UTC).date().isoformat())
    args = parser.parse_args(argv)
    directory = args.releases or releases.default_directory(args.document)
    try:
        if args.command == "release":
            if args.base is not None:
                parser.error("release compares with the last release only: give no BASE")
            return release(args.document, directory, args.changelog, args.date, args.severity)
        outcome = run(args.document, args.base, directory, args.severity)
    except (document.DocumentError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(outcome.report, end="")
    if args.command == "check":
        return 0 if outcome.verdict.ok else 1
    try:
        released = last_released(directory, outcome)
    except (document.DocumentError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    status, message = write_changelog(outcome, args.changelog, args.date, released)
    print(message)
    return status


if __name__ == "__main__":
    sys.exit(main())
