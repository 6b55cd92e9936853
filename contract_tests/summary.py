"""The run's Markdown summary, for a CI job's page (``$GITHUB_STEP_SUMMARY``) or ``--summary``.

What it holds: the verdict and counts, the target and the document's version, one line per
failure with its curl reproduction, and the table of operation x documented status observed
(`contract_tests.statuses`). Secret tokens never appear: a finding shows them as variables.
"""

from __future__ import annotations

from pathlib import Path

from contract_tests import findings, statuses
from contract_tests.document import raw
from contract_tests.target import Target

# GitHub refuses a step summary over 1 MiB; the failures are cut well before that.
MAX_FAILURES_SHOWN = 50


def markdown(
    target: Target,
    spec: Path,
    outcomes: dict[str, int],
    found: list[findings.Finding],
    seed: int,
) -> str:
    failed = outcomes["failed"] > 0
    verdict = "failed" if failed else "passed"
    lines = [
        f"## Snapshots API contract tests: {verdict}",
        "",
        f"{outcomes['passed']} passed, {outcomes['failed']} failed, "
        f"{outcomes['skipped']} skipped; seed {seed} (`--seed {seed}` repeats the run).",
        "",
        f"- target: {_code(target.description)}",
        f"- document: {_code(spec.name)}, version {raw()['info']['version']}",
        "",
    ]
    if found:
        lines += ["### Failures", ""]
        for finding in found[:MAX_FAILURES_SHOWN]:
            lines.append(f"- {_code(finding.line())}")
            if finding.curl:
                lines += ["", "  ```sh", f"  {finding.curl}", "  ```", ""]
        if len(found) > MAX_FAILURES_SHOWN:
            left = len(found) - MAX_FAILURES_SHOWN
            lines.append(f"- ... and {left} more (the JUnit XML report has them all)")
        lines.append("")
    lines += [
        "### Documented statuses answered",
        "",
        "Each cell counts the calls answered with that status; **0** is a status the document "
        "lists that no call of the run saw, `-` a status the document does not list there.",
        "",
        *statuses.table(target.observed),
        "",
    ]
    return "\n".join(lines)


def _code(text: str) -> str:
    # Inline code keeps a finding's quotes and brackets from being read as Markdown.
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def write(path: Path, text: str, *, append: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if append else "w", encoding="utf-8") as out:
        out.write(text + "\n")
