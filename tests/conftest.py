from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web_app
from aiohttp.test_utils import TestServer

from bot.app import create_app, server_options
from bot.bench.servers import Server
from bot.engine import Engine
from bot.http_server import ServiceRunner
from bot.kbcheck import load_checked
from bot.settings import PROJECT_ROOT, Settings
from tests.database import POSTGRES, Database, postgres_databases, postgres_installed

CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: inherently about SQLite (files, WAL)")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, run the tests that use a database; the rest ran on SQLite already."""
    if not POSTGRES:
        return
    if not postgres_installed():
        if os.environ.get("CI"):
            raise pytest.UsageError("PostgreSQL is missing: .ci/run installs it with apt-get")
        # Outside CI a missing PostgreSQL is a skip, as a missing Chromium is.
        for item in items:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL is not installed"))
        return
    kept, left = [], []
    for item in items:
        uses = {"database", "module_database", "postgres"} & set(getattr(item, "fixturenames", ()))
        (kept if uses and not item.get_closest_marker("sqlite_only") else left).append(item)
    config.hook.pytest_deselected(items=left)
    items[:] = kept


@pytest.fixture(autouse=True)
def release_apps() -> Iterator[None]:
    """aiohttp keeps the middleware chain of up to 1,024 (handler, apps) pairs, and with it
    every app a test built, an engine of about 25 MB each: without this the suite's process
    grew to 13.8 GB. One service keeps one app, so only tests need it."""
    yield
    web_app._cached_build_middleware.cache_clear()


@pytest.fixture(scope="session")
def postgres():
    with postgres_databases() as databases:
        yield databases


def _database(request, path: Path) -> Iterator[Database]:
    if not POSTGRES:
        yield Database(path)
        return
    databases = request.getfixturevalue("postgres")
    name = databases.new()
    yield Database(path, databases.cluster.url(name))
    databases.drop(name)


@pytest.fixture
def database(request, tmp_path: Path) -> Iterator[Database]:
    """The test's own empty database: a SQLite file, or (BOT_TEST_DATABASE=postgres) a fresh
    PostgreSQL database made from the migrated template."""
    yield from _database(request, tmp_path / "helpdesk.db")


@pytest.fixture(scope="module")
def module_database(request, tmp_path_factory) -> Iterator[Database]:
    """One database for a whole module (a server the module's tests share)."""
    yield from _database(request, tmp_path_factory.mktemp("module") / "helpdesk.db")


@pytest.fixture(scope="session")
def kb():
    return load_checked(PROJECT_ROOT / "knowledge")


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    return Engine(kb)


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(db=database.path, database_url=database.url, secret="test-secret")


@pytest.fixture
async def client(aiohttp_client, settings, kb):
    return await serve(aiohttp_client, create_app(settings, kb))


class ServiceTestServer(TestServer):
    async def _make_runner(self, **kwargs) -> ServiceRunner:
        return ServiceRunner(self.app, **kwargs)


async def serve(aiohttp_client, app, scheme: str = "http", **options):
    """A client of `app` served as `serve` serves it (ServiceRunner, server_options), `options`
    overriding."""
    server = ServiceTestServer(app, scheme=scheme)
    await server.start_server(**(server_options() | options))
    return await aiohttp_client(server)


class LiveServer(Server):
    """The real service in its own process, as `python -m bot serve` starts it."""

    def __init__(self, database: Database, env: dict[str, str] | None = None) -> None:
        db = database.path
        argv = ["-m", "bot", "serve", "--db", str(db), "--database-url", database.url]
        super().__init__(argv, db.with_suffix(".log"), env)
        self.db = db
        self.database = database


@pytest.fixture
def live_server_factory(database: Database) -> Iterator[type[LiveServer]]:
    servers: list[LiveServer] = []

    def make(env: dict[str, str] | None = None) -> LiveServer:
        server = LiveServer(database, env)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.kill()


@pytest.fixture
def live_server(live_server_factory) -> str:
    return live_server_factory().url


# Per module: the sync API runs its own event loop in this thread, which must be gone before
# the next module's asyncio tests start theirs.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
