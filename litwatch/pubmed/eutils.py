"""The NCBI E-utilities client: the one module of litwatch that makes HTTP requests.

Every request is a POST (so id lists of any length fit and the API key never sits in a URL),
carries `tool=litwatch`, the user's e-mail and, when set, `api_key`, takes a slot from the
process-wide rate limiter (retries too) and has explicit connect and read timeouts plus a total
deadline: the body is streamed, the clock checked between chunks and a watchdog cuts a reply
(status line and headers included) trickled byte by byte, because the read timeout only bounds
the wait for each packet. The body
is counted after gzip decoding and refused past `max_reply_bytes`, so a compressed "bomb" is
never inflated whole. A reply is validated before it is returned; a transient fault (429/5xx,
reset, timeout, cut-off or empty body, an `<ERROR>` in a 200 reply) is retried with exponential
backoff, full jitter and `Retry-After`. A bad search term (`ErrorList/PhraseNotFound`) is the
user's to fix and is never retried. The API key never appears in an error, a log line or a
progress event: see `redact`.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import io
import logging
import os
import random
import re
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests
import urllib3
from lxml import etree

from litwatch.errors import InputFileError, QueryError, SyncError
from litwatch.grammar import format_count
from litwatch.pubmed.ratelimit import RateLimiter, rate_for, shared_limiter
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import ParsedItem

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL = "litwatch"
SEARCH_CAP = 9999  # PubMed serves at most the first 9,999 records of one search (esearch and history)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 600.0
DEAD_LINE_TRIES = 2  # a failed DNS lookup or a refused connection: one quick retry, then stop
DEAD_LINE_BACKOFF = 0.5
DEFAULT_TOTAL_TIMEOUT = 120.0  # seconds for one whole request: connect, headers and body
DEFAULT_MAX_REPLY_MB = 200  # decoded body; an efetch batch of 500 records is about 5-10 MB
READ_CHUNK = 64 * 1024

log = logging.getLogger(__name__)
T = TypeVar("T")

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ROOT = re.compile(rb"<([A-Za-z][\w.-]*)")
_PERMANENT_ERRORS = ("cannot be larger than", "out of acceptable range", "invalid", "empty id list")


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


class MissingEmailWarning(UserWarning):
    """NCBI asks every E-utilities user for a contact e-mail; none was configured."""


class EutilsError(SyncError):
    """NCBI refused a request (a non-transient error) or gave no valid reply after every retry."""


class DeadlineExceeded(Exception):
    """The whole request took longer than `total_timeout` (however steadily bytes trickled in)."""


class RetryableReply(Exception):
    """A reply that arrived but cannot be used (cut off, empty, `<ERROR>`): ask again."""


@dataclass(frozen=True)
class EutilsSettings:
    """Where and how to reach E-utilities.

    `from_env` reads LITWATCH_EUTILS_URL, NCBI_EMAIL, NCBI_API_KEY and, to tune patience on a bad
    line, LITWATCH_EUTILS_TRIES (tries per request) and LITWATCH_EUTILS_BACKOFF (first wait, s);
    LITWATCH_EUTILS_TIMEOUT (whole-request deadline, s) and LITWATCH_EUTILS_MAX_MB (largest
    decoded reply) bound what one hostile or broken reply can cost.
    """

    base_url: str = DEFAULT_BASE_URL
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_tries: int = 8
    backoff: float = 1.0  # first retry waits up to this long; doubled on each further try
    max_backoff: float = 60.0
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT  # one attempt, start to last byte
    max_reply_bytes: int = DEFAULT_MAX_REPLY_MB * 1024 * 1024  # counted after Content-Encoding decoding

    @classmethod
    def from_env(
        cls,
        *,
        email: str | None = None,
        api_key: str | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: float,
    ) -> EutilsSettings:
        env = os.environ if environ is None else environ
        base = env.get("LITWATCH_EUTILS_URL") or DEFAULT_BASE_URL
        patience: dict[str, float] = {}
        if env.get("LITWATCH_EUTILS_TRIES"):
            patience["max_tries"] = max(1, int(env["LITWATCH_EUTILS_TRIES"]))
        if env.get("LITWATCH_EUTILS_BACKOFF"):
            patience["backoff"] = max(0.0, float(env["LITWATCH_EUTILS_BACKOFF"]))
        if env.get("LITWATCH_EUTILS_TIMEOUT"):
            patience["total_timeout"] = _positive(env, "LITWATCH_EUTILS_TIMEOUT")
        if env.get("LITWATCH_EUTILS_MAX_MB"):
            patience["max_reply_bytes"] = int(_positive(env, "LITWATCH_EUTILS_MAX_MB") * 1024 * 1024)
        return cls(
            base_url=base if base.endswith("/") else base + "/",
            email=email or env.get("NCBI_EMAIL") or None,
            api_key=api_key or env.get("NCBI_API_KEY") or None,
            **{**patience, **overrides},  # type: ignore[arg-type]
        )


def _positive(env: Mapping[str, str], name: str) -> float:
    """A positive finite number from the environment, or a one-line error naming the variable."""
    try:
        value = float(env[name])
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise SyncError(f"{name}={env[name]!r} must be a positive number")
    return value


class ReplyTooLarge(EutilsError):
    """A reply grew past `max_reply_bytes` once decoded: refused, never retried."""


@dataclass(slots=True)
class SearchResult:
    """One esearch reply: the total count, the ids on this page and the history handle."""

    count: int
    ids: list[str]
    webenv: str | None = None
    query_key: str | None = None
    translation: str | None = None


@dataclass(slots=True)
class RetryEvent:
    endpoint: str
    attempt: int  # the attempt that failed, 1-based
    max_tries: int
    reason: str
    delay: float


@dataclass(slots=True)
class RequestEvent:
    """One HTTP attempt, safe to show with --verbose: `params` never holds the API key."""

    endpoint: str
    params: dict[str, str]
    status: int | None
    elapsed: float
    outcome: str  # "ok" or the reason it will be retried / failed


@dataclass(slots=True)
class ClientStats:
    requests: int = 0
    retries: int = 0


def redact(text: str, secret: str | None) -> str:
    """Remove the API key from any text that might reach a user, a log or the database."""
    if not secret:
        return text
    return text.replace(secret, "***")


def _safe_params(params: Mapping[str, str]) -> dict[str, str]:
    shown = {k: v for k, v in params.items() if k != "api_key"}
    if "id" in shown and shown["id"].count(",") > 4:
        shown["id"] = f"<{shown['id'].count(',') + 1} ids>"
    return shown


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def dead_line_reason(exc: BaseException) -> str | None:
    """Why a connection could not even start (DNS failure, refused, no route), else None.

    These do not heal within a sync's patience, unlike resets and timeouts: litwatch stops early.
    """
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        cur = stack.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        name = type(cur).__name__
        if name == "NameResolutionError" or isinstance(cur, socket.gaierror):
            return "DNS lookup failed"
        if isinstance(cur, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cur, OSError) and cur.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "network unreachable"
        inner = [cur.__cause__, cur.__context__, getattr(cur, "reason", None), *cur.args]
        stack += [e for e in inner if isinstance(e, BaseException)]
    return None


def _root_tag(body: bytes) -> str | None:
    """The first element name, skipping the XML declaration and DOCTYPE."""
    for match in _ROOT.finditer(body[:4096]):
        name = match.group(1).decode()
        if name != "DOCTYPE":
            return name
    return None


def _error_texts(root: etree._Element) -> list[str]:
    return [" ".join((e.text or "").split()) for e in root.iter("ERROR")]


def _raise_for_error(errors: list[str], endpoint: str) -> None:
    """An `<ERROR>` in a reply: the ones about our request are final, the rest (backend hiccups) retried."""
    if not errors:
        return
    text = "; ".join(e for e in errors if e) or "empty <ERROR>"
    if any(p in text.lower() for p in _PERMANENT_ERRORS):
        raise EutilsError(f"NCBI refused the {endpoint} request: {text}")
    raise RetryableReply(f"NCBI replied with an error: {text[:200]}")


def _refusal_detail(body: bytes) -> list[str]:
    """The `<ERROR>` texts of a 4xx reply, if it is XML at all."""
    try:
        return _error_texts(etree.fromstring(body, _SAFE_XML))
    except etree.XMLSyntaxError:
        return []


def _parse_xml(body: bytes) -> etree._Element:
    if not body.strip():
        raise RetryableReply("empty reply")
    try:
        return etree.fromstring(body, _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise RetryableReply(f"cut-off or malformed XML ({exc.msg})") from None


def _shut_down(raw: urllib3.HTTPResponse) -> None:
    """Wake a read blocked on a reply past its deadline (called from the watchdog thread)."""
    with contextlib.suppress(OSError, RuntimeError, ValueError, AttributeError):
        raw.shutdown()  # fails only when the reply is already closed or released: nothing to wake


def parse_esearch(body: bytes) -> SearchResult:
    """Validate and read an eSearchResult; PhraseNotFound becomes a QueryError (never retried)."""
    root = _parse_xml(body)
    if root.tag != "eSearchResult":
        raise RetryableReply(f"unexpected reply <{root.tag}> to esearch")
    _raise_for_error(_error_texts(root), "esearch")
    errors = root.find("ErrorList")
    if errors is not None:
        missing = [(e.tag, " ".join((e.text or "").split())) for e in errors]
        phrases = ", ".join(f'"{text}"' for tag, text in missing if tag == "PhraseNotFound")
        fields = ", ".join(f"[{text}]" for tag, text in missing if tag == "FieldNotFound")
        what = " and ".join(
            p for p in (phrases and f"the phrase {phrases}", fields and f"field {fields}") if p
        )
        raise QueryError(f"PubMed did not find {what or 'part of the search term'}")
    count = root.findtext("Count")
    if count is None or not count.strip().isdigit():
        raise RetryableReply("esearch reply without a Count")
    ids = [(e.text or "").strip() for e in root.iterfind("IdList/Id")]
    return SearchResult(
        count=int(count),
        ids=[i for i in ids if i],
        webenv=root.findtext("WebEnv"),
        query_key=root.findtext("QueryKey"),
        translation=root.findtext("QueryTranslation"),
    )


def parse_efetch(body: bytes) -> list[ParsedItem]:
    """Validate and parse a PubmedArticleSet; an `<ERROR>`, empty or cut-off body raises RetryableReply."""
    if not body.strip():
        raise RetryableReply("empty reply")
    root = _root_tag(body)
    if root in ("eFetchResult", "ERROR"):
        _raise_for_error(_error_texts(_parse_xml(body)), "efetch")
        raise RetryableReply(f"unexpected reply <{root}> to efetch")
    try:
        return list(iter_pubmed_xml(io.BytesIO(body)))
    except InputFileError as exc:
        detail = str(exc).removeprefix("<input stream> ").split(":")[0]
        raise RetryableReply(f"efetch reply {detail}") from None


def parse_einfo(body: bytes) -> list[str]:
    """The database names (or the one DbName of `db=pubmed`) of an eInfoResult."""
    root = _parse_xml(body)
    if root.tag != "eInfoResult":
        raise RetryableReply(f"unexpected reply <{root.tag}> to einfo")
    _raise_for_error(_error_texts(root), "einfo")
    return [(e.text or "").strip() for e in root.iter("DbName")]


class EutilsClient:
    """esearch / efetch / einfo with politeness, retries and validation; counts requests and retries."""

    def __init__(
        self,
        settings: EutilsSettings,
        *,
        limiter: RateLimiter | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
        on_request: Callable[[RequestEvent], None] | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = limiter or shared_limiter(rate_for(settings.api_key))
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = f"{TOOL}/0.1 (+{settings.email or 'no e-mail configured'})"
        self.session.mount(settings.base_url, DeadlineAdapter(max_retries=0))
        self.stats = ClientStats()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.on_retry = on_retry
        self.on_request = on_request
        if not settings.email:
            warnings.warn(
                MissingEmailWarning(
                    "no e-mail for NCBI: set NCBI_EMAIL (or --email) so NCBI can reach you before blocking"
                ),
                stacklevel=2,
            )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def esearch(
        self,
        term: str,
        *,
        retmax: int = SEARCH_CAP,
        retstart: int = 0,
        usehistory: bool = True,
        datetype: str | None = None,
        mindate: str | None = None,
        maxdate: str | None = None,
    ) -> SearchResult:
        """Search PubMed; dates are YYYY/MM/DD and need `datetype` (mdat, pdat, edat)."""
        params = {"db": "pubmed", "term": term, "retmax": str(retmax), "retstart": str(retstart)}
        if usehistory:
            params["usehistory"] = "y"
        if datetype:
            params.update(datetype=datetype, mindate=mindate or "", maxdate=maxdate or "")

        def parse_page(body: bytes) -> SearchResult:
            result = parse_esearch(body)
            expected = max(0, min(result.count, SEARCH_CAP) - retstart)
            if len(result.ids) < min(retmax, expected):
                raise RetryableReply(f"esearch listed {len(result.ids)} of {min(retmax, expected)} ids")
            if usehistory and result.count and not (result.webenv and result.query_key):
                raise RetryableReply("esearch reply without WebEnv/QueryKey")
            return result

        return self._call("esearch", params, parse_page)

    def efetch_history(self, webenv: str, query_key: str, *, retstart: int, retmax: int) -> list[ParsedItem]:
        """One batch of a search stored on the history server (retstart + retmax within the 9,999 cap)."""
        params = {
            "db": "pubmed",
            "retmode": "xml",
            "WebEnv": webenv,
            "query_key": query_key,
            "retstart": str(retstart),
            "retmax": str(retmax),
        }
        return self._call("efetch", params, parse_efetch)

    def efetch_ids(self, pmids: Iterable[str]) -> list[ParsedItem]:
        """Records by PMID (POSTed, so hundreds of ids fit)."""
        return self._call("efetch", {"db": "pubmed", "retmode": "xml", "id": ",".join(pmids)}, parse_efetch)

    def einfo(self, db: str | None = None) -> list[str]:
        return self._call("einfo", {"db": db} if db else {}, parse_einfo)

    def wait_before_retry(self, endpoint: str, attempt: int, reason: str) -> None:
        """Back off before asking again for something a valid reply left out (counted as a retry)."""
        self.stats.retries += 1
        delay = self._delay(attempt, None)
        if self.on_retry:
            self.on_retry(RetryEvent(endpoint, attempt, self.settings.max_tries, reason, delay))
        self._sleep(delay)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter, never shorter than the server's Retry-After."""
        ceiling = min(self.settings.max_backoff, self.settings.backoff * 2 ** (attempt - 1))
        delay = self._rng.uniform(ceiling / 2, ceiling)
        return max(delay, retry_after or 0.0)

    def _call(self, endpoint: str, params: dict[str, str], parse: Callable[[bytes], T]) -> T:
        s = self.settings
        data = {**params, "tool": TOOL}
        if s.email:
            data["email"] = s.email
        if s.api_key:
            data["api_key"] = s.api_key
        url = f"{s.base_url}{endpoint}.fcgi"
        reason = ""
        dead = 0  # tries that could not even connect (DNS failure, refused)
        for attempt in range(1, s.max_tries + 1):
            self.limiter.acquire()
            self.stats.requests += 1
            started = time.monotonic()
            status: int | None = None
            retry_after: float | None = None
            try:
                status, headers, body = self._post(url, data, endpoint, started)
                if status in RETRY_STATUS:
                    retry_after = _retry_after(headers.get("Retry-After"))
                    if status == 429:
                        retry_after = max(retry_after or 0.0, 1.0)  # NCBI counts per second
                    reason = f"HTTP {status}"
                elif status >= 400:
                    detail = _refusal_detail(body)
                    raise EutilsError(
                        f"NCBI refused the {endpoint} request with HTTP {status}"
                        + (f": {'; '.join(detail)}" if detail else "")
                    )
                else:
                    result = parse(body)
                    self._report(endpoint, data, status, started, "ok")
                    return result
            except RetryableReply as exc:
                reason = str(exc)
            except DeadlineExceeded:
                reason = f"no complete reply within {s.total_timeout:g} s"
            except (requests.Timeout, urllib3.exceptions.TimeoutError):
                reason = "timed out"
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                host = urlsplit(url).hostname or url
                why = dead_line_reason(exc)
                dead = dead + 1 if why else 0
                reason = (
                    f"cannot reach {host}: {why}"
                    if why
                    else f"connection to {host} failed ({type(exc).__name__})"
                )
            except (EutilsError, QueryError) as exc:
                self._report(endpoint, data, status, started, "refused")
                raise type(exc)(redact(str(exc), s.api_key)) from None
            reason = redact(reason, s.api_key)
            self._report(endpoint, data, status, started, reason)
            if dead >= DEAD_LINE_TRIES:
                raise EutilsError(
                    f"{reason} ({format_count(dead, 'try')}); check the network connection"
                    + (" and LITWATCH_EUTILS_URL" if s.base_url != DEFAULT_BASE_URL else "")
                )
            if attempt == s.max_tries:
                break
            self.stats.retries += 1  # counted now, so progress shows it during the wait
            delay = (
                min(self._delay(attempt, retry_after), DEAD_LINE_BACKOFF)
                if dead
                else self._delay(attempt, retry_after)
            )
            if self.on_retry:
                self.on_retry(RetryEvent(endpoint, attempt, s.max_tries, reason, delay))
            self._sleep(delay)
        raise EutilsError(
            f"NCBI {endpoint} gave no valid reply after {format_count(s.max_tries, 'try')} (last: {reason})"
        )

    def _post(
        self, url: str, data: Mapping[str, str], endpoint: str, started: float
    ) -> tuple[int, Mapping[str, str], bytes]:
        """(status, headers, decoded body) of one POST, within the total deadline and size cap."""
        s = self.settings
        deadline = started + s.total_timeout
        read_timeout = max(0.001, min(s.read_timeout, s.total_timeout))
        token = _deadline.set(deadline)
        try:
            resp = self.session.post(url, data=data, timeout=(s.connect_timeout, read_timeout), stream=True)
        except requests.RequestException:
            if time.monotonic() >= deadline:
                raise DeadlineExceeded from None
            raise
        finally:
            _deadline.reset(token)
        try:
            if time.monotonic() >= deadline:
                raise DeadlineExceeded
            return resp.status_code, resp.headers, self._read_body(resp.raw, deadline, endpoint)
        finally:
            resp.close()

    def _read_body(self, raw: urllib3.HTTPResponse, deadline: float, endpoint: str) -> bytes:
        """The decoded body, chunk by chunk: refused past the size cap, cut at the deadline.

        The clock is checked between chunks; a watchdog shuts the socket at the deadline, so a
        reply trickled one byte at a time cannot keep a single read waiting.
        """
        limit = self.settings.max_reply_bytes
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

    def _report(
        self, endpoint: str, data: Mapping[str, str], status: int | None, started: float, outcome: str
    ) -> None:
        event = RequestEvent(endpoint, _safe_params(data), status, time.monotonic() - started, outcome)
        log.debug("%s %s -> %s %s (%.2fs)", endpoint, event.params, status, outcome, event.elapsed)
        if self.on_request:
            self.on_request(event)
