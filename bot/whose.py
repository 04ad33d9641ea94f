"""Whose news a clause tells: the welder's own, a workmate's ("我师弟收到补正了", "小李批了"),
or hearsay ("听说还会要补正"). Pure; no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable

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


def hearsay(clause: str) -> bool:
    """What others say happens, or what may happen ("听工友说还会要补正"): no news."""
    return bool(_HEARSAY.search(clause))


def someone_elses(clause: str) -> bool:
    """The clause is about someone the welder asks for ("我师弟刚收到补正短信")."""
    return bool(_SOMEONE_ELSE.search(clause))


def owner(parts: list[str], i: int) -> str | None:
    """Whose news clause `i` tells: "mine", "theirs" (a workmate's, told by the welder), or
    None when it is a named workmate's that the message is not typed for."""
    named = _whose(parts, i, _NAMED.match)
    if named and _not_asked_for(parts, named):
        return None
    return "theirs" if named or _whose(parts, i, _SOMEONE_ELSE.search) else "mine"


def mine_not_yet(parts: list[str]) -> bool:
    """The welder says they themself are not that far ("我自己都还没动"): news told with it
    is someone else's."""
    return any(map(_MINE_NOT_YET.search, parts))
