"""The welder's chat page in a real browser (headless Chromium), at a phone size.

Uses the fixtures from tests/conftest.py:
  live_server -- base URL (str) of the real service, started with a fresh database
  browser     -- a Playwright Browser (session scoped)
Playwright's sync API in plain (non-async) tests; `expect` does the waiting.
"""

from playwright.sync_api import expect

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "zh-CN",
}
QUESTION = "电脑上网申请用哪种浏览器"
MARKUP = "<img src=x onerror=alert(1)>"

MSGS = "[data-testid=msg]"
WELDER = "[data-testid=msg][data-role=welder]"
BOT = "[data-testid=msg][data-role=bot]"


def _open_phone(browser, base_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url.rstrip("/") + "/")
    return context, page, errors


def _bubbles(page):
    """[(role, text)] of every bubble on the page, top to bottom."""
    return page.eval_on_selector_all(
        MSGS, "els => els.map(e => [e.getAttribute('data-role'), e.textContent])"
    )


def _send(page, text):
    box = page.get_by_test_id("input")
    box.fill(text)
    box.press("Enter")


def test_welder_asks_taps_a_chip_and_reload_keeps_history(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    try:
        # the welcome greeting from the bot, with its quick replies
        bot = page.locator(BOT)
        expect(bot.first).to_be_visible()
        expect(bot.first).not_to_have_text("")
        expect(page.locator(WELDER)).to_have_count(0)

        # ask about the browser; Enter sends
        _send(page, QUESTION)
        welder = page.locator(WELDER)
        expect(welder).to_have_count(1)
        expect(welder.first).to_have_text(QUESTION)
        expect(page.get_by_test_id("input")).to_have_value("")

        # the knowledge base answers: use Google's browser (谷歌)
        expect(bot).to_have_count(2)
        expect(bot.nth(1)).to_contain_text("谷歌")
        expect(page.get_by_test_id("typing")).to_have_count(0)
        expect(bot.nth(1)).to_be_in_viewport()

        # quick replies sit under the latest answer only; tapping one sends its text
        chip = page.get_by_test_id("chip").first
        expect(chip).to_be_visible()
        chip_text = chip.inner_text().strip()
        assert chip_text
        chip.tap()
        expect(welder).to_have_count(2)
        expect(welder.nth(1)).to_have_text(chip_text)
        expect(bot).to_have_count(3)
        expect(bot.nth(2)).not_to_have_text("")
        expect(page.get_by_test_id("typing")).to_have_count(0)

        # nothing is wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            "horizontal scroll at 360px"
        )

        # reload: the same conversation comes back from /api/history
        before = _bubbles(page)
        assert [role for role, _ in before] == ["bot", "welder", "bot", "welder", "bot"], before
        page.reload()
        expect(page.locator(MSGS)).to_have_count(len(before))
        expect(page.locator(MSGS).last).to_have_text(before[-1][1])
        assert _bubbles(page) == before
        expect(page.locator(MSGS).last).to_be_in_viewport()
        assert errors == [], errors
    finally:
        context.close()


def test_markup_typed_by_the_welder_shows_as_plain_text(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        expect(page.locator(BOT).first).to_be_visible()
        _send(page, MARKUP)

        bubble = page.locator(WELDER).last
        expect(bubble).to_have_text(MARKUP)
        # the bot answered too, so the text went to the server and back
        expect(page.locator(BOT)).to_have_count(2)
        expect(page.get_by_test_id("typing")).to_have_count(0)
        messages = page.get_by_test_id("messages")
        expect(messages.locator("img")).to_have_count(0)
        assert bubble.evaluate("e => e.children.length") == 0

        # and again when it comes back from the history
        page.reload()
        bubble = page.locator(WELDER).last
        expect(bubble).to_have_text(MARKUP)
        expect(page.locator(BOT)).to_have_count(2)
        expect(page.get_by_test_id("messages").locator("img")).to_have_count(0)
        page.wait_for_timeout(300)  # give a would-be onerror handler the chance to fire
        assert dialogs == []
        assert errors == [], errors
    finally:
        context.close()


def test_a_resend_after_a_lost_answer_is_stored_once(live_server, browser):
    context, page, errors = _open_phone(browser, live_server)
    bodies = []
    try:
        expect(page.locator(BOT).first).to_be_visible()

        def lose_first_answer(route):
            bodies.append(route.request.post_data_json)
            if len(bodies) == 1:
                route.fetch()  # the server stores and answers it ...
                route.abort()  # ... and the answer is lost on the way back
            else:
                route.continue_()

        page.route("**/api/chat", lose_first_answer)
        _send(page, QUESTION)
        page.get_by_test_id("resend").click()
        expect(page.locator(BOT)).to_have_count(2)
        history = page.request.get(live_server.rstrip("/") + "/api/history").json()
        asked = [m for m in history["messages"] if m["text"] == QUESTION]
        assert len(asked) == 1
        assert bodies[0]["client_id"] == bodies[1]["client_id"]
        assert errors == []
    finally:
        context.close()
