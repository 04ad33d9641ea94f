"""Thresholds are chosen from a precision-coverage curve and read from the knowledge base."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from bot import calibrate, tiers
from bot.kb_yaml import KnowledgeError
from bot.knowledge import load
from bot.settings import PROJECT_ROOT
from bot.thresholds import Thresholds

CALIBRATE = (sys.executable, "-m", "bot", "kb", "calibrate")


def test_the_knowledge_base_carries_its_calibrated_thresholds(kb):
    written = yaml.safe_load((PROJECT_ROOT / "knowledge" / "thresholds.yaml").read_text())
    assert kb.thresholds == Thresholds(**written)


@pytest.mark.parametrize("bad", ["answer_at: 2\n", "loudness: 0.3\n", "- 0.3\n"])
def test_thresholds_out_of_range_or_unknown_are_a_knowledge_problem(tmp_path, bad):
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    (root / "thresholds.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"thresholds\.yaml"):
        load(root)


@pytest.fixture(scope="module")
def cases(kb):
    return calibrate.cases(kb)


def test_a_stricter_answer_threshold_trades_coverage_for_precision(cases):
    loose = calibrate.score(cases, Thresholds(answer_at=0.30, close_gap=0.02, sure_at=0.85))
    strict = calibrate.score(cases, Thresholds(answer_at=0.60, close_gap=0.12, sure_at=0.85))
    assert strict.coverage < loose.coverage
    assert strict.precision > loose.precision
    assert strict.wrong < loose.wrong


def test_the_chosen_thresholds_are_the_most_valuable_point_of_the_curve(cases):
    points = calibrate.curve(cases)
    best = calibrate.choose(points)
    assert best.value == max(p.value for p in points)


def test_a_question_the_guide_does_not_answer_counts_right_only_when_it_falls_back(kb, tmp_path):
    questions = tmp_path / "set.yaml"
    questions.write_text(
        "singles:\n  - q: 理论考试都考哪些题目\n    kind: fallback\n", encoding="utf-8"
    )
    [case] = calibrate.from_file(kb, questions)
    assert case.kind == "fallback"
    answered = tiers.Decision("answer", tuple(case.ranked[:1]))
    assert calibrate.outcome(case, answered) == "wrong"
    assert calibrate.outcome(case, tiers.Decision("fallback", ())) == "right"


def test_calibrate_prints_the_curve_and_writes_nothing_unless_asked(tmp_path):
    questions = tmp_path / "set.yaml"
    questions.write_text(
        "singles:\n  - q: 电脑上用哪个浏览器\n    expect: [[谷歌]]\n", encoding="utf-8"
    )
    run = subprocess.run(
        [*CALIBRATE, "--set", str(questions)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    )
    assert "precision" in run.stdout
    assert "chosen: answer_at=" in run.stdout
    assert "written" not in run.stdout


def test_calibrate_says_so_in_one_line_when_the_thresholds_cannot_be_written(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    # Unwritable even for root, who ignores file modes: a path under a plain file.
    (tmp_path / "notes.txt").write_text("不是文件夹\n", encoding="utf-8")
    target = root / "thresholds.yaml"
    target.unlink()
    target.symlink_to(tmp_path / "notes.txt" / "thresholds.yaml")
    questions = tmp_path / "set.yaml"
    questions.write_text(
        "singles:\n  - q: 电脑上用哪个浏览器\n    expect: [[谷歌]]\n", encoding="utf-8"
    )
    run = subprocess.run(
        [*CALIBRATE, "--knowledge", str(root), "--set", str(questions), "--write"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert run.returncode == 1
    [line] = run.stderr.splitlines()
    assert "无法写入" in line and "thresholds.yaml" in line
    assert "written" not in run.stdout
