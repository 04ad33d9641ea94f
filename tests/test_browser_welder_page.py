"""The welder's page in a real browser at 360×740: stage strip, chips, length, votes, order."""

from __future__ import annotations

from playwright.sync_api import expect

from bot.chat import NOT_HELPFUL

from .test_browser_chat import BOT, WELDER, _bubbles, _open_phone, _send

STAGES = ["preparation", "submission", "review", "correction", "download", "done"]


def test_the_strip_shows_the_stage_and_follows_every_reply(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        strip = page.get_by_test_id("stage-strip")
        expect(strip).to_have_attribute("data-stage", "preparation")
        for stage in STAGES:
            expect(page.get_by_test_id(f"strip-{stage}")).to_be_in_viewport()
        _send(page, "我已经提交了")
        expect(strip).to_have_attribute("data-stage", "review")
        expect(page.get_by_test_id("strip-review")).to_have_class("strip-btn is-current")
        expect(page.get_by_test_id("strip-preparation")).to_have_class("strip-btn is-done")
        expect(page.get_by_test_id("strip-submission")).to_have_class("strip-btn is-done")
        expect(page.get_by_test_id("strip-done")).to_have_class("strip-btn")
        page.reload()
        expect(strip).to_have_attribute("data-stage", "review")
        assert errors == [], errors
    finally:
        context.close()


def test_tapping_a_stage_shows_its_steps_and_the_welder_corrects_it(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        page.get_by_test_id("strip-preparation").tap()
        sheet = page.get_by_test_id("stage-sheet")
        expect(sheet).to_be_visible()
        expect(sheet).to_contain_text("体检报告")  # the checklist of the current stage
        expect(sheet.locator(".stage-info:visible [data-testid=stage-now]")).to_have_text(
            "您现在在这一步"
        )
        expect(page.get_by_test_id("stage-set")).to_be_hidden()
        page.get_by_test_id("stage-close").tap()

        page.get_by_test_id("strip-download").tap()
        expect(sheet).to_contain_text("下载申请受理决定书")
        expect(sheet.locator(".stage-info:visible [data-testid=stage-now]")).to_have_text(
            "还没到这一步"
        )
        page.get_by_test_id("stage-set").tap()
        expect(sheet).to_be_hidden()
        strip = page.get_by_test_id("stage-strip")
        expect(strip).to_have_attribute("data-stage", "download")
        expect(page.locator(WELDER).last).to_have_text("不对，我已经到「下载决定书」了")
        expect(page.locator(BOT).last).to_contain_text("在第一页写信息")
        page.reload()
        expect(strip).to_have_attribute("data-stage", "download")
        assert errors == [], errors
    finally:
        context.close()


def test_chips_share_rows(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        chips = page.get_by_test_id("chip")
        expect(chips.first).to_be_visible()
        count = chips.count()
        tops = {round(chips.nth(i).bounding_box()["y"]) for i in range(count)}
        assert count >= 3 and len(tops) < count, (count, tops)
        assert errors == [], errors
    finally:
        context.close()


def test_a_long_message_is_counted_and_refused_never_cut(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        box = page.get_by_test_id("input")
        counter = page.get_by_test_id("counter")
        box.fill("焊" * 100)
        expect(counter).to_be_hidden()
        box.fill("焊" * 950)
        expect(counter).to_have_text("950/1000")
        long_text = "焊" * 2000
        box.fill(long_text)
        expect(box).to_have_value(long_text)  # nothing cut on the way in
        box.press("Enter")
        expect(counter).to_contain_text("2000/1000")
        expect(counter).to_contain_text("太长了")
        expect(box).to_have_value(long_text)  # and nothing sent
        expect(page.locator(WELDER)).to_have_count(0)
        assert errors == [], errors
    finally:
        context.close()


def test_not_useful_brings_an_offer_of_a_teacher(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        _send(page, "电脑上网申请用哪种浏览器")
        answer = page.locator(BOT).nth(1)
        expect(answer).to_contain_text("谷歌")
        votes = page.get_by_test_id("votes")
        expect(votes).to_have_count(1)  # the greeting is not an answer
        page.get_by_test_id("vote-down").tap()
        expect(page.locator(BOT).last).to_have_text(NOT_HELPFUL)
        expect(page.get_by_test_id("chip").filter(has_text="找老师")).to_be_visible()
        expect(page.get_by_test_id("vote-up")).to_be_hidden()
        page.reload()
        expect(page.locator(BOT).last).to_have_text(NOT_HELPFUL)
        expect(page.get_by_test_id("vote-down")).to_have_attribute("aria-pressed", "true")
        assert errors == [], errors
    finally:
        context.close()


def test_two_quick_sends_show_the_same_order_live_and_after_a_reload(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        _send(page, "电脑上网申请用哪种浏览器")
        _send(page, "体检报告有什么要求")
        expect(page.locator(BOT)).to_have_count(3)
        expect(page.get_by_test_id("typing")).to_have_count(0)
        live = _bubbles(page)
        assert [role for role, _ in live] == ["bot", "welder", "bot", "welder", "bot"], live
        page.reload()
        expect(page.locator(BOT)).to_have_count(3)
        assert _bubbles(page) == live
        assert errors == [], errors
    finally:
        context.close()


def test_saving_my_details_is_confirmed(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        page.get_by_test_id("profile-open").tap()
        page.get_by_test_id("profile-name").fill("张师傅")
        page.get_by_test_id("profile-save").tap()
        expect(page.get_by_test_id("profile-status")).to_have_text("已保存")
        expect(page.get_by_test_id("profile-saved")).to_have_text("资料已保存")
        assert errors == [], errors
    finally:
        context.close()


def test_an_emoji_reaction_is_thanks_or_not_useful_never_an_apology(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        _send(page, "👍")
        expect(page.locator(BOT).last).to_contain_text("不客气")
        _send(page, "👎")
        expect(page.locator(BOT).last).to_contain_text("没帮上忙")
        expect(page.get_by_test_id("chip").filter(has_text="找老师")).to_have_count(1)
        expect(page.locator(BOT).filter(has_text="这个问题我还答不上来")).to_have_count(0)
        assert errors == [], errors
    finally:
        context.close()


def test_next_never_repeats_a_done_step_and_no_chip_is_offered_twice(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        for said in ["审批通过了", "决定书要打印吗", "寄出去了", "下一步"]:
            _send(page, said)
            chips = page.get_by_test_id("chip").all_inner_texts()
            assert len(chips) == len(set(chips)), chips
        expect(page.get_by_test_id("stage-strip")).to_have_attribute("data-stage", "done")
        expect(page.locator(BOT).last).to_contain_text("最后一步")
        expect(page.locator(BOT).last).not_to_contain_text("快递给")
        assert errors == [], errors
    finally:
        context.close()
