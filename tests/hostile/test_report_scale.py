"""Issue 8, item 18: a report on many records lists only the best REPORT_ROWS rows per claim in
HTML and Markdown (saying how many more and what lists them), every row in JSON, and its verdicts
rest on every row either way. The cap is patched down so a few dozen records exceed it. Both
backends (conftest.db_target)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.conftest import run_cli
from litwatch.db.engine import open_database
from litwatch.services.check import build_report
from litwatch.services.verdicts import list_evidence

CAP = 4
CLAIM = "dose-0-5-mg-kg"


def medline_records(count: int) -> str:
    """`count` records bearing on the dose claim; sample sizes differ so the best-first order is fixed."""
    return "\n".join(
        f"""\
PMID- {99100000 + i}
TI  - Ketamine 0.5 mg/kg infusion in {10 + i} patients with treatment-resistant depression: trial {i}.
AB  - In {10 + i} patients a single infusion of ketamine 0.5 mg/kg rapidly reduced depression
      scores within 24 hours in treatment-resistant depression.
JT  - Journal of Affective Disorders
DP  - {2000 + i % 20} Mar
PT  - Randomized Controlled Trial
"""
        for i in range(count)
    )


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("litwatch.report.model", "litwatch.report.html", "litwatch.report.markdown"):
        monkeypatch.setattr(f"{module}.REPORT_ROWS", CAP)


def test_html_and_markdown_list_the_best_rows_and_say_how_many_more(
    build_db: Callable[..., Path], db_target: str, capped: None
) -> None:
    db = build_db(medline_records(12), db=db_target)
    assert run_cli("tag", "--db", db).exit_code == 0
    full = json.loads(run_cli("check", "--db", db, "-o", "-", "--format", "json").stdout)
    (claim,) = [c for c in full["claims"] if c["claim_id"] == CLAIM]
    assert len(claim["rows"]) == 12 and all(r["title"] for r in claim["rows"])  # JSON: every row, in full
    more = len(claim["rows"]) - CAP
    html = run_cli("check", "--db", db, "-o", "-", "--format", "html").stdout
    md = run_cli("check", "--db", db, "-o", "-", "--format", "md").stdout
    listed = [r["pmid"] for r in claim["rows"][:CAP]]
    unlisted = [r["pmid"] for r in claim["rows"][CAP:]]
    html_parts = html.split('<section class="card claim"')
    md_parts = md.split("\n## ")
    for parts in (html_parts, md_parts):
        (text,) = [t for t in parts if f"litwatch evidence {CLAIM}" in t]  # the claim's own section
        assert all(f"pubmed.ncbi.nlm.nih.gov/{p}/" in text for p in listed)
        assert not any(f"pubmed.ncbi.nlm.nih.gov/{p}/" in text for p in unlisted)
        assert f"{more} more records (they count toward the verdict) are not listed here" in text
        assert "litwatch check --format json" in text
    assert '<div class="title"></div>' not in html  # no row read lean is ever rendered
    assert len(list_evidence(CLAIM, engine=open_database(db, create=False))) == 12  # all, as before


def test_verdicts_rest_on_every_row_whatever_is_listed(build_db: Callable[..., Path], db_target: str) -> None:
    db = build_db(medline_records(12), db=db_target)
    engine = open_database(db)
    assert run_cli("tag", "--db", db).exit_code == 0
    full = build_report(engine=engine, db_label="x", detailed=None)
    lean = build_report(engine=engine, db_label="x", detailed=CAP)
    for a, b in zip(full.claims, lean.claims, strict=True):
        assert a.verdict == b.verdict and a.years == b.years and a.values == b.values
        assert [r.pmid for r in a.rows] == [r.pmid for r in b.rows]
        assert a.rows[:CAP] == b.rows[:CAP]  # the listed rows carry titles and sentences
    rows = next(c.rows for c in lean.claims if c.claim_id == CLAIM)
    assert rows[CAP].title == "" and rows[CAP].evidence == []  # the rest are read lean
