"""The reference for tools (scripts/docs_markdown.py): llms.txt and the Markdown pages of each
edition, read back with a Markdown parser and held to the document, the HTML page's samples and the
Belarusian catalog (issue 26 point 5)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scripts import build_docs, code_samples, docs_i18n, docs_markdown
from tests import openapi_document as doc
from tests.docs import english

SOURCE = code_samples.load_document()
OPERATIONS = {op["operationId"]: (path, method, op) for path, method, op in doc.operations(SOURCE)}
LANGUAGE_KEYS = {language.label: key for key, language in code_samples.LANGUAGES.items()}
# CommonMark with GFM tables (the guides' tables), as GitHub and most tools read Markdown.
PARSER = MarkdownIt("commonmark").enable("table")


def _folder(built_docs: Path, language: str) -> Path:
    return built_docs / build_docs.EDITIONS[language]


def _tokens(path: Path) -> list[Token]:
    return PARSER.parse(path.read_text(encoding="utf-8"))


def _pages(built_docs: Path, language: str) -> list[Path]:
    folder = _folder(built_docs, language)
    return [
        folder / docs_markdown.LLMS,
        folder / docs_markdown.LLMS_FULL,
        *sorted((folder / docs_markdown.PAGES).rglob("*.md")),
    ]


def _inline_text(token: Token) -> str:
    """An inline token's text as a reader reads it: code spans kept in backticks."""
    parts = []
    for child in token.children or []:
        if child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type in ("text", "softbreak", "hardbreak"):
            parts.append(child.content or " ")
    return "".join(parts)


def _sections(tokens: list[Token], level: str) -> dict[str, list[Token]]:
    """The tokens under each heading of `level` ("h2"), by the heading's text."""
    found: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    heading_ends = -1  # a heading's own text and end are not under it
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag <= level:
            current = None
            if token.tag == level:
                current = found.setdefault(_inline_text(tokens[index + 1]), [])
                heading_ends = index + 2
        elif current is not None and index > heading_ends:
            current.append(token)
    return found


def _words(language: str) -> dict[str, str]:
    return docs_i18n.markdown_strings(language)


@pytest.mark.parametrize("language", list(build_docs.EDITIONS))
def test_every_page_is_plain_markdown_with_one_title_and_no_skipped_level(
    built_docs: Path, language: str
) -> None:
    pages = _pages(built_docs, language)
    assert len(pages) == 2 + len(OPERATIONS) + 5  # the overview, 3 guides, the changelog
    for path in pages:
        text = path.read_text(encoding="utf-8")
        tokens = PARSER.parse(text)
        # Plain Markdown: none of the HTML the page's build writes (highlighted code, callouts),
        # none of Redoc's heading routes.
        kinds = {token.type for token in tokens} | {
            child.type for token in tokens for child in token.children or []
        }
        assert not kinds & {"html_block", "html_inline"}, path
        for html in ("{% id=", "<span", "<aside", "<pre"):
            assert html not in text, (path, html)
        headings = [int(token.tag[1]) for token in tokens if token.type == "heading_open"]
        assert headings[0] == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), path
        if path.name != docs_markdown.LLMS_FULL:
            assert headings.count(1) == 1, path
        # Every code block is fenced with its language; a JSON one is JSON.
        for token in tokens:
            if token.type == "code_block":
                pytest.fail(f"{path}: an indented code block: {token.content[:80]!r}")
            if token.type == "fence":
                assert token.info, (path, token.content[:80])
                if token.info == "json":
                    json.loads(token.content)


@pytest.mark.parametrize("language", list(build_docs.EDITIONS))
def test_llms_txt_follows_the_format_and_every_link_is_a_written_page(
    built_docs: Path, language: str
) -> None:
    folder = _folder(built_docs, language)
    edition = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    tokens = _tokens(folder / docs_markdown.LLMS)
    # llmstxt.org: an H1 with the name, a blockquote with the summary, then H2 sections of
    # link lists, each link "[name](url): notes".
    assert [t.type for t in tokens[:3]] == ["heading_open", "inline", "heading_close"]
    assert tokens[0].tag == "h1"
    assert tokens[1].content == edition["info"]["title"]
    assert tokens[3].type == "blockquote_open"
    assert _inline_text(tokens[5]) == edition["info"]["summary"]
    words = _words(language)
    sections = _sections(tokens, "h2")
    assert list(sections) == [words["Operations"], words["Guides"], words["Files"]]
    linked: list[str] = []
    for section in sections.values():
        items = [t for t in section if t.type == "inline"]
        assert items
        assert section[0].type == "bullet_list_open"
        for item in items:
            children = item.children or []
            assert children[0].type == "link_open", item.content
            notes = item.content.split("):", 1)[1].strip()
            assert notes, item.content
            linked.append(str(children[0].attrs["href"]))
    # Every link names a file written beside it; every Markdown page is linked.
    assert all((folder / href).is_file() for href in linked), linked
    pages = {p.relative_to(folder).as_posix() for p in (folder / docs_markdown.PAGES).rglob("*")}
    assert {href for href in linked if href.startswith(f"{docs_markdown.PAGES}/")} == {
        page for page in pages if page.endswith(".md")
    }
    # The operations in the page's order, each with its summary.
    operations = [t for t in sections[words["Operations"]] if t.type == "inline"]
    assert [str((t.children or [])[0].attrs["href"]) for t in operations] == [
        f"md/{operation_id}.md" for operation_id in build_docs.OPERATION_ORDER
    ]
    summaries = {op["operationId"]: op["summary"] for _, _, op in doc.operations(edition)}
    for token, operation_id in zip(operations, build_docs.OPERATION_ORDER, strict=True):
        assert token.content.startswith(f"[{summaries[operation_id]}]("), token.content


def _documented_error_codes(response: Any) -> set[str]:
    """The error codes of an answer's examples, read from the source document."""
    codes = set()
    for media in doc.resolve(SOURCE, response).get("content", {}).values():
        for example in media.get("examples", {}).values():
            value = doc.resolve(SOURCE, example)["value"]
            if "error" in value:
                codes.add(value["error"]["code"])
    return codes


@pytest.mark.parametrize("language", list(build_docs.EDITIONS))
def test_each_operation_page_has_its_statuses_error_codes_parameters_and_auth(
    built_docs: Path, language: str
) -> None:
    folder = _folder(built_docs, language)
    words = _words(language)
    for operation_id, (path, method, operation) in OPERATIONS.items():
        page = folder / docs_markdown.PAGES / f"{operation_id}.md"
        tokens = _tokens(page)
        text = page.read_text(encoding="utf-8")
        assert f"`{method.upper()} {SOURCE['servers'][0]['url']}{path}`" in text
        sections = _sections(tokens, "h2")
        # Who may call it: each security scheme of the operation, by name.
        authentication = " ".join(t.content for t in sections[words["Authentication"]])
        for requirement in operation.get("security", SOURCE.get("security", [])):
            for scheme in requirement:
                assert f"`{scheme}`" in authentication, page
        # Every parameter of the document, with where it goes.
        shared = SOURCE["paths"][path].get("parameters", [])
        parameters = [doc.resolve(SOURCE, p) for p in (*shared, *operation.get("parameters", []))]
        if parameters:
            listed = " ".join(t.content for t in sections[words["Parameters"]])
            for parameter in parameters:
                assert f"`{parameter['name']}` (`{parameter['in']}`" in listed, page
        else:
            assert words["Parameters"] not in sections, page
        body = [heading for heading in sections if heading.startswith(words["Request body"])]
        assert bool(body) == ("requestBody" in operation), page
        # Every documented status, by number, each with its error codes.
        statuses = _sections(tokens, "h3")
        answers = [status for status in statuses if status.isdigit()]
        assert answers == sorted(operation["responses"], key=int), page
        for status, response in operation["responses"].items():
            section = statuses[status]
            codes = _documented_error_codes(response)
            shown = [
                _inline_text(t)
                for t in section
                if t.type == "inline" and t.content.startswith(f"**{words['Error codes']}:**")
            ]
            if codes:
                assert len(shown) == 1, (page, status)
                assert set(shown[0].split(":", 1)[1].replace("`", "").replace(",", "").split()) == (
                    codes
                ), (page, status)
            else:
                assert shown == [], (page, status)


@pytest.mark.parametrize("language", list(build_docs.EDITIONS))
def test_the_code_samples_are_those_of_the_html_page(
    built_docs: Path, published_samples: dict[tuple[str, str], str], language: str
) -> None:
    folder = _folder(built_docs, language)
    words = _words(language)
    for operation_id in OPERATIONS:
        tokens = _tokens(folder / docs_markdown.PAGES / f"{operation_id}.md")
        samples = _sections(_sections(tokens, "h2")[words["Code samples"]], "h3")
        assert [LANGUAGE_KEYS[label] for label in samples] == list(code_samples.LANGUAGES)
        for label, section in samples.items():
            fences = [t for t in section if t.type == "fence"]
            assert len(fences) == 1, (operation_id, label)
            # The page's copy button copies the sample without a trailing newline; a fenced block
            # ends its code with one.
            published = published_samples[(operation_id, LANGUAGE_KEYS[label])]
            assert fences[0].content == published.rstrip("\n") + "\n", (operation_id, label)


def _prose(path: Path) -> list[str]:
    """Every text of a page a reader reads as words: not code spans, code blocks or link
    addresses."""
    texts = []
    for token in _tokens(path):
        for child in token.children or []:
            if child.type == "text" and child.content.strip():
                texts.append(child.content.strip())
    return texts


def test_the_belarusian_pages_carry_the_catalogs_translations(built_docs: Path) -> None:
    folder = _folder(built_docs, "be")
    edition = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    words = _words("be")
    english_words = _words("en")
    assert all(words[text] != text for text in docs_i18n.MARKDOWN_STRINGS if " " in text)
    translated = {op["operationId"]: op for _, _, op in doc.operations(edition)}
    for operation_id, (_, _, operation) in OPERATIONS.items():
        page = folder / docs_markdown.PAGES / f"{operation_id}.md"
        text = page.read_text(encoding="utf-8")
        # The document's texts as the catalog translates them, and the pages' own words.
        assert text.startswith(f"# {translated[operation_id]['summary']}\n")
        assert translated[operation_id]["summary"] != operation["summary"]
        assert f"\n## {words['Responses']}\n" in text
        assert f"\n## {english_words['Responses']}\n" not in text
        # "required" agrees with its noun: a parameter's masculine, a field's and a body's neuter.
        field, parameter = docs_i18n.required_words("be")
        if any(doc.resolve(SOURCE, p).get("required") for p in operation.get("parameters", [])):
            assert f", {parameter}):" in text, page
        assert f", {field}):" in text, page
        if "requestBody" in operation:
            assert f"\n## {words['Request body']} ({field})\n" in text, page
    # A guide page as the catalog translates it.
    errors = (folder / docs_markdown.GUIDE_PAGES / "errors.md").read_text(encoding="utf-8")
    heading = docs_i18n.load_catalog("be").get("## Error codes", context="guide/errors.md")
    assert heading is not None
    assert errors.startswith(f"# {str(heading.string)[3:]}\n")


def test_the_belarusian_markdown_has_no_english_but_code_and_names(built_docs: Path) -> None:
    folder = _folder(built_docs, "be")
    edition = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    # As the browser test of the page: the document's names and values, the sample languages'
    # names, the words of the edition's code, and the allow-list.
    names = (
        english.document_words(SOURCE) | set(code_samples.LANGUAGES) | english.code_words(edition)
    )
    found = [
        f"{path.relative_to(folder)}: {text}"
        for path in _pages(built_docs, "be")
        for text in english.english_texts(_prose(path), names)
    ]
    assert found == [], "\n".join(found)
    # The check reads words at all: the English edition's pages fail it.
    english_pages = _pages(built_docs, "en")
    assert english.english_texts(_prose(english_pages[0]), names)


def test_a_missing_markdown_word_fails_the_translation_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n = tmp_path / "i18n"
    shutil.copytree(docs_i18n.I18N, i18n)
    monkeypatch.setattr(docs_i18n, "I18N", i18n)
    catalog = docs_i18n.load_catalog("be")
    message = catalog.get("Request body", context="markdown")
    assert message is not None
    assert message.string
    message.string = ""
    docs_i18n.write_catalog(catalog, docs_i18n.catalog_path("be"))
    cover = docs_i18n.coverage("be", SOURCE)
    assert cover.missing == [("markdown", "Request body")]
    assert docs_i18n.main(["status"]) == 1
    with pytest.raises(docs_i18n.TranslationError):
        docs_i18n.Translator("be", SOURCE)
    with pytest.raises(docs_i18n.TranslationError, match="Request body"):
        docs_i18n.markdown_strings("be")
