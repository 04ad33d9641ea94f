"""Teachers improve the knowledge: a welder's words become a question variant or a new entry,
checked first, stored in the database, answered at once without a restart, and written as
YAML in the knowledge dir by `kb export` for review."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import shutil

import pytest
import yaml

from bot import knowledge
from bot.__main__ import main
from bot.app import create_app
from bot.entries import ADDITIONS_FILE
from bot.keys import CHAT, SETTINGS, STORE
from bot.settings import PROJECT_ROOT
from bot.teacher import improve
from tests.teacher_support import TEACHER, database_of, last_question, logged_in, welder_says

ASKED = "小孩能帮我弄吗"
NEW_QUESTIONS = [
    "学费可以分期吗",
    "学费能分期付吗",
    "培训费能不能分几次交",
    "学费一定要一次交清吗",
    "费用可以分开付吗",
    "考证的钱能分期给吗",
]
NEW_ENTRY = {
    "id": "tuition_installments",
    "step": "prep_form",
    "title": "学费能分期吗？",
    "questions": "\n".join(NEW_QUESTIONS),
    "answer": "学费怎么交请直接问老师。\n可以点「找老师」留言。",
    "gist": "指南没写，直接问老师",
    "source": "",
    "related": "contact_teacher",
}


@pytest.fixture
async def console(aiohttp_client, tmp_path, settings, kb):
    """A console on a copy of the knowledge dir (the repository's is never written)."""
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    settings = dataclasses.replace(settings, knowledge=root)
    client = await aiohttp_client(create_app(settings, kb))
    client.csrf = await logged_in(client)
    client.root = root
    return client


def snapshot(root) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


async def add_variant(client, entry_id: str, text: str, **extra):
    data = {"csrf": client.csrf, "entry_id": entry_id, "text": text, **extra}
    return await client.post("/teacher/improve/variant", data=data, allow_redirects=False)


async def add_entry(client, **fields):
    data = {"csrf": client.csrf, **NEW_ENTRY, **fields}
    return await client.post("/teacher/improve/entry", data=data, allow_redirects=False)


async def export(client) -> None:
    """`python -m bot kb export` (its own event loop, hence its own thread)."""
    settings = client.app[SETTINGS]
    argv = ["kb", "export", "--db", str(settings.db), "--knowledge", str(settings.knowledge)]
    if settings.database_url:
        argv += ["--database-url", settings.database_url]
    assert await asyncio.to_thread(main, argv) == 0


async def bot_answers(client, text: str, uid: str = "later") -> str | None:
    reply, _ = await client.app[CHAT].handle("web", uid, text)
    return reply.answer_id


async def test_the_improve_page_shows_the_words_and_what_the_bot_answers_now(console):
    await welder_says(console, ASKED)
    message = await last_question(console)
    html = await (await console.get("/teacher/improve", params={"message": message})).text()
    assert f'value="{ASKED}"' in html
    assert "答不上来" in html
    assert html.count("<option value=") >= len(console.app[CHAT].engine.kb.entries)


async def test_an_answered_question_shows_its_entry_and_answer(console):
    html = await (
        await console.get("/teacher/improve", params={"asked": "电脑上用什么浏览器"})
    ).text()
    assert "回答条目 <strong>用谷歌还是火狐浏览器？</strong>（browser_choice）" in html
    assert '<option value="browser_choice" selected>' in html


async def test_the_closest_entries_are_offered_for_unanswered_words(console):
    await welder_says(console, ASKED)
    message = await last_question(console)
    html = await (await console.get("/teacher/improve", params={"message": message})).text()
    closest = html[html.index("最接近的条目") :].split("</p>")[0]
    assert f'href="?message={message}&amp;entry_id=own_account"' in closest


async def test_finding_entries_narrows_the_list(console):
    html = await (await console.get("/teacher/improve", params={"find": "浏览器"})).text()
    assert 'value="browser_choice"' in html
    assert 'value="form_stamp"' not in html


async def test_a_variant_makes_the_question_answered_without_a_restart(console):
    await welder_says(console, ASKED)
    message = await last_question(console)
    assert await bot_answers(console, ASKED) is None
    resp = await add_variant(console, "own_account", ASKED, message=str(message))
    assert resp.status == 303
    assert resp.headers["Location"] == f"/teacher/improve/changes/1?message={message}"
    assert await bot_answers(console, ASKED, uid="after") == "own_account"


async def test_the_change_page_says_the_question_now_gets_the_chosen_answer(console):
    await add_variant(console, "own_account", ASKED)
    html = await (await console.get("/teacher/improve/changes/1")).text()
    assert f"现在问「{ASKED}」" in html
    assert "这个问题现在会得到所选的答案「只能本人网上申请吗？」" in html


async def test_edits_write_nothing_into_the_knowledge_dir(console):
    before = snapshot(console.root)
    await add_variant(console, "own_account", ASKED)
    await add_entry(console)
    assert snapshot(console.root) == before


async def test_export_writes_variants_to_additions_yaml(console):
    await add_variant(console, "own_account", ASKED)
    await add_variant(console, "browser_choice", "网页用哪个浏览器打开比较好")
    await export(console)
    data = yaml.safe_load((console.root / ADDITIONS_FILE).read_text(encoding="utf-8"))
    assert data["questions"]["own_account"][-1] == ASKED
    assert data["questions"]["browser_choice"][-1] == "网页用哪个浏览器打开比较好"


async def test_a_change_is_recorded_with_the_teacher(console):
    await add_variant(console, "own_account", ASKED)
    row = await database_of(console).fetchone("SELECT * FROM knowledge_changes")
    assert (row["teacher"], row["entry_id"], row["action"], row["text"]) == (
        TEACHER,
        "own_account",
        "add_question",
        ASKED,
    )


async def test_a_variant_that_belongs_to_another_entry_is_refused_untouched(console, kb):
    before = snapshot(console.root)
    engine = console.app[CHAT].engine
    taken = kb.entry("browser_choice").questions[0]
    resp = await add_variant(console, "own_account", taken)
    assert resp.status == 422
    html = await resp.text()
    assert "没有保存" in html
    assert "browser_choice" in html
    assert snapshot(console.root) == before
    assert console.app[CHAT].engine is engine
    assert await database_of(console).fetchall("SELECT * FROM knowledge_changes") == []


@pytest.mark.parametrize(
    ("entry_id", "text", "says"),
    [
        ("no_such_entry", ASKED, "请先选一个条目"),
        ("own_account", "  ", "问法是空的"),
        ("own_account", "问" * 101, "问法太长了"),
    ],
    ids=["unknown-entry", "empty", "too-long"],
)
async def test_a_bad_variant_is_refused_with_a_reason(console, entry_id, text, says):
    before = snapshot(console.root)
    resp = await add_variant(console, entry_id, text)
    assert resp.status == 422
    assert says in await resp.text()
    assert snapshot(console.root) == before


async def test_a_variant_the_entry_already_has_is_refused(console, kb):
    resp = await add_variant(console, "browser_choice", kb.entry("browser_choice").questions[0])
    assert resp.status == 422
    assert "已经有了" in await resp.text()


async def test_a_new_entry_answers_its_questions_without_a_restart(console):
    # A gist is optional: without one, a menu shows the title alone.
    resp = await add_entry(console, asked="学费可以分期吗", gist="")
    assert resp.status == 303, await resp.text()
    assert await bot_answers(console, "学费可以分期吗") == "tuition_installments"
    html = await (await console.get(resp.headers["Location"])).text()
    assert "这个问题现在会得到所选的答案「学费能分期吗？」" in html


async def test_export_writes_a_new_entry_as_reviewable_yaml(console):
    await add_entry(console)
    await export(console)
    text = (console.root / "entries" / "teacher.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "answer: |-\n    学费怎么交请直接问老师。\n    可以点「找老师」留言。" in text
    (entry,) = yaml.safe_load(text)
    assert entry["stage"] == "preparation"
    assert entry["source"] == "第一部分（一）"
    assert entry["questions"] == NEW_QUESTIONS
    assert entry["related"] == ["contact_teacher"]
    assert entry["gist"] == "指南没写，直接问老师"


async def test_a_new_entrys_gist_is_kept(console):
    await add_entry(console)
    assert console.app[CHAT].engine.kb.entry("tuition_installments").gist == "指南没写，直接问老师"


async def test_an_invalid_new_entry_lists_its_problems_and_writes_nothing(console):
    before = snapshot(console.root)
    resp = await add_entry(
        console,
        title="一个非常非常长的标题超过了十四个字",
        gist="要点也写得太长了超过了二十四个字的限制所以不能保存下来",
        questions="学费可以分期吗",
        related="nope",
    )
    assert resp.status == 422
    html = await resp.text()
    assert "超过 14 字" in html
    assert "超过 24 字" in html
    assert "至少要 6 个" in html
    assert "不存在的条目 nope" in html
    assert snapshot(console.root) == before
    assert 'value="tuition_installments"' in html  # what the teacher typed is kept


async def test_a_new_entry_needs_a_step(console):
    resp = await add_entry(console, step="")
    assert resp.status == 422
    assert "请选一个步骤" in await resp.text()


async def test_an_entry_id_that_exists_is_refused(console):
    resp = await add_entry(console, id="browser_choice")
    assert resp.status == 422
    assert "id 重复" in await resp.text()


async def test_edits_leave_no_temporary_files(console):
    await add_variant(console, "own_account", ASKED)
    await add_entry(console)
    assert [p.name for p in console.root.rglob("*.tmp")] == []


async def test_weak_matches_are_neither_suggested_nor_chosen(console):
    engine = console.app[CHAT].engine
    text = "猫咪爱吃小鱼干"
    assert engine.matcher.rank(text)[0].score < improve.SUGGEST_AT
    html = await (await console.get("/teacher/improve", params={"asked": text})).text()
    assert " selected>" not in html.split('name="entry_id"')[1].split("</select>")[0]
    assert "没有足够接近的条目" in html


async def test_a_middling_match_is_suggested_with_its_score_but_not_chosen(console):
    await welder_says(console, ASKED)
    message = await last_question(console)
    best = console.app[CHAT].engine.matcher.rank(ASKED)[0]
    answer_at = console.app[CHAT].engine.kb.thresholds.answer_at
    assert improve.SUGGEST_AT <= best.score < answer_at
    html = await (await console.get("/teacher/improve", params={"message": message})).text()
    assert f"（{best.score:.2f}）" in html
    assert " selected>" not in html.split('name="entry_id"')[1].split("</select>")[0]


async def test_exported_edits_load_beside_the_stored_ones_and_export_again_the_same(console):
    await add_variant(console, "own_account", ASKED)
    await add_entry(console)
    await export(console)
    exported = snapshot(console.root)
    await export(console)
    assert snapshot(console.root) == exported
    _, overlay = await console.app[STORE].knowledge_overlay()
    assert knowledge.load(console.root, overlay) == knowledge.load(console.root)
