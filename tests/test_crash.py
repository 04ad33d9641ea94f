"""A SIGKILL mid-load loses nothing that was acknowledged and damages nothing."""

from __future__ import annotations

import asyncio

import pytest

from bot.bench.crash import CrashLoad, verify

# The fixture reads the server's stderr only if it dies at start: keep the access log out
# of that pipe, which would fill up under load and stall the server.
QUIET = {"BOT_RATE_PER_MINUTE": "0", "BOT_ADDRESS_RATE_PER_MINUTE": "0", "BOT_LOG_LEVEL": "WARNING"}


# The check reads the SQLite file (PRAGMA integrity_check); a kill under PostgreSQL is the
# two-process acceptance test's.
@pytest.mark.sqlite_only
async def test_every_acknowledged_message_survives_a_kill_exactly_once(live_server_factory, kb):
    server = live_server_factory(QUIET)
    load = CrashLoad(server.url, kb, welders=20)
    running = asyncio.create_task(load.run())
    try:
        while load.acknowledged < 100 and not running.done():
            await asyncio.sleep(0.01)
        server.kill()  # SIGKILL while the welders are still sending
        await asyncio.sleep(0.2)
        load.stop()
        await running
        server.start()
        report = await verify(load, server.db)
    finally:
        load.stop()
        await load.close()
    print(report)
    assert report.acknowledged >= 100
    assert (report.lost, report.duplicated) == (0, 0)
    assert report.integrity == "ok"
    assert report.progress_rows >= sum(1 for acked in load.acked if acked)
    assert report.bad_stages == 0
