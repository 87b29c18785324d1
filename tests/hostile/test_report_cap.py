"""Issue 8, item 18: HTML and Markdown list at most REPORT_ROWS evidence rows per claim (the best),
say how many more there are and which command lists them; JSON keeps every row."""

from __future__ import annotations

import json

import pytest
from report_sample import build_sample_report

from litwatch.report.html import render_html
from litwatch.report.jsonout import render_json
from litwatch.report.markdown import render_markdown


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> int:
    for module in ("litwatch.report.html", "litwatch.report.markdown"):
        monkeypatch.setattr(f"{module}.REPORT_ROWS", 2)
    return 2


def test_reports_list_the_best_rows_and_say_how_many_more(capped: int) -> None:
    report = build_sample_report()
    claim = max(report.claims, key=lambda c: len(c.rows))
    assert len(claim.rows) > capped
    more = len(claim.rows) - capped
    html = render_html(report)
    md = render_markdown(report, all_rows=True)
    tables = html.split('<table class="evidence">')[1:]
    assert tables and all(t.split("</table>")[0].count("<tr") <= capped + 1 for t in tables)  # + header
    assert f"{more} more record" in html and f"litwatch evidence {claim.claim_id}" in html
    assert f"{more} more record" in md and "litwatch check --format json" in md
    data = json.loads(render_json(report))
    assert len(next(c for c in data["claims"] if c["claim_id"] == claim.claim_id)["rows"]) == len(claim.rows)
