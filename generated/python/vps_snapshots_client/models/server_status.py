from enum import StrEnum


class ServerStatus(StrEnum):
    RESTORING = "restoring"
    RUNNING = "running"
    STOPPED = "stopped"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
