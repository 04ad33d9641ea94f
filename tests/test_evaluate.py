"""`python -m bot eval`: questions and dialogues scored through the real engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.eval_report import THRESHOLDS, confusions, curve, report, scores
from bot.evaluate import EvalFileError, Result, parse, run
from bot.settings import PROJECT_ROOT

# Questions written down in knowledge/entries/ as ways of asking these entries.
MATERIALS = ("materials_overview", "需要哪些资料")
MATERIALS_TOO = "材料清单有吗"
BROWSER = ("browser_choice", "浏览器有没有要求")
REVIEW = ("review_time", "审核需要几天")
# Off the guide's topics, and too vague to answer: as the engine's own tests use them.
OFF_TOPIC = "中午吃什么好"
VAGUE = "这一栏怎么填"


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    for entry_id, question in (MATERIALS, BROWSER, REVIEW):
        assert question in kb.entry(entry_id).questions
    assert MATERIALS_TOO in kb.entry(MATERIALS[0]).questions
    return Engine(kb)


def evaluate(engine: Engine, spec: dict) -> list[Result]:
    kb = engine.kb
    suite = parse(spec, {e.id for e in kb.entries}, {s.id for s in kb.stages})
    return run(engine, suite)


def single(engine: Engine, **item) -> Result:
    (result,) = evaluate(engine, {"singles": [item]})
    return result


def test_a_listed_question_passes_with_its_entry_id(engine):
    result = single(engine, q=MATERIALS[1], id=MATERIALS[0])
    assert (result.ok, result.answer_id, result.kind) == (True, MATERIALS[0], "answer")


def test_an_answer_from_another_entry_fails(engine):
    result = single(engine, q=MATERIALS[1], id=BROWSER[0])
    assert not result.ok
    assert result.why == f"答的是 {MATERIALS[0]}，应该是 {BROWSER[0]}"


def test_any_of_several_ids_passes(engine):
    assert single(engine, q=MATERIALS[1], ids=[BROWSER[0], MATERIALS[0]]).ok


def test_expect_needs_a_word_of_every_group_and_avoid_none(engine, kb):
    word = kb.entry(REVIEW[0]).answer[:4]
    assert single(engine, q=REVIEW[1], expect=[["没有的词", word]]).ok
    missing = single(engine, q=REVIEW[1], expect=[[word], ["没有的词"]])
    assert missing.why == "回复里缺 没有的词"
    assert single(engine, q=REVIEW[1], avoid=[word]).why == f"回复里不该有 {word}"


def test_a_reply_longer_than_allowed_fails(engine):
    (result,) = evaluate(engine, {"max_reply_chars": 10, "singles": [{"q": MATERIALS[1]}]})
    assert result.why.startswith("回复有") and not result.ok


def test_a_fallback_item_needs_the_bot_not_to_answer(engine):
    assert single(engine, q=OFF_TOPIC, kind="fallback").ok
    assert single(engine, q=OFF_TOPIC).why == "没答上"
    assert not single(engine, q=MATERIALS[1], kind="fallback").ok


def test_a_clarify_item_needs_a_menu_and_no_entry(engine):
    asked = single(engine, q=VAGUE, kind="clarify")
    assert asked.ok and asked.answer_id is None
    assert not single(engine, q=MATERIALS[1], kind="clarify").ok


def test_a_clarify_item_with_an_id_needs_that_topic_on_the_menu(engine):
    offered = engine.reply(engine.welcome(engine.first_stage).progress, VAGUE).progress.choices
    assert single(engine, q=VAGUE, kind="clarify", id=offered[-1]).ok
    other = single(engine, q=VAGUE, kind="clarify", id=MATERIALS[0])
    assert other.why == f"反问的话题里没有 {MATERIALS[0]}"


def test_dialogue_turns_carry_the_progress_and_check_the_stage(engine):
    turns = [
        {"say": "报名表已经填好了", "stage": "preparation"},
        {"say": "我的进度", "expect": [["✔ 报名表"]]},
        {"say": "老师，资料全部准备齐了", "stage": "review"},
    ]
    results = evaluate(engine, {"dialogues": [{"name": "材料", "turns": turns}]})
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].why == "阶段是 submission，应该是 review"
    assert {r.dialogue for r in results} == {"材料"}


def test_a_turn_with_only_a_stage_does_not_check_the_answer(engine):
    turns = [{"say": OFF_TOPIC, "stage": "preparation"}, {"say": OFF_TOPIC, "avoid": ["x"]}]
    first, second = evaluate(engine, {"dialogues": [{"turns": turns}]})
    assert first.ok and first.answered is False
    assert second.why == "没答上"


def test_scores_count_each_kind_and_the_total(engine):
    results = evaluate(
        engine,
        {
            "singles": [
                {"q": MATERIALS[1], "id": MATERIALS[0]},
                {"q": BROWSER[1], "id": REVIEW[0]},
                {"q": OFF_TOPIC, "kind": "fallback"},
                {"q": VAGUE, "kind": "clarify"},
            ],
            "dialogues": [{"turns": [{"say": "我已经提交了", "stage": "review"}]}],
        },
    )
    assert scores(results) == {
        "answer": (1, 2),
        "fallback": (1, 1),
        "clarify": (1, 1),
        "turn": (1, 1),
        "total": (4, 5),
    }


def test_the_confusion_list_names_what_answered_instead(engine):
    results = evaluate(
        engine,
        {
            "singles": [
                {"q": MATERIALS[1], "id": BROWSER[0]},
                {"q": MATERIALS_TOO, "id": BROWSER[0]},
                {"q": BROWSER[1], "id": REVIEW[0]},
                {"q": MATERIALS[1], "kind": "fallback"},
                {"q": REVIEW[1], "id": REVIEW[0]},
                {"q": OFF_TOPIC, "id": REVIEW[0]},
            ]
        },
    )
    found = [(c.expected, c.got, c.texts) for c in confusions(results)]
    assert found == [
        (BROWSER[0], MATERIALS[0], (MATERIALS[1], MATERIALS_TOO)),
        (REVIEW[0], BROWSER[0], (BROWSER[1],)),
        ("（答不上）", MATERIALS[0], (MATERIALS[1],)),
        (REVIEW[0], "（答不上）", (OFF_TOPIC,)),
    ]


def made(expected: str, confidence: float | None, ok: bool, answer_id: str | None = "x") -> Result:
    return Result(
        kind=expected,
        q="问题",
        ok=ok,
        why=None if ok else "错",
        expected=expected,
        ids=(),
        answered=answer_id is not None,
        answer_id=answer_id,
        confidence=confidence,
        stage="preparation",
        reply="",
        offered=(),
    )


def test_the_curve_trades_coverage_for_precision():
    results = [
        made("answer", 0.9, True),
        made("answer", 0.6, True),
        made("answer", 0.5, False),  # a wrong entry
        made("answer", None, False, answer_id=None),  # fell back
        made("fallback", 0.4, False),  # answered what it should not have
        made("fallback", None, True, answer_id=None),
    ]
    points = {p.threshold: p for p in curve(results)}
    assert list(points) == list(THRESHOLDS)
    assert THRESHOLDS[0] == 0.30 and THRESHOLDS[-1] == 0.95 and len(THRESHOLDS) == 14
    figures = {t: (p.committed, p.correct, p.precision, p.coverage) for t, p in points.items()}
    assert figures[0.30] == (4, 2, 0.5, 0.75)
    assert figures[0.45] == (3, 2, 2 / 3, 0.75)
    assert figures[0.55] == (2, 2, 1.0, 0.5)
    assert figures[0.90] == (1, 1, 1.0, 0.25)
    assert figures[0.95] == (0, 0, None, 0.0)


def test_the_curve_counts_only_single_answer_and_fallback_questions(engine):
    results = evaluate(
        engine,
        {
            "singles": [{"q": MATERIALS[1]}, {"q": OFF_TOPIC, "kind": "fallback"}],
            "dialogues": [{"turns": [{"say": BROWSER[1], "id": BROWSER[0]}]}],
        },
    )
    top = curve(results)[-1]
    assert (top.committed, top.correct, top.should) == (1, 1, 1)


def test_the_report_prints_scores_confusions_and_the_curve(engine):
    results = evaluate(engine, {"singles": [{"q": MATERIALS[1], "id": BROWSER[0]}]})
    text = report("set", results)
    assert "answer       0/1" in text
    assert f"{BROWSER[0]} → {MATERIALS[0]}  1" in text
    assert "  0.95      1      0     0.0%   100.0%" in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([], "文件里要有 singles 或 dialogues"),
        ({}, "文件里没有要测的问题"),
        ({"single": [{"q": "x"}]}, "不认识 single"),
        ({"singles": {"q": "x"}}, "singles 要写成列表"),
        ({"singles": [{"kind": "answer"}]}, "singles 第 1 项：缺少 q"),
        ({"singles": [{"q": "x", "kind": "maybe"}]}, "kind 只能是"),
        ({"singles": [{"q": "x", "idd": "a"}]}, "不认识 idd"),
        ({"singles": [{"q": "x", "id": "no_such_entry"}]}, "知识库里没有条目 no_such_entry"),
        ({"singles": [{"q": "x", "expect": "谷歌"}]}, "expect 要写成词组的列表"),
        ({"dialogues": [{"name": "d", "turns": [{"say": "x", "stage": "later"}]}]}, "没有阶段"),
        ({"dialogues": [{"name": "d"}]}, "要有 turns 列表"),
    ],
)
def test_a_malformed_file_is_explained(engine, spec, message):
    with pytest.raises(EvalFileError, match=message):
        evaluate(engine, spec)


# -- the command -----------------------------------------------------------------------------


def command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "eval", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def eval_file(tmp_path: Path) -> Path:
    path = tmp_path / "probe.yaml"
    spec = {
        "singles": [
            {"q": MATERIALS[1], "id": MATERIALS[0]},
            {"q": BROWSER[1], "id": REVIEW[0]},
            {"q": OFF_TOPIC, "kind": "fallback"},
        ],
        "dialogues": [{"name": "提交", "turns": [{"say": "我已经提交了", "stage": "review"}]}],
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def test_the_command_prints_failures_scores_and_writes_every_result(eval_file, tmp_path):
    out = tmp_path / "results.json"
    done = command(str(eval_file), "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert f"FAIL [answer] {BROWSER[1]} → {BROWSER[0]}" in done.stdout
    assert MATERIALS[1] not in done.stdout  # passed, and not verbose
    assert "总分         3/4      75.0%" in done.stdout
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["kind"], r["ok"]) for r in rows] == [
        ("answer", True),
        ("answer", False),
        ("fallback", True),
        ("turn", True),
    ]
    assert rows[3]["stage"] == "review" and rows[3]["dialogue"] == "提交"


def test_verbose_prints_every_item(eval_file):
    done = command(str(eval_file), "-v")
    assert f"ok   [answer] {MATERIALS[1]} → {MATERIALS[0]} 1.00 · preparation" in done.stdout
    assert "ok   [turn] 提交: 我已经提交了" in done.stdout


@pytest.mark.parametrize(("minimum", "status"), [("75", 0), ("75.1", 1)])
def test_a_minimum_score_sets_the_exit_status(eval_file, minimum, status):
    done = command(str(eval_file), "--min-score", minimum)
    assert done.returncode == status
    assert ("低于要求的" in done.stderr) == bool(status)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("singles: [q: x", "不是正确的 YAML"),
        ("singles:\n  - q: x\n    id: no_such_entry\n", "知识库里没有条目 no_such_entry"),
    ],
)
def test_a_bad_file_gets_a_message_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    done = command(str(path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_missing_file_gets_a_message(tmp_path):
    done = command(str(tmp_path / "nowhere.yaml"))
    assert done.returncode == 2 and "读不了文件" in done.stderr


def test_an_unwritable_results_file_gets_a_message(eval_file, tmp_path):
    done = command(str(eval_file), "--json", str(tmp_path / "no" / "such" / "dir.json"))
    assert done.returncode == 2 and "写不了结果文件" in done.stderr


def test_a_number_in_a_word_list_is_read_as_a_word(engine, kb):
    assert "360" in kb.entry(BROWSER[0]).answer
    assert single(engine, q=BROWSER[1], avoid=[360]).why == "回复里不该有 360"
