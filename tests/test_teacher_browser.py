"""A teacher in a real browser (headless Chromium): log in, read the dashboard and a
transcript, reply; the welder's chat page on a phone shows the reply.

Uses the fixtures from tests/conftest.py: live_server_factory (the real service in its own
process; its database is server.db) and browser (a Playwright Browser, session scoped).
"""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import expect

from bot.settings import PROJECT_ROOT

TEACHER = "陈老师"
PASSWORD = "hanjie-2024"
QUESTION = "学费可以分期吗"
REPLY = "张师傅您好，学费的事我下午打电话跟您说。"
DESKTOP = {"viewport": {"width": 1366, "height": 860}, "locale": "zh-CN"}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "locale": "zh-CN"}


def add_teacher(database) -> None:
    where = ["--db", str(database.path), "--database-url", database.url]
    command = ["teacher", "add", TEACHER, "--password-stdin", *where]
    subprocess.run(
        [sys.executable, "-m", "bot", *command],
        input=PASSWORD + "\n",
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )


def open_page(browser, url: str, *, console_errors: bool, **options):
    """A page in a new browser context, and the script errors (and console errors) it had."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    if console_errors:
        # Includes a refused Content-Security-Policy and any resource that failed to load.
        page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.goto(url)
    return context, page, problems


def test_a_teacher_answers_a_welder_who_sees_the_reply_in_the_chat(live_server_factory, browser):
    server = live_server_factory()
    add_teacher(server.database)
    phone, welder, welder_problems = open_page(
        browser, server.url + "/", console_errors=False, **PHONE
    )
    desk, teacher, teacher_problems = open_page(
        browser, server.url + "/teacher/", console_errors=True, **DESKTOP
    )
    try:
        # the welder asks something the bot cannot answer, then asks for a teacher
        for text in (QUESTION, "找老师"):
            box = welder.get_by_test_id("input")
            box.fill(text)
            box.press("Enter")
        expect(welder.locator("[data-testid=msg][data-role=bot]")).to_have_count(3)

        # the console sends an anonymous teacher to the login first
        expect(teacher).to_have_url(re.compile(r"/teacher/login\?next="))
        teacher.get_by_label("用户名").fill(TEACHER)
        teacher.get_by_label("密码").fill(PASSWORD)
        teacher.get_by_role("button", name="登录").click()

        # the dashboard: the chart, and the welder waiting in the queue
        expect(teacher.get_by_role("heading", name="概览")).to_be_visible()
        expect(teacher.locator("svg.chart rect.bar")).to_have_count(6)
        queue = teacher.locator("section[aria-labelledby=queue]")
        expect(queue).to_contain_text(QUESTION)
        queue.get_by_role("link", name="回复").click()

        # the transcript reads like the chat; the reply goes out from there
        thread = teacher.get_by_test_id("thread")
        expect(thread.locator("[data-role=welder]").first).to_contain_text(QUESTION)
        expect(thread.locator("[data-role=bot]").first).to_contain_text("没答上")
        teacher.get_by_test_id("reply-text").fill(REPLY)
        teacher.get_by_test_id("reply-send").click()
        expect(teacher.get_by_role("status")).to_contain_text("回复已发出")
        expect(thread.locator("[data-role=teacher]")).to_contain_text(REPLY)
        expect(teacher.locator("section[aria-labelledby=queue]")).to_have_count(0)

        # the welder's page polls every 3 s and shows the teacher's message as a teacher's
        mine = welder.locator("[data-testid=msg][data-role=teacher]")
        expect(mine).to_have_count(1, timeout=10_000)
        expect(mine).to_contain_text(REPLY)

        teacher.goto(server.url + "/teacher/")
        expect(teacher.locator("section[aria-labelledby=queue]")).to_contain_text("没有等待回复")
        assert teacher_problems == [], teacher_problems
        assert welder_problems == [], welder_problems
    finally:
        desk.close()
        phone.close()
