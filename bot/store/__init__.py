"""The store: one interface (interface.Store), two backends (sqlite.py, postgres.py).

Every SQL statement of the service lives in this package, by concern: welders.py (welders,
progress, stage history), transcript.py, console.py (the console's overviews and one
welder's record), accounts.py (teachers, sessions, failed logins), changes.py (knowledge
changes, WeChat inbox); what a batch of turns writes in turn_rows.py, and how each backend
writes it in sqlite_turns.py / postgres_turns.py; migrations/<backend>/NNN_*.sql, run by
migrate.py; `db upgrade` and `db copy` in admin.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg

from .console_models import (
    Account,
    Activity,
    Asked,
    Change,
    Conversation,
    Day,
    Doubt,
    Enrolled,
    Filters,
    Handoff,
    Line,
    Move,
    Position,
    Recipient,
    RosterFilters,
    RosterPosition,
    Said,
    Seen,
    Session,
    Waiting,
    Welder,
)
from .interface import Store
from .migrate import SchemaError, StoreError
from .models import (
    SHANGHAI,
    AlreadyAnswered,
    ChangedBy,
    Conflict,
    Message,
    Outgoing,
    Profile,
    Progress,
    StageChange,
    Turn,
    day_start,
    now,
    stamp,
)
from .shared import KnowledgeEdit

__all__ = [
    "SHANGHAI",
    "STORE_ERRORS",
    "Account",
    "Activity",
    "AlreadyAnswered",
    "Asked",
    "Change",
    "ChangedBy",
    "Conflict",
    "Conversation",
    "Day",
    "Doubt",
    "Enrolled",
    "Filters",
    "Handoff",
    "KnowledgeEdit",
    "Line",
    "Message",
    "Move",
    "Outgoing",
    "Position",
    "Profile",
    "Progress",
    "Recipient",
    "RosterFilters",
    "RosterPosition",
    "Said",
    "SchemaError",
    "Seen",
    "Session",
    "StageChange",
    "Store",
    "StoreError",
    "Turn",
    "Waiting",
    "Welder",
    "create",
    "day_start",
    "is_postgres",
    "now",
    "stamp",
]


# What the database raises when it cannot be read or written (a full disk, a read-only file,
# a server gone): the service answers 503 and tries again with the next request.
STORE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.Error,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def create(db: Path, url: str = "") -> Store:
    """The store for a database URL (PostgreSQL), or else for the SQLite file `db`; not open."""
    if url:
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SqliteStore

    return SqliteStore(db)
