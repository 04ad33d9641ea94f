"""Settings: declared once, read once at start; the only reader of os.environ."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .proxies import TrustedProxies
from .store import is_postgres

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_knowledge() -> Path:
    return PROJECT_ROOT / "knowledge"


@dataclass(frozen=True)
class Settings:
    host: str = field(default="127.0.0.1", metadata={"env": "BOT_HOST", "help": "监听地址"})
    port: int = field(default=8080, metadata={"env": "BOT_PORT", "help": "端口"})
    db: Path = field(
        default=Path("data/helpdesk.db"), metadata={"env": "BOT_DB", "help": "SQLite 数据库文件"}
    )
    database_url: str = field(
        default="",
        metadata={
            "env": "BOT_DATABASE_URL",
            "help": "PostgreSQL 地址 postgresql://…；为空时用 SQLite 文件（--db）",
        },
    )
    knowledge: Path = field(
        default_factory=_default_knowledge,
        metadata={"env": "BOT_KNOWLEDGE", "help": "知识库目录"},
    )
    secret: str = field(
        default="",
        metadata={"env": "BOT_SECRET", "help": "cookie 签名密钥；为空时自动生成并存在数据库里"},
    )
    log_level: str = field(default="INFO", metadata={"env": "BOT_LOG_LEVEL", "help": "日志级别"})
    rate_per_minute: int = field(
        default=30,
        metadata={"env": "BOT_RATE_PER_MINUTE", "help": "每个焊工每分钟最多消息数；0 不限"},
    )
    # Higher than a welder's: a school's welders share one address (its NAT) on the same evening.
    address_rate_per_minute: int = field(
        default=600,
        metadata={
            "env": "BOT_ADDRESS_RATE_PER_MINUTE",
            "help": "每个网络地址每分钟最多消息数；0 不限",
        },
    )
    trusted_proxies: str = field(
        default="",
        metadata={
            "env": "BOT_TRUSTED_PROXIES",
            "help": "可信的反向代理地址，逗号分隔，可写网段（如 10.0.0.0/8）；"
            "只相信它们发来的 X-Forwarded-For 和 X-Forwarded-Proto",
        },
    )
    max_connections: int = field(
        default=1000,
        metadata={
            "env": "BOT_MAX_CONNECTIONS",
            "help": "每个服务进程同时最多的连接数，多出的连接得到 503；0 不限",
        },
    )
    workers: int = field(
        default=1, metadata={"env": "BOT_WORKERS", "help": "服务进程数（共用一个端口）"}
    )
    wechat_token: str = field(default="", metadata={"env": "WECHAT_TOKEN", "help": "公众号 Token"})
    wechat_app_id: str = field(
        default="", metadata={"env": "WECHAT_APP_ID", "help": "公众号 AppID"}
    )
    wechat_app_secret: str = field(
        default="", metadata={"env": "WECHAT_APP_SECRET", "help": "公众号 AppSecret"}
    )
    wechat_aes_key: str = field(
        default="", metadata={"env": "WECHAT_AES_KEY", "help": "公众号 EncodingAESKey（43位）"}
    )
    wechat_allow_compat: bool = field(
        default=False,
        metadata={
            "env": "WECHAT_ALLOW_COMPAT",
            "help": "设置了 WECHAT_AES_KEY 仍接受明文消息（兼容模式）；默认只收加密消息",
        },
    )
    wecom_token: str = field(default="", metadata={"env": "WECOM_TOKEN", "help": "企业微信 Token"})
    wecom_corp_id: str = field(
        default="", metadata={"env": "WECOM_CORP_ID", "help": "企业微信 CorpID"}
    )
    wecom_aes_key: str = field(
        default="", metadata={"env": "WECOM_AES_KEY", "help": "企业微信 EncodingAESKey"}
    )
    wechat_api_base: str = field(
        default="https://api.weixin.qq.com",
        metadata={"env": "WECHAT_API_BASE", "help": "微信客服消息接口地址"},
    )
    wechat_time_window: int = field(
        default=300,
        metadata={"env": "WECHAT_TIME_WINDOW", "help": "微信请求时间戳允许的偏差（秒）"},
    )

    @property
    def data_dir(self) -> Path:
        return self.db.parent


def _convert(f: dataclasses.Field, raw: str) -> object:
    # Annotations are strings here (from __future__ import annotations).
    return {"int": int, "Path": Path, "bool": _bool}.get(f.type, str)(raw)


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ValueError(raw)
    return value in ("1", "true", "yes", "on")


def add_arguments(parser: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    """Add --flags for the named settings; their defaults stay None so env and defaults apply."""
    by_name = {f.name: f for f in dataclasses.fields(Settings)}
    for name in names:
        f = by_name[name]
        flag = "--" + name.replace("_", "-")
        helptext = f"{f.metadata['help']} ({f.metadata['env']})"
        if f.type == "bool":  # a switch: present means on
            parser.add_argument(flag, dest=name, action="store_const", const="1", help=helptext)
        else:
            parser.add_argument(flag, dest=name, default=None, help=helptext)


def load(args: argparse.Namespace | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Flags win over environment variables, which win over defaults."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in dataclasses.fields(Settings):
        raw = getattr(args, f.name, None) if args is not None else None
        if raw is None:
            raw = environ.get(f.metadata["env"])
        if raw is None or raw == "":
            continue
        try:
            values[f.name] = _convert(f, str(raw))
        except ValueError as exc:
            raise SystemExit(f"设置 {f.metadata['env']} 的值不对：{raw!r}") from exc
        if isinstance(values[f.name], int) and values[f.name] < 0:
            raise SystemExit(f"设置 {f.metadata['env']} 的值不对：{raw!r}（不能是负数）")
    cfg = Settings(**values)
    if not 0 < cfg.port < 65536:
        raise SystemExit(f"设置 BOT_PORT 的值不对：{cfg.port}（要在 1-65535 之间）")
    if cfg.database_url and not is_postgres(cfg.database_url):
        raise SystemExit(
            f"设置 BOT_DATABASE_URL 的值不对：{cfg.database_url!r}（要以 postgresql:// 开头）"
        )
    # Checked here, not when logging is set up: a typo must stop the start with a message.
    if not isinstance(logging.getLevelName(cfg.log_level.upper()), int):
        raise SystemExit(
            f"设置 BOT_LOG_LEVEL 的值不对：{cfg.log_level!r}（可用 DEBUG、INFO、WARNING、ERROR）"
        )
    try:
        TrustedProxies.parse(cfg.trusted_proxies)
    except ValueError as exc:
        raise SystemExit(f"设置 BOT_TRUSTED_PROXIES 里的地址不对：{exc}") from None
    if cfg.workers < 1:
        raise SystemExit(f"设置 BOT_WORKERS 的值不对：{cfg.workers}（至少 1）")
    return cfg


def initial_secret(settings: Settings) -> str:
    """The secret a new database starts with: a secret.key kept in the data folder by
    earlier versions (so that welders' cookies stay valid), or a new random one."""
    try:
        return (settings.data_dir / "secret.key").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return secrets.token_hex(32)
