"""The console's newer pages in a real browser at 1366×768, with a welder's phone beside it:
roster, Excel export, notices, setting a stage, the review queue, charts, search, nudges."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import openpyxl
from playwright.sync_api import expect

from bot.chat import NUDGE
from bot.store import SHANGHAI

from .test_browser_chat import PHONE
from .test_teacher_browser import add_teacher, open_page
from .test_teacher_live import LAPTOP, arrange, log_in

NOTICE = "本周区局审批较慢，请耐心等待。"


def phone_says(browser, url: str, *texts: str):
    phone, page, problems = open_page(browser, url + "/", console_errors=False, **PHONE)
    bots = page.locator("[data-testid=msg][data-role=bot]")
    expect(bots.first).to_be_visible()
    for n, text in enumerate(texts, start=2):
        page.get_by_test_id("input").fill(text)
        page.get_by_test_id("input").press("Enter")
        expect(bots).to_have_count(n)
    return phone, page, problems


def test_roster_export_notice_and_stage_reach_the_welder(live_server_factory, browser, tmp_path):
    server = live_server_factory()
    add_teacher(server.database)
    phone, welder, welder_problems = phone_says(browser, server.url, "我已经提交了")
    welder.get_by_test_id("profile-open").tap()
    welder.get_by_test_id("profile-name").fill("张师傅")
    welder.get_by_test_id("profile-phone").fill("13800000001")
    welder.get_by_test_id("profile-save").tap()
    expect(welder.get_by_test_id("profile-saved")).to_be_visible()
    desk, teacher, problems = open_page(
        browser, server.url + "/teacher/roster", console_errors=True, **LAPTOP
    )
    try:
        log_in(teacher)
        roster = teacher.get_by_test_id("roster")
        expect(roster).to_contain_text("张师傅")
        expect(roster).to_contain_text("13800000001")
        expect(roster).to_contain_text("等待审批")
        teacher.locator("form[role=search] select[name=stage]").select_option("correction")
        teacher.get_by_role("button", name="筛选").click()
        expect(teacher.get_by_text("没有符合条件的焊工")).to_be_visible()
        teacher.get_by_role("link", name="清除").click()

        with teacher.expect_download() as download:
            teacher.get_by_test_id("roster-xlsx").click()
        path = tmp_path / "welders.xlsx"
        download.value.save_as(path)
        rows = list(openpyxl.load_workbook(path).worksheets[0].values)
        assert rows[1][1:3] == ("张师傅", "13800000001")
        assert isinstance(rows[1][8], datetime)

        teacher.get_by_text("给一个阶段的焊工发通知").click()
        form = teacher.get_by_test_id("notice-form")
        form.get_by_label("发给").select_option("review")
        form.get_by_role("textbox").fill(NOTICE)
        form.get_by_role("button", name="发通知").click()
        expect(teacher.get_by_test_id("noticed")).to_contain_text("1 位焊工")
        teacher_line = welder.locator("[data-testid=msg][data-role=teacher]")
        expect(teacher_line).to_have_text(NOTICE, timeout=10_000)
        expect(welder.locator(".row--teacher .name")).to_have_text("老师的通知")

        teacher.get_by_role("link", name="张师傅").click()
        stage_form = teacher.get_by_test_id("stage-form")
        stage_form.get_by_role("combobox").select_option("correction")
        stage_form.get_by_role("textbox").fill("电话里说收到补正短信")
        stage_form.get_by_role("button", name="改阶段").click()
        expect(teacher.get_by_role("status")).to_contain_text("阶段已改好")
        expect(teacher.get_by_test_id("changed-by").last).to_have_text(
            "陈老师 改的：电话里说收到补正短信"
        )
        strip = welder.get_by_test_id("stage-strip")
        welder.reload()
        expect(strip).to_have_attribute("data-stage", "correction")
        assert problems == [], problems
        assert welder_problems == [], welder_problems
    finally:
        desk.close()
        phone.close()


def test_review_queue_improve_charts_and_search(live_server_factory, browser):
    server = live_server_factory()
    add_teacher(server.database)
    phone, welder, _ = phone_says(browser, server.url, "电脑上用什么浏览器")
    welder.get_by_test_id("vote-down").tap()
    expect(welder.locator("[data-testid=msg][data-role=bot]")).to_have_count(3)
    phone.close()
    desk, teacher, problems = open_page(
        browser, server.url + "/teacher/", console_errors=True, **LAPTOP
    )
    try:
        log_in(teacher)
        queue = teacher.get_by_test_id("review-unhelpful")
        expect(queue).to_contain_text("电脑上用什么浏览器")
        queue.get_by_role("link", name="改进").click()
        expect(teacher.locator("input[name=asked].wide")).to_have_value("电脑上用什么浏览器")
        expect(teacher.get_by_test_id("closest")).to_contain_text(re.compile(r"（\d\.\d\d）"))

        teacher.get_by_role("link", name="图表").click()
        expect(teacher.get_by_test_id("column-chart").locator("g")).to_have_count(30)
        expect(teacher.locator("svg.chart").nth(1)).to_contain_text("准备材料")

        teacher.get_by_role("link", name="对话").click()
        teacher.get_by_label("搜索焊工说的话").fill("火狐")  # only the bot said it
        teacher.get_by_role("button", name="筛选").click()
        expect(teacher.get_by_text("没有符合条件的对话")).to_be_visible()
        teacher.get_by_test_id("bot-text").check()
        teacher.get_by_role("button", name="筛选").click()
        expect(teacher.locator("table")).to_contain_text("焊工 #1")
        assert problems == [], problems
    finally:
        desk.close()


def test_a_long_wait_for_approval_brings_a_nudge_on_the_next_visit(live_server_factory, browser):
    server = live_server_factory()
    phone, welder, problems = phone_says(browser, server.url, "我已经提交了")
    try:
        then = (datetime.now(SHANGHAI) - timedelta(days=21)).isoformat(timespec="milliseconds")
        arrange(server, "UPDATE stage_changes SET at = $1", then)
        welder.reload()
        last = welder.locator("[data-testid=msg][data-role=bot]").last
        expect(last).to_have_text(NUDGE)
        expect(welder.get_by_test_id("chip").filter(has_text="找老师")).to_be_visible()
        welder.reload()
        expect(welder.locator("[data-testid=msg]").filter(has_text="个工作日了")).to_have_count(1)
        assert problems == [], problems
    finally:
        phone.close()
