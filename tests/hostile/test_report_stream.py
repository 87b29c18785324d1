"""Issue 8, item 18: `check` holds one claim's rows at a time and keeps only the rows a report
lists, with running counts of the rest (`ClaimReport.tally`); JSON streams every row. The pages
and the JSON must be the very same bytes as a report that holds every row."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from litwatch.claims.evidence import INTERNAL_ROW_FIELDS

sys.path.insert(0, str(Path(__file__).parent.parent))
from report_sample import build_sample_report  # noqa: E402
from test_report_render import hostile_report  # noqa: E402

from hostile.conftest import run_cli
from hostile.test_report_scale import CAP, CLAIM, medline_records
from litwatch.claims.claimset import load_claims
from litwatch.claims.evidence import evidence_sort_key
from litwatch.db.engine import open_database, session_scope
from litwatch.report.html import render_html
from litwatch.report.jsonout import render_json, sort_nested, write_json
from litwatch.report.markdown import render_markdown
from litwatch.report.model import Report, says_otherwise
from litwatch.report.tally import tally_rows
from litwatch.services.check import TOP_CITED, build_report, claim_row_source
from litwatch.services.leanrows import read_claim_rows, read_verdict_rows


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("litwatch.report.model", "litwatch.report.html", "litwatch.report.markdown"):
        monkeypatch.setattr(f"{module}.REPORT_ROWS", CAP)


@pytest.fixture
def reviewed_db(build_db: Callable[..., Path]) -> Path:
    """Twelve records on the dose claim, tagged, one rejected and one re-staned in review, and a
    review that links a record the tagger did not (so every review path is read)."""
    db = build_db(medline_records(12))
    assert run_cli("tag", "--db", db).exit_code == 0
    for args in (
        ("99100003", CLAIM, "--reject", "--note", "not on depression"),
        ("99100005", CLAIM, "--accept", "--stance", "contradicts"),
        ("99100007", "onset-within-hours", "--accept", "--stance", "supports"),
    ):
        result = run_cli("review", *args, "--db", db, "--reviewer", "tester")
        assert result.exit_code == 0, result.output
    return db


def same_time(report: Report) -> Report:
    return dataclasses.replace(report, generated_at="2026-01-01T00:00:00Z")


def test_one_claims_rows_read_alone_are_the_rows_read_for_all(reviewed_db: Path) -> None:
    claim_set = load_claims(None)
    with session_scope(open_database(reviewed_db, create=False)) as session:
        every = read_verdict_rows(claim_set, session=session)
        for claim in claim_set.claims:
            alone = sorted(read_claim_rows(claim_set, claim.id, session=session), key=evidence_sort_key)
            assert alone == sorted(every.get(claim.id, []), key=evidence_sort_key), claim.id
    assert any(r.source == "reviewed" for r in every[CLAIM]) and every["onset-within-hours"]


def test_a_trimmed_report_renders_the_same_bytes_as_a_whole_one(reviewed_db: Path, capped: None) -> None:
    engine = open_database(reviewed_db, create=False)
    whole = same_time(build_report(engine=engine, db_label="x", detailed=None))
    seen: dict[str, int] = {}
    trimmed = same_time(
        build_report(
            engine=engine,
            db_label="x",
            detailed=CAP,
            trim=True,
            on_rows=lambda claim, rows: seen.__setitem__(claim.claim_id, len(rows)),
        )
    )
    dose = next(c for c in trimmed.claims if c.claim_id == CLAIM)
    full = next(c for c in whole.claims if c.claim_id == CLAIM)
    assert len(full.rows) == 12 and seen[CLAIM] == 12  # the hook saw every row
    assert CAP <= len(dose.rows) <= CAP + TOP_CITED and dose.tally == tally_rows(full.rows)
    assert render_html(trimmed) == render_html(whole)
    assert render_html(trimmed, open_tables=True) == render_html(whole, open_tables=True)
    assert render_markdown(trimmed, all_rows=True) == render_markdown(whole, all_rows=True)
    streamed = io.StringIO()
    write_json(trimmed, streamed, claim_row_source(engine=engine))
    assert streamed.getvalue() == render_json(whole)  # every row, in full, byte for byte


def test_json_never_silently_lacks_rows(reviewed_db: Path) -> None:
    engine = open_database(reviewed_db, create=False)
    trimmed = build_report(engine=engine, db_label="x", detailed=CAP, trim=True)
    with pytest.raises(ValueError, match="pass rows_of"):
        render_json(trimmed)


def test_check_json_streams_every_row_and_matches_the_whole_report(reviewed_db: Path, capped: None) -> None:
    """The command: JSON lists all 12 rows of the dose claim although the report keeps CAP."""
    engine = open_database(reviewed_db, create=False)
    whole = json.loads(render_json(build_report(engine=engine, db_label=str(reviewed_db), detailed=None)))
    result = run_cli("check", "--db", reviewed_db, "-o", "-", "--format", "json")
    assert result.exit_code == 0, result.output
    streamed = json.loads(result.stdout)
    for data in (whole, streamed):
        data.pop("generated_at"), data.pop("since_last_check")
    assert streamed == whole
    dose = next(c for c in streamed["claims"] if c["claim_id"] == CLAIM)
    assert len(dose["rows"]) == 12 and all(r["title"] and r["evidence"] for r in dose["rows"])


def old_render_json(report: Report) -> str:
    """The JSON as it was written before streaming: one `json.dumps` of `asdict(report)`."""
    data = dataclasses.asdict(report)
    for claim, source in zip(data["claims"], report.claims, strict=True):
        claim.pop("tally")
        claim["says_otherwise"] = [r.pmid for r in says_otherwise(source.rows)]  # added, last
        claim["years"] = {str(y): dict(sorted(claim["years"][y].items())) for y in sorted(claim["years"])}
        claim["verdict"]["stats"] = sort_nested(claim["verdict"]["stats"])
        for row in claim["rows"]:
            for name in INTERNAL_ROW_FIELDS:  # never written (see litwatch.claims.evidence)
                del row[name]
    return json.dumps({"schema_version": 1, **data}, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("build", [build_sample_report, hostile_report], ids=["sample", "hostile"])
def test_streamed_json_is_the_same_bytes_as_one_dump(build: Callable[[], Report]) -> None:
    report = build()
    assert render_json(report) == old_render_json(report)
    empty = dataclasses.replace(report, claims=[])
    assert render_json(empty) == old_render_json(empty)
    no_rows = dataclasses.replace(report, claims=[dataclasses.replace(c, rows=[]) for c in report.claims])
    assert render_json(no_rows) == old_render_json(no_rows)
