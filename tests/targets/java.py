"""The Java target's test side (tests/targets/__init__.py): `mvn package` of a copy of
generated/java (the jar, sources and javadoc a user gets), then `javac -Xlint:all -Werror` on the
client's sources and on every program, against the dependencies Maven resolved."""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from scripts import targets
from scripts.targets.java import maven_repository
from tests.bindings.builds import BUILD, GENERATED, ROOT, fresh, run
from tests.system import program

NAME = "java"
MAVEN_OPTIONS = ("--batch-mode", "--quiet", "--no-transfer-progress")
JAVAC_STRICT = ("-Xlint:all", "-Werror", "--release", "17")
SCENARIO = ROOT / targets.TARGETS[NAME].tests.scenario_folder / "Scenario.java"
PACKAGE = targets.TARGETS[NAME].package.imports
_PUBLIC_CLASS = re.compile(r"(?m)^public (?:final )?class (\w+)")


@functools.cache
def java_client() -> Path:
    """A copy of generated/java packaged by Maven and its sources compiled with javac's strict
    settings; the copy, with target/ (the jars) and lib/ (the dependencies)."""
    project = BUILD / NAME / "client"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(GENERATED / NAME, project)
    run([program("mvn"), *MAVEN_OPTIONS, "package", "-DskipTests",
         "dependency:copy-dependencies", "-DincludeScope=compile", "-DoutputDirectory=lib"],
        project)  # fmt: skip
    sources = sorted(str(path) for path in (project / "src" / "main" / "java").rglob("*.java"))
    classes = fresh(project / "strict-classes")
    run([program("javac"), *JAVAC_STRICT, "-cp", java_classpath(project, jar=False),
         "-d", str(classes), *sources], project)  # fmt: skip
    return project


def java_jar(project: Path) -> Path:
    (jar,) = (project / "target").glob("snapshots-client-*[0-9].jar")
    return jar


def java_classpath(project: Path, jar: bool = True) -> str:
    entries = [str(project / "lib" / "*")]
    if jar:
        entries.insert(0, str(java_jar(project)))
    return os.pathsep.join(entries)


def java_program(name: str, class_name: str, source: str) -> list[str]:
    """Compile `source` (public class `class_name`) strictly against the client's jar; the
    command that runs it."""
    project = java_client()
    folder = fresh(BUILD / NAME / name)
    (folder / f"{class_name}.java").write_text(source, encoding="utf-8")
    classpath = java_classpath(project)
    run([program("javac"), *JAVAC_STRICT, "-cp", classpath, "-d", str(folder / "classes"),
         str(folder / f"{class_name}.java")], folder)  # fmt: skip
    return [
        program("java"),
        "-cp",
        os.pathsep.join((str(folder / "classes"), classpath)),
        class_name,
    ]


# --- TargetTests ------------------------------------------------------------------------------


def scenario() -> list[str]:
    return java_program("scenario", "Scenario", SCENARIO.read_text(encoding="utf-8"))


def programs(batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
    commands = {}
    for name, source in sources.items():
        found = _PUBLIC_CLASS.search(source)
        assert found, f"{name}: no public class"
        commands[name] = java_program(f"{batch}-{name}", found.group(1), source)
    return commands


def bundle(dest: Path, scratch: Path) -> None:
    # The jars `mvn package` made for the strict build, deployed as -s build does.
    maven_repository(dest, java_client())


def maven_local_repository(folder: Path) -> Path:
    """A Maven local repository that is the machine's (~/.m2/repository) for every artifact but
    this client's, so that Maven takes the client from the bundle, as a new user's would, and
    not a copy cached by an earlier run, while nothing else is downloaded again.

    By links, because Maven 3.8 has no chained local repositories (3.9's maven.repo.local.tail).
    """
    shared = Path.home() / ".m2" / "repository"
    (shared / "org").mkdir(parents=True, exist_ok=True)
    local = folder / "m2-repository"
    (local / "org").mkdir(parents=True)
    for entry in shared.iterdir():
        if entry.name != "org":
            (local / entry.name).symlink_to(entry)
    for entry in (shared / "org").iterdir():
        if entry.name != "vps":  # the client's groupId, org.vps
            (local / "org" / entry.name).symlink_to(entry)
    return local


def user_environment(env: dict[str, str], home: Path) -> None:
    env["MAVEN_OPTS"] = f"-Dmaven.repo.local={maven_local_repository(home)}"


def sample_imports(source: str) -> set[str]:
    found = re.findall(r"(?m)^import ([\w.]+);", source)
    return {
        PACKAGE if name.startswith(PACKAGE + ".") else name
        for name in found
        if not name.startswith(("java.", "javax."))
    }
