"""uvicorn's HTTP protocol (httptools), with the API's error body for a request it cannot parse.

A request line or header that is not HTTP (a raw byte that is not ASCII in the path, say) never
reaches the application: uvicorn answers it itself, in plain text. This subclass gives that
answer the document's error body and media type; everything else is uvicorn's own.
"""

from __future__ import annotations

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from snapshots_mock.errors import ApiError


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; `send_400_response` answers with the API's error body."""

    def send_400_response(self, msg: str) -> None:
        error = ApiError(400, "invalid_parameters", f"The request is not valid HTTP: {msg}")
        body = orjson.dumps(error.body())
        content = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                body,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()
