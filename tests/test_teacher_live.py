"""The console in a real browser at 1366×768: the live inbox, its desktop notification,
a draft kept across an expired login, and transcripts that open at the newest message."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

from .test_teacher_browser import PASSWORD, PHONE, TEACHER, add_teacher, open_page

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
# Records notifications instead of showing them; permission is already granted.
FAKE_NOTIFICATION = """
window.shown = [];
window.Notification = function (title, options) { window.shown.push([title, options.body]); };
window.Notification.permission = 'granted';
window.Notification.requestPermission = function () { return Promise.resolve('granted'); };
"""
DRAFT = "张师傅，补正的照片要换成白底的，<b>今天</b>能传吗？"


def arrange(server, sql: str, *args) -> None:
    """Change the server's database directly, from outside Playwright's event loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, server.database.execute(sql, *args)).result()


def log_in(page) -> None:
    page.get_by_label("用户名").fill(TEACHER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def welder_asks(browser, url: str, *texts: str):
    phone, welder, _ = open_page(browser, url + "/", console_errors=False, **PHONE)
    for text in texts:
        welder.get_by_test_id("input").fill(text)
        welder.get_by_test_id("input").press("Enter")
    expect(welder.locator("[data-testid=msg][data-role=bot]")).to_have_count(len(texts) + 1)
    return phone


def test_a_request_for_a_teacher_arrives_live_with_a_count_and_a_notification(
    live_server_factory, browser
):
    server = live_server_factory()
    add_teacher(server.database)
    desk, teacher, problems = open_page(
        browser, server.url + "/teacher/", console_errors=True, **LAPTOP
    )
    desk.add_init_script(FAKE_NOTIFICATION)
    phone = None
    try:
        log_in(teacher)
        queue = teacher.get_by_test_id("handoffs")
        expect(queue).to_contain_text("没有等待回复")
        expect(teacher).to_have_title(re.compile(r"^概览"))
        phone = welder_asks(browser, server.url, "学费<能>分期吗", "找老师")
        expect(queue).to_contain_text("学费<能>分期吗", timeout=20_000)
        expect(teacher).to_have_title(re.compile(r"^\(1\) 概览"))
        expect(queue.locator("b")).to_have_count(0)
        shown = teacher.evaluate("window.shown")
        assert shown == [["有焊工在找老师", "焊工 #1：学费<能>分期吗"]], shown
        teacher.reload()  # announced once, not again on the next page
        expect(queue).to_contain_text("学费<能>分期吗")
        teacher.wait_for_timeout(500)
        assert teacher.evaluate("window.shown") == []
        assert problems == [], problems
    finally:
        desk.close()
        if phone:
            phone.close()


def test_a_draft_survives_an_expired_login_and_comes_back_after_it(live_server_factory, browser):
    server = live_server_factory()
    add_teacher(server.database)
    phone = welder_asks(browser, server.url, "我已经提交了")
    phone.close()
    desk, teacher, problems = open_page(
        browser, server.url + "/teacher/welders/1", console_errors=False, **LAPTOP
    )
    try:
        log_in(teacher)
        expect(teacher).to_have_url(re.compile(r"/teacher/welders/1$"))
        teacher.get_by_test_id("reply-text").fill(DRAFT)
        # the session runs out meanwhile
        arrange(server, "UPDATE teacher_sessions SET expires_at = '2000-01-01T00:00:00.000+08:00'")
        teacher.get_by_test_id("reply-send").click()
        expect(teacher.get_by_test_id("expired")).to_contain_text("登录已过期")
        log_in(teacher)
        expect(teacher).to_have_url(re.compile(r"/teacher/welders/1$"))
        expect(teacher.get_by_test_id("reply-text")).to_have_value(DRAFT)
        teacher.get_by_test_id("reply-send").click()
        expect(teacher.get_by_role("status")).to_contain_text("回复已发出")
        expect(teacher.get_by_test_id("thread").locator("[data-role=teacher]")).to_contain_text(
            DRAFT
        )
        expect(teacher.get_by_test_id("reply-text")).to_have_value("")
        teacher.reload()
        expect(teacher.get_by_test_id("reply-text")).to_have_value("")
        assert problems == [], problems
    finally:
        desk.close()


def test_a_login_page_never_sends_the_teacher_to_another_site(live_server_factory, browser):
    server = live_server_factory()
    add_teacher(server.database)
    desk, teacher, _ = open_page(
        browser,
        server.url + "/teacher/login?next=//evil.example/x",
        console_errors=False,
        **LAPTOP,
    )
    try:
        log_in(teacher)
        expect(teacher).to_have_url(server.url + "/teacher/")
    finally:
        desk.close()


def test_a_transcript_opens_at_the_newest_message(live_server_factory, browser):
    server = live_server_factory()
    add_teacher(server.database)
    questions = [f"第{n}个问题：电脑上用什么浏览器" for n in range(1, 13)]
    phone = welder_asks(browser, server.url, *questions)
    phone.close()
    desk, teacher, problems = open_page(
        browser, server.url + "/teacher/welders/1", console_errors=True, **LAPTOP
    )
    try:
        log_in(teacher)
        thread = teacher.get_by_test_id("thread")
        expect(thread.locator("[data-testid=msg]").last).to_be_in_viewport()
        expect(thread.locator("[data-testid=msg]").first).not_to_be_in_viewport()
        assert problems == [], problems
    finally:
        desk.close()
