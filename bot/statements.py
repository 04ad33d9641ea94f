"""A message read as a statement of progress ("区选好了", "材料都准备好了，然后呢"), and the
reply to it: where the welder now is and what comes next. Pure; no I/O."""

from __future__ import annotations

import dataclasses
import re

from . import changes, clauses, commands, denials, events, reports, step_words
from . import progress as pg
from .answering import WHAT_AFTER, Answers
from .commands import HANDOFF, STATUS
from .entries import Entry
from .knowledge import ChecklistItem, KnowledgeBase
from .matcher import Matcher
from .moves import Moves
from .replies import Reply
from .store import Progress

# "点了", "按好了": a button clicked, the one the last answer said to click.
_CLICKED = re.compile(r"^(我|已经|都)?(点|按|点击)(好|过|完)?了$")
_BUTTON = re.compile(r"点击?“([^”]{1,8})”")
_QUOTED = re.compile(r"“([^”]{2,8})”")
# "顺便问一下…": what follows is asked apart from what was said before it.
_BY_THE_WAY = re.compile(r"^((顺便|另外|再|还)(想)?(问|请教)(一)?下|另外|对了)")
# An answer of numbered lines, to be done in their order.
_NUMBERED = re.compile(r"^2\.", re.M)
# "点哪个", "按啥呢"; not "点哪个区", which asks which district.
_WHICH_BUTTON = re.compile(r"(点|按)(啥|什么|哪个|哪里|哪)(按钮|键|呢|啊|呀)?$")
# Filled in, or got into ("官网进了"): what the step asks is done, not what came up.
_FILLED = re.compile(r"(填|写|选|输)(好|完)|(进|登)(去|来|进去|上)?了|打开了")
# What the welder sees or does now ("网页上让我填学历", "在单位那页", "这栏", "正填着呢"):
# asked there, not ahead ("证件号码那栏要自己打吗" may be either).
_AT_IT = re.compile(
    r"(页面|网页|屏幕|网站|系统)上?(现在)?(还|只|就)?(让|要|叫|显示|写着|出来|跳|提示|有)"
    r"|(这|搿)一?(页|栏|格|框|块)|那一?(页|块)|正(在)?填|填着|填到|红字|下拉|弹出|跳出"
    r"|(我|正)在网上(填|选|弄|搞|传)"  # "正在网上选区 选哪个"
    r"|现在是.{0,8}(页|页面)|(点|按)(了|过了|完了)|(登|进)(进去|进来|上)了|登进去|登入以后"
    r"|(打|点)(开|进去)了|开着|开出来|出来的是|传(完|好|上去)了|二维码"
    # A part of the online form named as where the question is ("单位信息那栏要点同步吗").
    r"|(?<!表)(?<!表上)(?<!表的)(个人|单位|基本)信息(里|上|页|那页|这页|那栏|这栏|下面)"
    # Got in ("扫码进去显示"), where on the screen ("最底下", "旁边那个按钮"), or how it
    # looks ("全是灰的", "点了不动").
    r"|(进|登)(去|进去)(了|以后|之后|后|一看|显示|是|就是)"
    # What came up below a box chosen ("焊接的那个点上了 下面空着啥都没").
    r"|下面(没|啥也没|什么也没|一片|是空|空)"
    r"|(最|右|左)(上面|下面|底下|上角|下角|上边|下边)|旁边|底下|灰(的|色)|点不(了|动)|不动"
)
# A box pointed at ("电话那里我写座机行吗", "区那栏不是我单位的区"): at the page, unless
# what is asked is whether it must be done, which a welder asks ahead ("证件号码那栏要自己打吗").
_POINTED = re.compile(r"(?<![在去到从往哪])那(里|儿|一?栏|一?格|个?框)")
_MUST = re.compile(r"要不要|用不用|需不需要|(要|需要|得|用)[^，]{0,6}(吗|伐|么|嘛|不)$")
# What someone else told the welder ("工友说身份证那栏随便传"): not where the welder is.
_TOLD_BY = re.compile(
    r"^[^，我]{0,4}?(工友|同事|师傅|师父|老师|朋友|班长|组长|老乡|老板|人家|别人|有人|他们)"
    r"[^，]{0,3}?(说|讲|告诉我)"
)
# "搿个页面还要点啥": the page the welder is on.
_THIS_PAGE = re.compile(r"(这|搿|该)(个)?(页|页面|界面)|这里|这边|页面上")
# What has to be done, not what was: "决定书需要打印".
_TO_DO = re.compile(r"要|得|需|该")
# "都弄好了" while preparing: all of it, not the last answer's paper alone.
_ALL = re.compile(r"都|全|统统|样样")

# "没收到短信，但是状态写着补正": what comes after it puts right what came before.
_BUT = re.compile(r"但是?|可是|不过|结果")
# "体检还没做": something not done yet.
_NOT_DONE = re.compile(r"没|未")
# A question this short after a report ("能换吗") is read with the report.
_TERSE_QUESTION = 3


def _leading_to(answer: str, shown: str) -> str | None:
    """The button an answer's line says leads to a page the welder says came up ("点
    “材料补正”，进入“基本信息”页面")."""
    for line in answer.splitlines():
        if (button := _BUTTON.search(line)) and any(
            page in shown for page in _QUOTED.findall(line, button.end())
        ):
            return button.group(1)
    return None


class Statements:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher, answers: Answers, moves: Moves) -> None:
        self.kb = kb
        self.matcher = matcher
        self.answers = answers
        self.moves = moves
        self.first_stage = kb.stages[0].id

    def understand(self, state: Progress, text: str) -> Reply:
        """Progress the message reports, then the question it asks, if any."""
        context = self.kb.entry(state.last_entry)
        if clicked := self._clicked(context, text):
            text = clicked
        elif text.rstrip().endswith(("呢", "咧")) and (
            done_asked := step_words.done_asked(self.matcher.normalize.light(text))
        ):
            text = done_asked  # "点完区呢": that done, and what comes after it
        elif readied := self._readied(state, text):
            # "好了" after the answer on the education paper: that paper is ready; what
            # else the message says still counts ("搞定了，随申办APP也装好了").
            item, head, rest = readied
            part = self.kb.part_after(context, parts=True) if item.after_printing else None
            if part and not rest:
                # "写好了" after how to fill the form in: the paper is not ready yet; the next
                # part of making it (print it, the photo, the stamp) is what comes next.
                return self.answers.answer(state, part, 1.0)
            if pg.only_printed(item, head):
                # "打完了" of the form: printed, and then it still wants a stamp and a
                # signature, which is what comes next.
                text = f"{item.name}{head}，{rest or '然后呢'}"
            else:
                text = f"{item.name}好了，{rest or '下一步'}"
        light = self.matcher.normalize.light(text, breaks=True)
        said = clauses.clauses(light)
        if (
            (then := self.answers.then_what(state, text))
            and not self._news_ahead(state, said)
            and not self._all_ready(state, said)
        ):
            # "选了已完成，点了查询，然后点啥": the answer's next lines, where they are.
            return self._doing(state, said, then)
        # The page the welder is on, not one read about ahead of it.
        step = self.kb.step(pg.position(self.kb, state))
        if step and step.button and _WHICH_BUTTON.search(light) and _THIS_PAGE.search(light):
            # "搿个页面还要点啥": the button that ends the step the welder is at.
            return self.moves.this_step(state, step, f"这一页弄好以后点“{step.button}”。", 0.8)
        if step and step_words.fixed(light):
            # "换了谷歌好了": the problem is solved; the step it stopped goes on.
            return self.moves.this_step(state, step, "好的，能用了就接着做这一步：", 0.9)
        stated = denials.made_good(events.notice_named(said))
        if state.stage == "submission":
            # "名字是我本人，区也对": what the step asks to check, checked.
            stated = [step_words.checked(c) or c for c in stated]
        parts = [p for p in stated if not events.planned(p)]
        if len(parts) < len(stated) and all(map(denials.denies, parts)):
            # "好，东西齐了再来找你", "材料快弄好了，还没交": nothing done yet, nothing asked.
            menu = self.answers.stage_menu(state.stage)[:2]
            return Reply("好的，弄好了随时来问我。", state, quick_replies=(STATUS, *menu))
        if state.stage == "submission" and (now := self._ready_now(state, parts)):
            return now
        happened = events.read(parts)
        # What was looked for belongs to the step of the answer that said where to look.
        looked = self.kb.step(context.step) if context else None
        looked = looked if looked and looked.stage == state.stage else step
        if (
            looked
            and not happened
            and step_words.found(light)
            and context != self.kb.main_entry(looked)
        ):
            # "找到了，点哪个" after where the query page is: the step it was looked for goes on.
            return self.moves.this_step(state, looked, "好的，找到了就接着做这一步：", 0.9)
        said = {e.clause for e in happened}
        items: set[str] = set()
        readied: set[int] = set()  # the clauses that name papers ready
        if state.stage != "submission":
            # While applying, "随申办扫好了" is the login done, not the app ready; papers
            # readied again in a correction are news.
            items = pg.listed_done(self.kb, parts)
            for i, part in enumerate(parts):
                if got := pg.checklist_done(self.kb, part):
                    items |= got
                    readied.add(i)
            said |= readied
        if state.stage == "correction" and any(
            e.name == "submission" and not e.theirs for e in happened
        ):
            # "材料重新弄好了" while correcting: the papers the notice asked for are ready.
            items |= pg.all_items(self.kb)
        back = denials.denied(parts)
        stage = reports.target(state, happened, back, parts)
        # "不对，还没点提交，只是传完了": back in that stage, at the step done.
        where, told = state, parts
        if back and stage:
            # What went wrong before the welder puts it right ("查询里没记录") is no problem
            # with the step they report.
            where = dataclasses.replace(state, stage=stage, step=None, last_entry=None)
            told = parts[denials.correcting(parts) :]
        # Papers named as ready speak for the preparation's steps themselves; a later step
        # done in another clause still counts (the app's check and the login told together:
        # logged in).
        others = [p for i, p in enumerate(parts) if i not in readied] if told is parts else []
        done = reports.step_done(self.kb, self.matcher, where, stage, others if items else told)
        if items and done and done.stage == self.first_stage:
            done = None
        # "都填完了，点哪个": the button that finishes the step done, which its answer says,
        # or the step's own button ("四个都传好了点哪个按钮": 提交), said before the next step.
        which = {
            i
            for i, p in enumerate(parts)
            if _WHICH_BUTTON.search(p) and not commands.COMMANDS["next"].match(p)
        }
        # A step with no button of its own, filled in, goes on to the next on the same page
        # ("基本信息填好了点啥"); one that has just come up is where the welder is.
        filled = done is not None and any(map(_FILLED.search, parts))
        finished = not which or bool(done and done.button) or filled
        said |= which if done and (done.button or filled) else set()
        # "单位信息那页填到一半": the welder is at that step, not past it; so is one who did
        # a step and has a problem with it ("选好了，列表没出来").
        at = trouble = None
        if not items:
            at = reports.step_at(self.kb, self.matcher, where, stage, parts)
            if done and at and pg.step_index(self.kb, at.id) <= pg.step_index(self.kb, done.id):
                at = None  # "填到一半" of a step before the one done is no news
            done = None if at else done  # "基本信息填好了 到上传材料那页了": at the upload
        if done is None and at is None and not items:
            trouble = reports.step_done(self.kb, self.matcher, state, stage, parts, troubled=True)
        # "选好新办了": a box of the step's figure done; the next box is what comes next.
        part = None
        if done and not at:
            part = reports.part_after(self.kb, self.matcher, where, stage, told)
            part = part if part and part.step == done.id else None
        elif at and any(map(clauses.is_question, parts)):
            # "填到受理机构那栏了 要选啥": the box of that step the whole message asks about.
            asked = self.matcher.decide("，".join(parts), at.stage)
            part = asked.best.entry if asked.tier == "answer" else None
            part = part if part and part.step == at.id else None
        # "都做成word了，但随申办还没装": still preparing (the app is part of it).
        preparing = state.stage == self.first_stage
        unready = set().union(*(pg.not_ready(self.kb, p) for p in parts)) if preparing else set()
        missing = bool(unready)
        if missing and stage == "submission":
            # "材料都整好了，随申办还没装": all but what is named as not ready, and what is
            # made from it ("就差章": the form, and the Word file of its photo).
            items |= pg.all_items(self.kb) - pg.made_from(self.kb, unready)
            stage = None
        elif preparing and stage == "submission" and (papers := pg.photographing(self.kb, parts)):
            # "都弄好了 拍了照": the papers are ready, the Word files are being made.
            items |= papers
            stage, missing = None, True
        applying = state.stage == "submission" and not (stage or at or trouble)
        unmade = set().union(*(pg.not_made(self.kb, p) for p in parts)) if applying else set()
        if unmade := unmade - pg.later_items(self.kb, pg.position(self.kb, state)):
            # "哦 体检还没去做" while applying: the welder says they are still preparing.
            # They have the rest; so too after uploading the rest.
            ready = pg.all_items(self.kb) - pg.made_from(self.kb, unmade)
            state = dataclasses.replace(state, stage=self.first_stage, step=None, checklist=ready)
            missing, done, part = True, None, None
        elif applying and not done and step_words.not_online(parts):
            # "俺还没开始网上弄": the welder says they are still preparing.
            state = dataclasses.replace(state, stage=self.first_stage, step=None)
        moved = self.moves.statement(
            state,
            stage,
            done or at or trouble,
            items,
            finished=finished and not (at or trouble or part),
            missing=missing,
            denied=any(map(denials.denies, parts)),
            shown=part,
            clicked=any(reports.clicks(p, done.button) for p in parts if done and done.button),
        )
        if moved is None and unmade:
            # "体检的文档我忘了弄": what is left, and how to make the first of it.
            moved = self.moves.checklist_reply(state, True)
        if moved is not None and (
            trouble
            or (at and any(reports.problem(p) or step_words.shows(p) for p in parts))
            or self._troubled_news(happened, parts, stage, light)
        ):
            # The problem is what to answer, where the welder now is ("填到一半页面白屏了"),
            # without the step it is about ("项目种类选好了 下面没东西出来").
            problem = self.answers.question(moved.progress, text)
            did = [p for p in parts if step_words.step_done(p)]
            asked = "，".join(p for p in parts if p not in did)
            about = self.matcher.decide("，".join(did), stage).best if did and asked else None
            if about and about.entry.id == problem.answer_id:
                # The answer is about what was done, not what went wrong: the problem alone,
                # in that step.
                alone = self.matcher.decide(asked, stage)
                best = alone.best
                if alone.tier == "answer" and best.entry.step == moved.progress.step:
                    problem = self.answers.answer(moved.progress, best.entry, best.score)
            if problem.answer_id or problem.silent:
                head = moved.text.splitlines()[0]
                return dataclasses.replace(problem, text=f"{head}\n{problem.text}")
        if moved is None and len(parts) > 1 and commands.COMMANDS["next"].match(parts[-1]):
            # "区点好了，下一步": the step the welder names is done; show the one after it.
            named = self.matcher.decide("，".join(parts[:-1]), state.stage)
            if named.tier == "answer" and WHAT_AFTER.search(named.best.entry.title):
                # "照片贴好了，然后呢": the guide says what comes after that, within its step.
                return self.answers.answer(state, named.best.entry, named.best.score)
            after = self.kb.part_after(named.best.entry) if named.tier == "answer" else None
            if after and not reports.whole("，".join(parts[:-1])):
                # "选好新办了，然后呢": the next box of that step's figure (立即办理).
                return self.answers.answer(state, after, named.best.score)
            step = pg.furthest(self.kb, state.step, named.best.entry.step) if named.best else None
            # A step of a later stage done puts the welder in that stage, if a step can.
            later = self.kb.step(step).stage if step else state.stage
            # Not what has to be done ("决定书需要打印，然后呢"): asked ahead.
            done_said = "，".join(p for p in parts[:-1] if not _TO_DO.search(p))
            enters = events.step_may_enter(later, state.stage, done_said)
            if named.tier == "answer" and enters:
                stage = max(state.stage, later, key=events.ORDER.__getitem__)
                return self.moves.next_step(dataclasses.replace(state, stage=stage, step=step))
        if moved is None:
            asked = self._doing(state, parts, self.answers.question(state, text))
            if not (asked.answer_id or asked.silent):
                # "好像批下来了": not news, but what that news looks like and where to see it
                # (of being on the website, the question's own reading is that).
                guess = next(filter(None, map(events.guessed, parts)), None)
                if guess and guess != "submission":
                    return self.answers.news_answer(state, guess)
            terse = len(parts) > 1 and all(map(reports.terse, parts[:-1]))
            if terse and commands.COMMANDS["next"].match(parts[-1]):
                # "装上了，然后": what the last answer said is done, or the step the verb
                # names ("打了 然后" after where to download); as 下一步 goes on. A verb of
                # a step goes on even where the message alone would repeat the last answer.
                done = reports.verb_done(self.kb, state, "，".join(parts[:-1]))
                if asked.answer_id is None or (done and asked.answer_id == state.last_entry):
                    return self.moves.next_step(
                        dataclasses.replace(state, step=done.id) if done else state
                    )
            if asked.answer_id or asked.silent or len(parts) < 2:
                return asked
            if alone := self._without_scene(state, parts):
                return alone
            return asked
        said |= {i for i, p in enumerate(parts) if step_words.step_done(p) or step_words.step_at(p)}
        # "登进去了 名字对的": what the step asks to check, found right, is told too, by a
        # welder now applying ("批了 查询里看不到我的" is no check).
        if moved.progress.stage == "submission":
            said |= {i for i, p in enumerate(parts) if step_words.checked(p)}
        # "一直没批，号码填岔了要改": the wait is the news; what follows is asked.
        said |= {i for i, p in enumerate(parts) if denials.awaited([p])}
        # "材料齐了，网上还没开始报": where the welder is, told; nothing asked.
        said |= {i for i, p in enumerate(parts) if step_words.not_online([p])}
        # "三个文档都做完了，申请表，学历，体检": what they hold, named; nothing asked.
        said |= {i for i, p in enumerate(parts) if pg.only_named(self.kb, p)}
        # "审到哪一步了": a question that says the application was handed in is still asked.
        # With nothing else marked as said, a question at the end is still asked ("学历那张我
        # 根本没弄 可以手写吗").
        asks_last = len(parts) > 1 and clauses.is_question(parts[-1])
        end = len(parts) - 2 if asks_last else len(parts) - 1
        last = max(said, default=-1 if events.status_asked(parts) else end)
        # A problem said before the news is asked too ("查询页面空的，我收到批准短信了"),
        # unless a 但是 after it says it is no longer so ("没收到短信，但是状态写着补正").
        but = max((i for i, p in enumerate(parts[: last + 1]) if _BUT.match(p)), default=0)
        asked = [
            p
            for i, p in enumerate(parts[: max(last, 0)])
            if i not in said and i >= but and (clauses.is_question(p) or reports.problem(p))
        ]
        rest = "，".join([*asked, *(p for p in parts[last + 1 :] if not clauses.contradicts(p))])
        # "材料传好了，还没点提交": what is left to do is what to tell.
        if todo := denials.pending(rest):
            # "还没提交": how to do what is left ("word还没做，咋做" asks just that), and any
            # other question asked with it.
            also = [
                p
                for p in rest.split("，")
                if clauses.is_question(p) and not denials.denies(p) and not self.answers.elliptic(p)
            ]
            rest = "，".join([f"怎么{todo}", *also])
        if rest and commands.COMMANDS["next"].match(rest):
            shown = moved.answer_id and moved.progress.step != state.step
            if (
                moved.progress.stage != state.stage
                or shown
                or (done and done.stage != self.first_stage)
            ):
                return moved  # a new stage or the step after the one done comes next
            # "随申办装好了，然后呢": note what was said, then the next step.
            follow = self.moves.next_step(moved.progress)
        elif (
            rest
            and not self.answers.elliptic(rest)
            and (
                not clauses.reported(rest)
                or changes.changing(self.kb, moved.progress.stage, rest) is not None
            )
        ):
            # "我提交了，要等多久": record the move, then answer the question; a mistake
            # found after it asks about changing it ("交了，后来发现手机号填错了").
            follow = self.answers.question(moved.progress, rest, news=True)
            terse = len(self.matcher.normalize(rest)) <= _TERSE_QUESTION
            if not todo and (terse or not (follow.answer_id or follow.silent)):
                # "能换吗" says too little to be a question of its own, and "要看点啥" has no
                # answer alone: read it with what was said ("交上去了想撤回，能撤吗",
                # "体检报告做过了，要看点啥").
                whole = self.answers.question(moved.progress, text, news=True)
                sure = follow.answer_id and (follow.confidence or 0) >= self.kb.thresholds.sure_at
                # Unless it says enough on its own, and the whole only says again what the
                # report's answer does ("下下来了，几页": how many pages, not how to print).
                again = sure and whole.answer_id == moved.answer_id
                if (whole.silent or whole.answer_id) and not again:
                    follow = whole
                elif not sure:
                    follow = moved
            elif (
                not todo
                and follow.answer_id
                and (follow.confidence or 0) < self.kb.thresholds.sure_at
                and not _BY_THE_WAY.match(rest)
            ):
                # "身份证号带出来了，还用管吗": a question the guide answers only unsurely may
                # be about what was said; read with it, when that reading is surer.
                whole = self.answers.question(moved.progress, text, news=True)
                if whole.answer_id and (whole.confidence or 0) > follow.confidence:
                    follow = whole
            if follow is moved or not (follow.answer_id or follow.silent):
                return moved  # nothing the guide answers, nor a topic it is silent on
            if follow.silent and any(map(commands.NOW.match, rest.split("，"))):
                # "…过期没有，现在该咋弄": what to do now is the step the news leads to; the
                # rest the guide is silent on, and a teacher is offered for it.
                return dataclasses.replace(
                    moved,
                    text=f"{moved.text}\n\n{follow.text}",
                    quick_replies=(HANDOFF, *moved.quick_replies[:3]),
                )
        else:
            return moved
        return dataclasses.replace(follow, text=f"{moved.text.splitlines()[0]}\n{follow.text}")

    @staticmethod
    def _news_ahead(state: Progress, said: list[str]) -> bool:
        """News past the application told before "然后呢" ("已完成了，然后呢"), which the
        statement reads; a step done ("材料补正按过了") is what the last answer's next
        lines follow."""
        past = max(events.ORDER[state.stage], events.ORDER["submission"])
        return any(events.ORDER[e.name] > past and not e.theirs for e in events.read(said))

    def _all_ready(self, state: Progress, said: list[str]) -> bool:
        """A preparing welder says the last of what is needed to start is ready ("三个文档都
        做完了 申请表 学历 体检 接下来呢"), which the statement reads."""
        if state.stage != self.first_stage:
            return False
        items = pg.listed_done(self.kb, said).union(*(pg.checklist_done(self.kb, p) for p in said))
        return pg.to_start(self.kb) <= state.checklist | items

    def _clicked(self, context: Entry | None, text: str) -> str | None:
        """ "点了" after "…点击“提交”": the message told as that button clicked; what else
        it says still counts ("按了，那就等着了吧"). None unless it opens with a bare click."""
        buttons = _BUTTON.findall(context.answer) if context else []
        if not buttons:
            return None
        first, *rest = clauses.clauses(self.matcher.normalize.light(text, breaks=True)) or [""]
        if not _CLICKED.match(self.matcher.normalize(first)):
            return None
        # The button whose line says the page that came up ("点完了 出来基本信息页面"); else
        # the button that ends the answer's step; in numbered lines that go on to later
        # steps, the first one, which the welder comes to first.
        step = self.kb.step(context.step)
        ends = buttons[-1] == (step and step.button)
        button = buttons[0] if _NUMBERED.search(context.answer) and not ends else buttons[-1]
        button = _leading_to(context.answer, "".join(rest)) or button
        return "，".join([f"点了{button}，{button}点好了", *rest])

    def _without_scene(self, state: Progress, parts: list[str]) -> Reply | None:
        """The question alone, when what the message says is not done yet only sets the
        scene ("报名表没填好 照片要几寸"), and read with it the message has no answer."""
        # "我在做word": what the welder is doing sets the scene too.
        scene = [
            p
            for p in parts
            if (_NOT_DONE.search(p) or step_words.step_at(p)) and not clauses.is_question(p)
        ]
        rest = "，".join(p for p in parts if p not in scene)
        if not scene or not rest or self.answers.elliptic(rest):
            return None
        alone = self.answers.question(state, rest)
        return alone if alone.answer_id or alone.silent else None

    def _troubled_news(
        self, happened: list[events.Event], parts: list[str], stage: str | None, light: str
    ) -> bool:
        """A problem said with the news ("补正那边上传失败"), or what the notice finds wrong
        ("告知书上讲单位地址不对"): to be asked too."""
        if any(reports.problem(parts[e.clause][e.end :]) for e in happened):
            return True
        return stage == "correction" and bool(changes.fault(self.kb, self.matcher, stage, light))

    def _ready_now(self, state: Progress, parts: list[str]) -> Reply | None:
        """ "APP装好了，然后呢" while applying without the app: it is ready now, and the
        step the welder was told to do next is still theirs to do. The app used to scan is
        the login, which the checklist does not read."""
        missing = pg.later_items(self.kb) - state.checklist
        if not missing:
            return None  # the usual case: nothing is left to read the clauses for
        got = [pg.checklist_done(self.kb, p) & missing for p in parts]
        rest = [p for p, items in zip(parts, got, strict=True) if not items]
        if not any(got) or not all(map(commands.COMMANDS["next"].match, rest)):
            return None
        items = set().union(*got)
        names = "、".join(i.name for i in self.kb.checklist if i.id in items)
        at = self.kb.step(pg.position(self.kb, state)) or self.kb.stage(state.stage).steps[0]
        state = dataclasses.replace(state, step=at.id, checklist=state.checklist | items)
        head = f"好的，记下了：{names}已经准备好。"
        return self.moves.what_next(head, state, self.kb.main_entry(at))

    def _readied(self, state: Progress, text: str) -> tuple[ChecklistItem, str, str] | None:
        """The paper a bare "好了" opening a message while preparing is about (the one of the
        last answer's step, unless that answer was the overview of them all), that "好了",
        and the rest of the message, if that reports more and asks nothing."""
        context = self.kb.entry(state.last_entry)
        if state.stage != self.first_stage or context is None:
            return None
        if context.id == self.kb.main_entry(self.kb.stage(self.first_stage).steps[0]).id:
            return None
        parts = clauses.clauses(self.matcher.normalize.light(text, breaks=True))
        if not parts:
            return None  # "！！！": no words at all
        head, *rest = parts
        if _ALL.search(head) or not reports.terse(self.matcher.normalize(head)):
            return None
        if not all(clauses.reported(p) or denials.denies(p) or clauses.told_how(p) for p in rest):
            return None  # "装上了，还得注册吧": installed is not yet registered
        item = pg.readied_by(self.kb, context.step)
        if item is None or pg.printed_of_files(item, head):
            return None
        return item, head, "，".join(rest)

    def _doing(self, state: Progress, parts: list[str], reply: Reply) -> Reply:
        """ "网上申请那网页打不开": something told going wrong, not asked about, or a question
        asked at the page ("网页上让我填学历，填啥"), that an entry of a later stage answers
        puts the welder in that stage, if doing a step can."""
        entry = self.kb.entry(reply.answer_id)
        joined = "".join(parts)
        told = any(step_words.BROKEN.search(p) and not clauses.is_question(p) for p in parts)
        here = [p for p in parts if not _TOLD_BY.search(p)]
        at_it = any(map(_AT_IT.search, here))
        at_it = at_it or any(_POINTED.search(p) and not _MUST.search(p) for p in here)
        told = told or (at_it and not events.ASKED_AHEAD.search(joined))
        told = told and not step_words.not_online(parts)  # "网上还没开始报 先问问…": not there
        # "单位那页填着 顺便问下…寄给谁": what is asked by the way is not where they are.
        told = told and not any(map(_BY_THE_WAY.match, parts))
        # "打不开" after the app's answer: what will not open is not said, so it is not there.
        told = told and not reports.bare_problem(joined)
        later = entry and events.ORDER[entry.stage] > events.ORDER[state.stage]
        # "成绩列表一直不出来": within the stage, any trouble told (not asked) says where they are.
        there = told or any(reports.problem(p) and not clauses.is_question(p) for p in here)
        if there and not later:
            # Trouble told at a step ahead in the stage: the welder is there, not reading.
            return dataclasses.replace(
                reply, progress=dataclasses.replace(reply.progress, reading=False)
            )
        enters = events.step_may_enter(entry.stage, state.stage, joined) if later else False
        # A welder of whom nothing is known yet, asking of what they hold ("决定书两页都要写
        # 名字吗"): in the stage where one holds it.
        unknown = not (state.step or state.last_entry or state.checklist)
        holds = later and unknown and state.stage == self.first_stage
        if not ((told and enters) or (holds and events.held(entry.stage, joined))):
            return reply
        # At the step the trouble is with: the welder is there, not at a step of before.
        progress = dataclasses.replace(reply.progress, stage=entry.stage, step=entry.step)
        return dataclasses.replace(reply, progress=progress)
