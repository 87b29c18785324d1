"""`litwatch changes` end to end against the loopback fake E-utilities, on real snapshot records.

The script: sync a query, check, then PubMed changes under us (new supporting and contradicting
records, a revised record, a record dropped from the query, a retraction notice for a counted
record); sync again; `changes --format json` must name every one of them, exactly, with the
verdict move and its reason, and exit 3; after a check it lists nothing and exits 0.

Every test runs on both backends (conftest.db_target / module_db_target).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fake_eutils import FakeEutils, FakeRecord, load_snapshot_elements, reissue
from sqlalchemy import text
from typer.testing import CliRunner

from litwatch.cli import app

runner = CliRunner()
CLAIM = "suicidal-thoughts"
TODAY = date.today()
# A real retraction notice link (tests/fixtures/pubmed21n1298_edge_cases.xml), moved onto a counted record.
NOTICE = {"ref_type": "RetractionIn", "ref_pmid": "34093767", "ref_source": "Oncol Lett. 2021 Jul;22(1):545"}


def run_cli(*args: str, env: dict[str, str]) -> Any:
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def snapshot_server() -> Any:
    """The 362 real records of the bundled snapshot, created a year ago, served by the fake."""
    elements = load_snapshot_elements()
    records = [
        FakeRecord(p, reissue(e, p), TODAY - timedelta(days=400), TODAY - timedelta(days=300))
        for p, e in elements.items()
    ]
    server = FakeEutils(records, enforce_rate=False).start()
    server.elements = elements  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def env(snapshot_server: FakeEutils, db_target: str) -> dict[str, str]:
    return {
        "LITWATCH_EUTILS_URL": snapshot_server.url,
        "NCBI_EMAIL": "tests@example.org",
        "NCBI_API_KEY": "",
        "LITWATCH_DB": db_target,
    }


@pytest.fixture(scope="module")
def demo_template(module_db_target: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database, built once per backend; each test changes its own copy (`demo_db`)."""
    from litwatch.services.demo import run_demo

    run_demo(db_path=module_db_target, report_path=tmp_path_factory.mktemp("demo") / "r.html")
    return module_db_target


@pytest.fixture
def demo_db(demo_template: str, clone_db) -> str:  # noqa: ANN001
    return clone_db(demo_template)


def check_json(tmp_path: Path, env: dict[str, str], *, record: bool = True) -> dict[str, Any]:
    """The report as JSON; with record=False it is built without storing a check snapshot."""
    if not record:
        from litwatch.db.engine import open_database
        from litwatch.report.jsonout import report_to_json_dict
        from litwatch.services.check import build_report

        return report_to_json_dict(build_report(engine=open_database(env["LITWATCH_DB"]), db_label="k"))
    out = tmp_path / "check.json"
    result = run_cli("check", "--format", "json", "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def changes_json(env: dict[str, str], *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("changes", "--format", "json", *extra, env=env)
    assert result.exit_code in (0, 3), result.output
    return result.exit_code, json.loads(result.stdout)


def test_changes_names_every_change_and_the_verdict_move(tmp_path, snapshot_server, env):
    fake = snapshot_server
    assert run_cli("sync", env=env).exit_code == 0
    first_report = check_json(tmp_path, env)
    assert first_report["since_last_check"] is None  # nothing seen before: no "Since the last check"
    first_check = first_report["claims"]
    claim = next(c for c in first_check if c["claim_id"] == CLAIM)
    assert claim["verdict"]["label"] == "supported"
    counted = set(claim["verdict"]["pmids"])
    stance = {r["pmid"]: r["stance"] for r in claim["rows"]}
    supports = sorted((p for p in counted if stance[p] == "supports"), key=int)
    contradicts = sorted((p for p in counted if stance[p] == "contradicts"), key=int)
    assert len(supports) >= 4 and contradicts, "the snapshot no longer has the records this test needs"
    revised, dropped, retracted, template = supports[:4]

    # PubMed changes: one new supporting record, twice as many new contradicting ones (copies of
    # the best contradicting study) as there are supporting ones, which moves the verdict off
    # "supported" under any weighting, a revision, a record that no longer matches the query and
    # a retraction notice on a counted record.
    level = {r["pmid"]: r["evidence_level"] for r in claim["rows"]}
    best_contra = min(contradicts, key=lambda p: (level[p], int(p)))
    need = 2 * len(supports)
    first = 90_000_001
    new_support = fake.add_element(fake.elements[template], pmid=str(first), crdt=TODAY)
    new_contra = [
        fake.add_element(fake.elements[best_contra], pmid=str(first + 1 + i), crdt=TODAY) for i in range(need)
    ]
    fake.revise(revised, mdat=TODAY)
    fake.excluded.add(dropped)
    fake.add_notice(retracted, mdat=TODAY, **NOTICE)

    digest = tmp_path / "digest.md"
    synced = run_cli("sync", "--full", "--digest", str(digest), env=env)
    assert synced.exit_code == 0, synced.output
    assert "1 record no longer matches the query (kept, not counted): " + dropped in synced.output

    code, data = changes_json(env)
    assert code == 3
    assert data["verdicts_moved"] >= 1 and data["since_kind"] == "check" and not data["claims_changed"]
    [focus] = [c for c in data["claims"] if c["claim_id"] == CLAIM]
    # The verdict after is exactly what the report now says (verdict and reason).
    now = next(c for c in check_json(tmp_path, env, record=False)["claims"] if c["claim_id"] == CLAIM)
    assert (focus["verdict_after"], focus["reason_after"]) == (
        now["verdict"]["label"],
        now["verdict"]["reason"],
    )
    assert (focus["verdict_before"], focus["moved"]) == ("supported", True)
    assert focus["verdict_after"] in ("partly supported", "contradicted")
    assert [(r["pmid"], r["stance"], r["counts"], r["why"]) for r in focus["new_records"]] == [
        (new_support, "supports", True, "new record"),
        *((p, "contradicts", True, "new record") for p in new_contra),
    ]
    assert focus["left_records"] == sorted(
        [
            {"pmid": dropped, "stance_before": "supports", "why": "dropped out of the query"},
            {"pmid": retracted, "stance_before": "supports", "why": "retracted"},
        ],
        key=lambda r: int(r["pmid"]),
    )
    assert focus["changed_records"] == [
        {"pmid": revised, "stance_before": "supports", "stance_after": "supports", "why": "record revised"}
    ]
    assert focus["notices"] == [{"pmid": retracted, "type": "RetractionIn", "notice_pmid": "34093767"}]
    assert focus["reason_before"] == claim["verdict"]["reason"]
    assert focus["why_moved"].startswith(
        f"supported → {focus['verdict_after']}: {1 + len(new_contra)} new counting records "
        f"(1 supports, {len(new_contra)} contradicts), 2 records left (dropped out of the query; retracted)"
    )
    assert focus["why_moved"].endswith(focus["reason_after"])

    # Every claim names only these records, each in its own place; together they name all of them.
    new = {new_support, *new_contra}
    named: set[str] = set()
    for c in data["claims"]:
        assert {r["pmid"] for r in c["new_records"]} <= new
        assert all(r["why"] in ("dropped out of the query", "retracted") for r in c["left_records"])
        assert {r["pmid"] for r in c["left_records"]} <= {dropped, retracted}
        assert {r["pmid"] for r in c["changed_records"]} <= {revised}
        assert {(n["pmid"], n["type"]) for n in c["notices"]} <= {(retracted, "RetractionIn")}
        named |= {r["pmid"] for key in ("new_records", "left_records", "changed_records") for r in c[key]}
    assert named == new | {revised, dropped, retracted}

    # The digest of that sync says the same, ready to send.
    text = digest.read_text()
    assert f"## {CLAIM}: supported → **{focus['verdict_after']}**" in text
    for pmid in (*new, revised, dropped, retracted):
        assert f"[{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)" in text

    # `changes` moves no mark: asked again, it answers the same (but for the time it was asked).
    again_code, again = changes_json(env)
    assert (again_code, {**again, "until": None}) == (code, {**data, "until": None})

    # After a check, nothing changed since the last check.
    report = tmp_path / "report.html"
    checked = run_cli("check", "-o", str(report), env=env)
    assert checked.exit_code == 0 and "since the last check:" in checked.output
    assert "Since the last check" in report.read_text()
    code, data = changes_json(env)
    assert (code, data["claims"], data["verdicts_moved"], data["since_kind"]) == (0, [], 0, "check")
    listed = run_cli("changes", env=env)
    assert listed.exit_code == 0 and listed.stdout.startswith("No changes since the check of ")

    # A new animal study: listed, it counts for no claim, no verdict moves, so the exit code is 0.
    weak, bears = min(
        (r["pmid"], c["claim_id"]) for c in first_check for r in c["rows"] if r["population"] == "animal"
    )
    extra = fake.add_element(fake.elements[weak], pmid=str(first + 100), crdt=TODAY)
    assert run_cli("sync", env=env).exit_code == 0
    code, data = changes_json(env)
    assert code == 0 and data["verdicts_moved"] == 0
    for c in data["claims"]:
        assert [(r["pmid"], r["counts"]) for r in c["new_records"]] == [(extra, False)]
        assert c["left_records"] == c["changed_records"] == c["notices"] == []
    assert bears in {c["claim_id"] for c in data["claims"]}


def test_changes_mark_since_and_errors(tmp_path, snapshot_server, env):
    assert run_cli("sync", env=env).exit_code == 0
    never = run_cli("changes", env=env)
    assert never.exit_code == 1 and "no `litwatch check` of claims 'ketamine-depression' yet" in never.output
    marked = run_cli("changes", "--mark", "--since", "1", env=env)  # the sync stored snapshot 1
    assert marked.exit_code == 0 and "marked the current state as seen (snapshot 2)" in marked.output
    assert changes_json(env)[1]["since_snapshot"] == 2
    assert changes_json(env, "--since", TODAY.isoformat())[1]["since_snapshot"] == 2
    assert run_cli("sync", env=env).exit_code == 0  # nothing changed: no snapshot stored
    listed = run_cli("changes", "--list", env=env)
    assert [line.split()[-1] for line in listed.stdout.splitlines()] == ["mark", "sync"]
    for since, message in (
        ("99", "no snapshot 99 for claims 'ketamine-depression'"),
        ("2001-01-01", "no snapshot of claims 'ketamine-depression' on or before 2001-01-01: the first is"),
        ("yesterday", "--since 'yesterday' is not 'last', a snapshot id or a date"),
    ):
        bad = run_cli("changes", "--since", since, env=env)
        assert bad.exit_code == 1 and bad.output.count("\n") == 1 and message in bad.output
    page = tmp_path / "changes.html"
    html = run_cli("changes", "--since", "1", "--format", "html", "-o", str(page), env=env)
    assert html.exit_code == 0 and f"changes written to {page}" in html.output
    assert '<h2 id="since-h">Since the last check</h2><p>No changes since the sync of ' in page.read_text()
    fmt = run_cli("changes", "--format", "pdf", env=env)
    assert fmt.exit_code == 2 and "'pdf' is not one of text, md, html, json" in fmt.output

    # Snapshots are per claims file: another article has its own "last check".
    from importlib import resources

    claims = tmp_path / "leaflet.toml"
    text = (resources.files("litwatch.claims") / "ketamine-depression.toml").read_text(encoding="utf-8")
    claims.write_text(text.replace('name = "ketamine-depression"', 'name = "my-leaflet"'), encoding="utf-8")
    other = run_cli("changes", "--claims", str(claims), env=env)
    assert other.exit_code == 1 and "no `litwatch check` of claims 'my-leaflet' yet" in other.output
    assert run_cli("check", "--claims", str(claims), "-o", str(tmp_path / "l.md"), env=env).exit_code == 0
    code, data = changes_json(env, "--claims", str(claims))
    assert (code, data["claim_set"], data["claims"], data["since_kind"]) == (0, "my-leaflet", [], "check")


def test_lean_verdicts_equal_the_reports(demo_db):
    """`changes` reads verdicts lean (fast); they must be exactly the report's, reviews and all."""
    from litwatch.claims.claimset import load_claims
    from litwatch.db.engine import open_database, session_scope
    from litwatch.services.check import build_report, read_verdicts
    from litwatch.services.tagging import save_review

    engine = open_database(demo_db)
    report = build_report(engine=engine, db_label="demo")
    claim = next(c for c in report.claims if c.verdict.pmids)
    first, second = claim.verdict.pmids[:2]
    save_review(first, claim.claim_id, engine=engine, accept=False, note="not about this")
    save_review(second, claim.claim_id, engine=engine, accept=True, stance="contradicts")
    with session_scope(engine) as session:
        session.execute(
            text("UPDATE articles SET retracted = :yes WHERE pmid = :p"),
            {"yes": True, "p": claim.verdict.pmids[2]},
        )
    report = build_report(engine=engine, db_label="demo")
    with session_scope(engine) as session:
        lean = read_verdicts(load_claims(None), session=session)
    for c in report.claims:
        verdict, rows = lean[c.claim_id]
        assert (verdict.label, verdict.reason, verdict.stats) == (
            c.verdict.label,
            c.verdict.reason,
            c.verdict.stats,
        )
        assert sorted(verdict.pmids) == sorted(c.verdict.pmids)
        assert sorted((r.pmid, r.stance, r.rule, r.retracted) for r in rows) == sorted(
            (r.pmid, r.stance, r.rule, r.retracted) for r in c.rows
        )


def test_suicide_reason_says_which_counted_records_mention_attempts_in_every_view(demo_db, tmp_path):
    """Issue 7: readers of "reduces suicidal thoughts" infer "prevents suicide". On the real demo
    snapshot the reason names the counted records whose findings mention suicide attempts or deaths
    (one rule, one denominator: the counted rows), and claims, evidence, md, html and json agree."""
    import re

    from litwatch.db.engine import open_database
    from litwatch.report.jsonout import report_to_json_dict
    from litwatch.report.render import render_report
    from litwatch.services.check import build_report

    report = build_report(engine=open_database(demo_db), db_label="demo")
    claim = next(c for c in report.claims if c.claim_id == CLAIM)
    reason = claim.verdict.reason
    counted = [r for r in claim.rows if r.counted]
    mentioning = sorted(r.pmid for r in counted if r.unstated_mentions)
    found = re.search(
        r"(\d+) of (\d+) counted records? mentions? suicide attempts or deaths in (?:its|their) title, "
        r"results or conclusions \(PMID ([\d, ]+)(?:; (\d+) more that do(?:es)? not count: PMID ([\d, ]+))?"
        r"\): a mention is not a finding, so read (?:it|them) before implying fewer suicide attempts or "
        r"deaths; the others are about suicidal thoughts \(ideation scores\)\.",
        reason,
    )
    assert found, reason
    assert (int(found[1]), int(found[2])) == (len(mentioning), len(counted))
    assert sorted(found[3].split(", ")) == mentioning  # up to five are named: the demo has fewer
    not_counted = sorted(
        r.pmid for r in claim.rows if not r.counted and r.unstated_mentions and not r.retracted
    )
    assert sorted((found[5] or "").split(", ")) == not_counted
    # the NIMH follow-up: "not associated with differences in suicide attempts" (a results sentence)
    assert "38653350" in mentioning + not_counted
    # esketamine's records are reported together, whatever the route
    assert re.search(r"Not counted, another route or formulation: (?:.*; )?esketamine \d+ \(", reason)

    def flat(text: str) -> str:
        return " ".join(text.replace("\\", "").split())

    assert flat(reason) in flat(render_report(report, "md"))
    assert flat(reason) in flat(render_report(report, "html"))
    data = report_to_json_dict(report)
    as_json = next(c for c in data["claims"] if c["claim_id"] == CLAIM)
    assert as_json["verdict"]["reason"] == reason
    assert as_json["verdict"]["stats"]["unstated"][0]["counted_pmids"] == found[3].split(", ")
    env = {"LITWATCH_DB": demo_db, "COLUMNS": "1000"}
    for args in (["claims"], ["evidence", CLAIM, "--limit", "1"]):
        result = run_cli(*args, env=env)
        assert result.exit_code == 0 and flat(reason) in flat(result.output), args
    # and `evidence` marks each such row, so the records to read are found in the list
    listed = run_cli("evidence", CLAIM, "--counted", env=env).output
    assert listed.count("; COUNTED; mentions suicide attempts or deaths\n") == len(mentioning)
    shown = run_cli("show", "38653350", env=env).output
    assert re.search(
        r"\n  suicidal-thoughts: [a-z-]+; [^\n]*; mentions suicide attempts or deaths; rule: ", shown
    )


def test_reviews_and_retagging_are_named_as_reasons(demo_db):
    """A reviewer rejects a counted record, flips the stance of another and accepts a record that
    did not count: `changes` names each with its reason, without any sync."""
    from litwatch.db.engine import open_database
    from litwatch.services.changes import prepare_check, read_changes, record_check
    from litwatch.services.tagging import save_review

    engine = open_database(demo_db)
    record_check(prepare_check(engine=engine, db_label="demo"), engine=engine)
    claim = next(
        c for c in prepare_check(engine=engine, db_label="demo").report.claims if c.claim_id == CLAIM
    )
    stance = {r.pmid: r.stance for r in claim.rows}
    counted = sorted((p for p in claim.verdict.pmids if stance[p] == "supports"), key=int)
    human = {r.pmid for r in claim.rows if r.population == "human" and r.evidence_level <= 3}
    idle = sorted((p for p in human if p not in claim.verdict.pmids and stance[p] == "no-direction"), key=int)
    rejected, flipped, joined = counted[0], counted[1], idle[0]
    save_review(rejected, CLAIM, engine=engine, accept=False, note="off topic")
    save_review(flipped, CLAIM, engine=engine, accept=True, stance="contradicts")
    save_review(joined, CLAIM, engine=engine, accept=True, stance="supports")
    result = read_changes(engine=engine)
    [focus] = [c.to_dict() for c in result.changes.claims if c.claim_id == CLAIM]
    assert focus["new_records"] == [] and focus["notices"] == []
    assert focus["left_records"] == [
        {"pmid": rejected, "stance_before": "supports", "why": "rejected in review"}
    ]
    assert sorted(focus["changed_records"], key=lambda r: int(r["pmid"])) == sorted(
        [
            {"pmid": flipped, "stance_before": "supports", "stance_after": "contradicts",
             "why": "stance changed by a review"},
            {"pmid": joined, "stance_before": "no-direction", "stance_after": "supports",
             "why": "now counts (stance changed by a review)"},
        ],
        key=lambda r: int(r["pmid"]),
    )  # fmt: skip
    assert [c.claim_id for c in result.changes.claims] == [CLAIM]  # the reviews touched no other claim
    assert result.marked is None and read_changes(engine=engine).changes.claims  # no mark moved


def test_renderers_escape_titles_and_link_every_pmid():
    from litwatch.report.changes import render_changes

    title = "<script>alert(1)</script> *bold* | pipe"
    record = {"pmid": "1", "stance": "supports", "counts": True, "why": "new record", "design": "rct",
              "evidence_level": 2, "year": 2024, "title": title}  # fmt: skip
    claim = {"claim_id": "c1", "statement": "Works <fast>.", "verdict_before": "supported",
             "verdict_after": "partly supported", "moved": True, "reason_before": "a", "reason_after": "b",
             "why_moved": "supported → partly supported: 1 new counting record (1 supports). b",
             "new_records": [record], "left_records": [{"pmid": "2", "stance_before": "supports",
             "why": "retracted"}], "changed_records": [],
             "notices": [{"pmid": "2", "type": "RetractionIn", "notice_pmid": "3"}]}  # fmt: skip
    data = {"claim_set": "x", "since": "2026-11-01T00:00:00Z", "since_snapshot": 4, "since_kind": "check",
            "until": "2026-11-02T00:00:00Z", "claims_changed": False, "verdicts_moved": 1,
            "claims": [claim]}  # fmt: skip
    html = render_changes(data, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "Works &lt;fast&gt;." in html
    for pmid in ("1", "2", "3"):
        assert f'href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/"' in html
    md = render_changes(data, "md")
    assert "<script>" not in md and "## c1: supported → **partly supported**" in md
    text = render_changes(data, "text")
    assert text.splitlines()[0] == (
        "Since the check of 2026-11-01 00:00:00 UTC (snapshot 4): 1 claim with changes, 1 verdict moved."
    )
    assert "  left: 2 (supports): retracted" in text and "  notice: 2 RetractionIn (PMID 3)" in text
    assert json.loads(render_changes(data, "json")) == data


def test_nothing_changed_shortcut_sees_every_kind_of_change(demo_db):
    """`changes` skips recomputing only when nothing a verdict rests on can have changed."""
    from litwatch.claims.claimset import load_claims
    from litwatch.db import models as m
    from litwatch.db.engine import open_database, session_scope
    from litwatch.db.store import start_run, utcnow
    from litwatch.services.changes import nothing_changed_since, prepare_check, record_check
    from litwatch.services.snapshots import load_snapshot
    from litwatch.services.tagging import save_review

    engine = open_database(demo_db)
    snapshot = record_check(prepare_check(engine=engine, db_label="demo"), engine=engine)
    claims = load_claims(None)

    def unchanged() -> bool:
        with session_scope(engine) as session:
            return nothing_changed_since(load_snapshot(snapshot, session=session), claims, session=session)

    assert unchanged()
    with session_scope(engine) as session:  # a sync that changed nothing
        start_run("sync", "q", session=session, details={"returned": []}).finished_at = utcnow()
    assert unchanged()
    with session_scope(engine) as session:  # a record re-entered its query
        start_run("sync", "q", session=session, details={"returned": ["1"]}).finished_at = utcnow()
    assert not unchanged()
    session_changes = [
        "DELETE FROM runs WHERE kind = 'sync'",
        "UPDATE articles SET updated_at = :now WHERE pmid = (SELECT min(pmid) FROM articles)",
    ]
    for statement in session_changes:
        with session_scope(engine) as session:
            session.execute(text(statement), {"now": utcnow()})
    assert not unchanged()  # a revised record
    with session_scope(engine) as session:
        session.execute(text("UPDATE articles SET updated_at = created_at"))
        assert session.query(m.Article).count() == 362
    assert unchanged()
    with session_scope(engine) as session:  # another claims file content
        other = load_snapshot(snapshot, session=session)
        other.claims_hash = "a different claims file"
        assert not nothing_changed_since(other, claims, session=session)
    save_review("38011560", CLAIM, engine=engine, accept=False)  # a review
    assert not unchanged()
