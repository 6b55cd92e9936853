"""What counts as English in the Belarusian edition, for every test that reads it (the page in
Chromium, tests/docs/test_reader_view.py; the Markdown for tools, tests/docs/test_markdown.py):
any Latin word but code, the document's own names and values, and a short allow-list."""

from __future__ import annotations

import html
import re
from typing import Any

from scripts import docs_i18n, targets

# What may stay English in the Belarusian edition: names of products, formats and protocols
# (as the page's prose uses them), HTTP methods, and what the page quotes from an English-only
# text. Code, identifiers and the document's own values (field names, codes, examples) are let
# through by their form (see `allowed`), not listed here.
ALLOWED_WORDS = {
    # products, formats and protocols
    *("VPS.org", "API", "HTTP", "HTTPS", "JSON", "YAML", "URL", "UTF-8", "ASCII", "NUL", "KiB"),
    *("OpenAPI", "Redocly", "cURL", "MIME", "Apache", "UTC", "Bearer", "HTML"),
    # the Model Context Protocol, by its name, and its transport
    *("Model", "Context", "Protocol", "MCP", "stdio"),
    *(target.label for target in targets.TARGETS.values()),
    *("Node", "ES", "Maven", "Jackson"),
    # keys and HTTP methods
    *("Ctrl", "Esc", "GET", "POST", "PUT", "PATCH", "DELETE", "get", "post", "put", "delete"),
}
# The toolkit manual's section that the getting-started page cites by its (English) title.
ALLOWED_TITLES = ("«Installing from a release bundle»",)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def document_words(node: Any) -> set[str]:
    """Every key and every string value outside the prose: what the API names and sends."""
    words: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            words |= set(LATIN_WORD.findall(str(key)))
            if key not in docs_i18n.TRANSLATED_KEYS:
                words |= document_words(value)
    elif isinstance(node, list):
        for item in node:
            words |= document_words(item)
    elif isinstance(node, str) and " " not in node.strip():
        words |= set(LATIN_WORD.findall(node))
    return words


def code_words(node: Any) -> set[str]:
    """The words of every code span and code block of the edition's prose (the guide pages are
    part of its description): search results show them as plain text."""
    if isinstance(node, dict):
        return set().union(set(), *(code_words(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(set(), *(code_words(item) for item in node))
    if isinstance(node, str):
        code = re.findall(r"```.*?```|`[^`]*`", node, flags=re.DOTALL)
        # The guide's code blocks are highlighted at build time (scripts/code_highlight.py):
        # HTML <code> elements whose tokens are spans.
        for block in re.findall(r"<code[^>]*>(.*?)</code>", node, flags=re.DOTALL):
            code.append(html.unescape(re.sub(r"<[^>]+>", "", block)))
        return set(LATIN_WORD.findall(" ".join(code)))
    return set()


def allowed(token: str, names: set[str]) -> bool:
    """Code and identifiers by their form: a path, a name with `_`, `.`, digits or inner
    capitals, a quoted value; or one of the document's names or the allowed words."""
    if re.search(r"[_/.:#{}()\[\]=<>@\d]|^\"|^'|[a-z][A-Z]|^(Ctrl|Alt|Shift)\+\w$", token):
        return True
    return all(word in names or word in ALLOWED_WORDS for word in LATIN_WORD.findall(token))


def english_texts(texts: list[str], names: set[str]) -> list[str]:
    """Those of `texts` with a word that is neither code, a name of `names` nor allowed."""
    found = []
    for text in texts:
        value = (
            text.split("=", 1)[1]
            if re.match(r"^(aria-label|title|alt|placeholder)=", text)
            else text
        )
        for title in ALLOWED_TITLES:
            value = value.replace(title, "")
        if any(not allowed(token, names) for token in value.split()):
            found.append(text)
    return found
