"""The engine on a welder who reads about a later step before doing it: the step pointer
moves ahead with the answer, but where the welder is stays what their own words said, so a
step reported afterwards still counts and what comes next follows it."""

from __future__ import annotations

import dataclasses

from bot import progress as pg
from bot.store import Progress
from tests.engine_support import talk

# The welder has logged in and is choosing 新办 or 增项 (step 5).
CHOOSING = Progress("submission", step="sub_5", last_entry="new_vs_add")
AHEAD = "传完东西最后按哪个钮"  # about step 8
STEP_FIVE_DONE = "新办那个我选好了 立即办理也点了"


def test_reading_ahead_moves_the_pointer_but_not_the_welder(engine, kb):
    reply = talk(engine, AHEAD, state=CHOOSING)
    assert reply.answer_id == "submit_button"
    assert reply.progress.step == "sub_8"
    assert pg.position(kb, reply.progress) == "sub_5"


def test_a_step_reported_after_reading_ahead_is_where_the_welder_is(engine):
    reply = talk(engine, AHEAD, STEP_FIVE_DONE, state=CHOOSING)
    assert reply.answer_id == "project_type"
    assert reply.progress.step == "sub_6"


def test_next_after_that_report_is_the_step_after_it(engine, kb):
    reply = talk(engine, AHEAD, STEP_FIVE_DONE, "那接着干啥", state=CHOOSING)
    assert reply.answer_id == kb.main_entry(kb.step("sub_7")).id


def test_reading_ahead_twice_still_remembers_where_the_welder_was(engine):
    reply = talk(engine, AHEAD, "交上去以后状态显示啥", STEP_FIVE_DONE, state=CHOOSING)
    assert reply.answer_id == "project_type"


def test_a_step_behind_where_the_welder_said_they_are_moves_nothing(engine):
    # At step 6 by their own words; choosing the district (step 2) is long done.
    state = Progress("submission", step="sub_6", last_entry="project_type")
    reply = talk(engine, AHEAD, "区早就选好了", state=state)
    assert reply.progress.step == "sub_8"
    assert reply.progress.stage == "submission"


def test_the_button_of_this_page_is_the_one_where_the_welder_is(engine):
    # Filling in step 7's page, the welder asks about step 8's button, then about this page's.
    state = Progress("submission", step="sub_7", last_entry="step7_overview")
    reply = talk(engine, "到时候传完文件点提交对吧", "那我这个页面弄完点哪个", state=state)
    assert "下一步" in reply.text
    clicked = talk(engine, "点了 到上传材料的页面了", state=reply.progress)
    assert clicked.progress.stage == "submission"
    assert clicked.answer_id == "upload_overview"


def test_trouble_told_at_a_step_ahead_puts_the_welder_there(engine, kb):
    state = Progress("submission", step="sub_1", last_entry="entrance_url")
    reply = talk(engine, "传材料那页 有一个一直失败", state=state)
    assert reply.answer_id == "upload_fail"
    assert pg.position(kb, reply.progress) == "sub_8"
    fixed = talk(engine, "换了个浏览器 传上了", state=reply.progress)
    assert fixed.progress.step == "sub_9"


def test_what_the_welder_reported_of_another_stage_is_no_position_in_this_one(kb):
    # A teacher moved the welder on; a step reported in the old stage says nothing now.
    state = Progress("review", step="rev_query", reported="sub_5")
    assert pg.position(kb, state) == "rev_query"


def test_any_move_but_reading_forgets_what_was_reported(kb):
    before = Progress("submission", step="sub_8", reported="sub_5")
    moved = dataclasses.replace(before, step="sub_6")
    assert pg.settled(kb, before, moved).reported is None
    read = dataclasses.replace(before, step="sub_9", reading=True)
    assert pg.settled(kb, before, read).reported == "sub_5"


def test_reading_ahead_before_any_report_keeps_the_welder_at_the_start(kb):
    fresh = Progress("preparation")
    read = pg.settled(kb, fresh, dataclasses.replace(fresh, step="prep_app", reading=True))
    assert (read.step, read.reported, pg.position(kb, read)) == ("prep_app", "", None)


def test_a_new_welder_who_read_ahead_is_still_at_the_start_of_the_checklist(engine, kb):
    # Nothing reported yet: reading about the app (the last paper) is not being there, so
    # with the form ready 下一步 is the next paper, not the application's first step.
    reply = talk(engine, "随申办该去哪里下", "报名表那张都弄齐了 照片章签字都有", "下一步")
    assert reply.answer_id == kb.main_entry(kb.step("prep_education")).id
