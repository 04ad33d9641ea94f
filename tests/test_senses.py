"""Words of several senses, and silent topics named outright: ask, or say the guide is silent."""

from __future__ import annotations

import shutil

import pytest

from bot import knowledge
from bot.engine import Engine
from bot.matcher import Matcher
from bot.settings import PROJECT_ROOT
from bot.store import Progress


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize(
    ("question", "senses"),
    [
        # Which address? The unit's or the household's: the guide has both.
        ("那个地址栏我写啥", {"unit_address", "household_address"}),
        # Which seal? The form's red seal or the hospital's.
        ("章要盖几个", {"form_stamp", "medical_stamp"}),
        # Approval or certificate?
        ("大概要等上多长时间", {"review_time", "cert_when"}),
        # The copy, its upload box, the number field or the address on it: four senses.
        ("身份证这块咋整", {"id_copy", "upload_id", "basic_info_name_id", "household_address"}),
        ("号码那个空咋整", {"basic_info_name_id", "mobile_phone"}),
        # A failed upload, or the correction?
        ("要重传 咋弄", {"correction_reupload", "upload_fail"}),
        # Which upload box?
        ("这个要传哪个文档", {"upload_application", "upload_education", "upload_medical"}),
        # Which of the application's drop-down lists?
        ("那个下拉菜单点哪个", {"education_level", "project_type", "title_level"}),
        # Which status? The query page has three; a correction and the approval among them.
        ("状态那里写的字啥意思", {"status_meaning", "correction_meaning"}),
        # Which photo? The one stuck on the form or the one mailed with the decision.
        ("相片有啥讲究要求", {"form_photo", "photo_requirement"}),
        # Which must be the welder's own: the signature, the phone or the account?
        ("非得本人吗", {"form_signature", "mobile_phone", "own_account"}),
        # Which phone: the application's mobile number or the one written on the decision?
        ("电话填什么", {"mobile_phone", "write_on_decision"}),
        # Which information: the unit's, the exam items', or what was handed in?
        ("信息有问题", {"unit_wrong", "project_mismatch", "modify_after_submit"}),
        # Which pdf: the decision or the correction notice?
        ("这个pdf", {"download_decision", "correction_notice_download"}),
        # Which teacher: the one for exam items, or the one the decision is mailed to?
        ("要联系哪位老师", {"contact_teacher", "mail_to_whom"}),
        # What is written by hand: the form, the education paper, the medical or the decision?
        ("用笔写的行不行", {"form_computer", "edu_handwrite"}),
        # Whose handwriting: the education paper's, or the doctor's on the medical report?
        ("字潦草行不行", {"edu_handwrite", "medical_requirements"}),
        # The welder's own name goes by hand on the form, the decision and the photo's back.
        ("姓名该写到什么地方", {"form_signature", "write_on_decision"}),
        # Two of what: the two kinds of form, or 新办 and 增项?
        ("这两种怎么选", {"form_two_kinds", "new_vs_add"}),
        # Handing in the application, or the correction again?
        ("提交按钮怎么找", {"submit_button", "correction_reupload"}),
        # The app, the decision or the notice?
        ("需要下载些什么", {"app_download", "download_decision", "correction_notice_download"}),
        # The medical: what the report needs, its word file or its upload box?
        ("体检这块怎么搞", {"medical_requirements", "upload_medical"}),
        # Which file: the Word files handed in, or the PDF downloaded afterwards?
        ("文件是什么格式", {"word_other_format", "download_decision"}),
        # Which message: the correction's, the approval's, or the two that come?
        ("这条短信什么意思", {"sms_two", "correction_what", "approved_next"}),
        # The signature on the form, or the name written on the decision?
        ("签名签在什么地方", {"form_signature", "write_on_decision"}),
        # Written wrong where: on the paper form, in what was handed in, or a correction?
        ("这个打错了怎么办", {"modify_after_submit", "correction_reupload", "form_computer"}),
        # A file uploaded wrong: in what was handed in, or in a correction?
        ("文件传错了咋整", {"modify_after_submit", "correction_reupload"}),
        # Clicked wrong: which choice? The district, 新办 or 增项, or what was handed in?
        ("一不小心点错了咋办", {"district_wrong", "new_vs_add", "modify_after_submit"}),
        # Asking a teacher: about the exam items, or where to mail the decision?
        ("问哪位老师", {"contact_teacher", "mail_to_whom"}),
        # Changing what: the unit the page brought up, what was handed in, or a correction?
        ("咋修改", {"modify_after_submit", "correction_reupload", "unit_wrong"}),
        # Where a name is written: on the decision, or on the back of the mailed photo?
        ("名字往哪写", {"write_on_decision", "photo_requirement"}),
        # What kind of photo: the form's (the guide gives no kind) or the mailed one's? Each
        # option's line says what the guide says of it.
        ("相片要弄成啥样子的", {"form_photo", "photo_requirement"}),
        # A photo taken of what: the three papers, or the 2寸 one mailed with the decision?
        ("拍照这事怎么弄", {"word_photo", "photo_requirement"}),
        # Clear enough to read: the ID copy, the medical report or the handwriting?
        ("那个要看得清吗", {"id_copy", "medical_requirements", "edu_handwrite"}),
        # Not getting in: the scan, the page, or scanning with WeChat as the guide warns?
        ("老是登不进呀", {"scan_no_response", "page_error", "scan_with_wechat"}),
        # WeChat: registering the app through it, its mini program, or scanning with it?
        ("微信这块咋弄", {"app_register", "app_not_miniprogram", "scan_with_wechat"}),
        # Linked: the app registered through WeChat, or the unit of the social insurance?
        ("关联咋弄", {"app_register", "unit_wrong"}),
        ("得多清晰才行", {"id_copy", "medical_requirements", "edu_handwrite"}),
        # Change what: what was handed in, the correction, or the unit?
        ("那这样还能改伐", {"modify_after_submit", "correction_reupload"}),
        # The unit's name or address? Not changing it, which only something wrong asks.
        ("单位填啥", {"unit_name_rule", "unit_address"}),
    ],
)
def test_a_word_of_several_senses_without_a_cue_is_asked_back(matcher, question, senses):
    decision = matcher.decide(question)
    assert decision.tier == "clarify"
    assert senses <= {s.entry.id for s in decision.ranked}


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("营业执照上那个地址要照抄吗", "unit_address"),
        ("户口本上的地址写哪里", "household_address"),
        ("医院的章一定要有吗", "medical_stamp"),
        ("四个框分别放哪个文件", "upload_overview"),
        # After handing in: the page's status, not what follows a correction.
        ("提交后显示什么状态", "after_submit_status"),
        # A cue rules out the other senses: 蓝底 is about the photo that is mailed.
        ("红底的照片能不能用", "photo_requirement"),
        ("申请状态一直没变正常吗", "status_submitted"),
        ("用本人的账号申请吗", "own_account"),
        ("相片后边写啥", "photo_requirement"),
        ("决定书快递给哪位老师", "mail_to_whom"),
        ("补正的材料重新提交在哪点", "correction_reupload"),
        ("两种报名表选哪种", "form_which_submit"),
        ("体检报告上头得有哪些东西", "medical_requirements"),
        ("体检单子上必须显示啥", "medical_requirements"),
        ("签名可以用打印的吗", "form_signature"),
        ("网上交完了发现写错字了还好改吗", "modify_after_submit"),
        ("交了以后发现单位写错了能改吗", "modify_after_submit"),
    ],
)
def test_a_cue_picks_the_sense(matcher, question, entry):
    decision = matcher.decide(question)
    assert decision.tier == "answer", [(s.entry.id, round(s.score, 2)) for s in decision.ranked]
    assert decision.best.entry.id == entry


def test_a_cue_settles_the_best_entry_against_the_senses_it_rules_out(matcher):
    # 批 says the wait is the approval's; the wait after the approval is no rival then.
    decision = matcher.decide("网上申请批下来通常要等几天")
    assert decision.tier == "answer"
    assert decision.best.entry.id == "review_time"


def test_the_welders_stage_settles_the_sense(kb):
    engine = Engine(kb)
    # Downloading during a correction is the notice, not the decision.
    notice = engine.reply(Progress("correction", known=True), "下载的东西是什么格式")
    assert notice.answer_id == "correction_notice_download"
    waiting = engine.reply(Progress("review", known=True), "大概要等上多长时间")
    assert waiting.answer_id == "review_time"
    new = engine.reply(Progress("preparation", known=False), "大概要等上多长时间")
    assert new.answer_id is None and len(new.quick_replies) >= 3


def test_changing_things_means_what_the_welders_stage_allows(kb):
    engine = Engine(kb)
    waiting = engine.reply(Progress("review", known=True), "如何修改")
    assert waiting.answer_id == "modify_after_submit"
    notice = engine.reply(Progress("correction", known=True), "如何修改")
    assert notice.answer_id == "correction_reupload"
    assert engine.reply(Progress("correction", known=True), "要从啥地方进去改").answer_id == (
        "correction_reupload"
    )
    # Nothing says which yet: asked back, though a silent topic's question ends the same.
    new = engine.reply(Progress("preparation", known=True), "怎么改")
    assert new.answer_id is None
    assert set(new.progress.choices) >= {"modify_after_submit", "correction_reupload"}


@pytest.mark.parametrize("question", ["我这个还得等几天啊", "一般等个多久"])
def test_a_sense_settled_by_the_stage_wins_over_the_words_of_another(kb, question):
    # While waiting, the waiting is for the approval, even when the words lean elsewhere.
    engine = Engine(kb)
    state = Progress("review", known=True, step="rev_wait", last_entry="sms_two")
    assert engine.reply(state, question).answer_id == "review_time"


@pytest.mark.parametrize("said", ["已经两周多了", "快一个月了"])
def test_time_gone_by_while_waiting_is_answered_with_how_long_the_wait_is(kb, said):
    # A welder who only says how long it has been is asking about the wait they are in.
    engine = Engine(kb)
    state = Progress("review", known=True, step="rev_wait", last_entry="after_submit_next")
    reply = engine.reply(state, said)
    assert reply.answer_id in {"review_time", "no_sms"}
    assert "10 个工作日" in reply.text


def test_the_last_answers_step_settles_the_sense(kb):
    # On the personal-information page, 学历 is the field of that page, not the upload box.
    engine = Engine(kb)
    state = Progress("submission", known=True, step="sub_7", last_entry="step7_overview")
    assert engine.reply(state, "学历这一块咋整").answer_id == "education_level"


def test_a_sense_only_with_a_cue_is_meant_when_the_last_answer_names_it(kb):
    # "名字叫啥" after the answer on the Word files: their names, not whose name is signed.
    engine = Engine(kb)
    state = Progress("preparation", known=True, step="prep_word", last_entry="word_how_many")
    assert engine.reply(state, "名字叫啥").answer_id == "word_names"
    # With no such answer before, the welder's stage settles it as before.
    assert engine.reply(Progress("preparation", known=True), "名字叫啥").answer_id != "word_names"


def test_a_sense_the_word_has_only_with_a_cue_is_not_offered_without_it(matcher):
    # 名字 alone is the welder's own name, not the unit's or a file's.
    offered = {s.entry.id for s in matcher.decide("名字写在什么位置").ranked}
    assert offered.isdisjoint({"unit_name_rule", "word_names"})
    # With its cue it is that sense.
    assert matcher.decide("公司的名字要怎么写").best.entry.id == "unit_name_rule"
    # One of them leading still leaves the word open: asked back, not a fall-back.
    assert matcher.decide("名字应该写哪里").tier == "clarify"


def test_a_sense_must_name_an_entry(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    (root / "senses.yaml").write_text(
        "- words: [地址]\n  senses:\n    unit_address: [单位]\n    no_such_entry: [家]\n",
        encoding="utf-8",
    )
    with pytest.raises(knowledge.KnowledgeError, match="no_such_entry"):
        knowledge.load(root)


def test_a_malformed_sense_is_refused(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    (root / "senses.yaml").write_text("- words: [地址]\n  senses: {unit_address: [单位]}\n")
    with pytest.raises(knowledge.KnowledgeError, match="senses"):
        knowledge.load(root)


@pytest.mark.parametrize(
    "named",
    [
        "[单位]",  # not a mapping of entries
        "{unit_name_rule: []}",  # no cue
        "{no_such_entry: [单位]}",
    ],
)
def test_a_malformed_sense_named_only_with_a_cue_is_refused(tmp_path, named):
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    (root / "senses.yaml").write_text(
        "- words: [名字]\n  senses: {form_signature: [签], write_on_decision: [决定书]}\n"
        f"  named: {named}\n",
        encoding="utf-8",
    )
    with pytest.raises(knowledge.KnowledgeError):
        knowledge.load(root)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # The best entry is about the copy, but says nothing of its sides.
        ("复印件是不是要两面都复印", "paper_details"),
        ("已经提交的申请怎么撤回", "refused_or_withdrawn"),
        # The guide says the form needs a photo, not its size; the mailed photo is another.
        ("报名表要贴几寸的照片", "form_photo_size"),
        ("证件照哪家照相馆拍得便宜", "photo_where"),
        # Fields of the form and specifications of the files that the guide never names.
        ("民族那栏要怎么选", "other_form_fields"),
        ("照片要多少像素才行", "file_specs"),
        # Whether the parcel arrived, or will be announced, only the teacher knows.
        ("老师到底收到我的快递没有", "cert_after"),
        # A refusal and where a paper is issued: the guide names the approval and the paper.
        ("万一审批不批准 能申诉不", "refused_or_withdrawn"),
        ("学历安全那张证明要到哪里去开的", "where_to_get_forms"),
    ],
)
def test_a_silent_topics_keyword_the_best_entry_does_not_speak_to_falls_back(
    matcher, question, topic
):
    decision = matcher.decide(question)
    assert (decision.tier, decision.best.entry.id) == ("uncovered", topic)


def test_whether_the_teacher_will_call_is_not_what_the_teacher_does_next(matcher):
    # After mailing, 老师收到 alone would be settled as the stage's sense, what the teacher
    # does next; 通知 is a cue of the news the guide cannot give.
    decision = matcher.decide("老师收到以后会通知我吗", "done")
    assert (decision.tier, decision.best.entry.id) == ("uncovered", "cert_after")


@pytest.mark.parametrize("question", ["理论这回也得考 点哪一项", "我理论也要考，点哪一个呀"])
def test_a_silent_topics_keyword_is_not_read_across_two_clauses(matcher, question):
    # 考点 (where the exam is held) is no word here: 考 ends one clause and 点 starts the next.
    decision = matcher.decide(question)
    assert (decision.tier, decision.best.entry.id) == ("answer", "new_vs_add")


def test_a_cue_picks_a_sense_the_guide_speaks_to_over_a_silent_topic_that_leads(matcher):
    # The silent topic about printing leads on the word 黑白, but 黑白 is a cue of the
    # photo that is mailed, and the guide says what that photo must be.
    question = "相片黑白的行不行啊"
    assert not matcher.rank(question)[0].entry.covered
    decision = matcher.decide(question)
    assert (decision.tier, decision.best.entry.id) == ("answer", "photo_requirement")


def test_cues_of_two_senses_settle_neither(matcher):
    # 报名表 and 贴 cue the form's photo, 寸 the mailed one's: the guide gives the size of
    # the mailed photo only, so this is no question about it.
    assert matcher.decide("报名表上贴的相片几寸的").tier == "uncovered"


def test_a_cue_of_the_silent_topic_too_keeps_the_fallback(matcher):
    # 社保 is a cue of the unit entry and of the silent topic about employers alike.
    assert matcher.decide("公司社保没交 能申请伐").tier == "uncovered"


def test_which_button_with_nothing_before_it_is_asked_back(matcher, kb):
    # Each step of the application ends with a button of its own: which step is it?
    decision = matcher.decide("我该按哪个按钮")
    assert decision.tier == "clarify"
    assert {"login_button", "immediate_handle"} <= {s.entry.id for s in decision.ranked}
    # At the upload, it is the upload's own button.
    state = Progress("submission", known=True, step="sub_8", last_entry="upload_overview")
    assert Engine(kb).reply(state, "我该按哪个按钮").answer_id == "submit_button"


def test_a_bare_word_of_several_senses_is_asked_back(matcher):
    # Only the word: which notice? The correction's or the approval's.
    decision = matcher.decide("通知书。")
    assert decision.tier == "clarify"
    assert {"correction_notice_download", "download_decision"} <= {
        s.entry.id for s in decision.ranked
    }


def test_a_sense_related_to_the_last_answer_wins_over_one_of_its_step(kb):
    # Both addresses are fields of the same step; only the unit's is related to the answer
    # about the unit shown by default.
    engine = Engine(kb)
    state = Progress("submission", known=True, last_entry="unit_wrong")
    assert engine.reply(state, "地址照哪个写").answer_id == "unit_address"


def test_a_silent_topic_that_leads_the_senses_of_its_word_clearly_falls_back(matcher):
    # Logging in fails because the phone number changed: the account, which the guide does
    # not cover; not a menu of the login's troubles.
    assert matcher.decide("手机换号了随申办登录不了").tier == "uncovered"


def test_a_silent_topic_asked_at_its_stage_is_not_outranked_by_that_stages_entries(kb):
    # Once mailed, whether the teacher will say the papers arrived is nowhere in
    # the guide: the stage must not carry the question to what happens after mailing.
    engine = Engine(kb)
    state = Progress("done", known=True, step="done_cert")
    reply = engine.reply(state, "寄到了老师会跟我说吗")
    assert (reply.answer_id, reply.answered) == (None, False)


@pytest.mark.parametrize(
    ("stage", "question", "entry"),
    [("review", "几时批", "review_time"), ("done", "证几时好", "cert_when")],
)
def test_a_cue_that_picks_one_sense_is_evidence_for_it(matcher, stage, question, entry):
    # 批 and 证 are said by many entries, so they are no evidence by themselves; as the cue
    # of one sense of 几时 they say which wait is meant.
    decision = matcher.decide(question, stage)
    assert (decision.tier, decision.best.entry.id) == ("answer", entry)


def test_the_exam_ticket_is_the_exams_not_the_certificates(matcher):
    decision = matcher.decide("准考证啥时候有")
    assert (decision.tier, decision.best.entry.id) == ("uncovered", "exam_schedule")


@pytest.mark.parametrize(
    ("question", "senses"),
    [
        # The Word files: making them, or handing them in?
        ("word文件", {"word_how_many", "upload_overview"}),
        ("文档怎么搞", {"word_how_many", "upload_overview"}),
        # Which form: the paper one, or the online application's pages?
        ("这张表如何填", {"form_computer", "step7_overview"}),
    ],
)
def test_a_first_question_that_only_asks_how_of_such_a_word_is_asked_back(kb, question, senses):
    reply = Engine(kb).reply(Progress("preparation", known=True), question)
    assert reply.answer_id is None
    assert senses <= set(reply.progress.choices)


def test_how_of_such_a_word_after_an_answer_is_read_with_it(kb):
    # Once the photos are taken, "文档怎么搞" is making the files: no menu.
    engine = Engine(kb)
    after = Progress("preparation", known=True, step="prep_word", last_entry="word_photo")
    assert engine.reply(after, "文档怎么搞").answer_id == "word_how_many"
    assert engine.reply(Progress("preparation", known=True), "word文件怎么做").answer_id == (
        "word_how_many"
    )


def test_status_alone_asks_which_status_and_my_progress_shows_the_stage(kb):
    engine = Engine(kb)
    status = engine.reply(Progress("preparation", known=True), "状态？")
    assert status.answer_id is None
    assert {"status_meaning", "upload_success_check"} <= set(status.progress.choices)
    for command in ("我的进度", "看看状态", "我的状态"):
        reply = engine.reply(Progress("preparation", known=True), command)
        assert reply.text.startswith("您现在在「准备材料」阶段"), command


def test_a_silent_topic_that_leads_a_words_senses_only_by_wording_leaves_it_open(matcher):
    # The fees lead "哪些东西要交" by how their questions are worded (报名费怎么交): the
    # message says nothing of them that the senses of 哪些东西 lack.
    decision = matcher.decide("哪些东西要交")
    assert decision.tier == "clarify"
    assert {"materials_overview", "mail_items"} <= {s.entry.id for s in decision.ranked}
    # Money named is the fees' own word: the guide is silent on it.
    assert matcher.decide("哪些东西要交钱").tier in ("uncovered", "fallback")


def test_a_message_far_from_the_procedure_gets_no_menu_of_its_words_senses(matcher):
    # It names 拍照, but asks which phone to buy: nothing the guide answers.
    assert matcher.decide("拍照清楚的是哪款手机").tier == "fallback"


@pytest.mark.parametrize("question", ["能不能手写 还是得打印", "通知书下下来了打不开"])
def test_a_first_message_saying_no_more_of_the_best_topic_than_of_a_sense_asks_back(kb, question):
    reply = Engine(kb).reply(Progress("preparation", known=False), question)
    assert reply.answer_id is None
    assert len(reply.quick_replies) >= 3


def test_after_an_answer_the_same_words_follow_it(kb):
    state = Progress("preparation", step="prep_form", last_entry="form_computer", known=True)
    assert Engine(kb).reply(state, "能不能手写 还是得打印").answer_id is not None
