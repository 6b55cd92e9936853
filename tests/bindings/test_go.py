"""The Go client: go vet and staticcheck pass on it, and its module path follows its version.
(Its README, install from the release bundle included, is followed in test_readmes.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.bindings import builds
from tests.system import program
from tests.targets import go as go_tests

README = builds.GENERATED / "go" / "README.md"


def test_the_module_passes_go_vet_and_staticcheck() -> None:
    go_tests.go_client()


def test_the_module_is_versioned_by_the_document() -> None:
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    text = (builds.GENERATED / "go" / "version.go").read_text(encoding="utf-8")
    assert f'const Version = "{version}"' in text


@pytest.mark.parametrize(
    ("version", "path"),
    [
        ("0.9.1", "vps.org/snapshots-client-go"),
        ("1.0.0", "vps.org/snapshots-client-go"),
        ("1.12.3", "vps.org/snapshots-client-go"),
        ("2.0.0", "vps.org/snapshots-client-go/v2"),
        ("3.0.0", "vps.org/snapshots-client-go/v3"),
        ("12.4.0", "vps.org/snapshots-client-go/v12"),
    ],
)
def test_the_module_path_ends_in_the_major_version_from_2_on(version: str, path: str) -> None:
    from scripts.targets import go

    assert go.module_path(version) == path


def test_the_module_path_refuses_a_version_that_is_not_semver() -> None:
    from scripts.targets import go

    with pytest.raises(ValueError, match=r"not a MAJOR\.MINOR\.PATCH"):
        go.module_path("2.0")


def test_generated_go_declares_the_module_path_of_the_documents_version() -> None:
    from scripts.targets import go
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    module = go.module_path(version)
    assert go_tests.go_client_module() == module
    readme = README.read_text(encoding="utf-8")
    assert f"go get {module}@v{version}" in readme
    assert all(f'snapshots "{module}"' in block for block in builds.readme_blocks(README, "go"))


@pytest.mark.parametrize("version", ["1.4.0", "2.0.0", "3.0.0"])
def test_go_accepts_the_module_path_at_its_version_and_refuses_the_others(
    version: str, tmp_path: Path
) -> None:
    """The oracle is the go command's own module code (golang.org/x/mod, through
    openapi/go-client/tools/modzip): it packs a module only when its path's /vN suffix agrees
    with the version, as the Go module proxy and `go get` require."""
    from scripts.targets import go

    def pack(path: str) -> None:
        module = tmp_path / "module"
        shutil.rmtree(module, ignore_errors=True)
        module.mkdir()
        (module / "go.mod").write_text(f"module {path}\n\ngo 1.26.0\n", encoding="utf-8")
        (module / "version.go").write_text("package snapshots\n", encoding="utf-8")
        out = tmp_path / "proxy"
        builds.run([program("go"), "run", "./modzip", str(module), f"v{version}", str(out)],
                   go.TOOLS, go.GO_ENV)  # fmt: skip

    right = go.module_path(version)
    pack(right)
    wrong = {go.MODULE, *(f"{go.MODULE}/v{n}" for n in (2, 3))} - {right}
    for path in sorted(wrong):
        with pytest.raises(builds.BuildError, match=r"invalid version: should be v"):
            pack(path)
