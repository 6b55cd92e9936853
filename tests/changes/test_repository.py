"""The project's own document and changelog follow the workflow."""

from __future__ import annotations

from spec_changes import Level, Version, compare, releases
from spec_changes.model import highest
from spec_changes.report import has_entry
from tests.openapi_document import OPENAPI, ROOT, load


def test_the_changelog_has_an_entry_for_the_documents_version() -> None:
    # `nox -s changelog` writes it when info.version is raised; a release without one is a
    # version raised by hand and the workflow skipped.
    version = load()["info"]["version"]
    assert has_entry((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), version)


def test_every_release_is_recorded_with_its_changelog_entry() -> None:
    # The gate's base: it must exist in every clone (1.0.0 at least), each file must be the
    # version it is named after (`releases.recorded` checks that), and each must have its entry.
    recorded = releases.recorded(releases.default_directory(OPENAPI))
    assert recorded, "no release in openapi/releases: record one with `-s release`"
    assert recorded[0].version == Version(1, 0, 0)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert [str(r.version) for r in recorded if not has_entry(changelog, str(r.version))] == []


def test_the_document_is_not_older_than_its_last_release() -> None:
    last = releases.latest(releases.default_directory(OPENAPI))
    assert Version.parse(load()["info"]["version"]) >= last.version


def test_the_document_compared_with_itself_has_no_change() -> None:
    assert compare(load(), load()) == []


def test_a_new_error_code_is_breaking_as_the_document_says() -> None:
    # The ErrorCode description: "The list is closed: a new code is a change of this
    # document's version." The generated clients parse the code into a closed enum.
    new = load()
    new["components"]["schemas"]["ErrorCode"]["enum"].append("rate_limited")
    entries = compare(load(), new)
    assert highest(entries) is Level.BREAKING
    assert [(e.where, e.what) for e in entries] == [
        ("schema ErrorCode", 'enum value "rate_limited" added')
    ]


def test_a_longer_snapshot_name_is_breaking_for_those_who_receive_it() -> None:
    # The server accepts more, but clients were promised names of at most 64 characters.
    new = load()
    new["components"]["schemas"]["SnapshotName"]["maxLength"] = 128
    (entry,) = compare(load(), new)
    assert entry.level is Level.BREAKING
    assert entry.rule == "response-max-length-increased"
    assert "createSnapshot request body" not in entry.contexts
    assert "listSnapshots response 200" in entry.contexts
