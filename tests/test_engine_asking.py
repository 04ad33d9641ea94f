"""The engine on how a welder asks: two questions at once, what to do now, what is left to try
when the advice did not help, and stories told around a question."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.store import Progress


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    return Engine(kb)


def talk(engine: Engine, *lines: str, state: Progress | None = None):
    state = state or Progress("preparation", known=False)
    reply = None
    for line in lines:
        reply = engine.reply(state, line)
        state = reply.progress
    return reply


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


def test_a_spoken_pause_after_then_does_not_make_a_question(engine):
    said = "我提交完了以后啊状态就是已提交了然后想改一下电话号码改不动怎么办"
    reply = talk(engine, said)
    assert reply.progress.stage == "review"
    assert reply.answer_id == "modify_after_submit"
