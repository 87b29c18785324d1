"""No silent wrong reports (check on empty or stale data, demo into your own database, the report
header, status), sync that sees records leave its query, and sync on a dead line failing fast.

Database tests run on both backends (conftest.db_target / make_db_target)."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fake_eutils import FakeEutils, make_client
from snapshot_records import load_snapshot_records
from sqlalchemy import select
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import upsert_records
from litwatch.pubmed.eutils import EutilsClient
from litwatch.pubmed.ratelimit import RateLimiter
from litwatch.pubmed.replies import EutilsError
from litwatch.pubmed.settings import EutilsSettings
from litwatch.services.check import build_report
from litwatch.services.evidencerows import read_left_queries
from litwatch.services.queries import DEFAULT_QUERY_NAME, DEFAULT_QUERY_TERM
from litwatch.services.querysync import SyncProgress
from litwatch.services.sync import sync_query

FIXTURE = Path(__file__).parent / "fixtures" / "pubmed21n1298_edge_cases.xml"
# Real snapshot records: an RCT and an open-label trial of IV ketamine and two more human studies.
PMIDS = ["38011560", "37199914", "39210712", "38266928", "38142892", "38140979"]
runner = CliRunner()


def run_cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fast_limiter() -> RateLimiter:
    return RateLimiter(10_000, period=0.001)


# --- 4. no silent wrong reports -------------------------------------------------------------------


def test_check_on_an_empty_database_stops_with_one_line(tmp_path, db_target):
    db = db_target
    open_database(db).dispose()
    result = run_cli("check", "-o", str(tmp_path / "r.html"), "--db", db)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "the database has no records to check claims against" in result.output
    assert not (tmp_path / "r.html").exists()


def test_check_tags_untagged_and_stale_records_first(tmp_path, db_target):
    db = db_target
    engine = open_database(db)
    with session_scope(engine) as session:
        upsert_records(load_snapshot_records(PMIDS), session=session)
    first = run_cli("check", "--format", "json", "-o", str(tmp_path / "r.json"), "--db", db)
    assert first.exit_code == 0
    assert f"tags were missing or stale: tagged {len(PMIDS)} records first" in first.output
    second = run_cli("check", "--format", "json", "-o", str(tmp_path / "r.json"), "--db", db)
    assert "missing or stale" not in second.output  # up to date now
    revised = load_snapshot_records(PMIDS[:1])[0]
    revised.title += " A revised title"
    with session_scope(engine) as session:
        upsert_records([revised], session=session)
    third = run_cli("check", "--format", "json", "-o", str(tmp_path / "r.json"), "--db", db)
    assert "tags were missing or stale: tagged 1 record first" in third.output


def test_demo_refuses_a_database_with_your_own_records_unless_forced(tmp_path, make_db_target):
    db = make_db_target()
    assert run_cli("ingest", str(FIXTURE), "--no-tag", "--db", db).exit_code == 0
    refused = run_cli("demo", "--db", db, "-o", str(tmp_path / "r.html"))
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "holds" in refused.output and "pass --force" in refused.output
    assert not (tmp_path / "r.html").exists()
    forced = run_cli("demo", "--db", db, "-o", str(tmp_path / "r.html"), "--force")
    assert forced.exit_code == 0 and (tmp_path / "r.html").exists()
    demo_db = make_db_target()
    for _ in range(2):  # a demo database is not "your own records": rerunning works
        assert run_cli("demo", "--db", demo_db, "-o", str(tmp_path / "d.html")).exit_code == 0


def test_report_header_states_queries_years_and_last_sync_not_a_file_path(db_target, fake_eutils):
    engine = open_database(db_target)
    summary = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=make_client(fake_eutils))
    report = build_report(engine=engine, db_label="k.db")
    assert report.article_source == "Patient-facing clinic article"
    [query] = report.queries
    assert (query["name"], query["term"]) == (DEFAULT_QUERY_NAME, DEFAULT_QUERY_TERM)
    assert report.last_sync is not None and report.last_sync.endswith("Z") and summary.run_id == 1
    assert (report.year_min, report.year_max) != (None, None)
    from litwatch.report.html import render_html
    from litwatch.report.markdown import render_markdown

    html, md = render_html(report), render_markdown(report)
    for text in (html, md):
        assert "Saved queries" in text and "Last successful sync" in text and "Publication years" in text
        assert "shared/article" not in text and ".txt" not in text.split("Saved queries")[0]
    assert f"{report.year_min}–{report.year_max}" in html


def test_status_says_for_which_claims_file_records_are_tagged(tmp_path, db_target):
    db = db_target
    assert run_cli("ingest", str(FIXTURE), "--no-tag", "--db", db).exit_code == 0
    untagged = run_cli("status", "--db", db)
    assert "tagged for no claims file yet: run `litwatch tag`" in untagged.output
    claims = tmp_path / "leaflet.toml"
    from importlib import resources

    text = (resources.files("litwatch.claims") / "ketamine-depression.toml").read_text(encoding="utf-8")
    claims.write_text(text.replace('name = "ketamine-depression"', 'name = "my-leaflet"'), encoding="utf-8")
    assert run_cli("tag", "--claims", str(claims), "--db", db).exit_code == 0
    assert run_cli("tag", "--db", db).exit_code == 0
    lines = run_cli("status", "--db", db).output.splitlines()
    built_in = next(line for line in lines if "'ketamine-depression'" in line)
    mine = next(line for line in lines if "'my-leaflet'" in line)
    assert built_in.startswith(
        "tagged for claims file 'ketamine-depression' (built-in ketamine-depression.toml)"
    )
    assert mine.startswith(f"tagged for claims file 'my-leaflet' ({claims})")
    assert "last check never" in mine


# --- 3. sync sees records leave ---------------------------------------------------------------------


def test_sync_marks_records_that_left_the_query_and_they_stop_counting(db_target, fake_eutils):
    engine = open_database(db_target)
    client = make_client(fake_eutils)
    sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client)
    gone = sorted(fake_eutils.records)[5]
    fake_eutils.excluded.add(gone)
    weekly = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client)
    assert (weekly.left, weekly.requests) == ([], 2)  # listed in full only once a week
    checked = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client, membership_every=timedelta(0))
    assert checked.left == [gone] and checked.requests == 3 and checked.changed
    with session_scope(engine) as session:
        assert read_left_queries(session=session) == {gone}
        deleted = session.scalar(select(m.Article.deleted).where(m.Article.pmid == gone))
    assert deleted is False  # kept, never deleted
    assert gone not in {r.pmid for c in build_report(engine=engine, db_label="k").claims for r in c.rows}
    fake_eutils.excluded.discard(gone)
    back = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client, full=True)
    assert (back.left, back.returned) == ([], [gone])
    with session_scope(engine) as session:
        assert read_left_queries(session=session) == set()


# --- 5. a dead line fails fast and says why; transient faults keep their patience -------------------


def test_refused_connection_fails_fast_naming_the_host():
    port = closed_port()
    client = EutilsClient(
        EutilsSettings(base_url=f"http://127.0.0.1:{port}/eutils/", email="t@example.org", backoff=1.0),
        limiter=fast_limiter(),
    )
    started = time.monotonic()
    with pytest.raises(EutilsError) as failure:
        client.esearch("ketamine")
    assert time.monotonic() - started < 10
    assert str(failure.value) == (
        "cannot reach 127.0.0.1: connection refused (2 tries); check the network connection and "
        "LITWATCH_EUTILS_URL"
    )
    assert (client.stats.requests, client.stats.retries) == (2, 1)


def test_dns_failure_fails_fast_naming_the_host(monkeypatch):
    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if host == "localhost":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    sleeps: list[float] = []
    client = EutilsClient(
        EutilsSettings(base_url="http://localhost:9/eutils/", email="t@example.org"),
        limiter=fast_limiter(),
        sleep=sleeps.append,
    )
    with pytest.raises(EutilsError, match=r"^cannot reach localhost: DNS lookup failed \(2 tries\)"):
        client.efetch_ids(["38011560"])
    assert client.stats.requests == 2 and sleeps and max(sleeps) <= 0.5


def test_sync_on_a_dead_line_is_one_line_within_seconds(tmp_path):
    env = {"LITWATCH_EUTILS_URL": f"http://127.0.0.1:{closed_port()}/eutils/", "NCBI_EMAIL": "t@example.org"}
    started = time.monotonic()
    result = run_cli("sync", "--db", str(tmp_path / "k.db"), env=env)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith("litwatch: error: sync of 'ketamine-depression' stopped: cannot reach 127.0.0.1: ")
    assert "connection refused" in line and "rerun `litwatch sync ketamine-depression` to resume" in line


def test_transient_faults_keep_patient_retries(fake_eutils: FakeEutils):
    sleeps: list[float] = []
    client = make_client(fake_eutils, sleeps=sleeps, max_tries=8)
    fake_eutils.inject("reset", endpoint="esearch", times=3)
    fake_eutils.inject("503", endpoint="esearch", times=2)
    result = client.esearch("ketamine", usehistory=False)
    assert result.count == 300
    assert (client.stats.requests, client.stats.retries, len(sleeps)) == (6, 5, 5)
    assert all(0.5 * 2**i <= s <= 2**i for i, s in enumerate(sleeps))  # full backoff, not the fast path


def test_progress_shows_retries_as_they_happen(db_target, fake_eutils):
    engine = open_database(db_target)
    seen: list[tuple[int, int, str]] = []

    def watch(p: SyncProgress) -> None:
        seen.append((p.fetched, p.retries, p.last_retry))

    fake_eutils.inject("503", endpoint="efetch", times=2)
    summary = sync_query(
        DEFAULT_QUERY_NAME, engine=engine, client=make_client(fake_eutils), on_progress=watch
    )
    assert summary.retries == 2
    during = [s for s in seen if s[0] == 0 and s[1] > 0]  # before the first batch was stored
    assert [(r, why.split(",")[0]) for _, r, why in during] == [
        (1, "efetch HTTP 503"),
        (2, "efetch HTTP 503"),
    ]
    assert seen[-1][:2] == (300, 2)


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "DNS lookup failed"),
        (ConnectionRefusedError(111, "Connection refused"), "connection refused"),
        (OSError(101, "Network is unreachable"), "network unreachable"),
        (ConnectionResetError(104, "Connection reset by peer"), None),  # transient: patient retries
        (TimeoutError("timed out"), None),
    ],
)
def test_dead_line_reasons_are_found_inside_wrapped_errors(error, why):
    import requests
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    from litwatch.pubmed.eutils import dead_line_reason

    inner = NewConnectionError(None, f"Failed to establish a new connection: {error}")  # type: ignore[arg-type]
    inner.__cause__ = error
    wrapped = requests.ConnectionError(MaxRetryError(None, "/eutils/esearch.fcgi", inner))  # type: ignore[arg-type]
    assert dead_line_reason(wrapped) == why
