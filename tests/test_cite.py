"""The writer's views on the demo data: `evidence` as what to cite, `cite`, `search`, `export --claim`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.claims.evidence import EvidenceRow
from litwatch.cli import app
from litwatch.db.engine import open_database
from litwatch.errors import LitwatchError
from litwatch.formats.extraction import EXTRACTION_COLUMNS, extraction_row
from litwatch.formats.tabular import neutralise_cell
from litwatch.services.check import cite_sort_key
from litwatch.services.search import SearchFilters, parse_years, search_page
from litwatch.services.verdicts import list_evidence

runner = CliRunner()
ONSET = "onset-within-hours"


@pytest.fixture(scope="module")
def db(module_db_target: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database, built once per backend (conftest.module_db_target); the tests only read it."""
    from litwatch.services.demo import run_demo

    folder = tmp_path_factory.mktemp("demo")
    run_demo(db_path=module_db_target, report_path=folder / "demo.html")
    return module_db_target


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_evidence_lists_counted_records_first_with_every_sentence(db):
    rows = list_evidence(ONSET, engine=open_database(db, create=False))
    assert rows == sorted(rows, key=cite_sort_key)
    flags = [r.counted for r in rows]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags
    assert all(r.why_not_counted is None for r in rows if r.counted)
    assert all(r.why_not_counted for r in rows if not r.counted)
    code, out, _ = run("evidence", ONSET, "--db", db)
    assert code == 0
    block = out[out.index("38714931  2024") :].split("\n\n")[0]
    assert (
        "level 2 rct, n=64" in block
        and "intravenous racemic ketamine; human; studied treatment-resistant depression; "
        "stance: supports; COUNTED"
        in block
    )
    assert "> One hour after the administration of ketamine treatment" in block  # not only the title
    row = next(r for r in rows if r.pmid == "38714931")
    assert block.count("\n  > ") == len(row.evidence) and all(f"  > {s}" in block for s in row.evidence)


def test_evidence_filters_mean_what_a_writer_expects(db):
    code, out, _ = run("evidence", ONSET, "--db", db, "--format", "json", "--level", "2", "--counted")
    data = json.loads(out)
    assert code == 0 and data and all(d["evidence_level"] <= 2 and d["counted"] for d in data)
    assert {1, 2} == {d["evidence_level"] for d in data}  # level 2 means 2 or better
    first = data[0]
    assert set(first) >= {"pmid", "title", "design", "sample_size", "year", "routes", "formulations",
                          "evidence", "stance", "counted", "why_not_counted", "citation",
                          "pubmed_url"}  # fmt: skip
    assert first["citation"].endswith(f"PubMed PMID: {first['pmid']}.")
    code, out, _ = run(
        "evidence", ONSET, "--db", db, "--format", "json", "--limit", "2", "--stance", "supports"
    )
    assert [d["stance"] for d in json.loads(out)] == ["supports", "supports"]
    code, out, _ = run("evidence", ONSET, "--db", db, "--format", "bibtex", "--counted", "--limit", "2")
    assert code == 0 and out.count("@article{") == 2
    code, _, err = run("evidence", ONSET, "--db", db, "--format", "pdf")
    assert code == 2 and err == (
        "litwatch: error: invalid value for '--format' / '-f': 'pdf' is not one of text, json, csv, ris, "
        "bibtex, citation\n"
    )
    code, _, err = run("evidence", ONSET, "--db", db, "--format", "bib", "--design", "RCT")
    assert code == 2 and err.endswith(
        "'bib' is not one of text, json, csv, ris, bibtex, citation; did you mean 'bibtex'?\n"
    )
    code, out, _ = run("evidence", ONSET, "--db", db, "--format", "JSON", "--design", "RCT", "--limit", "1")
    assert code == 0 and [d["design"] for d in json.loads(out)] == ["rct"]


def test_evidence_csv_and_export_claim_are_the_extraction_table(db, tmp_path):
    code, out, _ = run("evidence", ONSET, "--db", db, "--format", "csv")
    table = list(csv.reader(io.StringIO(out)))
    assert code == 0 and tuple(table[0]) == EXTRACTION_COLUMNS
    rows = list_evidence(ONSET, engine=open_database(db, create=False))
    assert [r[0] for r in table[1:]] == [r.pmid for r in rows]
    target = tmp_path / "onset.csv"
    code, _, err = run("export", "--format", "csv", "--claim", ONSET, "--db", db, "-o", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == out
    one = dict(zip(EXTRACTION_COLUMNS, next(r for r in table if r[0] == "38714931"), strict=True))
    assert (one["design"], one["evidence_level"], one["sample_size"], one["counted"]) == (
        "rct",
        "2",
        "64",
        "yes",
    )
    assert one["routes"] == "intravenous" and one["formulations"] == "racemic"
    assert "One hour after the administration" in one["evidence"] and one["citation"].startswith(
        "Zolghadriha A"
    )
    code, _, err = run("export", "--format", "ris", "--claim", ONSET, "--db", db)
    assert code == 1 and err.count("\n") == 1 and "use --format csv" in err


def test_extraction_cells_never_run_as_spreadsheet_formulas():
    row = EvidenceRow(
        pmid="1", title='=HYPERLINK("http://evil.example","click")', year=2020, journal=None, doi=None,
        design="rct", evidence_level=2, population="human", routes=[], formulations=[], sample_size=None,
        stance="supports", evidence=["+cmd|' /C calc'!A0", "@SUM(1+1)"], values=[-3.0], rule="r",
        source="auto",
    )  # fmt: skip
    cells = dict(zip(EXTRACTION_COLUMNS, extraction_row(row, "-2+3"), strict=True))
    assert cells["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert cells["evidence"] == "'+cmd|' /C calc'!A0 | @SUM(1+1)"
    assert cells["citation"] == "'-2+3" and cells["values"] == "'-3"
    assert [neutralise_cell(x) for x in ("\tx", "\rx", "ok", "")] == ["'\tx", "'\rx", "ok", ""]


def test_cite_prints_numbered_references_and_explains_missing_ones(db):
    code, out, _ = run("cite", "38714931", "38636712", "--db", db, "--style", "apa")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(
        "1. Zolghadriha, A., Anjomshoaa, A., Jamshidi, M. R., & Taherkhani, F. (2024)."
    )
    assert lines[1].startswith("2. Calder, C. N.")
    code, _, err = run("cite", "38714931", "1", "--db", db)
    assert code == 1 and err.endswith(": 1; fetch them with `litwatch add 1`\n") and err.count("\n") == 1
    code, _, err = run("cite", "38714931", "--style", "harvard", "--db", db)
    assert code == 2 and err == (
        "litwatch: error: invalid value for '--style': 'harvard' is not one of vancouver, ama, apa\n"
    )
    code, _, err = run("cite", "PMC123", "--db", db)
    assert code == 1 and "'PMC123' is not a PMID" in err


def test_search_counts_all_matches_and_highlights_a_snippet(db):
    engine = open_database(db, create=False)
    page = search_page("one hour", engine=engine, limit=3)
    assert page.total > 3 and len(page.hits) == 3
    hit = next(h for h in search_page("notable and significant", engine=engine, limit=50).hits
               if h.pmid == "38714931")  # fmt: skip
    # PostgreSQL's english configuration drops stop words such as "and" from the query
    words = {"sqlite": ["notable", "and", "significant"], "postgresql": ["notable", "significant"]}
    assert [hit.snippet[a:b].lower() for a, b in hit.highlights] == words[engine.dialect.name]
    assert hit.design == "rct" and "\ue000" not in hit.snippet
    rcts = search_page("ketamine", engine=engine, limit=500, filters=SearchFilters(design="rct"))
    assert rcts.total == len(rcts.hits) > 0 and all(h.design == "rct" for h in rcts.hits)
    recent = search_page("ketamine", engine=engine, limit=500, filters=SearchFilters(year_from=2025))
    assert recent.total and all(h.year >= 2025 for h in recent.hits)
    counted = {r.pmid for r in list_evidence(ONSET, engine=engine, counted=True)}
    by_claim = search_page(
        "ketamine", engine=engine, limit=500, filters=SearchFilters(claim=ONSET, counted=True)
    )
    assert by_claim.total and {h.pmid for h in by_claim.hits} <= counted
    with pytest.raises(LitwatchError, match="need --claim"):
        search_page("ketamine", engine=engine, filters=SearchFilters(counted=True))
    with pytest.raises(LitwatchError, match="unknown design 'trial'"):
        search_page("ketamine", engine=engine, filters=SearchFilters(design="trial"))


def test_search_cli_shows_the_total_and_one_line_errors(db):
    code, out, _ = run("search", "one hour", "--db", db, "--design", "rct", "--year", "2024", "--limit", "2")
    assert code == 0 and out.splitlines()[0].endswith("records match; showing 2")
    assert "38714931  2024  rct  Rapid and sustained" in out
    code, _, err = run("search", "x", "--db", db, "--year", "2025-2020")
    assert code == 1 and err.startswith("litwatch: error: --year '2025-2020': give YEAR or FROM-TO")


def test_parse_years():
    assert [parse_years(t) for t in ("2023", "2020-2024", "2020-", "-2019")] == [
        (2023, 2023), (2020, 2024), (2020, None), (None, 2019)
    ]  # fmt: skip
    for bad in ("", "abc", "20x-", "-"):
        with pytest.raises(LitwatchError, match="give YEAR or FROM-TO"):
            parse_years(bad)


def test_every_view_names_the_condition_an_off_indication_trial_studied(db, tmp_path: Path):
    """A paediatric premedication trial (real record 38095481) bears on the dose claim; each view of
    the evidence says it studied surgery / anaesthesia, not depression."""
    dose, pmid = "dose-0-5-mg-kg", "38095481"
    code, out, _ = run("evidence", dose, "--db", db)
    block = out[out.index(f"{pmid}  2023") :].split("\n\n")[0]
    assert (
        code == 0
        and "intranasal racemic ketamine; human; studied surgery / anaesthesia; stance: contradicts" in block
    )
    code, out, _ = run("evidence", dose, "--db", db, "--format", "csv")
    one = dict(
        zip(EXTRACTION_COLUMNS, next(r for r in csv.reader(io.StringIO(out)) if r[0] == pmid), strict=True)
    )
    assert code == 0 and (one["population"], one["indication"]) == ("human", "surgery / anaesthesia")
    code, out, _ = run("show", pmid, "--db", db)
    assert code == 0 and "intranasal racemic ketamine, n=64, studied surgery / anaesthesia\n" in out
    md, html, js = tmp_path / "r.md", tmp_path / "r.html", tmp_path / "r.json"
    for target in (md, html, js):
        assert run("check", "--db", db, "-o", str(target), "--all-rows")[0] == 0
    line = next(x for x in md.read_text(encoding="utf-8").splitlines() if f"[{pmid}](" in x and "mg kg" in x)
    assert "| human | surgery / anaesthesia | intranasal, racemic |" in line
    assert "Condition studied" in md.read_text(encoding="utf-8")
    assert "n = 64 · studied surgery / anaesthesia" in html.read_text(encoding="utf-8")
    claims = json.loads(js.read_text(encoding="utf-8"))["claims"]
    row = next(r for c in claims if c["claim_id"] == dose for r in c["rows"] if r["pmid"] == pmid)
    assert row["indication"] == "surgery / anaesthesia"


def test_check_md_lists_counted_rows_unless_all_rows(db, tmp_path: Path):
    short, full = tmp_path / "r.md", tmp_path / "all.md"
    assert run("check", "--db", db, "-o", str(short))[0] == 0
    assert run("check", "--db", db, "-o", str(full), "--all-rows")[0] == 0
    md, everything = short.read_text(encoding="utf-8"), full.read_text(encoding="utf-8")
    table = [line for line in md.splitlines() if line.startswith("| ")]  # the evidence tables
    assert "| **in verdict** |" in md and not any("not counted: " in line for line in table)
    assert "not counted: " in everything and len(everything) > 2 * len(md)
    assert "What to cite (top counted records):" in md


def test_show_says_why_a_record_is_tagged(db):
    code, out, _ = run("show", "38714931", "--db", db)
    assert code == 0
    why = out[out.index("Tagged as: ") :]
    assert why.startswith(
        "Tagged as: rct (evidence level 2), human, intravenous racemic ketamine, n=64, "
        "studied treatment-resistant depression\n"
    )
    assert "Claims (ketamine-depression) this record bears on, and why:\n  reduces-depression: " in why
    onset = why[why.index("  onset-within-hours: ") :].split("\n  ", 2)
    assert onset[0].startswith("  onset-within-hours: supports; counted; rule: ")
    assert "One hour after the administration" in why[why.index("  onset-within-hours: ") :]


def test_citation_format_wherever_records_are_listed(db, tmp_path: Path):
    code, out, _ = run(
        "search", "one hour", "--db", db, "--design", "rct", "--limit", "2", "--format", "citation"
    )
    assert code == 0 and [line[:3] for line in out.splitlines()] == ["1. ", "2. "]
    pmids = tmp_path / "pmids.txt"
    pmids.write_text("38714931\n38636712\n", encoding="utf-8")
    code, out, _ = run("export", "--format", "citation", "--pmids", str(pmids), "--style", "ama", "--db", db)
    assert code == 0 and out.splitlines() == [
        "1. " + line[3:] for line in run("cite", "38714931", "--style", "ama", "--db", db)[1].splitlines()
    ] + ["2. " + run("cite", "38636712", "--style", "ama", "--db", db)[1][3:].rstrip("\n")]
    code, _, err = run("search", "x", "--db", db, "--format", "docx")
    assert code == 2 and err == (
        "litwatch: error: invalid value for '--format' / '-f': 'docx' is not one of text, citation\n"
    )


def test_an_insufficient_verdict_says_what_is_missing_in_plain_words(db):
    # the demo's faster-than-antidepressants: 2 of 3 counting records took a direction
    code, out, _ = run("claims", "--db", db)
    claim_lines = out[out.index("faster-than-antidepressants: ") :].split("\n", 3)
    assert claim_lines[1].strip().startswith('article: "')  # the article's sentence, then the reason
    reason = " ".join(claim_lines[2].split())
    assert (
        code == 0
        and "Missing: at least 1 more such study that reports a clear finding (for or against)" in reason
    )
