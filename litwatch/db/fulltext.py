"""Full-text search on PostgreSQL: litwatch's FTS5-style query syntax as a tsquery.

SQLite answers `litwatch search` with FTS5 (MATCH + bm25); PostgreSQL with the generated
`articles.search_vector` column (revision 0005: title weight A, abstract weight B) and
`to_tsquery('english', ...)`. This module translates the one user syntax -- words (all must
match), "phrases", AND / OR / NOT in capitals, prefix* and parentheses -- so both engines take the
same queries. Only words (\\w+) ever reach the tsquery text, so user input cannot inject syntax.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

TS_CONFIG = "english"  # stemming comparable to FTS5's porter tokenizer
# ts_rank weights for {D, C, B, A}: a title match (A) counts 5x an abstract match (B), as bm25's 5:1.
RANK_WEIGHTS = "{0.0, 0.0, 0.2, 1.0}"
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"\w+")
_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}


class QuerySyntaxError(ValueError):
    """The query cannot be read (unbalanced quote or parenthesis, dangling operator)."""


def _operand(token: str) -> str | None:
    """A word, prefix* or phrase as a tsquery operand; None when it holds no word at all."""
    prefix = token.endswith("*")
    words = _WORD.findall(token)
    if not words:
        return None
    if prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def translate_query(query: str) -> str:
    """FTS5-style query -> to_tsquery text; '' when nothing searchable is left."""
    out: list[str] = []
    depth = 0
    for token in _TOKEN.findall(query):
        if token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
            raise QuerySyntaxError("unterminated phrase: close the double quote")
        prev = out[-1] if out else None
        operand_before = prev is not None and prev not in {"(", "&", "|", "& !"}
        if token in _OPERATORS:
            if not operand_before:
                raise QuerySyntaxError(f"{token} needs a term before it")
            out.append(_OPERATORS[token])
        elif token == "(":
            if operand_before:
                out.append("&")
            out.append("(")
            depth += 1
        elif token == ")":
            if depth == 0 or not operand_before:
                raise QuerySyntaxError("unbalanced parenthesis")
            out.append(")")
            depth -= 1
        else:
            term = _operand(token)
            if term is None:
                continue
            if operand_before:
                out.append("&")
            out.append(term)
    if depth:
        raise QuerySyntaxError("unbalanced parenthesis")
    if out and out[-1] in {"&", "|", "& !"}:
        raise QuerySyntaxError("a trailing operator needs a term after it")
    return " ".join(out)


def search_postgres(conn: Connection, query: str, *, limit: int) -> list[tuple[str, int | None, str, float]]:
    """(pmid, year, title, score) of the best matches, best first; score is negated ts_rank, so
    lower is better as with bm25."""
    tsquery = translate_query(query)
    if not tsquery:
        return []
    stmt = text(
        "SELECT a.pmid, a.year, a.title, "
        "-ts_rank(CAST(:weights AS real[]), a.search_vector, q) AS score "
        "FROM articles AS a, to_tsquery(CAST(:config AS regconfig), :q) AS q "
        "WHERE a.search_vector @@ q AND NOT a.deleted "
        "ORDER BY score, a.id LIMIT :limit"
    )
    params = {"weights": RANK_WEIGHTS, "config": TS_CONFIG, "q": tsquery, "limit": limit}
    return [(r.pmid, r.year, r.title, r.score) for r in conn.execute(stmt, params)]
