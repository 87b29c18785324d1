"""status, show and search: counts, the readable record page, JSON, ranking and one-line errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from expected import ABSTRACT_RETRACTED
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import mark_deleted
from litwatch.errors import LitwatchError
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services import search
from litwatch.services.browse import get_record, read_status, render_record_text
from litwatch.services.ingest import ingest_file
from litwatch.services.search import search_records

FIXTURES = Path(__file__).parent / "fixtures"
EDGE = FIXTURES / "pubmed21n1298_edge_cases.xml"  # 60 records from 2000-2021, 3 retracted
SOURCES = (FIXTURES / "efetch" / "1000.xml", FIXTURES / "eutils" / "metapub" / "34843274.xml", EDGE)
runner = CliRunner()

EXPECTED_SHOW_RETRACTED = f"""\
!! RETRACTED. Retraction notice: Oncol Lett. 2021 Jul;22(1):545 (PMID 34093767).

miR-429 promotes the proliferation of non-small cell lung cancer cells via targeting DLC-1.
Xiao P, Liu W, Zhou H.
Oncology letters. 2016 Sep;12(3):2163-2168.
PMID: 27602157  DOI: 10.3892/ol.2016.4904  PMC: PMC4998573  https://pubmed.ncbi.nlm.nih.gov/27602157/
Publication types: Journal Article; Retracted Publication
Language: eng

Abstract
{ABSTRACT_RETRACTED}

Keywords: deleted in liver cancer 1; microRNA; non-small cell lung cancer; proliferation

Comments and corrections:
  RetractionIn: Oncol Lett. 2021 Jul;22(1):545 (PMID 34093767)"""


@pytest.fixture
def db(db_target: str) -> str:
    """Both backends (conftest.db_target): an SQLite file, then a PostgreSQL database."""
    path = db_target
    engine = open_database(path)
    for source in SOURCES:
        ingest_file(source, engine=engine)
    engine.dispose()
    return path


def one_line_error(result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare text with whitespace collapsed."""
    return " ".join(text.split())


def add_run(engine, status: str, details: dict) -> None:
    with session_scope(engine) as session:
        session.add(
            m.Run(kind="sync", source="ketamine", started_at=datetime(2026, 1, 2, 3, 4), status=status,
                  errors=[], details=details)
        )  # fmt: skip


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_status_counts_years_tags_and_runs(db):
    engine = open_database(db, create=False)
    with session_scope(engine) as session:
        mark_deleted(["1000"], session=session)
        session.add(
            m.RecordTag(pmid="34843274", design="guideline", design_source="publication_type",
                        evidence_level=1, population="human", tagger_version="t", content_hash="h")
        )  # fmt: skip
    st = read_status(engine=engine)
    assert (st.path, st.records, st.deleted, st.retracted, st.year_min, st.year_max, st.tagged) == (
        str(db), 61, 1, 3, 2000, 2022, 1,
    )  # fmt: skip
    assert [(r.id, r.kind, r.status, r.new, r.source) for r in st.runs] == [
        (3, "ingest", "ok", 60, str(EDGE)),
        (2, "ingest", "ok", 1, str(SOURCES[1])),
        (1, "ingest", "ok", 1, str(SOURCES[0])),
    ]

    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert flat(result.output).startswith(
        f"database: {db} records: 61 (1 deleted, 3 retracted), years 2000–2022, tagged 1"
    )


def test_status_shows_dead_running_runs_as_interrupted_and_keeps_the_last_ten(db):
    engine = open_database(db, create=False)
    host = socket.gethostname()
    add_run(engine, "running", {"pid": dead_pid(), "host": host})  # id 4: its process is gone
    add_run(engine, "running", {"pid": os.getpid(), "host": host})  # id 5: alive (this test)
    add_run(engine, "running", {})  # id 6: no pid recorded: cannot tell, shown as is
    add_run(engine, "running", {"pid": 1, "host": "another-machine"})  # id 7: not ours to check
    for _ in range(5):
        add_run(engine, "ok", {})  # ids 8-12
    st = read_status(engine=engine)
    assert [(r.id, r.status) for r in st.runs] == [
        (12, "ok"), (11, "ok"), (10, "ok"), (9, "ok"), (8, "ok"),
        (7, "running"), (6, "running"), (5, "running"), (4, "interrupted"), (3, "ok"),
    ]  # fmt: skip
    with session_scope(engine) as session:  # display only: the stored row is untouched
        assert session.get(m.Run, 4).status == "running"


def test_show_text_is_the_whole_readable_page(db):
    engine = open_database(db, create=False)
    assert render_record_text(get_record("27602157", engine=engine)) == EXPECTED_SHOW_RETRACTED
    result = runner.invoke(app, ["show", "27602157", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert flat(result.output) == flat(EXPECTED_SHOW_RETRACTED) + (
        " Not tagged yet: run `litwatch tag` to see its design, evidence level and claims."
    )  # why it is (not) tagged: see test_cite.py and test_cli_package.py


def test_show_text_marks_major_mesh_and_deleted_records(db):
    engine = open_database(db, create=False)
    with session_scope(engine) as session:
        mark_deleted(["34843274"], session=session)
    text = render_record_text(get_record("34843274", engine=engine))
    assert text.splitlines()[:4] == [
        "!! DELETED: NLM withdrew this citation from PubMed.",
        "",
        "Summary of the clinical practice guideline for the treatment of depression across three age "
        "cohorts.",
        "Guideline Development Panel for the Treatment of Depressive Disorders.",
    ]
    assert text.splitlines()[-1] == (
        "MeSH terms (* = major topic): Adolescent; Aged; Child; *Depression/therapy; *Depressive Disorder; "
        "Humans; Middle Aged; Societies, Scientific"
    )


def test_show_json_is_the_stored_record_plus_flags(db):
    result = runner.invoke(app, ["show", "27602157", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    parsed = next(r for r in iter_records_in_file(EDGE) if isinstance(r, Record) and r.pmid == "27602157")
    tags = data.pop("tags")
    assert data == {**parsed.to_dict(), "deleted": False, "retracted": True}
    assert (tags["pmid"], tags["tagged"], tags["design"], tags["claims"]) == ("27602157", False, None, [])
    assert Record.from_dict(data) == parsed


def test_show_unknown_or_malformed_pmid_is_one_line(db):
    result = runner.invoke(app, ["show", "12345", "--db", str(db)])
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"litwatch: error: no record with PMID 12345 in DB: {db}; "
        "ingest or sync it first, or find stored ones with `litwatch search`"
    )
    result = runner.invoke(app, ["show", "PMC4998573", "--db", str(db)])
    assert result.exit_code == 1
    assert one_line_error(result) == (
        "litwatch: error: 'PMC4998573' is not a PMID: a PMID is digits only, e.g. 38011560"
    )
    with pytest.raises(LitwatchError, match="not a PMID"):
        get_record("", engine=open_database(db, create=False))


def test_search_ranks_title_matches_first(db, monkeypatch):
    engine = open_database(db, create=False)
    hits = search_records("amino", engine=engine, limit=10)
    assert [(h.pmid, h.year, h.title) for h in hits] == [
        ("1000", 1975, get_record("1000", engine=engine)["title"]),  # "amino" in the title
        ("24111943", 2014, get_record("24111943", engine=engine)["title"]),  # in the abstract only
    ]
    assert hits[0].rank < hits[1].rank < 0
    monkeypatch.setattr(search, "TITLE_WEIGHT", 1.0)  # unweighted, the abstract-only match would win
    assert [h.pmid for h in search_records("amino", engine=engine, limit=10)] == ["24111943", "1000"]


def test_search_limit_operators_and_deleted_records(db):
    engine = open_database(db, create=False)
    # bm25 and ts_rank agree on the best match; the runner-up is a near-tie they order differently
    second = {"sqlite": "34086808", "postgresql": "34082697"}[engine.dialect.name]
    assert [h.pmid for h in search_records("retraction", engine=engine, limit=2)] == ["34086810", second]
    assert [h.pmid for h in search_records('"lung cancer" AND microRNA', engine=engine, limit=5)] == [
        "27602157"
    ]
    # plain words with punctuation are searched as words, not rejected as FTS syntax
    assert [h.pmid for h in search_records("non-small-cell miR-429", engine=engine, limit=5)] == ["27602157"]
    with session_scope(engine) as session:
        mark_deleted(["27602157"], session=session)
    assert search_records("miR-429", engine=engine, limit=5) == []


def test_search_syntax_error_is_one_line_with_an_example(db):
    engine = open_database(db, create=False)
    with pytest.raises(LitwatchError) as err:
        search_records("ketamine AND (depression", engine=engine, limit=5)
    reason = {  # each engine names the fault in its own words (README: where the engines differ)
        "sqlite": 'fts5: syntax error near ""',
        "postgresql": "unbalanced parenthesis",
    }[engine.dialect.name]
    assert str(err.value) == (
        f"cannot search for 'ketamine AND (depression': not valid search syntax ({reason}"
        '); use words (all must match), "exact phrases", OR / NOT / AND in capitals, prefix* and '
        "parentheses, e.g. "
        "'esketamine AND (suicid* OR \"suicidal ideation\")'"
    )
    result = runner.invoke(app, ["search", 'title:"unclosed', "--db", str(db)])
    assert result.exit_code == 1
    assert one_line_error(result).startswith("litwatch: error: cannot search for 'title:\"unclosed'")
    result = runner.invoke(app, ["search", "   ", "--db", str(db)])
    assert result.exit_code == 1
    assert one_line_error(result).startswith("litwatch: error: empty search query: use words")


def test_search_cli_prints_a_table_or_says_nothing_matched(db):
    result = runner.invoke(app, ["search", "echocardiograms", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "31993508" in result.output and "Deep learning interpretation of echocardiograms." in result.output
    result = runner.invoke(app, ["search", "esketamine", "--db", str(db)])
    assert result.exit_code == 0
    assert result.output == "no records match 'esketamine'\n"
