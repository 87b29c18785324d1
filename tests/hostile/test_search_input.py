"""Hostile search input (issue 8, items 16, 17, 18): a huge --limit, FTS5 syntax errors and
oversized queries get one line each, fast, and never "database error" or a traceback."""

# SQLite only: FTS5's own syntax errors (the limits are checked before any engine; PostgreSQL's
# syntax errors: test_backends and test_browse).

from __future__ import annotations

import time

import pytest

from hostile.conftest import make_db, one_line_error, run_cli
from litwatch.services.search import MAX_PREFIX_TERMS, MAX_QUERY_CHARS, MAX_QUERY_TERMS, MAX_SEARCH_LIMIT


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("search"))  # the tests only read it


@pytest.mark.parametrize("limit", ["99999999999999999999", "9223372036854775808", "0", "-5", "10001"])
def test_out_of_range_limit_is_one_line(db, limit):
    line = one_line_error(run_cli("search", "ketamine", "--limit", limit, "--db", db))
    assert line == f"litwatch: error: --limit {limit} is out of range: give 1 to 10,000"


def test_largest_limit_still_searches(db):
    result = run_cli("search", "ketamine", "--limit", str(MAX_SEARCH_LIMIT), "--db", db)
    assert result.exit_code == 0 and "99000002" in result.stdout


@pytest.mark.parametrize(
    "query", ["*", "AND", "OR ketamine", "ketamine AND (", '"unterminated', "a:b", "^", "NEAR("]
)
def test_fts5_syntax_errors_name_the_syntax(db, query):
    line = one_line_error(run_cli("search", query, "--db", db))
    assert line.startswith(f"litwatch: error: cannot search for {query!r}: not valid search syntax")
    assert "e.g. 'esketamine AND (suicid* OR \"suicidal ideation\")'" in line
    assert "database error" not in line


def test_a_2000_or_query_is_refused_fast(db):
    query = " OR ".join(f"term{i}" for i in range(2000))
    started = time.perf_counter()
    line = one_line_error(run_cli("search", query, "--db", db))
    assert time.perf_counter() - started < 2.0
    assert f"search query too long ({len(query):,} characters, at most 1,000)" in line
    assert query not in line  # the message does not echo 20 KB back


def test_too_many_terms_are_refused_and_the_limit_itself_is_answered(db):
    too_many = " OR ".join(f"t{i}" for i in range(MAX_QUERY_TERMS + 1))
    assert len(too_many) <= MAX_QUERY_CHARS
    line = one_line_error(run_cli("search", too_many, "--db", db))
    assert f"too many terms ({MAX_QUERY_TERMS + 1}, at most {MAX_QUERY_TERMS})" in line
    at_limit = " OR ".join(["ketamine"] + [f"t{i}" for i in range(MAX_QUERY_TERMS - 1)])
    result = run_cli("search", at_limit, "--db", db)
    assert result.exit_code == 0 and "99000002" in result.stdout


def test_long_plain_query_is_refused(db):
    line = one_line_error(run_cli("search", "k" * (MAX_QUERY_CHARS + 1), "--db", db))
    assert "search query too long (1,001 characters, at most 1,000)" in line


@pytest.mark.parametrize("query", ["a*", "ke*", '"ke" *', "ketamine OR de*"])
def test_a_short_prefix_is_refused(db, query):
    line = one_line_error(run_cli("search", query, "--db", db))
    assert "is too short: give at least 3 letters before *, e.g. suicid*" in line


def test_too_many_prefixes_are_refused_and_the_limit_itself_is_answered(db):
    prefixes = ["ketam*", "depress*", "infus*", "treat*", "random*"]
    line = one_line_error(run_cli("search", " OR ".join(prefixes), "--db", db))
    assert f"too many prefix* terms ({MAX_PREFIX_TERMS + 1}, at most {MAX_PREFIX_TERMS})" in line
    result = run_cli("search", " OR ".join(prefixes[:MAX_PREFIX_TERMS]), "--db", db)
    assert result.exit_code == 0 and "99000002" in result.stdout
