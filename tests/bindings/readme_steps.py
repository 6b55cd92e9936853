"""The steps a client's README gives a new user, read from its marked fenced blocks.

A README marks each block a user follows with an HTML comment on the line before its fence
(invisible where the README is rendered), so that nothing is guessed from a block's language:

    <!-- readme-test: shell -->          commands to run, in the user's folder (install steps)
    <!-- readme-test: file NAME -->      a file to save as NAME (relative to that folder)
    <!-- readme-test: run -->            the commands that run the quick start
    <!-- readme-test: output -->         what the quick start prints

The shell and file blocks are the install steps, in the README's order; there is one run block
and one output block. Each README names its production base URL and the release bundle's folder
(`/path/to/dist`) where a user puts theirs; those are the only words a test replaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PRODUCTION_URL = "https://admin.vps.org"
BUNDLE_PLACEHOLDER = "/path/to/dist"

_MARKER = "<!-- readme-test:"
_BLOCK = re.compile(
    r"^<!-- readme-test: (?P<kind>shell|file|run|output)(?: (?P<name>\S+))? -->\n"
    r"```[^\n]*\n(?P<body>.*?)^```$",
    flags=re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Step:
    """A shell block (`file` None: its commands) or a file block (`file`: where to save it)."""

    text: str
    file: str | None = None


@dataclass(frozen=True)
class ReadmeSteps:
    install: tuple[Step, ...]
    run: str
    output: str

    def substituted(self, base_url: str, bundle: Path) -> ReadmeSteps:
        """The steps with the production base URL and the bundle's placeholder replaced."""

        def sub(text: str) -> str:
            return text.replace(PRODUCTION_URL, base_url).replace(BUNDLE_PLACEHOLDER, str(bundle))

        return ReadmeSteps(
            tuple(Step(sub(step.text), step.file) for step in self.install),
            sub(self.run),
            self.output,
        )

    def mentions(self, text: str) -> int:
        """How many times the install and run blocks say `text`."""
        return sum(step.text.count(text) for step in self.install) + self.run.count(text)


class ReadmeError(AssertionError):
    """The README's marked blocks are not the steps described above."""


def parse(readme: Path) -> ReadmeSteps:
    text = readme.read_text(encoding="utf-8")
    blocks = list(_BLOCK.finditer(text))
    if len(blocks) != text.count(_MARKER):
        raise ReadmeError(f"{readme}: a readme-test marker is not right before a fenced block")
    install: list[Step] = []
    runs: list[str] = []
    outputs: list[str] = []
    for block in blocks:
        kind, name, body = block["kind"], block["name"], block["body"]
        if (kind == "file") != (name is not None):
            raise ReadmeError(f"{readme}: only a file block names a file: {block.group(0)[:60]}")
        if kind in ("shell", "file") and runs:
            raise ReadmeError(f"{readme}: an install step after the run block")
        if kind == "shell":
            install.append(Step(body))
        elif kind == "file":
            install.append(Step(body, name))
        elif kind == "run":
            runs.append(body)
        else:
            outputs.append(body)
    if len(runs) != 1 or len(outputs) != 1:
        raise ReadmeError(f"{readme}: {len(runs)} run and {len(outputs)} output blocks, not 1")
    return ReadmeSteps(tuple(install), runs[0], outputs[0])
