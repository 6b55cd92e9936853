"""The released versions of the document, kept in the repository: the version gate's base.

Each release is the document as it was released, byte for byte, in ``openapi/releases/`` as
``<version>.yaml``; the newest is "the last release" that the change report and the gate compare
with. The gate used to take the latest ``v*`` tag, else the first commit: in a clone of one
commit without tags (most CI systems' checkout) that was the commit itself, and a committed
breaking change passed. A file is in every clone, however shallow, and needs no git.

A release never changes, and the checksum list ``SHA256SUMS`` beside the files (``sha256sum``'s
format, so ``sha256sum -c SHA256SUMS`` checks it too) is what says so in every clone: ``record``
adds each release's line, and ``recorded`` refuses, naming the file, a release that differs from
its line, one without a line (copied by hand) and a line without its file (a removed release).
Without it an edit of a release file in the same commit as a breaking change of the document
moved the gate's base along with the document, and the gate reported "No changes". The list is
no seal against someone who edits both on purpose; it makes a rewritten release a deliberate,
visible act in review instead of a quiet one.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from spec_changes.document import DocumentError, parse
from spec_changes.model import Json
from spec_changes.versioning import Version

_NAME = re.compile(r"(.+)\.yaml")
CHECKSUMS = "SHA256SUMS"
_CHECKSUM_LINE = re.compile(r"(?P<digest>[0-9a-f]{64}) [ *](?P<name>\S+)")
# How a person records a release; said in every message that asks for one.
RELEASE_COMMAND = "python3 scripts/run_nox.py -s release"


@dataclass(frozen=True)
class Release:
    version: Version
    path: Path
    text: str

    @property
    def document(self) -> Json:
        return parse(self.text, str(self.path))


def default_directory(document: Path) -> Path:
    """Where the releases of ``document`` are kept: ``releases/`` beside it."""
    return document.parent / "releases"


def recorded(directory: Path) -> list[Release]:
    """Every release in ``directory``, oldest first; a file that is not one is an error."""
    if not directory.is_dir():
        return []
    found: list[Release] = []
    for path in sorted(directory.iterdir()):
        if path.name == CHECKSUMS:
            continue
        match = _NAME.fullmatch(path.name)
        if match is None:
            raise DocumentError(
                f"{path} is not a release: {directory} holds only <version>.yaml files "
                "(move it elsewhere)"
            )
        try:
            version = Version.parse(match.group(1))
        except ValueError:
            raise DocumentError(
                f"{path} is not named after a version (MAJOR.MINOR.PATCH.yaml)"
            ) from None
        text = path.read_text(encoding="utf-8")
        stated = parse(text, str(path)).get("info", {}).get("version")
        if str(stated) != str(version):
            raise DocumentError(
                f"{path} says info.version {stated!r}, not {version}: a release file is the "
                "document exactly as released; restore it from the commit that recorded it"
            )
        found.append(Release(version, path, text))
    _verify(directory, found)
    return sorted(found, key=lambda release: release.version)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(directory: Path) -> dict[str, str]:
    """The recorded checksum of each release file, by file name."""
    path = directory / CHECKSUMS
    if not path.exists():
        return {}
    listed: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _CHECKSUM_LINE.fullmatch(line.strip())
        if match is None:
            raise DocumentError(f"{path}:{number} is not `<sha256>  <file>`: {line!r}")
        listed[match["name"]] = match["digest"]
    return listed


def _verify(directory: Path, found: list[Release]) -> None:
    """Refuse, naming each file, releases that are not as ``record`` recorded them."""
    if not found and not (directory / CHECKSUMS).exists():
        return
    listed = checksums(directory)
    sums = directory / CHECKSUMS
    problems = []
    for release in found:
        name = release.path.name
        if name not in listed:
            problems.append(
                f"{release.path} is not in {sums}: a release is recorded by "
                f"`{RELEASE_COMMAND}`, never copied in by hand"
            )
        elif _digest(release.path) != listed[name]:
            problems.append(
                f"{release.path} has changed since it was released (its SHA-256 is not the one "
                f"in {sums}): a released version never changes. Restore it from the commit "
                f"that recorded it (`git log --diff-filter=A -- {release.path}`), and make the "
                "change in the document under a raised version"
            )
    for name in sorted(set(listed) - {release.path.name for release in found}):
        problems.append(
            f"{directory / name} is missing, though {sums} lists it: a release is never "
            "removed; restore it from the commit that recorded it"
        )
    if problems:
        raise DocumentError("\n".join(problems))


def latest(directory: Path) -> Release:
    """The last release: the base of the gate. No release is an error that says what to do."""
    found = recorded(directory)
    if not found:
        raise DocumentError(
            f"no release is recorded in {directory}, so there is nothing to compare the "
            "document with (the gate never compares a revision with itself). If this version "
            f"of the document has been released, record it with `{RELEASE_COMMAND}` and "
            "commit the file; to compare with a git revision instead, name it: "
            "`python3 scripts/run_nox.py -s changes -- BASE`."
        )
    return found[-1]


def record(directory: Path, version: Version, document: Path) -> Path:
    """Copy ``document``, byte for byte, as the release of ``version``, and add its checksum to
    ``SHA256SUMS``; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{version}.yaml"
    listed = checksums(directory)
    shutil.copyfile(document, path)
    listed[path.name] = _digest(path)
    names = sorted(listed, key=lambda name: Version.parse(name.removesuffix(".yaml")))
    text = "".join(f"{listed[name]}  {name}\n" for name in names)
    (directory / CHECKSUMS).write_text(text, encoding="utf-8")
    return path
