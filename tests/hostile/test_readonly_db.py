"""A database the user cannot write (issue 8, item 17): read commands open it read-only and work,
write commands are refused with one clear line, and nothing beside it is created or changed.

Root ignores file modes, so as root the CLI runs under `setpriv` without the capabilities that
bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER): the same checks a normal user gets.
"""

# SQLite only: file and folder modes of a database file.

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile.conftest import PLAIN_RECORD, digest

SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(
    os.geteuid() == 0 and SETPRIV is None, reason="running as root without setpriv to drop CAP_DAC_OVERRIDE"
)
FIRST_RECORD = "PMID- 99000001\nTI  - An earlier esketamine record.\nDP  - 2022\n"
# Runs several CLI commands in one process (each start costs ~1 s) and reports each as JSON.
DRIVER = """
import json, sys
from typer.testing import CliRunner
from litwatch.cli import app
runner = CliRunner()
results = []
for args in json.loads(sys.argv[1]):
    r = runner.invoke(app, args)
    results.append({"code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr,
                    "exception": None if r.exception is None or isinstance(r.exception, SystemExit)
                    else repr(r.exception)})
print(json.dumps(results))
"""


def run_commands(*commands: list[str], unprivileged: bool = True) -> list[dict[str, Any]]:
    """Each command's exit code, stdout and stderr, run in one fresh process (as a normal user)."""
    cmd = [sys.executable, "-c", DRIVER, json.dumps([[str(a) for a in c] for c in commands])]
    if unprivileged and os.geteuid() == 0:
        cmd = [SETPRIV, "--bounding-set", "-dac_override,-dac_read_search,-fowner", *cmd]
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def ingest(db: Path, text: str, folder: Path) -> None:
    source = folder / f"{len(list(folder.iterdir()))}.nbib"
    source.write_text(text, encoding="utf-8")
    (result,) = run_commands(["ingest", source, "--db", db], unprivileged=False)
    assert result["code"] == 0, result


@pytest.fixture(scope="module", params=["closed", "with-wal"])
def readonly_db(request, tmp_path_factory) -> Iterator[Path]:
    """A database in a read-only folder: closed cleanly (no -wal/-shm), or copied while its last
    commit was still only in the -wal (as a snapshot of a live database is)."""
    work = tmp_path_factory.mktemp("readonly")
    folder = work / "ro"
    folder.mkdir()
    db = folder / "lw.db"
    if request.param == "closed":
        ingest(db, FIRST_RECORD, work)
        ingest(db, PLAIN_RECORD, work)
        assert sorted(p.name for p in folder.iterdir()) == ["lw.db"]
    else:
        live = work / "live.db"
        ingest(live, FIRST_RECORD, work)
        holder = sqlite3.connect(live)  # keeps the -wal from being checkpointed away on exit
        holder.execute("SELECT count(*) FROM articles").fetchone()
        try:
            ingest(live, PLAIN_RECORD, work)
            for suffix in ("", "-wal", "-shm"):
                shutil.copyfile(f"{live}{suffix}", f"{db}{suffix}")
        finally:
            holder.close()
        with sqlite3.connect(f"file:{db}?immutable=1", uri=True) as main_file_only:
            assert main_file_only.execute("SELECT pmid FROM articles").fetchall() == [("99000001",)]
    files = sorted(folder.iterdir())
    for path in files:
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(0o755)
        for path in files:
            path.chmod(0o644)


READS = [
    (["status"], "records: 2 (0 deleted, 0 retracted)"),
    (["show", "99000002"], "Ketamine 0.5 mg/kg infusion for treatment-resistant depression"),
    (["search", "ketamine"], "99000002"),
    (["export", "--format", "csv"], "99000002,2023,Ketamine 0.5 mg/kg"),
    (["claims"], "dose-0-5-mg-kg"),
    (["evidence", "dose-0-5-mg-kg"], "99000002"),
    (["check", "--format", "json", "-o", "-"], '"claims"'),
]


@pytest.fixture(scope="module")
def read_results(readonly_db) -> dict[str, Any]:
    files = sorted(readonly_db.parent.iterdir())
    before = {p.name: digest(p) for p in files}
    results = run_commands(*([*command, "--db", readonly_db] for command, _ in READS))
    after = {p.name: digest(p) for p in sorted(readonly_db.parent.iterdir())}
    return {
        "results": dict(zip((c[0] for c, _ in READS), results, strict=True)),
        "unchanged": before == after,
    }


@pytest.mark.parametrize(("command", "expected"), READS, ids=[c[0] for c, _ in READS])
def test_read_commands_work_on_a_read_only_database(read_results, command, expected):
    result = read_results["results"][command[0]]
    assert (result["code"], result["stderr"], result["exception"]) == (0, "", None)
    assert expected in result["stdout"]
    assert read_results["unchanged"]  # no file changed, none created beside the database


WRITES = [
    ["tag"],
    ["ingest", "{src}"],
    ["review", "99000002", "dose-0-5-mg-kg", "--reject"],
    ["query", "add", "x", "y"],
]


def test_write_commands_on_a_read_only_database_get_one_clear_line(readonly_db, tmp_path):
    src = tmp_path / "more.nbib"
    src.write_text("PMID- 99000003\nTI  - Another ketamine record.\n", encoding="utf-8")
    before = digest(readonly_db)
    commands = [[*(part.format(src=src) for part in c), "--db", readonly_db] for c in WRITES]
    for result in run_commands(*commands):
        assert (result["code"], result["exception"]) == (1, None)
        assert result["stderr"].splitlines() == [
            f"litwatch: error: --db {readonly_db} is read-only (the file or its folder) and this command "
            "writes to it: make both writable or work on a copy; read commands such as status, search and "
            "check still work"
        ]
    assert digest(readonly_db) == before


def test_a_read_only_database_from_an_older_litwatch_is_explained(tmp_path):
    from alembic import command
    from alembic.config import Config

    from litwatch.db.engine import MIGRATIONS, create_db_engine

    folder = tmp_path / "old"
    folder.mkdir()
    db = folder / "old.db"
    engine = create_db_engine(db)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    folder.chmod(0o555)
    try:
        (result,) = run_commands(["status", "--db", db])
    finally:
        folder.chmod(0o755)
    assert result["code"] == 1
    assert result["stderr"].splitlines() == [
        f"litwatch: error: --db {db} is read-only and was written by an older litwatch: make it writable "
        "once (any command upgrades it) or work on a copy"
    ]
