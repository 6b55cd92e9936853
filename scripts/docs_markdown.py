"""The reference for tools: ``llms.txt`` and one Markdown page per operation and guide, per edition.

A tool (a language model, a crawler, a script) reads Markdown better than Redoc's page, which is a
script that draws the reference in a browser. Each edition's folder gets, beside its
``index.html``:

- ``llms.txt`` in the llmstxt.org format: an H1 (the document's title), a blockquote (its
  summary), a line on what the files hold, then H2 sections of Markdown links, each with a
  one-line description: the operations, the guides, the other files;
- ``md/<operationId>.md``: the operation's method and URL, its text, who may call it (the
  security scheme), its parameters, request body and every answer (status, text, headers,
  schema fields, error codes, examples), and its code samples, the same ``x-codeSamples`` the
  HTML page's copy button copies;
- ``md/guides/<name>.md``: the document's overview (its description) and each guide page of the
  reference (getting started, error codes, waiting, the changelog);
- ``llms-full.txt``: every page above in one file, in the order ``llms.txt`` lists them.

Everything is made from what the HTML page is made from: the edition's translated document
(``scripts/docs_i18n.py``, before the build turns its guide code into HTML), the guide pages in
the edition's language, and the page's own words, which are catalog entries (context
``markdown``) that the translation gate covers. The schemas are read as the page draws them
(``scripts/reader_schemas.py``), so that the create answer says ``in_progress`` here too.

The Markdown is written by hand: it is a few headings, lists and fenced blocks, and no Markdown
writer library takes an OpenAPI operation (the converters that do, such as widdershins, render
their own templates in English and would need every word of them translated separately).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import docs_i18n
from scripts.code_samples import HTTP_METHODS, _resolve
from scripts.reader_schemas import reader_schemas

Json = Any

# Where the pages go inside an edition's folder.
PAGES = "md"
GUIDE_PAGES = f"{PAGES}/guides"
LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
OVERVIEW = "overview"
# The files written beside the Markdown by the rest of the build, which llms.txt links.
HTML_PAGE = "index.html"
DOWNLOADS = ("openapi.json", "openapi.yaml")
# A fence's language for each x-codeSamples `lang` that is not a highlighter's name.
FENCE_LANGUAGES = {"curl": "shell"}
# The route Redoc gives a heading ("## Authentication {% id="section/authentication" %}", added
# by docs_i18n for the HTML page): no use in Markdown.
_HEADING_ROUTE = re.compile(r' \{% id="[^"]*" %\}')
# A sentence's end: a full stop, "!" or "?" before a space, outside code spans.
_SENTENCE_END = re.compile(r"`[^`]*`|(?<=[.!?])\s")
# The constraints of a schema shown beside its type, as JSON Schema names them.
CONSTRAINTS = (
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "const",
    "enum",
    "default",
)


@dataclass(frozen=True)
class Page:
    """One written page: its path inside the edition's folder, its title, its one-line summary
    for llms.txt and its Markdown."""

    path: str
    title: str
    summary: str
    text: str


def write(document: Json, language: str, out: Path, guides: Mapping[str, str]) -> list[Page]:
    """Write `language`'s llms.txt, llms-full.txt and Markdown pages into `out`.

    `document` is the edition's translated document (with its ``x-codeSamples``, operations in
    the page's order), `guides` the edition's guide pages by file name (translated, placeholders
    filled); a guide's pages of one name without ``.md`` (``changelog.md`` and ``CHANGELOG.md``)
    make one page. Returns the pages written, in llms.txt's order.
    """
    words = docs_i18n.markdown_strings(language)
    required = dict(zip(("field", "parameter"), docs_i18n.required_words(language), strict=True))
    shown = reader_schemas(document)
    operations = [
        _operation_page(shown, path, method, words, required) for path, method in _ops(shown)
    ]
    guide_pages = [_overview_page(document, words), *_guide_pages(guides)]
    # The folder is the build's own: a page of an operation or guide since removed goes with it.
    shutil.rmtree(out / PAGES, ignore_errors=True)
    for page in (*operations, *guide_pages):
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
    index = _llms(document, language, words, operations, guide_pages)
    (out / LLMS).write_text(index, encoding="utf-8")
    full = "\n".join(page.text for page in (*operations, *guide_pages))
    (out / LLMS_FULL).write_text(f"{index}\n{full}", encoding="utf-8")
    return [*operations, *guide_pages]


def plain(text: str) -> str:
    """A text of the edition as Markdown of its own: no heading routes."""
    return _HEADING_ROUTE.sub("", text).strip("\n")


def first_sentence(markdown: str) -> str:
    """The first sentence of `markdown`'s first paragraph (that is not a heading), on one line."""
    for block in docs_i18n.blocks(plain(markdown)):
        if block.startswith("#") or docs_i18n.is_code(block):
            continue
        line = " ".join(block.split())
        for match in _SENTENCE_END.finditer(line):
            if not match.group().startswith("`"):
                return line[: match.start()]
        return line
    return ""


# --- llms.txt --------------------------------------------------------------------------------


def _llms(
    document: Json,
    language: str,
    words: Mapping[str, str],
    operations: list[Page],
    guides: list[Page],
) -> str:
    info = document["info"]
    ui = docs_i18n.ui_strings(language)
    files = [
        (words["The HTML page"], HTML_PAGE, words["The same reference as one HTML page."]),
        *(
            (
                ui[f"OpenAPI document ({name.rsplit('.', 1)[1].upper()})"],
                name,
                words["The API as one OpenAPI document, with the code samples."],
            )
            for name in DOWNLOADS
        ),
        (
            words["All pages in one file"],
            LLMS_FULL,
            words["Every page listed here, one after another."],
        ),
    ]
    lines = [
        f"# {info['title']}",
        "",
        f"> {' '.join(plain(info['summary']).split())}",
        "",
        words[
            "Each operation and guide of this reference as a Markdown page: an operation with its "
            "parameters, answers, error codes and code samples that run as they are."
        ],
        "",
        f"## {words['Operations']}",
        "",
        *(f"- [{page.title}]({page.path}): {page.summary}" for page in operations),
        "",
        f"## {words['Guides']}",
        "",
        *(f"- [{page.title}]({page.path}): {page.summary}" for page in guides),
        "",
        f"## {words['Files']}",
        "",
        *(f"- [{title}]({path}): {summary}" for title, path, summary in files),
    ]
    return "\n".join(lines) + "\n"


# --- Guides ----------------------------------------------------------------------------------


def _overview_page(document: Json, words: Mapping[str, str]) -> Page:
    info = document["info"]
    text = "\n\n".join(
        (
            f"# {info['title']}",
            f"> {' '.join(plain(info['summary']).split())}",
            plain(info["description"]),
        )
    )
    return Page(
        f"{GUIDE_PAGES}/{OVERVIEW}.md",
        info["title"],
        words["The rules every call follows: authentication, requests, limits and errors."],
        text + "\n",
    )


def _guide_pages(guides: Mapping[str, str]) -> Iterator[Page]:
    """One page per guide name: its headings one level up (a guide opens with an H2 under the
    HTML page's title; here its title is the page's H1), code blocks as they are."""
    merged: dict[str, list[str]] = {}
    for name, text in guides.items():
        merged.setdefault(name.removesuffix(".md").lower(), []).extend(
            docs_i18n.blocks(plain(text))
        )
    for name, blocks in merged.items():
        text = "\n\n".join(
            block if docs_i18n.is_code(block) else re.sub(r"(?m)^#(#+) ", r"\1 ", block)
            for block in blocks
        )
        title = re.search(r"(?m)^# (.+)$", text)
        yield Page(
            f"{GUIDE_PAGES}/{name}.md",
            title.group(1).strip() if title else name,
            first_sentence(text),
            text + "\n",
        )


# --- Operations ------------------------------------------------------------------------------


def _ops(document: Json) -> Iterator[tuple[str, str]]:
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method


def _operation_page(
    document: Json, path: str, method: str, words: Mapping[str, str], required: Mapping[str, str]
) -> Page:
    item = document["paths"][path]
    operation = item[method]
    url = str(document["servers"][0]["url"]).rstrip("/") + path
    lines = [f"# {operation['summary']}", "", f"`{method.upper()} {url}`", ""]
    if operation.get("description"):
        lines += [plain(operation["description"]), ""]
    lines += _security(document, operation, words)
    parameters = [
        _resolve(document, p)
        for p in (*item.get("parameters", ()), *operation.get("parameters", ()))
    ]
    if parameters:
        lines += [f"## {words['Parameters']}", ""]
        for parameter in parameters:
            schema = _resolve(document, parameter.get("schema", {}))
            facts = [f"`{parameter['in']}`", *_type_facts(document, schema)]
            if "example" in parameter:
                facts.append(f"`example: {json.dumps(parameter['example'])}`")
            if parameter.get("required"):
                facts.append(required["parameter"])
            text = parameter.get("description") or schema.get("description", "")
            lines += _item("", f"`{parameter['name']}` ({', '.join(facts)})", text)
        lines.append("")
    if "requestBody" in operation:
        body = _resolve(document, operation["requestBody"])
        # "(required)" beside the body's own name, so that the word agrees with it.
        need = f" ({required['field']})" if body.get("required") else ""
        lines += [f"## {words['Request body']}{need}", ""]
        if body.get("description"):
            lines += [plain(body["description"]), ""]
        lines += _content(document, body.get("content", {}), words, required)
    lines += [f"## {words['Responses']}", ""]
    # By status, whatever order the document (or Redocly's bundle) gives them in.
    for status, response in sorted(operation["responses"].items(), key=_status_order):
        lines += _response(document, str(status), _resolve(document, response), words, required)
    samples = operation.get("x-codeSamples", [])
    if samples:
        lines += [f"## {words['Code samples']}", ""]
        for sample in samples:
            fence = FENCE_LANGUAGES.get(sample["lang"], sample["lang"])
            lines += [f"### {sample['label']}", "", *_fenced(sample["source"], fence), ""]
    summary = f"`{method.upper()} {path}` — {first_sentence(operation.get('description', ''))}"
    return Page(
        f"{PAGES}/{operation['operationId']}.md",
        operation["summary"],
        summary.rstrip(" —"),
        "\n".join(lines).rstrip("\n") + "\n",
    )


def _status_order(item: tuple[str, Any]) -> tuple[int, str]:
    status = str(item[0])
    return (int(status), "") if status.isdigit() else (1000, status)


def _security(document: Json, operation: Json, words: Mapping[str, str]) -> list[str]:
    requirements = operation.get("security", document.get("security", []))
    lines = [f"## {words['Authentication']}", ""]
    names = [name for requirement in requirements for name in requirement]
    if not names:
        return [*lines, words["No token is needed."], ""]
    schemes = document.get("components", {}).get("securitySchemes", {})
    for name in names:
        scheme = schemes.get(name, {})
        kind = " ".join(str(scheme[key]) for key in ("type", "scheme", "in") if key in scheme)
        lines += _item("", f"`{name}` (`{kind}`)", scheme.get("description", ""))
    return [*lines, ""]


def _response(
    document: Json,
    status: str,
    response: Json,
    words: Mapping[str, str],
    required: Mapping[str, str],
) -> list[str]:
    lines = [f"### {status}", ""]
    if response.get("description"):
        lines += [plain(response["description"]), ""]
    headers = response.get("headers", {})
    if headers:
        lines += [f"**{words['Headers']}:**", ""]
        for name, header in headers.items():
            header = _resolve(document, header)
            facts = _type_facts(document, _resolve(document, header.get("schema", {})))
            lines += _item("", f"`{name}` ({', '.join(facts)})", header.get("description", ""))
        lines.append("")
    content = response.get("content", {})
    if not content:
        return [*lines, words["The answer has no body."], ""]
    codes = error_codes(document, response)
    if codes:
        lines += [f"**{words['Error codes']}:** " + ", ".join(f"`{code}`" for code in codes), ""]
    return lines + _content(document, content, words, required)


def error_codes(document: Json, response: Json) -> list[str]:
    """The error codes an answer carries, as its examples give them, in their order."""
    codes: list[str] = []
    for media in response.get("content", {}).values():
        for example in _examples(document, media):
            value = example.get("value")
            if isinstance(value, dict) and isinstance(value.get("error"), dict):
                code = value["error"].get("code")
                if isinstance(code, str) and code not in codes:
                    codes.append(code)
    return codes


def _content(
    document: Json,
    content: Json,
    words: Mapping[str, str],
    required: Mapping[str, str],
) -> list[str]:
    lines: list[str] = []
    for media_type, media in content.items():
        schema = media.get("schema", {})
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        name = f"`{ref.rsplit('/', 1)[-1]}`, " if ref else ""
        lines += [f"**{words['Schema']}:** {name}`{media_type}`", ""]
        fields = list(_fields(document, _resolve(document, schema), required, ""))
        if fields:
            lines += [*fields, ""]
        for example in _examples(document, media):
            title = f"**{words['Example']}:**"
            if example.get("summary"):
                title += f" {_one_line(example['summary'])}"
            value = json.dumps(example.get("value"), indent=2, ensure_ascii=False)
            lines += [title, "", *_fenced(value, "json"), ""]
    return lines


def _fields(
    document: Json, schema: Json, required: Mapping[str, str], indent: str
) -> Iterator[str]:
    """The properties of an object schema (and of an array's items), one list item each, the
    nested ones indented under theirs."""
    if _types(schema) == ["array"]:
        schema = _resolve(document, schema.get("items", {}))
    needed = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        resolved = _resolve(document, prop)
        facts = _type_facts(document, resolved)
        if name in needed:
            facts.append(required["field"])
        text = prop.get("description") or resolved.get("description", "")
        yield from _item(indent, f"`{name}` ({', '.join(facts)})", text)
        inner = resolved
        if _types(inner) == ["array"]:
            inner = _resolve(document, inner.get("items", {}))
        if inner.get("properties"):
            yield from _fields(document, inner, required, indent + "  ")


def _type_facts(document: Json, schema: Json) -> list[str]:
    """A schema's type and constraints, each as code: `integer`, `minimum: 1`, ..."""
    types = _types(schema)
    if types == ["array"]:
        items = _resolve(document, schema.get("items", {}))
        ref = schema.get("items", {}).get("$ref", "")
        inner = ref.rsplit("/", 1)[-1] if ref else " | ".join(_types(items)) or "any"
        facts = [f"`array<{inner}>`"]
    else:
        facts = [f"`{' | '.join(types) or 'any'}`"]
    for key in CONSTRAINTS:
        if key in schema:
            value = schema[key]
            shown = value if key in ("format", "pattern") else json.dumps(value, ensure_ascii=False)
            facts.append(f"`{key}: {shown}`")
    return facts


def _types(schema: Json) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if kind:
        return [str(kind)]
    if "properties" in schema:
        return ["object"]
    if "const" in schema:
        return [type(schema["const"]).__name__.replace("str", "string")]
    return []


def _examples(document: Json, media: Json) -> list[Json]:
    if media.get("examples"):
        return [_resolve(document, example) for example in media["examples"].values()]
    if "example" in media:
        return [{"value": media["example"]}]
    return []


def _fenced(code: str, language: str) -> list[str]:
    """A fenced code block that no backtick run of `code` can close."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", code.rstrip("\n"), fence]


def _item(indent: str, head: str, description: str) -> list[str]:
    """A list item: `head`, then the description's first paragraph on its line and any further
    blocks (a table, a list) indented beneath it, as CommonMark continues a list item."""
    blocks = docs_i18n.blocks(plain(description)) if description.strip() else []
    if not blocks:
        return [f"{indent}- {head}"]
    first, *rest = blocks
    lines = [f"{indent}- {head}: {' '.join(first.split())}"]
    for block in rest:
        lines += ["", *(f"{indent}  {line}" if line else "" for line in block.split("\n"))]
    if rest:
        lines.append("")
    return lines


def _one_line(text: str) -> str:
    return " ".join(plain(text).split())
