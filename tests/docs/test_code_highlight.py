"""The guide pages' code blocks as highlighted HTML (scripts/code_highlight.py): the code reads
back exactly, with no text node that Redoc would drop, and the rest of the page is untouched; and
the build's patches of Redoc's script refuse a script they no longer match."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from scripts import build_docs
from scripts.code_highlight import highlight_code_blocks

CODE = 'import os\n\n\ndef main():\n    print(os.environ["A"] < "b")  # <why>\n'
PAGE = f"Before `x`.\n\n```python\n{CODE}```\n\nAfter.\n\n```\nplain  text\n```\n"


def test_the_code_reads_back_exactly_with_no_blank_text_between_tags() -> None:
    out = highlight_code_blocks(PAGE, "Code example")
    assert out.startswith("Before `x`.\n\n<pre ")
    assert "\n\nAfter.\n\n<pre " in out
    blocks = re.findall(r"<pre [^>]*><code>(.*?)</code></pre>", out, re.DOTALL)
    assert len(blocks) == 2
    texts = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
    assert texts == [CODE.rstrip("\n"), "plain  text"]
    for block in blocks:
        # Redoc drops a text node that is only white space: none is left between two tags.
        assert re.findall(r">(\s+)<", block) == []
        assert re.sub(r"<span[^>]*>.*?</span>", "", block, flags=re.DOTALL) == ""
    assert '<span class="kn">import ' in blocks[0]  # a keyword, in Pygments' own class
    assert 'aria-label="Code example"' in out
    assert 'tabindex="0"' in out


# Redoc's script as Redocly CLI inlines it into the page (the version package-lock.json pins).
REDOC_SCRIPT = build_docs.ROOT / "node_modules/@redocly/cli/lib/chunks/redoc.standalone.js"


@pytest.mark.parametrize("patch", build_docs.NAVIGATION_PATCHES, ids=lambda patch: patch[0])
def test_a_navigation_patch_that_no_longer_matches_fails_the_build(patch: tuple[Any, ...]) -> None:
    script = REDOC_SCRIPT.read_text(encoding="utf-8")
    build_docs._patch_script(script)  # the pinned Redoc: every patch applies
    name, pattern, *_ = patch
    changed = pattern.sub("/* a later Redoc */", script)
    with pytest.raises(build_docs.DocsBuildError, match=re.escape(name)):
        build_docs._patch_script(changed)
