"""The mock's logging: the access log (one line per request) and the processes' set-up."""

from __future__ import annotations

import logging
import sys
import time
import urllib.parse
from collections.abc import Iterable, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from snapshots_mock.document import Parameter

ACCESS_LOG = logging.getLogger("snapshots_mock.access")
# The path is logged as it came on the wire (percent-encoded, as the client sent it), and any
# byte that could forge or garble a line (a control character, a quote, a byte beyond ASCII)
# as \xNN: "%0a" stays "%0a", a raw byte 0x0a (which the parser refuses anyway) never starts
# a line.
_ESCAPES = {b: f"\\x{b:02x}" for b in (*range(0x20), 0x22, 0x5C, *range(0x7F, 0x100))}


def _escaped(raw: bytes) -> str:
    return raw.decode("latin-1").translate(_ESCAPES)


# What the access log writes in place of a query parameter it does not show.
REDACTED = "***"


def query_parameters(parameters: Iterable[Parameter]) -> dict[str, list[Parameter]]:
    """The document's query parameters by name (what `AccessLog` may show of a query)."""
    found: dict[str, list[Parameter]] = {}
    for parameter in parameters:
        if parameter.location == "query":
            found.setdefault(parameter.name, []).append(parameter)
    return found


def logged_query(raw: bytes, shown: Mapping[str, list[Parameter]]) -> str:
    """The query as the access log writes it: a parameter the document declares, with a value
    valid for it (an id: no secret fits), as sent; any other as ``***``, name and value, since
    a client may put a token in the query (``?access_token=...``, or a bare ``?TOKEN``)."""
    parts = []
    for part in raw.split(b"&"):
        name, _, value = part.partition(b"=")
        parameters = shown.get(urllib.parse.unquote_to_bytes(name).decode("latin-1"), ())
        text = urllib.parse.unquote_to_bytes(value).decode("utf-8", "replace")
        if any(not parameter.parse(text)[1] for parameter in parameters):
            parts.append(_escaped(part))
        else:
            parts.append(REDACTED)
    return "&".join(parts)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class AccessLog:
    """ASGI middleware: logs method, path, status and time of each HTTP request.

    Of the query, only the parameters `shown` (the document's), with valid values: see
    `logged_query`.
    """

    def __init__(self, app: ASGIApp, shown: Mapping[str, list[Parameter]]) -> None:
        self.app = app
        self.shown = shown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            # Method, path and status only: a header (and so a token) is never logged, nor a
            # query parameter that could hold one.
            query = scope.get("query_string", b"")
            path = scope.get("raw_path") or scope["path"].encode("utf-8")
            ACCESS_LOG.info(
                '"%s %s%s" %d %.1fms',
                _escaped(scope["method"].encode("latin-1")),
                _escaped(path),
                "?" + logged_query(query, self.shown) if query else "",
                status,
                (time.perf_counter() - started) * 1000,
            )


def configure_logging(level: str) -> None:
    """Log to stderr, as cheaply as a line per request allows (the server's processes only)."""
    # The logging HOWTO's "Optimization": no caller lookup, thread or process names, none of
    # which the format shows. Halves the cost of the access line.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stderr, force=True)
