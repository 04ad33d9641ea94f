"""Names welders tell the bot: "张三" in "我叫张三", and nothing in "我是新手"."""

from __future__ import annotations

import pytest

from bot.names import name_statement


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫张三", "张三"),
        ("我叫张三。", "张三"),
        ("我叫张三，在宝山一家公司上班", "张三"),
        ("我叫张三丰啊", "张三丰"),
        ("我的名字是李四", "李四"),
        ("我名字叫王小明", "王小明"),
        ("姓名：赵六", "赵六"),
        ("姓名 赵六", "赵六"),
        ("老师好，我叫刘洋", "刘洋"),
        ("您好我是陈建国", "陈建国"),
        ("我是王强", "王强"),
        ("我是小王", "小王"),
        ("我是王师傅", "王师傅"),
        ("我是欧阳明", "欧阳明"),
        ("本人张伟，电话13800000000", "张伟"),
        ("叫我老周就行", "老周"),
        ("我是老李干了二十年电焊", "老李"),
        ("我是小张做管道焊接的", "小张"),
        ("我叫張三", "張三"),
        ("我叫 Tom", "Tom"),
        ("ｗo叫张三", None),
    ],
)
def test_a_name_is_found_as_the_welder_typed_it(text, name):
    assert name_statement(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "我是新手",
        "我是焊工",
        "我是江苏人",
        "我是安徽的",
        "我是来问问题的",
        "我是第一次申请",
        "本人已提交",
        "我叫什么来着",
        "我是谁",
        "我姓张",
        "我叫",
        "我是李",
        "我是王强吗",
        "电脑上用什么浏览器",
        "我已经提交了",
        "我叫张三李四王五赵六",
        "",
    ],
)
def test_no_name_is_found_where_there_is_none(text):
    assert name_statement(text) is None
