"""Open a litwatch database: check the path, set SQLite pragmas, apply migrations.

Every command goes through `open_database`, so a wrong `--db` is refused before anything is
written, and an older database is upgraded in place by Alembic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from litwatch.errors import DatabaseError

DEFAULT_DB = "litwatch.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000


def resolve_db_path(path: str | os.PathLike[str] | None) -> Path:
    """--db wins, then $LITWATCH_DB, then ./litwatch.db."""
    return Path(path or os.environ.get("LITWATCH_DB") or DEFAULT_DB).expanduser()


def check_db_path(path: Path, *, create: bool) -> None:
    """Refuse a path that is not (or cannot become) a litwatch SQLite file, before touching it."""
    if path.is_dir():
        raise DatabaseError(f"--db {path} is a directory: pass a file path such as {path / DEFAULT_DB}")
    if path.exists():
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise DatabaseError(
                f"--db {path} is not a SQLite database: pass a litwatch .db file or a new path"
            )
        if not os.access(path, os.W_OK) and create:
            raise DatabaseError(f"--db {path} is read-only: make it writable or choose another path")
        return
    if not create:
        raise DatabaseError(f"no database at {path}: run `litwatch demo` or `litwatch ingest FILE` first")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise DatabaseError(f"cannot create --db {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise DatabaseError(
            f"cannot create --db {path}: folder {parent} is not writable; choose another path"
        )


def _set_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_db_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _ensure_litwatch_schema(engine: Engine, path: Path) -> None:
    """A SQLite file with other tables and no migration history is someone else's: leave it alone."""
    tables = set(inspect(engine).get_table_names())
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"--db {path} is a SQLite database but not a litwatch one: choose another path")


def migrate_database(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (a no-op on an up-to-date database)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_database(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Engine:
    """Engine for a checked, migrated litwatch database in WAL mode with foreign keys on."""
    db_path = resolve_db_path(path)
    check_db_path(db_path, create=create)
    engine = create_db_engine(db_path)
    try:
        _ensure_litwatch_schema(engine, db_path)
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
        if mode != "wal" and create:
            raise DatabaseError(f"--db {db_path}: could not switch to WAL mode (got {mode})")
        migrate_database(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig else str(exc)
        raise DatabaseError(f"--db {db_path} cannot be used: {reason}") from exc
    except DatabaseError:
        engine.dispose()
        raise
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
