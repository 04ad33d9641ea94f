"""All but one thing ready (就差, 就剩), all said to be there (材料全了), a thing named
by what is done with it (the one mailed); the app made ready while applying."""

from __future__ import annotations

import pytest

from tests.engine_support import talk


@pytest.mark.parametrize("said", ["资料全了", "东西也齐全了", "我材料都全了"])
def test_materials_said_to_be_all_there_start_the_application(engine, said):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_1")


@pytest.mark.parametrize("said", ["其他都弄好了 只剩签名", "别的都准备好了 只差盖红章"])
def test_all_but_the_forms_finishing_leaves_the_form_and_its_word_file(engine, said):
    reply = talk(engine, said)
    assert reply.progress.stage == "preparation"
    assert {"form", "word_files"}.isdisjoint(reply.progress.checklist)
    assert {"education", "medical"} <= reply.progress.checklist


def test_all_but_one_item_left_leaves_that_item(engine):
    reply = talk(engine, "东西都好了 还剩体检报告")
    assert reply.progress.stage == "preparation"
    assert "medical" not in reply.progress.checklist
    assert {"form", "education"} <= reply.progress.checklist


def test_a_thing_named_by_what_is_done_with_it_reports_nothing(engine):
    reply = talk(engine, "快递给老师的那一份")
    assert reply.progress.stage == "preparation"
    # A control: said as done, it is the mailing.
    assert talk(engine, "寄给老师了").progress.stage == "done"


@pytest.mark.parametrize("said", ["三个word done了", "三个word都ready了"])
def test_done_in_english_is_ready(engine, said):
    reply = talk(engine, said)
    assert "word_files" in reply.progress.checklist


def test_the_app_ready_while_applying_leaves_the_welder_at_the_step_told(engine):
    reply = talk(engine, "三个word文档都做好了", "随申办我也装上了，然后呢")
    assert "app" in reply.progress.checklist
    assert (reply.progress.step, reply.answer_id) == ("sub_1", "entrance_url")


def test_the_app_used_to_scan_while_applying_is_the_login(engine):
    # A control: scanning with it is the login done, not the app made.
    reply = talk(engine, "三个word文档都做好了", "随申办扫过了")
    assert reply.progress.step == "sub_5"
