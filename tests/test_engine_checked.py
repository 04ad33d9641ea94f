"""The engine on a check the website asks for, found right while applying: the check is
done, and what comes after it in the step's figure (or the next step) is the answer."""

from __future__ import annotations

import pytest

from bot import step_words
from bot.store import Progress
from tests.engine_support import talk


@pytest.mark.parametrize(
    ("clause", "done"),
    [
        ("登进去的姓名是我本人", "登进去的姓名核对好了"),
        ("所在区也对", "所在区核对好了"),
        ("成绩列表和报名表上一致", "成绩列表和报名表上核对好了"),
        ("带出来的单位没问题", "带出来的单位核对好了"),
        ("上面的名字没错", "上面的名字核对好了"),
    ],
)
def test_a_check_found_right_reads_as_the_check_done(clause, done):
    assert step_words.checked(clause) == done


@pytest.mark.parametrize(
    "clause",
    [
        "成绩列表和报名表上不一样",
        "我这边所在区显示得不对",
        "登进去的姓名是我本人吗",
        "名字对不对",
        "姓名一栏显示的不是本人",
    ],
)
def test_a_check_found_wrong_or_asked_about_is_no_check_done(clause):
    assert step_words.checked(clause) is None


def test_name_and_district_found_right_go_on_to_choosing_new_or_added(engine):
    state = Progress("submission", step="sub_4", last_entry="how_login")
    reply = talk(engine, "姓名显示是我本人 单位所在区也没错", state=state)
    assert reply.answer_id == "new_vs_add"
    assert reply.progress.step == "sub_5"


def test_a_check_found_right_told_with_the_login_is_no_question(engine):
    # A new welder logged in, found their name right, and asks what to choose: the
    # application's categories, not what to do when the scan does nothing.
    reply = talk(engine, "二维码扫了 登进去了 名字对的 接下来选啥")
    assert reply.progress.step == "sub_5"
    assert "新办" in reply.text
    assert reply.answer_id != "scan_no_response"


def test_the_exam_list_found_right_goes_on_to_the_next_step(engine, kb):
    state = Progress("submission", step="sub_6", last_entry="project_type")
    reply = talk(engine, "成绩列表跳出来了 和报名表上一致", state=state)
    assert reply.answer_id == kb.main_entry(kb.step("sub_7")).id
    assert reply.progress.step == "sub_7"


def test_the_exam_list_found_wrong_is_still_its_problem(engine):
    state = Progress("submission", step="sub_6", last_entry="project_type")
    reply = talk(engine, "成绩列表跳出来了 和报名表上不一样", state=state)
    assert reply.answer_id == "project_mismatch"


def test_a_check_before_applying_is_no_step_done(engine):
    """While preparing, "跟…一样" compares; it checks no step of the website."""
    reply = talk(engine, "体检报告上医生的签名跟画画一样", state=Progress("preparation"))
    assert reply.progress.stage == "preparation"
    assert reply.answer_id == "medical_requirements"


def test_a_section_found_right_goes_on_to_the_first_box_about_something_else(engine):
    # The unit's name and its address are both the unit's: the education comes next.
    state = Progress("submission", step="sub_6", last_entry="district_wrong")
    reply = talk(engine, "单位信息这块全都是对的", state=state)
    assert reply.answer_id == "education_level"
    assert reply.progress.step == "sub_7"
