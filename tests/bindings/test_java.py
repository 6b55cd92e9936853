"""The Java client: Maven packages it (jar, sources, javadoc), javac -Xlint:all -Werror
compiles it (the hand-written layer, org.vps.snapshots.sdk, included), and its README example,
compiled with the same settings, prints against the mock what the README shows."""

from __future__ import annotations

from pathlib import Path

from tests import openapi_document
from tests.bindings import builds

README = builds.GENERATED / "java" / "README.md"


def test_maven_makes_the_jar_its_sources_and_its_javadoc() -> None:
    project = builds.java_client()
    version = openapi_document.load()["info"]["version"]
    made = {path.name for path in (project / "target").glob("*.jar")}
    for classifier in ("", "-sources", "-javadoc"):
        assert f"snapshots-client-{version}{classifier}.jar" in made


def test_the_readme_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    source = builds.readme_example(README, "java", 'System.getenv("SNAPSHOTS_MOCK_URL")')
    command = builds.java_program("readme-example", "Example", source)
    # Its wait needs a snapshot that completes: in a second, not the mock's default five.
    result = builds.run_against_mock(command, tmp_path, "--snapshot-seconds", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == builds.readme_example_output(README)
