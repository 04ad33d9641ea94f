"""A teacher sets a welder's stage with a reason; the progress history says who and when."""

from __future__ import annotations

import pytest

from bot.keys import CHAT, STORE
from tests.teacher_support import TEACHER, logged_in, welder_says


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def set_stage(client, csrf, welder, **fields):
    data = {"csrf": csrf, **fields}
    return await client.post(f"/teacher/welders/{welder}/stage", data=data, allow_redirects=False)


async def test_a_teacher_sets_the_stage_with_a_reason(client, teacher):
    welder = await welder_says(client, "我已经提交了")
    resp = await set_stage(
        client, teacher, welder, stage="correction", reason="电话里说收到补正短信"
    )
    assert resp.status == 303
    html = await (await client.get(resp.headers["Location"])).text()
    assert "阶段已改好" in html
    assert f"{TEACHER} 改的：电话里说收到补正短信" in html
    assert "焊工自己改的" not in html
    store = client.app[STORE]
    assert (await store.progress(welder, "preparation")).stage == "correction"
    rows = await store.stage_history(welder)
    assert (rows[-1].to_stage, rows[-1].changed_by, rows[-1].teacher) == (
        "correction",
        "teacher",
        TEACHER,
    )


async def test_the_welder_then_answers_from_the_new_stage(client, teacher):
    welder = await welder_says(client, "我已经提交了")
    await set_stage(client, teacher, welder, stage="download", reason="审批通过了")
    resp = await client.post("/api/chat", json={"text": "我的进度"})  # another welder
    assert (await resp.json())["stage"] == "preparation"
    reply, _ = await client.app[CHAT].handle("web", "welder-1", "我的进度")
    assert reply.progress.stage == "download"


@pytest.mark.parametrize(
    "fields",
    [
        {"stage": "nowhere", "reason": "x"},
        {"stage": "review", "reason": ""},
        {"stage": "review", "reason": "长" * 201},
        {},
    ],
)
async def test_a_bad_stage_form_gets_a_message_and_changes_nothing(client, teacher, fields):
    welder = await welder_says(client, "我已经提交了")
    resp = await set_stage(client, teacher, welder, **fields)
    assert resp.status == 400
    assert "notice error" in await resp.text()
    assert (await client.app[STORE].progress(welder, "preparation")).stage == "review"


async def test_setting_a_stage_needs_the_csrf_token(client, teacher):
    welder = await welder_says(client, "我已经提交了")
    resp = await set_stage(client, "wrong", welder, stage="done", reason="x")
    assert resp.status == 403
    assert (await client.app[STORE].progress(welder, "preparation")).stage == "review"
