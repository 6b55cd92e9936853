"""Where the token and the base URL come from: the environment, then the configuration file.

The token is never an argument (an argument shows in ``ps`` and in shell history). The
configuration file is TOML (``token = "..."``, ``base_url = "..."``) and is refused unless only
its owner, who must be the user running the command, can read or write it (mode 0600 or 0400),
as ssh refuses a private key others can read.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

TOKEN_VARIABLE = "VPS_API_TOKEN"
BASE_URL_VARIABLE = "VPS_API_BASE_URL"
CONFIG_VARIABLE = "VPS_SNAPSHOTS_CONFIG"


class SettingsError(Exception):
    """The token or the configuration file cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str


def default_config_path(environ: dict[str, str]) -> Path:
    if environ.get(CONFIG_VARIABLE):
        return Path(environ[CONFIG_VARIABLE])
    home = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return home / "vps-snapshots" / "config.toml"


def read_config(path: Path) -> dict[str, str]:
    """The file's settings, once its owner and mode are checked; {} if it does not exist."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return {}
    mode = stat.S_IMODE(status.st_mode)
    if mode & 0o077:
        raise SettingsError(
            f"{path} has mode {mode:04o}: it may hold a token, so only its owner may read it "
            f"(chmod 600 {path})"
        )
    if status.st_uid != os.getuid():
        raise SettingsError(f"{path} belongs to another user: it is not used")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    found = {}
    for key in ("token", "base_url"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{path}: {key} must be a string")
        if value:
            found[key] = value
    return found


def resolve(
    *,
    base_url: str | None,
    config: Path | None,
    default_base_url: str,
    environ: dict[str, str] | None = None,
) -> Settings:
    """The token (``VPS_API_TOKEN``, else the file's) and the base URL (`base_url`, else
    ``VPS_API_BASE_URL``, else the file's, else `default_base_url`)."""
    environ = dict(os.environ) if environ is None else environ
    path = config or default_config_path(environ)
    if config is not None and not config.exists():
        raise SettingsError(f"{config} does not exist")
    from_file = read_config(path)
    token = environ.get(TOKEN_VARIABLE) or from_file.get("token")
    if not token:
        raise SettingsError(
            f'no token: set {TOKEN_VARIABLE}, or put `token = "..."` in {path} (mode 0600)'
        )
    url = base_url or environ.get(BASE_URL_VARIABLE) or from_file.get("base_url")
    return Settings(token=token, base_url=(url or default_base_url).rstrip("/"))
