"""`litwatch ingest` end to end: idempotency, crash-and-resume, and bad inputs that change nothing.

Database tests run on both backends (conftest.db_target / make_db_target) unless they say why not."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database
from litwatch.services.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures"
EDGE = FIXTURES / "pubmed21n1298_edge_cases.xml"
runner = CliRunner()


def dump_records(db: str) -> dict[str, list[tuple]]:
    """Every row of every record table (not runs), in a stable order, on either backend."""
    engine = open_database(db, create=False)
    skip = {"runs"}
    with engine.connect() as conn:
        tables = {
            t.name: sorted(map(tuple, conn.execute(select(t))), key=repr)
            for t in m.Base.metadata.sorted_tables
            if t.name not in skip
        }
    engine.dispose()
    return dict(sorted(tables.items()))


def query_one(db: str, stmt) -> tuple:  # noqa: ANN001 - any selectable
    engine = open_database(db, create=False)
    with engine.connect() as conn:
        row = tuple(conn.execute(stmt).one())
    engine.dispose()
    return row


def count_rows(db: str, model) -> int:  # noqa: ANN001 - a model class
    return query_one(db, select(func.count()).select_from(model))[0]


def comparable(db: str) -> dict[str, list[tuple]]:
    """`dump_records` without article ids and timestamps, which legitimately differ between runs."""
    tables = dump_records(db)
    tables["articles"] = sorted((r[1:-2] for r in tables["articles"]), key=repr)
    return tables


def run_cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_ingest_twice_gives_identical_database(db_target):
    db = db_target
    first = run_cli("ingest", str(EDGE), "--db", db)
    assert first.exit_code == 0, first.output
    assert "60 new, 0 updated, 0 unchanged" in first.output
    assert "deleted" in first.output
    before = dump_records(db)
    second = run_cli("ingest", str(EDGE), "--db", db)
    assert second.exit_code == 0, second.output
    assert "0 new, 0 updated, 60 unchanged, 0 deleted" in second.output
    assert dump_records(db) == before
    assert query_one(db, select(func.count(), func.count(func.distinct(m.Article.pmid)))) == (60, 60)
    engine = open_database(db, create=False)
    with engine.connect() as conn:
        runs = conn.execute(
            select(m.Run.kind, m.Run.status, m.Run.new, m.Run.unchanged)
            .where(m.Run.kind == "ingest")
            .order_by(m.Run.id)
        ).all()
    engine.dispose()
    assert runs[0] == ("ingest", "ok", 60, 0)
    assert runs[1] == ("ingest", "ok", 0, 60)


def test_gzip_file_ingests_like_plain(tmp_path, make_db_target):
    gz = tmp_path / "edge.xml.gz"
    gz.write_bytes(gzip.compress(EDGE.read_bytes()))
    plain_db, gz_db = make_db_target(), make_db_target()
    assert run_cli("ingest", str(EDGE), "--db", plain_db).exit_code == 0
    assert run_cli("ingest", str(gz), "--db", gz_db).exit_code == 0
    assert dump_records(plain_db)["articles"] and dump_records(gz_db).keys() == dump_records(plain_db).keys()
    strip = lambda rows: [r[1:-2] for r in rows]  # noqa: E731 - drop id and timestamps
    assert strip(dump_records(gz_db)["articles"]) == strip(dump_records(plain_db)["articles"])


def test_crash_between_batches_then_rerun_completes_without_duplicates(make_db_target):
    db = make_db_target()
    engine = open_database(db)
    batches = []

    def crash_after_two(summary):
        batches.append(summary.new)
        if len(batches) == 2:
            raise KeyboardInterrupt  # what a Ctrl-C or kill between two commits looks like

    with pytest.raises(KeyboardInterrupt):
        ingest_file(EDGE, engine=engine, batch_size=10, on_batch=crash_after_two)
    engine.dispose()
    assert count_rows(db, m.Article) == 20
    assert query_one(db, select(m.Run.status)) == ("failed",)
    rerun = run_cli("ingest", str(EDGE), "--db", db, "--batch-size", "10")
    assert rerun.exit_code == 0, rerun.output
    assert "40 new, 0 updated, 20 unchanged" in rerun.output
    clean = make_db_target()
    assert run_cli("ingest", str(EDGE), "--db", clean).exit_code == 0
    assert comparable(db) == comparable(clean)
    assert query_one(db, select(func.count(), func.count(func.distinct(m.Article.pmid)))) == (60, 60)


BAD_INPUTS = {
    "empty.xml": (b"", "empty"),
    "random.bin": (bytes(range(256)) * 8, "not"),
    "page.html": (b"<!DOCTYPE html><html><head><title>PubMed</title></head><body>hi</body></html>", "html"),
    "truncated.xml": (None, "truncated"),
    "other.xml": (b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>', "rss"),
}


@pytest.fixture(scope="module")
def stored_db(module_db_target: str) -> str:
    """One database per backend holding the edge-case file; the bad-input tests must leave it as is."""
    assert run_cli("ingest", str(EDGE), "--db", module_db_target).exit_code == 0
    return module_db_target


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_leaves_database(tmp_path, stored_db, name):
    db = stored_db
    before = dump_records(db)
    content, expected = BAD_INPUTS[name]
    if content is None:  # a real record file cut off mid-element, as an interrupted download leaves it
        content = EDGE.read_bytes()[:5000]
    bad = tmp_path / name
    bad.write_bytes(content)
    result = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in result.output
    assert name in message and expected in message.lower()
    assert dump_records(db) == before


def test_missing_path_is_named(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.xml"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code != 0
    assert "nope.xml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# SQLite only: a file path holding another format (PostgreSQL: test_backends, foreign database).
def test_db_that_is_not_sqlite_is_refused_untouched(tmp_path):
    notdb = tmp_path / "notes.txt"
    notdb.write_text("my precious notes\n")
    result = runner.invoke(app, ["ingest", str(EDGE), "--db", str(notdb)])
    assert result.exit_code != 0
    assert "is not a SQLite database" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert notdb.read_text() == "my precious notes\n"


# SQLite only: file modes of a database file and its folder.
def test_read_only_location_is_refused(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/litwatch-test.db")  # root ignores file modes; /proc refuses new files
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "x.db"
    result = runner.invoke(app, ["ingest", str(EDGE), "--db", str(target)])
    assert result.exit_code != 0
    assert str(target) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_env_var_selects_database(db_target, monkeypatch):
    monkeypatch.setenv("LITWATCH_DB", db_target)  # a file path or a PostgreSQL URL
    assert run_cli("ingest", str(EDGE), "--no-tag").exit_code == 0
    assert count_rows(db_target, m.Article) == 60


def test_parallel_parse_stores_exactly_what_inline_parse_stores(make_db_target):
    inline, parallel = make_db_target(), make_db_target()
    a = ingest_file(EDGE, engine=open_database(inline), parallel=False, batch_size=7)
    b = ingest_file(EDGE, engine=open_database(parallel), parallel=True, batch_size=7)
    assert (a.new, a.deleted, a.skipped) == (b.new, b.deleted, b.skipped) == (60, 0, [])
    assert comparable(inline) == comparable(parallel)


def test_parallel_parse_reports_a_truncated_file_and_keeps_committed_batches(tmp_path, db_target):
    from litwatch.errors import InputFileError

    cut = tmp_path / "cut.xml"
    data = EDGE.read_bytes()
    cut.write_bytes(data[: data.index(b"<PMID", len(data) // 2)])  # a download cut off mid-file
    db = db_target
    with pytest.raises(InputFileError, match="cut.xml is truncated or malformed"):
        ingest_file(cut, engine=open_database(db), parallel=True, batch_size=10)
    stored = count_rows(db, m.Article)
    run = query_one(db, select(m.Run.status, m.Run.new))
    assert stored % 10 == 0 and 0 < stored < 60  # only whole committed batches
    assert run == ("failed", stored)


def test_no_tag_stores_without_tagging_and_tag_catches_up(db_target):
    db = db_target
    result = run_cli("ingest", str(EDGE), "--db", db, "--no-tag")
    assert result.exit_code == 0 and "tagged" not in result.output
    assert count_rows(db, m.RecordTag) == 0
    assert "tagged 60 records" in run_cli("tag", "--db", db).output
    assert count_rows(db, m.RecordTag) == 60
