"""Shanghai calendar arithmetic for the console: today, this week, working days, local times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..store import SHANGHAI

# How the store writes times, for the console to compare with.
from ..store import day_start as day_start
from ..store import stamp as stamp


def now() -> datetime:
    return datetime.now(SHANGHAI)


def parse(stored: str) -> datetime:
    return datetime.fromisoformat(stored).astimezone(SHANGHAI)


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def local(stored: str | None, today: date | None = None) -> str:
    """A stored time as a teacher reads it: 今天 14:05, 5月3日 09:12, 2023年5月3日 09:12."""
    if not stored:
        return ""
    moment = parse(stored)
    today = today or now().date()
    clock = moment.strftime("%H:%M")
    day = moment.date()
    if day == today:
        return f"今天 {clock}"
    if day == today - timedelta(days=1):
        return f"昨天 {clock}"
    if day.year == today.year:
        return f"{day.month}月{day.day}日 {clock}"
    return f"{day.year}年{day.month}月{day.day}日 {clock}"


def waited(stored: str, moment: datetime | None = None) -> str:
    """How long ago, roughly: 5 分钟, 3 小时, 2 天."""
    seconds = ((moment or now()) - parse(stored)).total_seconds()
    if seconds < 3600:
        return f"{max(int(seconds // 60), 0)} 分钟"
    if seconds < 86400:
        return f"{int(seconds // 3600)} 小时"
    return f"{int(seconds // 86400)} 天"
