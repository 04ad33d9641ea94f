"""A correction handed in again: the status still read as 补正 off the page, the upload done
and the button asked for; and a Shanghainese 勒 that is 在."""

from __future__ import annotations

import pytest

from bot import clauses
from bot.store import Progress
from tests.engine_support import talk

# Handed a correction in again, after the answer on what comes next.
RESUBMITTED = Progress("review", step="rev_wait", last_entry="after_submit_next", known=True)


@pytest.mark.parametrize(
    "said", ["查询页面状态那里还是红字补正", "状态还是补正", "状态那栏还是补正"]
)
def test_the_status_still_correction_after_handing_in_again_is_the_correction(engine, said):
    assert engine.reply(RESUBMITTED, said).progress.stage == "correction"


@pytest.mark.parametrize(
    ("said", "asks"),
    [("状态还是补正", False), ("审批通过还是补正", True), ("是已完成还是补正", True)],
)
def test_still_correction_is_told_and_either_or_is_asked(said, asks):
    assert clauses.is_question(said) is asks


def test_an_either_or_about_the_status_moves_nobody(engine):
    assert engine.reply(RESUBMITTED, "审批通过还是补正").progress.stage == "review"


def test_the_button_asked_after_the_correction_is_uploaded_is_answered(engine):
    reply = talk(engine, "收到补正短信", "做好了 从哪进去传", "身份证那格传哪个", "都传了 按啥")
    assert reply.answered
    assert reply.progress.stage == "correction"
    assert "提交" in reply.text


@pytest.mark.parametrize("said", ["搿个受理通知书勒啥地方", "受理通知书勒哪下"])
def test_shanghainese_le_before_a_place_asked_is_where(engine, said):
    assert talk(engine, said).answer_id == "download_decision"
