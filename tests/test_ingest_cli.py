"""`litwatch ingest` end to end: idempotency, crash-and-resume, and bad inputs that change nothing."""

from __future__ import annotations

import gzip
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db.engine import open_database
from litwatch.services.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures"
EDGE = FIXTURES / "pubmed21n1298_edge_cases.xml"
runner = CliRunner()


def dump_records(db: Path) -> dict[str, list[tuple]]:
    """Every row of every record table (not runs), in a stable order."""
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'articles_fts%' "
                "AND name NOT IN ('runs', 'alembic_version', 'sqlite_sequence')"
            )
        ]
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in sorted(tables)}


def comparable(db: Path) -> dict[str, list[tuple]]:
    """`dump_records` without article ids and timestamps, which legitimately differ between runs."""
    tables = dump_records(db)
    tables["articles"] = sorted((r[1:-2] for r in tables["articles"]), key=repr)
    return tables


def run_cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_ingest_twice_gives_identical_database(tmp_path):
    db = tmp_path / "k.db"
    first = run_cli("ingest", str(EDGE), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert "60 new, 0 updated, 0 unchanged" in first.output
    assert "deleted" in first.output
    before = dump_records(db)
    second = run_cli("ingest", str(EDGE), "--db", str(db))
    assert second.exit_code == 0, second.output
    assert "0 new, 0 updated, 60 unchanged, 0 deleted" in second.output
    assert dump_records(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (60,)
        assert conn.execute("SELECT count(DISTINCT pmid) FROM articles").fetchone() == (60,)
        runs = conn.execute(
            "SELECT kind, status, new, unchanged FROM runs WHERE kind = 'ingest' ORDER BY id"
        ).fetchall()
    assert runs[0] == ("ingest", "ok", 60, 0)
    assert runs[1] == ("ingest", "ok", 0, 60)


def test_gzip_file_ingests_like_plain(tmp_path):
    gz = tmp_path / "edge.xml.gz"
    gz.write_bytes(gzip.compress(EDGE.read_bytes()))
    plain_db, gz_db = tmp_path / "a.db", tmp_path / "b.db"
    assert run_cli("ingest", str(EDGE), "--db", str(plain_db)).exit_code == 0
    assert run_cli("ingest", str(gz), "--db", str(gz_db)).exit_code == 0
    assert dump_records(plain_db)["articles"] and dump_records(gz_db).keys() == dump_records(plain_db).keys()
    strip = lambda rows: [r[1:-2] for r in rows]  # noqa: E731 - drop id and timestamps
    assert strip(dump_records(gz_db)["articles"]) == strip(dump_records(plain_db)["articles"])


def test_crash_between_batches_then_rerun_completes_without_duplicates(tmp_path):
    db = tmp_path / "crash.db"
    engine = open_database(db)
    batches = []

    def crash_after_two(summary):
        batches.append(summary.new)
        if len(batches) == 2:
            raise KeyboardInterrupt  # what a Ctrl-C or kill between two commits looks like

    with pytest.raises(KeyboardInterrupt):
        ingest_file(EDGE, engine=engine, batch_size=10, on_batch=crash_after_two)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (20,)
        assert conn.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    rerun = run_cli("ingest", str(EDGE), "--db", str(db), "--batch-size", "10")
    assert rerun.exit_code == 0, rerun.output
    assert "40 new, 0 updated, 20 unchanged" in rerun.output
    clean = tmp_path / "clean.db"
    assert run_cli("ingest", str(EDGE), "--db", str(clean)).exit_code == 0
    assert comparable(db) == comparable(clean)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT pmid) FROM articles").fetchone() == (60, 60)


BAD_INPUTS = {
    "empty.xml": (b"", "empty"),
    "random.bin": (bytes(range(256)) * 8, "not"),
    "page.html": (b"<!DOCTYPE html><html><head><title>PubMed</title></head><body>hi</body></html>", "html"),
    "truncated.xml": (None, "truncated"),
    "other.xml": (b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>', "rss"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_leaves_database(tmp_path, name):
    db = tmp_path / "keep.db"
    assert run_cli("ingest", str(EDGE), "--db", str(db)).exit_code == 0
    before = dump_records(db)
    content, expected = BAD_INPUTS[name]
    if content is None:  # a real record file cut off mid-element, as an interrupted download leaves it
        content = EDGE.read_bytes()[:5000]
    bad = tmp_path / name
    bad.write_bytes(content)
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(db)])
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in result.output
    assert name in message and expected in message.lower()
    assert dump_records(db) == before


def test_missing_path_is_named(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.xml"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code != 0
    assert "nope.xml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_db_that_is_not_sqlite_is_refused_untouched(tmp_path):
    notdb = tmp_path / "notes.txt"
    notdb.write_text("my precious notes\n")
    result = runner.invoke(app, ["ingest", str(EDGE), "--db", str(notdb)])
    assert result.exit_code != 0
    assert "is not a SQLite database" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert notdb.read_text() == "my precious notes\n"


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


def test_env_var_selects_database(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("LITWATCH_DB", str(db))
    assert run_cli("ingest", str(EDGE)).exit_code == 0
    assert db.exists()


def test_parallel_parse_stores_exactly_what_inline_parse_stores(tmp_path):
    inline, parallel = tmp_path / "inline.db", tmp_path / "parallel.db"
    a = ingest_file(EDGE, engine=open_database(inline), parallel=False, batch_size=7)
    b = ingest_file(EDGE, engine=open_database(parallel), parallel=True, batch_size=7)
    assert (a.new, a.deleted, a.skipped) == (b.new, b.deleted, b.skipped) == (60, 0, [])
    assert comparable(inline) == comparable(parallel)


def test_parallel_parse_reports_a_truncated_file_and_keeps_committed_batches(tmp_path):
    from litwatch.errors import InputFileError

    cut = tmp_path / "cut.xml"
    data = EDGE.read_bytes()
    cut.write_bytes(data[: data.index(b"<PMID", len(data) // 2)])  # a download cut off mid-file
    db = tmp_path / "cut.db"
    with pytest.raises(InputFileError, match="cut.xml is truncated or malformed"):
        ingest_file(cut, engine=open_database(db), parallel=True, batch_size=10)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        run = conn.execute("SELECT status, new FROM runs").fetchone()
    assert stored % 10 == 0 and 0 < stored < 60  # only whole committed batches
    assert run == ("failed", stored)


def test_no_tag_stores_without_tagging_and_tag_catches_up(tmp_path):
    db = tmp_path / "bulk.db"
    result = run_cli("ingest", str(EDGE), "--db", str(db), "--no-tag")
    assert result.exit_code == 0 and "tagged" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM record_tags").fetchone() == (0,)
    assert "tagged 60 records" in run_cli("tag", "--db", str(db)).output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM record_tags").fetchone() == (60,)
