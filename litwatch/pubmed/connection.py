"""One POST to E-utilities within a total deadline and a size cap: the transport under the client.

The read timeout only bounds the wait for each packet, so a reply trickled byte by byte could
take forever: the connections' `getresponse` has a watchdog that cuts the status line and
headers at the request's deadline, and the body is streamed, the clock checked between chunks
and the socket shut by a watchdog at the deadline. The body is counted after gzip decoding and
refused past the cap, so a compressed "bomb" is never inflated whole.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
import time
from collections.abc import Mapping

import requests
import urllib3

from litwatch.pubmed.replies import EutilsError
from litwatch.pubmed.settings import EutilsSettings

READ_CHUNK = 64 * 1024

# The deadline of the request this thread is sending, read by the connections' `getresponse`.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("eutils_deadline", default=None)


def _shut_socket(sock: socket.socket) -> None:
    """Wake a read blocked past the deadline (from a watchdog thread): the read then fails."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _HeadersByDeadline:
    """urllib3 connection mixin: the status line and headers must arrive by the request's deadline."""

    def getresponse(self) -> urllib3.HTTPResponse:
        deadline, sock = _deadline.get(), getattr(self, "sock", None)
        if deadline is None or sock is None:
            return super().getresponse()  # type: ignore[misc]
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shut_socket, (sock,))
        watchdog.daemon = True
        watchdog.start()
        try:
            return super().getresponse()  # type: ignore[misc]
        finally:
            watchdog.cancel()


# urllib3 itself overrides http.client's `getresponse` with another return type, which mypy flags here.
class _Connection(_HeadersByDeadline, urllib3.connection.HTTPConnection):  # type: ignore[misc]
    pass


class _TLSConnection(_HeadersByDeadline, urllib3.connection.HTTPSConnection):  # type: ignore[misc]
    pass


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose connections honour the client's total deadline while reading headers."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}


class DeadlineExceeded(Exception):
    """The whole request took longer than `total_timeout` (however steadily bytes trickled in)."""


class ReplyTooLarge(EutilsError):
    """A reply grew past `max_reply_bytes` once decoded: refused, never retried."""


def _shut_down(raw: urllib3.HTTPResponse) -> None:
    """Wake a read blocked on a reply past its deadline (called from the watchdog thread)."""
    with contextlib.suppress(OSError, RuntimeError, ValueError, AttributeError):
        raw.shutdown()  # fails only when the reply is already closed or released: nothing to wake


def post_form(
    session: requests.Session,
    settings: EutilsSettings,
    url: str,
    data: Mapping[str, str],
    endpoint: str,
    started: float,
) -> tuple[int, Mapping[str, str], bytes]:
    """(status, headers, decoded body) of one POST, within the total deadline and size cap."""
    s = settings
    deadline = started + s.total_timeout
    read_timeout = max(0.001, min(s.read_timeout, s.total_timeout))
    token = _deadline.set(deadline)
    try:
        resp = session.post(url, data=data, timeout=(s.connect_timeout, read_timeout), stream=True)
    except requests.RequestException:
        if time.monotonic() >= deadline:
            raise DeadlineExceeded from None
        raise
    finally:
        _deadline.reset(token)
    try:
        if time.monotonic() >= deadline:
            raise DeadlineExceeded
        return resp.status_code, resp.headers, read_body(resp.raw, deadline, endpoint, s.max_reply_bytes)
    finally:
        resp.close()


def read_body(raw: urllib3.HTTPResponse, deadline: float, endpoint: str, limit: int) -> bytes:
    """The decoded body, chunk by chunk: refused past the size cap, cut at the deadline.

    The clock is checked between chunks; a watchdog shuts the socket at the deadline, so a
    reply trickled one byte at a time cannot keep a single read waiting.
    """
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shut_down, (raw,))
    watchdog.daemon = True
    watchdog.start()
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = raw.read1(READ_CHUNK, decode_content=True)
            if time.monotonic() >= deadline:
                raise DeadlineExceeded
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ReplyTooLarge(
                    f"NCBI's {endpoint} reply grew past {limit / 1048576:g} MB once decoded and was "
                    "refused; if the server is really NCBI and this is expected, raise "
                    "LITWATCH_EUTILS_MAX_MB (or lower --batch-size)"
                )
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError:
        if time.monotonic() >= deadline:
            raise DeadlineExceeded from None
        raise
    finally:
        watchdog.cancel()
    return b"".join(chunks)
