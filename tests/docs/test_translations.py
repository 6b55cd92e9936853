"""The reference's translations (docs/i18n/*.po, scripts/docs_i18n.py): complete, faithful to the
original page's Belarusian, kept out of what the API sends, and a gate that names every missing
or stale text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import build_docs, code_samples, docs_i18n
from tests import openapi_document as doc

SOURCE = code_samples.load_document()
OPERATIONS = {op["operationId"]: op for _, _, op in doc.operations(SOURCE)}
CATALOGUE = docs_i18n.GUIDES / "errors.md"
TOTAL = docs_i18n.coverage("be", SOURCE).total

# The original page's own Belarusian (with its slips fixed: "Аднавіць з маментальнай здымкі"
# for "Restore from snapshot" reads "from an instant (feminine) snapshot"), as each operation's
# summary and answers say it.
SEED_WORDING = {
    "listSnapshots": ("Спіс усіх здымкаў", {"200": "Спіс здымкаў паспяхова атрыманы."}),
    "createSnapshot": ("Стварыць здымак", {"201": "Стварэнне здымка пачалося паспяхова."}),
    "restoreSnapshot": ("Аднавіць са здымка", {"200": "Аднаўленне пачалося паспяхова."}),
    "deleteSnapshot": ("Выдаліць здымак", {"204": "Здымак паспяхова выдалены."}),
}
UNAUTHORIZED = "Несанкцыянавана — несапраўдны або адсутнічае токен аўтэнтыфікацыі."


def _edition(built_docs: Path, language: str) -> Any:
    folder = build_docs.EDITIONS[language]
    return json.loads((built_docs / folder / "openapi.json").read_text(encoding="utf-8"))


def _without_prose(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: _without_prose(value)
            for key, value in node.items()
            if not (key in docs_i18n.TRANSLATED_KEYS and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_without_prose(item) for item in node]
    return node


def test_the_catalog_translates_every_text() -> None:
    cover = docs_i18n.coverage("be", SOURCE)
    assert (cover.missing, cover.stale) == ([], [])
    assert cover.total > 100


def test_the_belarusian_edition_differs_only_in_its_words(built_docs: Path) -> None:
    english, belarusian = _edition(built_docs, "en"), _edition(built_docs, "be")
    # Example values, samples, schemas and codes are what the API takes and sends: untouched.
    assert _without_prose(belarusian) == _without_prose(english)
    assert belarusian["info"]["title"] == "VPS.org API здымкаў"
    for item in belarusian["paths"].values():
        for operation in item.values():
            summary, answers = SEED_WORDING[operation["operationId"]]
            assert operation["summary"] == summary
            for status, description in answers.items():
                assert operation["responses"][status]["description"].startswith(description)
    unauthorized = belarusian["components"]["responses"]["Unauthorized"]["description"]
    assert unauthorized == UNAUTHORIZED
    text = json.dumps(belarusian, ensure_ascii=False)
    assert "ПОШТА" not in text
    assert "маментальнай" not in text
    # Every description is Belarusian: no English sentence is left in the prose.
    for english_text, belarusian_text in _texts(english, belarusian):
        if re.search(r"[a-z]{4,} [a-z]{4,} [a-z]{4,}", _prose(english_text)):
            assert belarusian_text != english_text
            assert re.search("[а-яўі]", belarusian_text), belarusian_text


def _texts(english: Any, belarusian: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(english, dict):
        for key, value in english.items():
            if key in docs_i18n.VALUE_KEYS:
                continue
            if key in docs_i18n.TRANSLATED_KEYS and isinstance(value, str):
                found.append((value, belarusian[key]))
            else:
                found += _texts(value, belarusian[key])
    elif isinstance(english, list):
        for left, right in zip(english, belarusian, strict=True):
            found += _texts(left, right)
    return found


def _prose(text: str) -> str:
    # Code spans and code blocks are the same in both languages.
    return re.sub(r"```.*?```|`[^`]*`", "", text, flags=re.DOTALL)


def test_each_edition_downloads_its_own_document(built_docs: Path) -> None:
    for language in build_docs.EDITIONS:
        folder = built_docs / build_docs.EDITIONS[language]
        as_json = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
        assert yaml.safe_load((folder / "openapi.yaml").read_text(encoding="utf-8")) == as_json
    assert _edition(built_docs, "be")["info"]["summary"] != SOURCE["info"]["summary"]


@pytest.mark.parametrize("change", ["changed", "added"])
def test_the_build_fails_naming_each_stale_or_missing_text(tmp_path: Path, change: str) -> None:
    source = yaml.safe_load(code_samples.OPENAPI.read_text(encoding="utf-8"))
    operation = source["paths"]["/api/v1/snapshots/"]["get"]
    if change == "changed":
        operation["summary"] = "List every snapshot"
        expected = "stale    [/paths/~1api~1v1~1snapshots~1/get/summary] List every snapshot"
        # The old summary stays, translated: the recorded release 2.0.1 still says it, and the
        # site builds that release's page in every language too.
        total, translated = TOTAL + 1, TOTAL
    else:
        source["components"]["parameters"]["SnapshotId"]["x-note"] = "not prose"
        source["components"]["schemas"]["ServerRef"]["title"] = "Server reference"
        expected = "missing  [/components/schemas/ServerRef/title] Server reference"
        total, translated = TOTAL + 1, TOTAL
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(build_docs.DocsBuildError) as failure:
        build_docs.build(tmp_path / "out", source=changed)
    message = str(failure.value)
    assert expected in message
    assert f"be: {translated} of {total} texts translated" in message
    assert not (tmp_path / "out").exists()


def test_update_keeps_the_old_translation_as_fuzzy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As msgmerge does: a changed English text keeps its translation, marked fuzzy, with the
    # English it was translated from beside it, for the translator to compare.
    i18n = tmp_path / "i18n"
    shutil.copytree(docs_i18n.I18N, i18n)
    monkeypatch.setattr(docs_i18n, "I18N", i18n)
    monkeypatch.setattr(docs_i18n, "TEMPLATE", i18n / "reference.pot")
    source = json.loads(json.dumps(SOURCE))
    source["paths"]["/api/v1/snapshots/"]["get"]["summary"] = "List all snapshots of yours"
    docs_i18n.update(source)
    text = (i18n / "be.po").read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "List all snapshots"\n'
        'msgctxt "/paths/~1api~1v1~1snapshots~1/get/summary"\n'
        'msgid "List all snapshots of yours"\nmsgstr "Спіс усіх здымкаў"'
    ) in text
    cover = docs_i18n.coverage("be", source)
    assert [context for context, _, _ in cover.stale] == [
        "/paths/~1api~1v1~1snapshots~1/get/summary"
    ]


def test_status_prints_each_languages_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert docs_i18n.main(["status"]) == 0
    assert re.fullmatch(
        r"be: (\d+) of \1 texts translated \(100\.0%\), 0 missing, 0 stale\n",
        capsys.readouterr().out,
    )


def test_the_error_catalogue_explains_every_code_with_its_status() -> None:
    rows = re.findall(r"(?m)^\| `(\w+)` \| (\d{3}) \| (.+?) \| (.+?) \|$", CATALOGUE.read_text())
    codes = {code: int(status) for code, status, _, _ in rows}
    assert list(codes) == SOURCE["components"]["schemas"]["ErrorCode"]["enum"]
    assert all(meaning and action for _, _, meaning, action in rows)
    # Each code's status is the status of the answers whose examples carry it.
    for operation in OPERATIONS.values():
        for status, response in operation["responses"].items():
            media = doc.resolve(SOURCE, response).get("content", {}).get("application/json", {})
            for example in media.get("examples", {}).values():
                value = doc.resolve(SOURCE, example)["value"]
                if "error" in value:
                    assert codes[value["error"]["code"]] == int(status), value


def _belarusian_texts() -> list[tuple[str, str]]:
    return [
        (message.context or "", str(message.string))
        for message in docs_i18n.load_catalog("be")
        if message.id and isinstance(message.string, str)
    ]


def test_the_belarusian_grammar_the_reviewers_checklist_names() -> None:
    """docs/reference-docs.md's checklist for a Belarusian reviewer, as far as a test reads it."""
    texts = _belarusian_texts()
    # "абавязковы" agrees with its noun: Redoc's one "required" is the neuter of "цела" and
    # "поле"; the page puts the masculine beside a parameter.
    assert docs_i18n.required_words("be") == ("абавязковае", "абавязковы")
    for context, text in texts:
        prose = _prose(text)
        # ў, not у, after a word that ends in a vowel (a Latin name read with one too: "API").
        after_vowel = re.findall(r"(?:[аеёіоуыэюяАЕЁІОУЫЭЮЯ]|API) у[а-яіў]*", prose)
        assert after_vowel == [], (context, after_vowel)
        # Calques of the English the issue found.
        for calque in ("Кожны іншы канец", "адказвае серверам", "(major)"):
            assert calque not in text, (context, calque)
