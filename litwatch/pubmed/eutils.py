"""The NCBI E-utilities client: the one module of litwatch that makes HTTP requests.

Every request is a POST (so id lists of any length fit and the API key never sits in a URL),
carries `tool=litwatch`, the user's e-mail and, when set, `api_key`, takes a slot from the
process-wide rate limiter (retries too) and has explicit connect and read timeouts plus a total
deadline and a cap on the decoded body (see `litwatch.pubmed.connection`). A reply is validated
before it is returned (see `litwatch.pubmed.replies`); a transient fault (429/5xx, reset,
timeout, cut-off or empty body, an `<ERROR>` in a 200 reply) is retried with exponential
backoff, full jitter and `Retry-After`. A bad search term (`ErrorList/PhraseNotFound`) is the
user's to fix and is never retried. The API key never appears in an error, a log line or a
progress event: see `redact`.
"""

from __future__ import annotations

import errno
import logging
import random
import socket
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests
import urllib3

from litwatch.errors import QueryError
from litwatch.grammar import format_count
from litwatch.pubmed.connection import DeadlineAdapter, DeadlineExceeded, post_form
from litwatch.pubmed.ratelimit import RateLimiter, rate_for, shared_limiter
from litwatch.pubmed.replies import (
    EutilsError,
    RetryableReply,
    SearchResult,
    parse_efetch,
    parse_einfo,
    parse_esearch,
    refusal_detail,
)
from litwatch.pubmed.settings import DEFAULT_BASE_URL, EutilsSettings
from litwatch.record import ParsedItem

TOOL = "litwatch"
SEARCH_CAP = 9999  # PubMed serves at most the first 9,999 records of one search (esearch and history)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 600.0
DEAD_LINE_TRIES = 2  # a failed DNS lookup or a refused connection: one quick retry, then stop
DEAD_LINE_BACKOFF = 0.5

log = logging.getLogger(__name__)
T = TypeVar("T")


class MissingEmailWarning(UserWarning):
    """NCBI asks every E-utilities user for a contact e-mail; none was configured."""


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
                status, headers, body = post_form(self.session, s, url, data, endpoint, started)
                if status in RETRY_STATUS:
                    retry_after = _retry_after(headers.get("Retry-After"))
                    if status == 429:
                        retry_after = max(retry_after or 0.0, 1.0)  # NCBI counts per second
                    reason = f"HTTP {status}"
                elif status >= 400:
                    detail = refusal_detail(body)
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

    def _report(
        self, endpoint: str, data: Mapping[str, str], status: int | None, started: float, outcome: str
    ) -> None:
        event = RequestEvent(endpoint, _safe_params(data), status, time.monotonic() - started, outcome)
        log.debug("%s %s -> %s %s (%.2fs)", endpoint, event.params, status, outcome, event.elapsed)
        if self.on_request:
            self.on_request(event)
