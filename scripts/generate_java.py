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

import re
import shutil
from pathlib import Path
from typing import Any

from scripts.generator_common import (
    HTTP_METHODS,
    ROOT,
    GenerationError,
    fill,
    load,
    operations_table,
    require_empty,
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
