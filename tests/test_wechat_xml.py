import pytest

from bot.channels.wechat_xml import (
    CHOICE_HINT,
    CHOICES_HEADING,
    XmlError,
    cdata,
    fit_wechat_text,
    parse_message,
    render_text_with_choices,
    text_reply,
)

from .wechat_vectors import VECTORS

TEXT_MESSAGE = (
    b"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
    b"<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n"
    b"<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n"
    b"<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>"
)


def test_text_message_fields_are_read_from_the_xml_root():
    assert parse_message(TEXT_MESSAGE) == {
        "ToUserName": "gh_10f6c3c3ac5a",
        "FromUserName": "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
        "CreateTime": "1409735668",
        "MsgType": "text",
        "Content": "abcdteT",
        "MsgId": "6054768590064713728",
    }


@pytest.mark.parametrize("v", [pytest.param(v, id=v["id"]) for v in VECTORS if "post_body" in v])
def test_vector_post_body_yields_its_encrypt_value(v):
    assert parse_message(v["post_body"].encode())["Encrypt"] == v["encrypt"]


@pytest.mark.parametrize(
    "v",
    [
        pytest.param(v, id=v["id"])
        for v in VECTORS
        if v.get("expected_plaintext", "")[:5] == "<xml>"
    ],
)
def test_decrypted_vector_message_parses(v):
    fields = parse_message(v["expected_plaintext"].encode())
    assert fields["MsgType"] == "text"
    assert fields["ToUserName"]


def test_only_direct_children_are_read_and_empty_elements_are_empty_strings():
    body = b"<xml><Event>scancode_push</Event><ScanCodeInfo><ScanType>qrcode</ScanType>"
    body += b"</ScanCodeInfo><!-- note --><EventKey/></xml>"
    assert parse_message(body) == {"Event": "scancode_push", "ScanCodeInfo": "", "EventKey": ""}


def test_first_of_a_repeated_tag_wins():
    assert parse_message(b"<xml><A>1</A><A>2</A></xml>") == {"A": "1"}


def test_utf8_declaration_and_chinese_content_are_read():
    body = '<?xml version="1.0" encoding="UTF-8"?><xml><Content>你好</Content></xml>'
    assert parse_message(body.encode()) == {"Content": "你好"}


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><Content>&xxe;</Content></xml>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><Content>&lol3;</Content></xml>"""


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (XXE, "forbidden"),
        (BILLION_LAUGHS, "forbidden"),
        (b'<!DOCTYPE xml SYSTEM "http://example.com/x.dtd"><xml/>', "forbidden"),
        (b'<!DOCTYPE xml [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><xml/>', "forbidden"),
        (b"<!DOCTYPE xml><xml><A>1</A></xml>", "forbidden"),
        (b"<xml><Content>&undefined;</Content></xml>", "malformed"),
        (b"<xml><Content>unclosed</xml>", "malformed"),
        (b"<xml><A>1</A></xml><xml/>", "malformed"),
        (b"", "malformed"),
        (b"not xml at all", "malformed"),
        (b"<xml><A>\xff\xfe</A></xml>", "malformed"),
        (b'<?xml version="1.0" encoding="GBK"?><xml/>', "unreadable"),
        (b"<root><A>1</A></root>", "not <xml>"),
        (b"<XML><A>1</A></XML>", "not <xml>"),
    ],
    ids=[
        "xxe-file",
        "billion-laughs",
        "external-dtd",
        "parameter-entity",
        "bare-doctype",
        "undefined-entity",
        "unclosed-tag",
        "two-roots",
        "empty",
        "plain-text",
        "invalid-utf8",
        "multibyte-encoding",
        "wrong-root",
        "upper-case-root",
    ],
)
def test_hostile_or_broken_body_is_rejected(body, reason):
    with pytest.raises(XmlError, match=reason):
        parse_message(body)


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [
        ("", "<![CDATA[]]>"),
        ("你好", "<![CDATA[你好]]>"),
        ("a]]>b", "<![CDATA[a]]]]><![CDATA[>b]]>"),
        ("]]>]]>", "<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>"),
    ],
)
def test_cdata_wraps_and_splits_the_terminator(text, wrapped):
    assert cdata(text) == wrapped


@pytest.mark.parametrize(
    "content",
    [
        "a]]>b",
        "]]>",
        "]]]]>>",
        "]",
        "<b>&amp;</b>",
        "中文]]>内容",
        "第一行\n第二行\t缩进",
        " 前后空格 ",
    ],
)
def test_content_round_trips_through_cdata_and_parse(content):
    body = f"<xml><Content>{cdata(content)}</Content></xml>".encode()
    assert parse_message(body)["Content"] == content


def test_characters_xml_cannot_carry_are_dropped_so_the_reply_stays_valid():
    reply = text_reply("u", "g", "a\x00b\x08c\x1fd\ufffee", 1)
    assert parse_message(reply.encode())["Content"] == "abcde"


def test_text_reply_has_the_passive_reply_shape():
    assert text_reply("oUser", "gh_acct", "hi", 1700000000) == (
        "<xml><ToUserName><![CDATA[oUser]]></ToUserName>"
        "<FromUserName><![CDATA[gh_acct]]></FromUserName>"
        "<CreateTime>1700000000</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[hi]]></Content></xml>"
    )


def test_chinese_in_every_field_round_trips():
    reply = text_reply("焊工用户", "学校公众号", "请先报名]]>再考试", 1700000000)
    assert parse_message(reply.encode()) == {
        "ToUserName": "焊工用户",
        "FromUserName": "学校公众号",
        "CreateTime": "1700000000",
        "MsgType": "text",
        "Content": "请先报名]]>再考试",
    }


@pytest.mark.parametrize("text", ["", "短消息", "a" * 2048, "中" * 682 + "ab"])
def test_text_within_the_limit_is_unchanged(text):
    assert fit_wechat_text(text) == text


@pytest.mark.parametrize(
    "char", ["a", "é", "中", "😀"], ids=["1-byte", "2-byte", "3-byte", "4-byte"]
)
def test_trimming_to_2048_bytes_never_splits_a_character(char):
    for offset in range(4):  # shift the characters across every cut position
        text = "x" * offset + char * 2049
        fitted = fit_wechat_text(text)
        size = len(fitted.encode())
        assert size <= 2048
        assert size > 2048 - 3 - len(char.encode())  # trimmed no more than needed
        assert fitted.endswith("…")
        assert text.startswith(fitted[:-1])


def test_trimming_respects_a_smaller_limit():
    assert fit_wechat_text("焊接工艺评定", limit_bytes=10) == "焊接…"


def test_choices_are_appended_as_numbered_lines_with_a_hint():
    assert render_text_with_choices("您想办理哪一项？", ["报名", "补考"]) == (
        f"您想办理哪一项？\n\n{CHOICES_HEADING}\n1. 报名\n2. 补考\n{CHOICE_HINT}"
    )


def test_text_without_choices_is_only_fitted():
    assert render_text_with_choices("你好", []) == "你好"


@pytest.mark.parametrize(
    "text",
    ["您想办理哪一项？\n1. 报名\n2. 补考", "请选择：\n1、报名\n 2） 补考 \n回复数字即可"],
    ids=["dot", "chinese-punctuation"],
)
def test_text_already_listing_the_choices_is_left_alone(text):
    assert render_text_with_choices(text, ["报名", "补考"]) == text


def test_choices_listed_under_other_numbers_are_listed_again():
    # "1" must mean the first quick reply, so a list numbered differently does not count.
    text = "请选择：\n1. 补考\n2. 报名"
    assert render_text_with_choices(text, ["报名", "补考"]).endswith(
        f"\n\n{CHOICES_HEADING}\n1. 报名\n2. 补考\n{CHOICE_HINT}"
    )


def test_choices_the_text_lists_first_are_not_listed_again():
    text = "您是想问：\n1. 报名\n2. 补考\n回复数字就行。"
    assert render_text_with_choices(text, ["报名", "补考", "找老师"]) == (
        f"{text}\n\n3. 找老师\n{CHOICE_HINT}"
    )


def test_choices_the_text_lists_are_listed_again_when_the_text_is_cut():
    text = "请选择：\n1. 报名\n" + "焊" * 1000
    result = render_text_with_choices(text, ["报名", "找老师"])
    assert len(result.encode()) <= 2048
    assert result.endswith(f"\n\n{CHOICES_HEADING}\n1. 报名\n2. 找老师\n{CHOICE_HINT}")


def test_line_breaks_inside_a_choice_are_flattened():
    assert render_text_with_choices("选？", ["第一\n项", "二"]).endswith(
        f"1. 第一 项\n2. 二\n{CHOICE_HINT}"
    )


def test_empty_text_gets_just_the_choices():
    assert render_text_with_choices("  ", ["是", "否"]) == f"1. 是\n2. 否\n{CHOICE_HINT}"


def test_long_text_is_trimmed_and_the_choices_are_kept():
    result = render_text_with_choices("焊" * 1000, ["报名", "补考"])
    assert len(result.encode()) <= 2048
    body, tail = result.split("\n\n")
    assert body.endswith("…") and "焊" * 600 in body
    assert tail == f"{CHOICES_HEADING}\n1. 报名\n2. 补考\n{CHOICE_HINT}"


def test_choices_too_long_to_fit_are_trimmed_with_everything_else():
    result = render_text_with_choices("请选择", ["很长的选项" * 100, "另一个很长的选项" * 100])
    assert len(result.encode()) <= 2048
    assert result.startswith(f"请选择\n\n{CHOICES_HEADING}\n1. 很长的选项")
    assert result.endswith("…")
