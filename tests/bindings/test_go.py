"""The Go client: go vet and staticcheck pass on it, and its README example, compiled with the
same checks as a module of its own, prints against the mock what the README shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.bindings import builds
from tests.system import program

README = builds.GENERATED / "go" / "README.md"


def test_the_module_passes_go_vet_and_staticcheck() -> None:
    builds.go_client()


def test_the_module_is_versioned_by_the_document() -> None:
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    text = (builds.GENERATED / "go" / "version.go").read_text(encoding="utf-8")
    assert f'const Version = "{version}"' in text


def test_the_readme_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    source = builds.readme_example(README, "go", 'os.Getenv("SNAPSHOTS_MOCK_URL")')
    # The example imports what it uses; reading the environment needs "os" too.
    source = source.replace('\t"log"\n', '\t"log"\n\t"os"\n', 1)
    binary = builds.go_program("readme-example", source)
    # Its snapshot completes a second after it is created, so that its wait is short.
    result = builds.run_against_mock([str(binary)], tmp_path, "--snapshot-seconds", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == builds.readme_example_output(README)


def test_the_packaged_module_installs_through_goproxy(tmp_path: Path) -> None:
    from scripts import generate_go, package_bindings
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    module = builds.go_client_module()
    assert module == generate_go.module_path(version)
    dist = tmp_path / "dist"
    dist.mkdir()
    package_bindings.package_go(dist, tmp_path)
    user = tmp_path / "user"
    user.mkdir()
    (user / "go.mod").write_text("module example.com/user\n\ngo 1.26.0\n", encoding="utf-8")
    (user / "main.go").write_text(
        f'package main\n\nimport (\n\t"fmt"\n\n\tsnapshots "{module}"\n)\n\n'
        "func main() { fmt.Println(snapshots.Version) }\n",
        encoding="utf-8",
    )
    # The folder is the proxy for this module (not in the public checksum database); the
    # runtime and its dependencies come from the Go module proxy as usual.
    env = {
        **builds.GO_ENV,
        "GOPROXY": f"file://{dist},https://proxy.golang.org",
        "GONOSUMDB": "vps.org",
        "GOFLAGS": "-mod=mod -modcacherw",
        "GOMODCACHE": str(tmp_path / "modcache"),
    }
    output = builds.run([program("go"), "run", "."], user, env)
    assert output.splitlines()[-1] == version


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
    from scripts import generate_go

    assert generate_go.module_path(version) == path


def test_the_module_path_refuses_a_version_that_is_not_semver() -> None:
    from scripts import generate_go

    with pytest.raises(ValueError, match=r"not a MAJOR\.MINOR\.PATCH"):
        generate_go.module_path("2.0")


def test_generated_go_declares_the_module_path_of_the_documents_version() -> None:
    from scripts import generate_go
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    module = generate_go.module_path(version)
    assert builds.go_client_module() == module
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
    from scripts import generate_go

    def pack(path: str) -> None:
        module = tmp_path / "module"
        shutil.rmtree(module, ignore_errors=True)
        module.mkdir()
        (module / "go.mod").write_text(f"module {path}\n\ngo 1.26.0\n", encoding="utf-8")
        (module / "version.go").write_text("package snapshots\n", encoding="utf-8")
        out = tmp_path / "proxy"
        builds.run([program("go"), "run", "./modzip", str(module), f"v{version}", str(out)],
                   generate_go.TOOLS, builds.GO_ENV)  # fmt: skip

    right = generate_go.module_path(version)
    pack(right)
    wrong = {generate_go.MODULE, *(f"{generate_go.MODULE}/v{n}" for n in (2, 3))} - {right}
    for path in sorted(wrong):
        with pytest.raises(builds.BuildError, match=r"invalid version: should be v"):
            pack(path)
