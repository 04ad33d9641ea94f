"""What comes next within a step: the rest of a step recalled before the next one, the
next box of a figure by its number alone, the next part of making the form, a terse verb
of a later step, a clause told before the next click is asked; and what is asked where the
welder is: a verb alone after an answer, a box reached and asked about."""

from __future__ import annotations

import pytest

from bot.store import Progress
from tests.engine_support import talk

APPLYING = Progress("submission", step="sub_1", last_entry="entrance_url", known=True)


def test_then_after_how_to_hand_a_correction_in_recalls_the_steps_left(engine):
    reply = talk(engine, "今天收到补正短信", "看过了 材料也重新弄好了", "然后")
    # The step in a line, its button, then what comes after it.
    for said in ("下一步", "申请材料", "上传", "提交", "已提交"):
        assert said in reply.text


@pytest.mark.parametrize("said", ["网站打开了先点哪个", "网页打开了第一步点啥"])
def test_opened_then_the_first_click_asked_is_the_next_step(engine, said):
    reply = engine.reply(APPLYING, said)
    assert reply.answer_id == "choose_district"
    assert reply.progress.step == "sub_2"


def test_a_question_with_no_report_before_it_stays_one_question(engine):
    assert engine.reply(APPLYING, "提交了还能改吗").progress.stage == "submission"


def test_a_box_number_alone_after_a_box_is_the_next_box_of_that_figure(engine):
    reply = talk(engine, "到单位信息这页了 框1填啥", "框2呢", "3", state=APPLYING)
    assert reply.answer_id == "unit_address"
    reply = engine.reply(reply.progress, "5呢")
    assert reply.answer_id == "title_level"


def test_a_number_alone_after_an_ordinary_answer_picks_nothing(engine):
    reply = talk(engine, "单位名称跟盖章单位一样吗", "3", state=APPLYING)
    assert reply.answer_id != "unit_address"


def test_all_done_in_the_middle_of_the_application_keeps_the_welder_there(engine):
    reply = talk(engine, "到单位信息这页了 框1填啥", "都好了 点哪", state=APPLYING)
    assert reply.progress.step == "sub_7"
    assert "下一步" in reply.text


@pytest.mark.parametrize("done", ["写完了呢", "填好了", "打好了"])
def test_the_form_filled_in_or_printed_still_wants_the_photo_stamp_and_signature(engine, done):
    reply = talk(engine, "报名表咋填", done)
    assert reply.answer_id == "form_after_print"
    assert "form" not in reply.progress.checklist


def test_the_app_installed_is_still_ready_as_before(engine):
    reply = talk(engine, "随申办在哪下", "装好了")
    assert reply.answer_id != "app_register"


@pytest.mark.parametrize(
    ("said", "entry"), [("下了 然后", "print_decision"), ("打了 然后", "write_on_decision")]
)
def test_a_terse_verb_then_then_after_where_to_download_goes_on(engine, said, entry):
    reply = talk(engine, "审批通过了", "在哪下", said)
    assert reply.answer_id == entry
    assert reply.progress.stage == "download"


def test_where_to_install_asked_alone_after_the_app_is_the_app(engine):
    reply = talk(engine, "随申办还没装", "去哪装")
    assert reply.answer_id == "app_download"


def test_a_box_reached_then_asked_is_that_box(engine):
    reply = engine.reply(APPLYING, "填到受理机构那栏了 要选啥")
    assert reply.answer_id == "accept_agency"
    assert reply.progress.step == "sub_7"


def test_done_and_then_said_without_le_asks_what_comes_after(engine):
    reply = talk(engine, "进去了 然后呢", "点完区呢", state=APPLYING)
    assert reply.answer_id == "login_button"
    assert reply.progress.step == "sub_3"
