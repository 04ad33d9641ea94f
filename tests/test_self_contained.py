"""A clone stands on its own: the tests, CI and `make test` read nothing outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

# The ways a path leaves the repository: up from it, from a home folder, or from the machine's
# root (a path that starts a word, so that URLs and $(VENV)/bin are not taken for one).
_OUTSIDE = re.compile(
    r"\.\./|PROJECT_ROOT\.parent|os\.pardir|(?<![^\s\"'(\[,])~/"
    r"|(?<![^\s\"'(\[,=>!])(?:file://)?/(?:bin|boot|dev|etc|home|lib|lib64|media|mnt|opt|proc|root"
    r"|run|sbin|srv|sys|tmp|usr|var|work)(?![\w.-])(?:/[\w.+-]+)*"
)
# System tools and devices every machine has; the password file that the XML attacks in the
# WeChat tests try to read (those tests prove that it is not read); a database in sysfs, where
# nobody can create a file (the command-line tests prove that the refusal is explained);
# Debian's PostgreSQL programs, which start the PostgreSQL pass's throwaway cluster.
_ALLOWED = {
    "/usr/bin/chromium",
    "/usr/lib/postgresql",
    "/usr/bin/env",
    "/dev/null",
    "file:///etc/passwd",
    "/sys/helpdesk.db",
}
# `make eval` runs the evaluation kit published beside the project: a development aid only.
_DEVELOPMENT_TARGETS = {"eval"}


def outside_references(text: str) -> list[str]:
    return [m[0] for m in _OUTSIDE.finditer(text) if m[0] not in _ALLOWED]


def makefile_lines_outside_development_targets(text: str) -> str:
    kept, target = [], None
    for line in text.splitlines():
        if rule := re.match(r"([\w./-]+)\s*:", line):
            target = rule[1]
        if target not in _DEVELOPMENT_TARGETS:
            kept.append(line)
    return "\n".join(kept)


def scanned_files() -> list[Path]:
    files = [p for folder in ("tests", ".ci") for p in (PROJECT_ROOT / folder).rglob("*")]
    return [p for p in files if p.is_file() and "__pycache__" not in p.parts]


@pytest.mark.parametrize("path", scanned_files(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_test_or_ci_file_refers_to_a_path_outside_the_repository(path):
    assert outside_references(path.read_text(encoding="utf-8", errors="replace")) == []


def test_make_test_refers_to_no_path_outside_the_repository():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert outside_references(makefile_lines_outside_development_targets(makefile)) == []


def test_the_scanned_files_include_the_tests_their_data_and_ci():
    names = {str(p.relative_to(PROJECT_ROOT)) for p in scanned_files()}
    assert {"tests/conftest.py", "tests/data/wechat_vectors.json", ".ci/run"} <= names


# Built from pieces so that this file does not refer to them itself.
UP = ".." + "/"


@pytest.mark.parametrize(
    "text",
    [
        f'VECTORS = Path("{UP}shared/wechat/vectors.json")',
        "GUIDE = PROJECT_ROOT" + ".parent / 'shared' / 'guide.txt'",
        'open("/' + 'work/shared/guide/guide.txt")',
        "cat /" + "tmp/guide.txt",
        "file:///" + "home/someone/vectors.json",
        "Path.home() / '~" + "/shared'",
    ],
)
def test_a_path_outside_the_repository_is_found(text):
    assert outside_references(text) != []


@pytest.mark.parametrize(
    "text",
    [
        'CHROMIUM = Path("/usr/bin/chromium")',
        'client.get("/api/history?after=3")',
        'PROJECT_ROOT / "knowledge" / "guide.txt"',
        "https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html",
    ],
)
def test_paths_inside_the_repository_urls_and_system_tools_pass(text):
    assert outside_references(text) == []


def test_only_the_eval_target_of_the_makefile_may_use_the_shared_folder():
    makefile = f"test: x\n\tpytest -q\n\neval: x\n\tpython {UP}shared/eval/run.py\n\nbench: x\n"
    assert outside_references(makefile_lines_outside_development_targets(makefile)) == []
    leaky = makefile.replace("bench: x\n", f"bench: x\n\tcat {UP}shared/x\n")
    assert outside_references(makefile_lines_outside_development_targets(leaky)) != []
