"""Generate the Java client (generated/java, a Maven project) from the OpenAPI document.

The generator is openapi-generator (`java`, library `native`: java.net.http and Jackson), from
the jar that the PyPI package openapi-generator-cli ships, pinned in `requirements/generate.in`.
Its configuration and ignore file are in `openapi/java-client/`; the artifact's version is the
document's `info.version`. Written here: the README, from `openapi/java-client/README.md.tmpl`,
and one pin in the generated pom.xml (below). The hand-written layer (`openapi/java-client/layer/`,
the package `org.vps.snapshots.sdk`: typed exceptions, timeouts, retries, waiting) is copied in
after the generator has run, beside `Documented.java`, written here from the document with
`Documented.java.tmpl` (each operation's documented statuses, the error codes, the server's URL).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from scripts import system_deps
from scripts.code_samples import (
    BASE_URL_VARIABLE,
    DONE,
    REFUSED,
    TOKEN_VARIABLE,
    Call,
    Json,
    camel,
)
from scripts.generator_common import (
    HTTP_METHODS,
    ROOT,
    GenerationError,
    fill,
    load,
    operations_table,
    require_empty,
    run,
    run_openapi_generator,
)

CLIENT = ROOT / "openapi" / "java-client"
CONFIG = CLIENT / "openapi-generator.yaml"
IGNORE = CLIENT / "openapi-generator-ignore"
README_TEMPLATE = CLIENT / "README.md.tmpl"
LAYER = CLIENT / "layer"
DOCUMENTED_TEMPLATE = CLIENT / "Documented.java.tmpl"
LAYER_PACKAGE = Path("src/main/java/org/vps/snapshots/sdk")
# openapi-generator 7.26's templates call ObjectMapper.setSerializationInclusion, deprecated
# since Jackson 2.20, so with the Jackson its pom names (2.21) `javac -Xlint:all -Werror` fails.
# The newest Jackson before that deprecation keeps the strict build; drop this pin when the
# generator's templates move to setDefaultPropertyInclusion.
JACKSON = "2.19.4"
JACKSON_PROPERTIES = ("jackson-version", "jackson-annotations-version")


def generate(spec: Path, out: Path) -> None:
    """Write the complete Maven project made from `spec` into the new or empty `out`."""
    require_empty(out)
    document = load(spec)
    info = document["info"]
    run_openapi_generator(spec, out, CONFIG, IGNORE, artifactVersion=str(info["version"]))
    _pin_jackson(out / "pom.xml")
    layer = out / LAYER_PACKAGE
    layer.mkdir(parents=True)
    for source in sorted(LAYER.glob("*.java")):
        shutil.copyfile(source, layer / source.name)
    (layer / "Documented.java").write_text(_documented_class(document), encoding="utf-8")
    values = {
        "title": info["title"],
        "summary": info["summary"],
        "version": info["version"],
        "operations": operations_table(document, lambda operation_id: operation_id),
    }
    (out / "README.md").write_text(fill(README_TEMPLATE, values), encoding="utf-8")


def _pin_jackson(pom: Path) -> None:
    text = pom.read_text(encoding="utf-8")
    for name in JACKSON_PROPERTIES:
        text, count = re.subn(rf"<{name}>[^<]*</{name}>", f"<{name}>{JACKSON}</{name}>", text)
        if count != 1:
            raise GenerationError(f"{pom} has {count} <{name}> properties, expected one")
    pom.write_text(text, encoding="utf-8")


def _documented_class(document: dict[str, Any]) -> str:
    statuses = []
    for item in document["paths"].values():
        for method in HTTP_METHODS:
            if operation := item.get(method):
                codes = sorted(int(code) for code in operation["responses"] if code.isdigit())
                numbers = ", ".join(map(str, codes))
                statuses.append(
                    f'            Map.entry("{operation["operationId"]}", List.of({numbers}))'
                )
    codes = document["components"]["schemas"]["ErrorCode"]["enum"]
    values = {
        "server_url": document["servers"][0]["url"],
        "error_codes": ",\n".join(f'            "{code}"' for code in codes),
        "statuses": ",\n".join(statuses),
    }
    return fill(DOCUMENTED_TEMPLATE, values)


# --- The release bundle's dist/java/ (scripts/package_bindings.py) -----------------------------
MAVEN_OPTIONS = ("--batch-mode", "--quiet", "--no-transfer-progress")
# Pinned: Maven 3.8's default binding of `deploy` is 2.7, which writes no sources or javadoc.
MAVEN_DEPLOY_FILE = "org.apache.maven.plugins:maven-deploy-plugin:3.1.2:deploy-file"


def package(dest: Path, scratch: Path, *, verify: bool = True) -> None:
    """Write into `dest` a Maven repository (`org/vps/snapshots-client/VERSION/`: the pom, the
    jar, its sources and javadoc jars, checksums, maven-metadata.xml), written by
    maven-deploy-plugin's `deploy-file` from `mvn package` of a copy in `scratch`; a project
    names it as a `<repository>` with a `file://` URL. `mvn package` compiles the client, so
    `verify` asks nothing more of it."""
    copy = scratch / "java"
    shutil.copytree(ROOT / "generated" / "java", copy)
    run([system_deps.ensure("mvn"), *MAVEN_OPTIONS, "package", "-DskipTests"], copy)
    maven_repository(dest, copy)


def maven_repository(dest: Path, project: Path) -> None:
    """Deploy the jars `mvn package` made in `project` into the Maven repository `dest`."""
    (jar,) = (project / "target").glob("snapshots-client-*[0-9].jar")
    stem = jar.name.removesuffix(".jar")
    target = project / "target"
    command = [
        system_deps.ensure("mvn"),
        *MAVEN_OPTIONS,
        MAVEN_DEPLOY_FILE,
        f"-Dfile={jar}",
        f"-DpomFile={project / 'pom.xml'}",
        f"-Dsources={target / (stem + '-sources.jar')}",
        f"-Djavadoc={target / (stem + '-javadoc.jar')}",
        f"-Durl={dest.resolve().as_uri()}",
        "-DrepositoryId=release-bundle",
    ]
    run(command, project)


# --- The reference's code sample (scripts/code_samples.py) ------------------------------------
# The layer's SnapshotsClient.builder() (package
# org.vps.snapshots.sdk), one method per operationId taking the path and query parameters and
# the body model (built with fluent setters named after the properties in camelCase), throwing
# the unchecked APIStatusError (getStatus(), getCode()); ApiClient's default ObjectMapper writes
# an answer as the API's JSON.
# The generated code's package (openapi-generator.yaml's invokerPackage).
PACKAGE = "org.vps.snapshots"


def sample(call: Call, base_url: str) -> str:
    imports = [f"import {PACKAGE}.ApiClient;"] if call.success_has_body else []
    arguments = [
        _java_value(value, call.param_schemas[name])
        for name, value in [*call.path_params.items(), *call.query_params.items()]
    ]
    if call.body is not None:
        imports.append(f"import {PACKAGE}.model.{call.body_schema};")
        setters = "".join(
            f"\n                    .{camel(name)}({_java_value(value, call.body_schemas[name])})"
            for name, value in call.body.items()
        )
        arguments.append(f"new {call.body_schema}(){setters}")
    imports += [
        f"import {PACKAGE}.sdk.APIStatusError;",
        f"import {PACKAGE}.sdk.SnapshotsClient;",
    ]
    invocation = f"api.{camel(call.operation_id)}(" + ", ".join(arguments) + ");"
    if call.success_has_body:
        result = [
            f"            var answer = {invocation}",
            "            System.out.println(ApiClient.createDefaultObjectMapper()",
            "                    .writerWithDefaultPrettyPrinter().writeValueAsString(answer));",
        ]
    else:
        result = [f"            {invocation}", f'            System.out.println("{DONE}");']
    return "\n".join(
        [
            *imports,
            "",
            "public final class Example {",
            "    public static void main(String[] args)"
            + (" throws Exception {" if call.success_has_body else " {"),
            "        SnapshotsClient api = SnapshotsClient.builder()",
            "                .baseUrl(System.getenv().getOrDefault("
            f"{json.dumps(BASE_URL_VARIABLE)}, {json.dumps(base_url)}))",
            f"                .token(System.getenv({json.dumps(TOKEN_VARIABLE)}))",
            "                .build();",
            "        try {",
            *result,
            "        } catch (APIStatusError error) {",
            f'            System.err.println("{REFUSED} " + error.getStatus() + " "'
            " + error.getCode());",
            "            System.exit(1);",
            "        }",
            "    }",
            "}",
        ]
    )


def _java_value(value: Json, schema: Json) -> str:
    return _scalar(value, schema)


def _scalar(value: Json, schema: Json) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}L" if schema.get("format") == "int64" else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise ValueError(f"no Java sample for the value {value!r}")
