"""tests/parallel.py's scheduling, run for real: pytest with two xdist workers on a small suite
of its own, where the tests of two files form a group and two other files stand alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFTEST = """
from tests.parallel import GroupScheduling

def pytest_xdist_make_scheduler(config, log):
    return GroupScheduling(config, log, {"test_grouped_": "one"})
"""

# Each test writes down which worker ran it, and takes long enough that both workers get work.
TESTS = """
import os, pathlib, time, pytest

@pytest.mark.parametrize("case", range(4))
def test_case(case, request):
    time.sleep(0.1)
    out = pathlib.Path(os.environ["WHO_RAN"]) / f"{request.node.nodeid.replace('/', '_')}"
    out.write_text(os.environ["PYTEST_XDIST_WORKER"])
"""


def test_a_group_runs_whole_on_one_worker_and_the_rest_spreads(tmp_path: Path) -> None:
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (suite / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    for name in ("test_grouped_a", "test_grouped_b", "test_free_a", "test_free_b"):
        (suite / f"{name}.py").write_text(TESTS, encoding="utf-8")
    who_ran = tmp_path / "who-ran"
    who_ran.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-q"],
        cwd=suite,
        env={**os.environ, "PYTHONPATH": str(ROOT), "WHO_RAN": str(who_ran)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    ran = {path.name: path.read_text(encoding="utf-8") for path in who_ran.iterdir()}
    assert len(ran) == 16
    grouped = {worker for test, worker in ran.items() if test.startswith("test_grouped_")}
    assert len(grouped) == 1, f"the group's 8 tests ran on {sorted(grouped)}"
    for module in ("test_free_a", "test_free_b"):
        workers = {worker for test, worker in ran.items() if test.startswith(module)}
        assert len(workers) == 1, f"{module}'s tests ran on {sorted(workers)}"
    assert set(ran.values()) == {"gw0", "gw1"}, "both workers ran tests"
