"""--db pointing at another program's SQLite file (issue 8, item 14): recognised before anything
changes, refused in one line, left byte-for-byte as it was (no WAL switch, no migration)."""

# SQLite only: another program's SQLite file on disk (PostgreSQL's foreign database: test_backends).

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hostile.conftest import digest, one_line_error, run_cli
from litwatch.db.engine import litwatch_revisions, open_database


def make_sqlite(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()
    return path


def journal_mode_bytes(path: Path) -> bytes:
    """File format read/write versions at offset 18: 1,1 = rollback journal, 2,2 = WAL."""
    return path.read_bytes()[18:20]


USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)"
ALEMBIC = "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"

FOREIGN = {
    "no migration history": [USERS, "INSERT INTO users (email) VALUES ('a@example.org')"],
    "empty alembic_version beside foreign tables": [USERS, ALEMBIC],
    "another app's Alembic revision": [USERS, ALEMBIC, "INSERT INTO alembic_version VALUES ('ae1027a6acf')"],
    "our revision id but not our tables": [USERS, ALEMBIC, "INSERT INTO alembic_version VALUES ('0001')"],
    "two revisions": [USERS, ALEMBIC, "INSERT INTO alembic_version VALUES ('0001'), ('0002')"],
}
COMMANDS = [
    ["status"],
    ["show", "38011560"],
    ["search", "ketamine"],
    ["export"],
    ["claims"],
    ["check", "-o", "-"],
    ["tag"],
    ["query", "list"],
    ["ingest", "{missing}"],
]


@pytest.mark.parametrize("kind", list(FOREIGN))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c[0] != "query" else "query-list")
def test_foreign_sqlite_file_is_refused_untouched(tmp_path, kind, command):
    db = make_sqlite(tmp_path / "app.sqlite", *FOREIGN[kind])
    before, mode = digest(db), journal_mode_bytes(db)
    args = [part.format(missing=tmp_path / "none.xml") for part in command]
    line = one_line_error(run_cli(*args, "--db", db))
    assert f"--db {db} is a SQLite database but not a litwatch one" in line
    assert digest(db) == before and mode == b"\x01\x01"  # never switched to WAL, never migrated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.sqlite"]  # no -wal/-shm/-journal


def test_foreign_database_in_wal_mode_is_refused_untouched(tmp_path):
    db = tmp_path / "wal.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    with conn:
        conn.execute(USERS)
    conn.close()
    before = digest(db)
    line = one_line_error(run_cli("status", "--db", db))
    assert "not a litwatch one" in line and digest(db) == before


def test_a_corrupt_sqlite_file_is_refused_in_one_line(tmp_path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = digest(db)
    line = one_line_error(run_cli("status", "--db", db))
    assert str(db) in line
    assert digest(db) == before


@pytest.mark.parametrize("start", ["missing", "empty file", "no tables", "empty alembic_version only"])
def test_new_or_empty_path_still_becomes_a_litwatch_database(tmp_path, start):
    db = tmp_path / "new.db"
    if start == "empty file":
        db.write_bytes(b"")
    elif start == "no tables":
        make_sqlite(db, "PRAGMA user_version = 0")
    elif start == "empty alembic_version only":
        make_sqlite(db, ALEMBIC)  # a first migration that never got going
    engine = open_database(db)
    with engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    engine.dispose()
    assert revision == litwatch_revisions()[1]
    assert {"articles", "runs", "alembic_version"} <= tables


def test_a_litwatch_database_is_still_recognised_and_used(build_db):
    db = build_db()
    result = run_cli("status", "--db", db)
    assert result.exit_code == 0 and "records: 1 " in result.stdout
