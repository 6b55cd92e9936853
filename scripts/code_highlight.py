"""The guide pages' code blocks, highlighted at build time with Pygments.

Redoc 3 renders a Markdown code block of a description as a plain ``<pre>``: one colour, and (in
the template's old rule) wrapped. Each fenced block of the reference's description becomes an
HTML ``<pre>`` instead, its tokens in Pygments' short CSS classes (``k`` keyword, ``s`` string,
``c`` comment, ...) that the page template colours in light and dark mode, scrolling sideways
rather than wrapping, and in the Tab order so that a keyboard can scroll it (axe:
scrollable-region-focusable).
"""

from __future__ import annotations

import html
import re
from typing import Any

from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

# A fenced block of CommonMark: ``` or ~~~, an optional language, the code, the same fence.
_FENCE = re.compile(
    r"^(?P<fence>```|~~~)(?P<lang>[\w+-]*)[^\n]*\n(?P<code>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def highlight_code_blocks(markdown: str, label: str) -> str:
    """`markdown` with every fenced code block as a highlighted HTML ``<pre>``; `label` names
    the scrolling box for assistive technology (its role is a region)."""
    return _FENCE.sub(lambda match: _block(match, label), markdown)


def _block(match: re.Match[str], label: str) -> str:
    lang, code = match.group("lang"), match.group("code").rstrip("\n")
    try:
        tokens = list(get_lexer_by_name(lang).get_tokens(code)) if lang else []
    except ClassNotFound:
        tokens = []
    body = _spans(tokens) if tokens else f"<span>{html.escape(code)}</span>"
    return (
        f'<pre class="guide-code" data-language="{html.escape(lang or "text")}" tabindex="0"'
        f' role="region" aria-label="{html.escape(label)}"><code>{body}</code></pre>'
    )


def _spans(tokens: list[tuple[Any, str]]) -> str:
    """The tokens as ``<span class="...">`` elements, by Pygments' own short class names.

    Written by hand, not Pygments' HtmlFormatter: Redoc parses a description's HTML into its own
    nodes and drops every text node that is only white space, so the spaces, indentation and
    line ends between the formatter's spans vanished (``importosfrom``). Here each run of white
    space joins the token before it (the first line's indentation, the token after it), so that no
    such text node is left.
    """
    merged: list[list[str]] = []
    pending = ""
    for kind, value in tokens:
        if not value:
            continue
        if not value.strip():
            if merged:
                merged[-1][1] += value
            else:
                pending += value
            continue
        merged.append([_css_class(kind), pending + value])
        pending = ""
    if merged:
        merged[-1][1] = merged[-1][1].rstrip("\n")  # Pygments ends the code with a line end
    return "".join(f'<span class="{css}">{html.escape(text)}</span>' for css, text in merged)


def _css_class(kind: Any) -> str:
    while kind not in STANDARD_TYPES:
        kind = kind.parent
    return STANDARD_TYPES[kind] or "t"
