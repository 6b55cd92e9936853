"""Run nox from a private virtual environment that holds exactly `requirements/nox.txt`.

The README's two commands go through this file so that a fresh machine needs nothing but
Python 3.11+: it makes `.venv-nox/` once (again whenever the lock file changes), installs the
pinned nox and uv there, and hands every argument to nox. Nothing is installed into the
interpreter that runs it, so it works beside a system Python that refuses pip (PEP 668).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "nox.txt"
VENV = ROOT / ".venv-nox"
STAMP = VENV / "requirements.sha256"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_venv() -> Path:
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    python = _venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return python
    venv.EnvBuilder(clear=True, with_pip=True).create(VENV)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-virtualenv",
            "-r",
            str(LOCK),
        ],
        check=True,
    )
    STAMP.write_text(digest)
    return python


def main() -> int:
    python = _ensure_venv()
    os.chdir(ROOT)
    return subprocess.call([str(python), "-m", "nox", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
