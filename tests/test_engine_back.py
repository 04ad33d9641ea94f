"""Welders who are not ready at a step and go back to prepare, who come back, and who follow
the last answer through a step's boxes: where their words put them, and what is answered."""

from __future__ import annotations

import pytest

from bot.store import Progress
from tests.engine_support import talk

# At the upload page, after the answer on what goes in each box.
UPLOADING = Progress("submission", step="sub_8", last_entry="upload_overview", known=True)
# At the login, after the answer on scanning the code; the papers are all ready.
LOGGING_IN = Progress(
    "submission",
    step="sub_4",
    last_entry="how_login",
    checklist=frozenset({"form", "education", "medical", "word_files", "app"}),
    known=True,
)


def test_a_latin_word_typed_before_a_space_ends_its_clause(engine):
    reply = engine.reply(UPLOADING, "我正在做word 报名表的章该盖哪种")
    assert reply.answer_id == "form_stamp"


def test_a_question_after_a_paper_said_not_made_is_answered(engine):
    reply = engine.reply(UPLOADING, "学历那张我根本没弄 可以手写吗")
    assert reply.progress.stage == "preparation"
    assert reply.answer_id == "edu_handwrite"


@pytest.mark.parametrize(
    ("state", "said"), [(UPLOADING, "体检那个我还没做"), (LOGGING_IN, "随申办我还没下载")]
)
def test_a_paper_named_then_denied_with_a_pronoun_between_is_not_made(engine, state, said):
    assert engine.reply(state, said).progress.stage == "preparation"


def test_no_app_at_the_login_goes_back_to_install_it_and_comes_back_there(engine):
    back = engine.reply(LOGGING_IN, "手机里随申办还没有装")
    assert (back.progress.stage, back.progress.step) == ("preparation", "prep_app")
    assert "app" not in back.progress.checklist
    again = engine.reply(back.progress, "已经装上了")
    assert (again.progress.stage, again.progress.step) == ("submission", "sub_3")


def test_no_app_before_the_login_is_not_needed_yet(engine):
    state = Progress("submission", step="sub_2", last_entry="choose_district", known=True)
    assert engine.reply(state, "随申办还没有装").progress.stage == "submission"


def test_a_papers_word_files_are_not_ready_while_the_paper_is_not_made(engine):
    back = engine.reply(UPLOADING, "体检报告我还没去弄")
    assert back.progress.stage == "preparation"
    assert {"form", "education"} <= back.progress.checklist
    assert not {"medical", "word_files"} & back.progress.checklist


def test_clicked_with_the_page_that_came_up_is_the_button_that_leads_there(engine):
    state = Progress(
        "correction", step="cor_resubmit", last_entry="correction_reupload", known=True
    )
    reply = engine.reply(state, "按了 进到基本信息页面了")
    assert (reply.progress.stage, reply.progress.step) == ("correction", "cor_resubmit")


def test_asked_about_a_box_for_when_uploading_is_asked_ahead(engine):
    reply = talk(engine, "以后上传的时候申请表那栏放哪个")
    assert reply.answer_id == "upload_application"
    assert reply.progress.stage == "preparation"
    reply = talk(engine, "上传时身份证那一栏放哪个")
    assert reply.progress.stage == "preparation"


def test_the_last_papers_ready_with_their_names_listed_start_the_application(engine):
    reply = talk(engine, "三个文档都做完了 申请表 学历 体检 接下来呢")
    assert reply.progress.stage == "submission"


@pytest.mark.parametrize("said", ["这个弄好了呢", "这一页填完了"])
def test_this_one_done_after_a_steps_answer_is_that_step_done(engine, said):
    state = Progress("submission", step="sub_6", last_entry="project_type", known=True)
    assert engine.reply(state, said).progress.step == "sub_7"


@pytest.mark.parametrize(
    ("said", "step"), [("进入上传材料页面了", "sub_8"), ("下一步到了单位信息那里了", "sub_7")]
)
def test_a_page_entered_or_reached_next_is_where_the_welder_is(engine, said, step):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)


def test_then_after_a_box_of_a_steps_figure_is_its_next_box(engine):
    state = Progress("submission", step="sub_7", last_entry="unit_wrong", known=True)
    reply = engine.reply(state, "那接下来呢")
    assert reply.answer_id == "unit_address"
    assert engine.reply(reply.progress, "再往下呢").answer_id == "education_level"


def test_a_word_file_forgotten_after_uploading_the_rest_is_making_it(engine):
    reply = engine.reply(UPLOADING, "申请表跟学历安全都传了 体检的word我忘了弄")
    assert reply.progress.stage == "preparation"
    assert "word_files" not in reply.progress.checklist


def test_word_files_on_the_desktop_are_ready(engine):
    assert "word_files" in talk(engine, "三个word都在桌面上了").progress.checklist


def test_where_to_download_it_after_the_login_answer_is_the_app(engine):
    state = Progress("preparation", last_entry="how_login", known=True)
    assert engine.reply(state, "这个去哪里下").answer_id == "app_download"


def test_the_district_written_or_clicked_is_asked_back(engine):
    reply = talk(engine, "区要写啥")
    assert reply.answer_id is None and len(reply.progress.choices) >= 2
