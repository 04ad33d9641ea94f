"""What a question asks, read apart from the words around it: a preface that names nothing,
the stage a question is set in, a second question that only names its thing, and a
near-domain question the guide does not answer."""

from __future__ import annotations

from tests.engine_support import talk


def test_a_question_after_a_preface_that_names_nothing_is_read_alone(engine):
    reply = talk(engine, "刚开始弄 先问问 提交以后要等多久")
    assert reply.answer_id == "status_submitted"
    assert "工作日" in reply.text


def test_a_question_whose_subject_is_the_correction_is_set_in_it(engine):
    # Not the preparation's list of papers: what a correction needs.
    reply = talk(engine, "补正需要准备什么")
    assert reply.answer_id != "materials_overview"
    assert reply.progress.stage == "preparation"  # a question: the welder has not moved


def test_how_soon_to_mail_falls_back(engine):
    reply = talk(engine, "决定书拿到后几天内要寄给老师")
    assert not reply.answered


def test_the_same_asked_of_a_longer_thing_after_a_question_gets_its_answer(engine):
    reply = talk(engine, "学历安全能手写吗 身份证复印件要求呢")
    assert "工整" in reply.text
    assert "看清姓名" in reply.text
