"""Move a whole litwatch database between backends (SQLite <-> PostgreSQL), verified.

Every table of the schema is copied row for row -- records, tags, reviews, runs, saved queries --
keeping ids, so the copy is the same database on another engine. The copy is checked before it
is reported done: each table's row count and a content hash (order-independent, computed from the
values as SQLAlchemy reads them, so the two engines' storage formats do not matter) must match
the source. The destination must hold no records yet: nothing is ever merged or overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

from litwatch.db.models import Base
from litwatch.errors import DatabaseError

BATCH_ROWS = 2_000


@dataclass
class CopyResult:
    """Rows per table and the content hash both databases agree on."""

    rows: dict[str, int] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _row_digest(row: Any) -> bytes:
    return hashlib.sha256(json.dumps(list(row), sort_keys=True, default=str).encode()).digest()


def table_fingerprint(conn: Connection, table: Table) -> tuple[int, bytes]:
    """(row count, sha256 over the sorted per-row digests) of one table."""
    digests = sorted(_row_digest(row) for row in conn.execute(select(table)))
    return len(digests), hashlib.sha256(b"".join(digests)).digest()


def database_fingerprint(engine: Engine) -> CopyResult:
    """Row counts of every litwatch table and one hash over all their contents."""
    result = CopyResult()
    total = hashlib.sha256()
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            count, digest = table_fingerprint(conn, table)
            result.rows[table.name] = count
            total.update(table.name.encode() + b"\0" + digest)
    result.content_hash = total.hexdigest()
    return result


def _finish_copy(conn: Connection) -> None:
    """Engine-specific upkeep after bulk rows arrived with their ids: sequences, FTS5 index."""
    if conn.dialect.name == "postgresql":
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
    else:
        conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))


def copy_database(
    source: Engine, target: Engine, *, on_table: Callable[[str, int], None] | None = None
) -> CopyResult:
    """Copy every row of `source` into the empty litwatch database `target`, then verify it.

    Raises DatabaseError when the target already holds records or the verification fails.
    """
    with target.connect() as conn:
        held = conn.execute(select(func.count()).select_from(Base.metadata.tables["articles"])).scalar_one()
    if held:
        raise DatabaseError(
            f"the destination already holds {held:,} records: copy into a new, empty database "
            "(nothing was changed)"
        )
    with source.connect() as src, target.begin() as dst:
        for table in Base.metadata.sorted_tables:
            copied = 0
            rows = src.execute(select(table).execution_options(yield_per=BATCH_ROWS))
            for chunk in rows.partitions(BATCH_ROWS):
                dst.execute(insert(table), [dict(r._mapping) for r in chunk])
                copied += len(chunk)
            if on_table is not None:
                on_table(table.name, copied)
        _finish_copy(dst)
    want, got = database_fingerprint(source), database_fingerprint(target)
    if want != got:
        differ = [name for name in want.rows if want.rows[name] != got.rows.get(name)]
        raise DatabaseError(
            "the copy does not match its source ("
            + (f"row counts differ in {', '.join(differ)}" if differ else "content hashes differ")
            + "): do not use the destination; report this as a bug"
        )
    return got
