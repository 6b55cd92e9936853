"""uvicorn's HTTP protocol (httptools), with the limits a server on a network needs.

uvicorn gives an idle keep-alive timeout (``timeout_keep_alive``) and a cap on requests in
progress (``limit_concurrency``), both used. What it lacks with httptools, written here by hand
(there is no knob for them; h11's ``max_incomplete_event_size`` applies to the slower h11
protocol only):

- a limit on the size of the request line and headers (llhttp has none): ``431``, closed;
- a time limit on receiving the headers and then the body of a request: ``408``, closed (a
  connection that never sends a byte is closed by the keep-alive timeout, which uvicorn only
  arms after an answer, so it is armed here on connecting too);
- trailer fields of a chunked request kept apart from its headers: uvicorn 0.54 appends them
  to the header list the application reads (httptools calls ``on_header`` for them too, after
  ``on_headers_complete``), so a token or a media type sent after the body counted as sent
  before it, and trailer lines escaped the header size limit. They are dropped (RFC 9110 §6.5
  lets a recipient discard them), and their bytes count toward that limit with the head's;
- exactly one ``Host`` header (RFC 9112 §3.2): none in an HTTP/1.1 request, or two in any, is a
  ``400``, closed;
- a cap on open connections, checked on connecting: uvicorn's ``limit_concurrency`` (the
  setting used) is checked only when a request arrives, and answered in plain text, so
  connections that send nothing would each hold a file until a timeout. One over the cap is
  answered ``503`` and closed at once;
- an answer given before the request's body was all received (a ``415`` or a ``401`` does not
  wait for it) closes the connection, and says ``Connection: close``: uvicorn closed it without
  saying so, and a client sent its next request into a reset.

And one fix: a request offering an upgrade the server does not take (``Upgrade: h2c``, which
the JDK's HttpClient sends on every ``http://`` request by default) is answered as HTTP/1.1,
as RFC 9110 §7.8 allows, body and all. With httptools, uvicorn 0.54 hands the app an empty
body and drops the bytes after the headers (uvicorn #2722, httptools #124; open): llhttp ends
such a request at its headers, and httptools skips its body. Here the request is parsed again
by a new parser, from its head without the ``upgrade`` token of ``Connection``, followed by
the bytes after the headers, so its body, and any request after it on the connection, are
parsed as usual (the two points on which the unmerged upstream fixes were turned down).

Every answer given here, and a request httptools cannot parse (``400``), has the document's
error body and media type, instead of uvicorn's plain text. The limits come from `MockConfig`:
the class `protocol_class` makes for a configuration, or, in the worker processes of the
command, the configuration their parent left in the environment.

This leans on uvicorn's internals (its parser callbacks, trailers included, ``send_400_response``,
``timeout_keep_alive_task``, ``limit_concurrency``, ``connections``, ``cycle`` (its ``send``
and ``keep_alive``), ``parser``,
``_should_upgrade`` and the body of ``data_received``, which `_feed` stands in for):
tests/mock/test_upstream_internals.py checks that each is still there and behaves as relied on,
so an upgrade of uvicorn fails there, loudly.
"""

from __future__ import annotations

import asyncio
import functools
import http
from typing import Any, ClassVar

import httptools
import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from snapshots_mock.config import MockConfig
from snapshots_mock.errors import ApiError, service_unavailable


class _Refused(Exception):
    """Raised in a parser callback to stop parsing; `send_400_response` answers the refusal."""


def refusal_bytes(error: ApiError, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """A whole HTTP answer of `error`, with the API's body, that closes the connection."""
    body = orjson.dumps(error.body())
    phrase = http.HTTPStatus(error.status).phrase.encode("ascii")
    content = [b"HTTP/1.1 %d %s\r\n" % (error.status, phrase)]
    for name, value in default_headers:
        content.extend([name, b": ", value, b"\r\n"])
    for key, text in error.headers.items():
        content.extend([key.lower().encode("latin-1"), b": ", text.encode("latin-1"), b"\r\n"])
    content.extend(
        [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"connection: close\r\n",
            b"\r\n",
            body,
        ]
    )
    return b"".join(content)


@functools.lru_cache(maxsize=1)
def _environment_config() -> MockConfig:
    return MockConfig.from_environment()


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with the limits above and the API's error bodies."""

    # Set on the class `protocol_class` makes; None: the configuration in the environment.
    mock_config: ClassVar[MockConfig | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = type(self).mock_config or _environment_config()
        self._max_header_bytes = config.max_header_bytes
        self._header_timeout = config.header_timeout_seconds
        self._body_timeout = config.body_timeout_seconds
        self._retry_after = config.retry_after_seconds
        # uvicorn's limit_concurrency is the setting, but its check answers in plain text, and
        # only once a request arrives: the cap is checked on connecting instead (see above).
        # With one request at a time per connection, that caps requests in progress too.
        self._limit = self.limit_concurrency
        self.limit_concurrency = None
        self._reading_headers = True
        # The request line and headers, then its trailer fields: all count toward the limit.
        self._header_bytes = 0
        # Parser callbacks so far, and bytes of the body part since the last: bytes that make
        # no callback there are a trailer field (or a chunk extension) that has not ended, which
        # httptools gathers whole before it hands it over.
        self._events = 0
        self._quiet_bytes = 0
        # Requests whose message is complete: the bytes of a chunk that ended one are not all
        # the next one's headers (they may be the end of the last body).
        self._ends = 0
        # Requests whose headers are complete: the bytes of a chunk that ended a request's
        # headers are not all headers (the body, or the next request, may follow).
        self._heads = 0
        self._deadline: asyncio.TimerHandle | None = None
        self._refusal: ApiError | None = None
        # A request whose headers are in but whose body is not all received yet.
        self._body_pending = False
        # The head of a request offering an upgrade not taken, without the offer: parsed again.
        self._offer_ignored: bytes | None = None

    # -- connections --------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self._limit is not None and len(self.connections) > self._limit:
            self._refuse(service_unavailable(self._retry_after))
            return
        # The keep-alive timeout, which uvicorn arms only after an answer, for the first request.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._reading_headers and self._deadline is None:
            self._deadline = self.loop.call_later(self._header_timeout, self._timed_out)
        heads, events, ends = self._heads, self._events, self._ends
        self._feed(data)
        if self._heads != heads or self.transport.is_closing():
            return
        if self._reading_headers and self._ends == ends:
            # Counted here, as the bytes come, because httptools gathers a header's value whole
            # before it hands it over: a 100 MB header would be in memory first.
            self._header_bytes += len(data)
            if self._header_bytes > self._max_header_bytes:
                self._refuse(self._headers_too_large())
        elif self._body_pending and self._events == events:
            # The same for a trailer field that has not ended (see `_events`).
            self._quiet_bytes += len(data)
            if self._header_bytes + self._quiet_bytes > self._max_header_bytes:
                self._refuse(self._headers_too_large())

    def _feed(self, data: bytes) -> None:
        """uvicorn's `data_received`, but a request offering an upgrade not taken goes on."""
        self._unset_keepalive_if_required()
        while True:
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                msg = "Invalid HTTP request received."
                self.logger.warning(msg)
                self.send_400_response(msg)
            except httptools.HttpParserUpgrade as upgrade:
                if self._offer_ignored is None:  # a websocket upgrade, or CONNECT: uvicorn's
                    if self._should_upgrade():
                        self.handle_websocket_upgrade()
                    else:
                        self._unsupported_upgrade_warning()
                    return
                # The same request without the offer, then what followed its headers (its
                # body, the next requests), to a new parser: the old one is stopped for good.
                (end_of_head,) = upgrade.args
                data = self._offer_ignored + data[end_of_head:]
                self._offer_ignored = None
                self.parser = httptools.HttpRequestParser(self)
                self.parser.set_dangerous_leniencies(lenient_data_after_close=True)  # as uvicorn
                continue
            return

    def _head_without_the_offer(self) -> bytes:
        version = self.parser.get_http_version().encode("ascii")
        lines = [b"%s %s HTTP/%s" % (self.parser.get_method(), self.url, version)]
        for name, value in self.headers:
            if name == b"connection":
                tokens = [token.strip() for token in value.split(b",")]
                value = b", ".join(t for t in tokens if t and t.lower() != b"upgrade")
                if not value:
                    continue
            lines.append(name + b": " + value)
        return b"\r\n".join(lines) + b"\r\n\r\n"

    # -- parser callbacks ---------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_headers = True
        self._header_bytes = 0
        self._seen()

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._reading_headers:
            super().on_header(name, value)
            return
        # A trailer field (httptools calls this after on_headers_complete for those too): never
        # a header the application reads, but its bytes count, so a stream of them is refused.
        self._seen()
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > self._max_header_bytes:
            self._refusal = self._headers_too_large()
            raise _Refused

    def on_headers_complete(self) -> None:
        size = len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers)
        if size > self._max_header_bytes:
            self._refusal = self._headers_too_large()
            raise _Refused
        self._header_bytes = size
        self._seen()
        hosts = sum(1 for name, _ in self.headers if name == b"host")
        if hosts > 1 or (hosts == 0 and self.parser.get_http_version() == "1.1"):
            message = f"An HTTP/1.1 request has exactly one Host header, not {hosts}."
            self._refusal = ApiError(400, "invalid_parameters", message)
            raise _Refused
        if (
            self.parser.should_upgrade()
            and not self._should_upgrade()
            and self.parser.get_method() != b"CONNECT"
        ):
            # An upgrade offer not taken: httptools will skip the body (see the docstring), so
            # no request cycle yet; `_feed` has this request parsed again without the offer.
            self._offer_ignored = self._head_without_the_offer()
            return
        self._reading_headers = False
        self._body_pending = True
        self._heads += 1
        self._cancel_deadline()
        self._deadline = self.loop.call_later(self._body_timeout, self._timed_out)
        super().on_headers_complete()
        if self.cycle is not None:
            self.cycle.send = self._says_it_closes(self.cycle)  # type: ignore[method-assign]

    def on_body(self, body: bytes) -> None:
        self._seen()
        super().on_body(body)

    # httptools calls these only on a protocol that has them; here they only mark progress.
    def on_chunk_header(self) -> None:
        self._seen()

    def on_chunk_complete(self) -> None:
        self._seen()

    def _seen(self) -> None:
        self._events += 1
        self._quiet_bytes = 0

    def on_message_complete(self) -> None:
        self._seen()
        self._ends += 1
        if self._offer_ignored is not None:
            return  # the end httptools gives a request offering an upgrade: not its end
        super().on_message_complete()
        self._reading_headers = True
        self._body_pending = False
        self._cancel_deadline()

    def _says_it_closes(self, cycle: Any) -> Any:
        """`cycle`'s ASGI send, saying ``Connection: close`` on an answer that starts before
        the request's body was all received: `on_response_complete` closes that connection, and
        an answer that did not say so (RFC 9112, 9.6) sent the client's next request on it into
        a reset (a 415 or a 401 given before the body's packet arrived). uvicorn writes the
        header itself for a cycle whose ``keep_alive`` is false."""
        send = cycle.send

        async def send_saying_it_closes(message: Any) -> None:
            early = self._body_pending and self.cycle is cycle
            if message["type"] == "http.response.start" and early:
                cycle.keep_alive = False
            await send(message)

        return send_saying_it_closes

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # An answer given before the request's body was all received (a 401 to a large body):
        # the rest of the body may still be on its way, so the connection cannot carry another
        # request in step with the parser. Close it, as h11 does, rather than keep it alive.
        if self._body_pending and not self.transport.is_closing():
            self.transport.close()

    # -- refusals -----------------------------------------------------------------------------

    def send_400_response(self, msg: str) -> None:
        refusal, self._refusal = self._refusal, None
        if refusal is None:
            refusal = ApiError(400, "invalid_parameters", f"The request is not valid HTTP: {msg}")
        self._refuse(refusal)

    def _refuse(self, error: ApiError) -> None:
        self._cancel_deadline()
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is None or not cycle.response_started or cycle.response_complete:
            self.transport.write(refusal_bytes(error, self.server_state.default_headers))
        # else an answer is half sent (one given before the request ended): only close.
        self.transport.close()

    def _headers_too_large(self) -> ApiError:
        message = f"The request line and headers are larger than {self._max_header_bytes} bytes."
        return ApiError(431, "request_header_fields_too_large", message)

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and self.cycle.response_started:
            # The answer is out (a call that ignores its body); the body is still coming.
            self.transport.close()
            return
        part = "headers" if self._reading_headers else "body"
        seconds = self._header_timeout if self._reading_headers else self._body_timeout
        message = f"The request's {part} did not arrive within {seconds:g} seconds."
        self._refuse(ApiError(408, "request_timeout", message))

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None


def protocol_class(config: MockConfig) -> type[HttpProtocol]:
    """`HttpProtocol` with the limits of `config` (for a server in this process)."""
    return type("HttpProtocol", (HttpProtocol,), {"mock_config": config})
