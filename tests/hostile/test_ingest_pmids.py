"""Issue 8, item 15: one canonical PMID wherever it enters (XML, MEDLINE, --pmids, show, review)."""

# SQLite only: PMID parsing is under test; the database is incidental.

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.claims.claimset import load_claims
from litwatch.cli import app
from litwatch.pubmed.medline import iter_medline
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import Record, Skipped, canonical_pmid

from .ingest_inputs import article_xml, medline_record, stored, write_xml

runner = CliRunner()
ARABIC_INDIC = "\u0663\u0668\u0660\u0661\u0661\u0665\u0666\u0660"  # 38011560 in Arabic-Indic digits
FULLWIDTH = "\uff13\uff18"  # "38"
SUPERSCRIPT = "\u00b3\u2078"  # "³⁸": str.isdigit() says True


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38011560", "38011560"),
        ("0038011560", "38011560"),
        (" 38011560\n", "38011560"),
        ("0", None),
        ("000", None),
        ("", None),
        ("-5", None),
        ("+5", None),
        ("3.8", None),
        ("1e5", None),
        (ARABIC_INDIC, None),
        (FULLWIDTH, None),
        (SUPERSCRIPT, None),
        ("12345678901", None),  # more digits than a PMID can have
        ("9" * 5000, None),  # int() of this would raise, not refuse
    ],
)
def test_canonical_pmid(text, expected):
    assert canonical_pmid(text) == expected


def test_leading_zeros_update_the_same_record(tmp_path):
    db = tmp_path / "k.db"
    first = write_xml(tmp_path / "a.xml", [article_xml("38011560", title="First")])
    second = write_xml(tmp_path / "b.xml", [article_xml("0038011560", title="Second")])
    assert cli("ingest", str(first), "--db", str(db), "--no-tag").exit_code == 0
    result = cli("ingest", str(second), "--db", str(db), "--no-tag")
    assert "0 new, 1 updated" in result.output
    assert stored(db, "SELECT pmid, title FROM articles") == [("38011560", "Second")]


@pytest.mark.parametrize("pmid", [ARABIC_INDIC, FULLWIDTH, SUPERSCRIPT])
def test_xml_pmid_of_other_digits_is_skipped(pmid):
    xml = f"<PubmedArticleSet>{article_xml(pmid)}{article_xml('7')}</PubmedArticleSet>"
    items = list(iter_pubmed_xml(io.BytesIO(xml.encode())))
    assert items[0] == Skipped(pmid, f"PubmedArticle has a PMID that is not a number: {pmid!r}")
    assert isinstance(items[1], Record) and items[1].pmid == "7"


def test_xml_links_and_deletions_use_canonical_pmids():
    extra = (
        '<CommentsCorrectionsList><CommentsCorrections RefType="CommentIn"><RefSource>X</RefSource>'
        '<PMID>0012345</PMID></CommentsCorrections><CommentsCorrections RefType="ErratumIn">'
        f"<RefSource>Y</RefSource><PMID>{ARABIC_INDIC}</PMID></CommentsCorrections>"
        "</CommentsCorrectionsList>"
    )
    xml = (
        f"<PubmedArticleSet>{article_xml('1', extra=extra)}<DeleteCitation><PMID>0009</PMID>"
        f"<PMID>{FULLWIDTH}</PMID></DeleteCitation></PubmedArticleSet>"
    )
    record, skipped, deletion = iter_pubmed_xml(io.BytesIO(xml.encode()))
    assert [(c.pmid, c.source) for c in record.comments_corrections] == [("12345", "X"), (None, "Y")]
    assert skipped == Skipped(FULLWIDTH, "DeleteCitation lists a PMID that is not a number")
    assert deletion.pmids == ["9"]


def test_medline_pmid_without_a_space_after_the_dash():
    text = medline_record("PMID-99999999") + "\n" + medline_record("PMID- 0038011560")
    first, second = iter_medline(io.StringIO(text))
    assert (first.pmid, first.title, first.abstract) == ("99999999", "A title", "An abstract.")
    assert second.pmid == "38011560"


def test_medline_pmid_of_other_digits_is_skipped_with_its_line():
    text = medline_record("PMID- 1") + "\n" + medline_record(f"PMID- {ARABIC_INDIC}")
    text += f"CIN - Lancet. 2020. PMID: {ARABIC_INDIC}\n"
    first, second = iter_medline(io.StringIO(text))
    assert first.pmid == "1"
    assert second == Skipped(
        ARABIC_INDIC, f"MEDLINE record at line 5: PMID {ARABIC_INDIC!r} is not a number of ASCII digits"
    )


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "k.db"
    source = write_xml(tmp_path / "one.xml", [article_xml("38011560", title="Stored")])
    assert cli("ingest", str(source), "--db", str(path)).exit_code == 0
    return path


def test_show_export_and_review_take_canonical_pmids(db, tmp_path):
    shown = cli("show", "0038011560", "--db", str(db), "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["pmid"] == "38011560"
    pmids = tmp_path / "pmids.txt"
    pmids.write_text("0038011560\n38011560\n")
    exported = cli("export", "--format", "jsonl", "--pmids", str(pmids), "--db", str(db))
    assert [json.loads(line)["pmid"] for line in exported.output.splitlines()] == ["38011560"]
    claim = load_claims(None).claims[0].id
    reviewed = cli("review", "0038011560", claim, "--reject", "--db", str(db))
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.output.startswith(f"38011560 / {claim}: rejected")
    assert stored(db, "SELECT pmid, claim_id FROM reviews") == [("38011560", claim)]


@pytest.mark.parametrize("pmid", [ARABIC_INDIC, FULLWIDTH, SUPERSCRIPT, "9" * 5000])
def test_show_review_and_pmids_files_refuse_other_digits(db, tmp_path, pmid):
    for args in (["show", pmid], ["review", pmid, load_claims(None).claims[0].id, "--reject"]):
        result = cli(*args, "--db", str(db))
        assert result.exit_code == 1
        assert result.output.strip() == (
            f"litwatch: error: {pmid[:40]!r} is not a PMID: a PMID is digits only, e.g. 38011560"
        )
    pmids = tmp_path / "pmids.txt"
    pmids.write_text(f"38011560\n{pmid}\n")
    result = cli("export", "--pmids", str(pmids), "--db", str(db))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"litwatch: error: --pmids {pmids}, line 2: {pmid[:40]!r} is not a PMID "
        "(one number per line; '#' starts a comment)"
    )
    assert stored(db, "SELECT count(*) FROM reviews") == [(0,)]
