"""A welder who arrives midway says where they are in their first message: what came
after they handed in, the approval, the correction they are at, the page they reached."""

from __future__ import annotations

import pytest

from tests.engine_support import talk


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("网上交了之后今天来了补正短信了", "correction"),
        ("递交以后收到头一条短信了", "review"),
        ("他的材料被补正了", "correction"),
        ("这两天在搞补正", "correction"),
        ("区里审核过了😀 下一步干嘛", "download"),
        ("通过的短信收到", "download"),
        ("上礼拜就批准的", "download"),
        ("决定书搞好了", "download"),
        ("这边在等信", "review"),
        ("材料报上去好多个星期了", "review"),
        ("交了好几个星期 没消息", "review"),
        ("我昨天提胶了", "review"),
    ],
)
def test_news_told_in_the_first_message_places_the_welder(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize("said", ["交了之后要干嘛", "网上交了以后呢", "批下来以后寄啥"])
def test_a_question_about_after_handing_in_moves_nobody(engine, said):
    # A control: what comes after is asked about, not told.
    assert talk(engine, said).progress.stage == "preparation"


@pytest.mark.parametrize(
    ("said", "step"),
    [("到个人信息那了", "sub_7"), ("已经到上传材料这里了", "sub_8")],
)
def test_a_page_reached_places_the_welder_at_its_step(engine, said, step):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)


@pytest.mark.parametrize(
    "said", ["网上的申请开始弄了", "在搞一网通办", "正在网上选区 选单位的还是家里的"]
)
def test_the_online_application_begun_is_applying(engine, said):
    assert talk(engine, said).progress.stage == "submission"


def test_the_online_application_not_begun_is_still_preparing(engine):
    # A control: not begun, said the same way round.
    assert talk(engine, "网上还没开始搞").progress.stage == "preparation"
