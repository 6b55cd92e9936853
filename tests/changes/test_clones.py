"""The gate in the clones CI systems make: a full clone, a clone without tags and a shallow
clone (``git clone --depth 1``) of a repository whose last commits hold a breaking change of the
document with ``info.version`` unchanged. Each must fail and name the version to raise to; the
gate once compared a shallow clone's commit with itself and passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.changes.git_repo import BREAKING_LINE, DOC, RELEASES, Repo, breaking, non_breaking

CLONES = {
    "full": ("--no-local",),
    "without tags": ("--no-local", "--no-tags"),
    "shallow": ("--depth", "1"),
}


def _origin(path: Path, *, released: bool) -> Repo:
    """Released 1.0.0 (tagged v1.0.0, and recorded when ``released``), then commits up to a
    breaking change under the same version."""
    origin = Repo.init(path)
    if released:
        origin.release_by_hand("1.0.0")
        origin.commit(None, "release 1.0.0")
    origin.git("tag", "v1.0.0")
    origin.commit(non_breaking("1.1.0"), "an optional field, version raised")
    origin.commit(breaking("1.1.0"), "narrower names, version not raised")
    return origin


def _clone(origin: Repo, into: Path, options: tuple[str, ...]) -> Repo:
    # file:// so that --depth is honoured (a local path clones everything).
    origin.git("clone", "-q", *options, f"file://{origin.path}", str(into))
    return Repo(into)


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Repo]:
    return {
        released: _origin(tmp_path_factory.mktemp(f"origin-{released}"), released=released)
        for released in (True, False)
    }


@pytest.mark.parametrize("kind", CLONES)
def test_a_committed_breaking_change_fails_the_gate_in_any_clone(
    origins: dict[bool, Repo], tmp_path: Path, kind: str
) -> None:
    clone = _clone(origins[True], tmp_path / "clone", CLONES[kind])
    # The clone is what it says (else the test would prove nothing about that kind of clone).
    commits = int(clone.git("rev-list", "--count", "HEAD"))
    assert commits == (1 if kind == "shallow" else 4)
    assert (clone.git("tag") == "") == (kind != "full")
    result = clone.run("check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "from openapi/releases/1.0.0.yaml (info.version 1.0.0)" in result.stdout
    assert BREAKING_LINE in result.stdout
    assert result.stdout.rstrip().endswith("raise info.version to 2.0.0.")


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """Released 1.0.0, then one commit with a breaking change made to the document and to the
    recorded release alike, version unchanged: the base moved with the document."""
    origin = Repo.init(tmp_path_factory.mktemp("origin-rewritten"))
    origin.release_by_hand("1.0.0")
    origin.commit(None, "release 1.0.0")
    origin.write(breaking("1.0.0"))
    (origin.path / RELEASES / "1.0.0.yaml").write_bytes((origin.path / DOC).read_bytes())
    origin.commit(None, "narrower names, and the release rewritten to match")
    return origin


@pytest.mark.parametrize("kind", CLONES)
def test_a_rewritten_release_fails_the_gate_in_any_clone_naming_the_file(
    rewritten: Repo, tmp_path: Path, kind: str
) -> None:
    clone = _clone(rewritten, tmp_path / "clone", CLONES[kind])
    assert int(clone.git("rev-list", "--count", "HEAD")) == (1 if kind == "shallow" else 3)
    for command in ("check", "changelog", "release"):
        result = clone.run(command)
        assert result.returncode == 2, command + result.stdout + result.stderr
        assert "No changes" not in result.stdout
        assert (
            "openapi/releases/1.0.0.yaml has changed since it was released (its SHA-256 is not "
            "the one in openapi/releases/SHA256SUMS)"
        ) in result.stderr
    # Restoring the release (from the commit that recorded it) brings back the real verdict.
    if kind != "shallow":
        recorded = clone.git("log", "--diff-filter=A", "--format=%H", "--", str(RELEASES))
        clone.git("checkout", recorded, "--", str(RELEASES / "1.0.0.yaml"))
        restored = clone.run("check")
        assert restored.returncode == 1, restored.stdout + restored.stderr
        assert BREAKING_LINE in restored.stdout


@pytest.mark.parametrize("kind", CLONES)
def test_without_a_recorded_release_no_clone_passes(
    origins: dict[bool, Repo], tmp_path: Path, kind: str
) -> None:
    # Tags alone are no base any more: in every clone the gate stops and says what to do.
    clone = _clone(origins[False], tmp_path / "clone", CLONES[kind])
    result = clone.run("check")
    assert result.returncode == 2, result.stdout
    assert "no release is recorded in openapi/releases" in result.stderr


def test_a_revision_a_shallow_clone_lacks_is_a_clear_error(
    origins: dict[bool, Repo], tmp_path: Path
) -> None:
    clone = _clone(origins[True], tmp_path / "clone", CLONES["shallow"])
    result = clone.run("check", "v1.0.0")
    assert result.returncode == 2, result.stdout
    assert "cannot read openapi/openapi.yaml at 'v1.0.0'" in result.stderr
    assert "This clone is shallow" in result.stderr
    assert "git fetch --unshallow --tags" in result.stderr
    # Fetching what the message says makes the same comparison work.
    clone.git("fetch", "-q", "--unshallow", "--tags")
    fetched = clone.run("check", "v1.0.0")
    assert fetched.returncode == 1, fetched.stdout + fetched.stderr
    assert "raise info.version to 2.0.0." in fetched.stdout
