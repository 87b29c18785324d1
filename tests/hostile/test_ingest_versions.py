"""Issue 8, item 2: within a batch the newest Version wins, exactly as across batches (on both
backends: conftest.make_db_target)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db.engine import open_database
from litwatch.services.search import search_records

from .ingest_inputs import article_xml, stored, write_xml

runner = CliRunner()


def ingest(path: Path, db: str, *extra: str) -> str:
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--no-tag", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def article_rows(db: str) -> list[tuple]:
    return stored(db, "SELECT pmid, version, title, abstract, deleted FROM articles ORDER BY pmid")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((2, "Version two"), (1, "Version one")),  # the case: v2 then v1
        ((1, "Version one"), (2, "Version two")),
    ],
)
def test_newest_version_wins_whatever_the_batch_size(tmp_path, make_db_target, first, second):
    records = [article_xml("4242", version=v, title=t, abstract=f"{t} abstract.") for v, t in (first, second)]
    path = write_xml(tmp_path / "versions.xml", [*records, article_xml("7")])
    outputs = {}
    for size in ("1", "500"):
        db = make_db_target()
        outputs[size] = ingest(path, db, "--batch-size", size)
        assert article_rows(db) == [
            ("4242", 2, "Version two", "Version two abstract.", 0),
            ("7", 1, "A title", "An abstract.", 0),
        ]
        engine = open_database(db)
        assert [h.pmid for h in search_records("two", engine=engine)] == ["4242"]
        engine.dispose()
    if first[0] == 2:  # the older copy is reported the same way in both cases
        for output in outputs.values():
            assert "2 new, 0 updated, 0 unchanged" in output
            assert "kept 1 stored record with a newer Version" in output


def test_same_version_twice_in_a_batch_keeps_the_later_copy(tmp_path, make_db_target):
    path = write_xml(
        tmp_path / "revised.xml",
        [article_xml("5", title="Before revision"), article_xml("5", title="After revision")],
    )
    for size in ("1", "500"):
        db = make_db_target()
        ingest(path, db, "--batch-size", size)
        assert article_rows(db) == [("5", 1, "After revision", "An abstract.", 0)]
