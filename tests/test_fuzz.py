"""Any input at all: the pure core never raises, and /api/chat never answers 500."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.kbcheck import load_checked
from bot.settings import PROJECT_ROOT
from bot.store import Progress

# Every code point Python allows in a str, lone surrogates included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
# Structurally long inputs: the core bounds its work instead of trusting the length.
LONG_TEXT = st.builds(lambda s, n: (s or "焊") * n, ANY_TEXT, st.integers(1, 10_000))
TEXTS = ANY_TEXT | LONG_TEXT
NASTY = [
    "😀🔥👷‍♂️" * 2500,
    "\u202e证工焊\u202c请问\u200f\u200e",
    "\x00\x07\x1b[31m补正\r\n\t",
    "\ud800",
    "\udfff\ud800问题",
    "ｅＸａｍ 增項\ufeff",
    "一" * 10_000,
]
FUZZ = settings(max_examples=200, deadline=None)


def _with_examples(test):
    for text in NASTY:
        test = example(text=text)(test)
    return test


@FUZZ
@given(text=TEXTS)
@_with_examples
def test_the_normalizer_takes_any_text(engine, text):
    normalize = engine.matcher.normalize
    assert isinstance(normalize(text), str)
    assert isinstance(normalize.light(text), str)


@FUZZ
@given(text=TEXTS)
@_with_examples
def test_the_matcher_takes_any_text(engine, text):
    decision = engine.matcher.decide(text, engine.first_stage)
    assert decision.tier in ("answer", "clarify", "uncovered", "fallback")


@FUZZ
@given(text=TEXTS)
@_with_examples
def test_the_engine_replies_to_any_text(engine, text):
    reply = engine.reply(engine.welcome(engine.first_stage).progress, text)
    assert reply.text


KB = load_checked(PROJECT_ROOT / "knowledge")
STEPS = [step.id for step in KB.steps]
# The knowledge's own words, cut and joined at random, reach deeper than random text.
WORDS = st.lists(
    st.sampled_from([e.title for e in KB.entries] + ["了", "点了", "然后呢", "没", "&amp;", " "]),
    max_size=6,
).map("".join)
# Wherever a welder may be: any stage, step, last answer and reported step, even ones that
# no longer fit together (a knowledge edit, a stage set by hand).
STATES = st.builds(
    Progress,
    stage=st.sampled_from([stage.id for stage in KB.stages]),
    step=st.sampled_from([None, *STEPS]),
    last_entry=st.sampled_from([None, *(e.id for e in KB.entries)]),
    reported=st.sampled_from([None, "", *STEPS]),
)


@FUZZ
@given(state=STATES, text=WORDS | ANY_TEXT)
@example(
    state=Progress("review", step="rev_wait", last_entry="correction_after"),
    text="这个页面东西 换了个浏览器传材料那页这个页面提交最后按哪个钮&amp;",
)
def test_the_engine_replies_to_any_text_wherever_the_welder_is(engine, state, text):
    reply = engine.reply(state, text)
    assert reply.text
    assert not reply.progress.reading


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=10,
)
BODIES = (
    st.binary(max_size=2000)
    | JSON.map(lambda value: json.dumps(value).encode())
    | st.builds(lambda text: json.dumps({"text": text}).encode(), TEXTS)
    | st.builds(lambda value: json.dumps({"text": value}).encode(), JSON)
)
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
CONTENT_TYPES = (
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ]
    )
    | HEADER_TEXT
)


@pytest.fixture
async def open_client(aiohttp_client, settings, kb):
    # No rate limit: every example must reach the handler.
    return await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=0), kb))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, content_type=CONTENT_TYPES)
@example(body=b'{"text": "\\ud800"}', content_type="application/json")
@example(body=b'{"text": "\\udfff\\ud800\\u95ee"}', content_type="application/json")
async def test_chat_answers_any_body_with_success_or_a_clear_error(open_client, body, content_type):
    # A file-like body: aiohttp's client warns when it is handed over a megabyte of raw bytes.
    resp = await open_client.post(
        "/api/chat", data=io.BytesIO(body), headers={"Content-Type": content_type}
    )
    payload = await resp.json()
    assert resp.status == 200 or 400 <= resp.status < 500, (resp.status, payload)
    if resp.status != 200:
        assert set(payload) == {"error"}
        assert payload["error"]


# -- every route, the console's included ----------------------------------------------

SEGMENT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
QUERY = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "stage",
            "page",
            "after",
            "before",
            "start",
            "end",
            "message",
            "next",
            "handoff",
            "fell_back",
            "asked",
            "find",
            "sent",
            "saved",
            "timestamp",
            "nonce",
            "signature",
            "echostr",
            "encrypt_type",
            "msg_signature",
        ]
    )
    | HEADER_TEXT,
    ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    | st.integers(-(2**70), 2**70).map(str)
    | st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-30", "²", "\x00abc", '"a" OR b']),
    max_size=4,
)
FORM = st.dictionaries(
    st.sampled_from(
        [
            "text",
            "note",
            "entry_id",
            "message",
            "asked",
            "title",
            "answer",
            "username",
            "password",
            "next",
            "stage",
            "step",
            "csrf",
        ]
    )
    | HEADER_TEXT,
    ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass").decode("utf-8", "replace")),
    max_size=5,
)


def _routes(app) -> list[tuple[str, str]]:
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if path and route.method != "HEAD":
            found.append((route.method, path))
    return sorted(set(found))


@pytest.fixture
async def console_client(aiohttp_client, settings, kb):
    from tests.teacher_support import logged_in, welder_says

    wechat = {
        "wechat_token": "t",
        "wecom_token": "t",
        "wecom_corp_id": "c",
        "wecom_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    }
    app = create_app(dataclasses.replace(settings, rate_per_minute=0, **wechat), kb)
    client = await aiohttp_client(app)
    token = await logged_in(client)
    await welder_says(client, "你好", "怎么登录", "qwpoeiruty")
    return client, token


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
async def test_no_route_answers_500_to_anything(console_client, data):
    client, token = console_client
    method, template = data.draw(st.sampled_from(_routes(client.app)), label="route")
    path = re.sub(
        r"\{[^}]+\}",
        lambda _: quote(data.draw(SEGMENT | st.integers(-(2**70), 2**70).map(str)), safe=""),
        template,
    )
    if template.startswith("/static"):
        path = "/static/" + quote(data.draw(SEGMENT), safe="")
    query = data.draw(QUERY, label="query")
    kwargs: dict = {"params": query, "allow_redirects": False}
    if method == "POST":
        form = data.draw(FORM, label="form")
        if data.draw(st.booleans(), label="with csrf"):
            form["csrf"] = token
        kind = data.draw(st.sampled_from(["form", "json", "bytes"]), label="body")
        if kind == "form":
            kwargs["data"] = form
        elif kind == "json":
            kwargs["json"] = data.draw(JSON, label="json")
        else:
            kwargs["data"] = io.BytesIO(data.draw(st.binary(max_size=500), label="bytes"))
            kwargs["headers"] = {"Content-Type": data.draw(CONTENT_TYPES, label="type")}
    resp = await client.request(method, path, **kwargs)
    body = await resp.read()
    assert resp.status < 500, (method, path, query, resp.status, body[:300])
