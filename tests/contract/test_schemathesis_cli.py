"""``schemathesis.toml`` makes a plain ``st run`` work against the mock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.contract.runs import ROOT, read_report
from tests.mock.helpers import mock_process

ST_REPORTS = ROOT / "reports" / "schemathesis"


def test_st_run_with_the_repository_configuration_passes(tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    before = set(ST_REPORTS.glob("junit-*.xml"))
    with mock_process(
        tmp_path / "mock.log",
        "--database-url",
        f"sqlite:///{tmp_path / 'mock.sqlite3'}",
        "--no-access-log",
    ) as server:
        # docs/contract-tests.md's `st run openapi/openapi.yaml`, on this test's mock's free port.
        completed = subprocess.run(
            [str(st), "run", "openapi/openapi.yaml", "--url", server.url],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    # Every phase ran, the suite's custom checks among the checks.
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, output
    (report,) = set(ST_REPORTS.glob("junit-*.xml")) - before
    assert read_report(report).failures == 0
