"""The conversation engine: commands, statements, context and the three tiers."""

from __future__ import annotations

import dataclasses

import pytest

from bot import progress as pg
from bot.engine import HANDOFF, READ_CHARS
from bot.store import Progress
from bot.tiers import MAX_OPTIONS
from tests.engine_support import talk


def test_every_answer_cites_its_source_in_the_guide(engine, kb):
    for entry in kb.entries:
        assert entry.reply.endswith(f"（指南{entry.source}）")
        assert entry.source.startswith("第")


def test_answer_offers_related_questions_as_quick_replies(engine):
    reply = talk(engine, "电脑上用哪个浏览器")
    assert reply.answer_id == "browser_choice"
    assert len(reply.quick_replies) >= 2


def test_a_number_picks_an_option_of_the_clarifying_question(engine):
    asked = talk(engine, "这一栏怎么填")
    assert "您是想问" in asked.text
    second = asked.progress.choices[1]
    picked = engine.reply(asked.progress, "2")
    assert picked.answer_id == second
    assert picked.progress.choices == ()


def test_every_option_of_a_full_menu_is_picked_by_its_number(engine):
    # "照片" is the mailed photo, the form's photo and the photos in the Word files: a menu
    # as long as menus get, each of whose lines the welder may answer with its number.
    asked = talk(engine, "照片这块咋整")
    assert len(asked.progress.choices) == MAX_OPTIONS
    for n, choice in enumerate(asked.progress.choices, start=1):
        assert engine.reply(asked.progress, str(n)).answer_id == choice


def test_each_option_of_a_clarifying_question_says_where_it_belongs(engine, kb):
    # "学历" is three things: a paper to prepare, a field of the online form, an upload.
    asked = talk(engine, "学历这块咋整")
    lines = [line for line in asked.text.splitlines() if line[:1].isdigit()]
    assert len(lines) == len(asked.progress.choices) >= 2
    for line, choice in zip(lines, asked.progress.choices, strict=True):
        step = kb.step(kb.entry(choice).step)
        assert step.title in line and kb.stage(step.stage).name in line


@pytest.mark.parametrize(
    ("asked", "stage"),
    [
        # "盖章" is the form's red stamp and the medical report's stamp.
        ("盖章有什么要求", "preparation"),
        # Box 1 is in the figures of three steps of the application.
        ("第一个框传啥", "submission"),
    ],
)
def test_each_option_of_an_ask_back_carries_its_answer_in_a_line(engine, kb, asked, stage):
    # Under each option, the fact its answer gives: the welder sees which is theirs, and
    # often needs no second turn.
    reply = talk(engine, asked, state=Progress(stage, known=True))
    lines = reply.text.splitlines()
    under = [lines[i + 1].strip() for i, line in enumerate(lines) if line[:1].isdigit()]
    assert len(under) == len(reply.progress.choices) >= 2
    assert under == [kb.entry(choice).gist for choice in reply.progress.choices]
    assert all(under)


@pytest.mark.parametrize(
    ("asked", "value"),
    [("学历这块咋整", "初中"), ("状态是啥意思", "已完成"), ("下拉那里挑哪个", "未评定")],
)
def test_an_option_about_a_field_with_one_right_value_names_it(engine, asked, value):
    # The welder sees the guide's value in the menu before picking it.
    reply = talk(engine, asked)
    assert len(reply.progress.choices) >= 2
    assert value in reply.text


def test_every_title_tapped_as_a_button_answers_its_own_entry(engine, kb):
    # Titles are the menu's options and the quick replies: one tapped is that entry.
    wrong = {
        entry.id: reply.answer_id
        for entry in kb.entries
        for reply in [engine.reply(Progress(entry.stage, known=True), entry.title)]
        if reply.answer_id != entry.id
    }
    assert not wrong


def test_a_tapped_option_title_is_answered(engine, kb):
    asked = talk(engine, "这一栏怎么填")
    entry = kb.entry(asked.progress.choices[0])
    assert engine.reply(asked.progress, entry.title).answer_id == entry.id


def test_a_number_without_a_question_pending_is_not_an_answer(engine):
    assert talk(engine, "3").answer_id is None


@pytest.mark.parametrize("words", ["老师呀", "陈老师在吗"])
def test_calling_out_to_the_teacher_offers_a_teacher_and_topics_without_a_handoff(engine, words):
    reply = talk(engine, words)
    assert reply.handoff is False and reply.answer_id is None
    assert reply.quick_replies[0] == HANDOFF and len(reply.quick_replies) >= 3


def test_fallback_offers_a_teacher(engine):
    reply = talk(engine, "中午吃什么好")
    assert reply.answered is False
    assert HANDOFF in reply.quick_replies


@pytest.mark.parametrize("words", ["找老师", "转人工", "我要找老师", "联系陈老师"])
def test_asking_for_a_teacher_records_a_handoff(engine, words):
    reply = talk(engine, words)
    assert reply.handoff is True
    assert "老师" in reply.text


@pytest.mark.parametrize("words", ["进度", "我到哪一步了", "我现在在哪一步", "我算是到哪了"])
def test_progress_command_shows_stage_and_next_step(engine, words):
    reply = talk(engine, "我已经提交了", words)
    assert "等待审批" in reply.text
    assert "下一步" in reply.text


def test_next_follows_the_last_discussed_step(engine):
    reply = talk(engine, "材料都准备好了", "单位地址填哪个", "下一步")
    assert reply.progress.step == "sub_8"


def test_asking_ahead_about_another_stage_does_not_move_the_step(engine, kb):
    # Still preparing: the mailing at the very end is asked about, not reached.
    state = talk(engine, "报名表填好了").progress
    asked = engine.reply(state, "以后决定书寄给谁")
    assert asked.answer_id == "mail_to_whom"
    assert asked.progress.step == state.step
    assert kb.step(engine.reply(asked.progress, "然后呢").progress.step).stage == "preparation"


def test_next_and_previous_walk_the_steps(engine):
    state = talk(engine, "材料都准备好了").progress
    forward = engine.reply(state, "然后呢")
    back = engine.reply(forward.progress, "上一步")
    assert back.progress.step == state.step


def test_next_after_handing_in_says_to_wait_for_the_message_before_querying(engine, kb):
    handed_in = talk(engine, "我已经提交了")
    then = engine.reply(handed_in.progress, "下一步")
    assert then.answer_id == kb.main_entry(kb.step("rev_query")).id
    assert "10 个工作日" in then.text and "短信后" in then.text


@pytest.mark.parametrize("said", ["找到了", "找着了，然后点啥", "办件查询看到了"])
def test_what_was_looked_for_found_goes_on_with_the_step(engine, kb, said):
    looking = talk(engine, "审批通过了", "办件查询在哪里")
    assert looking.answer_id != kb.main_entry(kb.step(looking.progress.step)).id
    found = engine.reply(looking.progress, said)
    assert found.progress.step == looking.progress.step
    assert found.answer_id == kb.main_entry(kb.step(looking.progress.step)).id
    assert "受理通知书" in found.text


def test_what_the_last_answer_said_to_click_shown_goes_on_with_its_step(engine, kb):
    lost = talk(engine, "审批通过了", "查询页面里看不到申请")
    shown = engine.reply(lost.progress, "按了已完成再点查询 出来了")
    assert shown.answer_id == kb.main_entry(kb.step(kb.entry(lost.answer_id).step)).id
    assert "受理通知书" in shown.text


def test_a_problem_the_news_after_a_but_puts_right_is_not_asked(engine, kb):
    reply = talk(engine, "短信我一条都没看到，不过登进去一看状态是补正")
    assert reply.progress.stage == "correction"
    assert reply.answer_id == kb.main_entry(kb.stage("correction").steps[0]).id


def test_restart_asks_first_and_clears_only_when_confirmed(engine):
    state = talk(engine, "我已经提交了").progress
    asked = engine.reply(state, "重新开始")
    assert asked.progress.stage == "review"
    kept = engine.reply(asked.progress, "算了")
    assert kept.progress.stage == "review"
    cleared = engine.reply(engine.reply(kept.progress, "重新开始").progress, "是")
    assert cleared.progress.stage == "preparation"
    assert cleared.progress.checklist == frozenset()


def test_menu_offers_questions_of_the_current_stage(engine, kb):
    reply = talk(engine, "收到补正短信", "菜单")
    titles = {e.title for e in kb.entries if e.stage == "correction"}
    assert titles & set(reply.quick_replies)


def test_statement_reply_confirms_and_says_what_comes_next(engine):
    reply = talk(engine, "审批通过了")
    assert reply.progress.stage == "download"
    assert "记下了" in reply.text
    assert "接下来" in reply.text


@pytest.mark.parametrize(
    "said",
    [
        "区局通过的短信已收到 办件查询里却没有我的申请",
        "区局通过的短信已收到，办件查询里却没有我的申请",
    ],
)
def test_a_statement_then_a_problem_gets_both_even_with_a_space_for_a_comma(engine, said):
    reply = talk(engine, said)
    assert reply.progress.stage == "download"
    assert reply.answer_id == "not_visible"
    assert reply.text.startswith("好的，记下了")


def test_the_status_read_off_the_page_is_news_and_the_question_with_it_is_answered(engine):
    # "显示已提交" is what the page says: handed in, as the guide's ninth step says; whether
    # that is success is still answered.
    reply = talk(engine, "我点了提交，页面显示已提交，这样算成功吗")
    assert (reply.progress.stage, reply.answer_id) == ("review", "after_submit_status")
    assert reply.text.startswith("好的，记下了")


def test_going_back_to_a_second_correction_is_recorded(engine):
    reply = talk(engine, "提交了", "收到补正短信", "重新提交了", "又要补正")
    assert reply.progress.stage == "correction"


def test_ready_materials_in_a_later_stage_do_not_send_the_welder_back(engine):
    reply = talk(engine, "收到补正短信", "补正材料准备好了")
    assert reply.progress.stage == "correction"


def test_elliptic_follow_up_is_read_with_the_last_answer(engine):
    reply = talk(engine, "收到补正短信了", "那怎么弄")
    assert reply.answered is True
    assert "补正" in reply.text


@pytest.mark.parametrize(
    ("first", "then", "entry"),
    [
        # The same question about another thing: the one nearest the last answer.
        ("报名表上要盖啥章", "体检的呢", "medical_stamp"),
        ("单位名称那一栏怎么填", "那地址呢", "unit_address"),
    ],
)
def test_the_same_question_about_another_thing(engine, first, then, entry):
    reply = talk(engine, first, then)
    assert reply.answer_id == entry


@pytest.mark.parametrize(
    ("first", "then", "entry"),
    [
        ("怎么装随申办", "装它有啥用", "app_why"),
        ("随申办去哪里下载", "下这个是干嘛的", "app_why"),
        # The answer on registering is about 注册; its step's thing is the app.
        ("随申办怎么注册", "装这个有啥用", "app_why"),
    ],
)
def test_a_verb_on_this_or_that_is_about_the_last_answers_thing(engine, first, then, entry):
    assert talk(engine, first, then).answer_id == entry


def test_what_follows_a_step_the_guide_tells_within_it_is_answered_so(engine):
    # Not the next step: the guide says what is done to the printed form first.
    assert talk(engine, "申请表打印出来以后还得干嘛").answer_id == "form_after_print"


@pytest.mark.parametrize("said", ["这个证书有效期几年", "这证能用多少年"])
def test_a_follow_up_that_names_what_the_guide_is_silent_on_falls_back(engine, said):
    # After the certificate's wait: it opens like a follow-up, but its own words ask what
    # the guide does not say, not about the last answer.
    state = Progress("done", known=True, step="done_cert", last_entry="after_mail")
    reply = engine.reply(state, said)
    assert (reply.answered, reply.answer_id) == (False, None)


def test_an_elliptic_follow_up_is_read_on_the_step_the_welder_is_on(engine, kb):
    # On the step of the education paper, "what to write" is about that paper.
    state = Progress(
        "preparation", known=True, step="prep_education", last_entry="materials_overview"
    )
    reply = engine.reply(state, "那要写啥")
    assert kb.entry(reply.answer_id).step == "prep_education"


@pytest.mark.parametrize("said", ["下载好了 是个pdf 接下来呢", "打印好了，下一步"])
def test_a_step_done_does_not_carry_a_correcting_welder_past_the_approval(engine, said):
    # While correcting, what was downloaded or printed is the notice: only the approval's
    # news puts a welder in the download stage.
    reply = talk(engine, "手机上收到补正的短信了", said)
    assert reply.progress.stage == "correction"


def test_a_step_done_in_the_download_stage_moves_the_pointer_on(engine, kb):
    reply = talk(engine, "审批通过了", "决定书已经打印出来了")
    assert reply.progress.stage == "download"
    assert pg.step_index(kb, reply.progress.step) > pg.step_index(kb, "dl_download")


@pytest.mark.parametrize(
    "said", ["我打算明天在网上申请", "想帮我徒弟在网上报", "默认的单位不是我现在报名的单位"]
)
def test_meaning_to_apply_is_not_applying(engine, said):
    assert talk(engine, said).progress.stage == "preparation"


def test_two_questions_one_the_guide_is_silent_on_get_an_answer_and_a_teacher(engine):
    reply = talk(engine, "体检单上医院的章一定要有吗？复印件正反面都要印吗")
    assert reply.answer_id == "medical_stamp"
    assert "医疗机构" in reply.text and "指南里没有写" in reply.text
    assert HANDOFF in reply.quick_replies


def test_the_first_of_two_questions_is_about_what_was_said_before_it(engine, kb):
    reply = talk(engine, "体检报告拿回来了 要注意啥 要拍照吗")
    assert kb.entry("medical_requirements").reply.splitlines()[0] in reply.text
    assert kb.entry("word_photo").reply.splitlines()[0] in reply.text


def test_a_loose_question_after_one_the_guide_is_silent_on_goes_with_it(engine):
    # How to pay is about the fee, not about the WeChat mini program.
    reply = talk(engine, "报名费怎么缴 支付宝能付不")
    assert not reply.answered and reply.silent


def test_current_stage_is_preferred_for_an_ambiguous_question(engine):
    state = dataclasses.replace(talk(engine, "审批通过了").progress, last_entry=None)
    reply = engine.reply(state, "在哪里下载")
    offered = reply.answer_id or reply.progress.choices[0]
    assert offered == "download_decision"


def test_welcome_says_what_the_assistant_does(engine):
    welcome = engine.welcome("preparation")
    assert "老师" in welcome.text
    assert len(welcome.quick_replies) >= 2


def test_a_welder_who_gives_their_name_is_remembered(engine):
    reply = talk(engine, "我叫张三")
    assert reply.name == "张三"
    assert "张三" in reply.text


def test_a_name_and_a_question_get_both(engine):
    reply = talk(engine, "我是王强，审批要多久")
    assert reply.name == "王强"
    assert "10 个工作日" in reply.text


@pytest.mark.parametrize(
    ("first", "then"),
    [("电脑上用什么浏览器", "小孩能帮我弄吗"), ("我已经提交了", "学费可以分期吗")],
)
def test_an_unrelated_question_is_not_answered_with_the_last_topic(engine, first, then):
    reply = talk(engine, first, then)
    assert reply.answer_id is None


# -- progress from events ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "stage"),
    [
        (["补正交上去了，今天短信说审批通过了"], "download"),
        (["已经提交了，今天收到短信说要补正"], "correction"),
        (["批了"], "download"),
        (["传好了 点了提交"], "review"),
        (["交了半个月了"], "review"),
        (["提交了", "收到补正短信", "补正弄好又交了，结果今天又收到补正"], "correction"),
    ],
)
def test_the_latest_event_of_a_message_sets_the_stage(engine, lines, stage):
    assert talk(engine, *lines).progress.stage == stage


@pytest.mark.parametrize(
    ("lines", "stage"),
    [
        # A report of an earlier step does not send a welder back...
        (["审批通过了", "我提交了"], "download"),
        (["收到补正短信", "材料都准备好了"], "correction"),
        # ...a new correction notice does, and so does the welder putting things right.
        (["审批通过了", "又收到补正短信了"], "correction"),
        (["我提交了", "不对，我还没提交"], "submission"),
        (["已经寄给老师了", "不对我搞错了 决定书还没下载"], "download"),
        (["材料都准备好了", "不对，体检报告还没拿到"], "preparation"),
        (["材料都准备好了", "等一下，体检报告还没做"], "preparation"),
        (["材料都准备好了", "哦不对，体检的word还没建"], "preparation"),
        (["已经寄给老师了", "不对，决定书还没下"], "download"),
        (["我提交了", "不好意思打错了，还没提交"], "submission"),
        # Where they still are, said when putting it right: not papers of a correction.
        (["他交上去了", "讲错了 他东西还在准备"], "preparation"),
        (["审批通过了", "搞错了 我还在网上填呢"], "submission"),
        (["补正通知到了", "搞错了 补正的资料还在整"], "correction"),
        # Not yet handed in, and still making the papers: the earliest one said.
        (["他交掉了", "不对 他还没交 他在弄资料"], "preparation"),
        (["我早就交掉了", "没有没有 我还在准备学历证明"], "preparation"),
        (["替我爸问下 他交掉了", "我问错了 他还没提交"], "submission"),
        # No message, while the status says correction, is no handing in again...
        (["查询里写着补正", "可短信都没来"], "correction"),
        # ...and handing it in taken back is still the correction, not the first application.
        (["补正短信收到了", "补正弄好交了 不对 提交还没按"], "correction"),
        # Saying what they meant is putting it right too.
        (["提交好了", "我讲的是报名表交给厂里盖章了 网上还没弄"], "preparation"),
        # A paper not made yet, said while applying, is still preparing; not yet uploaded
        # is applying.
        (["资料全都弄好了", "学历证明还没写呢"], "preparation"),
        (["资料全都弄好了", "学历证明还没传呢"], "submission"),
    ],
)
def test_a_stage_moves_back_only_for_a_notice_or_when_the_welder_says_so(engine, lines, stage):
    assert talk(engine, *lines).progress.stage == stage


@pytest.mark.parametrize(
    ("stage", "said", "now", "step"),
    [
        # What the page says, in quotation marks, reads as if typed bare.
        ("review", "办件状态那栏写的是“已完成”", "download", "dl_download"),
        ("review", "查询页上写着「补正」", "correction", "cor_notice"),
        # Logged in, the site named between the verb and 了: the step after the login.
        ("preparation", "扫码登进一网通办了", "submission", "sub_5"),
        ("submission", "已经登进一网通办了", "submission", "sub_5"),
    ],
)
def test_a_quoted_status_or_a_login_is_a_report(engine, stage, said, now, step):
    progress = talk(engine, said, state=Progress(stage)).progress
    assert (progress.stage, progress.step) == (now, step)


def test_a_problem_called_wrong_while_not_yet_handed_in_is_answered_where_the_welder_is(engine):
    # "不对" here says what the page shows, not that the welder puts a report right: they
    # never said they had handed in, so nothing moves back.
    state = Progress("submission", "sub_1", known=False)
    reply = talk(engine, "还没提交 卡在单位那里了 带出来的名字不对", state=state)
    assert reply.progress.stage == "submission"
    assert reply.answer_id == "unit_wrong"


@pytest.mark.parametrize(
    "question",
    ["提交了还能改吗", "批了之后在哪下载", "审批通过了吗", "交上去了还可以撤回", "批了还能换单位"],
)
def test_a_question_about_a_step_is_not_a_report(engine, question):
    assert talk(engine, question).progress.stage == "preparation"


@pytest.mark.parametrize("who", ["工友说", "听人家说", "师傅说"])
def test_who_told_the_welder_neither_chooses_the_topic_nor_weakens_it(engine, who):
    asked = engine.reply(Progress("preparation"), "交上去的材料还能看到吗")
    told = engine.reply(Progress("preparation"), f"{who}交上去的材料还能看到吗")
    assert (told.answer_id, told.confidence) == (asked.answer_id, asked.confidence)


def test_reading_about_an_earlier_step_does_not_move_the_step_pointer_back(engine):
    state = talk(engine, "审批通过了", "下一步", "下一步", "寄出去了").progress
    asked = engine.reply(state, "决定书要打印吗")
    assert asked.progress.step == state.step
    assert "快递给老师" not in engine.reply(asked.progress, "下一步").text


def test_asking_for_the_previous_step_moves_the_pointer_back(engine):
    state = talk(engine, "材料都准备好了", "下一步", "下一步").progress
    back = engine.reply(state, "上一步")
    assert pg.step_index(engine.kb, back.progress.step) < pg.step_index(engine.kb, state.step)


@pytest.mark.parametrize("said", ["上一步是哪步来着", "上一步做啥的", "退回上一步"])
def test_the_previous_step_asked_in_other_words_is_the_previous_step(engine, said):
    state = talk(engine, "材料全都备好了", "下一步", "下一步").progress
    assert engine.reply(state, said).text == engine.reply(state, "上一步").text


# -- what the guide does not answer, and asking back ---------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "理论考试考什么",
        "证书有效期几年",
        "多大年纪能考",
        "随申办密码忘了",
        "陈老师电话多少",
        "审批结果是不予批准咋办",
        "随申办绑的号码停机了",
        "学历安全证明到什么地方去开",
        "区里市场监管局电话多少",
        "视力要多少才行",
        "体检是不是要抽血",
    ],
)
def test_a_near_domain_question_the_guide_does_not_answer_falls_back_with_a_teacher(
    engine, question
):
    reply = talk(engine, question)
    assert reply.answered is False
    assert reply.answer_id is None
    assert "指南里没有写" in reply.text
    assert HANDOFF in reply.quick_replies


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("review", "昨天下了一天雨"),
        ("review", "今天累死了"),
        ("review", "昨天喝多了"),
        ("download", "昨天喝多了"),
        ("done", "今天累死了"),
    ],
)
def test_small_talk_with_a_time_word_falls_back_at_any_stage(engine, stage, said):
    # When something happened is no topic, even where the stage's entries speak of days.
    reply = talk(engine, said, state=Progress(stage))
    assert (reply.answered, reply.progress.choices) == (False, ())


@pytest.mark.parametrize("word", ["上传", "照片", "短信", "身份证", "照片咋弄"])
def test_a_bare_topic_shared_by_several_entries_is_asked_back(engine, word):
    reply = talk(engine, word)
    assert reply.answer_id is None
    assert len([q for q in reply.quick_replies if q != HANDOFF]) >= 2
    assert len(reply.progress.choices) >= 2  # asked back, not fallen back


def test_a_bare_topic_as_a_first_message_needs_a_clearer_lead_than_in_a_stage(engine):
    # 新办 leads with the choice between 新办 and 增项, but not by far: as the first thing
    # said it is asked back. While applying online, it is that choice.
    assert talk(engine, "新办").progress.choices
    applying = Progress("submission", known=True)
    assert talk(engine, "新办", state=applying).answer_id == "new_vs_add"


def test_the_paper_forms_exam_item_and_the_online_project_type_are_asked_apart(engine, kb):
    # 项目 is the exam item on the paper form, or the project type picked online.
    reply = talk(engine, "项目那里写什么")
    assert reply.answer_id is None
    offered = set(reply.quick_replies)
    assert {kb.entry("form_exam_item").title, kb.entry("project_type").title} <= offered
    assert talk(engine, "网上的项目种类选啥").answer_id == "project_type"


@pytest.mark.parametrize(
    ("question", "entry"),
    [("申请入口在哪", "entrance_url"), ("查询的入口在哪", "how_query"), ("默认的能改吗", None)],
)
def test_an_entrance_and_a_default_are_read_by_what_they_are_of(engine, question, entry):
    reply = talk(engine, question)
    assert reply.answer_id == entry
    assert entry or len(reply.progress.choices) >= 2


def test_how_long_after_handing_in_is_the_approvals_wait(engine):
    assert talk(engine, "提交以后几天能批").answer_id == "review_time"


def test_the_web_address_is_the_applications(engine):
    # The guide gives two links, but only the application's is a 网址 to a welder.
    assert talk(engine, "把网址发给我").answer_id == "entrance_url"


def test_which_courier_to_mail_by_is_not_a_report_of_mailing(engine):
    reply = talk(engine, "寄快递用邮政还是顺丰")
    assert (reply.progress.stage, reply.answered) == ("preparation", False)


def test_a_report_then_a_question_the_guide_is_silent_on_gets_the_move_and_a_teacher(engine):
    reply = talk(engine, "我已经提交了，想撤回，可以撤吗")
    assert reply.progress.stage == "review"
    assert (reply.answered, reply.answer_id) == (False, None)
    assert HANDOFF in reply.quick_replies


def test_two_questions_in_one_message_get_both_answers(engine, kb):
    reply = talk(engine, "学历选啥，职称选啥")
    assert kb.entry("education_level").answer in reply.text
    assert kb.entry("title_level").answer in reply.text


# -- context and robustness ----------------------------------------------------------------


def test_a_follow_up_without_a_noun_is_read_with_the_last_answer(engine):
    reply = talk(engine, "审批通过了", "那在哪下载")
    assert reply.answer_id == "download_decision"


def test_a_step_named_by_number_is_the_context(engine):
    assert talk(engine, "第5步选啥").answer_id == "new_vs_add"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("ywtb怎么登录", "how_login"),
        ("阿拉搿个随申办哪能下载伐", "app_download"),
        ("曾项和心办有啥区别", "new_vs_add"),
        # Shanghainese 伊 (伊拉) is 他 (他们).
        ("伊拉手机里要装个啥", "app_download"),
    ],
)
def test_pinyin_initials_shanghainese_and_two_typos_are_understood(engine, question, entry):
    assert talk(engine, question).answer_id == entry


def test_a_form_field_is_not_taken_for_a_name(engine):
    assert talk(engine, "姓名身份证要自己填吗").name is None
    # 曾 is a surname, but 曾项 is a misspelling of 增项.
    assert talk(engine, "我是曾项的，要选哪个").name is None
    assert talk(engine, "我是曾强").name == "曾强"


# -- reactions and buttons ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("emoji", "says"), [("👍", "不客气"), ("🙏🙏", "不客气"), ("👎", "没帮上忙")]
)
def test_an_emoji_reaction_is_read_as_thanks_or_as_unhelpful(engine, emoji, says):
    reply = talk(engine, emoji)
    assert says in reply.text
    assert "答不上来" not in reply.text


def test_no_reply_offers_the_same_button_twice(engine, kb):
    state = talk(engine, "审批通过了").progress
    for line in ["下一步", "下一步", "寄出去了", "下一步", "找老师", "菜单", "我的进度"]:
        reply = engine.reply(state, line)
        assert len(set(reply.quick_replies)) == len(reply.quick_replies)
        state = reply.progress
    for entry in kb.entries:
        offered = engine.reply(Progress("preparation"), entry.title).quick_replies
        assert len(set(offered)) == len(offered)


def test_my_progress_shows_every_stage(engine, kb):
    reply = talk(engine, "我已经提交了", "我的进度")
    assert all(stage.name in reply.text for stage in kb.stages)
    assert "●等待审批" in reply.text


@pytest.mark.parametrize(
    ("question", "entry"),
    [("决定书打印好以后呢", "write_on_decision"), ("补正提交以后呢", "correction_after")],
)
def test_what_comes_after_a_step_is_its_next_step_unless_an_entry_answers_it(
    engine, question, entry
):
    assert talk(engine, question).answer_id == entry


@pytest.mark.parametrize("question", ["证书会不会寄到我家", "证书寄到我家来吗"])
def test_the_last_answers_neighbours_include_what_the_guide_is_silent_on_there(engine, question):
    # After how long the certificate takes, where it is sent is still not in the guide.
    state = Progress("done", known=True)
    reply = talk(engine, "拿证一般要等多久", question, state=state)
    assert reply.answer_id is None
    assert reply.silent


def test_after_what_names_no_step_is_after_the_last_answers_step(engine):
    # "进去了以后" names no step by itself; after the entrance's answer it is the entrance.
    state = Progress("submission", known=True)
    reply = talk(engine, "网上报名的网址是哪个", "进去了以后呢", state=state)
    assert reply.answer_id == "choose_district"
    reply = talk(engine, "网上报名的网址是哪个", "进去了以后呢", "然后呢", state=state)
    assert reply.answer_id == "login_button"
    # Before any answer there is no step to go on from.
    assert talk(engine, "进去了以后呢", state=state).answer_id != "choose_district"


@pytest.mark.parametrize(
    ("said", "entry"), [("随申办还没装", "app_download"), ("材料还没准备", "materials_overview")]
)
def test_something_not_done_yet_is_answered_with_how_to_do_it(engine, said, entry):
    reply = talk(engine, said)
    assert reply.answer_id == entry
    assert reply.progress.stage == "preparation"


def test_a_step_reported_done_moves_the_pointer_to_the_step_after_it(engine):
    state = Progress("submission", known=True, step="sub_1")
    reply = engine.reply(state, "立即办理点好了")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_6")
    assert reply.answer_id == engine.kb.step("sub_6").entry


@pytest.mark.parametrize("said", ["点了虹口区", "我点了虹口区，然后呢"])
def test_a_button_named_after_clicked_is_that_step_done(engine, said):
    state = Progress("submission", known=True, step="sub_1")
    reply = engine.reply(state, said)
    assert reply.progress.step == "sub_3"
    assert reply.answer_id == engine.kb.step("sub_3").entry


@pytest.mark.parametrize(
    "said",
    ["头一回办这个，先弄点啥", "东西都还没弄呢", "刚开始，啥也不懂", "不知道从哪儿下手"],
)
def test_a_welder_who_has_not_begun_gets_what_to_prepare(engine, kb, said):
    reply = talk(engine, said)
    assert reply.answer_id and kb.entry(reply.answer_id).step == "prep_form"
    assert reply.progress.stage == "preparation"


def test_a_step_reported_done_is_read_with_the_last_answer(engine):
    # After the answer about the exam list not showing, "it showed" is that step's news,
    # not the upload's.
    state = Progress("submission", known=True, step="sub_6", last_entry="exam_list_missing")
    reply = engine.reply(state, "好了出来了，接下来")
    assert reply.progress.step in ("sub_6", "sub_7")


def test_the_old_employer_shown_is_the_unit_to_put_right(engine):
    state = Progress("submission", known=True, step="sub_7")
    assert engine.reply(state, "单位信息显示的是原单位").answer_id == "unit_wrong"


def test_a_bare_done_while_preparing_readies_the_paper_of_the_last_answer(engine, kb):
    state = Progress("preparation", known=True, step="prep_education", last_entry="edu_handwrite")
    reply = engine.reply(state, "弄好了")
    assert "education" in reply.progress.checklist
    assert reply.answer_id == kb.step("prep_medical").entry


@pytest.mark.parametrize("said", ["搞定了，随申办APP也装好了", "弄完了 手机上随申办装上了"])
def test_a_bare_done_with_more_news_readies_the_paper_and_hears_the_rest(engine, said):
    # After the Word files' names, "搞定了" is the Word files; the app named beside it
    # completes the preparation.
    papers = frozenset({"form", "education", "medical"})
    state = Progress("preparation", step="prep_word", last_entry="word_names", checklist=papers)
    reply = engine.reply(state, said)
    assert reply.progress.stage == "submission"
    assert {"word_files", "app"} <= reply.progress.checklist


@pytest.mark.parametrize("said", ["！！！", "。。", "…"])
def test_a_message_of_punctuation_alone_after_a_papers_answer_is_answered(engine, said):
    state = Progress("preparation", step="prep_education", last_entry="edu_handwrite")
    reply = engine.reply(state, said)
    assert reply.text


def test_a_bare_done_before_something_not_done_readies_only_the_paper(engine):
    state = Progress("preparation", step="prep_app", last_entry="app_download")
    reply = engine.reply(state, "装好了 体检报告也还没弄")
    assert reply.progress.stage == "preparation"
    assert "app" in reply.progress.checklist
    assert "medical" not in reply.progress.checklist


def test_a_bare_done_before_a_question_readies_nothing_on_its_own(engine):
    # Installed is not yet registered: the question is answered, nothing is recorded.
    state = Progress("preparation", step="prep_app", last_entry="app_download")
    reply = engine.reply(state, "装上了，还得注册吧")
    assert reply.answer_id == "app_register"
    assert "app" not in reply.progress.checklist


def test_a_form_printed_is_not_ready_before_its_stamp_and_signature(engine):
    state = Progress("preparation", step="prep_form", last_entry="form_computer")
    reply = engine.reply(state, "打完了")
    assert "form" not in reply.progress.checklist
    assert reply.answer_id == "form_after_print"


@pytest.mark.parametrize("said", ["我现在到了基本信息页面", "进来了，基本信息页面，然后呢"])
def test_a_page_reached_in_the_answers_steps_gets_the_steps_after_it(engine, said):
    # In the correction, the 基本信息 page is where clicking 材料补正 leads: the welder
    # there wants 下一步, not that line again, nor the first application's name fields.
    state = Progress("correction", step="cor_resubmit", last_entry="correction_reupload")
    reply = engine.reply(state, said)
    assert reply.answer_id == "correction_reupload"
    assert "下一步" in reply.text
    assert "材料补正" not in reply.text


def test_the_same_question_of_another_paper_gets_that_papers_main_answer(engine, kb):
    # The papers are prepared side by side: after the education paper's answer, "那体检单子呢"
    # asks the same of the medical report, not where its Word file goes.
    state = Progress("preparation", step="prep_education", last_entry="edu_handwrite")
    reply = engine.reply(state, "那体检单子呢")
    assert reply.answer_id == kb.main_entry(kb.step("prep_medical")).id


def test_the_same_question_of_another_box_stays_among_the_boxes(engine):
    # The application's steps come one after another: another upload box is that box.
    state = Progress("submission", step="sub_8", last_entry="upload_education")
    assert engine.reply(state, "身份证那一栏呢").answer_id == "upload_id"


def test_a_problem_put_right_goes_on_with_the_step(engine, kb):
    state = Progress("correction", known=True, step="cor_resubmit", last_entry="page_error")
    reply = engine.reply(state, "后来换了火狐浏览器就正常了")
    assert reply.answer_id == kb.step("cor_resubmit").entry
    assert reply.progress.stage == "correction"


def test_how_many_asks_so_two_such_questions_get_both_answers(engine):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, "专业那格写多少 户籍地址按哪个填")
    assert "“2”" in reply.text and "身份证" in reply.text


def test_which_button_after_a_step_with_a_button_is_that_button(engine):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, "材料四栏都传上了，按哪个")
    assert "“提交”" in reply.text
    assert reply.answer_id == "after_submit_status"


def test_not_yet_said_to_be_approved_is_still_waiting(engine):
    state = Progress("review", known=True, step="rev_wait")
    assert engine.reply(state, "第一条短信到了，短信里没说批准").progress.stage == "review"


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # Not approved yet is said while waiting: handed in.
        ("头一回来问，交了两个礼拜了迟迟没有批", "review"),
        ("一直没收到补正，也没说通过", "review"),
        # The decision not mailed yet was downloaded: approved.
        ("决定书已经打印，相片也准备了，还没寄", "download"),
    ],
)
def test_what_has_not_come_yet_says_what_came_before(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # What only a later stage has at hand, told going wrong or clicked.
        ("受理通知书死活下载不了 咋回事", "download"),
        ("决定书用打印机打不出来 去外面打印店行吗", "download"),
        ("材料补正按过了，后面要干啥", "correction"),
        # Asked ahead, or a paper of the preparation.
        ("以后决定书打不出来怎么办", "preparation"),
        ("报名表打不出来", "preparation"),
        ("决定书需要打印，然后呢", "preparation"),
    ],
)
def test_what_only_a_later_stage_has_at_hand_puts_the_welder_there(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_what_comes_after_a_button_of_the_correction_is_its_next_lines(engine):
    state = Progress("correction", known=True, step="cor_notice")
    reply = engine.reply(state, "我点开材料补正了 后面还要做啥")
    assert reply.answer_id == "correction_reupload" and reply.text.startswith("接下来")


def test_what_the_notice_says_must_be_copied_from_is_answered(engine):
    state = Progress("correction", known=True, step="cor_notice")
    assert engine.reply(state, "补正告知书讲单位地址要按执照写").answer_id == "unit_address"


def test_a_question_after_what_has_not_come_yet_is_answered(engine):
    reply = talk(engine, "一直没批，单位写错了能不能改")
    assert (reply.progress.stage, reply.answer_id) == ("review", "modify_after_submit")


@pytest.mark.parametrize(
    "said",
    [
        "还不批要怎么办",
        "要是一直没批呢",
        "体检报告还没打印",
        # Not the application: the medical, an exam.
        "体检报告还没下来",
        "理论考试一直没通过",
    ],
)
def test_asked_or_a_paper_not_done_says_nothing_came(engine, said):
    assert talk(engine, said).progress.stage == "preparation"


def test_not_approved_yet_never_moves_a_welder_back(engine):
    state = Progress("download", known=True, step="dl_mail")
    assert engine.reply(state, "同事的还没批").progress.stage == "download"


def test_materials_not_prepared_yet_gets_what_to_prepare(engine, kb):
    reply = talk(engine, "学校那边名报好了，资料还没准备")
    assert reply.answer_id and kb.entry(reply.answer_id).step == "prep_form"


@pytest.mark.parametrize("said", ["码我已经扫过了", "网页那边登上去了", "官网那边我登进去了"])
def test_logging_in_told_after_the_login_answer_is_that_step_done(engine, kb, said):
    state = Progress("submission", known=True, step="sub_3", last_entry="how_login")
    reply = engine.reply(state, said)
    assert (reply.progress.step, reply.answer_id) == ("sub_5", kb.main_entry(kb.step("sub_5")).id)


@pytest.mark.parametrize(
    "said", ["都填了，按下一步了", "立即办理按过了", "刚刚点过立即办理", "填完了 按了下一步"]
)
def test_a_steps_closing_button_clicked_is_that_step_done(engine, kb, said):
    state = Progress("submission", known=True, step="sub_5")
    reply = engine.reply(state, said)
    clicked = "sub_7" if "下一步" in said else "sub_5"
    assert reply.progress.step == pg.next_step(kb, clicked, "submission").id


def test_a_report_then_a_remark_with_no_answer_alone_is_read_with_the_report(engine):
    reply = talk(engine, "报名表早就填好了，用笔写的")
    assert reply.answer_id == "form_computer"


def test_which_button_on_this_page_is_the_button_of_the_welders_step(engine):
    state = Progress("submission", known=True, step="sub_5", last_entry="new_vs_add")
    reply = engine.reply(state, "这个页面上最后按哪个")
    assert reply.text.startswith("这一页弄好以后点“立即办理”")


def test_what_a_colleague_who_wants_to_apply_prepares_is_the_first_stages(engine, kb):
    state = Progress("done", known=True, step="done_cert")
    reply = engine.reply(state, "我徒弟也想考，要准备啥")
    assert reply.answer_id and kb.entry(reply.answer_id).stage == "preparation"
    assert reply.progress.stage == "done"


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("已完成网上提交", "review"),
        ("这趟是真的通过了", "download"),
        # Handed in, and something came after it.
        ("提交完以后就收到个短信", "review"),
        # At it now.
        ("正在一网通办上填信息 单位不对", "submission"),
    ],
)
def test_handing_in_and_the_approval_said_more_formally_or_for_real(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize(
    ("said", "stage", "entry"),
    [
        # A clause turns at 可是: the approval, then what is wrong.
        ("通过的短信来了可是办件查询里面啥都看不到", "download", "not_visible"),
        # The login's verb names it: a new welder is past it.
        ("已经扫了码登进去了", "submission", "new_vs_add"),
        # A page named with 那个页面.
        ("人已经在网上申请的那个页面了 要选新办还是增项", "submission", "new_vs_add"),
        # The upload is named by its verb 传, not by the 材料 that many entries share.
        ("表填完了 材料也传了 没点提交", "submission", "submit_button"),
        # What came up after a click is the step the welder is at, not one done.
        ("网上点了请登录弹出来一个二维码", "submission", "how_login"),
    ],
)
def test_a_new_welders_report_puts_them_where_they_are(engine, said, stage, entry):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.answer_id) == (stage, entry)


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("download", "没有打印机怎么打"),
        # How the certificate reaches the welder.
        ("done", "证书好了会打电话给我吗"),
        # Whether a person answers: the bot is not a teacher.
        ("preparation", "你们这边是机器在回复吧"),
        # Who may take the exam, and when an office opens, are not the guide's.
        ("preparation", "我是色盲也能报焊工证吗"),
        ("review", "区里的市场监管局下午几点下班"),
        # The teacher's own number, beside the welder's 手机号 box of the form.
        ("preparation", "陈老师的手机号码方便给一个吗"),
        # How long a correction may take, and how many there may be.
        ("correction", "补正的期限是几天"),
        ("correction", "这次补正完还会不会再要我补正"),
    ],
)
def test_a_topic_the_guide_is_silent_on_falls_back_to_a_teacher(engine, kb, stage, said):
    state = Progress(stage, known=True, step=kb.stage(stage).steps[-1].id)
    reply = engine.reply(state, said)
    assert reply.answer_id is None and reply.silent
    assert "找老师" in reply.text


@pytest.mark.parametrize(
    ("at", "last", "said", "shown"),
    [
        # A later page reached outweighs a step done in the same message.
        ("sub_6", None, "项目种类选好了 现在到申请材料那页了", "upload_overview"),
        ("dl_download", "approved_next", "下载了一个pdf文件", "print_decision"),
        # Two things done in a row: the later counts.
        ("dl_download", "approved_next", "决定书下下来了也打印了", "write_on_decision"),
        # A bare done after 好的 is the last answer's step.
        ("sub_7", "step7_overview", "好的 都写了", "upload_overview"),
        # After the district's answer, "登好了" is the login done: its verb names it.
        ("sub_2", "choose_district", "都登好了", "new_vs_add"),
        # While applying, the app named is the login done, not the app ready.
        ("sub_4", "how_login", "市民云扫好了，手机上点了确认", "new_vs_add"),
        # A box of a step's figure done shows the next box, in the same step. Logged in is
        # box 1 of the fifth step (the name); choosing comes next.
        ("sub_4", "how_login", "已经登上去了", "new_vs_add"),
        # Name and number are box 1 of the sixth step; the project type is box 2.
        ("sub_6", "project_type", "名字和身份证号输好了", "project_type"),
        ("sub_6", "project_type", "名字和号码输好了 然后呢", "project_type"),
        # The education level is box 4 of the seventh step; the title is box 5.
        ("sub_7", "step7_overview", "学历选好了", "title_level"),
    ],
)
def test_a_report_shows_what_comes_after_what_it_says_is_done(engine, kb, at, last, said, shown):
    state = Progress(kb.step(at).stage, known=True, step=at, last_entry=last)
    reply = engine.reply(state, said)
    assert reply.answer_id == shown
    assert reply.progress.step == kb.entry(shown).step


@pytest.mark.parametrize(
    ("at", "last", "said"),
    [("dl_download", "not_visible", "位置在哪"), ("rev_wait", "no_sms", "咋进去查看")],
)
def test_where_a_place_is_or_how_to_get_in_is_the_neighbour_that_says_where(
    engine, kb, at, last, said
):
    # After the answer on an empty list, or on no text message: the way to the query page.
    state = Progress(kb.step(at).stage, known=True, step=at, last_entry=last)
    assert engine.reply(state, said).answer_id == "how_query"


def test_the_same_question_of_another_paper_after_a_part_of_the_forms_step(engine, kb):
    # The form is filled in on a computer; asked the same of the education paper, its main
    # answer says it may be handwritten.
    state = Progress("preparation", known=True, step="prep_form", last_entry="form_computer")
    reply = engine.reply(state, "那学历证明的呢")
    assert reply.answer_id == kb.step("prep_education").entry


def test_done_with_no_words_of_its_own_then_what_is_after_the_last_answers_step(engine, kb):
    # "弄完之后呢" after the medical report's answer: the Word files come next, whatever
    # else 弄完 may mean on its own.
    state = Progress(
        "preparation", known=True, step="prep_medical", last_entry="medical_requirements"
    )
    assert engine.reply(state, "弄完之后呢").answer_id == kb.step("prep_word").entry
    # Printed, the form still wants its photo, stamp and signature: that is asked, not
    # the same question of another paper.
    state = Progress("preparation", known=True, step="prep_form", last_entry="form_work_history")
    assert engine.reply(state, "都打出来了然后呢").answer_id == "form_after_print"


def test_then_what_after_a_part_of_a_step_is_the_steps_next_part(engine, kb):
    # The form: which one to hand in, then filling it in, then what to do once printed;
    # then the education paper, the next step.
    state = Progress("preparation", known=True, step="prep_form", last_entry="form_two_kinds")
    shown = []
    for _ in range(3):
        reply = engine.reply(state, "然后呢")
        shown.append(reply.answer_id)
        state = reply.progress
    assert shown == ["form_computer", "form_after_print", kb.step("prep_education").entry]


def test_then_what_after_a_steps_main_answer_or_a_box_is_the_next_step(engine, kb):
    # The main answer of the Word files' step tells all of it; a box of the basic
    # information page is asked about, and the page as a whole comes first.
    for at, last, after in [
        ("prep_word", "word_how_many", "prep_app"),
        ("sub_6", "project_type", "sub_7"),
    ]:
        state = Progress(kb.step(at).stage, known=True, step=at, last_entry=last)
        assert engine.reply(state, "然后呢").answer_id == kb.step(after).entry


def test_a_whole_page_done_is_its_step_done(engine, kb):
    # The basic information page is boxes and all: what comes after it is the next step.
    state = Progress("submission", known=True, step="sub_6", last_entry="project_type")
    reply = engine.reply(state, "基本信息那页我全弄好了")
    assert reply.answer_id == kb.step("sub_7").entry


def test_what_the_status_should_be_while_waiting_is_submitted(engine):
    # After the answer on waiting, the status asked after is the one of waiting.
    state = Progress("review", known=True, step="rev_wait", last_entry="after_submit_next")
    reply = engine.reply(state, "这会儿状态应该是哪个")
    assert reply.answer_id == "status_submitted"
    assert "已提交" in reply.text


@pytest.mark.parametrize(
    "said",
    [
        "项目种类选好了，下面的考试信息一直不出来",
        # The problem has no noun of its own; the step done is not what to answer.
        "项目种类选了焊接作业 下面列表没有",
        "项目种类选好了 下面没东西跳出来",
    ],
)
def test_a_step_done_with_a_problem_is_the_problem(engine, said):
    state = Progress("submission", known=True, step="sub_5")
    assert engine.reply(state, said).answer_id == "exam_list_missing"


def test_papers_and_word_files_ready_start_the_application_and_remind_of_the_app(engine):
    reply = talk(engine, "三个word文档都已经做好了")
    assert reply.progress.stage == "submission"
    assert "随申办" in reply.text


def test_shanghainese_done_is_read_after_the_lexicon(engine):
    reply = talk(engine, "阿拉申请交脱了")
    assert reply.progress.stage == "review"


def test_a_bare_done_is_about_the_last_answers_step(engine):
    state = Progress("submission", known=True, step="sub_3", last_entry="how_login")
    reply = engine.reply(state, "登进去了")
    assert reply.progress.step == "sub_5"
    # With words of its own, the clause names its step ("区点好了" is not the login).
    reply = engine.reply(state, "金山区点好了，下一步")
    assert reply.progress.step != "sub_5"


def test_not_approved_after_all_is_waiting_again(engine):
    approved = Progress("download", known=True)
    reply = engine.reply(approved, "不对，还没批，我看错了")
    assert reply.progress.stage == "review"


def test_files_uploaded_then_what_next_is_the_step_after_the_upload(engine):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, "所有文件都上传好了，然后点哪个")
    assert reply.progress.stage == "submission"
    assert pg.step_index(engine.kb, reply.progress.step) > pg.step_index(engine.kb, "sub_8")


def test_what_to_do_after_a_step_is_the_step_after_it(engine):
    reply = talk(engine, "东西寄给老师以后还要我干啥")
    assert reply.answer_id in ("after_mail", engine.kb.step("done_cert").entry)


def test_a_step_done_names_its_step_among_those_that_could_be_news(engine, kb):
    # Logging in is the application's fourth step; the entry about the query page shares
    # the words but cannot be news for a welder still preparing.
    reply = talk(engine, "二维码扫好了 进去了")
    assert reply.progress.stage == "submission"
    assert reply.progress.step == "sub_5"


@pytest.mark.parametrize(
    "said",
    ["东西全都搞定了 下面做啥", "资料都弄好了，下一步干啥", "目前都搞好了", "已全部准备就绪"],
)
def test_materials_ready_then_next_starts_the_application_at_its_first_step(engine, kb, said):
    reply = talk(engine, said)
    assert reply.progress.stage == "submission"
    assert reply.progress.step == kb.stage("submission").steps[0].id


def test_a_homophone_typo_of_the_correction_notice_is_read_as_one(engine):
    # 不正 alone is in 不正确; before 短信 it is only ever 补正.
    reply = talk(engine, "申请交上去了", "今天手机上收到不正短信")
    assert reply.progress.stage == "correction"
    assert talk(engine, "我填的不正确吗").progress.stage == "preparation"


def test_the_three_papers_ready_then_next_is_the_word_files(engine, kb):
    # Filled in is not photographed into the word files: still preparing, and 下一步 is the
    # first step whose item is missing.
    reply = talk(engine, "三份材料都已经填好了，接下来呢")
    assert reply.progress.stage == "preparation"
    assert reply.answer_id == kb.main_entry(kb.step("prep_word")).id


def test_next_after_a_paper_is_ready_shows_the_first_one_missing(engine, kb):
    reply = talk(engine, "报名表盖好章了", "下一步")
    assert reply.answer_id == kb.main_entry(kb.step("prep_education")).id


def test_a_step_done_with_what_is_not_done_yet_is_progress_not_a_problem(engine):
    # "还没点提交" says where the welder is; "列表没出来" would be a problem.
    reply = talk(engine, "区选好了，还没点提交")
    assert reply.progress.stage == "submission"


def test_what_is_not_done_yet_is_named_by_what_comes_before_it(engine, kb):
    # "word文档还没有做" is about the word files: the question after it asks how to do them.
    reply = talk(engine, "报名表学历证明体检报告都好了 但是word文档还没有做 该咋弄")
    assert reply.answer_id == "word_how_many"
    assert "三个word文档" in reply.text


def test_what_is_not_done_yet_only_sets_the_scene_of_the_question(engine):
    # Read with the question, the form not filled in yet pulls it towards the form's topics;
    # the question alone is about the photo mailed with the decision.
    reply = talk(engine, "报名表没填好 照片要几寸")
    assert reply.answer_id == "photo_requirement"
    assert reply.progress.stage == "preparation"


def test_a_question_set_in_the_correction_is_asked_there(engine):
    # Before any stage is known, "补正的时候" says where the question is asked: the
    # correction's way back in (基本信息 then 下一步), not the address's rule. It is asked,
    # not reported, so the welder stays where they are.
    reply = talk(engine, "补正的时候单位地址要重新填吗")
    assert reply.answer_id == "correction_reupload"
    assert reply.progress.stage == "preparation"


def test_the_first_of_two_questions_settles_the_sense_of_the_second(engine, kb):
    # "大概等几天" alone could be the approval or the certificate; after a question about
    # what was handed in, it is the approval.
    reply = talk(engine, "提交了能修改吗，大概要等几天")
    assert kb.entry("modify_after_submit").reply.splitlines()[0] in reply.text
    assert reply.answer_id == "review_time"


def test_clicked_is_the_button_the_last_answer_said_to_click(engine, kb):
    # After the answer that says to click “提交”, "按了" hands the application in; after the
    # one about “立即办理”, it finishes that step.
    handed_in = talk(engine, "文件传完了要点哪个按钮", "按了")
    assert handed_in.progress.stage == "review"
    state = dataclasses.replace(
        talk(engine, "二维码扫好了 进去了").progress, last_entry="immediate_handle"
    )
    assert engine.reply(state, "点好了").progress.step == "sub_6"


def test_the_middle_of_a_step_is_that_step_not_the_one_after(engine, kb):
    reply = talk(engine, "单位信息那页填到一半")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_7")
    # The words that say 'in the middle' name no step themselves.
    assert talk(engine, "现在进到页面了").progress.stage == "preparation"


def test_a_short_question_of_several_topics_means_the_one_of_the_step_talked_about(engine):
    state = Progress("submission", known=True, step="sub_1", last_entry="apply_overview")
    assert engine.reply(state, "打哪进").answer_id == "entrance_url"
    # "用哪张" after the form's answer: which of the two forms.
    state = Progress("preparation", known=True, step="prep_form", last_entry="form_computer")
    assert engine.reply(state, "用哪张").answer_id == "form_which_submit"


def test_what_a_notice_finds_wrong_is_answered_once_it_says_a_notice_came(engine):
    reply = talk(engine, "告知书里面说户籍地址填错了")
    assert (reply.progress.stage, reply.answer_id) == ("correction", "household_address")


def test_a_step_without_a_button_filled_in_goes_on_to_the_next_on_the_same_page(engine):
    # Basic information has no button: the unit's and the welder's come next.
    reply = talk(engine, "基本信息已经写完了 按哪个")
    assert (reply.progress.step, reply.answer_id) == ("sub_7", "step7_overview")


def test_how_far_the_filling_got_is_that_step(engine):
    reply = talk(engine, "已经弄到个人信息这块了")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_7")


def test_a_problem_said_with_the_news_is_answered_where_the_news_puts_the_welder(engine):
    reply = talk(engine, "补正的时候文件传不上去")
    assert (reply.progress.stage, reply.answer_id) == ("correction", "upload_fail")


def test_a_step_done_and_one_not_yet_is_answered_with_how_to_do_the_one_left(engine):
    state = Progress("submission", known=True, step="sub_8")
    reply = engine.reply(state, "四个文件都传上去了 但还没提交")
    assert (reply.progress.stage, reply.answer_id) == ("submission", "submit_button")


@pytest.mark.parametrize(
    "said", ["再下去呢", "往下呢", "再往下", "接下来咧", "下面嘞", "咋办下一步", "咋弄接下来"]
)
def test_shanghainese_and_plain_ways_to_ask_for_what_follows(engine, said):
    state = Progress("submission", known=True, step="sub_4")
    assert engine.reply(state, said).progress.step == "sub_5"


def test_the_same_question_about_a_thing_on_a_line_of_the_last_answer_gets_that_line(engine, kb):
    state = Progress("preparation", known=True, last_entry="word_content")
    reply = engine.reply(state, "体检呢")
    assert reply.answer_id == "word_content"
    line = next(x for x in kb.entry("word_content").answer.splitlines() if "“体检”" in x)
    assert line.rstrip("；") in reply.text
    assert "“学历安全”" not in reply.text


def test_the_next_thing_of_a_list_asked_by_its_number_gets_that_line(engine, kb):
    state = Progress("preparation", known=True, last_entry="word_how_many")
    reply = engine.reply(state, "那第三个呢")
    assert reply.answer_id == "word_how_many"
    line = next(x for x in kb.entry("word_how_many").answer.splitlines() if x.startswith("3."))
    assert line.rstrip("；。") in reply.text
    assert "“申请表”" not in reply.text


def test_done_up_to_a_point_of_a_step_by_step_answer_gets_the_lines_after_it(engine, kb):
    state = Progress("download", known=True, step="dl_download", last_entry="approved_next")
    reply = engine.reply(state, "已完成选好了 查询也点了 接下来点啥")
    lines = kb.entry("approved_next").answer.splitlines()
    second = next(x for x in lines if x.startswith("2."))
    assert reply.answer_id == "approved_next"
    assert second in reply.text
    assert not any(x.startswith("1.") for x in reply.text.splitlines())
    # However what comes next is asked.
    state = Progress("submission", known=True, step="sub_7", last_entry="unit_wrong")
    reply = engine.reply(state, "同步单位信息点好以后还得弄啥")
    assert reply.answer_id == "unit_wrong" and reply.text.splitlines()[1].startswith("3.")
    # Without a last answer, the entry the message names is the one read.
    reply = talk(engine, "材料补正点好了之后呢")
    assert reply.answer_id == "correction_reupload"
    assert reply.text.splitlines()[1].startswith("3.")
    # A page reached is the line that leads there, until its button is clicked.
    state = Progress("correction", known=True, step="cor_notice", last_entry="correction_what")
    reply = engine.reply(state, "已经到基本信息页面了 下面呢")
    assert reply.text.splitlines()[1].startswith("4.")
    # With no last answer to go by, the main answer of the welder's step.
    state = Progress("download", known=True, step="dl_download", last_entry="not_visible")
    reply = engine.reply(state, "已完成选好了 查询也点了 接下来点啥")
    assert reply.answer_id == "approved_next"


def test_a_lone_xia_or_deng_after_a_question_word_is_downloading_or_logging_in(engine):
    # After how to find the application, "点哪个下" asks how to download the decision.
    found = Progress("download", known=True, step="dl_download", last_entry="not_visible")
    assert engine.reply(found, "那该点哪个下").answer_id == "download_decision"
    # So is 登 for logging in.
    applying = Progress("submission", known=True, step="sub_3")
    assert engine.reply(applying, "咋登").answer_id == "how_login"


def test_a_box_number_is_read_on_the_step_of_its_figure(engine, kb):
    # Steps 5, 6 and 7 each number their boxes: alone, 框3 may be any of three.
    reply = talk(engine, "框3是干嘛的")
    assert reply.answer_id is None
    assert reply.progress.choices == ("new_vs_add", "exam_score_list", "unit_address")
    assert "门牌号" in reply.text and "新办" in reply.text
    assert engine.reply(reply.progress, "3").answer_id == "unit_address"
    # The step named, or the one the welder is on, says which.
    assert talk(engine, "第5步的框3").answer_id == "new_vs_add"
    on_step_7 = Progress("submission", known=True, step="sub_7")
    assert engine.reply(on_step_7, "框3填啥").answer_id == "unit_address"
    # A box only one figure has.
    assert talk(engine, "框8填什么").answer_id == "mobile_phone"
    # Counting boxes is not naming one.
    assert talk(engine, "两个框三个文件怎么放").progress.choices != reply.progress.choices
    # Nor is a box full of choices ("框一大堆").
    assert talk(engine, "受理机构那个下拉框一大堆 点哪个").answer_id == "accept_agency"


def test_what_the_page_shows_puts_the_welder_on_that_step_and_the_question_is_about_it(engine):
    reply = talk(engine, "身份证号码自动出来了，要改吗")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_6")
    assert reply.answer_id == "basic_info_name_id"


def test_a_step_done_then_a_question_about_the_next_gets_both(engine):
    reply = talk(engine, "已经登录进去了，新办增项选哪个")
    assert (reply.progress.stage, reply.answer_id) == ("submission", "new_vs_add")
    # A problem beside it is still a problem: test_a_step_done_with_a_problem_is_the_problem.


def test_which_button_after_a_page_is_filled_is_that_pages_own(engine):
    state = Progress("submission", known=True, step="sub_6")
    reply = engine.reply(state, "单位和个人信息都写好了，按哪个")
    assert "记得点“下一步”" in reply.text
    assert reply.answer_id == engine.kb.step("sub_8").entry


def test_the_page_a_welder_has_reached_names_the_step(engine):
    reply = talk(engine, "东西都准备好了，现在到上传那页了")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_8")
    # "那身份证呢" asks the same about the ID card: its upload box takes the 学历安全 file.
    card = engine.reply(reply.progress, "那身份证呢")
    assert engine.kb.entry(card.answer_id).step == "sub_8"
    assert "学历安全" in card.text


def test_the_button_that_ends_a_step_reported_done_is_recalled(engine):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, "单位信息个人信息都填好了")
    assert reply.progress.step == "sub_8"
    assert "记得点“下一步”" in reply.text


def test_the_button_that_ends_a_step_is_not_recalled_once_said_clicked(engine):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, "单位信息个人信息填完 下一步也按过了")
    assert reply.progress.step == "sub_8"
    assert "记得点" not in reply.text


def test_a_voice_typed_then_what_after_a_step_is_the_next_step(engine):
    reply = talk(engine, "我打开了网站然后点了金山区然后呢")
    assert reply.answer_id == "login_button"


def test_the_notice_read_and_papers_redone_then_next_is_handing_them_in_again(engine):
    state = Progress("correction", known=True, step="cor_notice", last_entry="correction_what")
    reply = engine.reply(state, "看好了，资料也重新弄好了，接下来")
    assert (reply.progress.step, reply.answer_id) == ("cor_resubmit", "correction_reupload")


def test_then_what_after_an_answer_of_one_sentence_is_the_rest_of_that_sentence(engine):
    # The answer on an empty query page says, in one sentence, to pick 已完成 and then
    # click 查询: after the first, the second is next.
    state = Progress("download", known=True, step="dl_download", last_entry="not_visible")
    reply = engine.reply(state, "已完成我选好了 接下来呢")
    assert reply.answer_id == "not_visible"
    assert reply.text.startswith("接下来：\n再点击“查询”")


def test_papers_photographed_then_next_is_the_word_files(engine):
    state = talk(engine, "三样都弄好了，拍了照片").progress
    assert engine.reply(state, "然后呢").answer_id == "word_how_many"


@pytest.mark.parametrize(
    ("step", "last", "said"),
    [
        # A bare "in" after the answer about logging in.
        ("sub_4", "how_login", "进了"),
        ("sub_3", None, "扫好码登录上了"),
    ],
)
def test_logged_in_is_the_login_done(engine, step, last, said):
    state = Progress("submission", known=True, step=step, last_entry=last)
    assert engine.reply(state, said).progress.step == "sub_5"


@pytest.mark.parametrize(
    ("said", "step"),
    [("我到了传材料那一步", "sub_8"), ("个人申报页面上的名字不对", "sub_5")],
)
def test_the_step_or_page_a_welder_is_on_puts_them_there(engine, said, step):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)


@pytest.mark.parametrize(
    "said", ["三样都做成word了，但随申办还没装", "三样都做成word了 只差装个随申办"]
)
def test_papers_and_files_ready_but_the_app_not_yet_is_still_preparing(engine, said):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.answer_id) == ("preparation", "app_download")


def test_papers_ready_and_one_said_not_done_tells_how_to_do_that_one(engine):
    # Not "all the materials ready": the Word files are named as not made yet.
    reply = talk(engine, "报名表，体检单，学历证明，都搞好了，还没建word文档")
    progress = reply.progress
    assert (progress.stage, progress.step, reply.answer_id) == (
        "preparation",
        "prep_word",
        "word_how_many",
    )
    # Papers said ready, nothing said missing: what is left is listed, not taught.
    reply = talk(engine, "报名表 体检报告都弄好了")
    assert reply.answer_id is None and "学历安全证明" in reply.text


def test_the_applications_last_step_done_is_handing_in(engine, kb):
    # After the answer on what the page shows once handed in, "点好了" is the click on 提交.
    last = kb.stage("submission").steps[-1]
    state = Progress("submission", known=True, step=last.id, last_entry=last.entry)
    assert engine.reply(state, "点好了").progress.stage == "review"


def test_a_step_done_with_a_problem_puts_the_welder_there_and_answers_the_problem(engine):
    state = Progress("submission", known=True, step="sub_5")
    reply = engine.reply(state, "项目种类选好了，下面的成绩列表出不来")
    assert (reply.progress.step, reply.answer_id) == ("sub_6", "exam_list_missing")
    # From the start, the problem also says the welder is applying online.
    assert talk(engine, "登录进去选了增项，成绩列表出不来").progress.stage == "submission"


def test_handing_a_correction_in_is_waiting_again_not_a_step_back(engine):
    reply = talk(engine, "收到补正通知了", "补正材料改好重新提交了")
    assert reply.progress.stage == "review"
    assert "改过来了" not in reply.text


def test_then_what_in_a_step_that_ends_with_a_button_recalls_it(engine, kb):
    # 立即办理 ends the step of choosing 新办 or 增项; the next step comes after it.
    reply = talk(engine, "扫码登录进去了，姓名是我本人", "然后呢")
    here = kb.step("sub_5")
    assert f"“{here.button}”" in reply.text.splitlines()[0]
    assert reply.answer_id == kb.main_entry(kb.step("sub_6")).id


def test_what_comes_after_the_papers_are_done_is_the_word_files(engine, kb):
    reply = talk(engine, "这三份东西弄好以后呢")
    assert reply.answer_id == kb.main_entry(kb.step("prep_word")).id


def test_a_report_then_two_questions_answers_both(engine):
    reply = talk(engine, "网上交掉了，大概等几天，短信来几条")
    assert reply.progress.stage == "review"
    assert "10" in reply.text and "两条" in reply.text


def test_where_after_an_answer_that_starts_at_a_page_is_where_that_page_is(engine):
    # The correction's notice is on the query page; "这个在哪" asks where that page is.
    reply = talk(engine, "收到补正短信了", "补正告知书从哪里下载", "这个在哪")
    assert reply.answer_id == "how_query"
    assert reply.progress.stage == "correction"


def test_a_voice_typed_story_is_read_by_the_question_at_its_end(engine):
    said = "老师你好我是做电焊的单位让我们自己在网上弄那个焊工证我啥都不懂要先准备点什么东西"
    assert talk(engine, said).answer_id is not None


@pytest.mark.parametrize("said", ["户口地址那栏好像打错了，还能改吗", "移动电话填错了"])
def test_after_handing_in_changing_a_field_is_what_the_guide_says_of_changing(engine, said):
    # Whatever the field, after handing in nothing changes but through a correction.
    reply = talk(engine, "网上已经交上去了", said)
    assert reply.answer_id == "modify_after_submit"
    # Before handing in, the field itself is the answer.
    assert talk(engine, "户口地址那栏好像打错了，还能改吗").answer_id != "modify_after_submit"


def test_during_a_correction_changing_is_the_resubmission(engine, kb):
    reply = talk(engine, "收到补正短信了", "写错的地方能改吗")
    assert reply.answer_id == kb.stage("correction").changes


def test_during_a_correction_a_field_written_wrong_is_its_rule_then_the_resubmission(engine):
    reply = talk(engine, "收到补正短信了", "单位地址写错了能改吗")
    assert reply.answer_id == "unit_address"
    assert "改好以后" in reply.text


def test_a_follow_up_that_answers_something_else_does_not_repeat_the_last_answer(engine):
    reply = talk(engine, "网上已经交上去了", "能改吗", "那只能等咯 一般几天")
    assert reply.answer_id == "review_time"


@pytest.mark.parametrize("said", ["决定书要快递过去还是可以自己拿过去", "可以不寄快递直接送去吗"])
def test_how_to_send_the_papers_is_what_the_guide_says_and_what_it_does_not(engine, said):
    reply = talk(engine, said)
    assert reply.answer_id == "mail_how"
    assert "快递" in reply.text and "指南没有写" in reply.text


def test_a_long_message_is_read_on_its_own_not_as_a_follow_up(engine, kb):
    # "那…" opens a follow-up, but a story this long says what it asks by itself.
    context = kb.entry("how_login")
    story = (
        "那我跟你讲下我的情况我在嘉定一个厂里做了十来年电焊"
        "现在厂里让大家自己网上报我想问体检报告有啥要求"
    )
    decision = engine.matcher.decide(story)
    assert engine.answers.followups.read(decision, story, None, context, None) == (decision, False)


def test_what_a_correction_notice_finds_wrong_gets_its_requirement_and_the_way_back(engine, kb):
    # The notice says the unit address is wrong: the guide's rule for it, then resubmission.
    reply = talk(engine, "收到补正短信了", "通知书里写着单位地址不对")
    assert reply.answer_id == "unit_address"
    assert "营业执照" in reply.text
    assert kb.entry("correction_reupload").answer.strip() in reply.text


def test_during_a_correction_handing_a_paper_in_again_is_the_resubmission(engine):
    reply = talk(engine, "收到补正短信了", "体检报告重新去拍好了 要怎么再交上去")
    assert reply.answer_id == "correction_reupload"


@pytest.mark.parametrize("said", ["再下来呢", "还有呢"])
def test_more_ways_of_asking_for_the_next_step(engine, said):
    state = talk(engine, "材料都准备好了", "区点好了").progress
    assert engine.reply(state, said).progress.step == pg.next_step(engine.kb, state.step, "x").id


def test_the_first_step_of_the_application_asked_tersely(engine):
    assert talk(engine, "材料都准备好了", "第一步干嘛").answer_id == "entrance_url"


def test_putting_right_a_status_read_wrongly(engine, kb):
    # Read as 补正, it was 已提交: back to waiting, and no answer about the denied status.
    reply = talk(engine, "网上交了", "查了下状态是补正", "哦搞错了 其实是已提交 不是补正")
    assert reply.progress.stage == "review"
    approved = talk(engine, "审批下来了", "不对 我看错了 状态是补正 不是已完成")
    assert approved.progress.stage == "correction"
    assert approved.answer_id != "approved_next"


@pytest.mark.parametrize(
    ("said", "entry"),
    [
        ("告知书上讲报名表没签名", "form_signature"),
        ("通知书里说报名表的字不是本人签的", "form_signature"),
        ("pdf上讲体检报告要医院盖章", "medical_stamp"),
        # What does not match what it should is wrong too.
        ("告知书说手机号跟本人的对不上", "mobile_phone"),
        ("通知书上写着户籍地址和身份证上不一样", "household_address"),
    ],
)
def test_a_notice_that_finds_a_paper_wrong_says_what_it_needs_then_how_to_hand_in(
    engine, said, entry
):
    reply = talk(engine, "收到补正短信了", said)
    assert reply.answer_id == entry
    assert "改好以后" in reply.text


def test_a_field_a_correction_also_changes_says_what_the_guide_requires_of_it(engine):
    reply = talk(engine, "收到补正短信了", "单位地址也得改吗")
    assert reply.answer_id == "unit_address"
    assert "改好以后" in reply.text


def test_a_paper_remade_into_its_word_file_in_a_correction_is_handing_in_next(engine, kb):
    reply = talk(engine, "收到补正短信了", "体检报告又拍了一遍，放到word里了")
    assert reply.answer_id == kb.step("cor_resubmit").entry


def test_more_of_a_report_after_a_step_done_is_not_asked_as_a_question(engine, kb):
    # "手机上也确认了" adds to the report; the next step is what to tell.
    state = Progress("submission", known=True, step="sub_4", last_entry="how_login")
    reply = engine.reply(state, "码扫好了 手机里也确认了")
    assert reply.progress.step == "sub_5"
    assert reply.answer_id == kb.main_entry(kb.step("sub_5")).id


def test_all_of_it_done_after_one_paper_is_the_whole_preparation(engine, kb):
    # "都" is all of it, not the paper of the last answer.
    state = Progress("preparation", known=True, step="prep_education", last_entry="edu_handwrite")
    assert engine.reply(state, "现在都弄好了").progress.stage == "submission"
    got = engine.reply(state, "拿到了")  # the paper the last answer was about
    assert got.progress.stage == "preparation" and got.progress.step != "prep_education"


@pytest.mark.parametrize("said", ["已于昨日提交", "今天完成提交了", "昨天就提叫了"])
def test_a_formal_or_misspelt_hand_in_is_handing_in(engine, said):
    assert talk(engine, "材料都准备好了", said).progress.stage == "review"


@pytest.mark.parametrize("said", ["不对 还没点提交 四个都传完了", "等下 还没按提交 文件传好了"])
def test_put_back_before_handing_in_at_the_step_reported_done(engine, said):
    state = Progress("review", known=True, step="rev_wait", last_entry="review_time")
    reply = engine.reply(state, said)
    assert reply.progress.stage == "submission"
    assert reply.progress.step == "sub_9"
    assert "提交" in reply.text


@pytest.mark.parametrize(
    ("lines", "stage"),
    [
        (["表格啥的都准备好了"], "submission"),  # 啥的 lists, it does not ask
        (["材料都准备好了", "网上的申请交了有十来天了"], "review"),
        (["提交了", "后来批下来了，现在要打印"], "download"),
        (["提交了", "已完成了我想打印决定书"], "download"),
        (["提交了", "我接到一条补正短信啥意思"], "correction"),
        (["提交了", "万一接到补正短信咋办"], "review"),
        (["提交了", "收到补正短信了", "都改好了 重新交过了"], "review"),
        # What was said first is put right within the message.
        (["我都交上去了 说错了 还没交 文件才传好"], "submission"),
        # Asking whether it was right is no putting right.
        (["补正重新交了 现在已提交 应该没弄错吧"], "review"),
        # Handed in again, not a problem put right ("重新登录就好了").
        (["提交了", "收到补正短信了", "重新交好了"], "review"),
        (["材料都整起了"], "submission"),
        (["资料都弄号了"], "submission"),  # 号 typed for 好
        (["没提交呢 刚准备网上申请"], "submission"),
        (["提交了", "决定书打了"], "download"),
        (["提交了", "听同事讲以后可能要补正"], "review"),  # hearsay, not news
        (["提交了", "接到第二条短信是什么意思"], "review"),  # asks what it means
        (["随申办装好了", "三个都弄好了"], "submission"),  # three of them: the Word files
        (["提交了", "这趟过了"], "download"),
        (["提交了", "两条短信都收到了 可是第二条是补正"], "correction"),
        (["提交了", "又补正了"], "correction"),
        (["东西都备了"], "submission"),
        (["提交了", "批了", "今天快递了"], "done"),
        (["提交了", "收到短信了 上面讲要补正"], "correction"),
        (["提交了", "我这是第三次补正了"], "correction"),
        (["提交了", "第二次补正也交上去了"], "review"),
        (["提交了", "批了", "决定书寄了中通"], "done"),
        (["提交了", "批了", "受理通知书下好了"], "download"),
        (["提交了", "收到补正了", "补的材料弄好了"], "correction"),
        (["材 料 全 好 了"], "submission"),  # a space after every character
        (["东西准备好哒"], "submission"),
        (["资料搞掂咗"], "submission"),
        (["这几样全弄好了"], "submission"),
        # The Word files built, after their answer.
        (["word要建几个", "建好了"], "submission"),
        (["word要建几个", "全部建好了"], "submission"),
        (["第一条短信收到了"], "review"),
        (["交了第五天了 咋还没信"], "review"),
        (["材料都好了", "网上submit了"], "review"),
        (["我现在想登入一网通办"], "submission"),
    ],
)
def test_news_said_inside_a_longer_message_is_read(engine, lines, stage):
    assert talk(engine, *lines).progress.stage == stage


def test_a_welder_who_finds_they_never_handed_in_is_back_at_the_step_they_did(engine):
    state = Progress("review", known=True, step="rev_query", last_entry="how_query")
    reply = engine.reply(state, "查不到我的申请 我根本没点提交 文件都传了")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_9")


@pytest.mark.parametrize(
    ("said", "entries"),
    [
        ("学历填啥 技术职称填啥", {"education_level", "title_level"}),
        ("学历和专业咋填", {"education_level", "major_field"}),
        ("职称选啥 专业写几", {"title_level", "major_field"}),
        # Shanghainese 搭 is 和.
        ("专业搭学历哪能选", {"education_level", "major_field"}),
    ],
)
def test_two_fields_asked_at_once_get_both_answers(engine, kb, said, entries):
    state = Progress("submission", known=True, step="sub_7")
    reply = engine.reply(state, said)
    for entry in entries:
        assert kb.entry(entry).reply.splitlines()[0] in reply.text


def test_what_to_prepare_is_the_materials_not_what_follows_handing_in(engine):
    assert talk(engine, "他们要准备啥").answer_id == "materials_overview"


@pytest.mark.parametrize("said", ["那上面写点啥", "这个框传啥"])
def test_a_first_message_pointing_at_an_unnamed_thing_is_asked_back(engine, said):
    reply = talk(engine, said)
    assert reply.answer_id is None and len(reply.quick_replies) >= 2


def test_a_pointing_message_after_an_answer_is_about_that_answer(engine):
    reply = talk(engine, "决定书打印出来以后呢", "那上面写点啥")
    assert reply.answer_id == "write_on_decision"


def test_a_question_after_a_report_asks_what_the_thing_is_for(engine):
    reply = talk(engine, "市民云装好了干嘛用的")
    assert reply.answer_id == "app_why"


@pytest.mark.parametrize(
    ("said", "plain"),
    [("单位名称啷个填", "单位名称怎么填"), ("照片要啥子颜色的", "照片要什么颜色的")],
)
def test_southwestern_words_read_as_plain_ones(engine, said, plain):
    assert talk(engine, said).text == talk(engine, plain).text


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("一直冇短信 点算好", "一直没有短信 怎么办好"),
        ("证书几时先攞到", "证书什么时候先拿到"),
        ("证件啥时候到", "证件什么时候到"),
    ],
)
def test_cantonese_and_casual_words_read_as_plain_ones(engine, said, plain):
    assert talk(engine, said).text == talk(engine, plain).text


def test_a_spinning_page_after_logging_in_is_a_problem_with_the_browser(engine):
    reply = talk(engine, "材料都好了", "火狐登上去了 页面老是转圈")
    assert "浏览器" in reply.text and reply.progress.step != "sub_8"


@pytest.mark.parametrize(
    ("said", "stage"), [("审批下来了 hhh", "download"), ("资料都搞中了", "submission")]
)
def test_a_report_with_a_latin_tail_or_a_henan_word_is_read(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_papers_on_the_computer_and_the_app_there_are_the_whole_preparation(engine):
    reply = talk(engine, "三样东西都好了 word文档都在电脑里了 市民云也有了")
    assert reply.progress.stage == "submission"


def test_everything_but_the_app_ready_then_the_app_registered_is_the_whole_preparation(engine):
    first = talk(engine, "东西都弄好了 就是市民云还没弄")
    assert "三个word文档" in first.text.splitlines()[0]
    assert first.progress.stage == "preparation"
    then = engine.reply(first.progress, "注册完了 实名也认证了")
    assert then.progress.stage == "submission"


def test_a_problem_midway_through_a_step_is_what_is_answered(engine):
    reply = talk(engine, "材料好了", "网上在填了 填了一半网页卡住了")
    assert reply.answer_id == "page_error"


def test_jie_xia_qu_asks_for_the_next_step(engine, kb):
    reply = talk(engine, "材料都备齐了 接下去做啥")
    assert reply.answer_id == kb.main_entry(kb.stage("submission").steps[0]).id


def test_something_missing_after_a_step_is_a_problem_with_it(engine, kb):
    on_unit = Progress("submission", known=True, step="sub_7", last_entry="unit_wrong")
    # Synced, but the address lacks its number: still on the unit's step, not past it.
    reply = engine.reply(on_unit, "同步好了 单位地址缺个门牌号")
    assert (reply.answer_id, reply.progress.step) == ("house_number", "sub_7")


@pytest.mark.parametrize(
    ("said", "step", "entry"),
    [
        ("单位栏自动带出来的是我原来的厂", "sub_7", "unit_wrong"),
        ("学历那格显示的是高中", "sub_7", "education_level"),
        ("受理机构显示的是浦东的市场监督管理局", "sub_7", "accept_agency"),
        # Filled in by the page for 增项: the box to check, not the step's next box.
        ("增项的 姓名证件号码自己跳出来了", "sub_6", "basic_info_name_id"),
    ],
)
def test_what_a_page_shows_puts_the_welder_there_and_is_what_they_ask(engine, said, step, entry):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)
    assert reply.answer_id == entry


def test_a_problem_after_a_step_says_where_the_welder_is_once(engine):
    reply = talk(engine, "材料都好了", "谷歌登进去了 页面上字都叠在一起")
    assert reply.text.count("这一步") == 1


@pytest.mark.parametrize("said", ["叫单位文员帮我报行吗", "能叫公司文员帮我们弄吗"])
def test_someone_else_applying_for_the_welder_is_about_their_own_account(engine, said):
    assert talk(engine, said).answer_id == "own_account"


def test_a_problem_said_before_the_news_is_answered_after_it(engine):
    reply = talk(engine, "提交了", "办件查询里是空的 可我收到批准的短信了")
    assert reply.progress.stage == "download"
    assert reply.answer_id == "not_visible"


def test_an_emphatic_word_weighs_nothing(engine):
    plain, emphatic = talk(engine, "网上交的表用哪一张"), talk(engine, "网上交的表究竟用哪一张")
    assert (emphatic.answer_id, emphatic.confidence) == (plain.answer_id, plain.confidence)


def test_how_to_mail_the_decision_is_not_taken_for_how_to_download_it(engine):
    assert talk(engine, "决定书咋寄").answer_id != "download_decision"


def test_a_paper_with_something_missing_is_not_ready(engine):
    reply = talk(engine, "体检报告只写了左眼视力")
    assert "medical" not in reply.progress.checklist
    assert reply.answer_id in {"medical_items", "medical_requirements"}


def test_a_homophone_of_the_approval_asks_about_it(engine):
    assert talk(engine, "提交了", "审判一般几天").answer_id == "review_time"


def test_handing_in_says_what_the_status_shows(engine):
    assert "已提交" in talk(engine, "网上都弄完提交了").text


@pytest.mark.parametrize(
    ("said", "entry"), [("寄老师的那张", "photo_requirement"), ("贴在报名表上的", "form_photo")]
)
def test_an_option_of_the_menu_is_picked_by_what_it_is_about(engine, said, entry):
    menu = engine.reply(Progress("preparation", known=True), "照片咋搞")
    assert {"photo_requirement", "form_photo"} <= set(menu.progress.choices)
    # The option named, not news that something was mailed.
    picked = engine.reply(menu.progress, said)
    assert (picked.answer_id, picked.progress.stage) == (entry, "preparation")


def test_a_part_of_a_step_done_then_next_is_what_the_guide_says_comes_after_it(engine):
    # Printed is not ready: a photo, the red stamp and the signature come after.
    state = Progress("preparation", known=True, step="prep_form", last_entry="materials_overview")
    reply = engine.reply(state, "表格印出来了，然后呢")
    assert reply.answer_id == "form_after_print"
    assert reply.progress.step == "prep_form"


@pytest.mark.parametrize(
    "story, entry",
    [
        # The question only asks what to do: the problem is told in the story before it.
        (
            "网吧的电脑开了半天，一网通办网页一直在转圈圈，老板讲可能是网不好，我也不懂，有办法吗？",
            "page_error",
        ),
        # A time of the story is no question about opening hours.
        (
            "周末在家弄到一半，项目种类那里拉下来一长串，有锅炉有电梯还有起重机械，"
            "我看了半天头都大了，我应该点哪一个？",
            "project_type",
        ),
    ],
)
def test_a_long_story_is_read_by_its_question_and_what_names_a_topic(engine, story, entry):
    assert talk(engine, story).answer_id == entry


def test_what_follows_the_characters_read_is_not_read(engine):
    # The work of a crafted message stays bounded however long it is.
    head = "好" * READ_CHARS
    assert talk(engine, head + "，报名表在哪下载").text == talk(engine, head).text


@pytest.mark.parametrize(
    "said, asked",
    [("网上交哪个表 老板在催", "网上交哪个表"), ("决定书在哪下载 搞了一下午", "决定书在哪下载")],
)
def test_what_the_welder_feels_or_is_pressed_by_names_no_topic(engine, said, asked):
    reply, alone = talk(engine, said), talk(engine, asked)
    assert (reply.answer_id, reply.confidence) == (alone.answer_id, alone.confidence)
    assert reply.answer_id


@pytest.mark.parametrize(
    "said, calm",
    [
        ("都传好了，手机快没电了", "都传好了"),
        ("东西都齐了 急死了快说下面干嘛", "东西都齐了，下面干嘛"),
    ],
)
def test_what_the_welder_feels_reports_nothing(engine, said, calm):
    # "没电" says no 没, and 快说 asks for no topic.
    state = Progress("submission", step="sub_8")
    reply, alone = talk(engine, said, state=state), talk(engine, calm, state=state)
    assert (reply.answer_id, reply.progress.step) == (alone.answer_id, alone.progress.step)


@pytest.mark.parametrize(
    "said, stage",
    [
        ("申请的网页一直报错，进不去", "submission"),
        ("万一申请的网页进不去怎么办", "preparation"),
        # A failure told of an upload or a login is at the application too.
        ("网上传体检那栏老是失败", "submission"),
        ("一网通办登录不进去", "submission"),
    ],
)
def test_a_page_that_goes_wrong_puts_the_welder_in_the_application(engine, said, stage):
    # Told as it happens, not asked about beforehand.
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize(
    "said, stage",
    [
        # Asked at the page: what it shows, asks for, or "this" field.
        ("网页上叫我选学历 我技校毕业的选啥", "submission"),
        ("屏幕上出来新办和增项 我头回考选哪个", "submission"),
        ("专业这栏填几", "submission"),
        # Asked ahead, or of a field that may be the paper form's.
        ("到时候网上填学历 技校选啥", "preparation"),
        ("证件号码那栏要自己打吗", "preparation"),
        # A box pointed at and what is in it, or got in and where on the screen.
        ("手机号那一栏我填我儿子的可以吗", "submission"),
        ("单位地址那里填的是老厂的地址", "submission"),
        ("扫码进去以后右上角的名字不是我", "submission"),
        # Whether a box must be filled in is asked ahead as well.
        ("户籍地址那栏要自己填吗", "preparation"),
    ],
)
def test_a_question_asked_at_the_page_puts_the_welder_in_the_application(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_a_word_that_only_takes_in_the_last_reply_is_not_read(engine):
    assert talk(engine, "好的，找老师").handoff
    clicking = Progress("correction", step="cor_resubmit", last_entry="submit_button")
    assert talk(engine, "行，点了", state=clicking).progress.stage == "review"


@pytest.mark.parametrize(
    "step, said", [(None, "用手机扫码登录了"), ("sub_4", "已经确认了"), (None, "扫了，也确认了")]
)
def test_a_login_scanned_and_confirmed_is_done(engine, step, said):
    reply = talk(engine, said, state=Progress("submission", step=step))
    assert reply.progress.step == "sub_5"


def test_a_terse_report_then_what_goes_on_as_next_does(engine):
    # After the app's answer, while applying online: the first step of the application.
    state = Progress("submission", last_entry="app_download")
    reply = talk(engine, "装上了，然后", state=state)
    assert (reply.answer_id, reply.progress.step) == ("entrance_url", "sub_1")


def test_a_short_question_after_news_is_answered_when_it_is_clear(engine):
    reply = talk(engine, "下下来了，几页", state=Progress("download", step="dl_download"))
    assert reply.answer_id == "decision_pages"
    assert reply.progress.step == "dl_print"


def test_a_follow_up_that_names_two_things_answers_both(engine):
    state = Progress("preparation", step="prep_form", last_entry="form_computer")
    reply = talk(engine, "那身份证复印件和体检报告各要什么样的", state=state)
    assert reply.text.count("（指南") == 2 and "医疗机构" in reply.text


def test_how_long_it_takes_ends_a_story_as_its_question(engine):
    # "多长时间" asks as "多久" does: the story before it is no question.
    said = "上礼拜五在单位把材料都交上去了，领导天天催我，我也没办法，审批一般要多长时间"
    reply = talk(engine, said)
    assert reply.answer_id == "review_time"
    assert reply.progress.stage == "review"


def test_a_correction_notice_of_someone_the_welder_asks_for_does_not_send_them_back(engine):
    done = Progress("done")
    reply = talk(engine, "我徒弟昨天收到补正短信了，他问我咋弄", state=done)
    assert reply.progress.stage == "done"
    assert reply.answer_id == "correction_what"
    # Asked for, ahead of the welder, it is their news too.
    assert talk(engine, "我徒弟刚收到补正短信了").progress.stage == "correction"


@pytest.mark.parametrize("at", ["sub_8", "cor_resubmit"])
def test_a_click_and_what_was_clicked_then_a_question_reports_the_click(engine, kb, at):
    # "也按了提交了": the first 了 is the click's; handed in, then asked about the wait.
    state = Progress(kb.step(at).stage, known=True, step=at, last_entry=kb.step(at).entry)
    reply = engine.reply(state, "文件都传上去了也按了提交了那后面是不是等短信")
    assert reply.progress.stage == "review"


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # Its verb names the login, though the words are also how one enters this chat.
        ("我已经登进来了", "submission"),
        # A page of the application, not the correction's, which has not come.
        ("已经到了传材料的那个页面", "submission"),
        # Handed in, then what the welder did after.
        ("提交完去看了一下 名字打错了", "review"),
        # A notice in other words.
        ("刚来了一条要补的短信", "correction"),
        # Asked, not told.
        ("提交完点哪里", "preparation"),
    ],
)
def test_a_step_told_in_other_words_puts_the_welder_there(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_a_code_described_rather_than_named_is_the_login(engine):
    state = Progress("submission", known=True, step="sub_3")
    assert engine.reply(state, "屏幕上跳出一个方格码").answer_id == "how_login"


def test_which_one_asks_of_what_the_last_answer_says_to_change(engine):
    state = Progress("submission", known=True, step="sub_8")
    reply = engine.reply(state, "文件总是上传失败")
    assert reply.answer_id == "upload_fail"
    assert engine.reply(reply.progress, "那换啥").answer_id == "browser_choice"


def test_the_finished_status_come_up_is_the_approval(engine):
    assert talk(engine, "已完成那几个字跳出来了").progress.stage == "download"


@pytest.mark.parametrize("said", ["有证以后待遇会不会好一点", "焊工证拿到了能去外地干活吗"])
def test_pay_and_jobs_after_the_certificate_fall_back_saying_the_guide_is_silent(engine, said):
    reply = talk(engine, said)
    assert reply.answered is False and "找老师" in reply.quick_replies
    assert "指南里没有写" in reply.text


@pytest.mark.parametrize(
    ("said", "entry"),
    [
        # What a welder describes, in the guide's words.
        ("网上单位那栏蹦出来的是前东家", "unit_wrong"),
        ("页面显示得乱套了", "page_error"),
        ("体检医生写得龙飞凤舞行吗", "medical_requirements"),
        ("扫完码页面转个不停", "page_error"),
        # 藏哪 is 在哪; a district named without 区.
        ("查询藏哪了", "how_query"),
        ("单位在宝山 网页上点哪个", "choose_district"),
    ],
)
def test_a_thing_described_rather_than_named_is_answered(engine, said, entry):
    assert talk(engine, said).answer_id == entry


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # A part of the online form named as where the question is: at the application.
        ("个人信息里面文化程度要选哪一项", "submission"),
        # The paper form's part is no page of the website.
        ("报名表上个人信息里要写啥", "preparation"),
    ],
)
def test_a_question_set_in_a_part_of_the_online_form_is_asked_there(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_a_drop_down_list_is_no_box_of_a_figure(engine):
    assert talk(engine, "职称那个下拉框一溜排下来 选哪个").answer_id == "title_level"


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        # 半天 is a while on the page, not days of waiting for news.
        ("手机扫过了 页面半天没动静", "submission"),
        # 正 alone says the welder is at it now.
        ("我正传着呢 学历证明放哪一栏", "submission"),
        # The page said with its 页: the upload page, not whatever 上传 alone names.
        ("到了上传页了 学历放哪格", "submission"),
        # One text message, nothing said of it: the first of the two.
        ("前天收到1条消息", "review"),
    ],
)
def test_where_the_welder_is_said_in_passing(engine, said, stage):
    state = Progress("submission", known=True, step="sub_4") if "扫" in said else None
    assert talk(engine, said, state=state).progress.stage == stage


def test_a_bare_click_then_a_question_is_the_click_the_last_answer_named(engine, kb):
    state = Progress("correction", known=True, step="cor_resubmit", last_entry="submit_button")
    assert engine.reply(state, "按好了 那是不是就等消息了").progress.stage == "review"


def test_which_district_asked_with_a_step_done_is_no_question_of_a_button(engine):
    state = Progress("submission", known=True, step="sub_1", last_entry="page_error")
    assert engine.reply(state, "好了现在能进了 点哪个区呢").answer_id == "choose_district"


def test_what_after_a_paper_named_by_a_pointer_is_the_next_step(engine):
    state = Progress("preparation", known=True, step="prep_form", last_entry="medical_requirements")
    assert engine.reply(state, "这个搞好以后又干嘛").answer_id == "word_how_many"


def test_what_came_then_what_it_says_is_read_as_the_notice_finding_a_fault(engine):
    state = Progress("correction", known=True, step="cor_notice", last_entry="correction_what")
    assert engine.reply(state, "下载好了写着单位名称不对").answer_id == "unit_name_rule"


def test_what_the_welder_will_do_once_the_news_comes_is_no_news(engine):
    state = Progress("review", known=True)
    assert engine.reply(state, "等到第二条消息到了再去下").progress.stage == "review"


def test_a_short_first_question_that_two_steps_fit_about_as_well_is_asked_back(engine):
    reply = talk(engine, "老出错咋弄")
    assert reply.answer_id is None and len(reply.progress.choices) >= 2
    # Said with where the welder is, it is answered.
    state = Progress("submission", known=True, step="sub_8", last_entry="upload_overview")
    assert engine.reply(state, "老出错咋弄").answer_id is not None


def test_a_mistake_found_after_handing_in_asks_about_changing_it(engine):
    reply = talk(engine, "上周就交了 今天一看单位名称写错了")
    assert reply.progress.stage == "review"
    assert reply.answer_id == "modify_after_submit"


def test_the_site_named_before_its_verb_is_entered_and_what_to_click_is_the_next_step(engine):
    state = Progress("submission", known=True, step="sub_1", last_entry="entrance_url")
    reply = engine.reply(state, "那个网站进了，再点啥")
    assert reply.answer_id == "choose_district"


@pytest.mark.parametrize(
    "asked", ["我那个申请现在审到哪了", "交上去的材料有结果了没", "审批如今咋样了"]
)
def test_asking_where_ones_own_application_is_says_it_was_handed_in(engine, asked):
    # Still a question: it is answered, too.
    reply = talk(engine, asked)
    assert reply.progress.stage == "review" and reply.answer_id is not None


def test_asking_ahead_how_long_the_approval_takes_moves_nothing(engine):
    assert talk(engine, "假如下礼拜提交，大约几天以后能批完").progress.stage == "preparation"


# Someone typing for the welder: the welder is 他 or 她 in the news.
@pytest.mark.parametrize("said", ["我爸的短信上让他补正", "短信来了，叫她去补正材料"])
def test_a_correction_notice_told_of_the_welder_in_the_third_person_is_news(engine, said):
    assert talk(engine, said).progress.stage == "correction"


def test_stuck_uploading_what_the_correction_asks_for_says_the_notice_came(engine):
    reply = talk(engine, "补正的资料老是传不上去")
    assert reply.progress.stage == "correction" and reply.answer_id is not None


def test_minutes_of_waiting_do_not_drown_the_question(engine):
    reply = talk(engine, "点上传以后一直在转 快一个小时了")
    assert reply.answer_id == "upload_fail"


def test_done_again_then_what_is_the_step_after_the_last_answer(engine):
    state = Progress("preparation", known=True, step="prep_medical", last_entry="medical_items")
    reply = engine.reply(state, "又去查了 这下都有了 然后")
    assert reply.answer_id == "word_how_many"


def test_where_after_an_answer_that_names_a_page_is_where_that_page_is(engine):
    state = Progress("review", known=True, step="rev_query", last_entry="view_submitted")
    assert engine.reply(state, "那在哪里").answer_id == "how_query"


def test_a_file_handed_in_as_another_is_what_the_guide_says_of_changing_then(engine):
    state = Progress("review", known=True, step="rev_wait", last_entry="review_time")
    reply = engine.reply(state, "身份证那格传成了体检的文件")
    assert reply.answer_id == "modify_after_submit"


def test_how_to_apply_for_the_certificate_online_is_the_whole_procedure(engine):
    assert talk(engine, "我想考焊工证 网上要怎么报名").answer_id == "overview_procedure"


def test_trouble_at_a_later_step_puts_the_welder_at_that_step(engine):
    reply = talk(engine, "文件一上传就卡死")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_8")


def test_every_files_name_shown_is_the_upload_done(engine):
    state = Progress("submission", known=True, step="sub_7", last_entry="mobile_phone")
    shown = engine.reply(state, "四个框下面都有名字了")
    uploaded = engine.reply(state, "四个文件都传好了")
    assert (shown.answer_id, shown.progress.step) == (uploaded.answer_id, uploaded.progress.step)


# A word both papers share, asked with nothing that picks one: which paper is a guess.
@pytest.mark.parametrize(
    ("asked", "meanings"),
    [
        ("电话该留谁的号", {"mobile_phone", "write_on_decision"}),
        ("我字丑 会不会不收", {"edu_handwrite", "medical_requirements"}),
        ("手机拍出来模糊 行不行", {"id_copy", "medical_items"}),
        ("页面上好几个选项 挑哪个", {"new_vs_add", "education_level", "title_level"}),
        ("查询的按钮找不着", {"how_query", "not_visible"}),
    ],
)
def test_a_word_of_two_papers_asked_alone_is_asked_back(engine, asked, meanings):
    reply = talk(engine, asked)
    assert reply.answer_id is None and meanings <= set(reply.progress.choices)


@pytest.mark.parametrize("said", ["短信到了 第二条", "刚来了条短信，第二条"])
def test_the_second_message_named_after_a_message_came_is_the_approval(engine, said):
    state = Progress("review", known=True, step="rev_wait", last_entry="review_time")
    assert engine.reply(state, said).progress.stage == "download"


def test_the_second_one_alone_is_no_news(engine):
    state = Progress("review", known=True, step="rev_wait", last_entry="review_time")
    assert engine.reply(state, "第二条").progress.stage == "review"


def test_what_the_correction_asks_to_redo_says_the_notice_came(engine):
    reply = talk(engine, "补正要重新拍体检报告 传不上去")
    assert (reply.progress.stage, reply.answer_id) == ("correction", "upload_medical")


@pytest.mark.parametrize(
    "stage, step, last, reply_id",
    [
        # Opened the site after being told where it is: the next step, choosing the district.
        ("submission", "sub_1", "entrance_url", "choose_district"),
        # Opened the decision: printing it comes next, not mailing it (打开 is not 打印).
        ("download", "dl_download", "download_decision", "print_decision"),
    ],
)
def test_opened_is_the_last_answers_step_done(engine, stage, step, last, reply_id):
    state = Progress(stage, step=step, last_entry=last)
    assert talk(engine, "打开了", state=state).answer_id == reply_id


def test_studied_up_to_is_how_far_one_went_to_school(engine):
    assert talk(engine, "网上学历怎么选 我只念到初二").answer_id == "education_level"


def test_what_now_asked_after_the_news_by_a_welder_who_says_an(engine):
    assert talk(engine, "查询那页写着已完成 俺该干啥了").answer_id == "approved_next"


@pytest.mark.parametrize(
    "said, stage",
    [
        # Forgot to click is not clicked.
        ("传好了 忘了点提交", "submission"),
        # Not done, then done now: handed in.
        ("还没点提交 刚刚点了", "review"),
    ],
)
def test_forgot_is_not_done_and_done_now_is_done(engine, said, stage):
    assert talk(engine, said, state=Progress("submission")).progress.stage == stage


def test_a_short_question_after_a_report_is_about_what_was_reported(engine):
    reply = talk(engine, "号码自动带出来了 还用管伐", state=Progress("submission"))
    assert reply.answer_id == "basic_info_name_id"


@pytest.mark.parametrize("said", ["材料都弄齐了再来问你", "等体检报告拿到了再来找你"])
def test_coming_back_once_something_is_done_says_it_is_not_done_yet(engine, said):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.progress.checklist) == ("preparation", frozenset())


@pytest.mark.parametrize(
    "said, stage",
    [
        # The status read off the page says it was handed in.
        ("页面上显示的是已提交 要等多久", "review"),
        # Handed in, and something found after it.
        ("提交了以后我发现户籍地址填得不对", "review"),
        ("交完以后发现电话写错了", "review"),
        # Asked ahead: nothing handed in yet.
        ("交了以后要等多久", "preparation"),
    ],
)
def test_handed_in_read_off_the_page_or_told_before_what_came_after(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_a_white_page_told_is_trouble_at_the_site(engine):
    assert talk(engine, "用的谷歌 网页全白的").progress.stage == "submission"


@pytest.mark.parametrize(
    "said, entry",
    [
        ("扫码登上了 显示的名字不是我", "check_name_district"),
        # Why another's number is wanted is no question about the app's account.
        ("我手机号总停机 移动电话能填我儿子的吗", "mobile_phone"),
    ],
)
def test_the_name_after_logging_in_and_the_phone_field(engine, said, entry):
    assert talk(engine, said).answer_id == entry


def test_the_second_message_comes_with_the_wait_for_the_approval(engine):
    reply = talk(engine, "第二条短信一般啥时候到", state=Progress("review"))
    assert (reply.answer_id, "10 个工作日" in reply.text) == ("sms_two", True)


def test_a_menu_names_what_the_guide_calls_it(engine):
    # The list of exam results not shown: the guide blames the 办理情形 chosen.
    reply = talk(engine, "啥也没跳出来")
    assert reply.answer_id is None and "办理情形" in reply.text


@pytest.mark.parametrize(
    "said, entry",
    [
        ("不弄word 直接把照片发上去可以吗", "word_other_format"),
        ("厂里想统一给我们一批人在网上报", "own_account"),
    ],
)
def test_photos_without_the_word_files_and_a_group_applying(engine, said, entry):
    assert talk(engine, said).answer_id == entry


@pytest.mark.parametrize("said", ["进去一看状态还是已提交", "办件查询里显示的也是已提交"])
def test_the_status_read_off_the_page_puts_back_a_welder_thought_approved(engine, said):
    assert talk(engine, said, state=Progress("download")).progress.stage == "review"


def test_filled_in_wrong_after_handing_in_asks_about_changing_it(engine):
    reply = talk(engine, "单位名称填得不对", state=Progress("review"))
    assert reply.answer_id == "modify_after_submit"


@pytest.mark.parametrize(
    "said, entry",
    [("身份证那栏传了几回都不成功", "upload_id"), ("个人信息填完 点下一步它不动", "step7_next")],
)
def test_a_page_that_misbehaves_gets_the_guides_remedy_after_the_answer(engine, said, entry):
    reply = talk(engine, said, state=Progress("submission"))
    assert reply.answer_id == entry and "清除浏览器缓存" in reply.text


@pytest.mark.parametrize(
    "said, stage",
    [
        # Preparing is not done on the website: no remedy for a page.
        ("word文档打不开", "preparation"),
        # The answer already says what to try.
        ("上传失败咋办", "submission"),
    ],
)
def test_no_remedy_where_there_is_no_page_or_the_answer_has_one(engine, said, stage):
    assert "清除浏览器缓存" not in talk(engine, said, state=Progress(stage)).text


@pytest.mark.parametrize(
    "said, stage",
    [
        # When it was done, not how long it takes.
        ("几天前已经点了提交", "review"),
        # Applied, not approved.
        ("我上周已经网上申请过了", "review"),
        ("申请已经过了", "download"),
        ("批下来好几天了", "download"),
        ("网上申请上礼拜弄好了", "review"),
        ("之前提交的 现在还要等吗", "review"),
        ("申请递上去五天了", "review"),
    ],
)
def test_progress_told_by_a_welder_coming_back(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


@pytest.mark.parametrize("said", ["昨天说到哪了", "我上次问到哪了", "忘了上次弄到哪了"])
def test_asking_where_one_stopped_shows_the_progress(engine, said):
    assert talk(engine, said).text.startswith("您现在在「准备材料」阶段")


@pytest.mark.parametrize(
    "said, stage", [("交上去以后一直没消息", "review"), ("交了以后要是没消息咋办", "preparation")]
)
def test_nothing_heard_since_handing_in_says_it_was_handed_in(engine, said, stage):
    assert talk(engine, said).progress.stage == stage


def test_a_list_not_shown_is_no_page_misbehaving(engine):
    assert "清除浏览器缓存" not in talk(engine, "下面没跳出来", state=Progress("submission")).text


@pytest.mark.parametrize("said", ["资料快要弄好了", "材料马上就齐了 还没交"])
def test_almost_done_is_not_done_yet(engine, said):
    reply = talk(engine, said)
    assert (reply.progress.stage, reply.text) == ("preparation", "好的，弄好了随时来问我。")


def test_changing_a_password_is_not_how_to_log_in(engine):
    reply = talk(engine, "支付宝密码咋改")
    assert not reply.answered and "密码" in reply.text


def test_the_app_named_as_app_is_the_checklist_item(engine):
    assert "app" in talk(engine, "app已经装好了").progress.checklist


def test_the_second_kind_of_message_is_the_approval(engine):
    reply = talk(engine, "短信来了 是第二条的那种", state=Progress("review"))
    assert reply.progress.stage == "download"


def test_ten_days_while_waiting_is_the_wait_for_approval(engine):
    assert talk(engine, "说是十天就好", state=Progress("review")).answer_id == "review_time"


def test_what_is_left_shows_the_checklist_while_preparing(engine):
    reply = talk(engine, "体检报告已经拿到了", "还缺些啥")
    assert "✔ 体检报告" in reply.text and "○ 报名表" in reply.text


def test_what_is_left_after_preparing_is_no_checklist(engine):
    assert "材料清单" not in talk(engine, "还差啥", state=Progress("download")).text


@pytest.mark.parametrize(
    "asked, then, entry",
    [
        # Right after the medical report: its handwriting, not the education paper's.
        ("体检报告有啥要求？", "能手写吗", "medical_requirements"),
        # Right after the form: printing the form, not the decision.
        ("报名表要电脑填吗？", "要打印吗", "form_computer"),
    ],
)
def test_a_short_follow_up_leans_on_the_last_answer(engine, asked, then, entry):
    assert talk(engine, asked, then).answer_id == entry


@pytest.mark.parametrize("said", ["今天好冷啊", "好累啊"])
def test_small_talk_after_an_answer_is_no_follow_up(engine, said):
    assert not talk(engine, "我交了", said).answered


def test_a_form_said_printed_with_yin_is_printed_not_ready(engine):
    reply = talk(engine, "报名表印完了 下一步")
    assert reply.answer_id == "form_after_print" and "form" not in reply.progress.checklist


def test_doing_it_for_a_group_of_others_is_not_allowed(engine):
    assert talk(engine, "我帮他们在网上申请").answer_id == "own_account"


@pytest.mark.parametrize(
    "then", ["第三个", "不对，我问的是第三个", "第三个里面放什么", "第三个要放啥"]
)
def test_a_line_of_the_last_list_named_by_its_number(engine, then):
    reply = talk(engine, "word要建哪几个", then)
    assert reply.text.startswith("3.") and "1." not in reply.text


def test_cannot_download_alone_asks_which_download(engine):
    reply = talk(engine, "下不下来")
    assert reply.answer_id is None and "随申办" in reply.text and "决定书" in reply.text


def test_put_in_after_what_goes_in_the_word_files_is_that_step_done(engine):
    reply = talk(engine, "照片怎么放进word？", "放进去了")
    assert "word_files" in reply.progress.checklist


def test_not_following_an_answer_gets_it_again_simpler(engine, kb):
    first = talk(engine, "随申办从哪儿下载")
    again = engine.reply(first.progress, "能讲慢一点吗")
    assert again.answer_id == first.answer_id
    assert kb.entry(first.answer_id).gist in again.text and first.text in again.text
    assert again.quick_replies[0] == HANDOFF


@pytest.mark.parametrize("said", ["刚才那条再说一遍", "刚刚你说的再讲一遍"])
def test_the_last_answer_named_and_asked_again_is_that_answer(engine, said):
    first = talk(engine, "随申办从哪儿下载")
    assert engine.reply(first.progress, said).answer_id == first.answer_id


def test_not_following_a_menu_shows_its_options_again(engine):
    menu = talk(engine, "照片那块要弄啥")
    again = engine.reply(menu.progress, "看不太懂呀")
    assert again.answer_id is None and again.progress.choices == menu.progress.choices
    assert engine.reply(again.progress, "2").answer_id == menu.progress.choices[1]


def test_not_following_with_nothing_said_before_offers_a_teacher(engine):
    reply = talk(engine, "看不太懂呀")
    assert reply.answer_id is None and HANDOFF in reply.quick_replies


def test_what_the_welder_says_was_not_asked_is_left_out(engine):
    reply = talk(engine, "浏览器挑哪种", "不是问浏览器，我是想问随申办从哪儿下载")
    assert reply.answer_id == "app_download"


def test_asking_for_more_detail_after_a_question_is_the_question(engine):
    alone = talk(engine, "浏览器挑哪种", "随申办从哪儿下载")
    padded = talk(engine, "浏览器挑哪种", "随申办从哪儿下载 讲详细些")
    assert padded.answer_id == alone.answer_id == "app_download"
    assert padded.confidence == alone.confidence


def test_not_understanding_a_paper_is_asked_about_that_paper(engine):
    assert talk(engine, "体检单上的字看不懂").answer_id == "medical_requirements"


@pytest.mark.parametrize(
    "said, entry, step",
    [
        # What a page has, or what is empty below a box chosen: the welder is at that page.
        ("网页上有四个上传框 我的文档只有三个", "upload_overview", "sub_8"),
        ("焊接的那个点上了 下面空着啥都没", "exam_list_missing", "sub_6"),
    ],
)
def test_what_the_page_shows_puts_the_welder_at_it(engine, said, entry, step):
    reply = talk(engine, said)
    assert reply.answer_id == entry
    assert (reply.progress.stage, reply.progress.step) == ("submission", step)


def test_the_units_name_alone_asks_whether_the_form_or_the_decision(engine):
    # The unit's name goes in the online form and on the decision's first page.
    reply = talk(engine, "公司名字该写成啥")
    assert reply.answer_id is None
    assert set(reply.progress.choices) == {"unit_name_rule", "write_on_decision"}


@pytest.mark.parametrize(
    "said, entry",
    [
        ("网页上的公司名字该写成啥", "unit_name_rule"),
        ("决定书上公司名字该写成啥", "write_on_decision"),
    ],
)
def test_the_units_name_with_where_it_goes_is_answered(engine, said, entry):
    assert talk(engine, said).answer_id == entry


def test_the_unit_alone_offers_the_decisions_first_page_among_its_senses(engine):
    reply = talk(engine, "单位这一项该填点什么")
    assert reply.answer_id is None
    assert {"write_on_decision", "unit_name_rule"} <= set(reply.progress.choices)


def test_a_silent_topic_that_says_no_unit_does_not_lead_the_unit_alone(engine):
    # "没单位怎么报" is near in its words, but says what the welder did not.
    reply = talk(engine, "公司咋填")
    assert reply.answer_id is None and len(reply.progress.choices) >= 2


def test_no_unit_said_is_still_the_silent_topic(engine):
    assert not talk(engine, "我自个儿干活 没挂单位 咋报").answered


def test_the_online_form_not_begun_keeps_a_preparing_welder_preparing(engine):
    reply = talk(engine, "网上我还没开始填 先问下新办和增项怎么选")
    assert reply.answer_id == "new_vs_add"
    assert reply.progress.stage == "preparation"


def test_the_online_form_not_begun_while_applying_is_back_to_preparing(engine):
    reply = talk(engine, "其实网上还没开始弄 报名表刚填完", state=Progress("submission"))
    assert reply.progress.stage == "preparation"


@pytest.mark.parametrize("said", ["网上还没填好 门牌号放哪", "网上没填对 还能不能改"])
def test_the_online_form_not_finished_or_not_right_is_still_applying(engine, said):
    assert talk(engine, said, state=Progress("submission")).progress.stage == "submission"


def test_papers_ready_and_the_online_form_not_begun_is_its_first_step(engine):
    reply = talk(engine, "东西都备齐了 网上还没开始报")
    assert (reply.progress.stage, reply.progress.step) == ("submission", "sub_1")


def test_papers_said_to_be_all_there_are_ready(engine):
    assert talk(engine, "资料都是齐全的").progress.stage == "submission"


def test_what_a_workmate_said_of_a_box_is_not_the_welder_at_it(engine):
    reply = talk(engine, "同事讲身份证那栏随便上传个文件就行 真的吗")
    assert reply.answer_id == "upload_id"
    assert reply.progress.stage == "preparation"


def test_two_texts_come_together_are_the_approval(engine):
    reply = talk(engine, "今天来了两条短信 是批准了吗", state=Progress("review"))
    assert reply.progress.stage == "download"


def test_the_page_the_correction_button_opens_is_the_correction(engine):
    reply = talk(engine, "材料补正点进去是个人信息")
    assert reply.progress.stage == "correction"


def test_a_cue_right_after_how_long_says_what_is_waited_for(engine):
    # 以后 is a cue of the wait after the approval, but 多久批 waits for the approval.
    assert talk(engine, "东西交了以后要多久批").answer_id == "review_time"


def test_a_silent_topic_asked_outright_first_falls_back(engine):
    # Not the house number: the exam's date, which the guide does not give.
    reply = talk(engine, "考试几号呀")
    assert not reply.answered and reply.answer_id is None


@pytest.mark.parametrize(
    "stage, said, now",
    [
        # The status read off the page, the notice in the text's own words, a notice the
        # welder is told to make, and the teacher saying the mail came.
        ("review", "页面上显示待补正", "correction"),
        ("preparation", "短信里讲体检报告看不清 要重新传", "correction"),
        ("review", "区里再叫补正 说体检单章不清楚", "correction"),
        ("download", "老师讲已经收到了", "done"),
        # The approval's text arrived; the mail sent, when or by which courier said between.
        ("review", "批准的短信到了", "download"),
        ("download", "快递前天发了", "done"),
        ("download", "寄中通了", "done"),
        ("download", "快递明天就发了", "download"),
        # Sent back in other words while waiting.
        ("review", "申请给驳回了 说章不清楚", "correction"),
        ("review", "我的申请被退了", "correction"),
        ("review", "系统提示学历证明得重新传", "correction"),
        ("review", "唉 又得补了", "correction"),
        ("review", "短信让我补交学历证明", "correction"),
        # Handing in later, and replacing a lost card, are no correction.
        ("preparation", "体检报告能不能后面补交", "preparation"),
        ("preparation", "证书弄丢了 又得补办吗", "preparation"),
    ],
)
def test_news_in_other_words_moves_the_welder(engine, stage, said, now):
    assert talk(engine, said, state=Progress(stage)).progress.stage == now


@pytest.mark.parametrize(
    "said",
    [
        "过审了 下面干啥",
        "批复下来了",
        "网上写着办结",
        "查询里写着通过",
        "审批结果为通过",
        "两条短信都到了",
        "现在能下载决定书了",
        # What a look at the query page found, said after the look.
        "刚查过 都完成了",
    ],
)
def test_the_approval_in_other_words_is_the_download(engine, said):
    assert talk(engine, said, state=Progress("review")).progress.stage == "download"


@pytest.mark.parametrize(
    "said",
    ["结果是通过还是不通过", "还没过审", "查了 还没完成", "什么时候能批复"],
)
def test_asking_or_denying_the_approval_is_still_waiting(engine, said):
    assert talk(engine, said, state=Progress("review")).progress.stage == "review"


@pytest.mark.parametrize(
    "said",
    [
        # At it already, the verb done before what it was done to, and the application named
        # before what was begun.
        "已经在填网上的表了",
        "选好增项了",
        "填完单位信息了",
        "网上申请开始弄了",
    ],
)
def test_the_application_said_begun_in_other_words_is_applying(engine, said):
    assert talk(engine, said).progress.stage == "submission"


def test_a_paper_done_in_the_same_words_is_still_preparing(engine):
    assert talk(engine, "写完学历证明了").progress.stage == "preparation"


@pytest.mark.parametrize(("said", "word"), [("坡口是什么意思", "坡口"), ("MAG是啥意思", "MAG")])
def test_the_meaning_of_a_word_the_guide_never_uses_falls_back(engine, said, word):
    reply = talk(engine, said)
    assert not reply.answered and reply.answer_id is None
    assert f"指南里没有讲「{word}」" in reply.text
    assert HANDOFF in reply.quick_replies


@pytest.mark.parametrize("said", ["增项是啥意思", "它是啥意思"])
def test_the_meaning_of_a_word_of_the_guide_is_still_answered(engine, said):
    # A word the guide uses is explained; one character alone is no word to look up.
    reply = talk(engine, said)
    assert reply.answered and "指南里没有讲" not in reply.text


@pytest.mark.parametrize("said", ["俺闺女替俺弄行不", "俺拿自己手机扫码帮工友登进去可以吗"])
def test_someone_else_applying_is_the_own_account_rule(engine, said):
    assert talk(engine, said).answer_id == "own_account"


def test_news_in_pinyin_initials_moves_the_welder(engine):
    # tg: 通过, jds: 决定书.
    reply = talk(engine, "tg了 jds在电脑上咋下")
    assert reply.progress.stage == "download"
    assert reply.answer_id == "download_decision"


def test_a_clause_that_only_says_when_is_not_a_question_of_its_own(engine):
    # "…以后" sets the time of the question after it: one answer, not what comes after.
    state = Progress("correction", known=True)
    reply = talk(engine, "点开材料补正以后 基本信息那页还用改吗", state=state)
    assert reply.answer_id == "correction_reupload"
    assert "等区局审批" not in reply.text


@pytest.mark.parametrize("said", ["体检那边还在等结果", "考试还没出结果"])
def test_waiting_for_the_medical_or_an_exam_is_no_wait_for_the_approval(engine, said):
    assert talk(engine, said).progress.stage == "preparation"


def test_waiting_for_a_result_after_handing_in_is_still_the_wait(engine):
    assert talk(engine, "交上去了 在等结果").progress.stage == "review"


@pytest.mark.parametrize(
    ("stage", "said", "now"),
    [
        # The page shows the notice; no text came, which says only that it was handed in.
        ("review", "页面上是补正 不过短信没来", "correction"),
        ("submission", "交了 短信还没来", "review"),
    ],
)
def test_no_text_yet_yields_to_a_notice_said_with_it(engine, stage, said, now):
    assert talk(engine, said, state=Progress(stage)).progress.stage == now


@pytest.mark.parametrize(
    ("stage", "said"),
    [("preparation", "补正的通知 怎么办"), ("review", "刚收到短信 补正")],
)
def test_a_notice_named_then_what_to_do_says_it_came(engine, stage, said):
    reply = talk(engine, said, state=Progress(stage))
    assert reply.progress.stage == "correction"
    assert reply.answer_id == "correction_what"


def test_a_notice_named_in_a_question_of_what_it_is_did_not_come(engine):
    assert talk(engine, "补正通知是什么").progress.stage == "preparation"


@pytest.mark.parametrize(
    ("stage", "said", "entry"),
    [
        ("download", "现在我该干嘛", "approved_next"),
        ("preparation", "那我应该做啥", "materials_overview"),
        ("correction", "现在该怎么弄", "correction_what"),
    ],
)
def test_what_to_do_now_is_the_step_the_welder_is_at(engine, stage, said, entry):
    assert talk(engine, said, state=Progress(stage)).answer_id == entry


def test_news_then_a_silent_question_and_what_to_do_now_gets_both(engine):
    said = "短信说要补正 出差一直没管 也不晓得过期没有 现在该怎么弄"
    reply = talk(engine, said, state=Progress("review"))
    assert reply.progress.stage == "correction"
    assert reply.answer_id == "correction_what"
    assert "指南里没有写" in reply.text and HANDOFF in reply.quick_replies


@pytest.mark.parametrize("said", ["勾了已完成", "下拉里选了已完成"])
def test_the_query_pages_choice_of_the_status_is_no_approval(engine, said):
    assert talk(engine, said, state=Progress("review")).progress.stage == "review"


def test_the_status_complete_then_what_next_is_the_approval(engine):
    reply = talk(engine, "已完成了 接着干啥", state=Progress("review"))
    assert reply.progress.stage == "download"
    assert reply.answer_id == "approved_next"


def test_the_status_handed_in_found_on_a_look_ends_the_correction(engine):
    reply = talk(engine, "刚查出来是已提交 还要等多久", state=Progress("correction"))
    assert reply.progress.stage == "review"


def test_wechat_with_a_cue_of_scanning_is_the_scan(engine):
    assert talk(engine, "用微信扫码登行不行").answer_id == "scan_with_wechat"


@pytest.mark.parametrize(
    ("stage", "said", "entry"),
    [
        ("preparation", "报告字迹跟天书一样", "medical_requirements"),
        ("submission", "基本信息里 我小学毕业的 下拉没有小学", "education_level"),
        # Where a field is changed during a correction: the correction's own way.
        ("correction", "单位地址在哪里改", "correction_reupload"),
    ],
)
def test_a_field_or_a_paper_in_a_welders_words(engine, stage, said, entry):
    assert talk(engine, said, state=Progress(stage)).answer_id == entry


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        # What a workmate says may happen, and a workmate's news beside the welder's own
        # wait, move nothing.
        ("preparation", "工友说体检报告不清楚会被退回来"),
        ("review", "跟我一块报的老乡都批了 我的还没"),
        ("review", "我同事前天就通过了 我的怎么这么慢"),
        # What the workmate's notice said is the workmate's too.
        ("preparation", "我工友收到补正了 说章不清楚 我这边还在弄材料"),
    ],
)
def test_a_workmates_news_or_what_may_happen_moves_nothing(engine, stage, said):
    assert talk(engine, said, state=Progress(stage)).progress.stage == stage


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        # A workmate called by name: what they said they got, and their news told with a
        # question for someone else, are their own.
        ("preparation", "小王讲他上个礼拜就批下来了"),
        ("submission", "车间里老赵早寄出去了 老孙这个区选哪个"),
        ("correction", "阿陈那边显示已完成了 我这个补正咋弄"),
        ("review", "老周说他昨天收到补正了"),
    ],
)
def test_a_workmate_called_by_name_tells_their_own_news(engine, stage, said):
    assert talk(engine, said, state=Progress(stage)).progress.stage == stage


@pytest.mark.parametrize(
    ("said", "now"),
    [
        # Typed for the one named, or told alone, the news is the welder's.
        ("我替我们组老赵问一下 老赵提交了", "review"),
        ("老孙叫我帮他问 老孙收到补正了", "correction"),
        ("我是他们组长 小王讲他收到补正了", "correction"),
        ("老赵的审批已经批下来了", "download"),
    ],
)
def test_news_of_the_one_the_message_is_typed_for_counts(engine, said, now):
    assert talk(engine, said).progress.stage == now


@pytest.mark.parametrize("said", ["审核通过了受理通知书去哪里下", "申请已经通过了打印几张"])
def test_the_approval_told_before_a_question_is_news(engine, said):
    assert talk(engine, said).progress.stage == "download"


@pytest.mark.parametrize("said", ["审核通过了没有", "短信来了没"])
def test_asking_whether_it_happened_is_no_news(engine, said):
    assert talk(engine, said, state=Progress("review")).progress.stage == "review"


def test_someone_elses_phone_for_the_login_is_the_own_account_rule(engine):
    said = "可以让我女婿用他的手机登上去弄吗"
    assert talk(engine, said, state=Progress("correction")).answer_id == "own_account"


@pytest.mark.parametrize(
    ("said", "now"),
    [
        # Handed in by someone for the welder is handed in; asked for, it is not.
        ("我媳妇帮我提交好了", "review"),
        ("孩子替我交上去了 下面干啥", "review"),
        ("叫我媳妇帮我交了可以吗", "preparation"),
        # Voice input writes 补正 as 不正 before the notice's name.
        ("刚收到一个不正的通知", "correction"),
    ],
)
def test_handed_in_for_the_welder_and_a_notice_in_voice_input(engine, said, now):
    assert talk(engine, said).progress.stage == now


@pytest.mark.parametrize(
    ("lines", "stage"),
    [
        # A problem that names nothing it is with is no news of where the welder is...
        (["随申办去哪儿装", "又打不开"], "preparation"),
        (["打不开了咋办"], "preparation"),
        # ...the website named is.
        (["一网通办的网页打不开了"], "submission"),
    ],
)
def test_a_bare_problem_puts_the_welder_at_no_step(engine, lines, stage):
    assert talk(engine, *lines).progress.stage == stage


def test_the_decision_downloaded_to_a_device_is_the_approval(engine):
    assert talk(engine, "决定书我下到手机里了").progress.stage == "download"


@pytest.mark.parametrize(
    ("said", "now"),
    [
        # The second of the two texts named alone, the approval in an office's words, and
        # what a text that came says in a clause of its own.
        ("这次是第二条了", "download"),
        ("短信里讲准予许可", "download"),
        ("消息到了 通过", "download"),
        ("短信到了 说资料不齐", "correction"),
    ],
)
def test_a_text_and_what_it_says_in_other_words_moves_the_waiting_welder(engine, said, now):
    assert talk(engine, said, state=Progress("review")).progress.stage == now
