"""The report renderers on a hand-made Report: escaping, links, flags, charts, JSON, write_report, CLI."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from report_sample import build_sample_report  # noqa: E402

from litwatch.errors import LitwatchError  # noqa: E402
from litwatch.report.labels import escape_md, format_number  # noqa: E402
from litwatch.report.model import Report  # noqa: E402
from litwatch.report.render import (  # noqa: E402
    parse_report_json,
    render_html,
    render_json,
    render_markdown,
    write_report,
)

PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(2)</script>|&amp;"


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


def hostile_report() -> Report:
    """The sample with attacker-controlled text in every field that reaches the page."""
    report = build_sample_report()
    claims = []
    for claim in report.claims:
        rows = [
            dataclasses.replace(
                r,
                title=r.title + PAYLOAD,
                journal=PAYLOAD,
                design=PAYLOAD,
                population=PAYLOAD,
                routes=[PAYLOAD],
                rule=PAYLOAD,
                note=PAYLOAD,
                doi=(r.doi or "") + PAYLOAD,
                pmid=r.pmid + PAYLOAD,
                evidence=[PAYLOAD],
                stance=PAYLOAD,
            )
            for r in claim.rows
        ]
        verdict = dataclasses.replace(claim.verdict, label=PAYLOAD, reason=PAYLOAD)
        claims.append(
            dataclasses.replace(
                claim,
                claim_id=claim.claim_id + PAYLOAD,
                statement=PAYLOAD,
                article_quote=PAYLOAD,
                unit=PAYLOAD,
                value_kind=PAYLOAD if claim.value_kind else None,
                verdict=verdict,
                rows=rows,
                years={2024: {PAYLOAD: 2}} if claim.years else {},
            )
        )
    return dataclasses.replace(
        report,
        claims=claims,
        article_title=PAYLOAD,
        article_source=PAYLOAD,
        database=PAYLOAD,
        claim_set=PAYLOAD,
        generated_at=PAYLOAD,
        attribution=PAYLOAD,
    )


def claim_section(html: str, claim_id: str) -> str:
    start = html.index(f'<section class="card claim" id="claim-{claim_id}"')
    return html[start : html.index("</section>", start)]


# --- escaping ---------------------------------------------------------------------------------


def test_abstract_script_stays_text_in_html() -> None:
    html = render_html(build_sample_report())
    assert "<script" not in html.lower()
    # Jinja2's autoescape (MarkupSafe) writes quotes as &#34; and &#39; (html.escape wrote &quot;/&#x27;)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;fMRI&#34; &#39;rest&#39;" in html


def test_hostile_text_everywhere_never_becomes_markup() -> None:
    html = render_html(hostile_report())
    tags = parse_tags(html)
    names = {t for t, _ in tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(2)&lt;/script&gt;") > 20


def test_hostile_text_in_markdown_is_escaped() -> None:
    md = render_markdown(hostile_report())
    assert not re.search(r"(?<!\\)<(script|img|/script)", md)
    assert r"\<script\>alert(2)\</script\>" in md
    assert r"\&amp;" in md  # an entity in the data stays literal text


def test_escape_md_keeps_words_readable() -> None:
    assert escape_md("dose_0_5 _x_ a|b <b> *y* & #1") == r"dose_0_5 \_x\_ a\|b \<b\> \*y\* \& \#1"
    assert escape_md("two\nlines") == "two lines"


def test_markdown_tables_keep_their_columns_despite_pipes() -> None:
    md = render_markdown(hostile_report())
    for block in re.findall(r"(?:^\|.*\|$\n?)+", md, flags=re.M):
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block[:300]


# --- content ------------------------------------------------------------------------------------


def test_every_claim_appears_with_its_verdict_and_anchor() -> None:
    report = build_sample_report()
    html = render_html(report)
    md = render_markdown(report)
    for claim in report.claims:
        section = claim_section(html, claim.claim_id)
        assert claim.statement in section
        assert claim.verdict.label.capitalize() in section
        assert f'href="#claim-{claim.claim_id}"' in html
        assert f"**{claim.verdict.label}**: {claim.verdict.reason}" in md.replace("\\", "")
    verdict_classes = set(re.findall(r'class="verdict (v-[a-z-]+)"', html))
    assert verdict_classes >= {
        "v-supported",
        "v-partly-supported",
        "v-contradicted",
        "v-insufficient-evidence",
    }


def test_links_point_to_pubmed_and_doi() -> None:
    report = build_sample_report()
    html = render_html(report)
    md = render_markdown(report, all_rows=True)
    for row in (r for c in report.claims for r in c.rows):
        assert f'href="https://pubmed.ncbi.nlm.nih.gov/{row.pmid}/"' in html
        assert f"](https://pubmed.ncbi.nlm.nih.gov/{row.pmid}/)" in md
        assert row.doi
        assert f'href="https://doi.org/{row.doi}"' in html
        assert f"](https://doi.org/{row.doi})" in md


def test_header_and_footer_carry_provenance_and_attribution() -> None:
    report = build_sample_report()
    html = render_html(report)
    for text in (report.article_title, report.database, report.generated_at, "357 stored", "29 tagged"):
        assert text in html
    assert report.attribution in html
    assert "Oxford CEBM 2011" in html and "How verdicts are decided" in html
    assert report.attribution in render_markdown(report)


def test_retracted_and_rejected_rows_are_flagged_not_counted() -> None:
    html = render_html(build_sample_report())
    retracted = re.search(r'<tr class="excluded">(?:(?!</tr>).)*38194244(?:(?!</tr>).)*</tr>', html, re.S)
    assert retracted and "Retracted · not counted" in retracted.group(0)
    rejected = re.search(r'<tr class="excluded">(?:(?!</tr>).)*37997749(?:(?!</tr>).)*</tr>', html, re.S)
    assert rejected and "Rejected in review · not counted" in rejected.group(0)
    assert "in verdict" not in retracted.group(0)
    md = render_markdown(build_sample_report(), all_rows=True)
    assert "**RETRACTED, not counted**" in md and "**rejected in review, not counted**" in md
    assert "38194244" not in render_markdown(build_sample_report())  # by default: counted rows only


def test_evidence_tables_are_folded_unless_asked_to_open() -> None:
    report = build_sample_report()
    section = claim_section(render_html(report), "dose_0_5_mg_per_kg")
    assert section.count('<table class="evidence">') == 1
    assert '<details class="more"><summary>All 15 records behind this claim (12 counted)' in section
    assert "litwatch evidence dose_0_5_mg_per_kg" in section
    opened = claim_section(render_html(report, open_tables=True), "dose_0_5_mg_per_kg")
    assert '<details class="more" open><summary>All 15 records' in opened


def test_each_claim_leads_with_its_top_counted_records_as_references() -> None:
    report = build_sample_report()
    html = render_html(report)
    md = render_markdown(report)
    dose = report.claims[0]
    assert list(dose.references) == ["38537759", "38808490", "39946130"]  # level 1, then the largest RCTs
    section = claim_section(html, "dose_0_5_mg_per_kg")
    refs = re.search(r'<ol class="refs">(.*?)</ol>', section, re.S).group(1)
    assert re.findall(r"PMID (\d+)</a>", refs) == list(dose.references)
    assert section.index('<ol class="refs">') < section.index('<details class="more">')
    first = dose.references["38537759"]
    assert first.startswith("Efficacy of intravenous ketamine and intranasal esketamine") and "2024" in first
    assert "What to cite (top counted records):" in md
    assert f"1. {first[:60]}" in md.replace("\\", "")


def test_each_claim_first_shows_what_says_otherwise() -> None:
    report = build_sample_report()
    html, md = render_html(report), render_markdown(report)
    wanted = {}
    for claim in report.claims:
        want = [r.pmid for r in claim.rows if r.stance in ("contradicts", "mixed")]
        want = sorted(want, key=lambda p: not next(r for r in claim.rows if r.pmid == p).counted)[:5]
        wanted[claim.claim_id] = want
        section = claim_section(html, claim.claim_id.replace("-", "_"))
        if not claim.rows:
            assert "What says otherwise" not in section
            continue
        start = section.index('<div class="against-box">')
        box = section[start : section.index("<h3>What to cite", start)]  # the cite box follows it
        assert re.findall(r"PMID (\d+)</a>", box) == want, claim.claim_id
        if not want:
            assert "No stored record bearing on this claim contradicts it" in box
    assert md.count("What says otherwise") == sum(1 for c in report.claims if c.rows)
    as_json = {c["claim_id"]: c["says_otherwise"] for c in json.loads(render_json(report))["claims"]}
    assert as_json == wanted  # the same rows in JSON
    assert parse_report_json(render_json(report)) == report  # derived, so not read back


def test_page_opens_with_how_to_read_then_summary() -> None:
    html = render_html(build_sample_report())
    assert html.index('id="how-to-read"') < html.index('id="summary"') < html.index('class="card claim"')


def test_markdown_marks_counted_rows_and_the_verdicts_basis() -> None:
    report = build_sample_report()
    md = render_markdown(report)
    rows = [line for line in md.splitlines() if line.startswith("| 2 | [37199914]")]
    assert rows and all("| **in verdict** |" in line for line in rows)
    full = render_markdown(report, all_rows=True)
    assert len(full) > len(md)
    assert "not counted: retracted" in full


# --- self-contained -----------------------------------------------------------------------------


def test_html_fetches_nothing_at_view_time() -> None:
    html = render_html(build_sample_report())
    for tag, attrs in parse_tags(html):
        for name, value in attrs.items():
            if value and re.search(r"\b(https?:)?//", value):
                allowed = (tag == "a" and name == "href") or (tag == "svg" and name == "xmlns")
                assert allowed, (tag, name, value)
        assert tag not in {"script", "img", "iframe", "link"} or (
            tag == "link" and attrs.get("href") == "data:,"
        )
    style = html[html.index("<style>") : html.index("</style>")]
    assert "url(" not in style and "@import" not in style and "http" not in style
    csp = [a["content"] for t, a in parse_tags(html) if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0] or "") and "script-src" not in (csp[0] or "")


# --- charts -------------------------------------------------------------------------------------


def test_charts_drawn_when_numbers_exist() -> None:
    html = render_html(build_sample_report())
    dose = claim_section(html, "dose_0_5_mg_per_kg")
    assert 'class="chart dots"' in dose and "article: 0.5 mg/kg" in dose
    assert "Records per year" in dose and "<rect" in dose
    assert "11 of 18 (61%)" in dose
    onset = claim_section(html, "onset_2_hours")
    assert "log scale" in onset  # 0.667 h .. 24 h spans more than a factor of 20
    safety = claim_section(html, "side_effects_mild")  # a claim without a number: no dot plot
    assert "chart dots" not in safety and "No numbers extracted" not in safety


def test_no_numbers_note_instead_of_chart() -> None:
    report = build_sample_report()
    report.claims[0] = dataclasses.replace(report.claims[0], values=[])
    section = claim_section(render_html(report), report.claims[0].claim_id)
    assert "chart dots" not in section
    assert "No numbers extracted" in section
    assert "none extracted" in render_markdown(report)


def test_format_number() -> None:
    assert [format_number(x) for x in (0.5, 0.045, 240.0, 0.6667, 1234.0)] == [
        "0.5",
        "0.045",
        "240",
        "0.667",
        "1230",
    ]


# --- JSON ---------------------------------------------------------------------------------------


def test_json_round_trips_with_schema_version_first() -> None:
    report = build_sample_report()
    text = render_json(report)
    data = json.loads(text)
    assert list(data)[:3] == ["schema_version", "claim_set", "article_title"]
    assert data["schema_version"] == 1
    assert parse_report_json(text) == report
    assert render_json(parse_report_json(text)) == text


def test_json_rejects_other_schema_versions() -> None:
    with pytest.raises(LitwatchError, match="schema_version"):
        parse_report_json('{"schema_version": 99}')
    with pytest.raises(LitwatchError, match="not a litwatch report"):
        parse_report_json("[]")


# --- write_report -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "marker"), [("r.html", "<!doctype html>"), ("r.md", "# Claim check"), ("r.json", "{")]
)
def test_write_report_picks_format_from_suffix(tmp_path: Path, name: str, marker: str) -> None:
    path = write_report(build_sample_report(), tmp_path / name)
    assert path.read_text(encoding="utf-8").startswith(marker)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left behind


def test_write_report_explicit_format_wins(tmp_path: Path) -> None:
    path = write_report(build_sample_report(), tmp_path / "report.txt", "md")
    assert path.read_text(encoding="utf-8").startswith("# Claim check")


@pytest.mark.parametrize(
    ("target", "fmt", "message"),
    [
        ("report.pdf", None, "unknown report file suffix '.pdf'"),
        ("report.html", "docx", "unknown report format 'docx'"),
        ("missing/report.html", None, "folder .*missing does not exist"),
        (".", None, "it is a folder"),
    ],
)
def test_write_report_errors_are_one_line(tmp_path: Path, target: str, fmt: str | None, message: str) -> None:
    with pytest.raises(LitwatchError, match=message) as info:
        write_report(build_sample_report(), tmp_path / target, fmt)
    assert "\n" not in str(info.value)


def test_empty_report_renders() -> None:
    report = dataclasses.replace(build_sample_report(), claims=[])
    assert "no claims" in render_html(report)
    assert render_markdown(report).startswith("# Claim check")


# --- the check command --------------------------------------------------------------------------


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """`check` without a database: prepare_check returns the sample and records its arguments."""
    calls: list[dict] = []

    def prepare_check(**kwargs: object) -> types.SimpleNamespace:
        calls.append(kwargs)
        return types.SimpleNamespace(report=build_sample_report(), tagged=0, warnings=[])

    fake = types.SimpleNamespace(prepare_check=prepare_check, record_check=lambda result, engine: 1)
    monkeypatch.setitem(sys.modules, "litwatch.services.changes", fake)
    monkeypatch.setattr("litwatch.db.engine.open_database", lambda path, **_kw: f"engine:{path}")
    return calls


def test_check_writes_the_report_and_prints_the_path(fake_backend: list[dict], tmp_path: Path) -> None:
    from litwatch.cli import app

    out = tmp_path / "report.md"
    result = CliRunner().invoke(
        app, ["check", "-o", str(out), "--db", str(tmp_path / "x.db"), "--claims", "c.toml"]
    )
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "7 claims" in result.output
    assert out.read_text(encoding="utf-8").startswith("# Claim check")
    assert fake_backend[0]["claims_path"] == "c.toml"
    assert fake_backend[0]["db_label"] == str(tmp_path / "x.db")


def test_check_to_stdout_and_bad_format(fake_backend: list[dict], tmp_path: Path) -> None:
    from litwatch.cli import app

    result = CliRunner().invoke(app, ["check", "--format", "json", "-o", "-", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema_version"] == 1
    bad = CliRunner().invoke(app, ["check", "--format", "pdf", "--db", str(tmp_path / "x.db")])
    assert bad.exit_code == 2
    assert "'pdf' is not one of html, md, json" in bad.output and "Traceback" not in bad.output


def test_check_default_file_name(
    fake_backend: list[dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from litwatch.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--format", "md", "--db", "x.db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "litwatch-report.md").exists()
