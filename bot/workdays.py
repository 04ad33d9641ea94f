"""How long a welder has waited, in the bureau's working days. Pure; no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta

from .store import SHANGHAI

# The bureau answers within 10 working days (the guide, part three).
REVIEW_WORKING_DAYS = 10


def working_days_between(start: datetime, end: datetime) -> int:
    """Monday-Friday days after start's date up to and including end's date.

    No holiday calendar: the bureau's 10 working days are counted on weekdays only, so a
    week with a public holiday flags a welder as stuck a day or two early.
    """
    first, last = start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI).date()
    if last <= first:
        return 0
    days = (last - first).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (first + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
