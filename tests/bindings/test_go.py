"""The Go client: go vet and staticcheck pass on it, and its README example, compiled with the
same checks as a module of its own, prints against the mock what the README shows."""

from __future__ import annotations

from pathlib import Path

from tests.bindings import builds

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
    from scripts import package_bindings
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    dist = tmp_path / "dist"
    dist.mkdir()
    package_bindings.package_go(dist, tmp_path)
    user = tmp_path / "user"
    user.mkdir()
    (user / "go.mod").write_text("module example.com/user\n\ngo 1.26.0\n", encoding="utf-8")
    (user / "main.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\n\tsnapshots "vps.org/snapshots-client-go"\n)\n\n'
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
    output = builds.run(["go", "run", "."], user, env)
    assert output.splitlines()[-1] == version
