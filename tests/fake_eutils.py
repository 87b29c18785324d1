"""A fake NCBI E-utilities server on 127.0.0.1, serving real recorded PubMed records.

What is real and what is not:
- Records: real efetch XML (metapub fixtures) re-issued under new PMIDs, as a benchmark would;
  each gets a create date (crdt) and a modification date (mdat) that the fake searches on.
- Reply shapes: esearch/einfo XML follow the recorded Biopython/biocommons replies (PhraseNotFound
  reuses `esearch8.xml`; a cut-off einfo is the recorded `einfo4.xml`), headers follow the
  biocommons cassettes (`text/xml; charset=UTF-8`, gzip).
- NOT recordings, quoted from NCBI documentation and public bug reports: the rate-limit reply
  (HTTP 429, `{"error":"API rate limit exceeded","count":"4","limit":"3"}`), the JSON esearch
  shape, and the 9,999-cap error ("'retstart' cannot be larger than 9998. ..."; the text after
  "9998." is reconstructed from the ESearch documentation). The efetch history-cap and unknown-
  WebEnv error wordings are assumptions.

Faults are injected on demand (`inject`) or at random from a seeded schedule (`random_faults`).
Hostile faults are only injected on demand: "trickle" sends the reply body one byte every
`trickle_delay` seconds, "trickle-headers" the status line and then endless header bytes that
way, "gzipbomb" sends `bomb_bytes` of whitespace gzip-encoded (~1000:1).
Every request is recorded: endpoint, method, params, client address, arrival time, status, fault.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import random
import re
import secrets
import socket
import struct
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "eutils"
SET_HEAD = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC '
    b'"-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
)
SET_TAIL = b"</PubmedArticleSet>\n"
ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
    '"-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
CAP_ERROR = (
    "'retstart' cannot be larger than 9998. For PubMed, ESearch can only retrieve the first 9,999 records "
    "matching the query. To obtain more than 9,999 PubMed records, consider using EDirect that contains "
    "additional logic to batch PubMed search results automatically so that an arbitrary number can be "
    "retrieved."
)
BACKEND_ERROR = "Search Backend failed: Unable to open connection to #PMQuerySrv?dbaf=pubmed"
HTML_500 = (
    b"<html><head><title>NCBI/eutils202 - WWW Error {code} Diagnostic</title></head><body>"
    b"<h1>Server Error</h1>"
    b"<p>Your request could not be processed due to a problem on our Web server.</p></body></html>"
)
FAULTS = ("429", "500", "502", "503", "504", "reset", "timeout", "truncate", "error", "empty", "short")
HOSTILE_FAULTS = ("trickle", "trickle-headers", "gzipbomb")
_PMID = re.compile(rb'<PMID Version="\d+">(\d+)</PMID>')
_ARTICLE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)>.*</\1>", re.S)
_CRDT = re.compile(r'"(\d{4}/\d\d/\d\d)"\[crdt\]\s*:\s*"(\d{4}/\d\d/\d\d)"\[crdt\]')
_UID = re.compile(r"(\d+):(\d+)\[uid\]")
_DOI = re.compile(r'"?([^"\[\]]+?)"?\[doi\]', re.I)


@dataclass
class FakeRecord:
    pmid: str
    xml: bytes  # one <PubmedArticle> (or <PubmedBookArticle>) element
    crdt: date
    mdat: date


@dataclass
class Logged:
    endpoint: str
    method: str
    params: dict[str, str]
    client: tuple[str, int]
    at: float
    status: int = 0
    fault: str | None = None


@dataclass
class _Rule:
    kind: str
    endpoint: str | None
    times: int
    retry_after: str | None
    after: int = 0  # let this many matching requests through first


@dataclass
class _Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    action: str = "send"  # send | reset | delay


def load_templates() -> list[bytes]:
    """The real record elements of the metapub fixtures (the empty reply 37909814 has none)."""
    found = (_ARTICLE.search(p.read_bytes()) for p in sorted((FIXTURES / "metapub").glob("*.xml")))
    return [m.group(0) for m in found if m]


def load_snapshot_elements() -> dict[str, bytes]:
    """PMID -> the <PubmedArticle> element of each real record in the bundled demo snapshot."""
    from litwatch.services.demo import snapshot_path

    text = gzip.decompress(snapshot_path().read_bytes())
    found = re.finditer(rb"<PubmedArticle>.*?</PubmedArticle>", text, re.S)
    return {_PMID.search(e.group(0)).group(1).decode(): e.group(0) for e in found}  # type: ignore[union-attr]


def reissue(element: bytes, pmid: str) -> bytes:
    """The same record under a new PMID: its own <PMID> and its own pubmed ArticleId, nothing else."""
    match = _PMID.search(element)
    assert match, "record without PMID"
    old = match.group(1)
    out = element[: match.start(1)] + pmid.encode() + element[match.end(1) :]
    data = max(out.find(b"<PubmedData>"), out.find(b"<PubmedBookData>"))
    end = out.find(b"</ArticleIdList>", data)
    if data >= 0 and end >= 0:
        ids = out[data:end].replace(
            b'<ArticleId IdType="pubmed">' + old + b"</ArticleId>",
            b'<ArticleId IdType="pubmed">' + pmid.encode() + b"</ArticleId>",
        )
        out = out[:data] + ids + out[end:]
    return out


def build_corpus(
    count: int,
    *,
    seed: int = 1,
    first_pmid: int = 30_000_001,
    start: date = date(2012, 1, 1),
    end: date | None = None,
    crowded: tuple[date, int] | None = None,
) -> list[FakeRecord]:
    """`count` real records under PMIDs that grow with their create date; `crowded` puts n on one day."""
    rng = random.Random(seed)
    templates = load_templates()
    end = end or date.today() - timedelta(days=40)
    span = (end - start).days
    days = [start + timedelta(days=rng.randrange(span + 1)) for _ in range(count)]
    if crowded:
        days[: crowded[1]] = [crowded[0]] * crowded[1]
    days.sort()
    out = []
    for i, day in enumerate(days):
        pmid = str(first_pmid + i)
        mdat = min(day + timedelta(days=rng.randrange(400)), end)
        out.append(FakeRecord(pmid, reissue(templates[i % len(templates)], pmid), day, mdat))
    return out


def _parse_day(text: str, *, last: bool) -> date | None:
    """An E-utilities date (YYYY, YYYY/MM or YYYY/MM/DD) as the first or last day it covers."""
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if not parts:
        return None
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return date(year, month, parts[2])
    if not last:
        return date(year, month, 1)
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class FakeEutils:
    """The server: `start()`, then point `LITWATCH_EUTILS_URL` (or settings) at `url`."""

    def __init__(self, records: list[FakeRecord], *, enforce_rate: bool = True, cap: int = 9999) -> None:
        self.records = {r.pmid: r for r in records}
        self.deleted: set[str] = set()
        self.excluded: set[str] = set()  # no longer match the query, still served by efetch
        self.enforce_rate, self.cap = enforce_rate, cap
        self.not_found_phrases: set[str] = set()
        self.timeout_delay = 1.7  # longer than the read timeout of `make_client`
        self.trickle_delay = 0.05  # seconds between bytes of a "trickle" reply (each read is quick)
        self.bomb_bytes = 64 * 1024 * 1024  # decoded size of a "gzipbomb" reply
        self.sent_bytes: list[int] = []  # bytes written per trickle/bomb reply before the client left
        self.log: list[Logged] = []
        self.violations: list[Logged] = []
        self.on_request: list = []  # callables(Logged), e.g. to kill a client mid-sync
        self._arrivals: dict[str, deque[float]] = {}
        self._rules: list[_Rule] = []
        self._random: tuple[float, tuple[str, ...], random.Random] | None = None
        self._histories: dict[str, list[list[str]]] = {}
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeEutils:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
        serve = lambda: self._httpd.serve_forever(poll_interval=0.05)  # noqa: E731
        threading.Thread(target=serve, name="fake-eutils", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/entrez/eutils/"

    # --- test controls ---------------------------------------------------------------------------

    def inject(
        self,
        kind: str,
        *,
        endpoint: str | None = None,
        times: int = 1,
        retry_after: str | None = None,
        after: int = 0,
    ) -> None:
        """Answer `times` matching requests (after letting `after` through) with fault `kind`."""
        assert kind in FAULTS + HOSTILE_FAULTS, kind
        with self._lock:
            self._rules.append(_Rule(kind, endpoint, times, retry_after, after))

    def random_faults(self, rate: float, *, kinds: tuple[str, ...] = FAULTS, seed: int = 7) -> None:
        self._random = (rate, kinds, random.Random(seed))

    def add_records(self, count: int, *, crdt: date, mdat: date | None = None, seed: int = 99) -> list[str]:
        """New records (next PMIDs) created on `crdt`, which may lie in the past (a back-dated record)."""
        rng, templates = random.Random(seed), load_templates()
        first = max(int(p) for p in self.records) + 1
        new = []
        for i in range(count):
            pmid = str(first + i)
            xml = reissue(templates[rng.randrange(len(templates))], pmid)
            self.records[pmid] = FakeRecord(pmid, xml, crdt, mdat or crdt)
            new.append(pmid)
        return new

    def revise(self, pmid: str, *, mdat: date, note: str = "revised") -> None:
        """NLM revises a record: its title changes and its modification date moves."""
        rec = self.records[pmid]
        rec.xml = re.sub(rb"</(ArticleTitle|BookTitle)>", f" [{note}]</\\1>".encode(), rec.xml, count=1)
        rec.mdat = mdat

    def add_element(self, element: bytes, *, pmid: str, crdt: date, mdat: date | None = None) -> str:
        """A real record element re-issued under `pmid` (a new record NLM just added)."""
        self.records[pmid] = FakeRecord(pmid, reissue(element, pmid), crdt, mdat or crdt)
        return pmid

    def add_notice(self, pmid: str, *, ref_type: str, ref_pmid: str, ref_source: str, mdat: date) -> None:
        """NLM links a notice (a retraction, an erratum, ...) to a record: it is revised, mdat moves."""
        rec = self.records[pmid]
        link = (
            f'<CommentsCorrections RefType="{ref_type}"><RefSource>{_escape(ref_source)}</RefSource>'
            f'<PMID Version="1">{ref_pmid}</PMID></CommentsCorrections>'
        ).encode()
        if b"</CommentsCorrectionsList>" in rec.xml:
            rec.xml = rec.xml.replace(b"</CommentsCorrectionsList>", link + b"</CommentsCorrectionsList>", 1)
        else:
            rec.xml = rec.xml.replace(
                b"</MedlineCitation>",
                b"<CommentsCorrectionsList>" + link + b"</CommentsCorrectionsList></MedlineCitation>",
                1,
            )
        rec.mdat = mdat

    def requests_to(self, endpoint: str) -> list[Logged]:
        return [r for r in self.log if r.endpoint == endpoint]

    # --- request handling ------------------------------------------------------------------------

    def dispatch(self, endpoint: str, method: str, params: dict[str, str], client: tuple[str, int]) -> _Reply:
        with self._lock:
            entry = Logged(endpoint, method, params, client, time.monotonic())
            self.log.append(entry)
            reply = self._over_rate(entry) or self._fault(entry)
        for hook in list(self.on_request):
            hook(entry)
        if reply is None:
            reply = self._serve(endpoint, params, short=False)
        elif entry.fault == "short":
            reply = self._serve(endpoint, params, short=True)
        entry.status = reply.status
        return reply

    def _over_rate(self, entry: Logged) -> _Reply | None:
        """NCBI's rule: more than 3 requests in one second (10 with an API key) from one key or IP."""
        if not self.enforce_rate:
            return None
        key = entry.params.get("api_key") or entry.client[0]
        limit = 10 if entry.params.get("api_key") else 3
        times = self._arrivals.setdefault(key, deque())
        times.append(entry.at)
        while times and times[0] <= entry.at - 1.0:
            times.popleft()
        if len(times) <= limit:
            return None
        self.violations.append(entry)
        entry.fault = "rate-limit"
        body = json.dumps({"error": "API rate limit exceeded", "count": str(len(times)), "limit": str(limit)})
        return _Reply(429, body.encode(), "application/json")

    def _fault(self, entry: Logged) -> _Reply | None:
        kind, retry_after = None, None
        for rule in self._rules:
            if rule.times > 0 and rule.endpoint in (None, entry.endpoint) and self._applies(rule.kind, entry):
                if rule.after > 0:
                    rule.after -= 1
                    continue
                rule.times -= 1
                kind, retry_after = rule.kind, rule.retry_after
                break
        if kind is None and self._random:
            rate, kinds, rng = self._random
            if rng.random() < rate:
                kind = rng.choice([k for k in kinds if self._applies(k, entry)] or [None])
        if kind is None:
            return None
        entry.fault = kind
        return self._fault_reply(kind, entry, retry_after)

    @staticmethod
    def _applies(kind: str, entry: Logged) -> bool:
        return kind != "short" or (entry.endpoint == "efetch" and "," in entry.params.get("id", ",") and
                                   entry.params.get("retmax", "2") != "1")  # fmt: skip

    def _fault_reply(self, kind: str, entry: Logged, retry_after: str | None) -> _Reply | None:
        if kind == "429":
            body = json.dumps({"error": "API rate limit exceeded", "count": "4", "limit": "3"}).encode()
            return _Reply(429, body, "application/json", {"Retry-After": retry_after} if retry_after else {})
        if kind in ("500", "502", "503", "504"):
            return _Reply(int(kind), HTML_500.replace(b"{code}", kind.encode()), "text/html")
        if kind == "empty":
            return _Reply(200, b"")
        if kind == "error":
            root = {"esearch": "eSearchResult", "einfo": "eInfoResult"}.get(entry.endpoint, "eFetchResult")
            return _Reply(
                200, f'<?xml version="1.0" ?>\n<{root}><ERROR>{BACKEND_ERROR}</ERROR></{root}>'.encode()
            )
        if kind == "short":
            return _Reply()  # marker: dispatch serves the request with records left out
        if kind == "gzipbomb":
            return _Reply(
                200, _gzip_bomb(self.bomb_bytes), headers={"Content-Encoding": "gzip"}, action="raw"
            )
        full = self._serve(entry.endpoint, entry.params, short=False)
        if kind == "truncate":
            if entry.endpoint == "einfo":
                full.body = (FIXTURES / "biopython" / "einfo4.xml").read_bytes()  # the real cut-off reply
            else:
                full.body = full.body[: max(1, len(full.body) * 2 // 3)]
            return full
        full.action = kind if kind in ("reset", "trickle", "trickle-headers") else "delay"
        return full

    def _serve(self, endpoint: str, params: dict[str, str], *, short: bool) -> _Reply:
        if endpoint == "esearch":
            return self._esearch(params)
        if endpoint == "efetch":
            return self._efetch(params, short=short)
        if endpoint == "einfo":
            name = "einfo2.xml" if params.get("db") else "einfo1.xml"
            return _Reply(body=(FIXTURES / "biopython" / name).read_bytes())
        return _Reply(404, b"<html><body>Not Found</body></html>", "text/html")

    def matching(self, term: str, params: dict[str, str] | None = None) -> list[str]:
        """PMIDs (newest first, as PubMed sorts) matching the date/uid clauses of a term and date params."""
        params = params or {}
        found = [r for r in self.records.values() if r.pmid not in self.deleted | self.excluded]
        for lo, hi in _CRDT.findall(term):
            a, b = _parse_day(lo, last=False), _parse_day(hi, last=True)
            found = [r for r in found if a <= r.crdt <= b]
        for lo, hi in _UID.findall(term):
            found = [r for r in found if int(lo) <= int(r.pmid) <= int(hi)]
        for doi in _DOI.findall(term):  # PubMed matches a DOI whole and case-insensitively
            tag = f'<ArticleId IdType="doi">{doi.strip()}</ArticleId>'.lower().encode()
            found = [r for r in found if tag in r.xml.lower()]
        kind = params.get("datetype")
        lo, hi = (
            _parse_day(params.get("mindate", ""), last=False),
            _parse_day(params.get("maxdate", ""), last=True),
        )
        if kind in ("mdat", "crdt", "edat") and lo and hi:
            attr = "mdat" if kind == "mdat" else "crdt"
            found = [r for r in found if lo <= getattr(r, attr) <= hi]
        return [r.pmid for r in sorted(found, key=lambda r: -int(r.pmid))]

    def _esearch(self, params: dict[str, str]) -> _Reply:
        term = params.get("term", "")
        as_json = params.get("retmode") == "json"
        for phrase in self.not_found_phrases:
            if phrase in term:
                return self._phrase_not_found(phrase, term, as_json)
        retstart, retmax = int(params.get("retstart") or 0), int(params.get("retmax") or 20)
        if retstart > self.cap - 1:
            return _Reply(
                body=f"{ESEARCH_HEAD}<eSearchResult><ERROR>{CAP_ERROR}</ERROR></eSearchResult>".encode()
            )
        ids = self.matching(term, params)
        page = ids[retstart : min(retstart + retmax, self.cap)]
        webenv, key = None, None
        if params.get("usehistory") == "y":
            with self._lock:
                webenv = params.get("WebEnv") or f"MCID_{secrets.token_hex(12)}"
                self._histories.setdefault(webenv, []).append(ids)
                key = str(len(self._histories[webenv]))
        if as_json:
            result = {"count": str(len(ids)), "retmax": str(len(page)), "retstart": str(retstart),
                      "idlist": page, "translationset": [], "querytranslation": term}  # fmt: skip
            if webenv:
                result.update(querykey=key, webenv=webenv)
            body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
            return _Reply(body=json.dumps(body).encode(), content_type="application/json; charset=UTF-8")
        history = f"<QueryKey>{key}</QueryKey><WebEnv>{webenv}</WebEnv>" if webenv else ""
        id_list = "".join(f"<Id>{i}</Id>\n" for i in page)
        xml = (
            f"{ESEARCH_HEAD}<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
            f"<RetStart>{retstart}</RetStart>{history}<IdList>\n{id_list}</IdList><TranslationSet/>"
            f"<QueryTranslation>{_escape(term)}</QueryTranslation></eSearchResult>\n"
        )
        return _Reply(body=xml.encode())

    def _phrase_not_found(self, phrase: str, term: str, as_json: bool) -> _Reply:
        if as_json:
            body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": {
                "count": "0", "retmax": "0", "retstart": "0", "idlist": [], "translationset": [],
                "querytranslation": term, "errorlist": {"phrasesnotfound": [phrase], "fieldsnotfound": []},
                "warninglist": {"phrasesignored": [], "quotedphrasesnotfound": [],
                                "outputmessages": ["No items found."]}}}  # fmt: skip
            return _Reply(body=json.dumps(body).encode(), content_type="application/json; charset=UTF-8")
        real = (FIXTURES / "biopython" / "esearch8.xml").read_bytes()  # recorded for the phrase "abcXYZ"
        return _Reply(body=real.replace(b"abcXYZ", _escape(phrase).encode()))

    def _efetch(self, params: dict[str, str], *, short: bool) -> _Reply:
        if params.get("id"):
            ids = [i.strip() for i in params["id"].split(",") if i.strip()]
        else:
            envs = self._histories.get(params.get("WebEnv", ""))
            key = int(params.get("query_key") or 0)
            if not envs or not 1 <= key <= len(envs):
                return _fetch_error(400, f"Unable to obtain query #{key}")
            retstart, retmax = int(params.get("retstart") or 0), int(params.get("retmax") or 20)
            if retstart > self.cap - 1:
                return _fetch_error(200, CAP_ERROR)
            ids = envs[key - 1][retstart : min(retstart + retmax, self.cap)]
        found = [self.records[i] for i in ids if i in self.records and i not in self.deleted]
        if short and len(found) > 1:
            drop = set(random.Random(len(self.log)).sample(range(len(found)), max(1, len(found) // 10)))
            found = [r for n, r in enumerate(found) if n not in drop]
        return _Reply(body=SET_HEAD + b"\n".join(r.xml for r in found) + b"\n" + SET_TAIL)


@functools.lru_cache(maxsize=2)
def _gzip_bomb(size: int) -> bytes:
    """`size` bytes of spaces inside a valid gzip stream, compressed about 1000:1."""
    out = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    block = b" " * (1024 * 1024)
    parts = [out.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + out.flush()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fetch_error(status: int, text: str) -> _Reply:
    return _Reply(
        status, f'<?xml version="1.0" ?>\n<eFetchResult>\n\t<ERROR>{text}</ERROR>\n</eFetchResult>\n'.encode()
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Apache"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms Nagle stalls

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET", urlsplit(self.path).query)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(length).decode()
        self._handle("POST", "&".join(p for p in (urlsplit(self.path).query, form) if p))

    def _handle(self, method: str, query: str) -> None:
        endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1].removesuffix(".fcgi")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        reply = self.server.fake.dispatch(endpoint, method, params, self.client_address)  # type: ignore[attr-defined]
        body = reply.body
        gzipped = (
            "gzip" in (self.headers.get("Accept-Encoding") or "") and bool(body) and reply.action != "raw"
        )
        if gzipped:
            body = gzip.compress(body)
        if reply.action == "delay":
            time.sleep(self.server.fake.timeout_delay)  # type: ignore[attr-defined]
        if reply.action == "trickle-headers":
            with contextlib.suppress(OSError):  # the client gave up
                self._send_slowly(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 60_000, "trickle")
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Cache-Control", "private")
            self.send_header("NCBI-PHID", secrets.token_hex(16).upper())
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if reply.action in ("trickle", "raw"):
                self._send_slowly(body, reply.action)
                return
            if reply.action == "reset":  # half the body, then a TCP reset
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout) or we reset the connection
            self.close_connection = True

    def _send_slowly(self, body: bytes, action: str) -> None:
        """Trickle one byte per `trickle_delay`, or a bomb in 64 KB writes; stop when the client leaves."""
        fake = self.server.fake  # type: ignore[attr-defined]
        step, sent = (1, 0) if action == "trickle" else (64 * 1024, 0)
        try:
            for start in range(0, len(body), step):
                self.wfile.write(body[start : start + step])
                self.wfile.flush()
                sent += step
                if action == "trickle":
                    time.sleep(fake.trickle_delay)
        finally:
            fake.sent_bytes.append(min(sent, len(body)))
            self.close_connection = True


def make_client(
    server: FakeEutils,
    *,
    api_key: str | None = None,
    email: str | None = "tests@example.org",
    real_limiter: bool = False,
    sleeps: list[float] | None = None,
    **settings: float,
):
    """A client for `server` whose retry waits are recorded instead of slept (and, unless
    `real_limiter`, whose limiter does not wait either, so the fake must not enforce the rate)."""
    from litwatch.pubmed.eutils import EutilsClient
    from litwatch.pubmed.ratelimit import RateLimiter, rate_for
    from litwatch.pubmed.settings import EutilsSettings

    recorded = sleeps if sleeps is not None else []
    options = {"read_timeout": 1.5, "connect_timeout": 2.0, "max_tries": 6, **settings}
    limiter = RateLimiter(rate_for(api_key)) if real_limiter else RateLimiter(10_000, period=0.001)
    return EutilsClient(
        EutilsSettings(base_url=server.url, email=email, api_key=api_key, **options),
        limiter=limiter,
        sleep=recorded.append,
    )
