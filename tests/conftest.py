"""Suite-wide fixtures: no test may reach the network, and a loopback fake of NCBI E-utilities.

The guard patches name resolution, socket connects and requests' HTTP adapter for the whole
session, so a request to any host but 127.0.0.1/::1/localhost fails loudly with NetworkBlocked
(an error no client code catches or retries) before a packet or a DNS query leaves the machine.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from fake_eutils import FakeEutils, build_corpus

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class NetworkBlocked(RuntimeError):
    """A test tried to reach a host that is not this machine."""


def is_loopback(host: str | bytes | None) -> bool:
    if host is None:
        return True  # bind/listen on all interfaces is not an outgoing connection
    host = host.decode() if isinstance(host, bytes) else host
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(scope="session", autouse=True)
def loopback_only() -> Iterator[list[str]]:
    """Fail any non-loopback DNS lookup, connect or requests call for the whole suite."""
    blocked: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_send = requests.adapters.HTTPAdapter.send

    def refuse(what: str) -> None:
        blocked.append(what)
        raise NetworkBlocked(f"test tried to reach {what}: only 127.0.0.1 is allowed")

    def getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if not is_loopback(host):
            refuse(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock: socket.socket, address) -> None:  # noqa: ANN001
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            refuse(str(address[0]))

    def connect(self, address):  # noqa: ANN001
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):  # noqa: ANN001
        check(self, address)
        return real_connect_ex(self, address)

    def send(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        host = urlsplit(request.url).hostname
        if not is_loopback(host):
            refuse(f"{host} ({request.method} {urlsplit(request.url).path})")
        return real_send(self, request, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    requests.adapters.HTTPAdapter.send = send
    try:
        yield blocked
    finally:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex
        requests.adapters.HTTPAdapter.send = real_send


@pytest.fixture
def make_fake_eutils() -> Iterator[Callable[..., FakeEutils]]:
    """Start fake E-utilities servers over `build_corpus(count, ...)`; all are stopped after the test."""
    started: list[FakeEutils] = []

    def make(count: int = 300, *, enforce_rate: bool = False, cap: int = 9999, **corpus) -> FakeEutils:
        server = FakeEutils(build_corpus(count, **corpus), enforce_rate=enforce_rate, cap=cap).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def fake_eutils(make_fake_eutils) -> FakeEutils:  # noqa: ANN001
    """A 300-record fake E-utilities on 127.0.0.1 (rate limit not enforced: tests use a fast limiter)."""
    return make_fake_eutils(300)


# --- both database backends -------------------------------------------------------------------
# Database tests take `db_target`: once with an SQLite file, once with a fresh database on the
# PostgreSQL server named by $LITWATCH_TEST_PG_URL (`.ci/run` starts one). Without it the
# PostgreSQL half is skipped and the run ends with a loud line saying so.
PG_URL_ENV = "LITWATCH_TEST_PG_URL"
PG_SKIP_REASON = f"PostgreSQL not available: set {PG_URL_ENV} (see .ci/postgres-start)"
_pg_skipped: list[str] = []


def pg_admin_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`db_target` shared by a module's tests (for costly setups): SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "litwatch.db")
        return
    from sqlalchemy import create_engine, make_url, text

    admin = pg_admin_url()
    if admin is None:
        _pg_skipped.append("x")
        pytest.skip(PG_SKIP_REASON)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    name = f"litwatch_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def make_pg_database() -> Iterator[Callable[[], str]]:
    """Create fresh, empty PostgreSQL databases (URLs returned); all are dropped after the test."""
    from sqlalchemy import create_engine, make_url, text

    admin = pg_admin_url()
    if admin is None:
        _pg_skipped.append("x")
        pytest.skip(PG_SKIP_REASON)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"litwatch_test_{uuid.uuid4().hex[:12]}"
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    yield make
    with engine.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """`--db` value for a new, empty database on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "litwatch.db")
    return request.getfixturevalue("make_pg_database")()


@pytest.fixture(params=["sqlite", "postgresql"])
def make_db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Factory of new, empty databases on one backend, for tests that compare several."""
    if request.param == "postgresql":
        return request.getfixturevalue("make_pg_database")
    made = iter(range(1_000_000))
    return lambda: str(tmp_path / f"litwatch-{next(made)}.db")


@pytest.fixture
def clone_db(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Copy a database (e.g. a module's costly demo build) for one test to change; copies are dropped.

    SQLite: the backup API into a new file. PostgreSQL: CREATE DATABASE ... TEMPLATE, after closing
    this test process's own connections to the source (a template must have none).
    """
    from sqlalchemy import create_engine, make_url, text

    made: list[str] = []
    admin = None

    def clone(source: str) -> str:
        nonlocal admin
        name = f"litwatch_test_{uuid.uuid4().hex[:12]}"
        if "://" not in source:
            import sqlite3

            target = str(tmp_path / f"{name}.db")
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            return target
        url = make_url(source)
        admin = admin or create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": url.database},
            )
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
        made.append(name)
        return url.set(database=name).render_as_string(hide_password=False)

    yield clone
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001, ARG001
    """Say loudly when the PostgreSQL half of the suite did not run."""
    if _pg_skipped:
        terminalreporter.write_sep(
            "!", f"{len(_pg_skipped)} PostgreSQL tests SKIPPED: {PG_SKIP_REASON}", red=True, bold=True
        )
