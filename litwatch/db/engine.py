"""Open a litwatch database: check the path, set SQLite pragmas, apply migrations.

Every command goes through `open_database`, so a wrong `--db` is refused before anything is
written, and an older database is upgraded in place by Alembic.

Before anything is changed (WAL mode, migrations) the file is inspected through a read-only
connection and must be recognisably litwatch's: no tables yet, or an Alembic revision that is
one of ours together with our tables. Another program's SQLite file is refused untouched.

`--db` may also be an SQLAlchemy URL (`postgresql+psycopg://user@host/dbname`) for a team's
shared PostgreSQL database; libpq takes the password from $PGPASSWORD or ~/.pgpass, and the URL
is only ever shown with its password masked. The same foreign-database check applies there.

Alembic is imported only when a database needs upgrading: a database already at the head
revision (read from its `alembic_version` table, compared with the migration files) opens
without loading the migration machinery, which keeps every command's start-up short.

Read commands pass `read_only=True`: on a database the user cannot write (file or folder), they
open it read-only (`mode=ro`, falling back to `immutable=1` when SQLite cannot create the WAL
index beside it) instead of failing; write commands on such a database are refused up front.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from litwatch.errors import DatabaseError

DEFAULT_DB = "litwatch.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
CORE_TABLES = frozenset({"articles", "runs"})  # present from the first revision on
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+]*://", re.IGNORECASE)
SERVER_BACKENDS = frozenset({"postgresql"})
# Held (transaction-scoped) while migrating, so processes opening a new database at once queue up.
MIGRATION_LOCK_KEY = 0x6C77_6D69  # "lwmi"


@dataclass(frozen=True)
class SqliteFileInfo:
    """What a read-only look at an existing SQLite file found, before litwatch touches it."""

    tables: frozenset[str]
    revisions: tuple[str, ...]  # rows of alembic_version, () when absent or empty


def is_database_url(value: object) -> bool:
    """`scheme://...` is a database URL; anything else (and a `Path`) is an SQLite file path."""
    return isinstance(value, URL) or (isinstance(value, str) and bool(_URL_SCHEME.match(value)))


def parse_database_url(value: str | URL) -> URL | Path:
    """A server URL, or the file path of an `sqlite:///file` URL; one-line error for anything else.

    A bare `postgresql://` gets the psycopg (v3) driver litwatch depends on.
    """
    try:
        url = value if isinstance(value, URL) else make_url(value)
    except ArgumentError:
        raise DatabaseError(
            f"--db {_mask(str(value))} is not a database URL: give e.g. "
            "postgresql+psycopg://user@host/dbname or a file path"
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseError("--db sqlite:// needs a file: give e.g. sqlite:///litwatch.db or a file path")
        return Path(url.database).expanduser()
    if backend not in SERVER_BACKENDS:
        raise DatabaseError(
            f"--db {url}: {backend} is not supported; use a PostgreSQL URL "
            "(postgresql+psycopg://user@host/dbname) or an SQLite file path"
        )
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if not url.database:
        raise DatabaseError(
            f"--db {url} names no database: add it, e.g. postgresql+psycopg://user@host/litwatch"
        )
    return url


def _mask(value: str) -> str:
    """Hide a password written into a URL-like string (user:secret@host)."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", value)


def resolve_db_path(path: str | os.PathLike[str] | URL | None) -> Path | URL:
    """--db wins, then $LITWATCH_DB, then ./litwatch.db; a URL stays a URL (str() masks its password)."""
    value = path or os.environ.get("LITWATCH_DB") or DEFAULT_DB
    if isinstance(value, URL) or (isinstance(value, str) and is_database_url(value)):
        return parse_database_url(value)
    return Path(value).expanduser()


def is_writable(path: Path) -> bool:
    """SQLite writes the file and creates its -wal/-shm/-journal beside it: both must be writable."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def check_db_path(path: Path, *, create: bool, write: bool = True) -> None:
    """Refuse a path that is not (or cannot become) a litwatch SQLite file, before touching it.

    `write=False` (read commands) accepts a database the user cannot write.
    """
    if path.is_dir():
        raise DatabaseError(f"--db {path} is a directory: pass a file path such as {path / DEFAULT_DB}")
    if path.exists():
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise DatabaseError(
                f"--db {path} is not a SQLite database: pass a litwatch .db file or a new path"
            )
        if write and not is_writable(path):
            raise DatabaseError(
                f"--db {path} is read-only (the file or its folder) and this command writes to it: "
                "make both writable or work on a copy; read commands such as status, search and "
                "check still work"
            )
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


def _set_readonly_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: `mode=ro`, or `immutable=1` when SQLite cannot even create
    the WAL index (a read-only folder holding a WAL database)."""
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
    return conn


def create_readonly_engine(path: Path) -> Engine:
    """Engine over `connect_read_only`; its URL still names the plain path (shown by `status`)."""
    engine = create_engine(f"sqlite:///{path}", creator=lambda: connect_read_only(path))
    event.listen(engine, "connect", _set_readonly_pragmas)
    return engine


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.*)$", re.M)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@functools.cache
def litwatch_revisions() -> tuple[frozenset[str], str]:
    """Every Alembic revision litwatch ships, and the head one, read from the migration files'
    `revision =` and `down_revision =` lines (Alembic's own reading costs a large import)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            ids = _QUOTED.findall(value)
            (revisions if name == "revision" else parents).update(ids[:1] if name == "revision" else ids)
    heads = revisions - parents
    if len(heads) != 1:  # a branched history: let Alembic work it out
        return alembic_revisions()
    return frozenset(revisions), heads.pop()


def alembic_revisions() -> tuple[frozenset[str], str]:
    """Every revision and the head, as Alembic reads them (the reference for `litwatch_revisions`)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return frozenset(r.revision for r in script.walk_revisions()), script.get_current_head() or ""


def read_sqlite_info(path: Path) -> SqliteFileInfo | None:
    """Tables and Alembic revision of an existing SQLite file, read without writing; None if empty."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(connect_read_only(path)) as conn:
            tables = frozenset(
                name
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            )
            revisions: tuple[str, ...] = ()
            if "alembic_version" in tables:
                rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                revisions = tuple(str(r[0]) for r in rows)
    except sqlite3.Error as exc:
        raise DatabaseError(f"--db {path} cannot be read as a SQLite database: {exc}") from None
    return SqliteFileInfo(tables=tables, revisions=revisions)


def check_litwatch_database(path: Path | URL, info: SqliteFileInfo | None, *, kind: str = "SQLite") -> None:
    """Refuse a SQLite file that is not recognisably litwatch's, before anything changes it.

    Accepted: an empty file or one without tables (a new database), or exactly one Alembic
    revision that litwatch ships plus litwatch's core tables.
    """
    if info is None or not info.tables:
        return
    foreign = f"--db {path} is a {kind} database but not a litwatch one"
    if "alembic_version" not in info.tables:
        raise DatabaseError(f"{foreign}: choose another path")
    if not info.revisions:
        if info.tables - {"alembic_version"}:
            raise DatabaseError(f"{foreign} (its alembic_version table is empty): choose another path")
        return
    ours, _head = litwatch_revisions()
    if len(info.revisions) != 1 or info.revisions[0] not in ours:
        raise DatabaseError(
            f"{foreign} (Alembic revision {', '.join(info.revisions)!s:.60} is not litwatch's; "
            "or it was written by a newer litwatch): choose another path"
        )
    missing = CORE_TABLES - info.tables
    if missing:
        raise DatabaseError(
            f"{foreign} (it lacks litwatch's {', '.join(sorted(missing))} table): choose another path"
        )


def _open_read_only(path: Path, info: SqliteFileInfo | None) -> Engine:
    """A read command on a database the user cannot write: read it as it is, never upgrade it."""
    _ours, head = litwatch_revisions()
    if info is None or not info.revisions:
        raise DatabaseError(f"--db {path} is read-only and holds no litwatch data yet: choose another path")
    if info.revisions[0] != head:
        raise DatabaseError(
            f"--db {path} is read-only and was written by an older litwatch: make it writable once "
            "(any command upgrades it) or work on a copy"
        )
    return create_readonly_engine(path)


def is_at_head(info: SqliteFileInfo | None) -> bool:
    """The database already has every migration litwatch ships: nothing to upgrade."""
    return info is not None and info.revisions == (litwatch_revisions()[1],)


def upgrade_database(engine: Engine, info: SqliteFileInfo | None, where: str) -> None:
    """Migrate a database that is not at head; Alembic's failures become one-line errors."""
    if is_at_head(info):
        return
    from alembic.util import CommandError

    try:
        migrate_database(engine)
    except CommandError as exc:
        raise DatabaseError(f"--db {where} cannot be upgraded: {str(exc).splitlines()[0]}") from exc


def migrate_database(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (a no-op on an up-to-date database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def read_server_info(engine: Engine) -> SqliteFileInfo:
    """Tables and Alembic revision of a server database (its current schema), read without writing."""
    with engine.connect() as conn:
        tables = frozenset(inspect(conn).get_table_names())
        revisions: tuple[str, ...] = ()
        if "alembic_version" in tables:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
            revisions = tuple(str(r[0]) for r in rows)
    return SqliteFileInfo(tables=tables, revisions=revisions)


def open_server_database(url: URL) -> Engine:
    """Engine for a checked, migrated litwatch database on a PostgreSQL server.

    The database itself must exist (`createdb`): a team's administrator creates it, litwatch
    creates the tables. Errors name the URL with its password masked.
    """
    engine = create_engine(url, pool_pre_ping=True)
    try:
        info = read_server_info(engine)
        check_litwatch_database(url, info, kind="PostgreSQL")
        upgrade_database(engine, info, str(url))
    except OperationalError as exc:
        engine.dispose()
        reason = (str(exc.orig) if exc.orig else str(exc)).strip().splitlines()[0]
        raise DatabaseError(
            f"--db {url} cannot be used: {_mask(reason)}; check the server, the database name and "
            "the password ($PGPASSWORD or ~/.pgpass)"
        ) from None
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def open_database(
    path: str | os.PathLike[str] | URL | None = None, *, create: bool = True, read_only: bool = False
) -> Engine:
    """Engine for a checked, migrated litwatch database in WAL mode with foreign keys on.

    `create=False`: the database must exist. `read_only=True` (commands that only read): a
    database the user cannot write is opened read-only instead of refused. A URL opens a
    PostgreSQL database (see `open_server_database`).
    """
    db_path = resolve_db_path(path)
    if isinstance(db_path, URL):
        return open_server_database(db_path)
    check_db_path(db_path, create=create, write=not read_only)
    info = read_sqlite_info(db_path)
    check_litwatch_database(db_path, info)
    if read_only and db_path.exists() and not is_writable(db_path):
        return _open_read_only(db_path, info)
    engine = create_db_engine(db_path)
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
        if mode != "wal" and create:
            raise DatabaseError(f"--db {db_path}: could not switch to WAL mode (got {mode})")
        upgrade_database(engine, info, str(db_path))
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
