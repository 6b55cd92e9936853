"""A request's headers, as the ASGI server gives them (lowercased names, raw bytes)."""

from __future__ import annotations

from starlette.types import Scope


class Headers:
    def __init__(self, scope: Scope) -> None:
        self.raw: list[tuple[bytes, bytes]] = scope["headers"]

    def get(self, name: bytes) -> bytes | None:
        for key, value in self.raw:
            if key == name:
                return value
        return None

    def only(self, name: bytes) -> bytes | None:
        """The header's value if it is given exactly once, else None."""
        found = None
        for key, value in self.raw:
            if key == name:
                if found is not None:
                    return None
                found = value
        return found
