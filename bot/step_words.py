"""What a welder says of the step at hand: done ("区选好了"), in the middle of it ("单位信息
那页填到一半"), what the page shows, found, put right, checked, or not begun. Which step, the
matcher tells. Pure; no I/O."""

from __future__ import annotations

import re

from .clauses import is_question, negated
from .news import STATUS_SUBMITTED

# Where to begin: "不晓得从哪里开始弄", "要先干嘛".
_BEGIN = (
    r"从哪(里|儿|块|边)?(开始|入手|下手|起步|弄起|做起|搞起|办起|着手)"
    r"|^(要|应该)?先(干|做|弄|搞)(嘛|啥|什么)"
)

# At the very start: "第一趟弄这个", "刚开始弄", "啥都还没弄", "材料一样都没准备"; or
# someone else is ("我同事也要报").
_STARTING = re.compile(
    r"(第|头)一(次|趟|回)(?!来?(问|咨询|找))|刚(开始|起步)|还没(开始|动手?)(?!传|上传|填|提交|交)"
    r"|(同事|朋友|徒弟|工友|老乡|兄弟|亲戚|他们|伊拉|伊)也?(要|想|准备)(报|考|办|申请)"
    r"|(啥|什么|一样|东西|材料|资料)(都|也)?还?没有?(弄|准备|做|搞|开始|动|办)"
    r"|" + _BEGIN
)

_WHERE_TO_BEGIN = re.compile(_BEGIN)

# A problem put right: "换了谷歌好了", "清了缓存就可以了"; not "重新提交好了", handed in again.
_FIXED = re.compile(
    r"^(我|后来)?(换|清|重新|重启|关掉|关了)[^，交]{0,10}?(就|又)?(好了|可以了|行了|正常了|能用了|没问题了)$"
)

# What the last answer said to look for, found: "找到了，点哪个", "选了已完成看到了".
_FOUND = re.compile(
    r"^([^没不，]{0,8}?)(找到|找着|寻着|寻到|看到|看见)(了|啦)[!！。]*"
    r"([，,]?(然后|接下来|接着|下面)?(呢|点(啥|什么|哪个|哪里|哪)|咋弄|怎么弄|怎么办)?[?？]*)$"
)

# The clicks the last answer told of, made, and what they were to show shown:
# "选了已完成，点了查询，出来了".
_CLICKED_SHOWN = re.compile(
    r"^[^没不]{0,12}(点|按)了?[^没不，]{0,6}[，,]?(就|也)?出来(了|啦)[!！。]*$"
)

# "点完区呢": what comes after a thing done, said without 了 in spoken order; not "弄完之后
# 呢", which names no thing.
_DONE_ASKED = re.compile(
    r"^(我|已经|都)*(点|选|填|传|写|扫|弄|装|登|交)(完|好)([^，了呢后]{1,6})(呢|咧)$"
)

# The online application not begun ("网上还没开始报", "还没在网上弄"): still preparing. Not
# begun and not finished or not right ("网上还没填好", "网上没填对") are not the same.
_NOT_ONLINE = re.compile(
    r"((网上|上网|一网通办|线上)[^，]{0,3}?(还|都|也)?(没|未)(有)?(开始|动|弄|报|申请|填|搞|整)"
    r"|(还|都|也)(没|未)(有)?(开始)?(在)?(网上|上网|一网通办|线上)(弄|报|申请|填|搞|整|办)"
    r"|(还|都|也)(没|未)(有)?开始(报|申请|填))(?![好完成对齐全])"
)

# What goes wrong with a page or a system while the welder uses it.
BROKEN = re.compile(
    r"打不开|开不了|进不去|登不上|登不进|卡住|卡死|转圈|白屏|报错|出错|没有?反应|用不了"
    r"|失败|不成功|没成功|传不上|点不开|(点|按)[^，]{0,6}(不动|没动静)|刷不出|没跳(转|过去)|页面没跳|(一片|全是)空白"
    r"|(页面|网页|屏幕)[^，]{0,3}白(的|了)|(登录|登陆|登入)不(上|进)|打(不|没)出|打印不(了|出)"
    r"|下不(下来|了)|下载不(了|下来)|(?<![还仍])没(跳|弹)?出来|(跳|弹)不出来|出不来"
)

# A step done: "区选好了", "扫码登进去了", "四个文件都传好了", "点了金山区".
# Not "身份证号自己跳出来了": what the page shows is where the welder is, not their doing.
_STEP_DONE = re.compile(
    r"(好|完|齐|成功|进去|进来|(?<=^)进|上去|(?<=[登录传装])上|(?<!跳)(?<!自动)(?<!自己)出来|下来|可以|搞定|(?<=[^不没])(传|点|按|选|打印|填|写|登录|扫码|扫|确认)|打开)了"
    r"|^(我|已经|都)*(点|按|选|上?传|扫|下载?)了(?=.)"  # "点了金山区", "下了个pdf"
    # "登进一网通办了", "进到个人页面了": logged in, the site named between, or before
    # ("官网进了", spoken word order).
    r"|(登录|登入|登|进)(进|上|到|入)?(一网通办|网站|官网|系统|个人页面|申报页面)了"
    r"|(一网通办|网站|官网|系统|个人页面|申报页面)(我|也|都|已经)*(登录|登入|登|进)了"
    # "四个框都有名字了": each file's name shows, which the guide says is uploaded.
    r"|(都|也)有(文件)?名(字|称)?了"
    # "选好增项了", "填完单位信息了": the verb done, then its object.
    r"|(选|填|点|传|写|扫|同步)(好|完)[^，了没不]{1,6}了"
    # "扫过码了", "登过了": done once already.
    r"|(选|填|点|传|写|扫|登)过[^，了没不]{0,6}了"
)

# Something a page showed: "出来个二维码", "跳出一个框".
_CAME_UP = re.compile(r"(跳|弹)?出(来)?了?一?(个|张)")

# "申请表那行点了上传": clicking the button starts the upload; nothing is handed in yet.
_STARTED = re.compile(r"(点|按)(了|过)?(一下)?“?(上传|下载)”?了?$")

# The status 已提交 read off the page, which no earlier news outweighs.
_STATUS_SUBMITTED = re.compile(STATUS_SUBMITTED)

# What a page shows the welder ("单位信息显示的是以前的单位"): they are at it, and what
# they say of it is what they ask about.
_SHOWN = re.compile(r"(自动|自己)(带|跳)?出来(的|了)|跳出来了|显示(的是|着|是)")

# In the middle of a step: "单位信息那页填到一半", "正在传材料", "卡在上传这一步".
_STEP_AT = re.compile(
    r"(填|弄|做|传|写|选)(到|了)?一半|(正在|我在)(填|弄|做|传|上传|选|写)|卡在|停在"
    rf"|{_SHOWN.pattern}"  # "单位名字自动带出来的不对"
    rf"|{_CAME_UP.pattern}"  # "点了请登录出来个二维码": the page it shows is where
    r"|(?<![现实所存])(到|在|进入?(?![不去]))了?(?P<page>.{1,8}?)(这|那)?一?(步|(?P<screen>页|页面|界面))(了|上)?$"
    # "填到单位信息了", "弄到传材料那块了", "已经到上传材料这里了": how far the filling got.
    # "下一步到了个人信息那里了": the page the next step showed.
    r"|^((我|已经|都|现在)*(填|弄|做|走|点)?|下一步)到了?(?P<reached>[^了]{2,8}?)(这|那)?一?(步|页|栏|块|部分|那里|这里)?了$"
    r"|(?P<shown>.{2,8}?)页面?上"
)

# A page the welder says they are at, as the guide calls it: "到了上传页了" is at 上传页面.
SCREEN = "页面"


def fixed(text: str) -> bool:
    """The welder says what went wrong works now; the step goes on."""
    return bool(_FIXED.match(text))


# What a step asks the welder to check, found right: "名字是我本人", "考试信息跟表上一样",
# "单位没问题". Not a question ("名字对吗"), nor a denial ("项目不一样", "区不对").
_CHECKED = re.compile(
    r"(对的|对了|对|没错|没问题|对得上|一样|一致|正确|无误|本人|我本人|我的|我自己)"
    r"(的|了|啊|呀|哦|呢)*$"
)

CHECKED_DONE = "核对好了"

_CHECK_LINK = re.compile(r"[都也全是]+$")


def checked(clause: str) -> str | None:
    """A clause that says what was checked is right, as the check done ("名字是我本人" ->
    "名字核对好了"); None for any other clause."""
    m = _CHECKED.search(clause)
    if not m or is_question(clause) or negated(clause, m.start()) or step_done(clause):
        return None  # "重新扫了对了": what was done says which step, not the check
    # What was checked, without "都是" ("单位信息都是对的"); nothing named, nothing read.
    subject = _CHECK_LINK.sub("", clause[: m.start()])
    return f"{subject}{CHECKED_DONE}" if subject else None


def found(text: str) -> bool:
    """The welder has found what they were looking for; the step goes on."""
    return bool(_FOUND.match(text) or _CLICKED_SHOWN.match(text))


def starting(text: str) -> bool:
    """The welder says they have not begun at all: they are at the first step."""
    return bool(_STARTING.search(text))


def not_online(parts: list[str]) -> bool:
    """The welder says, not asking, that the online application is not begun yet."""
    return any(_NOT_ONLINE.search(p) and not is_question(p) for p in parts)


def where_to_begin(text: str) -> bool:
    """The welder asks where to begin, which the first step answers."""
    return bool(_WHERE_TO_BEGIN.search(text))


def step_done(clause: str) -> bool:
    """The clause says something was done; which step, the matcher tells. Something that
    came up ("出来个二维码") is the step the welder is at, whatever was done before it."""
    return (
        not is_question(clause)
        and not _CAME_UP.search(clause)
        and not _STARTED.search(clause)
        and any(not negated(clause, m.start()) for m in _STEP_DONE.finditer(clause))
    )


def status_submitted(clause: str) -> bool:
    """The clause reads the status 已提交 off the page ("状态那栏是已提交"): not approved yet,
    whatever was said before."""
    return bool(_STATUS_SUBMITTED.search(clause)) and not is_question(clause)


def shows(clause: str) -> bool:
    """The clause says what a page shows ("名字自动带出来的是我老婆的")."""
    return bool(_SHOWN.search(clause))


def done_asked(text: str) -> str | None:
    """ "点完区呢" as it is meant: "区点完了，然后呢"; None for anything else."""
    m = _DONE_ASKED.match(text)
    return f"{m.group(4)}{m.group(2)}{m.group(3)}了，然后呢" if m else None


def step_at(clause: str) -> str | None:
    """What a clause that says the welder is in the middle of a step names besides ("单位信息
    那页填到一半" -> "单位信息那页"); which step that is, the matcher tells."""
    if is_question(clause) or step_done(clause):
        return None
    if started := _STARTED.search(clause):
        return clause[: started.start()] + started.group(4) + SCREEN  # "点了上传": at the upload
    if not (m := _STEP_AT.search(clause)):
        return None
    # "到上传那页了", "申报页面上名字不是我": the page named is the step.
    page = m.group("page") or m.group("shown") or m.group("reached") or ""
    # "到了上传页了": the upload page, not whatever 上传 alone names.
    page += SCREEN if m.group("screen") else ""
    return clause[: m.start()] + page + clause[m.end() :] or None
