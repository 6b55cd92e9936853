"""``python -m spec_changes check|changelog [BASE]``: what the nox sessions `changes` and
`changelog` run.

``check`` prints the report and exits 1 when ``info.version`` was not raised enough (2 when the
document or the revision cannot be read). ``changelog`` prints the same report and, once
``info.version`` has been raised enough, adds its entry to CHANGELOG.md; before the version is
raised it only says which version to use, so that the main job keeps working while the
document is being edited.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from spec_changes import document, report
from spec_changes.compare import compare
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


def run(path: Path, base: str | None) -> Outcome:
    """Compare the document at ``path`` with itself at ``base`` (default: the last release)."""
    path = path.resolve()
    repo = document.top_level(path.parent).resolve()
    revision = base or document.default_base(repo)
    old = document.load_revision(repo, revision, path.relative_to(repo))
    new = document.load_file(path)
    entries = compare(old, new)
    base_version = str(old.get("info", {}).get("version"))
    version = str(new.get("info", {}).get("version"))
    verdict = check(base_version, version, highest(entries))
    shown = revision[:12] if re.fullmatch(r"[0-9a-f]{40}", revision) else revision
    text = report.text(
        entries, path.relative_to(repo).as_posix(), shown, (base_version, version), verdict
    )
    return Outcome(entries, shown, base_version, version, verdict, text)


def write_changelog(outcome: Outcome, changelog: Path, date: str) -> tuple[int, str]:
    """Add the entry when the version was raised enough: (exit status, what happened)."""
    if Version.parse(outcome.version) == Version.parse(outcome.base_version):
        if not outcome.entries:
            return 0, "Nothing to add to the changelog."
        return 0, (
            f"No changelog entry written: raise info.version to {outcome.verdict.needed}, "
            "run the main job again, and the entry is written then."
        )
    if not outcome.verdict.ok:
        return 1, "No changelog entry written: the version above is not enough."
    entry = report.changelog_entry(
        outcome.entries, outcome.version, date, outcome.base, outcome.base_version
    )
    if report.add_entry(changelog, outcome.version, entry):
        return 0, f"{changelog}: added the entry for {outcome.version}."
    return 0, f"{changelog} already has an entry for {outcome.version}; left as it is."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec_changes", description=__doc__)
    parser.add_argument("command", choices=("check", "changelog"))
    parser.add_argument(
        "base",
        nargs="?",
        help="git revision to compare with (default: latest v* tag, else the first commit)",
    )
    parser.add_argument("--document", type=Path, default=DOCUMENT)
    parser.add_argument("--changelog", type=Path, default=CHANGELOG)
    parser.add_argument("--date", default=datetime.datetime.now(datetime.UTC).date().isoformat())
    args = parser.parse_args(argv)
    try:
        outcome = run(args.document, args.base)
    except (document.DocumentError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(outcome.report, end="")
    if args.command == "check":
        return 0 if outcome.verdict.ok else 1
    status, message = write_changelog(outcome, args.changelog, args.date)
    print(message)
    return status


if __name__ == "__main__":
    sys.exit(main())
