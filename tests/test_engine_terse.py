"""Reports said the short way: a result between a verb and its object (扫好码了), several
things done in a row (建好插好了), latin words for the procedure's words, and papers named
ready beside a later step done."""

from __future__ import annotations

import pytest

from bot.engine import WHERE, WHICH_DONE
from bot.store import Progress
from tests.engine_support import talk

AT_LOGIN_BUTTON = Progress("submission", step="sub_3", last_entry="login_button", known=True)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("这边扫完码了", "这边扫码完了"),
        ("章盖完了没", "章盖完了没"),
        ("盖完章后", "盖章完后"),
        ("拍好照片没", "拍好照片没"),  # 照片 is one word: nothing moves
    ],
)
def test_a_result_between_verb_and_object_follows_the_object(engine, said, read):
    assert engine.matcher.normalize.light(said) == read


def test_the_code_scanned_with_the_result_first_is_the_login_done(engine):
    reply = engine.reply(AT_LOGIN_BUTTON, "扫好码了呀")
    assert reply.progress.step == "sub_5"


@pytest.mark.parametrize(("latin", "word"), [("scan", "扫码"), ("login", "登录"), ("url", "网址")])
def test_a_latin_word_the_lexicon_names_is_read_before_pinyin(engine, latin, word):
    assert engine.matcher.normalize(f"{latin}了吗") == engine.matcher.normalize(f"{word}了吗")


def test_the_app_named_ready_beside_the_login_done_is_logged_in(engine):
    reply = talk(engine, "随申办实名弄好了 刚登进去了")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_5")


def test_the_app_used_to_scan_is_the_login_not_the_app_made(engine):
    reply = talk(engine, "用随申办扫好码了可是电脑上没有跳转")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_4")


def test_several_things_done_in_a_row_report_the_step_of_the_last_answer(engine):
    state = Progress("preparation", step="prep_word", last_entry="word_how_many", known=True)
    reply = engine.reply(state, "拍完建完了")
    assert "word_files" in reply.progress.checklist


def test_printed_alone_is_printed_only(engine):
    # A control: this was read so before; filled first, below, is the same.
    state = Progress("preparation", step="prep_form", last_entry="form_exam_item", known=True)
    assert "form" not in engine.reply(state, "打好了").progress.checklist


def test_filled_then_printed_is_printed_only(engine):
    state = Progress("preparation", step="prep_form", last_entry="form_exam_item", known=True)
    reply = engine.reply(state, "填完打完了")
    assert reply.progress.stage == "preparation"
    assert "form" not in reply.progress.checklist
    assert "签字" in reply.text


@pytest.mark.parametrize("said", ["区也点好了", "区也选了"])
def test_also_between_what_was_done_and_its_verb_is_the_report_alone(engine, said):
    state = Progress("submission", step="sub_1", last_entry="entrance_url", known=True)
    assert engine.reply(state, said).progress.step == "sub_3"


@pytest.mark.parametrize(
    ("said", "offered"),
    [
        ("下载好了", "装好了随申办APP"),
        ("刚下了一个pdf 下一步呢", "下载了决定书"),
        ("打出来了 接下来干啥", "打印了报名表"),
        # A PDF opened is one of the two the welder downloads, pointed at or not.
        ("那个pdf打开了然后呢", "下载了补正告知书"),
        ("pdf打开了", "下载了决定书"),
    ],
)
def test_a_new_welders_bare_download_or_print_asks_which(engine, said, offered):
    reply = talk(engine, said)
    assert reply.answer_id is None
    assert offered in reply.quick_replies and len(reply.quick_replies) >= 2
    assert reply.progress.stage == "preparation"


@pytest.mark.parametrize("said", ["做好了 接下来呢", "搞定了"])
def test_a_new_welders_bare_report_of_doing_anything_asks_where_they_are(engine, said):
    reply = talk(engine, said)
    assert reply.answer_id is None
    assert reply.quick_replies == WHERE


def test_everything_done_from_a_new_welder_is_all_ready(engine):
    # A control: "都" says what was done, everything, so nothing is asked back.
    assert talk(engine, "都搞好了").progress.stage == "submission"


def test_each_choice_offered_for_a_bare_report_is_read_as_that_report(engine):
    stages = {
        choice: talk(engine, choice).progress.stage
        for choices in WHICH_DONE.values()
        for choice in choices
    }
    assert stages == {
        "装好了随申办APP": "preparation",
        "下载了补正告知书": "correction",
        "下载了决定书": "download",
        "打印了报名表": "preparation",
        "打印了决定书": "download",
    }


def test_a_bare_download_after_an_answer_is_that_answers_step(engine):
    state = Progress("preparation", step="prep_app", last_entry="app_download", known=True)
    reply = engine.reply(state, "下载好了")
    assert reply.quick_replies[0] != "装好了随申办APP"
    assert "app" in reply.progress.checklist


def test_printed_after_the_word_files_answer_is_not_the_word_files(engine):
    # Printing makes papers; the Word files are made from their photos, not printed.
    reply = talk(engine, "word文档要建几个", "打好了")
    assert reply.progress.stage == "preparation"
    assert "word_files" not in reply.progress.checklist


@pytest.mark.parametrize(
    ("said", "item"),
    [
        # Done said last, counted, with a misspelt word.
        (("word文当三个都搞定",), "word_files"),
        # How it was done, told after it.
        (("随申办从哪下载", "下好了 我是支付宝关联注册的"), "app"),
    ],
)
def test_done_said_in_other_words_readies_the_item(engine, said, item):
    assert item in talk(engine, *said).progress.checklist
