"""The Java client: Maven packages it (jar, sources, javadoc), and javac -Xlint:all -Werror
compiles it (the hand-written layer, org.vps.snapshots.sdk, included). (Its README, install from
the release bundle's Maven repository included, is followed in test_readmes.py.)"""

from __future__ import annotations

from tests import openapi_document
from tests.targets import java


def test_maven_makes_the_jar_its_sources_and_its_javadoc() -> None:
    project = java.java_client()
    version = openapi_document.load()["info"]["version"]
    made = {path.name for path in (project / "target").glob("*.jar")}
    for classifier in ("", "-sources", "-javadoc"):
        assert f"snapshots-client-{version}{classifier}.jar" in made
