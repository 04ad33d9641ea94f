"""Any input at all: the pure core never raises, and /api/chat never answers 500."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.engine import Engine

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


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    return Engine(kb)


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
    assert decision.tier in ("answer", "clarify", "fallback")


@FUZZ
@given(text=TEXTS)
@_with_examples
def test_the_engine_replies_to_any_text(engine, text):
    reply = engine.reply(engine.welcome(engine.first_stage).progress, text)
    assert reply.text


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
