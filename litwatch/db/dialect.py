"""What differs between the two database engines, decided in one place.

Services build upserts with `insert_for(session)` (SQLite's or PostgreSQL's INSERT, both with
ON CONFLICT) and raw SQL with `placeholder(...)`, so no other module imports a dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, func
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

# Transaction-scoped advisory lock taken before a read-then-write of articles on PostgreSQL,
# the counterpart of SQLite's BEGIN IMMEDIATE (see litwatch.db.store.lock_for_write).
WRITE_LOCK_KEY = 0x6C77_7772  # "lwwr"
# Session-scoped advisory lock held for a whole sync (see litwatch.db.locks).
SYNC_LOCK_KEY = 0x6C77_7379  # "lwsy"


def dialect_name(bind: Session | Connection | Engine) -> str:
    """'sqlite' or 'postgresql'."""
    if isinstance(bind, Session):
        bind = bind.get_bind()
    return bind.dialect.name


def is_postgres(bind: Session | Connection | Engine) -> bool:
    return dialect_name(bind) == "postgresql"


def insert_for(bind: Session | Connection | Engine) -> Callable[..., Any]:
    """The dialect's `insert` (both have `on_conflict_do_update/nothing` and `.excluded`).

    Imported on use: an SQLite-only process (a file ingest's memory budget) never loads PostgreSQL's.
    """
    if is_postgres(bind):
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def placeholder(bind: Session | Connection | Engine) -> str:
    """The DBAPI's positional parameter mark for `exec_driver_sql`: `?` (sqlite3) or `%s` (psycopg)."""
    return "%s" if is_postgres(bind) else "?"


def json_array_length(bind: Session | Connection | Engine, column: Any, key: str) -> ColumnElement[int]:
    """SQL for the length of the array at `column`'s top-level `key` (NULL when absent).

    SQLite's json_array_length takes a path; PostgreSQL's takes the array itself (`->`).
    """
    if is_postgres(bind):
        return func.json_array_length(column.op("->")(key))
    return func.json_array_length(column, f"$.{key}")
