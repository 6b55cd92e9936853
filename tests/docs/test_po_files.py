"""The PO files `python -m scripts.docs_i18n update` writes (scripts/docs_i18n.py): a fuzzy entry's
previous msgid (``#| msgid``, the English its translation was made from) reads back exactly,
however long and whatever it holds, writing what was read changes no byte, GNU gettext reads
what the tool writes and the tool reads what gettext writes, and ``update`` with nothing changed
rewrites nothing."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from scripts import code_samples, docs_i18n
from tests.system import program

CONTEXT = "guide/waiting.md"
ENGLISH = "Stop the server before you create a snapshot."
TRANSLATION = "Спыніце сервер, перш чым ствараць здымак."
LOCATIONS = [("docs/reference/waiting.md", 7), ("openapi/openapi.yaml", 120)]
NOTE = (
    "> **Note:** creating a snapshot while the server is running may result in filesystem\n"
    "> inconsistencies. For best results, stop the server before creating a snapshot."
)
# What each previous msgid holds; "long" is longer than the catalogs' line width (100), so it is
# wrapped over several lines, as "newlines" is at its newlines.
PREVIOUS = {
    "short": "Stop the server first.",
    "long": "Creating a snapshot while the server is running may result in filesystem "
    "inconsistencies; for best results, stop the server before creating a snapshot of it.",
    "newlines": NOTE,
    "escapes": 'A "quoted" word, a back\\slash,\ta tab, a #| and a line that ends in one\n',
    "blank line": "First paragraph.\n\nSecond paragraph after a blank line.\n",
}


@pytest.fixture
def i18n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """docs_i18n pointed at an empty folder of catalogs."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    monkeypatch.setattr(docs_i18n, "I18N", folder)
    monkeypatch.setattr(docs_i18n, "TEMPLATE", folder / "reference.pot")
    return folder


def _catalog(previous: str) -> Catalog:
    catalog = Catalog(locale="be", project=docs_i18n.PROJECT, fuzzy=False)
    catalog.creation_date = docs_i18n.CREATION_DATE
    catalog.add("Snapshots", string="Здымкі", context="/tags/0/x-displayName")
    catalog.add(
        ENGLISH,
        string=TRANSLATION,
        context=CONTEXT,
        locations=LOCATIONS,
        flags={"fuzzy"},
        previous_id=previous,
    )
    catalog.add("Waiting", string="Чаканне", context="guide/waiting.md", locations=LOCATIONS[:1])
    return catalog


def _fields(message: Message | None) -> tuple[Any, ...]:
    assert message is not None
    return (
        message.id,
        message.string,
        message.context,
        message.fuzzy,
        sorted(message.locations),
        list(message.previous_id),
        message.user_comments,
    )


@pytest.mark.parametrize("previous", PREVIOUS.values(), ids=PREVIOUS.keys())
def test_a_previous_msgid_reads_back_exactly_and_rewrites_unchanged(
    i18n: Path, previous: str
) -> None:
    path = docs_i18n.catalog_path("be")
    docs_i18n.write_catalog(_catalog(previous), path)
    written = path.read_bytes()

    read = docs_i18n.load_catalog("be")
    assert _fields(read.get(ENGLISH, context=CONTEXT)) == (
        ENGLISH,
        TRANSLATION,
        CONTEXT,
        True,
        sorted(LOCATIONS),
        [previous],
        [],  # no translator's comment made of the `#|` lines
    )
    assert [m.previous_id for m in read if m.id and m.id != ENGLISH] == [[], []]
    docs_i18n.write_catalog(read, path)
    assert path.read_bytes() == written


def test_the_previous_msgid_is_written_as_gettext_writes_it(i18n: Path) -> None:
    path = docs_i18n.catalog_path("be")
    docs_i18n.write_catalog(_catalog(NOTE), path)
    expected = (
        "#, fuzzy\n"
        '#| msgid ""\n'
        '#| "> **Note:** creating a snapshot while the server is running may result in '
        'filesystem\\n"\n'
        '#| "> inconsistencies. For best results, stop the server before creating a snapshot."\n'
        f'msgctxt "{CONTEXT}"\n'
    )
    assert expected in path.read_text(encoding="utf-8")
    # GNU gettext reads the file without a complaint and finds the same previous msgid: msgcat
    # writes it again in its own form (unwrapped, one line per line of the text).
    msgcat = program("msgcat")
    result = subprocess.run(
        [msgcat, "--no-wrap", str(path)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert expected in result.stdout


@pytest.mark.parametrize("previous", PREVIOUS.values(), ids=PREVIOUS.keys())
def test_gettext_reads_each_previous_msgid_as_written(i18n: Path, previous: str) -> None:
    # msgcat fails (or warns) on a `#|` line it cannot parse, and writes what it read in its own
    # form, which the reader then takes back.
    path, copy = docs_i18n.catalog_path("be"), i18n / "msgcat.po"
    docs_i18n.write_catalog(_catalog(previous), path)
    msgcat = program("msgcat")
    result = subprocess.run(
        [msgcat, "--no-wrap", "-o", str(copy), str(path)], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")
    message = docs_i18n.read_catalog(copy, "be").get(ENGLISH, context=CONTEXT)
    assert _fields(message)[3:6] == (True, sorted(LOCATIONS), [previous])


def test_the_reader_takes_the_previous_msgids_gettext_writes(i18n: Path) -> None:
    # msgmerge, gettext's own merge, is the oracle: the old catalog translates the old English,
    # the template has the new one; msgmerge --previous keeps the translation as fuzzy with the
    # old English in `#|` lines, which docs_i18n must read back as the previous msgid.
    old, new = NOTE, NOTE.replace("filesystem\n", "file system\n") + " Wait for it to stop."
    translation = "> **Заўвага:** стварэнне здымка на працуючым серверы..."
    definitions, reference = Catalog(locale="be", fuzzy=False), Catalog(fuzzy=False)
    definitions.add(old, string=translation, context=CONTEXT)
    reference.add(new, context=CONTEXT)
    for catalog, name in ((definitions, "old.po"), (reference, "new.pot")):
        with (i18n / name).open("wb") as stream:
            write_po(stream, catalog)
    msgmerge = program("msgmerge")
    merge = ["--quiet", "--previous", "-o", str(docs_i18n.catalog_path("be"))]
    subprocess.run([msgmerge, *merge, str(i18n / "old.po"), str(i18n / "new.pot")], check=True)
    assert "#| msgid" in docs_i18n.catalog_path("be").read_text(encoding="utf-8")
    message = docs_i18n.load_catalog("be").get(new, context=CONTEXT)
    assert _fields(message) == (new, translation, CONTEXT, True, [], [old], [])


@pytest.fixture
def real_catalogs(i18n: Path) -> Path:
    """A copy of the project's catalogs, for docs_i18n to update."""
    shutil.rmtree(i18n)
    shutil.copytree(docs_i18n.ROOT / "docs" / "i18n", i18n)
    return i18n


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_update_rewrites_nothing_when_nothing_changed(real_catalogs: Path) -> None:
    before = _files(real_catalogs)
    docs_i18n.update(code_samples.load_document())
    assert _files(real_catalogs) == before


def test_a_changed_multiline_text_stays_fuzzy_across_updates(real_catalogs: Path) -> None:
    source = code_samples.load_document()
    context, english = next(
        (message.context, str(message.id))
        for message in docs_i18n.template(source)
        if message.context and message.context.startswith("/") and "\n" in str(message.id)
    )
    translated = docs_i18n.load_catalog("be").get(english, context=context)
    assert translated is not None
    assert translated.string
    translation = translated.string

    def change(to: str) -> Message:
        changed = json.loads(json.dumps(source))
        parent, key = docs_i18n._locate(changed, context)
        parent[key] = parent[key].replace(english, to)
        docs_i18n.update(changed)
        message = docs_i18n.load_catalog("be").get(to, context=context)
        assert message is not None
        return message

    first = change(english + " Changed.")
    assert (first.fuzzy, first.string, first.previous_id) == (True, translation, [english])
    after_first = _files(real_catalogs)
    # The same source again: nothing to rewrite; the entry keeps its `#|` lines.
    assert change(english + " Changed.").previous_id == [english]
    assert _files(real_catalogs) == after_first
    # Changed once more before anyone translated it: as msgmerge does, the previous msgid stays
    # the English the translation was made from, not the intermediate one.
    second = change(english + " Changed twice.")
    assert (second.fuzzy, second.string, second.previous_id) == (True, translation, [english])


def _babel_written(previous: str) -> str:
    buffer = io.BytesIO()
    write_po(buffer, _catalog(previous), width=100, include_previous=True)
    return buffer.getvalue().decode("utf-8")


GARBLED = {
    # What Babel's own write_po(include_previous=True) makes of a multi-line previous msgid:
    # quoted strings cut across `#|` lines.
    "babel's wrapping": _babel_written(NOTE),
    # A hand edit that leaves a quote unescaped.
    "unescaped quote": _babel_written("Stop the server first.").replace(
        '"Stop the server first."', '"Stop the "server" first."'
    ),
}


@pytest.mark.parametrize("text", GARBLED.values(), ids=GARBLED.keys())
def test_a_garbled_previous_msgid_is_refused_naming_its_line(i18n: Path, text: str) -> None:
    # The reader stops at the line rather than guess, so `update` cannot write it back worse.
    lines = text.split("\n")
    number = 1 + next(n for n, line in enumerate(lines) if line.startswith("#| "))
    docs_i18n.catalog_path("be").write_text(text, encoding="utf-8")
    with pytest.raises(docs_i18n.TranslationError, match=f"be.po:{number}: not one quoted"):
        docs_i18n.load_catalog("be")


def test_babel_still_cannot_read_or_write_a_previous_msgid() -> None:
    # Why docs_i18n writes and reads the `#|` lines itself (babel issue #206, Babel 2.19): when
    # this fails, Babel has changed how it handles them, and docs_i18n's own code for them
    # (read_catalog, catalog_bytes) should be checked against it and, if Babel gets it right,
    # dropped for write_po(include_previous=True) and read_po.
    buffer = io.BytesIO()
    write_po(buffer, _catalog(NOTE), width=100, include_previous=True)
    text = buffer.getvalue().decode("utf-8")
    assert '#| msgid ""\n#| "> **Note:**' not in text  # Babel wraps it as a comment
    message = read_po(io.BytesIO(buffer.getvalue()), locale="be").get(ENGLISH, context=CONTEXT)
    assert message is not None
    assert message.previous_id == []
    assert message.user_comments[0].startswith('| msgid ""')
