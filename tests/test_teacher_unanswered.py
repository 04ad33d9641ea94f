"""The console's download of unanswered questions, as the start of a `bot eval` file."""

from __future__ import annotations

import pytest
import yaml

from bot.evaluate import parse
from bot.teacher import clock
from tests.teacher_support import group_now, logged_in, run_sql, welder_says

# Questions the guide does not answer, written to upset YAML and HTML alike.
HOSTILE = (
    "<script>alert('学费')</script> 能分期吗",
    "- q: 食堂几点开饭 # 还有: 宿舍呢?",
    '"中午吃什么好" & *饭卡 !怎么办 {充值} [多少钱] %',
    "yes",
    "明天会不会下雨\n后天呢",
    "食堂\t开门吗\u2028\x85😀",
)


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def download(client) -> str:
    resp = await client.get("/teacher/unanswered.yaml")
    assert resp.status == 200
    assert resp.content_type == "application/yaml"
    assert "attachment" in resp.headers["Content-Disposition"]
    return await resp.text()


async def test_unanswered_questions_come_back_exactly_as_eval_singles(client, teacher, kb):
    for n, text in enumerate(HOSTILE):
        await welder_says(client, text, uid=f"w{n}")
    await welder_says(client, "需要哪些资料", uid="answered")
    body = await download(client)
    singles = yaml.safe_load(body)["singles"]
    assert sorted(s["q"] for s in singles) == sorted(HOSTILE)
    assert {s["kind"] for s in singles} == {"answer"}
    assert body.count("kind: answer  # id: ?\n") == len(HOSTILE)
    # Once each single names its entry, the file is a valid batch test.
    named = {"singles": [{**s, "id": "contact_teacher"} for s in singles]}
    suite = parse(named, {e.id for e in kb.entries}, {s.id for s in kb.stages})
    assert len(suite.singles) == len(HOSTILE)


async def test_a_question_asked_twice_is_listed_once(client, teacher):
    await welder_says(client, "食堂几点开饭", uid="a")
    await welder_says(client, " 食堂几点开饭 ", uid="b")
    assert yaml.safe_load(await download(client))["singles"] == [
        {"q": "食堂几点开饭", "kind": "answer"}
    ]


async def test_with_nothing_unanswered_the_file_is_still_valid_yaml(client, teacher):
    assert yaml.safe_load(await download(client)) == {"singles": []}


async def test_the_download_needs_a_login(client):
    await welder_says(client, "食堂几点开饭")
    resp = await client.get("/teacher/unanswered.yaml", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"].startswith("/teacher/login")
    assert "食堂" not in await resp.text()


async def test_the_dashboard_links_the_download_and_escapes_the_questions(client, teacher):
    await welder_says(client, HOSTILE[0])
    await group_now(client)
    html = await (await client.get("/teacher/")).text()
    section = html[html.index('id="unanswered"') :]
    assert 'href="/teacher/unanswered.yaml"' in section
    assert "python -m bot eval" in section
    assert "&lt;script&gt;" in section and "<script>" not in section


async def test_questions_older_than_the_dashboard_shows_are_left_out(client, teacher):
    await welder_says(client, "食堂几点开饭")
    await run_sql(client, "UPDATE messages SET time = $1", "2000-01-01T00:00:00")
    await welder_says(client, "宿舍几点关门")
    texts = [s["q"] for s in yaml.safe_load(await download(client))["singles"]]
    assert texts == ["宿舍几点关门"]


async def test_the_download_holds_the_newest_500_questions(client, teacher):
    welder = await welder_says(client, "你好")
    await run_sql(
        client,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1002)"
        " INSERT INTO messages (id, welder_id, time, channel, role, text, answered, stage)"
        " SELECT 1000 + i, $1, $2, 'web', CASE i % 2 WHEN 1 THEN 'welder' ELSE 'bot' END,"
        " '问题' || ((i + 1) / 2), CASE i % 2 WHEN 1 THEN NULL ELSE 0 END, 'preparation' FROM n",
        welder,
        clock.stamp(clock.now()),
    )
    texts = [s["q"] for s in yaml.safe_load(await download(client))["singles"]]
    assert len(texts) == 500
    assert texts[0] == "问题501" and texts[-1] == "问题2"
