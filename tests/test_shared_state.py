"""What several processes must agree on, with two stores on one database standing for two
processes: progress versions, WeChat retries, the secret, leases, knowledge edits."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot.chat import ChatService
from bot.settings import Settings, initial_secret
from bot.store import (
    AlreadyAnswered,
    ChangedBy,
    Conflict,
    KnowledgeEdit,
    Outgoing,
    Progress,
    Turn,
)

START = Progress("preparation", known=False)


@pytest.fixture
async def two(database):
    a = await database.store().open()
    b = await database.store().open()
    yield a, b
    await a.close()
    await b.close()


def _turn(welder: int, text: str, before: Progress, after: Progress, **kwargs) -> Turn:
    said = (Outgoing("welder", text), Outgoing("bot", "答" + text))
    return Turn(welder, "web", said, before, after, **kwargs)


async def test_a_turn_over_progress_another_process_saved_meanwhile_stores_nothing(two):
    a, b = two
    welder = await a.welder_id("web", "w")
    read_by_a = await a.progress(welder, "preparation")
    read_by_b = await b.progress(welder, "preparation")
    await b.save_turn(_turn(welder, "乙", read_by_b, Progress("review")))
    with pytest.raises(Conflict):
        await a.save_turn(_turn(welder, "甲", read_by_a, Progress("submission")))
    assert [m.text for m in await a.history(welder)] == ["乙", "答乙"]
    assert await a.progress(welder, "preparation") == Progress("review")


async def test_a_cached_progress_another_process_moved_on_is_read_again_after_the_conflict(two):
    a, b = two
    welder = await a.welder_id("web", "w")
    await a.save_turn(_turn(welder, "一", START, Progress("submission")))
    cached = await a.progress(welder, "preparation")  # from a's cache
    fresh = await b.progress(welder, "preparation")
    await b.save_turn(_turn(welder, "二", fresh, Progress("review")))
    assert await a.progress(welder, "preparation") == cached  # stale, until a turn tries it
    with pytest.raises(Conflict):
        await a.save_turn(_turn(welder, "三", cached, Progress("done")))
    assert await a.progress(welder, "preparation") == Progress("review")


async def test_next_step_alternating_between_two_processes_walks_the_steps_as_one(two, kb):
    one_store = two[0]
    services = [ChatService(store, kb) for store in two]
    alone = ChatService(one_store, kb)
    # A first question sets where the welder is; 下一步 with nothing known asks it back.
    await services[1].handle("web", "alternating", "要准备哪些材料")
    await alone.handle("web", "alone", "要准备哪些材料")
    alternating = [
        (await services[n % 2].handle("web", "alternating", "下一步"))[0].text for n in range(5)
    ]
    single = [(await alone.handle("web", "alone", "下一步"))[0].text for _ in range(5)]
    assert alternating == single
    assert len(set(single)) == 5  # five different steps: the comparison means something


async def test_where_the_welder_said_they_are_is_stored_beside_the_step_pointer(two):
    a, b = two
    for n, reported in enumerate(("sub_5", "")):  # "": read ahead before any report
        welder = await a.welder_id("web", f"w{n}")
        ahead = Progress("submission", step="sub_8", reported=reported)
        await a.save_turn(_turn(welder, "问", START, ahead))
        assert await b.progress(welder, "preparation", cached=False) == ahead


async def test_a_step_reported_in_one_process_after_reading_ahead_in_another_counts(two, kb):
    a, b = (ChatService(store, kb) for store in two)
    await a.handle("web", "w", "扫码登录弄好了")  # choosing 新办/增项 (step 5)
    await a.handle("web", "w", "传完东西最后按哪个钮")  # read ahead: step 8
    reply, _ = await b.handle("web", "w", "新办那个我选好了 立即办理也点了")
    assert reply.answer_id == "project_type"  # step 6, after the one reported


async def test_a_stage_a_teacher_set_in_one_process_survives_a_turn_in_another(two, kb):
    a, b = (ChatService(store, kb) for store in two)
    await b.handle("web", "w", "你好")  # b now holds the welder's progress in its cache
    welder = await a.store.welder_id("web", "w")
    await a.set_stage(welder, "web", "review", ChangedBy("teacher", "wang", "材料已交"))
    reply, _ = await b.handle("web", "w", "你好")
    assert reply.progress.stage == "review"
    assert (await a.store.progress(welder, "preparation", cached=False)).stage == "review"
    moved = (await a.store.stage_history(welder))[-1]
    assert (moved.to_stage, moved.changed_by, moved.teacher, moved.reason) == (
        "review",
        "teacher",
        "wang",
        "材料已交",
    )


async def test_the_rate_allowance_is_shared_by_two_processes(two, kb):
    services = [ChatService(store, kb, rate_per_minute=4) for store in two]
    outcomes = []
    for n in range(6):
        try:
            await services[n % 2].handle("web", "w", "你好")
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
    assert outcomes == ["ok"] * 4 + ["RateLimited"] * 2


async def test_a_wechat_message_answered_by_another_process_is_refused_with_its_reply(two):
    a, b = two
    welder = await a.welder_id("wechat", "o1")
    inbox = ("o1", "msg-1")
    await a.save_turn(_turn(welder, "甲", START, Progress("review"), inbox=inbox))
    with pytest.raises(AlreadyAnswered) as refused:
        await b.save_turn(_turn(welder, "甲", START, Progress("submission"), inbox=inbox))
    assert refused.value.reply == "答甲"
    assert len(await b.history(welder)) == 2


async def test_processes_starting_together_agree_on_one_secret(two):
    a, b = two
    values = await asyncio.gather(
        a.shared_value("secret", "from-a"), b.shared_value("secret", "from-b")
    )
    assert values[0] == values[1] in ("from-a", "from-b")
    assert await b.shared_value("secret", "later") == values[0]


def test_an_old_secret_key_file_is_the_first_secret(tmp_path):
    (tmp_path / "secret.key").write_text("kept-from-before\n")
    assert initial_secret(Settings(db=tmp_path / "helpdesk.db")) == "kept-from-before"
    assert len(initial_secret(Settings(db=tmp_path / "other" / "helpdesk.db"))) == 64


async def test_a_lease_has_one_holder_until_it_ends(two):
    a, b = two
    assert await a.take_lease("refresh", "a", 30)
    assert not await b.take_lease("refresh", "b", 30)
    assert await a.take_lease("refresh", "a", 30)  # its holder may take it again
    await a.end_lease("refresh", "a")
    assert await b.take_lease("refresh", "b", 30)


async def test_an_expired_lease_goes_to_the_next(two):
    a, b = two
    assert await a.take_lease("refresh", "a", -1)  # a holder that died long ago
    assert await b.take_lease("refresh", "b", 30)


async def test_a_knowledge_edit_over_a_version_another_edit_moved_on_is_not_stored(two):
    a, b = two
    first = KnowledgeEdit(
        "陈老师", "add_question", "own_account", "小孩能帮我弄吗", "小孩能帮我弄吗"
    )
    second = dataclasses.replace(first, text="亲戚", question="亲戚能替我办吗")
    assert await a.save_knowledge(0, first) is not None
    assert await b.save_knowledge(0, second) is None
    assert await b.save_knowledge(1, second) is not None
    version, overlay = await a.knowledge_overlay()
    assert version == 2
    assert overlay.questions == (
        ("own_account", "小孩能帮我弄吗"),
        ("own_account", "亲戚能替我办吗"),
    )


async def test_a_welders_messages_commit_in_the_order_of_their_ids(database, two):
    """A poller after an id misses nothing: a turn waits for the welder's lock, which another
    transaction adding their messages (a teacher's reply elsewhere) holds, before it takes
    ids. Only PostgreSQL can commit out of order; SQLite has one writer at a time."""
    if not database.url:
        pytest.skip("SQLite commits one transaction at a time")
    import asyncpg

    a, _ = two
    welder = await a.welder_id("web", "w")
    read = await a.progress(welder, "preparation")
    saved = await a.save_turn(_turn(welder, "一", read, Progress("review")))
    elsewhere = await asyncpg.connect(database.url)
    try:
        async with elsewhere.transaction():
            await elsewhere.execute(  # the lock add_teacher_reply takes first
                "UPDATE progress SET version = version WHERE welder_id = $1", welder
            )
            teacher_id = await elsewhere.fetchval(
                "INSERT INTO messages (welder_id, time, channel, role, text, stage)"
                " VALUES ($1, '2026-01-01', 'web', 'teacher', '老师', 'review') RETURNING id",
                welder,
            )
            read = await a.progress(welder, "preparation")
            turn = asyncio.create_task(a.save_turn(_turn(welder, "二", read, Progress("done"))))
            done, _ = await asyncio.wait([turn], timeout=0.5)
            assert not done, "the turn committed while an earlier id was still uncommitted"
        ids = await turn
    finally:
        await elsewhere.close()
    assert saved[-1] < teacher_id < ids[0]
    after_first = [m.text for m in await a.history(welder, after=saved[-1])]
    assert after_first == ["老师", "二", "答二"]
