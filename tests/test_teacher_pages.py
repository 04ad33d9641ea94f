"""What teachers read: the dashboard, the list of conversations, one welder's transcript."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.teacher import clock
from tests.teacher_support import (
    database_of,
    group_now,
    logged_in,
    own_session,
    run_sql,
    welder_says,
)

ANSWERED = "电脑上用什么浏览器"
UNANSWERED = "学费可以分期吗"


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def page(client, path: str, **params) -> str:
    resp = await client.get(path, params=params)
    assert resp.status == 200, await resp.text()
    return await resp.text()


def days_ago(days: int) -> str:
    return (clock.now() - timedelta(days=days)).isoformat(timespec="milliseconds")


# -- dashboard ---------------------------------------------------------------------------


async def test_the_dashboard_draws_welders_per_stage_as_an_svg_chart(client, teacher):
    await welder_says(client, ANSWERED, uid="a")
    await welder_says(client, ANSWERED, uid="b")
    await welder_says(client, "我已经提交了", uid="c")
    html = await page(client, "/teacher/")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="bar"') == 6
    assert "准备材料" in svg
    assert "等待审批" in svg
    assert ">2</text>" in svg
    assert "共 3 人" in html


async def test_the_console_loads_nothing_from_other_sites(client, teacher):
    html = await page(client, "/teacher/")
    assert "https://" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


async def test_the_dashboard_counts_todays_questions_and_the_answered_share(client, teacher):
    await welder_says(client, ANSWERED, uid="a")
    await welder_says(client, UNANSWERED, uid="b")
    html = await page(client, "/teacher/")
    assert "2 位焊工 · 答上 1 · 没答上 1 · 答上率 50%" in html


async def test_older_messages_count_this_week_but_not_today(client, teacher):
    await welder_says(client, ANSWERED, uid="a")
    await welder_says(client, ANSWERED, uid="b")
    yesterday = clock.now() - timedelta(days=1)
    await run_sql(
        client, "UPDATE messages SET time = $1 WHERE welder_id = 1", yesterday.isoformat()
    )
    html = await page(client, "/teacher/")
    today, week = html.split("本周（从周一起）")
    assert '<div class="value">1 ' in today
    expected = 2 if clock.week_start(clock.now().date()) <= yesterday.date() else 1
    assert f'<div class="value">{expected} ' in week


async def test_the_dashboard_queues_welders_who_asked_for_a_teacher(client, teacher):
    welder = await welder_says(client, UNANSWERED, "找老师", uid="a")
    html = await page(client, "/teacher/")
    queue = html[html.index('id="queue"') : html.index('id="stages"')]
    assert UNANSWERED in queue
    assert f'href="/teacher/welders/{welder}#reply"' in queue


async def test_a_welder_in_review_for_over_ten_working_days_looks_stuck(client, teacher):
    welder = await welder_says(client, "我已经提交了", uid="a")
    await welder_says(client, "我已经提交了", uid="b")
    await run_sql(
        client,
        "UPDATE stage_changes SET at = $1 WHERE welder_id = $2 AND to_stage = 'review'",
        days_ago(20),
        welder,
    )
    html = await page(client, "/teacher/")
    stuck = html[html.index('id="stuck"') : html.index('id="unanswered"')]
    assert f'href="/teacher/welders/{welder}"' in stuck
    assert "个工作日" in stuck
    assert stuck.count("/teacher/welders/") == 1


async def test_a_welder_with_a_correction_for_over_a_week_looks_stuck(client, teacher):
    welder = await welder_says(client, "收到补正短信", uid="a")
    await run_sql(
        client, "UPDATE stage_changes SET at = $1 WHERE to_stage = 'correction'", days_ago(9)
    )
    html = await page(client, "/teacher/")
    stuck = html[html.index('id="stuck"') : html.index('id="unanswered"')]
    assert f'href="/teacher/welders/{welder}"' in stuck
    assert "9 天" in stuck


async def test_frequent_unanswered_questions_are_grouped_with_their_variants(client, teacher):
    for uid, text in (("a", "学费可以分期吗"), ("b", "学费可以分期吗？"), ("c", "学费能分期付吗")):
        await welder_says(client, text, uid=uid)
    await welder_says(client, "食堂几点开饭", uid="d")
    await group_now(client)
    html = await page(client, "/teacher/")
    table = html[html.index('id="unanswered"') :]
    rows = table.split("<tr>")[2:]
    assert "学费可以分期吗" in rows[0].split("</td>")[0]
    assert '<td class="num">3</td>' in rows[0]
    assert "学费能分期付吗" in rows[0]
    assert "食堂几点开饭" in rows[1]
    assert "/teacher/improve?message=" in rows[0]


# -- conversations -----------------------------------------------------------------------


def listed(html: str) -> set[int]:
    table = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return {int(part.split('"')[0]) for part in table.split('href="/teacher/welders/')[1:]}


@pytest.fixture
async def three_welders(client, teacher):
    """a: answered and moved to review; b: unanswered; c: asked for a teacher."""
    a = await welder_says(client, ANSWERED, "我已经提交了", uid="a")
    b = await welder_says(client, UNANSWERED, uid="b")
    c = await welder_says(client, ANSWERED, "找老师", uid="c")
    return a, b, c


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, "abc"),
        ({"stage": "review"}, "a"),
        ({"stage": "preparation"}, "bc"),
        ({"fell_back": "1"}, "b"),
        ({"handoff": "open"}, "c"),
        ({"handoff": "any"}, "c"),
        ({"q": "浏览器"}, "ac"),
        ({"q": "分期"}, "b"),
        ({"q": "学"}, "b"),
        ({"q": "提交了", "stage": "review"}, "a"),
        ({"stage": "no-such-stage"}, "abc"),
    ],
)
async def test_conversations_are_filtered(client, three_welders, params, expected):
    ids = dict(zip("abc", three_welders, strict=True))
    html = await page(client, "/teacher/conversations", **params)
    assert listed(html) == {ids[k] for k in expected}


async def test_a_date_range_keeps_welders_who_wrote_in_it(client, three_welders):
    a, _, _ = three_welders
    await run_sql(
        client,
        "UPDATE messages SET time = $1 WHERE welder_id = $2",
        "2026-01-05T10:00:00.000+08:00",
        a,
    )
    html = await page(client, "/teacher/conversations", start="2026-01-01", end="2026-01-05")
    assert listed(html) == {a}


async def test_a_bad_date_is_explained_instead_of_failing(client, three_welders):
    html = await page(client, "/teacher/conversations", start="5月1日")
    assert "看不懂" in html
    assert len(listed(html)) == 3


@pytest.mark.parametrize("query", ["%", "_", "\\", '"', '学费"分期', "a%b", "OR", "NEAR("])
async def test_search_treats_wildcards_and_quotes_as_plain_text(client, three_welders, query):
    html = await page(client, "/teacher/conversations", q=query)
    assert listed(html) == set()


async def test_search_finds_a_percent_sign_typed_by_a_welder(client, teacher):
    welder = await welder_says(client, "进度100%了吗", uid="p")
    await welder_says(client, ANSWERED, uid="other")
    assert listed(await page(client, "/teacher/conversations", q="%")) == {welder}


async def test_conversations_show_the_welders_name_and_note(client, teacher):
    async with own_session(client) as welder:
        await welder.post("/api/profile", json={"name": "张三", "company": "宝山焊接厂"})
        await welder.post("/api/chat", json={"text": ANSWERED})
    await run_sql(client, "UPDATE welders SET note = '缺体检报告'")
    html = await page(client, "/teacher/conversations")
    assert "张三" in html
    assert "宝山焊接厂" in html
    assert "缺体检报告" in html


# -- one transcript ----------------------------------------------------------------------


async def test_a_transcript_shows_each_reply_with_its_entry_and_confidence(client, teacher):
    welder = await welder_says(client, UNANSWERED, ANSWERED, uid="a")
    html = await page(client, f"/teacher/welders/{welder}")
    assert ANSWERED in html
    assert "条目：用谷歌还是火狐浏览器？（browser_choice）" in html
    assert "置信度 0." in html
    assert "没答上" in html
    assert html.count('data-testid="msg"') == 4


async def test_a_transcript_links_each_question_to_improving_its_answer(client, teacher):
    welder = await welder_says(client, UNANSWERED, uid="a")
    html = await page(client, f"/teacher/welders/{welder}")
    assert '/teacher/improve?message=1"' in html


async def test_a_transcript_shows_the_stage_history(client, teacher):
    welder = await welder_says(client, ANSWERED, "我已经提交了", uid="a")
    html = await page(client, f"/teacher/welders/{welder}")
    history = html[html.index("进度记录") :]
    assert "开始于 准备材料" in history
    assert "准备材料 → 等待审批" in history


async def test_a_note_is_saved_for_the_welder(client, teacher):
    welder = await welder_says(client, ANSWERED, uid="a")
    resp = await client.post(
        f"/teacher/welders/{welder}/note", data={"note": "已电话联系", "csrf": teacher}
    )
    assert resp.status == 200
    assert "备注已保存" in await resp.text()
    row = await database_of(client).fetchone("SELECT note FROM welders WHERE id = $1", welder)
    assert row["note"] == "已电话联系"


async def test_an_unknown_welder_is_a_chinese_404(client, teacher):
    resp = await client.get("/teacher/welders/999")
    assert resp.status == 404
    assert "页面找不到了" in await resp.text()


@pytest.mark.parametrize("query", ["补正", "火狐"])
async def test_search_covers_the_welders_words_and_the_bots_only_when_asked(client, teacher, query):
    # The bot's answer about browsers names 火狐; the welder only asked.
    asker = await welder_says(client, "电脑上用什么浏览器", uid="asker")
    sayer = await welder_says(client, "收到补正短信了", uid="sayer")
    by_welder = {"补正": {sayer}, "火狐": set()}[query]
    assert listed(await page(client, "/teacher/conversations", q=query)) == by_welder
    everything = listed(await page(client, "/teacher/conversations", q=query, bot_text="1"))
    assert by_welder <= everything
    if query == "火狐":
        assert asker in everything
