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
    source = source.replace('\t"net/http"\n', '\t"net/http"\n\t"os"\n', 1)
    binary = builds.go_program("readme-example", source)
    result = builds.run_against_mock([str(binary)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == builds.readme_example_output(README)
