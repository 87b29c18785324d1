"""Human reviews: stored with who and when, win over the automatic tag, survive re-tagging, and
bad input gives one-line errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from snapshot_records import load_snapshot_records
from sqlalchemy import select
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import mark_deleted, upsert_records
from litwatch.services.check import build_report
from litwatch.services.tagging import (
    ClaimLookupError,
    MergedTag,
    read_tag_fields,
    save_review,
    tag_stale_records,
)
from litwatch.services.verdicts import list_evidence

IV_RCTS = ["38710325", "38755245", "38714931", "38179107"]  # IV racemic ketamine 0.5 mg/kg
UNRELATED = "36279978"  # emergence delirium after surgery: bears on no claim
T0 = datetime(2026, 3, 1, 9, 30)

CLAIMS_TOML = r"""
name = "review-test"
title = "How Does Ketamine Work In Treating Depression?"
source = "test article"
routes = ["intravenous"]
formulations = ["racemic"]

[terms]
ketamine = ["ketamin"]

[[claims]]
id = "dose-0-5"
statement = "The usual IV dose is 0.5 mg/kg."
article_quote = "The most common ratio is 0.5mg per 1 kg of a patient's body weight."
value_kind = "dose_mg_per_kg"
article_low = 0.5
article_high = 0.5
unit = "mg/kg"
requires = ["ketamine"]
compare = { supports = [0.5, 0.5] }

[[claims.match]]
name = "dose-stated"
all = ["value:dose_mg_per_kg"]
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
def engine(db: str, claims_file: Path):
    engine = open_database(db)
    with session_scope(engine) as s:
        upsert_records(load_snapshot_records([*IV_RCTS, UNRELATED]), session=s)
    tag_stale_records(engine=engine, claims_path=claims_file)
    return engine


def stored_reviews(engine) -> list[tuple]:
    with session_scope(engine) as s:
        cols = (m.Review.pmid, m.Review.claim_id, m.Review.decision, m.Review.stance, m.Review.reviewer)
        return [tuple(r) for r in s.execute(select(*cols).order_by(m.Review.pmid))]


def test_accept_with_stance_wins_and_survives_retagging(engine, claims_file):
    merged = save_review(
        IV_RCTS[0],
        "dose-0-5",
        engine=engine,
        accept=True,
        stance="mixed",
        note="0.5 mg/kg but in surgery",
        reviewer="ann",
        claims_path=claims_file,
        now=T0,
    )
    assert merged == MergedTag(
        pmid=IV_RCTS[0],
        claim_id="dose-0-5",
        stance="mixed",
        evidence=merged.evidence,
        values=[[0.5, 0.5]],
        rule="accepted in review by ann",
        source="reviewed",
        rejected=False,
        note="0.5 mg/kg but in surgery",
    )
    assert merged.evidence and "0.5" in merged.evidence[0]
    with session_scope(engine) as s:
        review = s.get(m.Review, (IV_RCTS[0], "review-test", "dose-0-5", "ann"))
        assert (review.decision, review.reviewer, review.reviewed_at) == ("accept", "ann", T0)

    assert tag_stale_records(engine=engine, claims_path=claims_file, all_records=True).tagged == 5
    rows = {r.pmid: r for r in list_evidence("dose-0-5", engine=engine, claims_path=claims_file)}
    assert (rows[IV_RCTS[0]].stance, rows[IV_RCTS[0]].source, rows[IV_RCTS[0]].note) == (
        "mixed",
        "reviewed",
        "0.5 mg/kg but in surgery",
    )
    assert (rows[IV_RCTS[1]].stance, rows[IV_RCTS[1]].source) == ("supports", "auto")
    assert stored_reviews(engine) == [(IV_RCTS[0], "dose-0-5", "accept", "mixed", "ann")]


def test_reject_hides_the_record_from_the_verdict_but_lists_it(engine, claims_file):
    before = build_report(engine=engine, claims_path=claims_file, db_label="r.db").claims[0].verdict
    assert (before.label, before.pmids) == ("supported", ["38710325", "38755245", "38179107", "38714931"])
    save_review(IV_RCTS[0], "dose-0-5", engine=engine, accept=False, reviewer="bo", claims_path=claims_file)
    tag_stale_records(engine=engine, claims_path=claims_file, all_records=True)
    claim = build_report(engine=engine, claims_path=claims_file, db_label="r.db").claims[0]
    assert claim.verdict.label == "supported"
    assert claim.verdict.pmids == ["38755245", "38179107", "38714931"]
    assert claim.verdict.stats["rejected"] == 1
    (rejected,) = [r for r in claim.rows if r.pmid == IV_RCTS[0]]
    assert (rejected.source, rejected.rule) == ("reviewed", "rejected in review by bo")
    with session_scope(engine) as s:
        fields = read_tag_fields([IV_RCTS[0], IV_RCTS[1]], session=s, claim_set="review-test")
    assert fields[IV_RCTS[0]]["claims"] == []
    assert [c["source"] for c in fields[IV_RCTS[1]]["claims"]] == ["auto"]


def test_accept_links_a_record_the_tagger_missed_and_a_new_review_replaces_the_old(engine, claims_file):
    with pytest.raises(ClaimLookupError, match="no automatic tag for claim dose-0-5: give --stance"):
        save_review(UNRELATED, "dose-0-5", engine=engine, accept=True, claims_path=claims_file)
    save_review(UNRELATED, "dose-0-5", engine=engine, accept=True, stance="supports", claims_path=claims_file)
    save_review(
        UNRELATED, "dose-0-5", engine=engine, accept=True, stance="contradicts", claims_path=claims_file
    )
    (row,) = list_evidence("dose-0-5", engine=engine, claims_path=claims_file, stance="contradicts")
    assert (row.pmid, row.evidence, row.values, row.source) == (UNRELATED, [], [], "reviewed")
    assert len(stored_reviews(engine)) == 1


def test_reviewer_defaults_to_environment(engine, claims_file, monkeypatch):
    monkeypatch.setenv("LITWATCH_REVIEWER", "dr-kim")
    merged = save_review(IV_RCTS[1], "dose-0-5", engine=engine, accept=True, claims_path=claims_file)
    assert (merged.rule, merged.stance) == ("accepted in review by dr-kim", "supports")


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["99999999", "dose-0-5", "accept"], "no record with PMID 99999999 in the database", 1),
        (
            [IV_RCTS[0], "dose-9", "--reject"],
            "unknown claim 'dose-9' in claims 'review-test': choose one of dose-0-5",
            1,
        ),
        (
            [IV_RCTS[0], "dose-0-5", "accept", "--stance", "support"],
            "invalid value for '--stance': 'support' is not one of supports, contradicts, mixed, "
            "no-direction; did you mean 'supports'?",
            2,
        ),
        ([IV_RCTS[0], "dose-0-5", "reject", "--stance", "supports"], "--stance goes with --accept", 1),
        ([IV_RCTS[0], "dose-0-5"], "missing argument 'decision'. Choose from: accept, reject", 2),
        (
            [IV_RCTS[0], "dose-0-5", "--accept", "--reject"],
            "got unexpected extra argument(s) (reject) (see `litwatch review --help`)",
            2,
        ),
        ([IV_RCTS[0], "dose-0-5", "maybe"], "'maybe' is not one of accept, reject", 2),
        ([IV_RCTS[2], "dose-0-5", "--accept"], "was deleted by NLM", 1),
        (["dose-9", "--history"], "unknown claim 'dose-9'", 1),
        (["99999999", "--history"], "no record with PMID 99999999", 1),
        (["dose-0-5", "dose-0-5", "--history"], "'dose-0-5' is not a PMID", 1),
        ([IV_RCTS[0], "dose-0-5", "reject", "--history"], "--history only lists reviews", 1),
        ([IV_RCTS[0]], "missing argument 'CLAIM'", 2),
    ],
)
def test_cli_review_errors_are_one_line_and_store_nothing(engine, claims_file, db, args, message, code):
    with session_scope(engine) as s:
        mark_deleted([IV_RCTS[2]], session=s)
    result = CliRunner().invoke(app, ["review", *args, "--db", db, "--claims", str(claims_file)])
    assert result.exit_code == code
    assert result.output.startswith("litwatch: error: ") and message in result.output
    assert result.output.count("\n") == 1
    assert stored_reviews(engine) == []


def test_cli_review_accept_and_reject(engine, claims_file, db):
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "review",
            IV_RCTS[0],
            "dose-0-5",
            "ACCEPT",
            "--stance",
            "Supports",
            "--reviewer",
            "ann",
            "--note",
            "ok",
        ]
        + ["--db", db, "--claims", str(claims_file)],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"{IV_RCTS[0]} / dose-0-5: accepted (supports) — accepted in review by ann\n"
    result = runner.invoke(
        app,
        [
            "review",
            IV_RCTS[1],
            "dose-0-5",
            "--reject",
            "--reviewer",
            "bo",
            "--db",
            db,
            "--claims",
            str(claims_file),
        ],
    )
    assert result.output == f"{IV_RCTS[1]} / dose-0-5: rejected — rejected in review by bo\n"
    assert stored_reviews(engine) == [
        (IV_RCTS[0], "dose-0-5", "accept", "supports", "ann"),
        (IV_RCTS[1], "dose-0-5", "reject", None, "bo"),
    ]


def test_review_history_lists_every_reviewers_decisions_and_marks_the_applied_one(engine, claims_file, db):
    from litwatch.services.reviews import ReviewDecision, list_review_history

    def decide(pmid: str, reviewer: str, hour: int, accept: bool, stance: str | None = None, note=None):
        save_review(pmid, "dose-0-5", engine=engine, accept=accept, stance=stance, note=note,
                    reviewer=reviewer, claims_path=claims_file, now=datetime(2026, 3, 1, hour))  # fmt: skip

    decide(IV_RCTS[0], "ann", 9, False)
    decide(IV_RCTS[0], "bo", 10, True, "mixed", "dose in surgery")
    decide(IV_RCTS[0], "ann", 11, True)  # ann changes her mind last: her decision applies
    decide(IV_RCTS[1], "bo", 12, False)
    (first,) = list_review_history(IV_RCTS[0], engine=engine, claims_path=claims_file)
    at = lambda hour: datetime(2026, 3, 1, hour)  # noqa: E731
    assert (first.pmid, first.claim_id, first.auto_stance) == (IV_RCTS[0], "dose-0-5", "supports")
    assert first.reviewers == {
        "ann": [
            ReviewDecision("ann", "accept", None, None, at(11), latest=True, applied=True),
            ReviewDecision("ann", "reject", None, None, at(9), latest=False, applied=False),
        ],
        "bo": [
            ReviewDecision("bo", "accept", "mixed", "dose in surgery", at(10), latest=True, applied=False)
        ],
    }
    by_claim = list_review_history("dose-0-5", engine=engine, claims_path=claims_file)
    assert [(link.pmid, link.applied.reviewer) for link in by_claim] == [
        (IV_RCTS[0], "ann"),
        (IV_RCTS[1], "bo"),
    ]
    assert list_review_history(IV_RCTS[3], engine=engine, claims_path=claims_file) == []

    result = CliRunner().invoke(
        app, ["review", IV_RCTS[0], "--history", "--db", db, "--claims", str(claims_file)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{IV_RCTS[0]} / dose-0-5 (automatic tag: supports): accepted by ann applies",
        "  * 2026-03-01 11:00  ann: accepted",
        "    2026-03-01 09:00  ann: rejected",
        '    2026-03-01 10:00  bo: accepted (mixed) "dose in surgery" (latest)',
    ]
    result = CliRunner().invoke(
        app, ["review", "dose-0-5", "--history", "--db", db, "--claims", str(claims_file)]
    )
    assert result.exit_code == 0 and result.output.count(" applies\n") == 2
    result = CliRunner().invoke(
        app, ["review", IV_RCTS[3], "--history", "--db", db, "--claims", str(claims_file)]
    )
    assert result.output == "no reviews yet\n"
