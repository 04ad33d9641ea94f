"""Fixed commands a welder types or taps (找老师, 下一步, 菜单…), and emoji reactions. Pure."""

from __future__ import annotations

import re
import unicodedata

HANDOFF = "找老师"
NEXT = "下一步"
STATUS = "我的进度"

_END = r"[?？。！!,，~～…\.]*$"
# "行吧 点了", "好的，下一步": a word that only takes in the last reply, before what is said.
ACKNOWLEDGED = re.compile(
    r"^(行吧|好吧|好的|好嘞|行|好|嗯+|哦+|噢|那好|算了)[,，。.!！~～\s]+(?=\S)"
)
COMMANDS = {
    # "老师呀", "陈老师在吗": calling out, before saying what for; not yet asking for a teacher.
    "called": re.compile(r"^(陈)?老师(啊|呀|呢|您好|你好|在吗|在不在|在么)?" + _END),
    "handoff": re.compile(
        r"^(我要|我想|请|帮我|麻烦)?(找|联系|问|转|叫)?(老师|人工|真人|客服|陈老师)(帮忙|帮我|来)?"
        r"(吧|呢|啊)?" + _END
    ),
    "status": re.compile(
        r"^((我的|查看?|看看?)?进度|(我的|查看?|看看?)状态)(呢|怎么样|如何)?"
        + _END
        + r"|^我(现在)?(算是?(到|在)?|到|在|做到|走到|弄到|办到)(了)?"
        + r"哪(一|个)?(步|里|儿)?(了)?(呢)?"
        + _END
        # "昨天说到哪了", "忘了上次弄到哪了": coming back to where the welder was.
        + r"|^(我)?(忘了|不记得)?(我)?(上次|上回|昨天|前天|之前|前几天)?(跟你)?"
        + r"(说|讲|问|聊|弄|办|做)到哪(一|个)?(步|里|儿)?(了)?(来着)?"
        + _END
    ),
    # "还差啥": what is left to do.
    "left": re.compile(
        r"^(那|那我|我)?还(差|缺|少|剩)(下)?(啥|什么|哪些|哪样|哪几样|几样|点啥|些啥)"
        r"(没弄|没做|没准备|没办)?(了|呢|啊|吗)?" + _END
    ),
    "next": re.compile(
        r"^(那|好的?|嗯|ok|然后)?(怎么办|咋办|怎么弄|咋弄)?(下一步|然后|接下来|接下去|接着|再然后|再下来|之后|下面|后面|再?往?下去|再?往下|还有)(呢|了|啊|咧|嘞|哩|噻)?"
        r"(还)?(该|要|得)?(我)?(做什么|干什么|干啥|做啥|怎么办|怎么做|怎么弄|是什么|是啥|呢|干嘛"
        r"|哪能弄|哪能办|哪能搞|咋整|咋搞|怎么搞"
        r"|点(啥|什么|哪个|哪里|哪))?" + _END
    ),
    # "上一步是啥", "退回上一步", "上一步要干嘛".
    # "等下 上一步是啥来着 好像填错了": a pause before, and why, after.
    "previous": re.compile(
        r"^((等下|等等|等一下|稍等)[,，\s]*)?(那|我要|我想)?(回到|返回|退回|退到|回)?上一步"
        r"(是什么|是啥|是哪步|是哪一步|呢|(要|该)?(干|做)(嘛|啥|什么)的?|说的啥)?(来着)?"
        r"([,，\s]*(好像|可能|我)?[^，]{0,4}(错|不对)了?)?" + _END
    ),
    "restart": re.compile(r"^(重新开始|从头开始|重来|清空进度)" + _END),
    "menu": re.compile(r"^(菜单|帮助|help|功能|目录|你能做什么|你会什么|能问什么)" + _END),
    "greeting": re.compile(
        r"^(你好|您好|哈喽|hello|hi|嗨|在吗|在不在|有人吗|老师好|早上好|下午好|晚上好)+(啊|呀)?"
        + _END
    ),
    "thanks": re.compile(
        r"^(好的?|谢谢(老师|你|您)?|多谢|知道了|明白了|懂了|收到|ok|好嘞|行|嗯+)+(啊|呀|哈)?" + _END
    ),
    "unhelpful": re.compile(r"^(没用|没有用|不对|答非所问|不是这个)" + _END),
}
# What to do, asked with nothing named ("咋整", "现在该咋弄", "我该干啥").
_TO_DO = (
    r"(怎么办|咋办|怎么弄|咋弄|咋整|怎么整|怎么搞|咋搞|哪能办|哪能弄|干啥|干嘛|做啥|做什么|干什么"
    r"|(弄|搞|整)(啥|什么)子?)"
)
_PARTICLE = r"(了|呢|啊|呀)?"
WHAT_TO_DO = re.compile(
    r"^(那|那我|我)?(现在|这下|接下来|然后)?(我)?(该|要|得|应该)?" + _TO_DO + _PARTICLE + _END
)
# The same asked of now ("现在该咋弄", "我该干啥"), not of what was just said ("咋办").
NOW = re.compile(
    r"^(那|那我|我)?((现在|这下)(我)?(该|要|得|应该)?|(我)?(该|应该|要|得))"
    + _TO_DO
    + _PARTICLE
    + _END
)
YES = re.compile(r"^(是|是的|对|确定|确认|好|好的|重新开始|嗯)" + _END)
_CHINESE_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# One digit as a welder types it, for `number`.
DIGIT = "[1-9一二三四五六七八九]"
# "3" or "第四个" after a menu: that option (up to the menu's length, tiers.MAX_OPTIONS).
CHOICE = re.compile(r"^(第)?(" + DIGIT + ")(个|条|项)?(呢|吧)?" + _END)


def number(digit: str) -> int:
    """A digit as a welder types it, '3' or '三', as a number."""
    return _CHINESE_NUMBERS.get(digit) or int(digit)


# Emoji that say "this did not help" (a thumbs down, a frown, a question); any other
# emoji-only message is a thank-you or an OK.
_UNHAPPY = set("👎😞😟😕🙁☹😢😭😩😫😤😠😡🤔❓❔😓😰😵🤯💔")
# Joiners and variation selectors that build one emoji out of several code points.
_GLUE = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}


def _emoji_only(text: str) -> bool:
    chars = [c for c in text if not c.isspace() and c not in _GLUE]
    return bool(chars) and all(
        unicodedata.category(c) == "So" or 0x1F3FB <= ord(c) <= 0x1F3FF for c in chars
    )


def command(text: str) -> str | None:
    """The command a message is, or None; `text` is lightly normalized (see Normalizer.light)."""
    for name, pattern in COMMANDS.items():
        if pattern.match(text):
            return name
    return None


def reaction(raw: str) -> str | None:
    """'thanks' or 'unhelpful' for a message made only of emoji ('👍', '🙏', '👎'); else None."""
    if not _emoji_only(raw):
        return None
    return "unhelpful" if any(c in _UNHAPPY for c in raw) else "thanks"
