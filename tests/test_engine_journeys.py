"""Reports and follow-ups along a whole journey: all ready while the papers are still being
photographed, a click that did nothing, a follow-up that names another paper or a topic the
guide is silent on, a measure asked of the last answer's thing, an earlier step asked for
with a pause and a reason, a courier named, both messages counted, a new welder asking of
what they hold, and a page described by how many boxes it has."""

from __future__ import annotations

import pytest

from bot.store import Progress
from tests.engine_support import talk

UPLOADING = Progress("submission", step="sub_8", last_entry="upload_overview", known=True)


@pytest.mark.parametrize("said", ["都好了 照片也拍了", "全弄好了 正在拍照", "都齐了 还要拍照吗"])
def test_all_ready_while_photographing_is_the_papers_and_the_word_files_come_next(engine, said):
    reply = talk(engine, "体检报告有啥要求", said)
    assert reply.progress.stage == "preparation"
    assert {"form", "education", "medical"} <= reply.progress.checklist
    assert "word_files" not in reply.progress.checklist
    assert "word" in reply.text


def test_all_ready_with_the_word_files_and_the_app_named_is_applying(engine):
    reply = talk(engine, "体检报告有啥要求", "都好了 照片拍了 word也建了 随申办装了")
    assert reply.progress.stage == "submission"


@pytest.mark.parametrize("said", ["按了提交按钮没有反应", "点了提交 不动"])
def test_a_click_that_did_nothing_is_no_hand_in(engine, said):
    reply = engine.reply(UPLOADING, said)
    assert reply.progress.stage == "submission"
    assert "浏览器" in reply.text


def test_a_click_reported_is_still_a_hand_in(engine):
    assert engine.reply(UPLOADING, "点了提交").progress.stage == "review"


def test_a_follow_up_naming_another_paper_is_about_that_paper(engine):
    reply = talk(engine, "报名表要不要敲章", "那体检的红章有啥要求")
    assert reply.answer_id in ("medical_stamp", "medical_requirements")
    assert "医疗机构" in reply.text


def test_a_follow_up_on_what_the_guide_is_silent_on_falls_back(engine):
    reply = talk(engine, "申请交上去了", "那陈老师的号码呢")
    assert reply.answered is False


def test_a_measure_asked_after_the_forms_photo_is_that_photo_which_the_guide_leaves_out(engine):
    reply = talk(engine, "表上要贴照片吗", "要多大的")
    assert reply.answered is False
    assert "尺寸" in reply.text


def test_a_measure_asked_after_the_mailed_photo_is_answered(engine):
    reply = talk(engine, "寄给老师的照片有啥要求", "多大")
    assert reply.answered is not False
    assert "2寸" in reply.text


def test_an_earlier_step_asked_for_with_a_pause_and_a_reason(engine):
    reply = engine.reply(UPLOADING, "稍等 上一步是啥 我可能填错了")
    assert reply.progress.step is None or reply.progress.step != "sub_9"
    assert "单位" in reply.text


@pytest.mark.parametrize("said", ["发了中通", "发京东了"])
def test_sent_by_a_named_courier_is_mailed(engine, said):
    reply = talk(engine, "批下来了", said)
    assert reply.progress.stage == "done"


@pytest.mark.parametrize("said", ["短信收到两条了", "短信来了，两条"])
def test_both_messages_counted_after_they_came_is_the_approval(engine, said):
    reply = talk(engine, "申请交了", said)
    assert reply.progress.stage == "download"


@pytest.mark.parametrize(
    ("said", "stage"),
    [("决定书第一页要写电话吗", "download"), ("补正通知看不懂 急死了 咋办", "correction")],
)
def test_a_new_welder_asking_of_what_they_hold_is_in_that_stage(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize(
    "said", ["我还没开始弄 以后决定书在哪下", "听说会收到补正 补正是啥意思", "补正告知书是什么"]
)
def test_a_new_welder_asking_ahead_or_to_learn_stays_preparing(engine, said):
    assert talk(engine, said).progress.stage == "preparation"


def test_a_welder_already_preparing_who_asks_of_the_decision_stays_preparing(engine):
    reply = talk(engine, "报名表要盖章吗", "决定书第一页要写电话吗")
    assert reply.progress.stage == "preparation"


def test_the_page_described_by_its_number_of_boxes_is_that_step(engine):
    reply = talk(engine, "登上去了 页面上有四个红框")
    assert reply.progress.step == "sub_5"


def test_photographing_asked_with_the_word_files_named_is_still_the_word_files_to_make(engine):
    reply = talk(engine, "体检报告有啥要求", "都弄好了 拍照放进word 第一个放啥")
    assert reply.progress.stage == "preparation"
