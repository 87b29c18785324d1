"""Full-text search on PostgreSQL: litwatch's FTS5-style query syntax as a tsquery.

SQLite answers `litwatch search` with FTS5 (MATCH + bm25); PostgreSQL with the generated
`articles.search_vector` column (revisions 0007 and 0010: title weight A, abstract weight B, ASCII
punctuation read as spaces as FTS5 does) and
`to_tsquery('english', ...)`. This module translates the one user syntax -- words (all must
match), "phrases", AND / OR / NOT in capitals, prefix* and parentheses -- so both engines take the
same queries. Only words (\\w+) ever reach the tsquery text, so user input cannot inject syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

TS_CONFIG = "english"  # stemming comparable to FTS5's porter tokenizer
# ts_rank length normalisation: divide by 1 + log(document length), so, as with bm25, a word in a
# short record counts for more than the same word in a long one.
RANK_NORMALIZATION = 1
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


class QuerySyntaxError(ValueError):
    """The query cannot be read (unbalanced quote or parenthesis, dangling operator)."""


@dataclass(frozen=True)
class Term:
    """One word, "phrase" or prefix*; PostgreSQL's own parser turns `text` into lexemes."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    kind: str  # "and" | "or"
    parts: tuple[Node, ...]
    negated: tuple[bool, ...]  # per part, for "and": a NOT b = a AND !b


Node = Term | Op


def _term(token: str) -> Node | None:
    if token.startswith('"'):
        inner = token[1:-1]
        return Term(inner) if _WORD.search(inner) else None
    words = _WORD.findall(token)
    if not words:
        return None
    if token.endswith("*"):  # only words reach to_tsquery, so nothing can inject its syntax
        return Term(" <-> ".join(words[:-1] + [words[-1] + ":*"]), prefix=True)
    # "non-small-cell", "0.5": a phrase of its words, as FTS5 reads it and as the index holds it
    # (revision 0010 indexes text with ASCII punctuation read as spaces).
    return Term(" ".join(words))


def parse_query(query: str) -> Node | None:
    """The FTS5-style query as a tree (NOT binds tightest, then AND, then OR); None if no terms."""
    tokens = _TOKEN.findall(query)
    for token in tokens:
        if token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
            raise QuerySyntaxError("unterminated phrase: close the double quote")
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def parse_or() -> Node | None:
        nonlocal pos
        parts = [parse_and()]
        while peek() == "OR":
            pos += 1
            parts.append(parse_and())
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else Op("or", kept, (False,) * len(kept))

    def parse_and() -> Node | None:
        nonlocal pos
        parts: list[tuple[Node | None, bool]] = [(parse_unary(), False)]
        while (token := peek()) is not None and token not in {"OR", ")"}:
            negate = token == "NOT"
            if token in {"AND", "NOT"}:
                pos += 1
            parts.append((parse_unary(), negate))
        kept = [(p, n) for p, n in parts if p is not None]
        if not kept or all(n for _, n in kept):
            return None
        if len(kept) == 1:
            return kept[0][0]
        return Op("and", tuple(p for p, _ in kept), tuple(n for _, n in kept))

    def parse_unary() -> Node | None:
        nonlocal pos
        token = peek()
        if token is None or token in _OPERATORS:
            raise QuerySyntaxError(f"{token or 'the end'} where a term was expected")
        if token == ")":
            raise QuerySyntaxError("unbalanced parenthesis")
        pos += 1
        if token == "(":
            inner = parse_or()
            if peek() != ")":
                raise QuerySyntaxError("unbalanced parenthesis")
            pos += 1
            return inner
        return _term(token)

    tree = parse_or()
    if pos != len(tokens):
        raise QuerySyntaxError("unbalanced parenthesis")
    return tree


def collect_terms(node: Node | None) -> list[Term]:
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    return [t for part in node.parts for t in collect_terms(part)]


def render_tsquery(node: Node | None, lexemes: dict[Term, str]) -> str:
    """tsquery text from the tree and each term's lexemes ('' for stop words only: dropped)."""
    if node is None:
        return ""
    if isinstance(node, Term):
        found = lexemes.get(node, "")
        return f"( {found} )" if found else ""
    rendered = [(render_tsquery(p, lexemes), n) for p, n in zip(node.parts, node.negated, strict=True)]
    kept = [(r, n) for r, n in rendered if r]
    if node.kind == "or":
        return "( " + " | ".join(r for r, _ in kept) + " )" if kept else ""
    if not kept or all(n for _, n in kept):
        return ""
    return "( " + " & ".join(("!" + r) if n else r for r, n in kept) + " )"


def translate_query(conn: Connection, query: str) -> str:
    """FTS5-style query -> tsquery text, each term normalised by PostgreSQL as documents are."""
    tree = parse_query(query)
    terms = list(dict.fromkeys(collect_terms(tree)))
    if not terms:
        return ""
    stmt = text(
        "SELECT CASE WHEN u.p THEN to_tsquery(CAST(:config AS regconfig), u.t) "
        "ELSE phraseto_tsquery(CAST(:config AS regconfig), u.t) END::text "
        "FROM unnest(CAST(:texts AS text[]), CAST(:prefixes AS boolean[])) WITH ORDINALITY AS u(t, p, n) "
        "ORDER BY u.n"
    )
    params = {"config": TS_CONFIG, "texts": [t.text for t in terms], "prefixes": [t.prefix for t in terms]}
    found = [row[0] for row in conn.execute(stmt, params)]
    return render_tsquery(tree, dict(zip(terms, found, strict=True)))


def rank_weights(title_weight: float, abstract_weight: float) -> str:
    """ts_rank's weight array {D, C, B, A} (each at most 1) for title = A, abstract = B."""
    top = max(title_weight, abstract_weight)
    return f"{{0, 0, {abstract_weight / top}, {title_weight / top}}}"


SNIPPET_MARKS = ("\ue000", "\ue001")  # private-use characters, as FTS5's snippet() gets in browse


def rank_postgres(
    conn: Connection,
    tsquery: str,
    *,
    design: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    title_weight: float = 5.0,
    abstract_weight: float = 1.0,
) -> list[tuple[str, float]]:
    """(pmid, score) of every live match of a translated query that passes the filters, best first;
    score is negated ts_rank, so lower is better as with bm25. The filters are the same SQL as on
    SQLite (`litwatch.services.search.search_page`), so both engines filter alike."""
    where = ["a.search_vector @@ q", "NOT a.deleted"]
    params: dict[str, object] = {
        "weights": rank_weights(title_weight, abstract_weight),
        "norm": RANK_NORMALIZATION,
        "q": tsquery,
    }
    if design is not None:
        where.append("t.design = :design")
        params["design"] = design
    if year_from is not None:
        where.append("a.year >= :y0")
        params["y0"] = year_from
    if year_to is not None:
        where.append("a.year <= :y1")
        params["y1"] = year_to
    stmt = text(
        "SELECT a.pmid, -ts_rank(CAST(:weights AS real[]), a.search_vector, q, :norm) AS score "
        "FROM articles AS a CROSS JOIN CAST(:q AS tsquery) AS q "
        "LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
        f"WHERE {' AND '.join(where)} ORDER BY score, a.id"
    )
    return [(r.pmid, r.score) for r in conn.execute(stmt, params)]


def headline_postgres(
    conn: Connection, tsquery: str, pmids: list[str], *, max_words: int = 14
) -> dict[str, tuple[int | None, str, str | None, str]]:
    """pmid -> (year, title, design, snippet) for the hits shown; the snippet is ts_headline's best
    stretch of title and abstract with matched words between `SNIPPET_MARKS` (only for these few
    rows: a headline re-parses the text)."""
    if not pmids:
        return {}
    start, stop = SNIPPET_MARKS
    options = (
        f"StartSel={start}, StopSel={stop}, MaxWords={max_words}, MinWords={max(1, max_words // 3)}, "
        'MaxFragments=1, FragmentDelimiter=" … "'
    )
    stmt = text(
        "SELECT a.pmid, a.year, a.title, t.design, "
        "ts_headline(CAST(:config AS regconfig), a.title || ' ' || coalesce(a.abstract, ''), "
        "CAST(:q AS tsquery), :options) AS snip "
        "FROM articles AS a LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
        "WHERE a.pmid = ANY(CAST(:pmids AS text[]))"
    )
    params = {"config": TS_CONFIG, "q": tsquery, "options": options, "pmids": pmids}
    return {r.pmid: (r.year, r.title, r.design, r.snip or "") for r in conn.execute(stmt, params)}
