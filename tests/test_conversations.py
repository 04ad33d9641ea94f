"""The example dialogues in conversations/, replayed through the HTTP API of a real server."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.request
from pathlib import Path

import pytest
import yaml

from bot.settings import PROJECT_ROOT

from .conftest import LiveServer

DIALOGUES = sorted((PROJECT_ROOT / "conversations").glob("*.yaml"))


@pytest.fixture(scope="module")
def server(module_database):
    server = LiveServer(module_database)
    server.start()
    yield server
    server.kill()


class Welder:
    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def say(self, text: str) -> dict:
        request = urllib.request.Request(
            self.url + "/api/chat",
            data=json.dumps({"text": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def history(self) -> list[dict]:
        with self.opener.open(self.url + "/api/history", timeout=10) as response:
            return json.loads(response.read())["messages"]


def check(turn: dict, body: dict) -> list[str]:
    problems = []
    reply = body["reply"]
    if "stage" in turn and body["stage"] != turn["stage"]:
        problems.append(f"stage {body['stage']!r}, expected {turn['stage']!r}")
    if "answer" in turn and body["answer_id"] != turn["answer"]:
        problems.append(f"answer {body['answer_id']!r}, expected {turn['answer']!r}")
    if "answered" in turn and body["answered"] is not turn["answered"]:
        problems.append(f"answered is {body['answered']}")
    if turn.get("has_answer") and not body["answer_id"]:
        problems.append("no knowledge entry answered")
    if turn.get("kind") == "clarify" and (
        len(body["quick_replies"]) < 2 or "您是想问" not in reply
    ):
        problems.append("expected a clarifying question with choices")
    problems += [f"reply lacks {w!r}" for w in turn.get("reply_has", []) if w not in reply]
    return problems


@pytest.mark.parametrize("path", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_dialogue_goes_as_written(server: LiveServer, path: Path):
    dialogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    welder = Welder(server.url)
    for n, turn in enumerate(dialogue["turns"], start=1):
        if turn.get("restart"):
            server.kill()
            server.start()
            continue
        if "history" in turn:
            assert len(welder.history()) == turn["history"], f"turn {n}: history length"
            continue
        body = welder.say(turn["say"])
        problems = check(turn, body)
        assert not problems, f"turn {n} {turn['say']!r}: {problems}; reply: {body['reply']!r}"


def test_there_are_at_least_ten_dialogues_and_one_restarts_the_server():
    assert len(DIALOGUES) >= 10
    assert any("restart: true" in p.read_text(encoding="utf-8") for p in DIALOGUES)
