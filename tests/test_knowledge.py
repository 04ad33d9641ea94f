"""The knowledge base: complete against the guide, and `kb check` catches every kind of mistake."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import opencc
import pytest
import yaml

from bot.knowledge import MAX_ANSWER, MIN_QUESTIONS
from bot.settings import PROJECT_ROOT

GUIDE = PROJECT_ROOT / "knowledge" / "guide.txt"


def run_bot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def broken(tmp_path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    return root


def edit_first_entry(root: Path, change) -> None:
    path = root / "entries" / "preparation.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def test_every_step_of_the_guide_has_an_entry(kb):
    steps_with_entries = {e.step for e in kb.entries}
    assert [s.id for s in kb.steps if s.id not in steps_with_entries] == []
    assert {f"第二部分第{n}步" for n in range(1, 10)} <= {s.source for s in kb.steps}


@pytest.mark.parametrize("part", ["第一部分", "第二部分", "第三部分"])
def test_every_part_of_the_guide_is_cited(kb, part):
    assert any(e.source.startswith(part) for e in kb.entries)


def test_the_guides_urls_are_given_exactly(kb):
    guide_urls = set(re.findall(r"https?://\S+", GUIDE.read_text(encoding="utf-8")))
    answered_urls = {u for e in kb.entries for u in re.findall(r"https?://[\x21-\x7e]+", e.answer)}
    assert guide_urls <= answered_urls
    assert answered_urls <= guide_urls


@pytest.mark.parametrize(
    "fact",
    [
        "特种设备焊接作业",
        "同步单位信息",
        "营业执照",
        "未评定",
        "初中",
        "办件查询",
        "材料补正",
        "补正材料通知书",
        "受理通知书",
        "10个工作日",
        "白底",
        "辨色力",
        "红章",
        "已完成",
        "增项",
    ],
)
def test_key_facts_of_the_guide_are_in_some_answer(kb, fact):
    assert any(fact in e.answer.replace(" ", "") for e in kb.entries)


def test_entries_meet_the_schema(kb):
    for e in kb.entries:
        assert len(e.answer) <= MAX_ANSWER
        assert len(e.questions) >= MIN_QUESTIONS


def test_kb_check_is_clean():
    result = run_bot("kb", "check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda es: es[1].update(id=es[0]["id"]), "id 重复"),
        (lambda es: es[0].update(related=["no_such_entry"]), "no_such_entry"),
        (lambda es: es[0].update(answer="很长" * 200), "超过 300 字"),
        (lambda es: es[0].update(gist="要点" * 13), "超过 24 字"),
        (lambda es: es[0].update(gist="第一行\n第二行"), "gist 必须是一行字"),
        (lambda es: es[1]["questions"].append(es[0]["questions"][0]), "同时属于"),
        (lambda es: es[0].update(stage="waiting"), "未知阶段"),
        (lambda es: es[0].update(step="sub_7"), "不属于阶段"),
        (lambda es: es[0].pop("answer"), "缺少 answer"),
        (lambda es: es[0].update(questions=es[0]["questions"][:2]), "至少要 6"),
        (lambda es: es[0].update(source="第二部分第12步"), "指南第二部分没有第12步"),
        (lambda es: es[0].update(source="第一部分（五）"), "指南第一部分没有（五）"),
        (lambda es: es[0].update(source="第五部分"), "指南里没有第五部分"),
        (lambda es: es[0].update(source="第二部分第9步、第五部分"), "指南里没有第五部分"),
        (lambda es: es[0].update(source="网上流传的说法"), "看不懂"),
    ],
    ids=[
        "duplicate-id",
        "dangling-related",
        "long-answer",
        "long-gist",
        "gist-of-two-lines",
        "shared-variant",
        "bad-stage",
        "step-of-another-stage",
        "missing-answer",
        "few-questions",
        "invented-step",
        "invented-section",
        "invented-part",
        "invented-part-in-a-list",
        "unreadable-source",
    ],
)
def test_kb_check_names_file_entry_and_reason(broken, change, reason):
    edit_first_entry(broken, change)
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert "entries/preparation.yaml" in result.stdout
    assert reason in result.stdout


def test_kb_check_finds_a_variant_the_matcher_sends_elsewhere(broken):
    def steal(entries):
        # The same question in traditional characters: not a duplicate line, but the same words.
        entries[1]["questions"].append(opencc.OpenCC("s2t").convert(entries[0]["questions"][0]))

    edit_first_entry(broken, steal)
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert "被匹配到" in result.stdout


def test_kb_check_checks_the_steps_sources_against_the_guide(broken):
    procedure = broken / "procedure.yaml"
    text = procedure.read_text(encoding="utf-8")
    procedure.write_text(text.replace("source: 第二部分第9步", "source: 第二部分第19步"), "utf-8")
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert "procedure.yaml: sub_9: 出处「第二部分第19步」" in result.stdout


def test_kb_check_needs_the_guide_it_cites(broken):
    (broken / "guide.txt").unlink()
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert "无法读取指南原文" in result.stdout


def test_service_refuses_to_start_on_an_invalid_knowledge_base(broken, tmp_path):
    edit_first_entry(broken, lambda es: es[0].update(related=["no_such_entry"]))
    result = run_bot(
        "serve", "--knowledge", str(broken), "--db", str(tmp_path / "x.db"), "--port", "1"
    )
    assert result.returncode == 1
    assert "no_such_entry" in result.stdout
    assert "服务没有启动" in result.stderr


@pytest.mark.parametrize(
    ("before", "after", "key"),
    [
        ("step: prep_form", "step: prep_nowhere", "step"),
        ("needed_at: sub_3", "needed_at: sub_99", "needed_at"),
    ],
)
def test_kb_check_finds_a_checklist_item_whose_step_does_not_exist(broken, before, after, key):
    procedure = broken / "procedure.yaml"
    text = procedure.read_text(encoding="utf-8")
    assert before in text
    procedure.write_text(text.replace(before, after), encoding="utf-8")
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert f"清单项的 {key} 不是已有的步骤" in result.stdout


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [
        # A box of step 6 that points at an entry of step 5.
        (
            "- [project_type, 项目种类",
            "- [new_vs_add, 项目种类",
            "框的条目 new_vs_add 不是这一步的",
        ),
        (
            "- [exam_score_list, 核实考试成绩信息列表]",
            "- exam_score_list",
            "每个框要写成 [条目, 说明]",
        ),
        # What a stage says about changing things must be an entry.
        ("changes: modify_after_submit", "changes: modify_later", "changes 指向不存在的条目"),
        # So must what a stage says to do when a page misbehaves.
        ("remedy: page_error", "remedy: page_trouble", "remedy 指向不存在的条目"),
        # A part of the form's step that is an entry of the education paper's step.
        (
            "- [form_which_submit, form_two_kinds]",
            "- [form_which_submit, id_copy]",
            "parts 的条目 id_copy 不是这一步的",
        ),
        ("- [word_photo]", "- word_photo", "每一部分要写成条目的列表"),
    ],
)
def test_kb_check_finds_a_box_or_a_part_that_is_not_its_steps(broken, before, after, reason):
    procedure = broken / "procedure.yaml"
    text = procedure.read_text(encoding="utf-8")
    assert before in text
    procedure.write_text(text.replace(before, after), encoding="utf-8")
    result = run_bot("kb", "check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert reason in result.stdout
