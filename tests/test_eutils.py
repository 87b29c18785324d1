"""The E-utilities client against the loopback fake: parameters, politeness, every fault kind, errors."""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import date, timedelta

import pytest
import requests
from conftest import NetworkBlocked
from fake_eutils import FakeEutils, make_client

from litwatch.errors import QueryError
from litwatch.pubmed.eutils import EutilsClient, MissingEmailWarning
from litwatch.pubmed.ratelimit import RateLimiter, rate_for, shared_limiter
from litwatch.pubmed.replies import EutilsError
from litwatch.pubmed.settings import DEFAULT_BASE_URL, EutilsSettings
from litwatch.pubmed.windows import Window, plan_windows

TRANSIENT = ("429", "500", "502", "503", "504", "reset", "timeout", "truncate", "error", "empty")


def first_batch(server: FakeEutils, client: EutilsClient, size: int = 50) -> tuple[list[str], list[str]]:
    """A history search and its first batch: (ids the search listed, PMIDs the batch returned)."""
    found = client.esearch("ketamine")
    items = client.efetch_history(found.webenv, found.query_key, retstart=0, retmax=size)
    return found.ids[:size], [i.pmid for i in items]


def test_every_request_is_a_post_with_tool_email_and_key(fake_eutils):
    client = make_client(fake_eutils, api_key="k-123", email="me@example.org")
    first_batch(fake_eutils, client)
    client.einfo("pubmed")
    client.efetch_ids(["30000001", "30000002"])
    assert [r.endpoint for r in fake_eutils.log] == ["esearch", "efetch", "einfo", "efetch"]
    for r in fake_eutils.log:
        assert r.method == "POST"
        assert r.params["tool"] == "litwatch"
        assert r.params["email"] == "me@example.org"
        assert r.params["api_key"] == "k-123"
        assert r.client[0] == "127.0.0.1"
    search, fetch = fake_eutils.log[0].params, fake_eutils.log[1].params
    assert search["usehistory"] == "y" and search["db"] == "pubmed"
    assert fetch["WebEnv"].startswith("MCID_") and fetch["query_key"] == "1" and fetch["retmax"] == "50"
    assert client.stats.requests == 4 and client.stats.retries == 0


def test_missing_email_warns_and_is_not_sent(fake_eutils):
    with pytest.warns(MissingEmailWarning, match="NCBI_EMAIL"):
        client = make_client(fake_eutils, email=None)
    client.einfo()
    assert "email" not in fake_eutils.log[0].params and "api_key" not in fake_eutils.log[0].params


def test_settings_come_from_environment(monkeypatch):
    monkeypatch.setenv("LITWATCH_EUTILS_URL", "http://127.0.0.1:9/x")
    monkeypatch.setenv("NCBI_EMAIL", "env@example.org")
    monkeypatch.setenv("NCBI_API_KEY", "envkey")
    s = EutilsSettings.from_env()
    assert (s.base_url, s.email, s.api_key) == ("http://127.0.0.1:9/x/", "env@example.org", "envkey")
    assert "envkey" not in repr(s)
    assert EutilsSettings.from_env(environ={}).base_url == DEFAULT_BASE_URL


@pytest.mark.parametrize("kind", TRANSIENT)
def test_transient_fault_is_retried_and_the_reply_validated(fake_eutils, kind):
    clean = make_client(fake_eutils)
    expected_ids, expected = first_batch(fake_eutils, clean)
    assert expected == expected_ids
    fake_eutils.inject(kind, endpoint="efetch")
    sleeps: list[float] = []
    client = make_client(fake_eutils, sleeps=sleeps)
    ids, got = first_batch(fake_eutils, client)
    assert got == expected
    assert client.stats.retries == 1 and len(sleeps) == 1
    faulted = [r for r in fake_eutils.log if r.fault]
    assert [r.fault for r in faulted] == [kind]


def test_truncated_einfo_recording_is_retried(fake_eutils):
    fake_eutils.inject("truncate", endpoint="einfo")
    client = make_client(fake_eutils)
    assert client.einfo()[0] == "pubmed"
    assert client.stats.retries == 1


def test_retry_after_is_honoured(fake_eutils):
    fake_eutils.inject("429", retry_after="7")
    sleeps: list[float] = []
    make_client(fake_eutils, sleeps=sleeps).einfo()
    assert sleeps and sleeps[0] >= 7


def test_backoff_grows_exponentially_with_jitter(fake_eutils):
    fake_eutils.inject("503", times=5)
    sleeps: list[float] = []
    client = make_client(fake_eutils, sleeps=sleeps, backoff=1.0, max_backoff=60.0)
    client._rng = random.Random(3)
    client.einfo()
    assert len(sleeps) == 5
    for n, delay in enumerate(sleeps):
        assert 2**n / 2 <= delay <= 2**n
    assert len({round(d, 6) for d in sleeps}) == 5


def test_gives_up_after_bounded_tries_with_a_clear_error(fake_eutils):
    fake_eutils.inject("503", times=100)
    client = make_client(fake_eutils, max_tries=3)
    with pytest.raises(EutilsError, match=r"gave no valid reply after 3 tries \(last: HTTP 503\)"):
        client.einfo()
    assert len(fake_eutils.log) == 3 and client.stats.retries == 2


def test_phrase_not_found_is_a_user_error_never_retried(fake_eutils):
    fake_eutils.not_found_phrases.add("ketamne")
    client = make_client(fake_eutils)
    with pytest.raises(QueryError, match='did not find the phrase "ketamne"'):
        client.esearch("ketamne[tiab] AND depression")
    assert len(fake_eutils.log) == 1


def test_search_cap_error_is_not_retried(fake_eutils):
    client = make_client(fake_eutils)
    with pytest.raises(EutilsError, match="cannot be larger than 9998"):
        client.esearch("ketamine", retstart=9999)
    assert len(fake_eutils.log) == 1


def test_fake_enforces_cap_and_rate_with_ncbi_replies(make_fake_eutils):
    server = make_fake_eutils(30, enforce_rate=True)
    for _ in range(5):
        requests.post(server.url + "einfo.fcgi", data={"tool": "t"}, timeout=5)
    assert [r.status for r in server.log] == [200, 200, 200, 429, 429]
    last = requests.post(server.url + "einfo.fcgi", data={}, timeout=5)
    assert last.status_code == 429 and last.json()["error"] == "API rate limit exceeded"
    assert len(server.violations) == 3


def test_fake_serves_json_esearch(fake_eutils):
    reply = requests.post(
        fake_eutils.url + "esearch.fcgi", data={"term": "x", "retmode": "json", "retmax": "3"}
    )
    result = reply.json()["esearchresult"]
    assert result["count"] == "300" and len(result["idlist"]) == 3


def test_api_key_never_in_errors_logs_or_events(fake_eutils, caplog):
    secret = "SEKRET-KEY-0042"
    events = []
    fake_eutils.inject("500", times=3)
    client = make_client(fake_eutils, api_key=secret, max_tries=3)
    client.on_request = events.append
    client.on_retry = events.append
    with caplog.at_level(logging.DEBUG), pytest.raises(EutilsError) as failure:
        client.einfo()
    assert fake_eutils.log[0].params["api_key"] == secret  # it was sent...
    shown = [str(failure.value), caplog.text, *map(repr, events)]
    assert events and all(secret not in text for text in shown)  # ...and shown nowhere


def test_no_request_leaves_loopback(fake_eutils, monkeypatch, loopback_only):
    monkeypatch.setenv("LITWATCH_EUTILS_URL", fake_eutils.url)
    settings = EutilsSettings.from_env(email="me@example.org")
    assert settings.base_url == fake_eutils.url != DEFAULT_BASE_URL
    client = EutilsClient(settings, limiter=RateLimiter(100, period=0.01))
    client.einfo()
    assert loopback_only == [] and len(fake_eutils.log) == 1
    monkeypatch.delenv("LITWATCH_EUTILS_URL")
    real = EutilsClient(
        EutilsSettings.from_env(email="me@example.org"), limiter=RateLimiter(100, period=0.01)
    )
    with pytest.raises(NetworkBlocked):  # the guard stops the default URL before any packet or DNS query
        real.einfo()
    assert loopback_only == ["eutils.ncbi.nlm.nih.gov (POST /entrez/eutils/einfo.fcgi)"]
    loopback_only.clear()


def test_limiter_never_exceeds_its_rate():
    now = [0.0]
    limiter = RateLimiter(3, period=1.0, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    starts = []
    for _ in range(10):
        limiter.acquire()
        starts.append(now[0])
        now[0] += 0.01
    for i in range(len(starts) - 3):
        assert starts[i + 3] - starts[i] >= 1.0 - 1e-9
    assert starts[-1] == pytest.approx(3.0)  # 10 requests at 3 per second


def test_limiter_is_shared_across_threads_and_clients():
    assert shared_limiter(3) is shared_limiter(rate_for(None))
    assert shared_limiter(10) is shared_limiter(rate_for("key")) and rate_for("key") == 10
    limiter, starts, lock = RateLimiter(4, period=0.2), [], threading.Lock()

    def work():
        for _ in range(3):
            limiter.acquire()
            with lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert all(starts[i + 4] - starts[i] >= 0.19 for i in range(len(starts) - 4))


def test_windows_split_dates_then_pmids_and_cover_everything_once(make_fake_eutils):
    crowded_day = date(2020, 5, 5)
    server = make_fake_eutils(400, crowded=(crowded_day, 120), start=date(2019, 1, 1), end=date(2021, 1, 1))
    client = make_client(server)
    plan = plan_windows(
        lambda w: client.esearch(w.term("ketamine"), **w.search_params()),
        Window("crdt", date(1700, 1, 1), date.today() + timedelta(days=1)),
        cap=50,
    )
    ids = [p for _, result in plan for p in result.ids]
    assert sorted(ids) == sorted(server.records) and len(ids) == len(set(ids))
    assert all(result.count <= 50 for _, result in plan)
    split_day = [w for w, _ in plan if w.lo is not None]
    assert split_day and all(w.start == w.end == crowded_day for w in split_day)
    assert any('"2020/05/05"[crdt]' in r.params["term"] and "[uid]" in r.params["term"] for r in server.log)
