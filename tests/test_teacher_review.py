"""The review queue on the dashboard: unsure answers and answers voted 没用, each with 改进."""

from __future__ import annotations

import re

import pytest

from bot.keys import CHAT, STORE
from bot.store import Outgoing, Turn
from tests.teacher_support import logged_in, own_session, welder_says

UNSURE = "写照片那个<弄>"


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def unsure_turn(client, text: str, confidence: float) -> int:
    """A turn the engine answered with the given confidence; returns the question's id."""
    store = client.app[STORE]
    welder = await store.welder_id("web", "unsure")
    state = await store.progress(welder, "preparation")
    messages = (
        Outgoing("welder", text),
        Outgoing(
            "bot", "照片要求……", answer_id="photo_requirement", confidence=confidence, answered=True
        ),
    )
    ids = await store.save_turn(Turn(welder, "web", messages, state, state))
    return ids[0]


def section(html: str, name: str) -> str:
    return re.search(rf'data-testid="review-{name}".*?</section>', html, re.S).group(0)


async def test_unsure_answers_are_listed_with_improve(client, teacher):
    asked = await unsure_turn(client, UNSURE, 0.42)
    await unsure_turn(client, "照片多大", 0.9)
    html = section(await (await client.get("/teacher/")).text(), "unsure")
    assert "写照片那个&lt;弄&gt;" in html and UNSURE not in html
    assert "照片多大" not in html
    assert "0.42" in html
    assert f'href="/teacher/improve?message={asked}"' in html


async def test_answers_voted_not_useful_are_listed_with_improve(client, teacher):
    async with own_session(client) as welder:
        body = await (await welder.post("/api/chat", json={"text": "电脑上用什么浏览器"})).json()
        vote = {"message_id": body["message_id"], "helpful": False}
        assert (await welder.post("/api/feedback", json=vote)).status == 200
    html = section(await (await client.get("/teacher/")).text(), "unhelpful")
    assert "电脑上用什么浏览器" in html
    assert f'href="/teacher/improve?message={body["message_id"] - 1}"' in html


async def test_a_useful_vote_is_not_in_the_queue(client, teacher):
    welder = await welder_says(client, "电脑上用什么浏览器")
    last = (await client.app[STORE].history(welder))[-1]
    await client.app[CHAT].feedback(welder, "web", last.id, True)
    html = section(await (await client.get("/teacher/")).text(), "unhelpful")
    assert "电脑上用什么浏览器" not in html
