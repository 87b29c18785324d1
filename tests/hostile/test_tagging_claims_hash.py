"""Issue 8, item 4: staleness keys on the claims file's content, per record, written with the tags.

An interrupted `tag` run of an edited claims file with the same name must not leave its links
behind when the original file is run again. On both backends (conftest.db_target): the upgrade test
also runs the migrations down and up again on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

import litwatch.services.tagwrite as tagwrite
from litwatch.claims.claimset import load_claims
from litwatch.db import models as m
from litwatch.db.engine import MIGRATIONS, open_database, session_scope
from litwatch.db.store import upsert_records
from litwatch.record import Record, Section
from litwatch.services.tagging import claim_set_fingerprint, select_stale_pmids, tag_stale_records

ORIGINAL = """
name = "leaflet"
title = "Ketamine leaflet"
source = "tests"

[terms]
ketamine = ['\\bketamine\\b']
depression = ['\\bdepress\\w*']

[[claims]]
id = "works"
statement = "Ketamine relieves depression."
article_quote = "it works"
  [[claims.match]]
  name = "both"
  all = ["ketamine", "depression"]
"""
EDITED = (
    ORIGINAL
    + """
[[claims]]
id = "edited-only"
statement = "A claim only the edited file has."
article_quote = "edited"
  [[claims.match]]
  name = "ketamine"
  all = ["ketamine"]
"""
)
PMIDS = [str(200 + i) for i in range(30)]


def record(pmid: str) -> Record:
    text = f"Ketamine improved depression in trial {pmid}. Symptoms fell within a day."
    return Record(pmid=pmid, title=f"Ketamine for depression {pmid}", sections=[Section(None, None, text)])


@pytest.fixture
def engine(db_target: str):  # noqa: ANN201
    engine = open_database(db_target)
    with session_scope(engine) as session:
        upsert_records([record(p) for p in PMIDS], session=session)
    yield engine
    engine.dispose()


def links(engine) -> dict[str, set[str]]:  # noqa: ANN001
    with session_scope(engine) as session:
        rows = session.execute(
            select(m.ClaimTag.claim_id, m.ClaimTag.pmid).where(m.ClaimTag.claim_set == "leaflet")
        )
        out: dict[str, set[str]] = {}
        for claim_id, pmid in rows:
            out.setdefault(claim_id, set()).add(pmid)
        return out


def interrupt_after(monkeypatch, batches: int) -> None:  # noqa: ANN001
    real, calls = tagwrite._write_tags, []

    def write(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if len(calls) == batches:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tagwrite, "_write_tags", write)


def test_interrupted_edited_run_is_undone_by_the_original(engine, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    original, edited = tmp_path / "original.toml", tmp_path / "edited.toml"
    original.write_text(ORIGINAL, encoding="utf-8")
    edited.write_text(EDITED, encoding="utf-8")
    assert tag_stale_records(engine=engine, claims_path=original).tagged == 30
    assert links(engine) == {"works": set(PMIDS)}

    interrupt_after(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        tag_stale_records(engine=engine, claims_path=edited, batch_size=10)
    monkeypatch.undo()
    assert links(engine) == {"works": set(PMIDS), "edited-only": set(PMIDS[:10])}  # the edited file's links

    again = tag_stale_records(engine=engine, claims_path=original)
    assert (again.tagged, again.skipped) == (10, 20)  # exactly the records the edited run reached
    assert links(engine) == {"works": set(PMIDS)}
    assert tag_stale_records(engine=engine, claims_path=original).tagged == 0
    with session_scope(engine) as session:
        hashes = set(session.scalars(select(m.ClaimSetState.claims_hash)))
    assert hashes == {claim_set_fingerprint(load_claims(original))}


def test_a_record_revised_during_a_run_is_stale_by_its_content(engine, tmp_path: Path) -> None:  # noqa: ANN001
    original = tmp_path / "original.toml"
    original.write_text(ORIGINAL, encoding="utf-8")
    tag_stale_records(engine=engine, claims_path=original)
    revised = record(PMIDS[0])
    revised.title = "Revised: ketamine for depression"
    with session_scope(engine) as session:
        upsert_records([revised], session=session)
    claim_set = load_claims(original)
    with session_scope(engine) as session:
        stale, total = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=claim_set_fingerprint(claim_set)
        )
    assert (stale, total) == ([PMIDS[0]], 30)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine, revision: str, *, down: bool = False) -> None:  # noqa: ANN001
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.mark.parametrize(("interrupted", "stale_after_upgrade"), [(False, 0), (True, 30)])
def test_upgrade_backfills_from_the_last_clean_run_only(
    engine,
    tmp_path: Path,
    monkeypatch,
    interrupted: bool,
    stale_after_upgrade: int,  # noqa: ANN001
) -> None:
    original, edited = tmp_path / "original.toml", tmp_path / "edited.toml"
    original.write_text(ORIGINAL, encoding="utf-8")
    edited.write_text(EDITED, encoding="utf-8")
    tag_stale_records(engine=engine, claims_path=original)
    if interrupted:
        interrupt_after(monkeypatch, 1)
        with pytest.raises(KeyboardInterrupt):
            tag_stale_records(engine=engine, claims_path=edited, batch_size=10)
        monkeypatch.undo()
    migrate(engine, "0003", down=True)  # a database written before revision 0004
    migrate(engine, "head")
    claim_set = load_claims(original)
    with session_scope(engine) as session:
        stale, _ = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=claim_set_fingerprint(claim_set)
        )
    assert len(stale) == stale_after_upgrade
