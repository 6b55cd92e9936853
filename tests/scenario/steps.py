"""The shared scenario (scenario.yaml), resolved for the programs, and their outcomes checked.

A program in each language (tests/scenario/<language>/) reads the resolved steps, a JSON file
whose path is its one argument, calls the mock at ``$SNAPSHOTS_MOCK_URL`` with its generated
client, and prints one JSON line per step: ``{"id", "status", "code", "count"}`` (``code`` the
error code of an error's body, ``count`` the number of snapshots a list answered; null
otherwise). Resolved steps hold only values: ``call`` (an operationId), ``token``, and as the
call needs them ``server_id``, ``name``, ``save`` (remember the created snapshot's id under this
name) and ``snapshot_id`` or ``snapshot`` (an id, or a name an earlier step saved).

The second part, misbehaviour.yaml, is walked by the same programs against a mock started with
``MISBEHAVIOUR_MOCK_OPTIONS``: its steps carry ``"layer": true`` (make the call through the
binding's hand-written layer, with its defaults; ``call`` may also be ``waitForSnapshot``) and
may carry ``arm`` (a rule to POST to ``/_mock/misbehaviour`` before the call; after it, GET the
rules and print that answer's JSON text as ``rules``, then DELETE them). Their line is
``{"id", "error", "status", "code", "count", "state", "rules"}``: ``error`` the neutral name of
what the layer raised (misbehaviour.yaml lists them; ``none`` for a success), ``status`` and
``code`` the status error's, ``state`` the status of the snapshot a wait returned.
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
SERVERS = {"page_server": seed_facts.PAGE_SERVER, "flaky_server": seed_facts.FLAKY_SERVER}
SNAPSHOTS = {
    "other_account_snapshot": seed_facts.OTHER_COMPLETED_SNAPSHOT,
    "page_latest_snapshot": seed_facts.PAGE_LATEST_SNAPSHOT,
}
MOCK_OPTIONS = ("--snapshot-seconds", "0", "--restore-seconds", "0")
MISBEHAVIOUR = SCENARIO.with_name("misbehaviour.yaml")
# A snapshot takes a second, so that the waits poll at least once while it is in progress.
MISBEHAVIOUR_MOCK_OPTIONS = ("--misbehaviour", "--snapshot-seconds", "1", "--restore-seconds", "0")


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    code: str | None = None
    count: int | None = None
    error: str | None = None
    state: str | None = None
    left: int | None = None

    def __str__(self) -> str:
        parts = [self.error, self.status, self.code, self.count, self.state]
        text = " ".join(str(part) for part in parts if part is not None)
        return text if self.left is None else f"{text} left={self.left}"


def load(path: Path = SCENARIO) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
    return steps


def expected(path: Path = SCENARIO) -> dict[str, Outcome]:
    return {step["id"]: Outcome(**step["expect"]) for step in load(path)}


def resolved(path: Path = SCENARIO) -> list[dict[str, Any]]:
    """The steps as the programs read them: the seed data's facts in place of their names."""
    steps = []
    saved: set[str] = set()
    layer = path != SCENARIO
    for step in load(path):
        call: dict[str, Any] = {"id": step["id"], "call": step["call"], "token": TOKENS[step["as"]]}
        if layer:
            call["layer"] = True
        if "arm" in step:
            call["arm"] = step["arm"]
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


def write_steps(path: Path, scenario: Path = SCENARIO) -> Path:
    path.write_text(json.dumps({"steps": resolved(scenario)}, indent=2), encoding="utf-8")
    return path


def parse_outcomes(stdout: str) -> dict[str, Outcome]:
    """A program's outcomes by step id, from the JSON lines it printed (other lines ignored)."""
    outcomes = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            left = None
            if "rules" in record:
                rules = record["rules"]
                rules = json.loads(rules) if isinstance(rules, str) else rules
                left = sum(rule["times"] for rule in rules)
            outcomes[record["id"]] = Outcome(
                record.get("status"),
                record.get("code"),
                record.get("count"),
                record.get("error"),
                record.get("state"),
                left,
            )
    return outcomes


def table(results: dict[str, dict[str, Outcome]]) -> str:
    """A text table, a row per step and a column per target: `ok`, or what the target got
    (`-`: it never reported the step)."""
    wanted = expected() | expected(MISBEHAVIOUR)
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
