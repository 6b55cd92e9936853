"""The change workflow in a real git repository: the base (the last recorded release, or a git
revision), the report's exit status, the CHANGELOG.md entry and the release, through
``python -m spec_changes`` as the nox sessions run it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from spec_changes import document
from tests.changes.documents import base, schema
from tests.changes.git_repo import (
    BREAKING_LINE,
    DOC,
    RELEASES,
    Repo,
    breaking,
    non_breaking,
    with_version,
)

CHANGELOG_1_0_0 = "# Changelog\n\nIntro.\n\n## [1.0.0] - 2026-01-01\n\nThe first version.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository whose document was released as 1.0.0 and has not changed since."""
    found = Repo.init(tmp_path)
    found.release_by_hand("1.0.0")
    found.commit(None, "release 1.0.0")
    return found


def test_the_base_is_the_newest_release_by_version_not_by_name(repo: Repo) -> None:
    for version in ("1.9.0", "1.10.0"):
        repo.write(non_breaking(version))
        repo.release_by_hand(version)
    repo.write(non_breaking("1.10.0"))
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "from openapi/releases/1.10.0.yaml (info.version 1.10.0)" in result.stdout
    assert "No changes." in result.stdout


def test_without_a_recorded_release_the_gate_fails_and_says_what_to_do(tmp_path: Path) -> None:
    # The defect this replaced: with no base the gate took the commit itself and passed.
    repo = Repo.init(tmp_path)
    repo.commit(breaking(), "narrower names")
    for command in ("check", "changelog"):
        result = repo.run(command)
        assert result.returncode == 2, result.stdout
        assert result.stdout == ""
        assert "no release is recorded in openapi/releases" in result.stderr
        assert "-s release" in result.stderr
        assert "-s changes -- BASE" in result.stderr


def test_a_release_file_that_is_not_its_version_is_refused(repo: Repo) -> None:
    (repo.path / RELEASES / "1.0.0.yaml").write_text(
        yaml.safe_dump(with_version(base(), "1.0.1")), encoding="utf-8"
    )
    result = repo.run("check")
    assert result.returncode == 2
    assert "says info.version '1.0.1', not 1.0.0" in result.stderr
    (repo.path / RELEASES / "1.0.0.yaml").rename(repo.path / RELEASES / "latest.yaml")
    result = repo.run("check")
    assert result.returncode == 2
    assert "latest.yaml is not named after a version" in result.stderr


def test_a_release_copied_in_by_hand_or_removed_is_refused_by_name(repo: Repo) -> None:
    # Only `release` records a release, with its checksum; the gate trusts nothing else.
    sums = repo.path / RELEASES / "SHA256SUMS"
    assert sums.read_text(encoding="utf-8").endswith("  1.0.0.yaml\n")
    repo.write(non_breaking("1.1.0"))
    (repo.path / RELEASES / "1.1.0.yaml").write_bytes((repo.path / DOC).read_bytes())
    copied = repo.run("check")
    assert copied.returncode == 2
    assert "openapi/releases/1.1.0.yaml is not in openapi/releases/SHA256SUMS" in copied.stderr
    (repo.path / RELEASES / "1.1.0.yaml").unlink()
    (repo.path / RELEASES / "1.0.0.yaml").unlink()
    removed = repo.run("check")
    assert removed.returncode == 2
    assert "openapi/releases/1.0.0.yaml is missing, though" in removed.stderr


def test_the_release_adds_its_checksum_and_sha256sum_agrees(repo: Repo) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(breaking("2.0.0"))
    assert repo.run("release").returncode == 0
    lines = (repo.path / RELEASES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in lines] == ["1.0.0.yaml", "2.0.0.yaml"]
    # The format is sha256sum's: the standard tool checks the releases too.
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=repo.path / RELEASES,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_document_is_read_as_it_was_at_the_revision(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.commit(breaking("2.0.0"), "second")
    repo.write(with_version(base(), "3.0.0"))
    assert document.load_revision(repo.path, first, DOC)["info"]["version"] == "1.0.0"
    assert document.load_revision(repo.path, "HEAD", DOC)["info"]["version"] == "2.0.0"


def test_an_unknown_revision_or_a_missing_document_is_a_clear_error(repo: Repo) -> None:
    with pytest.raises(document.DocumentError, match=r"cannot read openapi/openapi\.yaml at 'v9'"):
        document.load_revision(repo.path, "v9", DOC)
    with pytest.raises(document.DocumentError, match="at 'HEAD'"):
        document.load_revision(repo.path, "HEAD", Path("openapi") / "missing.yaml")
    result = repo.run("check", "v9")
    assert result.returncode == 2
    assert "error: cannot read openapi/openapi.yaml at 'v9'" in result.stderr
    assert "git fetch --tags" in result.stderr


def test_an_unchanged_document_reports_no_changes(repo: Repo) -> None:
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "No changes." in result.stdout
    assert "No change: info.version stays 1.0.0." in result.stdout


def test_a_breaking_change_without_a_major_raise_fails(repo: Repo) -> None:
    for version in ("1.0.0", "1.1.0"):
        repo.write(breaking(version))
        result = repo.run("check")
        assert result.returncode == 1, result.stdout
        assert "Breaking (1):" in result.stdout
        assert BREAKING_LINE in result.stdout
        assert result.stdout.rstrip().endswith("raise info.version to 2.0.0.")


def test_a_breaking_change_with_a_major_raise_passes(repo: Repo) -> None:
    repo.write(breaking("2.0.0"))
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "enough for breaking changes (at least 2.0.0)" in result.stdout


def test_a_non_breaking_change_needs_a_minor_raise(repo: Repo) -> None:
    repo.write(non_breaking("1.0.1"))
    result = repo.run("check")
    assert result.returncode == 1
    assert "Non-breaking (1):" in result.stdout
    assert "raise info.version to 1.1.0." in result.stdout
    repo.write(non_breaking("1.1.0"))
    assert repo.run("check").returncode == 0


def test_between_two_releases_every_commit_is_compared_with_the_last_release(repo: Repo) -> None:
    # Several commits under one raised version: the base stays the release, not the last commit.
    repo.commit(non_breaking("1.1.0"), "an optional field")
    spec = non_breaking("1.1.0")
    schema(spec, "Kind")["description"] = "How big a thing is."
    repo.commit(spec, "a description")
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "from openapi/releases/1.0.0.yaml (info.version 1.0.0)" in result.stdout
    assert "Non-breaking (1):" in result.stdout
    assert "Documentation only (non-breaking) (1):" in result.stdout
    repo.commit(breaking("1.1.0"), "narrower names")
    assert repo.run("check").returncode == 1


def test_a_given_revision_replaces_the_last_release(repo: Repo) -> None:
    second = repo.commit(non_breaking("1.1.0"), "second")
    since_release = repo.run("check")
    assert since_release.returncode == 0
    assert "from openapi/releases/1.0.0.yaml (info.version 1.0.0)" in since_release.stdout
    since_second = repo.run("check", second)
    assert since_second.returncode == 0
    assert f"from {second[:12]} (info.version 1.1.0)" in since_second.stdout
    assert "No changes." in since_second.stdout


def test_the_changelog_waits_for_the_version_to_be_raised(repo: Repo) -> None:
    repo.write(non_breaking("1.0.0"))
    result = repo.run("changelog")
    assert result.returncode == 0, result.stdout
    assert "No changelog entry written: raise info.version to 1.1.0" in result.stdout
    assert not repo.changelog.exists()


def test_the_changelog_refuses_a_version_raised_too_little(repo: Repo) -> None:
    repo.write(breaking("1.1.0"))
    result = repo.run("changelog")
    assert result.returncode == 1
    assert "raise info.version to 2.0.0." in result.stdout
    assert not repo.changelog.exists()


def test_the_changelog_entry_is_made_from_the_report_once(repo: Repo) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    spec = breaking("2.0.0")
    schema(spec, "Kind")["description"] = "How big a thing is."
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    repo.write(spec)
    result = repo.run("changelog")
    assert result.returncode == 0, result.stdout
    assert "CHANGELOG.md: added the entry for 2.0.0." in result.stdout
    assert repo.changelog.read_text(encoding="utf-8") == (
        "# Changelog\n\nIntro.\n\n"
        "## [2.0.0] - 2026-01-02\n\n"
        "Compared with 1.0.0 (openapi/releases/1.0.0.yaml).\n\n"
        "### Breaking\n\n"
        "- info.version: major version 1 → 2: the Go module path changes\n"
        "  - Go: module `vps.org/snapshots-client-go` → `vps.org/snapshots-client-go/v2`: "
        "change every import of it, and `go get vps.org/snapshots-client-go/v2@v2.0.0`\n"
        f"- {BREAKING_LINE} (breaking in: createThing request body)\n\n"
        "### Non-breaking\n\n"
        "- schema NewThing: optional property `owner` added"
        " (non-breaking in: createThing request body)\n\n"
        "### Documentation\n\n"
        "- schema Kind: `description` changed\n\n"
        "## [1.0.0] - 2026-01-01\n\nThe first version.\n"
    )
    before = repo.changelog.read_text(encoding="utf-8")
    again = repo.run("changelog")
    assert again.returncode == 0
    assert "CHANGELOG.md: the entry for 2.0.0 is up to date." in again.stdout
    assert repo.changelog.read_text(encoding="utf-8") == before


def test_raising_the_version_again_replaces_the_entry_of_the_version_never_released(
    repo: Repo,
) -> None:
    # Issue 23: 1.1.0's entry stayed beside 2.0.0's, for a version no one ever got.
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(non_breaking("1.1.0"))
    assert "added the entry for 1.1.0." in repo.run("changelog").stdout
    spec = breaking("2.0.0")
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    repo.write(spec)
    result = repo.run("changelog")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "CHANGELOG.md: added the entry for 2.0.0, in place of the entry for 1.1.0, "
        "a version never released."
    ) in result.stdout
    text = repo.changelog.read_text(encoding="utf-8")
    assert re.findall(r"^## \[(.+?)\]", text, re.MULTILINE) == ["2.0.0", "1.0.0"]
    # Everything the 1.1.0 entry said is in 2.0.0's, compared with the same release.
    assert "optional property `owner` added" in text
    assert text.endswith("## [1.0.0] - 2026-01-01\n\nThe first version.\n")


def test_a_version_lowered_back_to_the_release_drops_the_entry_never_released(
    repo: Repo,
) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(non_breaking("1.1.0"))
    repo.run("changelog")
    assert "## [1.1.0]" in repo.changelog.read_text(encoding="utf-8")
    repo.write(with_version(base(), "1.0.0"))  # the edit undone
    result = repo.run("changelog")
    assert result.returncode == 0
    assert "CHANGELOG.md: dropped the entry for 1.1.0, a version never released." in result.stdout
    assert repo.changelog.read_text(encoding="utf-8") == CHANGELOG_1_0_0


def test_an_unreleased_entry_follows_the_document_and_keeps_its_date(repo: Repo) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(non_breaking("1.1.0"))
    repo.run("changelog")
    # Written on an earlier day; then the document changes again under the same version.
    text = repo.changelog.read_text(encoding="utf-8")
    repo.changelog.write_text(text.replace("[1.1.0] - 2026-01-02", "[1.1.0] - 2025-12-30"))
    spec = non_breaking("1.1.0")
    schema(spec, "Kind")["description"] = "How big a thing is."
    repo.write(spec)
    result = repo.run("changelog")
    assert "CHANGELOG.md: remade the entry for 1.1.0 from the report" in result.stdout
    text = repo.changelog.read_text(encoding="utf-8")
    assert text.count("## [1.1.0] - 2025-12-30") == 1
    assert "- schema Kind: `description` changed" in text
    assert text.endswith("## [1.0.0] - 2026-01-01\n\nThe first version.\n")
    # Once released, the entry is the release's (a person may reword it), whatever comes next.
    assert repo.run("release").returncode == 0
    reworded = text.replace("`description` changed", "how big a thing is, explained")
    repo.changelog.write_text(reworded, encoding="utf-8")
    schema(spec, "Colour")["description"] = "A colour."
    repo.write(with_version(spec, "1.1.1"))
    assert "added the entry for 1.1.1." in repo.run("changelog").stdout
    after = repo.changelog.read_text(encoding="utf-8")
    assert re.findall(r"^## \[(.+?)\]", after, re.MULTILINE) == ["1.1.1", "1.1.0", "1.0.0"]
    assert after.endswith(reworded[reworded.index("## [1.1.0]") :])


def test_a_release_records_the_document_and_its_changelog_entry(repo: Repo) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(breaking("2.0.0"))
    result = repo.run("release")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "openapi/releases/2.0.0.yaml: recorded release 2.0.0." in result.stdout
    assert repo.releases == ["1.0.0.yaml", "2.0.0.yaml"]
    released = repo.path / RELEASES / "2.0.0.yaml"
    assert released.read_bytes() == (repo.path / DOC).read_bytes()
    assert "## [2.0.0] - 2026-01-02" in repo.changelog.read_text(encoding="utf-8")
    # The release is now the base: the same document has no changes, a new edit needs a raise.
    assert "No changes." in repo.run("check").stdout
    spec = breaking("2.0.0")
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    repo.write(spec)
    assert "raise info.version to 2.1.0." in repo.run("check").stdout


def test_a_release_refuses_a_version_raised_too_little(repo: Repo) -> None:
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    repo.write(breaking("1.1.0"))
    result = repo.run("release")
    assert result.returncode == 1
    assert "raise info.version to 2.0.0." in result.stdout
    assert "Nothing recorded" in result.stdout
    assert repo.releases == ["1.0.0.yaml"]
    assert repo.changelog.read_text(encoding="utf-8") == CHANGELOG_1_0_0


def test_a_released_version_is_never_recorded_again_with_other_content(repo: Repo) -> None:
    same = repo.run("release")
    assert same.returncode == 0, same.stderr
    assert "1.0.0 is already released as openapi/releases/1.0.0.yaml; nothing to record." in (
        same.stdout
    )
    released = (repo.path / RELEASES / "1.0.0.yaml").read_bytes()
    repo.write(non_breaking("1.0.0"))
    changed = repo.run("release")
    assert changed.returncode == 1
    assert "1.0.0 is already released" in changed.stderr
    assert "raise info.version to 1.1.0." in changed.stdout
    assert (repo.path / RELEASES / "1.0.0.yaml").read_bytes() == released


def test_the_first_release_needs_its_changelog_entry_written_by_hand(tmp_path: Path) -> None:
    repo = Repo.init(tmp_path)
    result = repo.run("release")
    assert result.returncode == 1
    assert "write its entry in CHANGELOG.md by hand" in result.stderr
    assert repo.releases == []
    repo.changelog.write_text(CHANGELOG_1_0_0, encoding="utf-8")
    result = repo.run("release")
    assert result.returncode == 0, result.stderr
    assert repo.releases == ["1.0.0.yaml"]
    assert repo.run("check").returncode == 0
