"""Attacker-controlled text reaches the HTML report only escaped, in every section (issue 12 item 3).

Titles, abstract sentences, journals and claim texts come from files and PubMed we do not control.
The page is rendered from autoescaping Jinja2 templates; these tests put a payload that tries to
open a script, break out of an attribute into an <img onerror>, and close the <style> element into
every field that reaches the page, one field at a time and all at once, and check that no new
element or event-handler attribute appears and the payload is there as text.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))
from report_sample import build_sample_report  # noqa: E402

from litwatch.claims.evidence import EvidenceRow  # noqa: E402
from litwatch.report.html import render_html  # noqa: E402
from litwatch.report.model import ClaimReport, Report  # noqa: E402
from litwatch.report.render import render_report  # noqa: E402

PAYLOAD = "</style><script>alert(1)</script>\"><img src=x onerror=alert(2)>'><svg onload=alert(3)>"
ESCAPED = "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"  # how the payload's start must appear


class Elements(HTMLParser):
    """Start and end tags as a browser's tokenizer sees them (the text inside <style> is raw)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.ends: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def since_data(text: str) -> dict:
    """A "Since the last check" change set with `text` in every free-text field."""
    return {
        "claim_set": text, "since": "2026-01-01T00:00:00Z", "since_kind": "check", "since_snapshot": 1,
        "until": "2026-02-01T00:00:00Z", "claims_changed": True, "verdicts_moved": 1,
        "claims": [{
            "claim_id": text, "statement": text, "verdict_before": text, "verdict_after": text, "moved": True,
            "why_moved": text, "reason_before": text, "reason_after": text,
            "new_records": [{"pmid": text, "stance": text, "counts": True, "why": text, "design": text,
                             "evidence_level": 2, "year": 2020, "title": text}],
            "left_records": [{"pmid": text, "stance_before": text, "why": text}],
            "changed_records": [{"pmid": text, "stance_before": text, "stance_after": text, "why": text}],
            "notices": [{"pmid": text, "type": text, "notice_pmid": text}],
        }],
    }  # fmt: skip


def on_rows(**fields: object) -> Callable[[Report], None]:
    def change(report: Report) -> None:
        for claim in report.claims:
            claim.rows = [dataclasses.replace(r, **fields) for r in claim.rows]  # type: ignore[arg-type]

    return change


def on_claims(**fields: object) -> Callable[[Report], None]:
    def change(report: Report) -> None:
        report.claims = [dataclasses.replace(c, **fields) for c in report.claims]  # type: ignore[arg-type]

    return change


def on_verdicts(**fields: object) -> Callable[[Report], None]:
    def change(report: Report) -> None:
        for claim in report.claims:
            claim.verdict = dataclasses.replace(claim.verdict, **fields)  # type: ignore[arg-type]

    return change


def on_report(**fields: object) -> Callable[[Report], None]:
    def change(report: Report) -> None:
        for name, value in fields.items():
            setattr(report, name, value)

    return change


def on_references(report: Report) -> None:
    for claim in report.claims:
        claim.references = {pmid: PAYLOAD for pmid in claim.references}


def on_untitled_references(report: Report) -> None:
    """A reference that could not be formatted falls back to the record's (hostile) title."""
    on_rows(title=PAYLOAD)(report)
    for claim in report.claims:
        claim.references = dict.fromkeys(claim.references, "")


# Every field of the report that reaches the page, one at a time: the section it lands in differs.
FIELDS: dict[str, Callable[[Report], None]] = {
    "article title": on_report(article_title=PAYLOAD),
    "article source": on_report(article_source=PAYLOAD),
    "article source URL": on_report(article_source="https://example.org/" + PAYLOAD),
    "claim set": on_report(claim_set=PAYLOAD),
    "database": on_report(database=PAYLOAD),
    "generated at": on_report(generated_at=PAYLOAD),
    "last sync": on_report(last_sync=PAYLOAD),
    "saved query": on_report(queries=[{"name": PAYLOAD, "term": PAYLOAD, "last_success_at": None}]),
    "attribution": on_report(attribution=PAYLOAD),
    "since last check": on_report(since_last_check=since_data(PAYLOAD)),
    "claim id": on_claims(claim_id=PAYLOAD),
    "claim statement": on_claims(statement=PAYLOAD),
    "article quote": on_claims(article_quote=PAYLOAD),
    "unit": on_claims(unit=PAYLOAD),
    "value kind": on_claims(value_kind=PAYLOAD),
    "years by design": on_claims(years={2024: {PAYLOAD: 2}}),
    "verdict label": on_verdicts(label=PAYLOAD),
    "verdict reason": on_verdicts(reason=PAYLOAD),
    "references": on_references,
    "title (unformatted reference)": on_untitled_references,
    "title": on_rows(title=PAYLOAD),
    "abstract sentence": on_rows(evidence=[PAYLOAD, PAYLOAD]),
    "journal": on_rows(journal=PAYLOAD),
    "doi": on_rows(doi=PAYLOAD),
    "pmid": on_rows(pmid=PAYLOAD),
    "design": on_rows(design=PAYLOAD),
    "population": on_rows(population=PAYLOAD),
    "routes and formulations": on_rows(routes=[PAYLOAD], formulations=[PAYLOAD]),
    "stance": on_rows(stance=PAYLOAD),
    "rule": on_rows(rule=PAYLOAD),
    "source": on_rows(source=PAYLOAD),
    "reviewer note": on_rows(note=PAYLOAD),
    "why not counted": on_rows(counted=False, why_not_counted=PAYLOAD),
}


def assert_only_escaped(html: str, baseline: Elements) -> None:
    """No element, attribute or end tag beyond what the page has without the payload."""
    assert "<script" not in html and "<img" not in html and "<svg onload" not in html
    assert html.count("</style>") == 1 and html.count("<style>") == 1
    page = parse(html)
    assert sorted({t for t, _ in page.starts}) == sorted({t for t, _ in baseline.starts})
    assert sorted(set(page.ends)) == sorted(set(baseline.ends))
    for tag, attrs in page.starts:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    style_ends = html.index("</style>")
    assert html.index("<style>") < style_ends < html.index("<body>")  # the head's own stylesheet


@pytest.mark.parametrize("field", FIELDS)
def test_hostile_text_in_one_field_appears_only_escaped(field: str) -> None:
    baseline = parse(render_html(build_sample_report()))
    report = build_sample_report()
    FIELDS[field](report)
    html = render_html(report)
    assert_only_escaped(html, baseline)
    assert ESCAPED in html or ESCAPED.replace("&lt;/style&gt;", "") in html  # there, as text


def sections(html: str) -> dict[str, str]:
    """The page cut at its sections: header, how to read, since, summary, each claim, footer."""
    body = html[html.index("<body>") :]
    cuts = {
        "header": body.index("<header"),
        "how to read": body.index('id="how-to-read"'),
        "since": body.index('id="since"'),
        "summary": body.index('id="summary"'),
        "footer": body.index("<footer"),
    }
    start = 0
    for n in range(body.count('<section class="card claim"')):
        start = body.index('<section class="card claim"', start + 1)
        cuts[f"claim {n + 1}"] = start
    ordered = sorted(cuts.items(), key=lambda kv: kv[1])
    ends = [at for _, at in ordered[1:]] + [len(body)]
    return {name: body[at:end] for (name, at), end in zip(ordered, ends, strict=True)}


@pytest.mark.parametrize("open_tables", [False, True])
def test_hostile_text_everywhere_is_text_in_every_section(open_tables: bool) -> None:
    baseline = parse(render_html(build_sample_report(), open_tables=open_tables))
    report = build_sample_report()
    for change in FIELDS.values():
        change(report)
    html = render_report(report, "html", open_tables=open_tables)
    assert_only_escaped(html, baseline)
    found = sections(html)
    assert len(found) == 5 + len(report.claims)
    for name, text in found.items():
        if name == "how to read":  # fixed words only: no record or claim text reaches it
            continue
        assert ESCAPED in text, name


def test_charts_escape_their_own_text() -> None:
    """The SVG charts are inserted as Markup: their labels and tooltips escape themselves."""
    report = build_sample_report()
    dose: ClaimReport = report.claims[0]
    dose.unit = PAYLOAD
    dose.years = {2024: {PAYLOAD: 3}}
    dose.rows = [dataclasses.replace(r, pmid=PAYLOAD) for r in dose.rows]
    html = render_html(report)
    charts = html[html.index('<div class="charts">') : html.index('<details class="more"')]
    assert "<svg" in charts and "&lt;script&gt;" in charts and "<script" not in charts
    assert_only_escaped(html, parse(render_html(build_sample_report())))


def test_a_row_built_by_hand_is_a_dataclass() -> None:
    """The helpers above replace fields by name: a renamed EvidenceRow field must fail here first."""
    names = {f.name for f in dataclasses.fields(EvidenceRow)}
    assert {"title", "evidence", "journal", "note", "why_not_counted", "formulations"} <= names
