"""What every process must agree on: shared values and leases (the secret, WeChat's access
token), and the teachers' knowledge edits with their version."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..entries import TEACHER_FILE, Entry, Overlay
from .base import Row, SqlStore, Statement, Write, write
from .models import now

# The channel PostgreSQL notifies every process on when the teachers' edits change.
KNOWLEDGE_CHANNEL = "knowledge_edits"


@dataclass(frozen=True)
class KnowledgeEdit:
    """One teacher's change: a question added to an entry, or a new entry."""

    teacher: str
    action: str  # add_question | add_entry
    entry_id: str
    text: str  # the welder's words the change was made for
    question: str = ""
    entry: Entry | None = None

    def applied_to(self, overlay: Overlay) -> Overlay:
        if self.entry is not None:
            return Overlay((*overlay.entries, self.entry), overlay.questions)
        return Overlay(overlay.entries, (*overlay.questions, (self.entry_id, self.question)))


def _entry(row: Row) -> Entry:
    return Entry(
        id=row["entry_id"],
        stage=row["stage"],
        step=row["step"],
        title=row["title"],
        questions=tuple(row["questions"].split("\n")),
        answer=row["answer"],
        source=row["source"],
        related=tuple(r for r in row["related"].split("\n") if r),
        file=TEACHER_FILE,
        gist=row["gist"],
    )


class SharedQueries(SqlStore):
    # -- shared values --------------------------------------------------------------------

    async def shared_value(self, name: str, initial: str) -> str:
        find = "SELECT value FROM shared_values WHERE name = $1"
        row = await self._fetchone(find, name)
        if row is not None:
            return row["value"]
        # Processes starting together all get the one value that was stored first.
        create = Statement(
            "INSERT INTO shared_values (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            (name, initial),
        )
        return await self._submit(Write((create, Statement(find, (name,))), "value"))

    async def fresh_value(self, name: str) -> str | None:
        row = await self._fetchone(
            "SELECT value FROM shared_values WHERE name = $1 AND expires_at > $2",
            name,
            time.time(),
        )
        return row["value"] if row else None

    async def put_value(self, name: str, value: str, lifetime: float) -> None:
        await self._submit(
            write(
                "INSERT INTO shared_values (name, value, expires_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                " expires_at = excluded.expires_at",
                name,
                value,
                time.time() + lifetime,
            )
        )

    async def take_lease(self, name: str, holder: str, seconds: float) -> bool:
        # A lease, not a lock held across a transaction: its holder may call out to another
        # server meanwhile without keeping other writers waiting, and a holder that dies only
        # delays the next one by `seconds`.
        at = time.time()
        taken = await self._submit(
            write(
                "INSERT INTO shared_values (name, value, expires_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                " expires_at = excluded.expires_at"
                " WHERE shared_values.expires_at <= $4 OR shared_values.value = excluded.value",
                name,
                holder,
                at + seconds,
                at,
                result="rowcount",
            )
        )
        return taken == 1

    async def end_lease(self, name: str, holder: str) -> None:
        await self._submit(
            write(
                "UPDATE shared_values SET expires_at = 0 WHERE name = $1 AND value = $2",
                name,
                holder,
            )
        )

    # -- the teachers' knowledge edits ------------------------------------------------------

    async def knowledge_version(self) -> int:
        row = await self._fetchone("SELECT version FROM knowledge_version WHERE id = 1")
        return row["version"] if row else 0  # no edit yet: the first one makes the row

    async def knowledge_overlay(self) -> tuple[int, Overlay]:
        # The version is read first: should an edit land in between, the overlay is newer
        # than the version, and the next check reloads again.
        version = await self.knowledge_version()
        entries = await self._fetch("SELECT * FROM knowledge_entries ORDER BY id")
        questions = await self._fetch(
            "SELECT entry_id, question FROM knowledge_questions ORDER BY id"
        )
        overlay = Overlay(
            tuple(_entry(r) for r in entries),
            tuple((r["entry_id"], r["question"]) for r in questions),
        )
        return version, overlay

    async def save_knowledge(self, version: int, edit: KnowledgeEdit) -> int | None:
        # The version row is the edits' lock: an edit over the same version waits for this
        # one (PostgreSQL's row lock, SQLite's write lock) and then finds the version moved.
        # Every later statement is a no-op unless this one moved it: `claim` says so.
        claim = f"{version + 1}:{edit.teacher}:{time.time_ns()}"
        owned = "(SELECT claim FROM knowledge_version WHERE id = 1) = $1"
        statements = [
            Statement(
                "INSERT INTO knowledge_version (id, version, claim) VALUES (1, 1, $1)"
                " ON CONFLICT (id) DO UPDATE SET version = knowledge_version.version + 1,"
                " claim = excluded.claim WHERE knowledge_version.version = $2",
                (claim, version),
            )
        ]
        if edit.entry is not None:
            e = edit.entry
            columns = (e.id, e.stage, e.step, e.title, "\n".join(e.questions), e.answer, e.source)
            statements.append(
                Statement(
                    "INSERT INTO knowledge_entries (entry_id, stage, step, title, questions,"
                    " answer, source, related, gist) SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10"
                    f" WHERE {owned}",
                    (claim, *columns, "\n".join(e.related), e.gist),
                )
            )
        else:
            statements.append(
                Statement(
                    "INSERT INTO knowledge_questions (entry_id, question) SELECT $2, $3"
                    f" WHERE {owned} ON CONFLICT (entry_id, question) DO NOTHING",
                    (claim, edit.entry_id, edit.question),
                )
            )
        statements += self._notify_knowledge(version + 1)
        statements.append(
            Statement(
                "INSERT INTO knowledge_changes (teacher, entry_id, action, text, at)"
                f" SELECT $2, $3, $4, $5, $6 WHERE {owned} RETURNING id",
                (claim, edit.teacher, edit.entry_id, edit.action, edit.text, now()),
            )
        )
        return await self._submit(Write(tuple(statements), "value"))

    def _notify_knowledge(self, version: int) -> list[Statement]:
        """Statements telling every process of a new version at commit (PostgreSQL only)."""
        return []
