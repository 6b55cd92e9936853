"""What the figures were measured on: the machine, its load, and every version involved."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import wrk
from bench.throughput import ROOT
from scripts import system_deps

PYTHON_PACKAGES = (
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "jsonschema-rs",
    "orjson",
    "httpx",
    "attrs",
    "vps-snapshots-client",
    "openapi-python-client",
    "ruff",
    "openapi-spec-validator",
    "psutil",
)
NODE_PACKAGES = ("@stoplight/prism-cli", "@redocly/cli", "@hey-api/openapi-ts")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _node_package(name: str) -> str | None:
    manifest = ROOT / "node_modules" / name / "package.json"
    if not manifest.exists():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


def _python_package(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def describe() -> dict[str, Any]:
    """The machine and the versions, with the load average now (other work slows every figure)."""
    node = subprocess.run(
        [system_deps.ensure("node"), "--version"], capture_output=True, text=True, check=False
    )
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "load_average_at_start": load_average(),
        "python": platform.python_version(),
        "node": node.stdout.strip() or None,
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk.version(),
        "python_packages": {name: _python_package(name) for name in PYTHON_PACKAGES},
        "node_packages": {name: _node_package(name) for name in NODE_PACKAGES},
    }
