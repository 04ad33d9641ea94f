"""Progress events in a welder's words ("批了", "补正交上去了"). Pure; no I/O.

A message is cut into clauses; each clause that states something (not a question) may
report events of the procedure. The engine applies the latest of them in procedure order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .commands import WHAT_TO_DO
from .news import AGO, BACKGROUND, DURING, PATTERNS, STATUS_SUBMITTED, TWO_MESSAGES, WHEN

# A clause is about the past or present ("提交了"); these mark a question or a plan instead.
# A clause that starts "还是补正" says the status is still that; "通过还是补正" asks. After
# 以后, something that came ("网上交了之后今天来了补正短信了") is told, not asked.
_QUESTION = re.compile(
    r"[?？]|吗|么$|怎么(?!又)|怎样|咋(?!又)|如何|干嘛|什么(?!的|都)|啥(?!的|都)|哪|多大|(?<!没)(?<!没过)(多久|多少|多长|(?<![好十前这那])(?<!^[过隔]了)几天(?!前))|(?<![这那得没十好])几[寸张个份页步样种条次](?!月?前)|(以后|之后)(?![又就]|[啊呀][^，,。？?\s]{2}|一直|(我|他)?(发现|换了|收到了)|[^，,。？?\s]{0,16}(收到|来|出来)[^，,。？?\s]{0,10}了$)|后来(?![^，,。]{0,8}了)|的话"
    r"|如果|要是|万一|假如|假设|能不能"
    r"|可不可以|是不是|有没有|算不算|行不行|对不对|可以了?不|会不会|要不要|用不用|需不需要"
    r"|(对|是)(吧|伐)$|还是(?!已|没|不|一样|在|一直|老样子|那样|这样|(?<=^还是)补正)"
    # "体检看眼睛不", "能叫别人帮我弄不": a closing 不 asks, unless it is 也不, 都不, 我不...
    r"|(?<![也都就并绝从我他她])不[啊呀嘛]?$"
    # "提交了还能改", without a 吗: whether something may still be done.
    r"|还(能|可以)[^，,。了]{1,6}$"
    # "审批通过了没有": whether it has happened.
    r"|了(没|没有|伐)[啊呀呢]?$"
)
_NEGATION = re.compile(
    r"(还没|没有|没|未|不|别|还差|忘了|忘记)(有|能|会|要|曾|去|再|予|是|说|讲)?$"
)
_DENIAL = re.compile(r"^(不是|并不是|也不是|没有|不对)")
# The welder putting right what they said before ("不对，我还没提交").
CORRECTING = re.compile(
    r"不对|搞错|弄错|说错|讲错|问错|记错|打错|按错|其实|刚才.{0,3}错|^(等一下|等等|等下)$"
    r"|^(没有|没)(没有|没)+$"  # "没有没有，还没到那步"
    r"|(好像|原来|根本|压根)(就|还)?(没|未)"
    r"|^(哦|噢|啊|呃|额|嗯)?我(说|讲)的是|我的意思是"  # "我说的是报名表交了": what they meant
    r"|^(哦|噢|啊|呃|额|嗯)?(不是)+(的|啦|呀)?$"
)

# Where a welder can be in the procedure, in order. A resubmitted correction is the review
# stage again, but later in the procedure than the notice that asked for it.
ORDER = {
    "preparation": 0,
    "submission": 1,
    "review": 2,
    "correction": 3,
    "resubmitted": 4,
    "download": 5,
    "done": 6,
}

# Stages a welder enters by doing a step of theirs ("区选好了"); the later ones come with
# news of their own (handed in, a notice, the approval, mailed), never from a step done.
_BY_DOING = frozenset({"preparation", "submission"})

# Stages that begin with news from the district office (a correction notice, the approval):
# no step of the welder's leads into them. What comes after handing in is waiting for it.
BY_NEWS = frozenset({"correction", "download"})

# Handing in, a correction notice and handing in again can go round more than once.
_LOOP = {"review", "correction", "resubmitted"}


def goes_back(here: str, there: str) -> bool:
    """Whether moving from stage `here` to `there` goes back: handing a correction in is
    waiting again, and that is forward."""
    return ORDER[there] < ORDER[here] and (here, there) != ("correction", "review")


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
# Waiting for the result says the application was handed in ("还没收到短信").
_WAITING = re.compile(
    r"(还|一直|都)?没(有)?(收到|等到|来)(任何)?(短信|消息|通知|结果)"
    r"|(?<!半)(天|周|星期|礼拜|月)了?(还|都)?没(有)?(短信|消息|通知|动静)"  # not 半天: a while
    r"|(短信|消息|通知|结果)(还|一直|都)?没(有)?(来|收到|到|动静)"
    # "交了没动静", "第二条还没来": handed in, and nothing (more) came since.
    r"|(?P<handed>(交|提交|递交)(上去)?(了|以后|之后|后)).{0,4}?(还|一直|都)?没(有)?(动静|消息|回音|音讯|下文)"
    r"|第二(条|个)(短信|消息)?(还|一直|都)?没(有)?(来|收到|到)"
    # "剩下的就等区里审批了": waiting for it, not the approval.
    r"|(?<!不)等(?!了|到|过|着了)[^，]{0,6}(审批|批|结果|短信|消息|通知)"
)
# Doing the application now ("我在传材料了", "正在填"), which no later event says.
# "正传文件呢": 正 alone says it too, unless it ends a word (补正, 改正).
_DOING = re.compile(
    r"(正在|(?<![补改纠更真公])正(?=[填传])|我在|开始|(?<![现实存所])在)(网上)?(填|传|上传|申请|报)"
    # "一网通办那边开始填了", "在搞一网通办": the online application begun, in other words.
    r"|(网上|一网通办|线上)[^，没不未]{0,8}开始(弄|搞|整|填|报)?了|(在|开始)(弄|搞|整)(网上|一网通办)"
    r"|(正在|我在)网上(选|弄|搞|整|登)(?![不了])"  # "正在网上选区"
)
# The online application not begun ("网上还没开始报", "还没在网上弄"): still preparing. Not
# begun and not finished or not right ("网上还没填好", "网上没填对") are not the same.
_NOT_ONLINE = re.compile(
    r"((网上|上网|一网通办|线上)[^，]{0,3}?(还|都|也)?(没|未)(有)?(开始|动|弄|报|申请|填|搞|整)"
    r"|(还|都|也)(没|未)(有)?(开始)?(在)?(网上|上网|一网通办|线上)(弄|报|申请|填|搞|整|办)"
    r"|(还|都|也)(没|未)(有)?开始(报|申请|填))(?![好完成对齐全])"
)
# Filling in a paper ("报名表还在填") is preparing, not the online application.
_PAPER = re.compile(r"报名表|申请表|表格|体检|学历|证明|word|文档|照片|复印")
# Told to do something ("单位叫我在网上报").
TOLD_TO = re.compile(r"(叫|让|喊)(我|俺|他)")
# Meaning to do it ("想帮工人在网上报"), or told to, is not doing it.
_MEANING_TO = re.compile(r"想|打算|准备|要|帮|" + TOLD_TO.pattern)
_FINISHED = re.compile(r"已经(?!在|开始)|都|完|好了|成功|交|提交")  # not 已经在填: at it
# What goes wrong with a page or a system while the welder uses it.
BROKEN = re.compile(
    r"打不开|开不了|进不去|登不上|登不进|卡住|卡死|转圈|白屏|报错|出错|没反应|用不了"
    r"|失败|不成功|没成功|传不上|点不开|点[^，]{0,6}(不动|没动静)|刷不出|没跳(转|过去)|页面没跳|(一片|全是)空白"
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
# Where a welder is who says a stage has not come yet: not approved is still waiting, not
# the correction (a side loop) before it.
BEFORE = {
    "done": "download",
    "download": "review",
    "correction": "review",
    "review": "submission",
    "submission": "preparation",
}
# Not done, or forgotten ("没点", "忘了点"): how each denial below begins.
_UNDONE = r"(没|未|忘了|忘记了?)(有)?"
# What a welder says has not happened yet, latest first.
_DENIALS = tuple(
    (stage, re.compile(pattern))
    for stage, pattern in (
        ("done", _UNDONE + r"(寄|快递|下载|下(?!来)|打印)"),
        ("download", _UNDONE + r"(说|讲|显示)?(批|通过|审批通过|下来)"),
        ("correction", _UNDONE + r"(收到)?(补正|退回)"),
        (
            "review",
            _UNDONE
            + r"(点|按)?(提交|交|递交|申请)|提交(按钮|键)?(还|也|都)?"
            + _UNDONE
            + r"(点|按)",
        ),
        ("submission", _UNDONE + r"去?(准备|弄|做|拿|建|写|拍|整|搞)(好|齐|完|到)?"),
    )
)
_PAPERS = "(材料|资料|东西|体检|报名表|申请表|学历|word)"
# Where a welder who puts things right says they still are ("说错了，资料还在弄"): the
# stage after it is not reached. Not papers of a correction ("补正材料还在弄").
_STILL = (
    ("review", re.compile(r"还在(网上)?(填|上传|传|申请)")),
    (
        "submission",
        re.compile(
            rf"^(?!.*补正).*((还|正)?在(准备{_PAPERS}?|(弄|做|整|搞){_PAPERS})[报告证明文档表呢啊呀哦]*$"
            r"|(材料|资料|东西)(还|都)?在(准备|弄|做|整|搞))"
        ),
    ),
)
# What has not come yet that says what came before it, told rather than asked: "迟迟没批"
# and "也没来补正" are said while waiting, so the application was handed in; the decision
# "还没寄" was downloaded, so it was approved.
_AWAITED = (
    # Not "审批不通过", which is turned down.
    (
        "review",
        re.compile(
            r"(还|一直|都|也|仍然|迟迟)(没|未)(有)?(说|讲|显示)?(批|通过|审批通过)|(没|未)(有)?批下来"
            r"|(还|一直|都)?(没|未)(有)?收到(补正|退回)|(还|一直|都)(没|未)(有)?(补正|退回)"
        ),
    ),
    (
        "download",
        re.compile(
            r"(决定书|受理通知书).{0,30}(没|未)(有)?(寄|快递)|(没|未)(有)?(寄|快递).{0,30}(决定书|受理通知书)"
        ),
    ),
)
# An exam or the medical not passed or not out yet ("理论还没考过", "体检结果还没出") is no
# wait for the approval.
_NOT_THE_APPLICATION = re.compile(r"考|体检|报告|结果")
# Waiting for the result of the medical or an exam ("体检还在等结果", "考试结果没出来"):
# not for the approval. Not what a report lacks ("体检报告没有辨色力结果").
_OTHER_RESULT = re.compile(
    r"(考|体检|报告)[^，]{0,6}(等|没|未)[^，]?结果|(考|体检|报告)[^，]{0,3}结果[^，]{0,2}(没|未|在等)"
)
# Asked ahead of time ("以后网上申请要用什么浏览器"); not "登入以后", since then.
ASKED_AHEAD = re.compile(
    r"(?<![入去了])以后|到时候|(?<=[传填登扫交下打])(的?时候|时(?!间))|等.{0,8}(了|再)|万一|如果|要是|的话|准备|打算|将来"
)
# Asking how far one's own application has got ("审到哪一步了", "审批咋样了") says it was
# handed in; asking ahead does not, nor does a yes-or-no question about a step
# ("审批通过了吗"), which any welder may ask.
_STATUS_ASKED = re.compile(
    r"(审|批|办|申请|材料|资料)[^，]{0,3}(到哪|(怎么样|咋样|如何|啥情况|什么情况)了)"
    r"|有(结果|消息|动静)了?(没|没有|吗|伐)$"
)
# Not where the application is: how long it takes, whether it will, what comes after it,
# or the exam and the medical ("提交后多久批", "体检报告有结果了没").
_NOT_WHERE = re.compile(r"后|会不会|多久|几天|考|体检|报告")
_COMPILED = tuple((event, tuple(map(re.compile, pats))) for event, pats in PATTERNS.items())

# Clause ends. In a message that asks something, only a 了 ends a statement ("我提交了，要等
# 多久"); "提交了以后…", "通过了吗" stay one question. An emoji is punctuation ("批了🎉").
_ENDS = "[,，。!！~～…;；\\s\u2600-\u27bf\U0001f300-\U0001faff]"
_CLAUSE = re.compile(rf"(了){_ENDS}*|{_ENDS}+")
# "提交两个礼拜了，怎么一点动静都没有": how long since is a report, too.
_REPORTER = re.compile(r"我|已经|刚|今天|昨天|前天|上周|终于|都|也|现在|" + WHEN)
# The welder's workmates, as the welder names them.
_WORKMATES = "同事|工友|朋友|老乡|师傅|师兄|师弟|班长|组长"
_HEARSAY = re.compile(
    r"听.{0,4}(说|讲)|据说|还会|可能会|^[^我，]{0,6}?(很多人|好多人|有人|有的人|人家(?!.{0,4}(通知|告诉|发给?)我)|别人)"
    # What a workmate says happens, with nothing of the welder's own ("工友说复印件不清楚要
    # 退回来", "我老乡讲他寄出去了"), and what may happen ("怕被退回").
    rf"|^(我的?|我们|俺的?|俺们|阿拉)?[^我，]{{0,6}}?({_WORKMATES}|师父|老板)们?(说|讲)(?![^，]*我)"
    r"|(会|怕|担心|容易)(也|又)?(被|给)?(退|打回|驳回|要?补正)"
)
# News of someone the welder asks for ("我师弟刚收到补正短信"), not done for the welder
# ("我老婆帮我交了"): it may be their news too, but it does not send the welder back.
_SOMEONE_ELSE = re.compile(
    rf"^[^我，]{{0,6}}?(我的?|我们)?(他|她|伊|{_WORKMATES}|师妹|师姐|徒弟|同学|亲戚|邻居)"
    r"(们|拉)?[^我]*$|有人[^我]*$"
    r"|(跟|和|同|与)我一(起|块|道)"  # "跟我一起交的工友都批了"
)
# A workmate called by name as welders call each other (小李, 老刘, 阿王), at the start of a
# clause, after where they work ("我们班小李已经批了"). Surnames that make words of the
# trade with 小 or 老 are left out (小程序, 小白, 小方块, 老毛病).
_NAME = (
    r"[小老阿][王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁"
    r"蔡蒋余杜叶魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦邹孟熊秦邱江尹薛段雷侯史陶黎贺顾"
    r"郝龚邵严戴莫孔汤]"
)
_NAMED = re.compile(
    rf"^(?:(?:我们|俺们|阿拉)?(?:班|组|厂|单位|车间|队|公司)(?:里|上)?的?)?({_NAME})(说|讲)?"
)
# The message is typed for a workmate: "帮我们班老王问", "老王让我问", "叫我帮他弄",
# "我是他们班长".
_TYPED_FOR = (
    r"(?:帮|替|给|代)[^，,]{{0,6}}?{name}|{name}(?:让|叫|托)我|(?:让|叫|托)我帮"
    r"|我是[^，,]{{0,4}}(?:班长|组长|工长|队长|师傅|领导|老板)"
)
# "我这个", "我自己的呢": the welder's own application, set against someone else's.
_MINE = re.compile(r"我(的|自己的?)?这个|我(自己)?的(呢|咋|怎么)")
# The welder says they themself are not that far ("我自己都还没动", "我这边还在弄材料"):
# the news told with it is someone else's.
_MINE_NOT_YET = re.compile(
    r"我(的|自己)?(材料|资料|东西|这边)?((还|都|才)(没|未|在)|没|未)"
    r"|就我|我的(咋|怎么|为啥|为什么|还)"  # "就我没有", "我的咋这么慢"
)
# "等批下来再去打印": what the welder will do once something comes.
_UNTIL = re.compile(r"^等(到)?[^，了]{1,10}(来|到|批|下来|通过|出来)了?(就|再|才|以后|之后)")
# "东西齐了再来找你", "等材料弄好了再找你", "我先去弄": coming back once something is done,
# which is not yet.
_BACK_WHEN = re.compile(
    r"^等(到)?[^，]{1,12}再(来|回来|过来|找|联系|问)|了再(来|回来|过来|找|联系|问你|问老师)"
    r"|^(那|好)?(我)?先去(弄|准备|办|做|搞)(一下)?$"
    # Almost done ("材料快弄好了", "马上就准备好了") is not done yet either.
    r"|(快|快要|马上|就要)(就)?(弄|做|搞|准备|整|写|填)?(好|完|齐)了$"
)
# "好像是交了吧", "应该批了", "也不知道交没交成": what the welder guesses, not news.
_GUESS = r"好像|估计|也许|说不定|不确定|不知道(算不算|是不是)"
_UNSURE = re.compile(rf"{_GUESS}|应该(是|已经)?[^，]{{0,6}}(了|吧)$")
_GUESSING = re.compile(rf"{_GUESS}|应该(是)?|吧$")
# "计划下周把网上申请提交": a plan, not news.
_PLAN = re.compile(r"(打算|计划|预计)[^，]{0,10}(交|提交|寄|申请|下载)")
# What the welder means to do next ("已完成了我要下载决定书"): the 了 before it ends a report.
_INTENT = re.compile(
    r"(我|现在)?(要|想|准备|打算)(去)?(下载|下|打印|打|寄|传|上传|提交|交|补正|填|登)"
)
# Words around the thing still to do ("但word文档还没有做"): not part of it.
_ASIDE = re.compile(r"^(但是?|可是|不过|就是|只是|只)|(还|都|也|我|俺|却)+$")
_TIED = re.compile(r"(以后|之后|后|的话|吗|么|没|没有|呢|吧|嘛|啊|呀)")
# A voice-typed message has no commas: a new clause starts at 然后 ("…交的申请然后今天收到
# 短信说要补正") and at the welder's own question ("…我不知道怎么弄").
_VOICE_BREAK = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<!我)"
    r"(?=然后[\u4e00-\u9fff]{3}|然后(呢|啊)?$|我?(不知道|不晓得|伐晓得|不懂)[\u4e00-\u9fff]{2}|但是|可是)"
    r"|(?<=了)(?=(也|又)[\u4e00-\u9fff]{1,5}了)"  # "下载下来了也打印了": two things done
)
# News received, then what it means ("收到一个补正的短信什么意思"): two clauses.
_NEWS_ASKED = re.compile(
    r"(我|今天|刚|昨天|已经)[^，,。?？]{0,3}(收到|接到)(?!的)[^，,。?？]{2,12}?(?=(是)?(什么|啥)意思$|(该)?(怎么办|咋办|怎么弄|咋弄)$)"
)
# "下好了写着单位名称不对": what came, then what it says.
_SAYS = re.compile(r"(上面|里面|上头|里头)?(说|讲|写着|写的|显示)")
# "审批通过了受理通知书去哪下载", "审批通过了下一步干啥": the approval named in full, which has no
# object after its 了, then a question about what it brings or what comes next. Not
# "审批通过了要干啥" or "审批通过了在哪看", which may be asked ahead.
_PASSED = re.compile(r"(审批|审核|申请)(已经)?(通过|批准)$|(审批|审核)(已经)?过$")
_APPROVAL_BRINGS = re.compile(
    r"决定书|受理|通知书|pdf|照片|打印|下载|寄|快递|下一步|然后|接下来|下面|(在|去)?哪(里|儿)?下|怎么下|咋下"
)
# "点了提交了": a click, what was clicked, then the 了 that ends the clause.
_CLICK_OF = re.compile(r"(?<=[点按])了(?=[\u4e00-\u9fff]{1,6}了)")
# "来了两条短信": what came follows the 了, counted.
_COUNTED = re.compile(r"[一两二三四五六七八九十\d]+(条|个|份|封)")
# Nobody's message has more clauses than this; a crafted one is read this far.
MAX_CLAUSES = 16
# "补正的时候…": a question set in the correction. Not 审批的时候, which may be before it.
_DURING_CORRECTION = re.compile(rf"补正{DURING}|^补正(的话)?(要|得|需要|该)")


@dataclass(frozen=True)
class Event:
    name: str  # a key of ORDER
    clause: int  # which clause said it
    end: int = 0  # where in that clause the words that said it end
    when: int = 0  # how long ago the clause says it happened, by news.AGO's rank; 0 is now
    background: bool = False  # told as the background of the news ("上周二提交的")
    theirs: bool = False  # someone else's news, told by the welder ("我师弟收到补正了")
    waiting: bool = False  # no news yet ("还没收到短信"): handed in once, not again

    @property
    def stage(self) -> str:
        return stage_of(self.name)


def stage_of(event: str) -> str:
    """The stage an event puts the welder in: a resubmission is waiting for review again."""
    return "review" if event == "resubmitted" else event


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def clauses(text: str) -> list[str]:
    """The message's clauses: cut at punctuation, and after 了 ('批了传好了')."""
    text = _NEWS_ASKED.sub(r"\g<0>，", _VOICE_BREAK.sub("，", text))
    asks = is_question(text)
    parts, start = [], 0
    for m in _CLAUSE.finditer(text):
        if len(parts) >= MAX_CLAUSES - 1:
            break
        if asks and not m.group(1) and _TIED.match(text, m.end()):
            continue
        bare = m.group(0) == "了"
        # A bare 了 ends a statement only before a question ("我提交了要等多久"), and not
        # before 以后/吗/没有..., which tie the two into one question ("提交了以后呢").
        intent = bool(_INTENT.match(text, m.end()) or _SAYS.match(text, m.end()))
        if bare and (not (asks or intent) or _TIED.match(text, m.end())):
            continue
        # "提交了还能改吗" asks about the step; "我提交了要等多久" reports it first, and so
        # does an approval, which takes no object ("审批通过了受理通知书去哪下载").
        reported = _REPORTER.search(text, start, m.start()) or (
            _PASSED.search(text, start, m.start()) and _APPROVAL_BRINGS.match(text, m.end())
        )
        if bare and not intent and not reported:
            continue
        if bare and _COUNTED.match(text, m.end()):
            continue  # "今天来了两条短信": one clause
        if bare and _CLICK_OF.match(text, m.start()):
            continue  # "也点了提交了": the first 了 is the click's, and what was clicked follows
        end = m.start() + bool(m.group(1))
        if end > start:
            parts.append(text[start:end])
        start = m.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def reported(clause: str) -> bool:
    """A statement of something done ("手机上也确认了"): more of a report, no question."""
    return clause.endswith("了") and not is_question(clause)


_HOW = re.compile(r"(用|通过|拿|在|关联)[^，]{1,10}的$")


def told_how(clause: str) -> bool:
    """How something was done, told as its background ("我是支付宝关联注册的"): no question.
    Not what something is ("名字是我的")."""
    return bool(_HOW.search(clause)) and not is_question(clause)


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


def contradicts(clause: str) -> bool:
    """A clause that says something is not so ("不是已完成"): no question to answer. (Not
    `denies`, which says a stage has not come yet.)"""
    return bool(_DENIAL.match(clause)) and not is_question(clause)


def negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 3) : start]))


def negated_inside(span: str) -> bool:
    return any(neg in span for neg in ("没", "不", "未", "忘"))


def guessed(clause: str) -> str | None:
    """The event a clause only guesses at ("好像是交了吧": 'review'), or None."""
    return clause_event(_GUESSING.sub("", clause)) if _UNSURE.search(clause) else None


# "社区医院做的": where or when something was done, told beside a question, is not what is
# asked ("体检报告要敲章吗 社区医院开的").
_TOLD_DONE = re.compile(r"(做|弄|开|拍|办|打)的$")
_SPACES = re.compile(r"\s+")


def asked_part(text: str) -> str:
    """The message without the clauses that only tell what was done, when another asks."""
    pieces = [p for c in clauses(text) for p in _SPACES.split(c) if p]
    told = [p for p in pieces if _TOLD_DONE.search(p) and not is_question(p)]
    if not told or len(told) == len(pieces):
        return text
    return "，".join(p for p in pieces if p not in told)


def clause_event(clause: str) -> str | None:
    """The event a clause reports: 'review' for '提交了'; None for questions and negations."""
    found = _clause_event(clause)
    return found and found[0]


def _clause_event(clause: str) -> tuple[str, int, bool] | None:
    """The event, where its words end, and whether it is a wait for news ("还没收到短信"),
    which says the application was handed in, not that it was handed in again."""
    clause = clause.replace("啦", "了")
    if is_question(clause) or _HEARSAY.search(clause) or _PLAN.search(clause):
        return None  # "听工友说还会要补正": what may come, not what came
    if _UNSURE.search(clause):
        return None  # "好像批了吧": the welder does not know; the status page will say
    if _OTHER_RESULT.search(clause):
        return None  # "体检还在等结果"
    if _UNTIL.search(clause):
        return None  # "等批下来了再打印": when it comes, not that it came
    if m := _WAITING.search(clause):
        # "补正交了还没收到短信": what was done before the wait is the news.
        done = _said(clause[: m.start()])
        return (*done, False) if done else ("review", m.end(), not m.group("handed"))
    doing = (m := _DOING.search(clause)) and not negated(clause, m.start())
    doing = doing and not _PAPER.search(clause)
    if doing and not _FINISHED.search(clause) and not _MEANING_TO.search(clause):
        return "submission", len(clause), False  # "我在网上填申请了": not handed in
    done = _said(clause)
    return (*done, False) if done else None


# "The one mailed to the teacher": a thing named by what is done with it; no report.
_WHICH_ONE = re.compile(r"的(那|这)?一?(张|个|份|页|种|条)[吧呀啊呢]?$")


def _said(clause: str) -> tuple[str, int] | None:
    """The first event whose words the clause says, not negated, and where they end; of a
    correction and a hand-in, the one said last ("补正那个改完又交了" hands it in again,
    "补正交了后来又来补正" is a new notice)."""
    found = None
    for event, patterns in _COMPILED:
        if found and event not in _LOOP:
            break
        for pattern in patterns:
            for m in pattern.finditer(clause):
                if negated(clause, m.start()) or negated_inside(m.group(0)):
                    continue
                if _WHICH_ONE.match(clause, m.end()):
                    continue
                if found is None or (event != found[0] and m.end() > found[1]):
                    found = event, m.end()
    return found


def during(text: str) -> str | None:
    """The stage a question is set in ("补正的时候…"), if it names one."""
    return "correction" if _DURING_CORRECTION.search(text) else None


# What only a welder in a stage that begins with news has at hand: the notice's own page
# ("进了材料补正那页"), the decision ("决定书下载不了").
_NEWS_AT_HAND = {
    "correction": re.compile(r"补正|告知书"),
    "download": re.compile(r"决定书|受理通知书"),
}


def step_may_enter(stage: str, here: str, text: str = "") -> bool:
    """Whether a step done in `stage` may put a welder who is in `here` there: one of the
    welder's own stages, or one that begins with news, if the text names what only it has
    at hand."""
    at_hand = _NEWS_AT_HAND.get(stage)
    return stage == here or stage in _BY_DOING or bool(at_hand and at_hand.search(text))


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


# "来短信了 第二条", "是第二条那种": which of the two messages, said on its own after the
# message came.
_SECOND_ALONE = re.compile(
    r"^(是|就是)?第二(条|个|种)(短信|消息)?(的?那(种|条|个))?(了|啊|呀|吧)?$"
)
_TEXTED = re.compile(r"短信|消息")


def _second(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """The approval, when a clause names the second message alone right after one that
    says a message came (the guide: the second says the application is approved)."""
    if i and _SECOND_ALONE.match(parts[i]) and _TEXTED.search(parts[i - 1]):
        return "download", len(parts[i]), False
    return None


# "查了，已经完成了": what a look at the query page found, said after the look.
_LOOKED = re.compile(r"查|看")
_COMPLETE = re.compile(r"^(已经|已|都)?完成(了|啦)?$")


def _looked(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """The approval, when a clause says only that it is complete right after one that says
    the welder looked (the status 已完成)."""
    if i and _COMPLETE.match(parts[i]) and _LOOKED.search(parts[i - 1]):
        return "download", len(parts[i]), False
    return None


# "传好了 提交": a bare 提交 right after the upload is done is the button clicked.
_BARE_SUBMIT = re.compile(r"^(点|按)?提交(了|啦)?$")
_UPLOADED = re.compile(r"传")


def _then_submitted(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """Handed in, when a clause is only 提交 right after one that says the upload is done."""
    if i and _BARE_SUBMIT.match(parts[i]) and _UPLOADED.search(parts[i - 1]):
        return ("review", len(parts[i]), False) if step_done(parts[i - 1]) else None
    return None


def _whose(parts: list[str], i: int, find: Callable[[str], re.Match | None]) -> re.Match | None:
    """`find` in the clause, or in the clause before when this one goes on with what was
    said there: "我工友补正了，说章没盖清楚" is about the workmate, and so is "小李补正了，
    说章没盖清楚"."""
    said_on = i > 0 and parts[i][:1] in "说讲"
    return find(parts[i]) or (find(parts[i - 1]) if said_on else None)


def _not_asked_for(parts: list[str], named: re.Match) -> bool:
    """A workmate's news that the message is not typed for: it passes on only what they said
    ("小李说他都寄出去了"), or asks for someone else ("小李批了 老王这个先干嘛", "小李批了 我这个
    咋弄")."""
    text = "".join(parts)
    if re.search(_TYPED_FOR.format(name=named.group(1)), text):
        return False
    others = set(re.findall(_NAME, text)) - {named.group(1)}
    return bool(named.group(2) or others or _MINE.search(text))


def read(parts: list[str]) -> list[Event]:
    """Every event the clauses report, in the order said; a clause after a correction
    notice that says it was handed in again is a resubmission."""
    said = [next((n for n, pattern in enumerate(AGO) if pattern.search(p)), None) for p in parts]
    # Each clause is when it says, or when the last one that says so was, or the first.
    when = next((n for n in said if n is not None), 0)
    events: list[Event] = []
    for i, part in enumerate(parts):
        when = when if said[i] is None else said[i]
        found = (
            _looked(parts, i)
            or _clause_event(part)
            or _second(parts, i)
            or _then_submitted(parts, i)
        )
        if not found:
            continue
        name, end, waiting = found
        if (
            name == "review"
            and not waiting
            and any(e.name == "correction" and e.when >= when for e in events)
        ):
            name = "resubmitted"
        named = _whose(parts, i, _NAMED.match)
        if named and _not_asked_for(parts, named):
            continue
        theirs = bool(_whose(parts, i, _SOMEONE_ELSE.search) or named)
        background = bool(BACKGROUND.search(part))
        events.append(Event(name, i, end, when, background, theirs, waiting))
    if any(map(_MINE_NOT_YET.search, parts)):
        events = [e for e in events if not e.theirs]
    if any(e.name == "correction" for e in events):
        # "收到两条短信 后面那条说要补正": the second was a notice, not the approval.
        events = [
            e for e in events if not (e.name == "download" and TWO_MESSAGES.search(parts[e.clause]))
        ]
    return events


def denies(part: str) -> bool:
    """The clause says a stage has not come yet ("还没点提交")."""
    return any(pattern.search(part) for _, pattern in _DENIALS)


def pending(part: str) -> str | None:
    """What the first clause that says something is still to do names ("还没点提交" ->
    "点提交", "word文档还没有做" -> "做word文档"), or None."""
    for clause in re.split(r"[,，]", part):
        for _, pattern in _DENIALS:
            if m := pattern.search(clause):
                verb = re.sub("^" + _UNDONE, "", clause[m.start() :])
                thing = _ASIDE.sub("", clause[: m.start()])
                return f"{verb}{thing}" or None
    return None


# "现在点了", "刚弄好了": done now, with no words of what.
_NOW_DONE = re.compile(r"^(现在|刚才|刚刚|刚|这会儿?|已经|也)+(点|按|弄|搞|做|交)?(好|完)?了$")


def planned(clause: str) -> bool:
    """The clause says the welder will come back once something is done ("齐了再来找你"):
    neither that thing nor any event is done."""
    return bool(_BACK_WHEN.search(clause)) and not is_question(clause)


# A notice named with nothing said of it ("补正短信"), or a text said to have come with
# nothing of what it says ("刚来短信"); then what to do, or what it says ("补正").
_NOTICE_NAMED = re.compile(r"^(这个|这|我这)?补正(的)?(短信|消息|通知|通知书|告知书)?(呢|啊)?$")
# What a text says, in a word: the notice or the approval.
_TEXT_SAYS = re.compile(r"^(?:是|说)?(补正|通过|批准|通过了|批了|批准了|已完成)(?:的)?$")
_TEXT_CAME = re.compile(
    r"^(我)?(刚|刚刚|刚才|今天|昨天)?"
    r"((来了?|收到了?)(一?条|个)?(短信|消息|通知)(了)?|(短信|消息|通知)(来|到|收到)了)$"
)


def notice_named(parts: list[str]) -> list[str]:
    """ "补正短信，咋整": a notice named and then what to do about it came; so did what
    a text that came says in the next clause ("刚来短信，补正")."""
    out = list(parts)
    for i, (part, after) in enumerate(itertools.pairwise(parts)):
        if _NOTICE_NAMED.match(part) and WHAT_TO_DO.match(after):
            out[i] = "收到补正了"
        elif _TEXT_CAME.match(part) and (m := _TEXT_SAYS.match(after)):
            out[i + 1] = f"短信说{m.group(1)}"
    return out


def made_good(parts: list[str]) -> list[str]:
    """ "还没点提交，这会儿点了": what a clause says is not done, done in a later clause that
    names nothing, is done; the clauses become one that says so ("点提交了")."""
    if not any(_NOW_DONE.match(p) for p in parts[1:]):
        return parts  # most messages: nothing done now, so no denial to look for
    for i, part in enumerate(parts):
        todo = None if is_question(part) else pending(part)
        later = next((j for j in range(i + 1, len(parts)) if _NOW_DONE.match(parts[j])), None)
        if todo and later is not None:
            return [*parts[:i], f"{todo}了", *parts[later + 1 :]]
    return parts


def awaited(parts: list[str]) -> str | None:
    """The stage a welder is at who says, not asking, that the approval or a notice has
    not come yet, or that the decision has not been mailed: the latest such stage."""
    told = [p for p in parts if not is_question(p) and not _NOT_THE_APPLICATION.search(p)]
    text = "，".join(told)
    return next((stage for stage, pattern in reversed(_AWAITED) if pattern.search(text)), None)


def status_asked(parts: list[str]) -> bool:
    """Whether the welder asks where their own application is, which says it was handed in."""
    return any(
        _STATUS_ASKED.search(p)
        and not (ASKED_AHEAD.search(p) or _NOT_WHERE.search(p) or _SOMEONE_ELSE.search(p))
        for p in parts
    )


def correcting(parts: list[str]) -> int | None:
    """The first clause in which the welder puts right what they said ("不对", "说错了")."""
    return next((i for i, p in enumerate(parts) if CORRECTING.search(p)), None)


def denied(parts: list[str]) -> str | None:
    """The stage a welder who puts things right says they have not reached ('不对，还没提交')."""
    if correcting(parts) is None:
        return None
    # "还没提交 资料还在弄": where they say they still are comes first.
    for table in (_STILL, _DENIALS):
        for part in parts:
            for stage, pattern in table:
                if pattern.search(part):
                    return stage
    return None


def latest(events: list[Event]) -> Event | None:
    """The event furthest along the procedure. Review and correction can repeat, so among
    them the one that happened last wins ("补正弄好又交了，今天又收到补正" is a second
    notice), the one said last if the message does not say otherwise; a wait for news
    only when nothing else of them is said."""
    best = max(events, key=lambda e: (ORDER[e.name], e.clause), default=None)
    if best is not None and best.name in _LOOP:
        # No news yet ("可我没收到短信") says only that it was handed in, which a notice
        # or a hand-in told in the same message says as well.
        loop = [e for e in events if e.name in _LOOP]
        loop = [e for e in loop if not e.waiting] or loop
        best = max(loop, key=lambda e: (-e.when, not e.background, e.clause))
    return best
