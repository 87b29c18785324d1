"""Issue 8, item 6: a hostile E-utilities reply can cost neither unbounded time nor memory.

A reply trickled one byte at a time is cut at the total deadline (the read timeout only bounds
each packet), and a gzip bomb is refused once its decoded size passes the cap, counted while
streaming. The deadline and cap are injected small so the tests are fast."""

# SQLite only: hostile replies are refused before anything reaches the database.

from __future__ import annotations

import time
import tracemalloc

import pytest
from fake_eutils import make_client
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.errors import SyncError
from litwatch.pubmed.connection import ReplyTooLarge
from litwatch.pubmed.replies import EutilsError
from litwatch.pubmed.settings import DEFAULT_MAX_REPLY_MB, DEFAULT_TOTAL_TIMEOUT, EutilsSettings


def test_trickled_reply_is_cut_at_the_total_deadline(fake_eutils) -> None:  # noqa: ANN001
    fake_eutils.inject("trickle", endpoint="esearch", times=10)
    client = make_client(fake_eutils, total_timeout=0.4, read_timeout=1.5, max_tries=2)
    started = time.monotonic()
    with pytest.raises(EutilsError) as caught:
        client.esearch("ketamine")
    elapsed = time.monotonic() - started
    assert elapsed < 2.0  # two tries of 0.4 s; without a deadline each try lasts for the whole body
    assert (
        str(caught.value)
        == "NCBI esearch gave no valid reply after 2 tries (last: no complete reply within 0.4 s)"
    )
    assert client.stats.requests == 2
    assert max(fake_eutils.sent_bytes) < 100  # bytes trickled before the client gave up


def test_trickled_headers_are_cut_at_the_total_deadline(fake_eutils) -> None:  # noqa: ANN001
    fake_eutils.inject("trickle-headers", endpoint="einfo", times=10)
    client = make_client(fake_eutils, total_timeout=0.4, read_timeout=1.5, max_tries=2)
    started = time.monotonic()
    with pytest.raises(EutilsError, match=r"after 2 tries \(last: no complete reply within 0.4 s\)"):
        client.einfo()
    assert time.monotonic() - started < 2.0
    assert max(fake_eutils.sent_bytes) < 100


def test_trickled_reply_is_retried_and_the_next_reply_used(fake_eutils) -> None:  # noqa: ANN001
    fake_eutils.inject("trickle", endpoint="esearch")
    client = make_client(fake_eutils, total_timeout=0.4)
    result = client.esearch("ketamine")
    assert result.count == 300 and client.stats.retries == 1


def test_gzip_bomb_is_refused_once_decoded_size_passes_the_cap(fake_eutils) -> None:  # noqa: ANN001
    fake_eutils.bomb_bytes = 64 * 1024 * 1024
    fake_eutils.inject("gzipbomb", endpoint="efetch", times=5)
    client = make_client(fake_eutils, max_reply_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ReplyTooLarge) as caught:
            client.efetch_ids(["30000001", "30000002"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the 64 MB body was never inflated whole
    assert str(caught.value) == (
        "NCBI's efetch reply grew past 1 MB once decoded and was refused; if the server is really NCBI and "
        "this is expected, raise LITWATCH_EUTILS_MAX_MB (or lower --batch-size)"
    )
    assert len(fake_eutils.requests_to("efetch")) == 1  # refused, not retried


def test_limits_come_from_the_environment_with_sensible_defaults() -> None:
    default = EutilsSettings.from_env(environ={})
    assert (default.total_timeout, default.max_reply_bytes) == (DEFAULT_TOTAL_TIMEOUT, 200 * 1024 * 1024)
    assert (DEFAULT_TOTAL_TIMEOUT, DEFAULT_MAX_REPLY_MB) == (120.0, 200)
    tuned = EutilsSettings.from_env(
        environ={"LITWATCH_EUTILS_TIMEOUT": "30", "LITWATCH_EUTILS_MAX_MB": "0.5"}
    )
    assert (tuned.total_timeout, tuned.max_reply_bytes) == (30.0, 512 * 1024)
    for bad in ("0", "-1", "nan", "inf", "soon"):
        with pytest.raises(SyncError, match=f"LITWATCH_EUTILS_TIMEOUT='{bad}' must be a positive number"):
            EutilsSettings.from_env(environ={"LITWATCH_EUTILS_TIMEOUT": bad})


def test_sync_against_a_trickling_server_stops_with_one_line(tmp_path, fake_eutils) -> None:  # noqa: ANN001
    fake_eutils.inject("trickle", times=100)
    env = {
        "LITWATCH_EUTILS_URL": fake_eutils.url,
        "NCBI_EMAIL": "me@example.org",
        "LITWATCH_EUTILS_TIMEOUT": "0.3",
        "LITWATCH_EUTILS_TRIES": "2",
        "LITWATCH_EUTILS_BACKOFF": "0",
    }
    started = time.monotonic()
    result = CliRunner().invoke(app, ["sync", "--db", str(tmp_path / "lw.db")], env=env)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "litwatch: error: sync of 'ketamine-depression' stopped: NCBI esearch gave no valid reply after 2 "
        "tries (last: no complete reply within 0.3 s). Stored so far: 0 of 0 records (0 new, 0 updated), all "
        "committed; rerun `litwatch sync ketamine-depression` to resume"
    ]
