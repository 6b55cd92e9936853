"""The translation workflow as a maintainer meets it (issue 23): the messages name the command
that works, and `update` succeeds when it has written the catalogs.

The catalogs are copied to a temporary folder first: `update` writes them.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import build_docs, code_samples, docs_i18n

SOURCE = code_samples.load_document()
NEW_SUMMARY = "List every snapshot you have"


def _changed() -> Any:
    document = copy.deepcopy(SOURCE)
    document["paths"]["/api/v1/snapshots/"]["get"]["summary"] = NEW_SUMMARY
    document["components"]["schemas"]["ServerRef"]["title"] = "Server reference"
    return document


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    i18n = tmp_path / "i18n"
    shutil.copytree(docs_i18n.I18N, i18n)
    monkeypatch.setattr(docs_i18n, "I18N", i18n)
    monkeypatch.setattr(docs_i18n, "TEMPLATE", i18n / "reference.pot")
    monkeypatch.setattr(code_samples, "load_document", _changed)
    return i18n


def test_update_exits_0_once_it_has_written_and_says_what_is_left(
    catalogs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (catalogs / "be.po").read_text(encoding="utf-8")
    # It used to write the catalogs and then fail the session ("Session translations failed").
    assert docs_i18n.main(["update"]) == 0
    written = capsys.readouterr().out
    assert (catalogs / "be.po").read_text(encoding="utf-8") != before
    assert "1 missing, 1 stale" in written
    assert f"then check with `{docs_i18n.STATUS_COMMAND}`" in written
    # The check still fails until a person has translated them, and says how to go on.
    assert docs_i18n.main(["status"]) == 1
    status = capsys.readouterr().out
    assert f"`{docs_i18n.UPDATE_COMMAND}`" in status


def test_a_complete_catalog_passes_both_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    i18n = tmp_path / "i18n"
    shutil.copytree(docs_i18n.I18N, i18n)
    monkeypatch.setattr(docs_i18n, "I18N", i18n)
    monkeypatch.setattr(docs_i18n, "TEMPLATE", i18n / "reference.pot")
    assert docs_i18n.main(["update"]) == 0
    assert docs_i18n.main(["status"]) == 0
    assert "Translate" not in capsys.readouterr().out


def test_the_docs_build_names_the_command_that_works(tmp_path: Path) -> None:
    # It named `python -m scripts.docs_i18n update`, which fails outside the session's venv
    # (No module named 'babel').
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(_changed(), allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(build_docs.DocsBuildError) as failure:
        build_docs.build(tmp_path / "out", source=changed)
    message = str(failure.value)
    assert "`python3 scripts/run_nox.py -s translations -- update`" in message
    assert "python -m scripts.docs_i18n" not in message
    assert f"stale    [/paths/~1api~1v1~1snapshots~1/get/summary] {NEW_SUMMARY}" in message
