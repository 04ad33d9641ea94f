"""Welders, their profile, progress and stage history."""

from __future__ import annotations

from .base import SqlStore, Statement, Write, write
from .models import Profile, Progress, StageChange, now


class WelderQueries(SqlStore):
    async def welder_id(self, channel: str, external_id: str, *, create: bool = True) -> int | None:
        key = (channel, external_id)
        cached = self._welder_ids.get(key)
        if cached is not None:
            return cached
        find = "SELECT id FROM welders WHERE channel = $1 AND external_id = $2"
        row = await self._fetchone(find, *key)
        if row is not None:
            welder = row["id"]
        elif not create:
            return None
        else:
            stamp = now()
            insert = Statement(
                "INSERT INTO welders (channel, external_id, created_at, last_seen)"
                " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                (channel, external_id, stamp, stamp),
            )
            welder = await self._submit(Write((insert, Statement(find, key)), "value"))
        self._welder_ids.put(key, welder)
        return welder

    async def profile(self, welder_id: int) -> Profile:
        row = await self._fetchone(
            "SELECT name, company, phone FROM welders WHERE id = $1", welder_id
        )
        return Profile(row["name"], row["company"], row["phone"]) if row else Profile()

    async def set_profile(self, welder_id: int, profile: Profile) -> None:
        await self._submit(
            write(
                "UPDATE welders SET name = $1, company = $2, phone = $3 WHERE id = $4",
                profile.name,
                profile.company,
                profile.phone,
                welder_id,
            )
        )

    async def progress(
        self, welder_id: int, default_stage: str, *, cached: bool = True
    ) -> Progress:
        found = self._progress.get(welder_id) if cached else None
        if found is not None:
            return found
        # Not cached on a read: a turn committing meanwhile would be overwritten by older data.
        row = await self._fetchone(
            "SELECT stage, step, last_entry, confirm_reset, version, allowance, allowance_at,"
            " reported FROM progress WHERE welder_id = $1",
            welder_id,
        )
        if row is None:
            return Progress(stage=default_stage, known=False)
        items = await self._fetch("SELECT item FROM checklist WHERE welder_id = $1", welder_id)
        choices = await self._fetch(
            "SELECT entry_id FROM pending_choices WHERE welder_id = $1 ORDER BY position",
            welder_id,
        )
        return Progress(
            stage=row["stage"],
            step=row["step"],
            last_entry=row["last_entry"],
            reported=row["reported"],
            confirm_reset=bool(row["confirm_reset"]),
            checklist=frozenset(r["item"] for r in items),
            choices=tuple(r["entry_id"] for r in choices),
            version=row["version"],
            allowance=row["allowance"],
            allowance_at=row["allowance_at"],
        )

    async def stage_history(self, welder_id: int) -> list[StageChange]:
        rows = await self._fetch(
            "SELECT from_stage, to_stage, at, changed_by, teacher, reason FROM stage_changes"
            " WHERE welder_id = $1 ORDER BY id",
            welder_id,
        )
        return [StageChange(**dict(r)) for r in rows]

    async def nudge_marks(self, welder_id: int) -> tuple[str | None, str | None]:
        row = await self._fetchone(
            "SELECT (SELECT at FROM stage_changes WHERE welder_id = $1 ORDER BY id DESC LIMIT 1)"
            " AS since, (SELECT at FROM nudges WHERE welder_id = $1) AS nudged",
            welder_id,
        )
        return (row["since"], row["nudged"]) if row else (None, None)
