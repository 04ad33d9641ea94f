"""The store's interface: every read and write the service makes, as named async methods.

Callers never see a connection or SQL; `open_store` picks SQLite or PostgreSQL (see
__init__). Grouped by concern, as the SQL is in the modules beside this one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ..entries import Overlay
from .console_models import (
    Account,
    Activity,
    Asked,
    Change,
    Conversation,
    Counted,
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
from .models import Message, Profile, Progress, StageChange, Turn

if TYPE_CHECKING:
    from .shared import KnowledgeEdit


class Store(ABC):
    @abstractmethod
    async def open(self) -> Store: ...

    @abstractmethod
    async def close(self) -> None: ...

    # -- welders, progress and turns (welders.py) -----------------------------------------

    @abstractmethod
    async def welder_id(
        self, channel: str, external_id: str, *, create: bool = True
    ) -> int | None: ...

    @abstractmethod
    async def profile(self, welder_id: int) -> Profile: ...

    @abstractmethod
    async def set_profile(self, welder_id: int, profile: Profile) -> None: ...

    @abstractmethod
    async def progress(
        self, welder_id: int, default_stage: str, *, cached: bool = True
    ) -> Progress:
        """The welder's progress; the cached copy may be older than another process's turn,
        which save_turn then refuses (Conflict), so a turn never builds on stale progress."""

    @abstractmethod
    async def save_turn(self, turn: Turn) -> list[int]:
        """Store the turn's messages and progress in one transaction; the message ids.

        Raises Conflict when the welder's progress is no longer at turn.before's version
        (another process saved a turn meanwhile), and AlreadyAnswered when the turn's WeChat
        message was answered already; nothing is stored then."""

    @abstractmethod
    async def stage_history(self, welder_id: int) -> list[StageChange]: ...

    @abstractmethod
    async def nudge_marks(self, welder_id: int) -> tuple[str | None, str | None]:
        """When the welder entered their stage, and when they were last nudged."""

    # -- the transcript (transcript.py) ---------------------------------------------------

    @abstractmethod
    async def history(self, welder_id: int, after: int = 0, limit: int = 500) -> list[Message]:
        """The newest `limit` messages after message `after`, oldest first."""

    @abstractmethod
    async def older(self, welder_id: int, before: int, limit: int) -> list[Message]:
        """The newest `limit` messages before message `before`, oldest first."""

    @abstractmethod
    async def newer(self, welder_id: int, after: int, limit: int) -> list[Message]:
        """The oldest `limit` messages after message `after`, oldest first."""

    @abstractmethod
    async def web_reply(self, welder_id: int, client_id: str) -> Message | None:
        """The bot's reply to the web message the page sent with this id, if stored."""

    @abstractmethod
    async def welder_message(self, message_id: int) -> Said | None: ...

    @abstractmethod
    async def record_feedback(self, welder_id: int, message_id: int, helpful: bool) -> bool:
        """Record a vote on one of the welder's own bot answers; False when there is none."""

    @abstractmethod
    async def add_notice(self, stage: str, text: str, teacher: str) -> int:
        """Store a teacher's notice in every transcript at the stage, in one statement;
        how many welders it reached."""

    @abstractmethod
    async def notice_recipients(
        self, channel: str, stage: str, since: str, after_id: int, limit: int
    ) -> list[Recipient]:
        """Welders of a channel at the stage who wrote since `since`, by id, a batch at a time."""

    @abstractmethod
    async def add_teacher_reply(self, welder: Welder, text: str, teacher: str, stage: str) -> int:
        """Store a teacher's message to the welder and close the welder's open handoffs."""

    @abstractmethod
    async def writes_since(self, after_id: int) -> tuple[int, int, int]:
        """(messages, writes, last message id) after message `after_id`: how the group
        commit grouped them, for the benchmarks (a write stamps all its rows alike)."""

    @abstractmethod
    async def transcript_lines(
        self, start: date, end: date, after_id: int, limit: int
    ) -> list[Line]: ...

    # -- the console's overviews and one welder's record (console.py) -------------------

    @abstractmethod
    async def activity_since(self, since: str) -> Activity: ...

    @abstractmethod
    async def stage_counts(self) -> dict[str, int]: ...

    @abstractmethod
    async def open_handoffs(self, limit: int = 50) -> list[Handoff]: ...

    @abstractmethod
    async def waiting_welders(self, stages: tuple[str, ...]) -> list[Waiting]: ...

    @abstractmethod
    async def unanswered_since(self, since: str, limit: int = 2000) -> list[Asked]: ...

    @abstractmethod
    async def conversations(
        self,
        filters: Filters,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> list[Conversation]:
        """Welders who match, the most recently seen first: the `limit` right after the
        position `after`, or right before `before`. Keyset paging: a far page costs what
        the first one does."""

    @abstractmethod
    async def welder(self, welder_id: int) -> Welder | None: ...

    @abstractmethod
    async def current_stage(self, welder_id: int) -> str | None: ...

    @abstractmethod
    async def open_handoff_count(self, welder_id: int) -> int: ...

    @abstractmethod
    async def set_note(self, welder_id: int, note: str) -> None: ...

    # -- the roster and the live inbox (roster.py) ----------------------------------------

    @abstractmethod
    async def roster(
        self,
        filters: RosterFilters,
        limit: int,
        after: RosterPosition | None = None,
        before: RosterPosition | None = None,
    ) -> list[tuple[Enrolled, RosterPosition]]: ...

    @abstractmethod
    async def roster_after(self, after_id: int, limit: int) -> list[Enrolled]:
        """Every welder in id order, a batch at a time (the export)."""

    @abstractmethod
    async def open_handoff_total(self) -> int: ...

    @abstractmethod
    async def latest_handoff(self) -> int:
        """The newest request for a teacher's id: it grows with every new one."""

    # -- the review queue and the charts (trends.py) --------------------------------------

    @abstractmethod
    async def unsure_answers(self, since: str, limit: int = 20) -> list[Doubt]:
        """Answers given under 0.5 confidence, newest first."""

    @abstractmethod
    async def unhelpful_answers(self, since: str, limit: int = 20) -> list[Doubt]:
        """Answers a welder voted 没用, newest vote first."""

    @abstractmethod
    async def days_between(self, start: str, end: str) -> list[Day]:
        """Welder messages and fallbacks per day, for stored times start <= time < end."""

    @abstractmethod
    async def step_counts(self) -> dict[str | None, int]:
        """Welders at each step (None: at no step yet), counted where they said they are."""

    @abstractmethod
    async def recent_moves(self, limit: int) -> list[Move]:
        """The newest stage changes, oldest first."""

    # -- teacher accounts, sessions, failed logins (accounts.py) --------------------------

    @abstractmethod
    async def account(self, username: str) -> Account | None: ...

    @abstractmethod
    async def accounts(self) -> list[Account]: ...

    @abstractmethod
    async def insert_account(self, username: str, password_hash: str, at: str) -> bool:
        """False when the username is taken."""

    @abstractmethod
    async def update_password(self, username: str, password_hash: str) -> bool:
        """Set a new password and end the account's sessions everywhere."""

    @abstractmethod
    async def delete_account(self, username: str) -> bool: ...

    @abstractmethod
    async def create_session(
        self, token_hash: str, teacher_id: int, csrf: str, at: str, expires_at: str
    ) -> None: ...

    @abstractmethod
    async def session(self, token_hash: str, at: str, idle_since: str) -> Session | None:
        """The session, when it has not expired and was used since `idle_since`."""

    @abstractmethod
    async def touch_session(self, token_hash: str, at: str) -> None:
        """The session was used at `at`."""

    @abstractmethod
    async def delete_session(self, token_hash: str) -> None: ...

    @abstractmethod
    async def failures_since(self, username: str, address: str, since: str) -> list[str]:
        """Times of the failed logins for this username from this address since `since`,
        oldest first."""

    @abstractmethod
    async def count_attempt(
        self, username: str, address: str, at: str, since: str, allowed: int
    ) -> bool:
        """Count a login attempt as a failure (until it succeeds) when the pair has had fewer
        than `allowed` failures since `since`; False (not counted) otherwise. Failures
        before `since` are forgotten."""

    @abstractmethod
    async def clear_failures(self, username: str, address: str) -> None: ...

    # -- knowledge changes, WeChat inbox (changes.py) -------------------------------------

    @abstractmethod
    async def change(self, change_id: int) -> Change | None: ...

    # -- unanswered questions grouped in the background (grouping.py) ---------------------

    @abstractmethod
    async def grouping_cursor(self) -> int:
        """The id of the last message the grouper has read."""

    @abstractmethod
    async def messages_after(self, after: int, before: str, limit: int) -> list[Seen]:
        """Messages after message `after`, stored before the time `before`, oldest first."""

    @abstractmethod
    async def recent_groups(self, limit: int) -> list[tuple[int, str]]:
        """(id, key) of the groups with the newest questions, the newest last."""

    @abstractmethod
    async def save_grouping(
        self, was: int, now: int, new_groups: list[tuple[int, str]], placed: list[tuple[Seen, int]]
    ) -> bool:
        """Move the cursor from `was` to `now`, adding the new (id, key) groups and each
        placed question with its group's id; False when another process moved it first."""

    @abstractmethod
    async def top_groups(self, since: str, limit: int) -> list[Counted]:
        """The groups asked most often since `since`, among the newest grouped questions."""

    @abstractmethod
    async def group_wordings(self, group_id: int, since: str, limit: int) -> list[str]:
        """A group's wordings, the most frequent first; of equals, the first asked."""

    @abstractmethod
    async def group_latest(self, group_id: int) -> Asked: ...

    # -- refusing strangers, health (guards.py) --------------------------------------------

    @abstractmethod
    async def probe(self, at: str) -> None:
        """A tiny write, as a turn makes: raises when the database cannot take one."""

    @abstractmethod
    async def claim_nonce(
        self, channel: str, nonce: str, timestamp: str, digest: str, now: float, ttl: float
    ) -> bool:
        """True when this signed (nonce, timestamp) is new, or was seen with the same body
        digest (a retry); every process sees the same nonces. Kept `ttl` seconds."""

    @abstractmethod
    async def inbox_reply(self, channel: str, from_user: str, dedup_key: str) -> str | None:
        """The reply stored for a WeChat message already answered, for its retries."""

    # -- what every process must agree on (shared.py) -------------------------------------

    @abstractmethod
    async def shared_value(self, name: str, initial: str) -> str:
        """The value stored under `name`; `initial` is stored first when there is none yet,
        so processes starting together all get the one value stored first."""

    @abstractmethod
    async def fresh_value(self, name: str) -> str | None:
        """The value under `name` if it has not expired."""

    @abstractmethod
    async def put_value(self, name: str, value: str, lifetime: float) -> None: ...

    @abstractmethod
    async def take_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Hold `name` for `seconds` unless someone else holds it; True when taken."""

    @abstractmethod
    async def end_lease(self, name: str, holder: str) -> None: ...

    @abstractmethod
    async def knowledge_version(self) -> int: ...

    @abstractmethod
    async def knowledge_overlay(self) -> tuple[int, Overlay]:
        """The teachers' edits, and their version (read first)."""

    @abstractmethod
    async def save_knowledge(self, version: int, edit: KnowledgeEdit) -> int | None:
        """Store the edit and its change record over `version`; the change's id, or None
        when another edit was stored since `version` (read the overlay again)."""

    @abstractmethod
    async def follow_knowledge(self, changed: Callable[[], None]) -> None:
        """Call `changed` when another process may have stored an edit, as soon as the
        backend can tell (PostgreSQL's LISTEN; SQLite cannot, and only the periodic version
        check sees edits there)."""
