"""The engine on where a welder is: asked back when nothing is known, a step named by its
number, how long ago and what the status became, and what is only guessed or heard."""

from __future__ import annotations

import pytest

from bot.engine import WHERE
from bot.knowledge import STAGE_IDS
from bot.store import Progress
from tests.engine_support import talk


def test_next_from_a_welder_nothing_is_known_of_asks_where_they_are(engine):
    reply = talk(engine, "那下一步要干啥")
    assert reply.answer_id is None
    assert reply.quick_replies == WHERE
    assert reply.progress.stage == "preparation"


@pytest.mark.parametrize(("tapped", "stage"), list(zip(WHERE, STAGE_IDS, strict=True)))
def test_each_offer_of_where_the_welder_is_puts_them_in_its_stage(engine, tapped, stage):
    asked = talk(engine, "下一步")
    assert talk(engine, tapped, state=asked.progress).progress.stage == stage


def test_next_after_something_was_said_goes_on_from_there(engine):
    state = talk(engine, "报名表怎么填").progress
    assert talk(engine, "下一步", state=state).answer_id is not None


@pytest.mark.parametrize("said", ["第二步", "第二步呢"])
def test_a_step_named_alone_is_that_steps_answer(engine, kb, said):
    reply = talk(engine, said, state=Progress("submission", step="sub_1"))
    assert reply.answer_id == kb.main_entry(kb.step("sub_2")).id


def test_a_step_named_with_words_that_decide_nothing_is_that_steps_answer(engine, kb):
    reply = talk(engine, "这个先不管 第三步讲的啥", state=Progress("submission", step="sub_2"))
    assert reply.answer_id == kb.main_entry(kb.step("sub_3")).id


@pytest.mark.parametrize("said", ["递上去二十多天了", "提交一个多月了", "报上去半个多月了"])
def test_how_long_since_handing_in_with_duo_is_a_report(engine, said):
    assert talk(engine, said).progress.stage == "review"


def test_a_status_that_became_something_is_news(engine):
    reply = talk(engine, "我的申请变补正了", state=Progress("review"))
    assert reply.progress.stage == "correction"


@pytest.mark.parametrize(
    ("said", "stage"),
    [("我老乡讲他东西都寄出去了", "download"), ("我师傅说他已经审批通过了", "review")],
)
def test_what_a_workmate_says_of_themself_does_not_move_the_welder(engine, said, stage):
    assert talk(engine, said, state=Progress(stage)).progress.stage == stage


def test_what_a_workmate_says_of_the_welder_is_news(engine):
    reply = talk(engine, "我同事说我的已经批下来了", state=Progress("review"))
    assert reply.progress.stage == "download"


@pytest.mark.parametrize(
    ("said", "stage"),
    [("点了那个按钮 好像是交上去了吧", "submission"), ("估计已经审批通过了", "review")],
)
def test_a_guess_is_not_news(engine, said, stage):
    assert talk(engine, said, state=Progress(stage)).progress.stage == stage


def test_a_guess_beside_news_leaves_the_news(engine):
    reply = talk(engine, "第二条短信也来了 应该批了吧", state=Progress("review"))
    assert reply.progress.stage == "download"


def test_a_guess_alone_gets_what_that_news_looks_like_and_where_to_see_it(engine):
    reply = talk(engine, "我估计是批下来了")
    assert reply.answer_id == "approved_next"
    assert reply.progress.stage == "preparation"


@pytest.mark.parametrize("said", ["东西重新搞齐了", "资料我都重新准备好了"])
def test_papers_made_again_while_correcting_lead_to_handing_them_in(engine, kb, said):
    state = Progress("correction", step="cor_notice", last_entry="correction_what")
    reply = talk(engine, said, state=state)
    # Told as news, and the answer is how to hand them in.
    assert reply.text.startswith("好的")
    assert reply.answer_id == kb.step("cor_resubmit").entry
    assert (reply.progress.stage, reply.progress.step) == ("correction", "cor_resubmit")
