"""The released versions of the document, kept in the repository: the version gate's base.

Each release is the document as it was released, byte for byte, in ``openapi/releases/`` as
``<version>.yaml``; the newest is "the last release" that the change report and the gate compare
with. The gate used to take the latest ``v*`` tag, else the first commit: in a clone of one
commit without tags (most CI systems' checkout) that was the commit itself, and a committed
breaking change passed. A file is in every clone, however shallow, and needs no git.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from spec_changes.document import DocumentError, parse
from spec_changes.model import Json
from spec_changes.versioning import Version

_NAME = re.compile(r"(.+)\.yaml")
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
    return sorted(found, key=lambda release: release.version)


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
    """Copy ``document``, byte for byte, as the release of ``version``; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{version}.yaml"
    shutil.copyfile(document, path)
    return path
