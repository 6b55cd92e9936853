"""Generate the Java client (generated/java, a Maven project) from the OpenAPI document.

The generator is openapi-generator (`java`, library `native`: java.net.http and Jackson), from
the jar that the PyPI package openapi-generator-cli ships, pinned in `requirements/generate.in`.
Its configuration and ignore file are in `openapi/java-client/`; the artifact's version is the
document's `info.version`. Written here: the README, from `openapi/java-client/README.md.tmpl`,
and one pin in the generated pom.xml (below).
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.generator_common import (
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
