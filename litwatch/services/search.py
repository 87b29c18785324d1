"""Full-text search of stored records: PubMed-like queries, filters, ranked hits with snippets.

SQLite searches its FTS5 index (bm25, title matches weighted higher), PostgreSQL its tsvector
index (see `litwatch.db.fulltext`), with the same query syntax and filters. An empty, oversized
or unparsable query is a one-line error, and so is a bad filter. Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from litwatch.db.engine import session_scope
from litwatch.errors import LitwatchError
from litwatch.formats._common import one_line

TITLE_WEIGHT = 5.0  # bm25 column weights: a match in the title counts 5x one in the abstract
ABSTRACT_WEIGHT = 1.0
SEARCH_SYNTAX_HELP = (
    'use words (all must match), "exact phrases", OR / NOT / AND in capitals, prefix* and '
    "parentheses, e.g. 'esketamine AND (suicid* OR \"suicidal ideation\")'"
)
_FTS_SPECIAL = re.compile(r'["()*:^]|\b(?:AND|OR|NOT|NEAR)\b')
# Bounds on a search. FTS5 time grows with the number of terms and with what a prefix expands to:
# on 200,000 synthetic records, 2,000 OR terms took 25 s, 32 terms 1.7 s, and one two-character
# prefix ("w1*", ~11,000 tokens) 9.4 s against 0.2 s for a four-character one. SQLite cannot
# bind an integer over 2**63 - 1.
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 32
MAX_PREFIX_TERMS = 4
MIN_PREFIX_CHARS = 3
MAX_SEARCH_LIMIT = 10_000
_QUERY_TERM = re.compile(r"\w+")
_PREFIX_TERM = re.compile(r'(\w+)"?\s*\*')
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# SQLite's messages for a MATCH expression it cannot parse (anything else is a real database error)
_SYNTAX_ERRORS = ("fts5:", "no such column", "unterminated string", "unknown special query", "syntax error")


@dataclass(frozen=True)
class Hit:
    pmid: str
    year: int | None
    title: str
    rank: float  # FTS5 bm25 score: lower is a better match (the list is already sorted)
    snippet: str = ""  # the best-matching stretch of title or abstract (FTS5 snippet())
    highlights: tuple[tuple[int, int], ...] = ()  # (start, end) of each matched term in `snippet`
    design: str | None = None  # the tagger's study design, when tagged


@dataclass(frozen=True)
class SearchFilters:
    """PubMed-like filters; claim/stance/counted use the claims file's evidence rows."""

    design: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    claim: str | None = None
    stance: str | None = None
    counted: bool = False
    claims_path: str | None = None


@dataclass(frozen=True)
class SearchPage:
    total: int  # every match after filters, not only the hits shown
    hits: list[Hit]


def _quote_words(query: str) -> str:
    """Plain words -> FTS5 phrases, so "treatment-resistant" searches the phrase, not a syntax error."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def _is_syntax_error(exc: OperationalError) -> bool:
    reason = str(exc.orig or exc)
    return any(marker in reason for marker in _SYNTAX_ERRORS)


def check_search_input(query: str, limit: int) -> None:
    """Refuse an empty, oversized or over-long query and an impossible --limit, with one line each."""
    if not query or not query.strip():
        raise LitwatchError(f"empty search query: {SEARCH_SYNTAX_HELP}")
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise LitwatchError(f"--limit {str(limit)[:24]} is out of range: give 1 to {MAX_SEARCH_LIMIT:,}")
    if len(query) > MAX_QUERY_CHARS:
        raise LitwatchError(
            f"search query too long ({len(query):,} characters, at most {MAX_QUERY_CHARS:,}): "
            "search for fewer words, or filter an export instead"
        )
    terms = [t for t in _QUERY_TERM.findall(query) if t not in _FTS_OPERATORS]
    if len(terms) > MAX_QUERY_TERMS:
        raise LitwatchError(
            f"search query has too many terms ({len(terms):,}, at most {MAX_QUERY_TERMS}): "
            "search for fewer words, e.g. a prefix* instead of listing variants"
        )
    prefixes = _PREFIX_TERM.findall(query)
    short = next((p for p in prefixes if len(p) < MIN_PREFIX_CHARS), None)
    if short is not None:
        raise LitwatchError(
            f"prefix {short + '*'!r} is too short: give at least {MIN_PREFIX_CHARS} letters before *, "
            "e.g. suicid*"
        )
    if len(prefixes) > MAX_PREFIX_TERMS:
        raise LitwatchError(
            f"search query has too many prefix* terms ({len(prefixes)}, at most {MAX_PREFIX_TERMS}): "
            "use fewer, longer prefixes"
        )


SNIPPET_TOKENS = 14
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: never in PubMed text


def parse_years(text: str) -> tuple[int | None, int | None]:
    """ "2020-2024", "2020-", "-2019" or "2023" -> (from, to); anything else is a one-line error."""
    value = (text or "").strip()
    low, sep, high = value.partition("-")
    try:
        lo = int(low) if low.strip() else None
        hi = int(high) if high.strip() else (None if sep else lo)
    except ValueError:
        lo = hi = None
        sep = "bad"
    if (lo is None and hi is None) or sep == "bad" or (lo and hi and lo > hi):
        raise LitwatchError(f"--year {text!r}: give YEAR or FROM-TO, e.g. 2020-2024, 2020- or -2019")
    return lo, hi


def split_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """FTS5 snippet text with private-use marks -> plain one-line text and highlight spans."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, start = 0, None
    for ch in marked:
        if ch == _MARK_OPEN:
            start = pos
        elif ch == _MARK_CLOSE:
            if start is not None:
                spans.append((start, pos))
            start = None
        else:
            ch = " " if ch.isspace() else ch
            if ch == " " and plain and plain[-1] == " ":
                continue
            plain.append(ch)
            pos += 1
    return "".join(plain), tuple(spans)


def _hit(pmid: str, year: int | None, title: str, rank: float, marked: str, design: str | None) -> Hit:
    """One hit as both engines show it: the title on one line, the snippet split from its marks."""
    snippet, spans = split_snippet(marked)
    return Hit(
        pmid=pmid, year=year, title=one_line(title), rank=rank, snippet=snippet, highlights=spans,
        design=design,
    )  # fmt: skip


def _claim_pmids(filters: SearchFilters, engine: Engine) -> set[str] | None:
    if filters.claim is None:
        if filters.stance or filters.counted:
            raise LitwatchError("--stance and --counted need --claim CLAIM_ID (see `litwatch claims`)")
        return None
    from litwatch.services.verdicts import list_evidence

    rows = list_evidence(
        filters.claim,
        engine=engine,
        claims_path=filters.claims_path,
        stance=filters.stance,
        counted=filters.counted,
    )
    return {r.pmid for r in rows}


def _search_page_postgres(
    query: str, *, engine: Engine, limit: int, filters: SearchFilters, wanted: set[str] | None
) -> SearchPage:
    """The same query syntax and filters on PostgreSQL's tsvector index (see litwatch.db.fulltext)."""
    from litwatch.db.fulltext import QuerySyntaxError, headline_postgres, rank_postgres, translate_query

    with engine.connect() as conn:
        try:
            tsquery = translate_query(conn, query)
        except QuerySyntaxError as exc:
            raise LitwatchError(
                f"cannot search for {query!r}: not valid search syntax ({exc}); {SEARCH_SYNTAX_HELP}"
            ) from None
        if not tsquery:  # stop words only: nothing a record could match
            return SearchPage(total=0, hits=[])
        rows = rank_postgres(
            conn, tsquery, design=filters.design, year_from=filters.year_from, year_to=filters.year_to,
            title_weight=TITLE_WEIGHT, abstract_weight=ABSTRACT_WEIGHT,
        )  # fmt: skip
        if wanted is not None:
            rows = [r for r in rows if r[0] in wanted]
        shown = rows[:limit]
        info = headline_postgres(conn, tsquery, [pmid for pmid, _ in shown], max_words=SNIPPET_TOKENS)
    hits = []
    for pmid, score in shown:
        year, title, design, snip = info[pmid]
        hits.append(_hit(pmid, year, title, score, snip, design))
    return SearchPage(total=len(rows), hits=hits)


def search_page(
    query: str, *, engine: Engine, limit: int = 20, filters: SearchFilters | None = None
) -> SearchPage:
    """Best matches of an FTS5 query over title and abstract (title matches weighted higher), with
    the total count and a highlighted snippet per hit, like PubMed's result page.

    Plain words with punctuation ("treatment-resistant depression") are searched as words;
    a query using FTS5 operators that SQLite rejects, an empty or oversized query (over
    `MAX_QUERY_CHARS` characters, `MAX_QUERY_TERMS` terms or `MAX_PREFIX_TERMS` prefix* terms,
    or a prefix shorter than `MIN_PREFIX_CHARS`) and a `limit` outside 1 to `MAX_SEARCH_LIMIT`
    raise a one-line `LitwatchError`.
    """
    check_search_input(query, limit)
    filters = filters or SearchFilters()
    if filters.design is not None:
        from litwatch.claims.evidence import Design, choice_list, parse_choice

        if parse_choice(Design, filters.design) is None:
            raise LitwatchError(f"unknown design {filters.design!r}: choose one of {choice_list(Design)}")
    wanted = _claim_pmids(filters, engine)
    if engine.dialect.name == "postgresql":
        return _search_page_postgres(query, engine=engine, limit=limit, filters=filters, wanted=wanted)
    where = ["articles_fts MATCH :q", "a.deleted = 0"]
    params: dict[str, Any] = {"tw": TITLE_WEIGHT, "aw": ABSTRACT_WEIGHT}
    if filters.design is not None:
        where.append("t.design = :design")
        params["design"] = filters.design
    if filters.year_from is not None:
        where.append("a.year >= :y0")
        params["y0"] = filters.year_from
    if filters.year_to is not None:
        where.append("a.year <= :y1")
        params["y1"] = filters.year_to
    ranked = text(
        "SELECT a.pmid, bm25(articles_fts, :tw, :aw) AS score "
        "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        "LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
        f"WHERE {' AND '.join(where)} ORDER BY score, a.id"
    )
    attempts = [query] if _FTS_SPECIAL.search(query) else [query, _quote_words(query)]
    with session_scope(engine) as session:
        for i, fts_query in enumerate(attempts):
            try:
                rows = session.execute(ranked, {**params, "q": fts_query}).all()
            except OperationalError as exc:
                if not _is_syntax_error(exc):
                    raise
                if i + 1 < len(attempts):
                    continue
                reason = str(exc.orig or exc).splitlines()[0]
                raise LitwatchError(
                    f"cannot search for {query!r}: not valid search syntax ({reason}); {SEARCH_SYNTAX_HELP}"
                ) from None
            if wanted is not None:
                rows = [r for r in rows if r.pmid in wanted]
            return SearchPage(total=len(rows), hits=_hits(session, fts_query, rows[:limit]))
    return SearchPage(total=0, hits=[])


def _hits(session: Any, fts_query: str, ranked: Sequence[Any]) -> list[Hit]:
    """Title, year, design and snippet for the hits shown (snippets only for those: they cost)."""
    if not ranked:
        return []
    keys = {f"p{i}": r.pmid for i, r in enumerate(ranked)}
    stmt = text(
        "SELECT a.pmid, a.year, a.title, t.design, "
        f"snippet(articles_fts, -1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', {SNIPPET_TOKENS}) AS snip "
        "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        "LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
        f"WHERE articles_fts MATCH :q AND a.pmid IN ({', '.join(':' + k for k in keys)})"
    )
    info = {r.pmid: r for r in session.execute(stmt, {"q": fts_query, **keys})}
    hits = []
    for r in ranked:
        row = info[r.pmid]
        hits.append(_hit(r.pmid, row.year, row.title, r.score, row.snip or "", row.design))
    return hits


def search_records(
    query: str, *, engine: Engine, limit: int = 20, filters: SearchFilters | None = None
) -> list[Hit]:
    """The hits of `search_page`, best match first."""
    return search_page(query, engine=engine, limit=limit, filters=filters).hits
