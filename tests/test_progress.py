"""What welders' statements do to their progress; questions and negations do nothing."""

from __future__ import annotations

import pytest

from bot import clauses, denials, events
from bot import progress as pg


def stage_of(said: str) -> str | None:
    latest = events.latest(events.read(clauses.clauses(said)))
    return latest.stage if latest else None


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("材料都弄好了", "submission"),
        ("三份资料已经准备齐了", "submission"),
        ("我已经提交了", "review"),
        ("网上申请交上去了", "review"),
        ("申请递上去了", "review"),
        ("一网通办的申请弄完了", "review"),
        ("补正材料重新提交了", "review"),
        ("状态显示已提交", "review"),
        # Waiting for the approval is not the approval.
        ("网上都弄好了，现在就等区里批了", "review"),
        ("等了一个礼拜终于批了", "download"),
        ("收到补正短信", "correction"),
        ("告知书我已经下了", "correction"),
        ("我是上周三点的提交", "review"),
        ("第二个短信今天也来了", "download"),
        ("嗯都准备好了", "submission"),
        ("决定书和相片昨天快递了", "done"),
        ("又要补正", "correction"),
        ("补正短信收到了", "correction"),
        ("被退回来了", "correction"),
        ("补正要的资料都改好了", "correction"),
        ("补正的文件已经重新提交上去了", "review"),
        ("审批通过了", "download"),
        ("批下来了", "download"),
        ("状态已经是已完成", "download"),
        ("收到批准的短信了", "download"),
        ("决定书寄出去了", "done"),
        ("照片和决定书都快递给老师了", "done"),
        # Terse reports.
        ("批了", "download"),
        ("过了", "download"),
        ("交了半个月了", "review"),
        ("传好了，点了提交", "review"),
        ("寄了", "done"),
        ("这次通过了", "download"),
        ("申请提交成功", "review"),
        ("网上提交完成", "review"),
        ("找到了，显示补正", "correction"),
        ("我交上去十几天了", "review"),
        ("传好了，提交也点了", "review"),
        ("不对，看错了，状态是补正，不是已完成", "correction"),
        ("ok都齐了", "submission"),
        ("东西寄完了", "done"),
        ("决定书下好了", "download"),
        ("补正要的东西都弄好了", "correction"),
        ("快递已经发了", "done"),
        ("提交点了", "review"),
        ("准备上网申请了", "submission"),
        ("全部准备完毕", "submission"),
        ("补正交了之后又来了补正短信", "correction"),
        ("一个礼拜了还没短信", "review"),
        ("准备工作都做好了", "submission"),
        ("开始网上填了", "submission"),
        ("快递寄了", "done"),
        ("提交按钮点好了", "review"),
        # Waiting for the result, or reading the status out, says it was handed in.
        ("没收到短信", "review"),
        ("都十天了还是已提交", "review"),
        ("我上个月就交了", "review"),
        ("不对，看错了，是批准的短信", "download"),
        ("在吗，今天状态变成补正了", "correction"),
        ("补正的那个通知书下载下来了", "correction"),
        ("我交了，但是状态显示补正，这是什么意思", "correction"),
        ("两条短信都收到了，第二条昨天到了", "download"),
        ("第二条短信还没来", "review"),
        ("区局审批已通过", "download"),
        ("短信是收到了 不是补正 是通过", "download"),
        ("两条短信都收到了", "download"),
        ("资料全部备齐", "submission"),
        ("查询里显示已完成", "download"),
        # Handed in with 上, or after uploading; days ago is no question.
        ("资料早就传上去交了", "review"),
        ("上周提交上了", "review"),
        ("前几天递交了", "review"),
        # The notice in a clause of its own, or complained of.
        ("消息到了，讲补正", "correction"),
        ("进去看了，写着要补正", "correction"),
        ("咋又来补正了", "correction"),
        ("已再次传好并提交", "review"),
        ("东西全齐活", "submission"),
        ("资料都妥了", "submission"),
        # Terse statuses.
        ("已递交", "review"),
        ("已快递出", "done"),
        ("刚寄完了", "done"),
        ("点完提交了", "review"),
        ("还在等批", "review"),
        ("告知书已经下好了", "correction"),
        ("资料全ok", "submission"),
        ("东西都搞齐了", "submission"),
        ("什么都准备好了", "submission"),
        ("申请已经递交过了", "review"),
        ("寄了报名表跟照片给陈老师", "done"),
        ("区局审批已经完成了", "download"),
        ("东西前天就快递给您了", "done"),
        # Where the welder is, said by what they have or are about to do.
        ("东西全都有了", "submission"),
        ("这就准备登录了", "submission"),
        # Handed in, and nothing (more) came since.
        ("申请交了没下文", "review"),
        ("材料交了一直没回音", "review"),
        ("第二条一直没收到", "review"),
        # The notice read, or work on it under way.
        ("补正通知书已经看过了", "correction"),
        ("补正的时候文件传不上去", "correction"),
        ("补正那个word我还在改", "correction"),
        ("告知书里头写着照片不清楚", "correction"),
        ("这就准备网上申请", "submission"),
        ("这就开始上网填申请", "submission"),
        # "没多久" says how soon it happened; it asks nothing.
        ("交上去没过多久就批了", "download"),
        # What the message says may now be downloaded is news (a guess is not: see
        # tests/test_engine_where.py).
        ("短信上讲能下载决定书了", "download"),
        # The teacher named some other way.
        ("快递给带班老师了", "done"),
        # "还是补正" opening a clause says the status is still that.
        ("查了一下，还是补正", "correction"),
        # Handed in and waiting, said without 提交.
        ("资料交了在等消息", "review"),
        ("网上已经办好了", "review"),
        ("我还在等着", "review"),
        ("材料正在审核中", "review"),
        ("查了显示一直是已提交", "review"),
        ("前后交上去十二个工作日了", "review"),
        # The decision or its notice at hand says it was approved.
        ("决定书下载下来了", "download"),
        ("决定书上电话也写好了", "download"),
        ("受理通知书也点开了", "download"),
        # The office that told the welder is not hearsay.
        ("人家已经通知我通过了", "download"),
        ("快递小哥已经收走了", "done"),
        # Mailed: 邮 is mailing too; how long since; the courier's record.
        ("材料邮给老师了", "done"),
        ("寄了有俩月了", "done"),
        ("快递上写着签收了", "done"),
        # The first message, or how long since it was handed in.
        ("第一个短信也到了", "review"),
        ("收到一条短信说申请受理了", "review"),
        ("交完第五天了", "review"),
        ("每次看都是已提交", "review"),
        # The notice's words and what it asks; the notice downloaded.
        ("补正通知书里讲照片太暗", "correction"),
        ("补正要我把体检重新做", "correction"),
        ("补正的都弄好了", "correction"),
        ("下好了补正告知书", "correction"),
        # The decision printed or downloaded, by whoever.
        ("批完了", "download"),
        ("决定书刚刚打出来", "download"),
        ("孩子帮我下的决定书", "download"),
        # "隔了几天" at the start says when, and asks nothing.
        ("隔了几天就变成已完成了", "download"),
        # Work on the correction, and what its notice says.
        ("补正的文件都传好了", "correction"),
        # Uploaded again, 提交 is still to click: still the correction.
        ("补正的文件重新上传好了", "correction"),
        ("告知书说照片要换", "correction"),
        # The approval, the mailing and handing in again, in other words.
        ("老早批好了", "download"),
        ("审批结束了", "download"),
        ("区里核准了", "download"),
        ("俺的也过了", "download"),
        ("中通已经寄了", "done"),
        ("快递已经发", "done"),
        ("前天下午寄的", "done"),
        ("刚刚补交完", "review"),
        ("缺的那份补上去了", "review"),
        ("网上申报成功了", "review"),
        # What the office finds wrong, told by its call or text: the notice.
        ("区里来电话说体检报告不行要重拍", "correction"),
        ("短信通知要补充材料", "correction"),
    ],
)
def test_a_report_names_its_stage(said, stage):
    assert stage_of(said) == stage


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # The latest event in the procedure wins, wherever it is said.
        ("补正交上去了，今天短信说审批通过了", "download"),
        ("已经提交了，今天收到短信说要补正", "correction"),
        ("今天收到短信说批准了，决定书也打印好了，寄出去了", "done"),
        # A resubmission after the notice is later in the procedure than the notice.
        ("收到补正，改好重新交了", "review"),
        ("材料准备好了也提交了", "review"),
        # Voice input has no commas: 然后 and the welder's own question start new clauses.
        ("我前两个礼拜交的申请然后昨天来了短信讲要补正我不晓得哪能弄", "correction"),
        # Told out of order, the time words say which happened last.
        ("前天补正的材料又交了一次，之前是上个月来的补正", "review"),
        ("今天收到要补正的短信，是上礼拜交的", "correction"),
        ("申请老早就交了，昨天来了补正", "correction"),
        # The correction named after the resubmission is the one it hands in.
        ("昨天又交了一次，补正那个", "review"),
        # One clause that names the correction and hands it in again.
        ("补正那个改好又交上去了", "review"),
    ],
)
def test_of_several_events_the_latest_in_the_procedure_wins(said, stage):
    assert stage_of(said) == stage


@pytest.mark.parametrize(
    "said",
    [
        "还没提交",
        "我没有提交",
        "提交了以后怎么办?",
        "审批通过了吗",
        "材料还没准备好",
        "东西还没准备齐",
        "什么时候能批下来",
        "补正短信是什么意思",
        # A plan; someone else's news, with the welder's own not yet.
        "打算下个月把申请交了",
        "我同事批下来了，我自己还没动手",
        "我们班有人收到补正了 我还在弄材料",
        "如果审批通过了要做什么",
        "老师收到了会不会打电话给我",
        "传完点提交对吧",
        "寄给老师的照片几寸",
        "决定书还没寄",
        "我换浏览器试过了",
        "用什么浏览器",
        "还没批",
        "批了之后在哪下载",
        # Time passing is not the application passing.
        "已经过了十来天了",
        "明天准备交了",
        # 已完成 before a thing is a verb, not the status.
        "我已完成体检",
        # Filling in a paper is preparing, not the online form.
        "刚开始弄 报名表还在填",
        # Choices and "…不" are questions.
        "最后点下一步还是点提交",
        "点完提交还能改不",
        "过几天再交",
        "要去交了",
        # What happens to people in general is no news of the welder's.
        "好多人交上去都被退回来补正了",
        "有人已经批下来了",
        # Going back a page is no correction notice.
        "页面退回去重新选了一遍",
        "快递还没发",
        "审批也还没结束",
        "还没补交",
        "决定书还没出来",
        "短信说不用重新传",
    ],
)
def test_questions_and_negations_report_nothing(said):
    assert stage_of(said) is None


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("收到补正短信了，怎么办", ["收到补正短信了", "怎么办"]),
        ("我提交了要等多久", ["我提交了", "要等多久"]),
        ("提交了以后怎么办", ["提交了以后怎么办"]),
        ("审批通过了吗", ["审批通过了吗"]),
        ("老师，我提交了，要等多久", ["老师", "我提交了", "要等多久"]),
        # A question's own statements are clauses of their own.
        ("我交了，但是状态显示补正，这是什么意思", ["我交了", "但是状态显示补正", "这是什么意思"]),
        ("收到通过短信，查询里看不到申请", ["收到通过短信", "查询里看不到申请"]),
        ("传好了，点了提交", ["传好了", "点了提交"]),
    ],
)
def test_a_message_is_cut_into_clauses(said, parts):
    assert clauses.clauses(said) == parts


def test_a_crafted_message_is_cut_into_a_bounded_number_of_clauses():
    assert len(clauses.clauses("正了录 准，" * 200)) == clauses.MAX_CLAUSES


def test_a_welder_putting_things_right_denies_a_stage():
    assert denials.denied(clauses.clauses("不对，我还没提交")) == "review"
    assert denials.denied(clauses.clauses("说错了，还没点提交")) == "review"
    assert denials.denied(clauses.clauses("我还没提交")) is None
    assert denials.denied(clauses.clauses("噢不是 其实还没点提交")) == "review"
    assert denials.denied(clauses.clauses("不是不是，还没交")) == "review"
    # The button named first, then not pressed.
    assert denials.denied(clauses.clauses("不对，提交键还没按")) == "review"


def test_checklist_items_named_as_ready_are_ticked(kb):
    assert pg.checklist_done(kb, "报名表已经填好了") == {"form"}
    assert pg.checklist_done(kb, "体检报告也拿到了，做好了") == {"medical"}
    # The Word files hold photos of the three papers, so those are ready too; not the app.
    assert pg.checklist_done(kb, "word文档也做好了") == {
        "word_files",
        "form",
        "education",
        "medical",
    }
    assert stage_of("word文档也做好了") is None
    # Items named one by one, then all said ready.
    parts = clauses.clauses("报名表，学历证明，体检单，都搞好了")
    assert pg.listed_done(kb, parts) == {"form", "education", "medical"}
    assert pg.listed_done(kb, clauses.clauses("报名表，学历证明，都还没弄好")) == set()
    # The form printed, then said stamped or signed in a clause of its own; not when the
    # stamp is still to come.
    assert pg.listed_done(kb, clauses.clauses("申请表打出来了，红章也敲好了")) == {"form"}
    assert pg.listed_done(kb, clauses.clauses("申请表打出来了，还没盖章")) == set()
    # The item after the verb that made it.
    assert "word_files" in pg.checklist_done(kb, "三样东西都拍了照做成word了")
    assert pg.checklist_done(kb, "三样材料都拍好照了") == {"form", "education", "medical"}
    assert pg.checklist_done(kb, "三样都弄好了") == {"form", "education", "medical"}
    # Photographed for the Word files: the papers are ready, the Word files not yet.
    assert pg.checklist_done(kb, "纸都拍了") == {"form", "education", "medical"}
    assert pg.checklist_done(kb, "材料要拍照吗") == set()
    # Printed, the form still needs a photo, the stamp and the signature.
    assert pg.checklist_done(kb, "报名表打印好了") == set()
    # Installed but crashing is a problem, not ready.
    assert pg.checklist_done(kb, "随申办装好了但是一直闪退") == set()
    # The three papers are the checklist's, not all the materials.
    assert stage_of("三样材料都弄好了") is None
    assert "word_files" in pg.checklist_done(kb, "拍了照存word了")
    assert "word_files" in pg.checklist_done(kb, "照片都制作成word了")
    # The verb before the thing.
    assert pg.checklist_done(kb, "我已经完成体检和填好报名表") == {"medical", "form"}
    # In hand is ready.
    assert pg.checklist_done(kb, "体检报告和学历证明都在手上") == {"medical", "education"}


def test_an_item_said_done_at_the_end_of_a_clause_without_le_is_ticked(kb):
    # Formal or terse: 已 before the verb, 完成 or ok at the end, no 了.
    assert "word_files" in pg.checklist_done(kb, "三个文档已经全部完成")
    assert pg.checklist_done(kb, "学历证明已取回") == {"education"}
    assert pg.checklist_done(kb, "实名认证ok") == {"app"}
    # Made into the Word files already, the clause ending with them.
    assert "word_files" in pg.checklist_done(kb, "材料已拍照转成word文件")
    # A plan, a question or a denial is not done.
    assert pg.checklist_done(kb, "材料要转成word文件") == set()
    assert pg.checklist_done(kb, "体检报告完成了吗") == set()
    assert pg.checklist_done(kb, "学历证明还没取回") == set()
    # Printed already, the form still needs a photo, the stamp and the signature.
    assert pg.checklist_done(kb, "报名表已打印好了") == set()


def test_checklist_items_not_ready_are_not_ticked(kb):
    assert pg.checklist_done(kb, "体检报告还没做好") == set()
    assert pg.checklist_done(kb, "报名表怎么填好") == set()
    assert pg.checklist_done(kb, "还没做好体检") == set()
    # Uploaded or handed over is not made: the application's upload, the unit's stamp.
    assert pg.checklist_done(kb, "三个文件都传好了") == set()
    assert pg.checklist_done(kb, "报名表交给单位去盖章了") == set()


def test_next_step_follows_the_guide_and_crosses_into_the_next_stage(kb):
    assert pg.next_step(kb, None, "submission").id == "sub_1"
    assert pg.next_step(kb, "sub_1", "submission").id == "sub_2"
    assert pg.next_step(kb, "sub_9", "submission").id == kb.stage("review").steps[0].id
    assert pg.next_step(kb, kb.steps[-1].id, "done") is None


@pytest.mark.parametrize("stage", ["review", "correction"])
def test_after_the_review_or_a_correction_comes_waiting_not_the_offices_news(kb, stage):
    # No step of the welder's leads to a correction notice or to the approval.
    last = kb.stage(stage).steps[-1].id
    assert pg.next_step(kb, last, stage).id == kb.stage("review").steps[0].id


def test_previous_step_goes_back(kb):
    assert pg.previous_step(kb, "sub_2", "submission").id == "sub_1"
    assert pg.previous_step(kb, kb.steps[0].id, "preparation") is None


def test_the_step_pointer_only_moves_forward(kb):
    assert pg.furthest(kb, "sub_7", "sub_3") == "sub_7"
    assert pg.furthest(kb, "sub_3", "sub_7") == "sub_7"
    assert pg.furthest(kb, None, "sub_3") == "sub_3"
