"""The engine on how a welder asks: two questions at once, what to do now, what is left to try
when the advice did not help, and stories told around a question."""

from __future__ import annotations

import pytest

from bot.engine import HANDOFF
from bot.store import Progress
from tests.engine_support import talk


def says(kb, reply, entry_id: str) -> bool:
    return kb.entry(entry_id).reply in reply.text


def test_two_questions_each_get_their_answer_when_a_closing_bu_asks(engine, kb):
    reply = talk(engine, "网上申请用啥浏览器 能叫同事替我在网上报不")
    assert says(kb, reply, "browser_choice") and says(kb, reply, "own_account")
    reply = talk(engine, "体检要看辨色力不 学历证明能手写不")
    assert "辨色力" in reply.text and says(kb, reply, "edu_handwrite")


def test_a_pair_asked_after_what_was_done_gets_both_answers(engine, kb):
    reply = talk(engine, "嗯 登上来了 学历和职称咋选", state=Progress("submission", step="sub_7"))
    assert says(kb, reply, "education_level") and says(kb, reply, "title_level")


def test_the_same_asked_of_another_thing_that_one_answer_covers_is_said_once(engine, kb):
    reply = talk(engine, "新办的姓名证件号要手输吗 增项呢")
    assert reply.answer_id == "basic_info_name_id"
    assert reply.text.count(kb.entry("basic_info_name_id").reply) == 1


@pytest.mark.parametrize("said", ["要弄啥", "我要搞什么", "得整啥子"])
def test_what_to_do_asked_of_nothing_is_the_step_the_welder_is_at(engine, said):
    assert talk(engine, said).answer_id == "materials_overview"


def test_told_to_apply_online_is_not_applying_and_what_to_do_is_where_to_begin(engine):
    reply = talk(engine, "字认不得几个 厂里叫我自己去网上报 要搞啥")
    assert reply.progress.stage == "preparation"
    assert reply.answer_id == "materials_overview"


def test_what_an_approval_brings_asked_ahead_is_the_approvals_answer(engine):
    reply = talk(engine, "批了以后该干嘛", state=Progress("review", step="rev_wait"))
    assert reply.answer_id == "approved_next"
    assert reply.progress.stage == "review"


def test_still_failing_after_the_advice_gets_the_rest_of_the_remedy_then_a_teacher(engine):
    state = talk(engine, "传不上去怎么办", state=Progress("submission", step="sub_8")).progress
    assert state.last_entry == "upload_fail"
    rest = talk(engine, "换了浏览器也还是不行", state=state)
    assert rest.answer_id == "page_error"
    last = talk(engine, "照样不行", state=rest.progress)
    assert last.answer_id == "page_error" and last.quick_replies[0] == HANDOFF


def test_still_failing_after_an_answer_that_said_everything_offers_a_teacher(engine):
    state = talk(engine, "扫了码手机上没反应", state=Progress("submission")).progress
    assert state.last_entry == "scan_no_response"
    reply = talk(engine, "还是没反应", state=state)
    assert reply.answer_id == "scan_no_response" and reply.quick_replies[0] == HANDOFF


def test_logged_in_then_which_click_is_where_the_last_answers_steps_go_on_from_there(engine):
    state = Progress("correction", step="cor_resubmit", last_entry="correction_reupload")
    reply = talk(engine, "登上去了点啥", state=state)
    assert reply.text.startswith("接下来")
    assert "办件查询" in reply.text and "材料补正" in reply.text and "提交" not in reply.text


def test_a_notice_that_finds_a_stamp_missing_in_dialect(engine):
    reply = talk(engine, "告知书讲体检单子没得医院的章 咋弄", state=Progress("correction"))
    assert reply.answer_id == "medical_stamp"


def test_clicking_the_upload_button_is_not_the_upload_done(engine):
    reply = talk(engine, "申请表那栏点了上传 跳出个窗口 该选哪个", state=Progress("submission"))
    assert reply.progress.step == "sub_8"


def test_what_a_page_shows_and_what_to_do_after_clicking_is_at_that_page(engine):
    reply = talk(engine, "网页上有个框写着请登录 点了以后该咋弄")
    assert reply.answer_id == "login_button"
    assert reply.progress.stage == "submission"


@pytest.mark.parametrize("said", ["五一前交的", "十月份提交的"])
def test_handed_in_by_the_calendar_is_news(engine, said):
    assert talk(engine, said).progress.stage == "review"


def test_a_spoken_pause_after_then_does_not_make_a_question(engine):
    said = "我提交完了以后啊状态就是已提交了然后想改一下电话号码改不动怎么办"
    reply = talk(engine, said)
    assert reply.progress.stage == "review"
    assert reply.answer_id == "modify_after_submit"


def test_where_a_paper_was_made_told_beside_a_question_is_not_what_is_asked(engine):
    assert talk(engine, "体检报告要敲章吗 社区医院开的").answer_id == "medical_stamp"


def test_a_papers_name_alone_after_another_papers_answer_asks_the_same(engine):
    reply = talk(engine, "学历证明能不能手写", "体检报告")
    assert reply.answer_id == "medical_requirements"


def test_a_file_that_will_not_open_on_the_computer_is_not_the_website(engine):
    reply = talk(engine, "pdf文件打不开")
    assert reply.answer_id != "page_error"
    assert reply.progress.stage == "preparation"


@pytest.mark.parametrize("said", ["？？？", "。。。", "!!", "~~"])
def test_punctuation_alone_gets_a_reply(engine, said):
    reply = talk(engine, said)
    assert reply.text and reply.progress.stage == "preparation"


def test_will_not_open_said_of_nothing_by_a_new_welder_is_asked_back(engine, kb):
    reply = talk(engine, "老打不开")
    assert reply.answer_id is None and reply.answered
    titles = {kb.entry(i).title for i in ("page_error", "scan_no_response", "upload_fail")}
    assert titles <= set(reply.quick_replies)


@pytest.mark.parametrize("stage", ["review", "correction", "download"])
def test_will_not_open_at_a_stage_done_on_the_website_is_its_page(engine, stage):
    assert talk(engine, "老打不开", state=Progress(stage)).answer_id == "page_error"


def test_where_a_paper_was_made_told_first_leaves_what_is_said_of_it(engine):
    # Which hospital the guide is silent on; what it says of a handwritten report it is not.
    reply = talk(engine, "体检是他们社区医院做的 报告上全是手写字")
    assert reply.answer_id == "medical_requirements"
