"""`litwatch add PMID|DOI...` against the loopback fake E-utilities: fetch, store, tag, idempotent.

Database tests run on both backends (conftest.db_target)."""

from __future__ import annotations

import re

import pytest
from fake_eutils import make_client
from sqlalchemy import select
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.errors import LitwatchError
from litwatch.services.add import add_records, parse_identifiers

runner = CliRunner()


def record_doi(xml: bytes) -> str:
    """The record's own DOI: the one in PubmedData's ArticleIdList (not in its reference list)."""
    data = xml[xml.index(b"<PubmedData>") :]
    match = re.search(rb'<ArticleId IdType="doi">([^<]+)</ArticleId>', data)
    assert match
    return match.group(1).decode()


@pytest.fixture
def fake(make_fake_eutils):
    return make_fake_eutils(6)


def stored(engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return [
            tuple(r)
            for r in session.execute(select(m.Article.pmid, m.Article.content_hash).order_by(m.Article.pmid))
        ]


def test_parse_identifiers_accepts_pmids_and_doi_forms_and_refuses_the_rest():
    assert parse_identifiers(
        ["38011560", "PMID: 0042", "https://doi.org/10.1186/S1", "doi:10.1000/x", "38011560"]
    ) == [
        ("pmid", "38011560"),
        ("pmid", "42"),
        ("doi", "10.1186/S1"),
        ("doi", "10.1000/x"),
    ]
    with pytest.raises(LitwatchError, match=r"'abc' is neither a PMID nor a DOI"):
        parse_identifiers(["abc"])
    with pytest.raises(LitwatchError, match="give at least one"):
        parse_identifiers([])


def test_add_by_pmid_and_doi_stores_tags_and_is_idempotent(db_target, fake):
    engine = open_database(db_target)
    by_pmid, by_doi = sorted(fake.records)[:2]
    doi = record_doi(fake.records[by_doi].xml)
    with make_client(fake) as client:
        first = add_records([by_pmid, doi.upper()], engine=engine, client=client)
    assert (first.pmids, first.new, first.updated, first.unchanged) == ([by_pmid, by_doi], 2, 0, 0)
    assert first.resolved == {doi.upper(): [by_doi]} and first.not_found == []
    assert first.tagged == 2
    before = stored(engine)
    assert sorted(p for p, _ in before) == sorted([by_pmid, by_doi])
    with session_scope(engine) as session:
        assert sorted(session.scalars(select(m.RecordTag.pmid))) == sorted([by_pmid, by_doi])
    searches = fake.requests_to("esearch")
    assert [r.params["term"] for r in searches] == [f'"{doi.upper()}"[doi]']
    assert all(r.params["tool"] == "litwatch" and r.params["email"] for r in fake.log)
    with make_client(fake) as client:
        again = add_records([by_pmid, doi], engine=engine, client=client)
    assert (again.new, again.updated, again.unchanged, again.tagged) == (0, 0, 2, 0)
    assert stored(engine) == before


def test_add_reports_unknown_ids_and_keeps_the_others(db_target, fake):
    engine = open_database(db_target)
    known = sorted(fake.records)[0]
    with make_client(fake) as client:
        s = add_records([known, "99999999", "10.9999/not-in-pubmed"], engine=engine, client=client)
    assert s.pmids == [known] and s.not_found == ["10.9999/not-in-pubmed", "99999999"]
    assert [p for p, _ in stored(engine)] == [known]


def test_cli_add_one_line_errors_and_summary(db_target, fake, monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    env = {"LITWATCH_EUTILS_URL": fake.url, "NCBI_EMAIL": "me@example.org"}
    db = db_target
    pmid = sorted(fake.records)[2]
    ok = runner.invoke(app, ["add", pmid, "--db", db], env=env)
    assert ok.exit_code == 0, ok.output
    assert ok.output == "added 1 record (1 new, 0 updated, 0 unchanged), tagged 1\n"
    cited = runner.invoke(app, ["cite", pmid, "--db", db])
    assert cited.exit_code == 0 and cited.output.startswith("1. ")
    bad = runner.invoke(app, ["add", "not-an-id", "--db", db], env=env)
    assert bad.exit_code == 1 and bad.output.count("\n") == 1
    assert "'not-an-id' is neither a PMID nor a DOI" in bad.output
    missing = runner.invoke(app, ["add", "99999999", "--db", db], env=env)
    assert missing.exit_code == 1
    assert missing.output.endswith(
        "litwatch: error: PubMed has no record for 99999999; the others were stored\n"
    )
