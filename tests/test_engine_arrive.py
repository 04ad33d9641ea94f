"""Welders who first write from the middle of the procedure, or go back to prepare: where
their words put them."""

from __future__ import annotations

import pytest

from bot.engine import WHERE
from bot.store import Progress
from tests.engine_support import talk

# At the upload page, after the answer on what goes in each box.
UPLOADING = Progress("submission", step="sub_8", last_entry="upload_overview", known=True)


@pytest.mark.parametrize(("said", "step"), [("到第8步了", "sub_8"), ("现在在第三步", "sub_3")])
def test_a_step_named_by_its_number_is_where_the_welder_is(engine, said, step):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)


def test_trouble_told_first_at_an_application_page_puts_the_welder_there(engine):
    reply = talk(engine, "项目种类选好 啥都没弹出来")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_6")


def test_not_yet_out_is_no_trouble_that_moves_the_welder(engine):
    state = Progress("review", step="rev_wait", known=True)
    assert engine.reply(state, "决定书还没出来").progress.stage == "review"


@pytest.mark.parametrize(
    "said",
    ["得先去补个体检报告", "申请表上忘了盖红章了", "糟了 体检报告没带医院的章", "报名表照片还没贴"],
)
def test_a_paper_to_make_again_or_lacking_a_part_while_uploading_is_preparing_it(engine, said):
    assert engine.reply(UPLOADING, said).progress.stage == "preparation"


def test_a_paper_not_uploaded_yet_is_still_applying(engine):
    assert engine.reply(UPLOADING, "体检报告还没传").progress.stage == "submission"


@pytest.mark.parametrize("said", ["文件全传好了 提交", "四个都传完提交"])
def test_uploaded_then_a_bare_submit_is_handed_in(engine, said):
    assert engine.reply(UPLOADING, said).progress.stage == "review"


def test_a_bare_submit_asked_is_not_handed_in(engine):
    assert engine.reply(UPLOADING, "文件全传好了 提交吗").progress.stage == "submission"


def test_clicked_after_the_correction_overview_is_its_first_button(engine):
    state = Progress("correction", step="cor_notice", last_entry="correction_what", known=True)
    reply = engine.reply(state, "我点过了")
    assert (reply.progress.stage, reply.progress.step) == ("correction", "cor_resubmit")


@pytest.mark.parametrize(
    "state",
    [
        Progress("preparation", last_entry="new_vs_add", known=True),
        Progress("submission", step="sub_6", last_entry="exam_list_missing", known=True),
    ],
)
def test_a_weakly_read_report_never_carries_a_welder_past_a_stage(engine, state):
    reply = engine.reply(state, "点返回重新选了")
    assert reply.progress.stage in ("preparation", "submission")


@pytest.mark.parametrize("said", ["下一步", "上一步是哪步来着"])
def test_next_or_previous_from_a_welder_nothing_is_known_of_asks_where_they_are(engine, said):
    asked = talk(engine, said)
    assert asked.answer_id is None and asked.quick_replies == WHERE
    assert engine.reply(asked.progress, WHERE[2]).progress.stage == "review"


def test_asked_by_the_way_at_a_page_is_answered_and_moves_nothing(engine):
    state = Progress("submission", step="sub_6", known=True)
    reply = engine.reply(state, "单位那页填着呢 顺便问下 决定书最后寄给哪个")
    assert reply.answer_id == "mail_to_whom"
    assert reply.progress.stage == "submission"


def test_after_a_correction_is_handed_in_the_wait_is_the_usual_one(engine):
    state = Progress("review", step="rev_wait", known=True)
    assert "10 个工作日" in engine.reply(state, "补正交完还要等几天").text


def test_three_sheets_ready_are_the_three_papers(engine):
    reply = talk(engine, "三张材料我都弄好了")
    assert {"form", "education", "medical"} <= reply.progress.checklist


def test_the_status_saying_a_correction_is_due_is_no_paper_found_wrong(engine):
    reply = talk(engine, "一网通办上显示要补正")
    assert (reply.progress.stage, reply.answer_id) == ("correction", "correction_what")
