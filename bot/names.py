"""A welder telling the bot their name ("我叫张三"), so teachers know who is who. Pure; no I/O."""

from __future__ import annotations

import re
import unicodedata

# How welders introduce themselves; "我是" and "本人" only count before a surname (below),
# because "我是新手" and "本人已提交" are not names.
_INTRO = re.compile(
    r"^(?:(?:你好|您好|侬好|老师好|老师)[，,。!！\s]*)?"
    r"(?:我叫|我的名字叫|我的名字是|我名字叫|我名字是|名字叫|名字是|我的姓名是|我姓名是|"
    # "姓名身份证要自己填吗" asks about the form's field: only "姓名：…" states a name.
    r"姓名(?:[:：是]|(?=\s))|"
    r"本人叫|本人姓名|本人|叫我|我是)"
)
# Where a name ends: punctuation, or the next thing the welder says about themselves.
_AFTER = re.compile(
    r"[，,。.!！?？;；:：\s~～、]|来自|在|是|的|今年|电话|手机|公司|单位|想|要|请问|问一下|就|啊|呀|哦|吧|了|呢|吗"
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]{1,29}$")
# Words that follow 我叫/我是 without being a name.
_NOT_NAMES = re.compile(
    r"什么|啥|谁|哪|怎么|焊工|新手|学员|学生|老师|本人|自己|电焊|工人|那个|这个"
    r"|单位|人事|公司|工厂|老板|身份|证|表|栏"
)
# Places a welder says they are from ("我是江苏人"), which can start with a surname.
_PLACES = re.compile(
    r"人$|江苏|安徽|江西|湖南|湖北|河南|河北|山东|山西|四川|浙江|福建|广东|广西|云南|贵州|甘肃"
    r"|陕西|吉林|辽宁|黑龙江|重庆|天津|北京|上海|宝山|浦东|嘉定|闵行|松江|青浦|奉贤|金山|崇明"
)
_NEEDS_SURNAME = ("我是", "本人")
# Common surnames, single and double: "我是" + one of these is taken as a name.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
) | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯"}


def _has_surname(name: str) -> bool:
    stripped = name.removeprefix("小").removeprefix("老")
    return stripped[:2] in _SURNAMES or stripped[:1] in _SURNAMES


def _familiar(name: str) -> str:
    """ "老王" and "小李" are whole names: "我是老王做了三十年焊工" is 老王."""
    if name[:1] not in "老小":
        return name
    surname = next((n for n in (2, 1) if name[1 : 1 + n] in _SURNAMES), 0)
    return name[: 1 + surname] if surname else name


def name_statement(text: str) -> str | None:
    """The name in "我叫张三" / "我是王强" / "姓名：李四", as typed; None when there is none."""
    text = unicodedata.normalize("NFKC", text).strip()
    intro = _INTRO.match(text)
    if intro is None:
        return None
    rest = text[intro.end() :].lstrip(" :：")
    end = _AFTER.search(rest, 1)
    name = (rest[: end.start()] if end else rest).strip()
    name = _familiar(name)
    asking = end is not None and rest[end.start()] in "吗?？"
    if not name or asking or _NOT_NAMES.search(name):
        return None
    if _LATIN_NAME.match(name):
        return name
    if not _CJK_NAME.match(name):
        return None
    if intro.group(0).endswith(_NEEDS_SURNAME) and (not _has_surname(name) or _PLACES.search(name)):
        return None
    return name
