"""`litwatch sync` and `litwatch query add/list/remove` from the command line, on both backends
(conftest.db_target)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.services.queries import DEFAULT_QUERY_NAME, DEFAULT_QUERY_TERM

runner = CliRunner()


def run_cli(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def env(fake_eutils, monkeypatch) -> dict[str, str]:
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    return {
        "LITWATCH_EUTILS_URL": fake_eutils.url,
        "NCBI_EMAIL": "me@example.org",
        "NCBI_API_KEY": "cli-key-99",
    }


def test_query_add_list_remove(db_target):
    db = db_target
    listed = run_cli("query", "list", "--db", db)
    assert listed.exit_code == 0 and DEFAULT_QUERY_NAME in listed.output and "never" in listed.output
    added = run_cli("query", "add", "esk", "esketamine[tiab]", "--db", db)
    assert added.exit_code == 0 and "saved query esk: esketamine[tiab]" in added.output
    again = run_cli("query", "add", "esk", "x", "--db", db)
    assert again.exit_code == 1 and "already exists" in again.output and "--replace" in again.output
    assert run_cli("query", "add", "esk", "esketamine[ti]", "--replace", "--db", db).exit_code == 0
    assert "esketamine[ti]" in run_cli("query", "list", "--db", db).output
    removed = run_cli("query", "remove", "esk", "--db", db)
    assert removed.exit_code == 0 and "removed query esk" in removed.output
    missing = run_cli("query", "remove", "esk", "--db", db)
    assert (
        missing.exit_code == 1
        and missing.output.count("\n") == 1
        and "no saved query named 'esk'" in missing.output
    )
    bad = run_cli("query", "add", "bad name!", "x", "--db", db)
    assert bad.exit_code == 1 and "invalid query name" in bad.output


def test_default_query_term_is_the_documented_one(tmp_path):
    run_cli("query", "list", "--db", str(tmp_path / "k.db"))  # no database behaviour under test
    assert "esketamine[tiab]" in DEFAULT_QUERY_TERM and '"Suicidal Ideation"[MeSH]' in DEFAULT_QUERY_TERM
    assert DEFAULT_QUERY_TERM.count("(") == DEFAULT_QUERY_TERM.count(")")


def test_sync_prints_a_summary_and_never_the_key(db_target, fake_eutils, env):
    db = db_target
    first = run_cli("sync", "--db", db, "--verbose", env=env)
    assert first.exit_code == 0, first.output
    assert (
        f"{DEFAULT_QUERY_NAME} (full): 300 new, 0 updated, 0 unchanged, 0 deleted of 300 matched"
        in first.output
    )
    assert "efetch 200" in first.output and "tool" in first.output  # --verbose shows each request...
    assert "cli-key-99" not in first.output  # ...but never the key
    second = run_cli("sync", DEFAULT_QUERY_NAME, "--db", db, env=env)
    assert "(incremental): 0 new, 0 updated" in second.output and "2 requests" in second.output


def test_sync_warns_without_email_and_fails_in_one_line(db_target, fake_eutils, env):
    fake_eutils.inject("503", times=100)
    env = {**env, "NCBI_EMAIL": "", "LITWATCH_EUTILS_TRIES": "2", "LITWATCH_EUTILS_BACKOFF": "0.01"}
    result = run_cli("sync", "--db", db_target, env=env)
    assert "warning: no e-mail for NCBI" in result.output
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("litwatch: error:")]
    assert len(error) == 1 and "rerun `litwatch sync ketamine-depression` to resume" in error[0]


def test_sync_unknown_query_is_a_one_line_error(db_target, env):
    result = run_cli("sync", "nope", "--db", db_target, env=env)
    assert result.exit_code == 1 and "no saved query named 'nope'" in result.output
