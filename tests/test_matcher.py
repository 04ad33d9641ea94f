"""Understanding welders: our own phrasings, typos, clarification and fallback."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from bot.engine import Engine
from bot.matcher import Matcher
from bot.settings import PROJECT_ROOT
from bot.store import Progress
from bot.tiers import MAX_OPTIONS, Decision, Scored, Signals, decide

CASES = yaml.safe_load((PROJECT_ROOT / "tests" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize(("question", "entry"), CASES["answers"].items())
def test_question_is_answered_by_its_entry(matcher, question, entry):
    decision = matcher.decide(question)
    assert decision.tier == "answer", [(s.entry.id, round(s.score, 2)) for s in decision.ranked]
    assert decision.best.entry.id == entry


@pytest.mark.parametrize(("question", "entry"), CASES["offers"].items())
def test_close_question_is_answered_or_offered(matcher, question, entry):
    right = set(entry) if isinstance(entry, list) else {entry}
    decision = matcher.decide(question)
    offered = [s.entry.id for s in decision.ranked]
    if decision.tier == "answer":
        assert offered[0] in right
    else:
        assert decision.tier == "clarify"
        assert right & set(offered)


@pytest.mark.parametrize("question", CASES["fallbacks"])
def test_off_topic_or_noise_falls_back(matcher, question):
    assert matcher.decide(question).tier == "fallback"


@pytest.mark.parametrize("question", CASES["clarify"])
def test_vague_question_gets_two_to_four_choices(matcher, question):
    decision = matcher.decide(question)
    assert decision.tier == "clarify"
    assert 2 <= len(decision.ranked) <= MAX_OPTIONS


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("收到补证短信怎么办", "收到补正短信怎么办"),
        ("曾项是什么意思", "增项是什么意思"),
        ("随申办怎么登陆", "随申办怎么登录"),
        ("谷哥浏览器行不行", "谷歌浏览器行不行"),
        ("體檢報告有什麼要求", "体检报告有什么要求"),
        ("ＣＨＲＯＭＥ浏览器可以吗", "chrome浏览器可以吗"),
        ("请问，营业执造上的地址？！", "营业执照上的地址"),
        # Words of the procedure typed in pinyin, in full or by their initials.
        ("Xinban 跟 zengxiang 有啥区别", "新办跟增项有啥区别"),
        ("xb还是zx", "新办还是增项"),
        ("sfz复印件要清楚吗", "身份证复印件要清楚吗"),
        # Everyday words in full pinyin around them.
        ("xinban haishi zengxiang", "新办还是增项"),
        ("yijing tijiao le", "已经提交了"),
        # Characters that sound like a word of the procedure, none of them in the lexicon.
        ("用啥浏揽器", "用啥浏览器"),
        ("随申办要十名人正吗", "随申办要实名认证吗"),
        ("户级地址写哪个", "户籍地址写哪个"),
        # Shanghainese.
        ("办件查询寻不到", "办件查询找不到"),
        ("报名表ok了", "报名表好了"),
        ("侪弄好了", "都弄好了"),
        # 下下来 is 下载下来 said fast.
        ("告知书下下来在哪看", "告知书下载下来在哪看"),
        ("签好字了全部ok", "签好字了都好了"),
        # A measure word between a verb and its object.
        ("表上签个名", "表上签名"),
        ("还要盖一个章吗", "还要盖章吗"),
        # Many, as welders say it.
        ("网页上一大堆按钮", "网页上很多按钮"),
        ("阿拉老多材料勿晓得", "阿拉很多材料勿晓得"),
        # When, as welders say it.
        ("决定书哪一天能下载", "决定书什么时候能下载"),
        ("决定书几号下来", "决定书什么时候下来"),
        # 几号 alone stays a number: 门牌几号.
        ("门牌几号要写吗", "门牌几号要写吗"),
        # 咋 alone is 怎么, as 咋个 is.
        ("照片咋放进文档", "照片怎么放进文档"),
    ],
)
def test_typos_width_case_and_traditional_characters_are_normalized(matcher, typed, meant):
    assert matcher.normalize(typed) == matcher.normalize(meant)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # Whole sentences in pinyin: words of the procedure and everyday words around them.
        ("shenqingbiao shang yao gaizhang ma", "申请表上要盖章吗"),
        ("yingye zhizhao dizhi zenme tian", "营业执照地址怎么填"),
        ("zhicheng nage xuan", "职称那个选"),
        # Everyday words are the questions' own: all of a run made of them is read, the
        # commonest of the words that sound alike standing for them.
        ("tijian baogao xuyao shenme zhuyi", "体检报告需要什么注意"),
        ("wo gang kaishi nong yao xian zuo sha", "我刚开始弄要先做啥"),
        ("haode", "好的"),
        ("shenpi xuyao deng duojiu", "审批需要等多久"),
        ("liang ge word zuo wan le app ye zhuang le", "两个word做完了app也装了"),
        # Longer than forty letters: still read.
        (
            "laoshi wo xiang wen yixia zheng dagai shenme shihou zuo hao",
            "老师我想问一下证大概什么时候做好",
        ),
    ],
)
def test_a_sentence_typed_in_pinyin_is_read_as_words(matcher, typed, meant):
    assert matcher.normalize(typed) == matcher.normalize(meant)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # A word of the procedure typed half in characters, half in pinyin syllables.
        ("收到补zheng短信", "收到补正短信"),
        ("学历an全证明要啥", "学历安全证明要啥"),
        ("随shen办在哪下", "随申办在哪下"),
    ],
)
def test_a_word_typed_half_in_pinyin_is_the_word(matcher, typed, meant):
    assert matcher.normalize(typed) == matcher.normalize(meant)


@pytest.mark.parametrize(
    "typed", ["word文档叫啥", "能传pdf吗", "ie能用吗", "helloworld", "thankyou", "vpn", "shzj"]
)
def test_latin_words_that_are_not_all_pinyin_of_the_procedure_stay(matcher, typed):
    assert matcher.normalize(typed) == typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("體檢報告要蓋章嗎", "体检报告要盖章吗"),
        ("补证告知书在哪里下载", "补正告知书在哪里下载"),
        ("用CHROME可以吗", "用谷歌浏览器可以吗"),
    ],
)
def test_typed_variants_get_the_same_answer(matcher, typed, meant):
    assert matcher.decide(typed).best.entry.id == matcher.decide(meant).best.entry.id


def test_homophone_typo_not_in_the_lexicon_still_matches_by_pinyin(matcher):
    # 申青 is not in the lexicon: only its pinyin (shen qing) says 申请.
    decision = matcher.decide("网上申青要本人账号吗")
    assert decision.best.entry.id == "own_account"


@pytest.mark.parametrize(
    ("question", "stage", "entry"),
    [
        ("在哪里下载", "download", "download_decision"),
        ("在哪里下载", "preparation", "app_download"),
    ],
)
def test_current_stage_decides_an_ambiguous_question(matcher, question, stage, entry):
    assert matcher.decide(question, stage=stage).best.entry.id == entry


@pytest.mark.parametrize(("question", "words"), CASES["mentions"].items())
def test_reply_mentions_what_was_asked(matcher, question, words):
    decision = matcher.decide(question)
    assert decision.tier == "answer"
    assert all(w in decision.best.entry.reply for w in words)


def test_quick_reply_titles_are_answered_exactly(matcher, kb):
    for entry in kb.entries:
        decision = matcher.decide(entry.title)
        assert decision.tier == "answer", entry.title
        assert decision.best.entry.id == entry.id


def test_close_neighbours_in_the_guide_are_answered_together(kb):
    first, second, other = (
        kb.entry(i) for i in ("form_two_kinds", "form_which_submit", "unit_address")
    )
    t = kb.thresholds
    close = [Scored(first, 0.6, ""), Scored(second, 0.6 - t.close_gap / 2, "")]
    decision = decide(close, t)
    assert (decision.tier, decision.pair) == ("answer", True)
    # Close but not neighbours: a menu.
    strangers = [Scored(first, 0.6, ""), Scored(other, 0.6 - t.close_gap / 2, "")]
    assert decide(strangers, t).tier == "clarify"


def test_a_word_asked_back_also_offers_an_entry_as_near_as_its_senses(kb):
    t = kb.thresholds
    sense, other_sense, near = (
        kb.entry(i) for i in ("unit_name_rule", "write_on_decision", "unit_wrong")
    )
    ranked = [Scored(sense, 0.8, ""), Scored(near, 0.8 - t.wide_gap / 2, "")]
    senses = (Scored(sense, 0.8, ""), Scored(other_sense, 0.4, ""))
    decision = decide(ranked, t, Signals(senses=senses, bare=True))
    assert decision.tier == "clarify"
    assert {s.entry.id for s in decision.ranked} == {sense.id, other_sense.id, near.id}


def test_a_pair_of_answers_reads_as_both(kb):
    engine = Engine(kb)
    pair = Decision(
        "answer",
        (
            Scored(kb.entry("form_two_kinds"), 0.6, ""),
            Scored(kb.entry("form_which_submit"), 0.58, ""),
        ),
        pair=True,
    )
    reply = engine.answers._decided(Progress("preparation", known=False), pair)
    assert kb.entry("form_two_kinds").answer.strip() in reply.text
    assert kb.entry("form_which_submit").answer.strip() in reply.text
    assert reply.answer_id == "form_two_kinds"


def test_options_that_could_not_be_answers_are_not_offered(kb):
    # Two candidates scoring under answer_at: a menu of them would be a menu of guesses.
    t = kb.thresholds
    far_apart = [kb.entry("form_stamp"), kb.entry("cert_when")]
    weak = [Scored(e, t.answer_at - 0.01 * i, e.title) for i, e in enumerate(far_apart, 1)]
    assert decide(weak, t).tier == "fallback"
    strong = [dataclasses.replace(s, score=s.score + 0.05) for s in weak]
    assert decide(strong, t).tier == "clarify"


def test_a_menu_offers_each_step_once_before_a_second_topic_of_one_step(kb):
    # Four fields of step 7 lead a vague question; step 5's choice and the browser are
    # offered too, and the last of the fields is left out.
    t = kb.thresholds
    fields = ["education_level", "household_address", "mobile_phone", "title_level"]
    names = [*fields, "new_vs_add", "browser_choice"]
    ranked = [Scored(kb.entry(n), 0.5 - 0.01 * i, n) for i, n in enumerate(names)]
    decision = decide(ranked, t)
    assert decision.tier == "clarify"
    offered = [s.entry.id for s in decision.ranked]
    assert offered == [*fields[:3], "new_vs_add", "browser_choice"]


def test_a_keyword_the_best_answer_says_nothing_of_brings_its_entry_too(kb):
    # The notice's entry says nothing of a page that does not respond; the browser's does.
    engine = Engine(kb)
    reply = engine.reply(Progress("download", known=True), "点受理通知书一直没反应")
    assert "浏览器" in reply.text
    assert reply.answer_id in {"notice_vs_decision", "download_decision"}


def test_neighbours_too_close_for_the_wide_gap_are_answered_together(kb):
    # Their gap clears close_gap but not wide_gap, and nothing in the message tells them
    # apart: both short answers, not a menu.
    t = kb.thresholds
    first, second = kb.entry("choose_district"), kb.entry("district_wrong")
    assert second.id in first.related or first.id in second.related
    gap = (t.close_gap + t.wide_gap) / 2
    ranked = [Scored(first, 0.8, first.title), Scored(second, 0.8 - gap, second.title)]
    decision = decide(ranked, t)
    assert (decision.tier, decision.pair) == ("answer", True)


def test_an_off_topic_word_is_not_read_across_the_procedures_own_words(matcher):
    # 焊工资格 holds 工资 (pay), which is off the procedure; 焊工 is its own word.
    assert matcher.decide("考焊工资格证前期要准备哪些材料").tier == "answer"
    assert matcher.decide("焊工工资一个月多少").tier == "fallback"


def test_leisure_is_off_the_procedure(matcher):
    assert matcher.decide("星期天去哪里钓鱼").tier == "fallback"


@pytest.mark.parametrize("word", ["俺", "还"])
def test_dialect_pronouns_and_still_weigh_like_question_words(matcher, word):
    # "word俺还怎么做" is about the word files; 俺 (read as 我) and 还 say nothing of the
    # procedure.
    assert matcher.features.mask(matcher.normalize(word)) == matcher.features.mask("吗")


def test_an_entry_the_message_names_by_a_keyword_is_ranked_whatever_else_it_says(matcher):
    # A long message about other things still lets the entry its keyword names compete.
    for i, entry in enumerate(matcher.entries):
        for keyword in matcher.keywords[i]:
            said = f"报名表照片体检这些都弄好了，那个{keyword}到底怎么弄"
            assert entry.id in {s.entry.id for s in matcher.rank(said)}, (entry.id, keyword)


def test_a_message_whose_names_are_common_words_is_ranked_among_the_entries_about_them(matcher):
    # 报名表 is said by many entries and 咋填 by few: the few must not be all that compete.
    assert matcher.decide("报名表格咋填").best.entry.id == "form_computer"


def test_a_story_clause_names_a_topic_by_a_keyword_the_guide_answers(matcher):
    assert matcher.names_topic("厂里电脑装的是360浏览器")
    # Words of the story, or of a topic the guide is silent on, name none.
    assert not matcher.names_topic("我搞了一个下午头都大了")
    assert not matcher.names_topic("主要是我年纪大了")


@pytest.mark.parametrize(
    ("said", "plain"),
    [("我想问问门牌号要写吗", "门牌号要写吗"), ("专业那一栏填什么来着", "专业那一栏填什么")],
)
def test_words_around_asking_weigh_nothing(matcher, said, plain):
    # "想问问…", "…来着" only say that the welder asks.
    assert matcher.decide(said).best.score == matcher.decide(plain).best.score


def test_a_question_said_almost_word_for_word_is_evidence_for_its_entry(matcher):
    # 批 alone is no keyword, but the message is the review's "审批要不要一个月" less 审.
    decision = matcher.decide("批要不要一个月")
    assert (decision.tier, decision.best.entry.id) == ("answer", "review_time")


def test_so_before_a_word_of_degree_points_at_nothing(matcher):
    assert not matcher.reader.vague("批这么慢")
    assert matcher.reader.vague("这个怎么弄")


def test_a_silent_topic_as_near_blocks_an_answer_only_with_words_of_its_own(kb, matcher):
    # The fees' entry is as near as the medical report's, by words the report's entry has
    # too: only how its questions are worded. "体检要多少钱" names 多少 and 钱, which the
    # report's entry lacks: that would be a guess.
    t = kb.thresholds
    words = frozenset({"c:体", "c:检", "b:体检", "c:要", "c:求", "b:要求"})
    best = Scored(kb.entry("medical_requirements"), 0.8, "", True, words)
    silent = next(e for e in matcher.entries if e.id == "fees")
    fees = Scored(silent, 0.8 - t.close_gap / 2, "", True, words - {"c:求", "b:要求"})
    assert not fees.entry.covered
    assert decide([best, fees], t).tier == "answer"
    own = dataclasses.replace(fees, hits=fees.hits | {"c:钱", "c:多", "c:少"})
    assert decide([best, own], t).tier == "fallback"
