"""The shared scenario (scenario.yaml), resolved for the programs, and their outcomes checked.

A program in each language (tests/scenario/<language>/) reads the resolved steps, a JSON file
whose path is its one argument, calls the mock at ``$SNAPSHOTS_MOCK_URL`` with its generated
client, and prints one JSON line per step: ``{"id", "status", "code", "count"}`` (``code`` the
error code of an error's body, ``count`` the number of snapshots a list answered; null
otherwise). Resolved steps hold only values: ``call`` (an operationId), ``token``, and as the
call needs them ``server_id``, ``name``, ``save`` (remember the created snapshot's id under this
name) and ``snapshot_id`` or ``snapshot`` (an id, or a name an earlier step saved).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from snapshots_mock import seed_facts

SCENARIO = Path(__file__).resolve().parent / "scenario.yaml"
# No account has this token: the wrong-token step's.
WRONG_TOKEN = "not-a-token-of-any-account"
TOKENS = {
    "account": seed_facts.TOKEN,
    "other_account": seed_facts.OTHER_TOKEN,
    "wrong": WRONG_TOKEN,
}
SERVERS = {"page_server": seed_facts.PAGE_SERVER}
SNAPSHOTS = {"other_account_snapshot": seed_facts.OTHER_COMPLETED_SNAPSHOT}
MOCK_OPTIONS = ("--snapshot-seconds", "0", "--restore-seconds", "0")
# Each target's outcomes in this run, by step id, for the table printed at its end.
RESULTS: dict[str, dict[str, Outcome]] = {}


@dataclass(frozen=True)
class Outcome:
    status: int
    code: str | None = None
    count: int | None = None

    def __str__(self) -> str:
        return " ".join(
            str(part) for part in (self.status, self.code, self.count) if part is not None
        )


def load() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["steps"]
    return steps


def expected() -> dict[str, Outcome]:
    return {step["id"]: Outcome(**step["expect"]) for step in load()}


def resolved() -> list[dict[str, Any]]:
    """The steps as the programs read them: the seed data's facts in place of their names."""
    steps = []
    saved: set[str] = set()
    for step in load():
        call: dict[str, Any] = {"id": step["id"], "call": step["call"], "token": TOKENS[step["as"]]}
        if "server" in step:
            call["server_id"] = SERVERS[step["server"]]
        if "name" in step:
            call["name"] = step["name"]
        if "save" in step:
            call["save"] = step["save"]
            saved.add(step["save"])
        if "snapshot" in step:
            reference = step["snapshot"]
            if reference in saved:
                call["snapshot"] = reference
            else:
                call["snapshot_id"] = SNAPSHOTS[reference]
        steps.append(call)
    return steps


def write_steps(path: Path) -> Path:
    path.write_text(json.dumps({"steps": resolved()}, indent=2), encoding="utf-8")
    return path


def parse_outcomes(stdout: str) -> dict[str, Outcome]:
    """A program's outcomes by step id, from the JSON lines it printed (other lines ignored)."""
    outcomes = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            outcomes[record["id"]] = Outcome(
                record["status"], record.get("code"), record.get("count")
            )
    return outcomes


def table(results: dict[str, dict[str, Outcome]]) -> str:
    """A text table, a row per step and a column per target: `ok`, or what the target got
    (`-`: it never reported the step)."""
    wanted = expected()
    targets = list(results)
    rows = [["step", "expected", *targets]]
    for step_id, outcome in wanted.items():
        cells = []
        for target in targets:
            got = results[target].get(step_id)
            cells.append("ok" if got == outcome else "-" if got is None else f"got {got}")
        rows.append([step_id, str(outcome), *cells])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
