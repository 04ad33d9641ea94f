from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import create_app
from bot.bench.servers import Server
from bot.kbcheck import load_checked
from bot.settings import PROJECT_ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def kb():
    return load_checked(PROJECT_ROOT / "knowledge")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "helpdesk.db", secret="test-secret")


@pytest.fixture
async def client(aiohttp_client, settings, kb):
    return await aiohttp_client(create_app(settings, kb))


class LiveServer(Server):
    """The real service in its own process, as `python -m bot serve` starts it."""

    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(["-m", "bot", "serve", "--db", str(db)], db.with_suffix(".log"), env)
        self.db = db


@pytest.fixture
def live_server_factory(tmp_path: Path) -> Iterator[type[LiveServer]]:
    servers: list[LiveServer] = []

    def make(env: dict[str, str] | None = None) -> LiveServer:
        server = LiveServer(tmp_path / "live.db", env)
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
