"""The decision's stage step by step: the approval's overview, then how to download; the
decision downloaded, printed, written on, mailed, each its own step."""

from __future__ import annotations

from bot.store import Progress
from tests.engine_support import talk

APPROVED = Progress("download", step="dl_download", last_entry="approved_next", known=True)


def test_then_after_the_approvals_overview_is_how_to_download(engine):
    reply = talk(engine, "然后咋弄", state=APPROVED)
    assert reply.answer_id == "download_decision"
    assert reply.progress.step == "dl_download"


def test_the_decision_downloaded_is_printing_next(engine):
    reply = talk(engine, "决定书我下载好了", state=APPROVED)
    assert (reply.progress.step, reply.answer_id) == ("dl_print", "print_decision")


def test_printed_after_reading_ahead_to_the_writing_is_the_writing_next(engine):
    # How to print, then what to write read ahead; printing reported is not writing done.
    reply = talk(engine, "下好了", "接下来", "我打印出来了", state=APPROVED)
    assert (reply.progress.step, reply.answer_id) == ("dl_write", "write_on_decision")


def test_written_on_is_mailing_next(engine):
    reply = talk(engine, "下好了", "打印出来了", "第一页都写好了", state=APPROVED)
    assert (reply.progress.step, reply.answer_id) == ("dl_mail", "mail_items")
