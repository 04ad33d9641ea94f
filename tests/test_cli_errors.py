"""Mistakes on the command line end in a short Chinese message and a non-zero exit, no traceback."""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

PASSWORD = "hanjie-2024"
BOT = (sys.executable, "-m", "bot")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def bot(*args: str, stdin: str | None = None, cwd: Path = PROJECT_ROOT):
    return subprocess.run(
        [*BOT, *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """Paths for the cases below: a database with 陈老师, a folder, a plain file."""
    tmp_path = tmp_path_factory.mktemp("places")
    db = tmp_path / "teachers.db"
    added = bot("teacher", "add", "陈老师", "--password-stdin", "--db", str(db), stdin=PASSWORD)
    assert added.returncode == 0, added.stderr
    (tmp_path / "notes.txt").write_text("不是数据库\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("singles: [\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- q: 怎么登录\n", encoding="utf-8")
    return {
        "db": str(db),
        "new_db": str(tmp_path / "new.db"),
        "folder": str(tmp_path),
        "file": str(tmp_path / "notes.txt"),
        "under_file": str(tmp_path / "notes.txt" / "helpdesk.db"),
        # Nobody, not even root, creates files in sysfs.
        "unwritable": "/sys/helpdesk.db",
        "missing": str(tmp_path / "no-such-folder"),
        "broken_yaml": str(tmp_path / "broken.yaml"),
        "list_yaml": str(tmp_path / "list.yaml"),
    }


# (arguments, standard input, exit status, what the message says); {name}s come from `places`.
CASES = {
    "teacher-add-without-a-terminal": (
        "teacher add 某老师 --db {new_db}",
        None,
        2,
        "--password-stdin",
    ),
    "teacher-add-existing": (
        "teacher add 陈老师 --password-stdin --db {db}",
        PASSWORD,
        1,
        "已经有了",
    ),
    "teacher-add-bad-name": ("teacher add 陈_老师<b> --db {db}", None, 1, "用户名"),
    "teacher-add-short-password": (
        "teacher add 王老师 --password-stdin --db {db}",
        "abc",
        1,
        "太短",
    ),
    "teacher-add-empty-stdin": ("teacher add 王老师 --password-stdin --db {db}", "", 1, "没有密码"),
    "teacher-add-no-name": ("teacher add --db {db}", None, 2, "name"),
    "teacher-passwd-missing-teacher": (
        "teacher passwd 王老师 --password-stdin --db {db}",
        PASSWORD,
        1,
        "没有叫「王老师」",
    ),
    "teacher-passwd-without-a-terminal": (
        "teacher passwd 陈老师 --db {db}",
        None,
        2,
        "--password-stdin",
    ),
    "teacher-remove-missing-teacher": (
        "teacher remove 王老师 --db {db}",
        None,
        1,
        "没有叫「王老师」",
    ),
    "db-is-a-folder": ("teacher list --db {folder}", None, 1, "这是一个文件夹"),
    "db-is-not-a-database": ("teacher list --db {file}", None, 1, "不是数据库"),
    "db-under-a-file": ("teacher list --db {under_file}", None, 1, "不是文件夹"),
    "db-in-an-unwritable-folder": ("teacher list --db {unwritable}", None, 1, "写入权限"),
    "serve-db-is-a-folder": ("serve --db {folder} --port 1", None, 1, "这是一个文件夹"),
    "serve-db-under-a-file": ("serve --db {under_file} --port 1", None, 1, "不是文件夹"),
    "serve-db-unwritable": ("serve --db {unwritable} --port 1", None, 1, "写入权限"),
    "serve-port-too-big": ("serve --db {new_db} --port 70000", None, 1, "1-65535"),
    "serve-port-negative": ("serve --db {new_db} --port -5", None, 1, "负数"),
    "serve-port-not-a-number": ("serve --db {new_db} --port 八千", None, 1, "BOT_PORT"),
    "serve-missing-knowledge": (
        "serve --db {new_db} --knowledge {missing}",
        None,
        1,
        "知识库目录不存在",
    ),
    "serve-bad-log-level": ("serve --db {new_db} --log-level loud", None, 1, "BOT_LOG_LEVEL"),
    "serve-bad-rate": ("serve --db {new_db} --rate-per-minute -1", None, 1, "负数"),
    "serve-short-aes-key": (
        "serve --db {new_db} --wechat-token t --wechat-aes-key abc",
        None,
        1,
        "服务没有启动",
    ),
    "serve-unknown-option": ("serve --db {new_db} --prot 8000", None, 2, "unrecognized"),
    "ask-no-question": ("ask", None, 2, "question"),
    "ask-missing-knowledge": ("ask 怎么登录 --knowledge {missing}", None, 1, "知识库目录不存在"),
    "kb-check-missing-knowledge": ("kb check --knowledge {missing}", None, 1, "知识库目录不存在"),
    "kb-without-subcommand": ("kb", None, 2, "required"),
    "kb-calibrate-missing-set": ("kb calibrate --set {missing}", None, 2, "找不到问题文件"),
    "kb-calibrate-broken-set": ("kb calibrate --set {broken_yaml}", None, 2, "YAML"),
    "kb-calibrate-set-of-another-shape": ("kb calibrate --set {list_yaml}", None, 2, "singles"),
    "wechat-unknown-subcommand": ("wechat menus", None, 2, "invalid choice"),
    "bench-zero-duration": ("bench http --duration 0", None, 2, "大于 0"),
    "unknown-command": ("start", None, 2, "invalid choice"),
    "no-command": ("", None, 2, "required"),
}


@pytest.mark.parametrize(("args", "stdin", "status", "says"), CASES.values(), ids=CASES.keys())
def test_a_mistake_gets_a_message_and_a_non_zero_exit(places, args, stdin, status, says):
    done = bot(*args.format(**places).split(), stdin=stdin)
    output = done.stdout + done.stderr
    assert done.returncode == status, output
    assert says in output
    assert "Traceback" not in output
    if status != 2:  # argparse's own usage errors are in English; ours are in Chinese
        assert CHINESE.search(done.stderr), output


def test_teacher_add_without_a_terminal_prints_one_line(tmp_path):
    done = bot("teacher", "add", "某老师", "--db", str(tmp_path / "t.db"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--password-stdin" in done.stderr
    assert not (tmp_path / "t.db").exists()  # refused before the database was touched


def test_a_port_in_use_is_named(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = bot("serve", "--db", str(tmp_path / "t.db"), "--port", str(port))
    assert done.returncode == 1
    assert f"无法在 127.0.0.1:{port} 上启动服务：端口已被占用" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_the_printed_hint_works_when_pasted_where_it_was_printed(tmp_path):
    db = tmp_path / "t.db"
    listing = bot("teacher", "list", "--db", str(db))
    [command] = re.findall(r"创建一个：(.+)", listing.stdout)
    pasted = f"{command.replace('用户名', '王老师')} --password-stdin"
    done = subprocess.run(
        ["sh", "-c", pasted], input=PASSWORD, capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "王老师" in bot("teacher", "list", "--db", str(db)).stdout


class Terminal:
    """`python -m bot …` on a pseudo-terminal of its own, as a person at a keyboard runs it."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        # setsid --ctty makes the terminal the command's own, so that getpass reads from it
        # and ^C interrupts it.
        self.process = subprocess.Popen(
            ["setsid", "--ctty", *command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=PROJECT_ROOT,
            env=env,
        )
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}, the screen shows {self.screen!r}"
            if select.select([self.master], [], [], left)[0]:
                self.read()

    def read(self) -> bool:
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the command has ended and closed the terminal
            return False
        self.screen += chunk.decode("utf-8", "replace")
        return bool(chunk)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self) -> int:
        status = self.process.wait(timeout=60)
        while self.read():
            pass
        os.close(self.master)
        return status


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def start(*command: str, env: dict[str, str] | None = None) -> Terminal:
        opened.append(Terminal(list(command), env))
        return opened[-1]

    yield start
    for t in opened:
        if t.process.poll() is None:
            t.process.kill()
            t.finish()


async def test_the_command_on_the_login_page_creates_an_account(client, terminal, tmp_path):
    page = await (await client.get("/teacher/login")).text()
    [command] = re.findall(r"运行：(make teacher NAME=用户名)", page)
    # The same .venv as the tests' (make test set it up): `make teacher` must not install.
    assert subprocess.run(["make", "-q", ".venv/.installed"], cwd=PROJECT_ROOT).returncode == 0
    db = tmp_path / "t.db"
    t = terminal(
        *command.replace("用户名", "王老师").split(), env={**os.environ, "BOT_DB": str(db)}
    )
    t.wait_for("新密码：")
    t.type(PASSWORD + "\n")
    t.wait_for("再输入一次：")
    t.type(PASSWORD + "\n")
    assert t.finish() == 0, t.screen
    assert PASSWORD not in t.screen  # not echoed
    assert "王老师" in bot("teacher", "list", "--db", str(db)).stdout


@pytest.mark.parametrize(
    ("keys", "status", "says"),
    [
        ("\x03", 130, "已取消"),
        ("\x04", 1, "没有输入密码"),
        (PASSWORD + "\nother-secret\n", 1, "不一样"),
    ],
    ids=["ctrl-c", "ctrl-d", "different-passwords"],
)
def test_leaving_the_password_prompt_ends_with_a_message(terminal, tmp_path, keys, status, says):
    db = tmp_path / "t.db"
    t = terminal(*BOT, "teacher", "add", "王老师", "--db", str(db))
    t.wait_for("新密码：")
    for line in keys.splitlines(keepends=True):
        t.type(line)
        if line.endswith("\n"):
            t.wait_for("再输入一次：")
    assert t.finish() == status, t.screen
    assert says in t.screen
    assert "Traceback" not in t.screen
    assert not db.exists()


def test_a_reader_that_goes_away_is_no_traceback():
    # "python -m bot ask … | head -0": stdout is closed before anything is written.
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "照片要几寸"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )
    child.stdout.close()
    with child.stderr:
        err = child.stderr.read().decode()
    assert child.wait() == 141
    assert "Traceback" not in err and "Exception ignored" not in err
