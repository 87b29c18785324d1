"""Tagging service on real records: stale-only re-tagging, upserts and trims, runs, deleted and
retracted records, the export fields, the report data and the `tag` / `claims` / `evidence` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from snapshot_records import load_snapshot_records
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from litwatch.claims.evidence import evidence_sort_key
from litwatch.claims.model import TagInput
from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import mark_deleted, upsert_records
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import CommentCorrection, Record, Section
from litwatch.services.check import build_report
from litwatch.services.tagging import (
    ClaimLookupError,
    read_tag_fields,
    tag_input_from_json,
    tag_stale_records,
)
from litwatch.services.verdicts import list_claim_summaries, list_evidence

# IV racemic ketamine RCTs at 0.5 mg/kg, an esketamine IV RCT at 1.5 mg/kg, a mouse study, and an
# anaesthesia cohort that bears on no claim.
IV_RCTS = ["38710325", "38755245", "38714931", "38179107", "40188855"]
ESKETAMINE = "38321436"
MOUSE = "38065224"
UNRELATED = "36279978"
PMIDS = [*IV_RCTS, ESKETAMINE, MOUSE, UNRELATED]

CLAIMS_TOML = r"""
name = "test-ketamine"
title = "How Does Ketamine Work In Treating Depression?"
source = "test article"
routes = ["intravenous"]
formulations = ["racemic"]

[terms]
ketamine = ["ketamin"]
depression = ["depress\\w*"]
adverse = ["adverse (?:events?|effects?)", "side[- ]effects?", "dissociati\\w*"]

[[claims]]
id = "dose-0-5"
statement = "The usual IV dose is 0.5 mg/kg."
article_quote = "The most common ratio is 0.5mg per 1 kg of a patient's body weight."
value_kind = "dose_mg_per_kg"
article_low = 0.5
article_high = 0.5
unit = "mg/kg"
requires = ["ketamine"]
compare = { supports = [0.5, 0.5], contradicts_above = 0.75 }

[[claims.match]]
name = "dose-stated"
all = ["value:dose_mg_per_kg"]

[[claims]]
id = "side-effects-mild"
statement = "Side effects are infrequent, mild and short-term."
article_quote = "Accordingly, side effects are infrequent, mild, and short-term."
routes = []
formulations = []
requires = ["ketamine"]

[[claims.match]]
name = "adverse-effects"
all = ["ketamine", "adverse"]

[claims.stance]
supports = ["well[- ]tolerated", "\\bmild\\b", "transient", "resolved"]
contradicts = ["serious adverse"]
"""


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS_TOML, encoding="utf-8")
    return path


@pytest.fixture
def db(db_target: str) -> str:
    """`--db` of the test database: an SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


@pytest.fixture
def engine(db: str):
    engine = open_database(db)
    with session_scope(engine) as s:
        upsert_records(load_snapshot_records(PMIDS), session=s)
    return engine


def claim_tag_rows(engine) -> list[tuple]:
    with session_scope(engine) as s:
        stmt = select(m.ClaimTag.pmid, m.ClaimTag.claim_id, m.ClaimTag.stance)
        return sorted(tuple(r) for r in s.execute(stmt))


def tag_runs(engine) -> list[m.Run]:
    with session_scope(engine) as s:
        return list(s.execute(select(m.Run).where(m.Run.kind == "tag").order_by(m.Run.id)).scalars())


def test_first_pass_tags_every_record_and_second_pass_nothing(engine, claims_file):
    first = tag_stale_records(engine=engine, claims_path=claims_file)
    assert (first.claim_set, first.tagged, first.skipped, first.removed) == ("test-ketamine", 8, 0, 0)
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(m.RecordTag)).scalar_one() == 8
        mouse = s.get(m.RecordTag, MOUSE)
        assert (mouse.design, mouse.evidence_level, mouse.population) == ("preclinical", 5, "animal")
    dose_rows = [(p, s) for p, c, s in claim_tag_rows(engine) if c == "dose-0-5"]
    assert dose_rows == [
        (MOUSE, "contradicts"),
        ("38179107", "supports"),
        ("38321436", "contradicts"),
        ("38710325", "supports"),
        ("38714931", "supports"),
        ("38755245", "supports"),
        ("40188855", "supports"),
    ]
    assert first.claim_tags == len(claim_tag_rows(engine))
    (run,) = tag_runs(engine)
    assert (run.status, run.updated, run.details["claim_set"]) == ("ok", 8, "test-ketamine")

    second = tag_stale_records(engine=engine, claims_path=claims_file)
    assert (second.tagged, second.skipped, second.run_id) == (0, 8, None)
    assert len(tag_runs(engine)) == 1  # a no-op pass leaves no run row


def test_only_changed_records_are_retagged_unless_all(engine, claims_file):
    tag_stale_records(engine=engine, claims_path=claims_file)
    (changed,) = load_snapshot_records([UNRELATED])
    changed.sections = [
        Section(None, None, "Ketamine 0.5 mg/kg relieved depression; side effects were mild.")
    ]
    with session_scope(engine) as s:
        upsert_records([changed], session=s)
    again = tag_stale_records(engine=engine, claims_path=claims_file)
    assert (again.tagged, again.skipped) == (1, 7)
    assert [(p, c, st) for p, c, st in claim_tag_rows(engine) if p == UNRELATED] == [
        (UNRELATED, "dose-0-5", "supports"),
        (UNRELATED, "side-effects-mild", "supports"),
    ]
    assert tag_stale_records(engine=engine, claims_path=claims_file, all_records=True).tagged == 8


def test_claims_file_change_retags_all_and_trims_claims_it_no_longer_has(engine, claims_file, tmp_path):
    tag_stale_records(engine=engine, claims_path=claims_file)
    before = claim_tag_rows(engine)
    assert {c for _, c, _ in before} == {"dose-0-5", "side-effects-mild"}
    smaller = tmp_path / "smaller.toml"  # same claim set name, one claim fewer
    smaller.write_text(CLAIMS_TOML.split('[[claims]]\nid = "side-effects-mild"')[0], encoding="utf-8")
    summary = tag_stale_records(engine=engine, claims_path=smaller)
    assert (summary.tagged, summary.removed) == (8, sum(c == "side-effects-mild" for _, c, _ in before))
    assert claim_tag_rows(engine) == [row for row in before if row[1] == "dose-0-5"]


def test_new_tagger_version_retags_everything(engine, claims_file, monkeypatch):
    tag_stale_records(engine=engine, claims_path=claims_file)
    for module in ("tagging", "tagrows", "tagwrite"):  # staleness read, rows made, failures stored
        monkeypatch.setattr(f"litwatch.services.{module}.TAGGER_VERSION", "999.0.0")
    assert tag_stale_records(engine=engine, claims_path=claims_file).tagged == 8
    with session_scope(engine) as s:
        assert set(s.execute(select(m.RecordTag.tagger_version)).scalars()) == {"999.0.0"}


def test_deleted_records_are_not_tagged_nor_reported(engine, claims_file):
    with session_scope(engine) as s:
        mark_deleted([IV_RCTS[0]], session=s)
    summary = tag_stale_records(engine=engine, claims_path=claims_file)
    assert (summary.tagged, summary.skipped) == (7, 0)
    report = build_report(engine=engine, claims_path=claims_file, db_label="k.db")
    assert report.records_total == 7
    assert all(r.pmid != IV_RCTS[0] for c in report.claims for r in c.rows)


def test_retracted_record_is_listed_flagged_and_never_counts(engine, claims_file):
    (rct,) = load_snapshot_records([IV_RCTS[0]])
    rct.comments_corrections = [CommentCorrection("RetractionIn", "99999999", "J Test. 2025")]
    with session_scope(engine) as s:
        upsert_records([rct], session=s)
    tag_stale_records(engine=engine, claims_path=claims_file)
    rows = list_evidence("dose-0-5", engine=engine, claims_path=claims_file)
    assert [(r.pmid, r.stance) for r in rows if r.retracted] == [(IV_RCTS[0], "supports")]
    verdict = build_report(engine=engine, claims_path=claims_file, db_label="k.db").claims[0].verdict
    assert (verdict.label, verdict.pmids, verdict.stats["retracted"]) == (
        "supported",
        ["38755245", "40188855", "38179107", "38714931"],
        1,
    )


def test_report_rows_best_evidence_first_with_chart_data(engine, claims_file):
    tag_stale_records(engine=engine, claims_path=claims_file)
    report = build_report(engine=engine, claims_path=claims_file, db_label="k.db")
    assert (report.claim_set, report.article_title, report.records_total, report.records_tagged) == (
        "test-ketamine",
        "How Does Ketamine Work In Treating Depression?",
        8,
        8,
    )
    dose = report.claims[0]
    assert dose.rows == sorted(dose.rows, key=evidence_sort_key)
    assert [r.pmid for r in dose.rows] == [
        "38710325",  # level 2, n=301
        ESKETAMINE,  # level 2, n=275
        "38755245",  # level 2, n=154
        "40188855",  # level 2, n=133
        "38179107",  # level 2, n=101
        "38714931",  # level 2, n=64
        MOUSE,  # level 5, no sample size
    ]
    assert dose.values == [0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5]
    assert dose.years == {2023: {"preclinical": 1}, 2024: {"rct": 5}, 2025: {"rct": 1}}
    assert dose.verdict.label == "supported"
    assert dose.verdict.reason == (
        "5 of 5 human studies with a stated dose used 0.5 mg/kg (median 0.5 mg/kg); of 5 human records at "
        "evidence level ≤ 3 with a direction, 5 support, 0 contradict, 0 mixed. Not counted, another route "
        "or formulation: esketamine 1 (0 support, 1 contradict, 0 mixed)."
    )
    assert dose.verdict.pmids == ["38710325", "38755245", "40188855", "38179107", "38714931"]
    assert dose.verdict.stats["indirect"] == 1  # the esketamine trial does not check an IV racemic claim


def test_claim_summaries_and_evidence_filters(engine, claims_file):
    tag_stale_records(engine=engine, claims_path=claims_file)
    summaries = list_claim_summaries(engine=engine, claims_path=claims_file)
    assert [(s.claim_id, s.by_level, s.verdict.label) for s in summaries][0] == (
        "dose-0-5",
        {2: 6, 5: 1},
        "supported",
    )
    assert summaries[0].by_stance == {"supports": 5, "contradicts": 2}
    every = list_evidence("dose-0-5", engine=engine, claims_path=claims_file)
    assert [r.pmid for r in list_evidence("dose-0-5", engine=engine, claims_path=claims_file, level=5)] == [
        r.pmid for r in every
    ]  # level N means N or better
    assert MOUSE in {r.pmid for r in every}
    best = list_evidence("dose-0-5", engine=engine, claims_path=claims_file, level=2)
    assert MOUSE not in {r.pmid for r in best} and len(best) == 6 and all(r.evidence_level <= 2 for r in best)
    counted = list_evidence("dose-0-5", engine=engine, claims_path=claims_file, counted=True)
    assert all(r.counted for r in counted) and [r.pmid for r in counted] == [
        r.pmid for r in every[: len(counted)]
    ]  # counted rows come first
    mouse = next(r for r in every if r.pmid == MOUSE)
    assert (mouse.counted, mouse.why_not_counted) == (False, "not a human study (animal)")
    assert len(list_evidence("dose-0-5", engine=engine, claims_path=claims_file, limit=2)) == 2
    assert list_evidence("dose-0-5", engine=engine, claims_path=claims_file, design="meta-analysis") == []
    with pytest.raises(
        ClaimLookupError, match="unknown claim 'nope'.*choose one of dose-0-5, side-effects-mild"
    ):
        list_evidence("nope", engine=engine, claims_path=claims_file)
    with pytest.raises(ClaimLookupError, match="unknown stance 'maybe'"):
        list_evidence("dose-0-5", engine=engine, claims_path=claims_file, stance="maybe")


def test_read_tag_fields_gives_the_export_fields(engine, claims_file):
    tag_stale_records(engine=engine, claims_path=claims_file)
    with session_scope(engine) as s:
        fields = read_tag_fields(["38710325", UNRELATED, "1"], session=s, claim_set="test-ketamine")
    rct = fields["38710325"]
    assert {k: v for k, v in rct.items() if k != "claims"} == {
        "design": "rct",
        "evidence_level": 2,
        "population": "human",
        "routes": ["intravenous"],
        "study_routes": ["intravenous"],
        "formulations": ["racemic"],
        "doses_mg_per_kg": [[0.5, 0.5]],
        "infusion_minutes": [],
        "sample_size": 301,
    }
    assert [(c["id"], c["stance"], c["values"], c["source"]) for c in rct["claims"]] == [
        ("dose-0-5", "supports", [[0.5, 0.5]], "auto")
    ]
    assert set(rct["claims"][0]) == {"id", "stance", "evidence", "values", "rule", "source"}
    assert fields[UNRELATED]["claims"] == []
    made = Record(
        pmid="2",
        title="Ketamine infusion for depression.",
        sections=[
            Section(
                "METHODS",
                "METHODS",
                "Patients received intravenous ketamine 0.5 mg/kg over 40 minutes, then 0.15 mg/kg/h.",
            )
        ],
    )
    with session_scope(engine) as s:
        upsert_records([made], session=s)
    tag_stale_records(engine=engine, claims_path=claims_file)
    with session_scope(engine) as s:
        (two,) = read_tag_fields(["2"], session=s, claim_set="test-ketamine").values()
    assert (two["doses_mg_per_kg"], two["infusion_minutes"]) == (
        [[0.5, 0.5]],
        [[40.0, 40.0]],
    )  # the mg/kg/h rate is left out
    assert fields["1"] == {
        "design": None,
        "evidence_level": None,
        "population": None,
        "routes": [],
        "study_routes": [],
        "formulations": [],
        "doses_mg_per_kg": [],
        "infusion_minutes": [],
        "sample_size": None,
        "claims": [],
    }


def test_tags_without_study_routes_are_stale_and_get_them(engine, claims_file):
    """Rows written before revision 0003 hold NULL study_routes: the next pass retags them."""
    tag_stale_records(engine=engine, claims_path=claims_file)
    with session_scope(engine) as s:
        s.execute(update(m.RecordTag).where(m.RecordTag.pmid == "38710325").values(study_routes=None))
    summary = tag_stale_records(engine=engine, claims_path=claims_file)
    assert summary.tagged == 1
    with session_scope(engine) as s:
        assert s.get(m.RecordTag, "38710325").study_routes == ["intravenous"]


def test_cli_tag_claims_and_evidence(engine, claims_file, db):
    runner = CliRunner()
    result = runner.invoke(app, ["tag", "--db", db, "--claims", str(claims_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tagged 8 records against claims 'test-ketamine' (0 up to date,")
    result = runner.invoke(app, ["tag", "--all", "--db", db, "--claims", str(claims_file)])
    assert "tagged 8 records" in result.output
    result = runner.invoke(app, ["claims", "--db", db, "--claims", str(claims_file)])
    assert result.exit_code == 0, result.output
    assert "dose-0-5" in result.output and "supported" in result.output
    # each claim shows the article's own sentence under our statement of it
    assert 'article: "The most common ratio is 0.5mg per 1 kg of a patient\'s body weight."' in result.output
    result = runner.invoke(
        app, ["evidence", "dose-0-5", "--level", "5", "--db", db, "--claims", str(claims_file)]
    )
    assert result.exit_code == 0, result.output
    assert MOUSE in result.output and f"https://pubmed.ncbi.nlm.nih.gov/{MOUSE}/" in result.output
    result = runner.invoke(app, ["evidence", "nope", "--db", db, "--claims", str(claims_file)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(
        "litwatch: error: unknown claim 'nope'"
    )


def test_fast_tag_input_equals_the_taggers_own_from_record():
    """`tag_input_from_json` skips parsing authors etc.; it must give the tagger what from_record does."""
    xml = Path(__file__).parent / "fixtures" / "efetch" / "38011560.xml"
    (record,) = [r for r in iter_records_in_file(xml) if isinstance(r, Record)]
    assert record.mesh and record.publication_types and record.keywords
    assert tag_input_from_json(record.to_json()) == TagInput.from_record(record)


def test_parallel_tagging_writes_exactly_what_serial_tagging_writes(make_db_target, monkeypatch):
    """Large stale sets are tagged in a process pool; the stored tags must not depend on it."""
    from litwatch.services import tagging
    from litwatch.services.demo import snapshot_path
    from litwatch.services.ingest import ingest_file

    dumps = {}
    for mode, threshold in (("serial", 10**9), ("parallel", 1)):
        monkeypatch.setattr(tagging, "PARALLEL_MIN_RECORDS", threshold)
        engine = open_database(make_db_target())
        ingest_file(snapshot_path(), engine=engine)
        summary = tagging.tag_stale_records(engine=engine, batch_size=40)
        assert summary.tagged == 362
        with engine.connect() as conn:
            dumps[mode] = [
                [tuple(r) for r in conn.execute(select(t).order_by(*list(t.primary_key)))]
                for t in (m.RecordTag.__table__, m.ClaimTag.__table__)
            ]
        engine.dispose()
    assert dumps["parallel"] == dumps["serial"]
    assert len(dumps["serial"][0]) == 362 and len(dumps["serial"][1]) > 362


def test_progress_hears_the_total_first_then_every_record(engine, claims_file):
    heard: list[tuple[str, int]] = []
    tag_stale_records(
        engine=engine,
        claims_path=claims_file,
        on_total=lambda n: heard.append(("total", n)),
        on_progress=lambda n: heard.append(("done", n)),
    )
    assert heard[0] == ("total", 8)
    assert sum(n for what, n in heard[1:] if what == "done") == 8
    heard.clear()
    tag_stale_records(engine=engine, claims_path=claims_file, on_total=lambda n: heard.append(("total", n)))
    assert heard == [("total", 0)]  # nothing stale: the bar can say so at once


def test_tag_rows_encode_exactly_the_json_columns_of_the_tag_tables():
    """The write path binds JSON columns as the text tagrows encodes: a JSON column it left as a
    list would not bind, and a text column encoded as JSON would store quotes."""
    from sqlalchemy import JSON

    from litwatch.services.tagrows import CLAIM_JSON_FIELDS, RECORD_JSON_FIELDS

    for model, fields in ((m.RecordTag, RECORD_JSON_FIELDS), (m.ClaimTag, CLAIM_JSON_FIELDS)):
        columns = m.Base.metadata.tables[model.__tablename__].columns
        assert {c.name for c in columns if isinstance(c.type, JSON)} == set(fields)


def test_stored_json_text_is_what_sqlalchemys_json_type_writes(tmp_path):
    """The tag tables' JSON columns hold json.dumps text (what the JSON type wrote before the
    write path bound it itself), and read back as the same lists through the ORM."""
    import json
    import sqlite3

    path = tmp_path / "t.db"
    engine = open_database(str(path))
    with session_scope(engine) as s:
        upsert_records(load_snapshot_records(PMIDS), session=s)
    assert tag_stale_records(engine=engine).tagged == len(PMIDS)
    with session_scope(engine) as s:
        record_tags = {t.pmid: t for t in s.scalars(select(m.RecordTag))}
        claim_tags = {(t.pmid, t.claim_id): t for t in s.scalars(select(m.ClaimTag))}
    engine.dispose()
    con = sqlite3.connect(path)
    raw = con.execute("SELECT pmid, routes, study_routes, formulations, numbers, topics FROM record_tags")
    checked = 0
    for pmid, *texts in raw:
        tag = record_tags[pmid]
        values = [tag.routes, tag.study_routes, tag.formulations, tag.numbers, tag.topics]
        assert texts == [json.dumps(v) for v in values]
        checked += bool(tag.numbers)
    for pmid, claim_id, evidence, values in con.execute(
        'SELECT pmid, claim_id, evidence, "values" FROM claim_tags'
    ):
        tag = claim_tags[pmid, claim_id]
        assert [evidence, values] == [json.dumps(tag.evidence), json.dumps(tag.values)]
    con.close()
    assert checked and claim_tags  # numbers and links were there to compare


def test_string_lists_are_stored_as_json_dumps_writes_them():
    """tagrows.encode_strings skips json.dumps for lists of strings; the text must be the same."""
    from litwatch.services.tagrows import encode_strings

    hostile = [
        'say "no"',
        "back\\slash",
        "tab\tnew\nline\x00\x1f",
        "µg · 0.5–1 mg/kg ≥ 50 %",
        "\ud800",
        "🙂",
        "",
    ]
    for items in ([], [""], hostile, ["intravenous", "intranasal"]):
        assert encode_strings(items) == json.dumps(items)
