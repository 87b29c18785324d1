"""The store: idempotent upserts, revisions in place, versions, deletions, FTS in sync.

Each test runs on both backends (conftest.db_target) unless it names why it is SQLite's alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select, text

from litwatch.db import models as m
from litwatch.db.engine import is_database_url, open_database, session_scope
from litwatch.db.store import load_record, mark_deleted, upsert_records
from litwatch.errors import DatabaseError
from litwatch.record import (
    ArticleId,
    Author,
    CommentCorrection,
    MeshHeading,
    PublicationType,
    Qualifier,
    Record,
    Section,
)
from litwatch.services.search import search_records

T0 = datetime(2026, 1, 1, 12, 0, 0)
T1 = datetime(2026, 2, 1, 12, 0, 0)


def make_record(pmid: str = "37414272", **changes: object) -> Record:
    rec = Record(
        pmid=pmid,
        title="Effect of Repeated Intravenous Esketamine on Adolescents With Major Depressive Disorder.",
        sections=[
            Section("OBJECTIVE", "OBJECTIVE", "Suicide is a major cause of death in adolescents."),
            Section("METHOD", "METHODS", "Participants received 3 infusions of esketamine 0.25 mg/kg."),
        ],
        authors=[Author(last_name="Zhou", initials="Y"), Author(last_name="Lan", initials="X")],
        publication_types=[PublicationType("Randomized Controlled Trial", "D016449")],
        mesh=[MeshHeading("Ketamine", "D007649", True, [Qualifier("therapeutic use", "Q000627", False)])],
        keywords=["esketamine", "suicidal ideation"],
        article_ids=[ArticleId("pubmed", pmid), ArticleId("doi", "10.1016/j.jaac.2023.05.031")],
    )
    return dataclasses.replace(rec, **changes)


@pytest.fixture
def engine(db_target: str) -> Iterator[Engine]:
    """A new, migrated database: an SQLite file, then a PostgreSQL database."""
    engine = open_database(db_target)
    yield engine
    engine.dispose()


def search_pmids(engine: Engine, query: str) -> list[str]:
    return [h.pmid for h in search_records(query, engine=engine, limit=10)]


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in m.Base.metadata.sorted_tables
        }


def test_upsert_new_then_identical_writes_nothing(engine):
    with session_scope(engine) as s:
        counts = upsert_records([make_record()], session=s, now=T0)
    assert (counts.new, counts.updated, counts.unchanged) == (1, 0, 0)
    before = table_counts(engine)
    with session_scope(engine) as s:
        counts = upsert_records([make_record()], session=s, now=T1)
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, 1)
    assert table_counts(engine) == before
    with session_scope(engine) as s:
        art = s.execute(select(m.Article)).scalar_one()
        assert (art.created_at, art.updated_at) == (T0, T0)
        assert load_record("37414272", session=s) == make_record()


def test_revised_record_updates_in_place_and_trims_children(engine):
    notices = [CommentCorrection("ErratumIn", "1", "Erratum 1"), CommentCorrection("CommentIn", "2", "C 2")]
    with session_scope(engine) as s:
        upsert_records([make_record(comments_corrections=notices)], session=s, now=T0)
    revised = make_record(
        authors=[Author(last_name="Zhou", initials="Y")],
        keywords=[],
        version=2,
        comments_corrections=notices[1:],
    )
    with session_scope(engine) as s:
        counts = upsert_records([revised], session=s, now=T1)
    assert (counts.new, counts.updated) == (0, 1)
    with session_scope(engine) as s:
        art = s.execute(select(m.Article)).scalar_one()
        assert (art.id, art.version, art.created_at, art.updated_at) == (1, 2, T0, T1)
        cc = m.CommentCorrection
        assert s.execute(select(cc.pos, cc.ref_type, cc.ref_pmid)).all() == [(0, "CommentIn", "2")]
        assert load_record("37414272", session=s) == revised


def test_older_version_never_replaces_newer(engine):
    with session_scope(engine) as s:
        upsert_records([make_record(version=2, title="v2")], session=s, now=T0)
        counts = upsert_records([make_record(version=1, title="v1")], session=s, now=T1)
    assert counts.older == 1
    with session_scope(engine) as s:
        assert load_record("37414272", session=s).title == "v2"


def test_retraction_link_sets_flag_and_deletion_marks(engine):
    retracted = make_record(
        comments_corrections=[CommentCorrection("RetractionIn", "99999999", "J X. 2024;1:1")]
    )
    with session_scope(engine) as s:
        upsert_records([retracted, make_record("1000")], session=s, now=T0)
        assert mark_deleted(["1000", "424242"], session=s, now=T1) == 1
        assert mark_deleted(["1000"], session=s, now=T1) == 0
    with session_scope(engine) as s:
        flags = dict(s.execute(select(m.Article.pmid, m.Article.retracted)).all())
        deleted = dict(s.execute(select(m.Article.pmid, m.Article.deleted)).all())
    assert flags == {"37414272": True, "1000": False}
    assert deleted == {"37414272": False, "1000": True}


def test_fts_index_follows_updates(engine):
    with session_scope(engine) as s:
        upsert_records([make_record()], session=s, now=T0)
        upsert_records([make_record(title="Arketamine in rats", version=2)], session=s, now=T1)
    assert search_pmids(engine, "arketamine") == ["37414272"]
    assert search_pmids(engine, "adolescents") == ["37414272"]  # still in the abstract
    assert search_pmids(engine, "repeated") == []  # the old title is gone from the index


# SQLite only: a file path that holds another format (PostgreSQL: test_backends, foreign database).
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all, just text", "is not a SQLite database"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "is not a SQLite database"),
    ],
)
def test_open_refuses_non_sqlite_file_and_leaves_it(tmp_path, content, message):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=message):
        open_database(path)
    assert path.read_bytes() == content


# SQLite only: another program's SQLite file (PostgreSQL: test_backends, foreign database).
def test_open_refuses_foreign_sqlite_database(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
    with pytest.raises(DatabaseError, match="not a litwatch one"):
        open_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


HEAD = "0010"  # the newest migration in litwatch/db/migrations/versions


def test_open_is_migrated_to_the_newest_revision(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD


# SQLite only: WAL and foreign keys are connection pragmas of SQLite's.
def test_open_is_wal_with_foreign_keys(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_older_database_is_migrated_on_open_and_keeps_its_data(db_target):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from litwatch.db.engine import MIGRATIONS, create_db_engine, resolve_db_path

    target = resolve_db_path(db_target)
    old = create_engine(target) if is_database_url(db_target) else create_db_engine(target)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")  # a database written by the first release
    with session_scope(old) as s:
        upsert_records([make_record()], session=s, now=T0)
    old.dispose()
    engine = open_database(db_target)
    with session_scope(engine) as s:
        upsert_records([make_record("1000", title="Arketamine in rats")], session=s, now=T1)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
        if engine.dialect.name == "sqlite":  # FTS5 is kept current by triggers
            triggers = {
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
            }
            assert triggers == {"articles_fts_ad", "articles_fts_au"}
    assert search_pmids(engine, "repeated") == ["37414272"]  # stored under 0001, indexed since
    assert search_pmids(engine, "arketamine") == ["1000"]
    engine.dispose()


def test_migration_0004_creates_the_snapshot_tables_as_the_models_define_them(engine):
    from sqlalchemy import inspect

    inspector = inspect(engine)
    for model in (m.VerdictSnapshot, m.SnapshotClaim, m.QueryAbsence):
        table = model.__table__
        stored = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(stored) == {c.name for c in table.columns}, table.name
        pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
        assert set(pk) == {c.name for c in table.primary_key}, table.name
        assert all(stored[c.name]["nullable"] == c.nullable for c in table.columns), table.name


CHILD_TABLES = (
    "abstract_sections",
    "authors",
    "mesh_headings",
    "publication_types",
    "keywords",
    "article_ids",
)


def test_migration_0009_drops_the_unread_child_tables_and_its_downgrade_refills_them(db_target: str) -> None:
    """Up: the six tables nothing read are gone, records intact. Down: they are back, filled from
    record_json as litwatch 0008 wrote them. On SQLite and PostgreSQL."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import URL, create_engine, inspect

    from litwatch.db.engine import MIGRATIONS, create_db_engine, resolve_db_path

    target = resolve_db_path(db_target)
    engine = create_engine(target) if isinstance(target, URL) else create_db_engine(target)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def migrate(step, revision: str) -> None:  # noqa: ANN001
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            step(config, revision)

    migrate(command.upgrade, "0008")
    record = make_record(comments_corrections=[CommentCorrection("ErratumIn", "1", "Erratum 1")])
    with session_scope(engine) as s:
        upsert_records([record, make_record("1000", sections=[], authors=[])], session=s, now=T0)
    migrate(command.upgrade, "0009")
    assert not set(CHILD_TABLES) & set(inspect(engine).get_table_names())
    migrate(command.downgrade, "0008")
    with engine.connect() as conn:
        rows = {
            t: conn.execute(text(f"SELECT * FROM {t} WHERE pmid = '37414272' ORDER BY pos")).all()
            for t in CHILD_TABLES
        }
        assert conn.execute(text("SELECT count(*) FROM authors WHERE pmid = '1000'")).scalar_one() == 0
    assert [r[2] for r in rows["abstract_sections"]] == ["OBJECTIVE", "METHOD"]
    assert [(r[1], r[2], r[4]) for r in rows["authors"]] == [(0, "Zhou", "Y"), (1, "Lan", "X")]
    assert [(r[2], r[3], bool(r[4])) for r in rows["mesh_headings"]] == [("Ketamine", "D007649", True)]
    assert [r[2:] for r in rows["publication_types"]] == [("Randomized Controlled Trial", "D016449")]
    assert [r[2] for r in rows["keywords"]] == ["esketamine", "suicidal ideation"]
    assert [r[2:] for r in rows["article_ids"]] == [
        ("pubmed", "37414272"),
        ("doi", "10.1016/j.jaac.2023.05.031"),
    ]
    migrate(command.upgrade, "head")
    with session_scope(engine) as s:
        assert load_record("37414272", session=s) == record
    engine.dispose()
