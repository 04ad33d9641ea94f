"""A welder who did not follow the last reply, or was misunderstood: "看不太懂呀" asks
for that reply again, and "不是问浏览器，我是想问随申办从哪儿下载" says what is really
asked. Pure."""

from __future__ import annotations

import re

_SEP = r"[\s,，。.!！?？~～…、;；:：]"
_TAIL = r"(啊|呀|哦|呢|吧|呗|哈|了|啦|嘛|吗|么|伐|好吗|好伐|行吗|行伐|可以吗)*"
_YOU = r"(老师|师傅)?(你|您|侬)?(能|可以|能不能)?"
# Asking for the last reply again, or said more simply.
# "刚才那步再说一遍": the last reply, named.
_THAT = r"((刚才|刚刚|上面)(你)?(说的|讲的|发的)?(那|这)?(一)?(步|个|条|段|句)?)?"
_AGAIN = (
    rf"({_THAT}{_YOU}(再|重新)(说|讲|发)(一)?(遍|次|下)"
    rf"|{_YOU}(再)?(说|讲)(得)?(简单|慢|清楚|具体|详细|明白|通俗|直白)(一)?(点|些)"
    r"|(简单|慢|清楚|具体|详细)(一)?(点|些)(说|讲)?|说人话)" + _TAIL
)
# Saying it was not followed: as the whole message, or before what is asked.
_LOST = (
    r"((我|俺|阿拉|侬)?(还是|实在|真的?|完全|有点|有些|一点)?(没|不|没有)(太|大)?(看|听|搞|弄)?"
    r"(懂|明白|记住)"
    r"|(我|俺|阿拉)?(看|听|搞|弄)不(太|大)?(懂|明白|清楚)"
    r"|(这|这是|这个|那是)?(啥|什么|神马|啥子)意思"
    r"|记不住|太复杂|太长|字太多|绕晕了|(听|看)糊涂了)" + _TAIL
)
_ALL_REPAIR = re.compile(rf"^{_SEP}*(({_AGAIN}|{_LOST}){_SEP}*)+$")
_BEFORE = re.compile(rf"^{_SEP}*(({_AGAIN}|{_LOST}){_SEP}+)+")
# It starts right after a word, so that a run of commas is not tried from each of them.
_AFTER = re.compile(rf"(?<!{_SEP})({_SEP}*{_AGAIN})+{_SEP}*$")
# "不是问浏览器，我是想问随申办从哪儿下载", "不是这个 我要问入口", "我问的是哪里点 不是点啥".
_NO = r"(不对|不是|错了)"
_ME = r"(我|俺|阿拉)"
_ASKER = rf"{_NO}?{_SEP}*{_ME}?"
_ASKING = r"(是)?(问|想问|要问|说)?(的)?(是)?"
# "我问的是…": what follows is what is asked.
_IT_IS = r"(问的是|是问|是想问|想问的是|要问的是|说的是)"
_NOT_THAT = re.compile(
    rf"^{_ASKER}((问的|说的|要问的|想问的)不是(问|说)?|不是(问|说)).+?({_SEP}+|而)"
    rf"(我|俺)?{_ASKING}(?P<asked>.+)$"
)
_THIS_NOT = re.compile(rf"^{_ASKER}不是(问|说)?(这个|那个){_SEP}*(我|俺)?{_ASKING}(?P<asked>.+)$")
_BUT_THIS = re.compile(rf"^{_ASKER}{_IT_IS}(?P<asked>.+?){_SEP}*(而)?不是.+$")
_ONLY_THIS = re.compile(rf"^{_NO}?{_SEP}*{_ME}{_IT_IS}(?P<asked>.+)$")


def lost(text: str) -> bool:
    """All the message says is that the last reply was not followed ("能讲慢一点吗")."""
    return bool(_ALL_REPAIR.match(text))


def asked(text: str) -> str:
    """What a message after a reply asks, without "说简单点" around it or what it says it is
    not ("不是问浏览器，我是想问…")."""
    for pattern in (_NOT_THAT, _THIS_NOT, _BUT_THIS, _ONLY_THIS):
        if m := pattern.match(text):
            text = m.group("asked")
            break
    rest = _AFTER.sub("", _BEFORE.sub("", text))
    return rest if rest.strip() else text
