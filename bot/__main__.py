"""Command line: python -m bot serve | ask | kb check | ..."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import sys
from pathlib import Path

from aiohttp import web

from . import dbcli, heap, http_server, knowledge, knowledge_export, settings, workers
from .app import create_app
from .channels import wechat, wechat_messages
from .cli_errors import CommandError, listen_error
from .engine import Engine
from .entries import ADDITIONS_FILE, TEACHER_FILE
from .eval_report import evaluate_file
from .kb_yaml import KnowledgeError
from .kbcheck import load_checked
from .teacher import cli as teacher_cli


def _load_kb(cfg: settings.Settings, why: str = "服务没有启动") -> knowledge.KnowledgeBase:
    try:
        return load_checked(cfg.knowledge)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"知识库有 {len(exc.problems)} 个问题，{why}。", file=sys.stderr)
        raise SystemExit(1) from None


async def _freeze_heap(app: web.Application) -> None:
    heap.freeze()


def cmd_serve(cfg: settings.Settings, args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=cfg.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    kb = _load_kb(cfg)
    # Opens the database first: a bad --db is named before anything is written beside it.
    hint = teacher_cli.missing_teacher_hint(cfg)

    def make_app() -> web.Application:
        app = create_app(cfg, kb)
        app.on_startup.append(_freeze_heap)  # after the store and the engine are built
        return app

    try:
        app = make_app()
    except wechat.ConfigError as exc:
        print(f"{exc}服务没有启动。", file=sys.stderr)
        return 1
    if hint:
        print(hint, flush=True)
    print(f"焊工证网上申请助手：http://{cfg.host}:{cfg.port}/  （数据库 {cfg.db}）", flush=True)
    if cfg.workers > 1:
        # Each worker builds its own app after the fork; the knowledge is loaded once, here.
        return workers.serve(make_app, cfg.host, cfg.port, cfg.workers)
    try:
        http_server.run(app, cfg.host, cfg.port)
    except OSError as exc:
        raise listen_error(cfg.host, cfg.port, exc) from None
    return 0


def cmd_ask(cfg: settings.Settings, args: argparse.Namespace) -> int:
    engine = Engine(_load_kb(cfg, "无法回答"))
    state = engine.reply(engine.welcome(engine.first_stage).progress, args.question)
    print(state.text)
    if state.quick_replies:
        print("快捷回复：" + " | ".join(state.quick_replies))
    print(f"[answered={state.answered} answer_id={state.answer_id} confidence={state.confidence}]")
    return 0


def cmd_kb_check(cfg: settings.Settings, args: argparse.Namespace) -> int:
    kb = _load_kb(cfg, "请改正后再检查")
    print(f"知识库没有问题：{len(kb.entries)} 个条目，{len(kb.steps)} 个步骤。")
    return 0


def cmd_kb_calibrate(cfg: settings.Settings, args: argparse.Namespace) -> int:
    from .calibrate import report

    questions = [Path(s) for s in args.set or ()]
    if missing := [str(q) for q in questions if not q.is_file()]:
        print(f"找不到问题文件：{'、'.join(missing)}", file=sys.stderr)
        return 2
    from .evaluate import EvalFileError

    try:
        report(_load_kb(cfg, "无法校准"), args.write, questions)
    except EvalFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def cmd_kb_export(cfg: settings.Settings, args: argparse.Namespace) -> int:
    try:
        overlay = asyncio.run(knowledge_export.export(cfg.db, cfg.database_url, cfg.knowledge))
    except KnowledgeError as exc:
        print(f"没有导出：{exc}", file=sys.stderr)
        return 1
    print(
        f"已把老师的修改写入 {cfg.knowledge / ADDITIONS_FILE} 和"
        f" {cfg.knowledge / TEACHER_FILE}：{len(overlay.entries)} 个新条目，"
        f"{len(overlay.questions)} 个新问法。"
    )
    return 0


def cmd_bench(cfg: settings.Settings, args: argparse.Namespace) -> int:
    # Imported here: the benchmarks pull in the HTTP client, which serving does not need.
    if args.what == "match":
        from .bench.match import bench_match

        bench_match(_load_kb(cfg, "无法测试"))
    elif args.what == "http":
        from .bench.http import bench_http

        bench_http(_load_kb(cfg, "无法测试"), cfg.knowledge, args.duration, cfg.database_url)
    elif args.what == "memory":
        from .bench.memory import bench_memory

        bench_memory(_load_kb(cfg, "无法测试"), cfg.knowledge)
    elif args.what == "console":
        from .bench.console import bench_console

        bench_console(cfg.knowledge, args.duration)
    elif args.what == "crash":
        from .bench.crash import bench_crash

        bench_crash(_load_kb(cfg, "无法测试"), cfg.knowledge, args.duration)
    return 0


def cmd_eval(cfg: settings.Settings, args: argparse.Namespace) -> int:
    engine = Engine(_load_kb(cfg, "无法测试"))
    return evaluate_file(engine, args.file, args.json, args.verbose, args.min_score)


def cmd_wechat_menu(cfg: settings.Settings, args: argparse.Namespace) -> int:
    print(wechat_messages.menu_json())
    return 0


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"要一个大于 0 的秒数，不是 {raw!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="焊工证网上申请助手")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str, names=("db", "knowledge")) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        settings.add_arguments(p, names)
        p.set_defaults(func=func)
        return p

    command(
        "serve",
        cmd_serve,
        "启动服务",
        (
            *("host", "port", "db", "database_url", "knowledge", "secret", "log_level"),
            *(
                "workers",
                "max_connections",
                "rate_per_minute",
                "address_rate_per_minute",
                "trusted_proxies",
            ),
            *("wechat_token", "wechat_app_id", "wechat_app_secret", "wechat_aes_key"),
            "wechat_allow_compat",
            *("wecom_token", "wecom_corp_id", "wecom_aes_key"),
            *("wechat_api_base", "wechat_time_window"),
        ),
    )
    ask = command("ask", cmd_ask, "在终端里问一个问题")
    ask.add_argument("question")
    bench = command("bench", cmd_bench, "性能测试（打印数字）", ("db", "database_url", "knowledge"))
    bench.add_argument("what", choices=["match", "http", "memory", "crash", "console"])
    bench.add_argument(
        "--duration", type=_seconds, default=10.0, help="每轮压测的秒数（http、crash、console）"
    )
    evaluate = command("eval", cmd_eval, "批量测试：一个 YAML 文件里的问题和对话，看答得对不对")
    evaluate.add_argument("file", type=Path, help="测试文件（YAML）")
    evaluate.add_argument("--json", type=Path, help="把每一项的结果写到这个 JSON 文件")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="每一项都打印，不只是错的")
    evaluate.add_argument("--min-score", type=float, help="总分（百分数）低于它时退出码为 1")
    kb = sub.add_parser("kb", help="知识库")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="检查知识库")
    settings.add_arguments(check, ("db", "knowledge"))
    check.set_defaults(func=cmd_kb_check)
    calibrate = kb_sub.add_parser("calibrate", help="从准确率-覆盖率曲线选出回答的阈值")
    settings.add_arguments(calibrate, ("db", "knowledge"))
    calibrate.add_argument(
        "--set",
        action="append",
        help="用这个评测文件的单个问题，可以给多个（默认：知识库自己的问法，轮流留出）",
    )
    calibrate.add_argument("--write", action="store_true", help="把选出的阈值写进 thresholds.yaml")
    calibrate.set_defaults(func=cmd_kb_calibrate)
    export = kb_sub.add_parser("export", help="把老师在控制台里的修改写回 YAML 文件，供审阅")
    settings.add_arguments(export, ("db", "database_url", "knowledge"))
    export.set_defaults(func=cmd_kb_export)
    teacher_cli.add_commands(sub)
    dbcli.add_commands(sub)
    wx = sub.add_parser("wechat", help="微信公众号")
    wx_sub = wx.add_subparsers(dest="wechat_command", required=True)
    menu = wx_sub.add_parser("menu", help="打印公众号自定义菜单的 JSON（给管理员创建菜单用）")
    settings.add_arguments(menu, ("db",))
    menu.set_defaults(func=cmd_wechat_menu)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = args.func(settings.load(args), args)
        sys.stdout.flush()  # inside the try: a reader that went away is handled below
        return status
    except CommandError as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        # After a ^C at a prompt, on a line of its own.
        print("\n" * sys.stderr.isatty() + "已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away ("… | head"): nothing more to say, and nobody to say it to.
        # Python would complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
