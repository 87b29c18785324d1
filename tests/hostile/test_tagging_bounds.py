"""Issue 8, item 3: a number-dense abstract cannot blow up tagging, and one failing record is
reported and skipped while the rest of the batch is tagged (and later runs still work)."""

# SQLite only: tagger bounds are under test; the database is incidental.

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DataError
from typer.testing import CliRunner

import litwatch.services.tagrows as tagrows
import litwatch.services.tagwrite as tagwrite
from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import upsert_records
from litwatch.record import Record, Section
from litwatch.services.tagging import tag_stale_records
from litwatch.services.tagrows import MAX_EVIDENCE, MAX_SENTENCE_CHARS, MAX_VALUES_PER_KIND

NORMAL = ["101", "102", "103"]
DENSE = "100"


def dense_abstract(size: int = 600_000) -> str:
    """One endless sentence of distinct doses, infusion times, sample sizes and onset times."""
    parts, i, length = [], 1, 0
    while length < size:
        parts.append(
            f"{i // 100}.{i % 100:02d} mg/kg over {i} min in {i + 7} patients within {i % 48 + 1} hours"
        )
        length += len(parts[-1]) + 2
        i += 1
    return (
        "Ketamine for depression in patients. Intravenous ketamine "
        + ", ".join(parts)
        + " reduced depression."
    )


def normal_record(pmid: str) -> Record:
    text = (
        "In this randomised controlled trial, 40 patients with treatment-resistant depression received "
        "intravenous ketamine 0.5 mg/kg over 40 min. Depressive symptoms improved within 24 hours; "
        "side effects were mild and transient."
    )
    return Record(
        pmid=pmid, title=f"Ketamine infusion for depression {pmid}", sections=[Section(None, None, text)]
    )


@pytest.fixture
def engine(tmp_path: Path):  # noqa: ANN201
    engine = open_database(tmp_path / "lw.db")
    dense = Record(
        pmid=DENSE, title="Ketamine dose finding", sections=[Section(None, None, dense_abstract())]
    )
    with session_scope(engine) as session:
        upsert_records([dense, *(normal_record(p) for p in NORMAL)], session=session)
    yield engine
    engine.dispose()


def test_number_dense_abstract_is_bounded_when_stored(engine) -> None:  # noqa: ANN001
    started = time.perf_counter()
    summary = tag_stale_records(engine=engine)
    assert time.perf_counter() - started < 30
    assert (summary.tagged, summary.failed) == (4, [])
    with session_scope(engine) as session:
        tags = {t.pmid: t for t in session.scalars(select(m.RecordTag))}
        links = list(session.scalars(select(m.ClaimTag).where(m.ClaimTag.pmid == DENSE)))
    assert set(tags) == {DENSE, *NORMAL}
    dense = tags[DENSE]
    kinds: dict[str, int] = {}
    for value in dense.numbers:
        kinds[value["kind"]] = kinds.get(value["kind"], 0) + 1
        assert len(value["sentence"]) <= MAX_SENTENCE_CHARS
    assert kinds and max(kinds.values()) == MAX_VALUES_PER_KIND  # the abstract holds thousands per kind
    assert links
    for link in links:
        assert len(link.evidence) <= MAX_EVIDENCE
        assert all(len(e) <= MAX_SENTENCE_CHARS for e in link.evidence)
        assert len(link.values) <= 50
    stored = len(json.dumps(dense.numbers)) + sum(len(json.dumps(link.evidence)) for link in links)
    assert stored < 500_000  # unbounded, this was GBs and SQLite refused it ("string or blob too big")
    cut = next(v["sentence"] for v in dense.numbers)
    assert cut.endswith("…") and len(cut) == MAX_SENTENCE_CHARS


def test_failing_record_is_reported_and_the_rest_are_tagged(engine, monkeypatch) -> None:  # noqa: ANN001
    real = tagrows.tag_record

    def broken(tag_input, claim_set):  # noqa: ANN001, ANN202
        if tag_input.pmid == "102":
            raise MemoryError("simulated: the record exhausted memory")
        return real(tag_input, claim_set)

    monkeypatch.setattr(tagrows, "tag_record", broken)
    db = str(engine.url.database)
    result = CliRunner().invoke(app, ["tag", "--db", db])
    assert result.exit_code == 0, result.output
    assert "tagged 3 records" in result.output and "1 failed" in result.output
    assert "litwatch: warning: record 102 was not tagged: MemoryError: simulated" in result.output
    with session_scope(engine) as session:
        assert set(session.scalars(select(m.RecordTag.pmid))) == {DENSE, "101", "103"}
        run = session.scalars(select(m.Run).where(m.Run.kind == "tag")).one()
        assert (run.status, run.updated, run.skipped) == ("ok", 3, 1)
        assert run.errors == ["102: tagging failed: MemoryError: simulated: the record exhausted memory"]

        state = session.get(m.ClaimSetState, ("102", run.details["claim_set"]))
        assert state is not None and state.error == "MemoryError: simulated: the record exhausted memory"

    # Later runs are not blocked: the failure is remembered (not retried, not stale) until the
    # record, the claims file or the tagger changes, or `tag --all`.
    again = CliRunner().invoke(app, ["tag", "--db", db])
    assert again.exit_code == 0 and "tagged 0 records" in again.output and "(4 up to date" in again.output
    assert "record 102" not in again.output
    monkeypatch.setattr(tagrows, "tag_record", real)
    fixed = CliRunner().invoke(app, ["tag", "--all", "--db", db])
    assert fixed.exit_code == 0 and "tagged 4 records" in fixed.output and "failed" not in fixed.output
    with session_scope(engine) as session:
        assert set(session.scalars(select(m.RecordTag.pmid))) == {DENSE, *NORMAL}
        assert (
            session.scalars(select(m.ClaimSetState.error).where(m.ClaimSetState.pmid == "102")).one() is None
        )


def test_a_batch_sqlite_refuses_is_written_record_by_record(engine, monkeypatch) -> None:  # noqa: ANN001
    real = tagwrite._write_tags

    def refuse_102(tag_rows, claim_set, claims_hash, *, session):  # noqa: ANN001, ANN202
        if any(r["pmid"] == "102" for r in tag_rows[0]):
            raise DataError("INSERT", {}, Exception("string or blob too big"))
        return real(tag_rows, claim_set, claims_hash, session=session)

    monkeypatch.setattr(tagwrite, "_write_tags", refuse_102)
    summary = tag_stale_records(engine=engine)
    assert summary.tagged == 3
    assert summary.failed == [("102", "Exception: string or blob too big")]
    with session_scope(engine) as session:
        assert set(session.scalars(select(m.RecordTag.pmid))) == {DENSE, "101", "103"}
        states = {s.pmid: s.error for s in session.scalars(select(m.ClaimSetState))}
    assert states == {DENSE: None, "101": None, "103": None, "102": "Exception: string or blob too big"}
    assert tag_stale_records(engine=engine).tagged == 0  # remembered: not retried until something changes
