"""Reading values a stranger chose: ids, days and text, each checked before it is used."""

from __future__ import annotations

import unicodedata
from datetime import date

# SQLite and PostgreSQL integers are 64-bit: 18 digits always fit, 19 may not.
MAX_ID_DIGITS = 18
# Far enough either way for any real conversation, near enough that date arithmetic never
# leaves what `date` can hold.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
# Format characters (zero-width space, BOM, bidi marks), separators and controls: nothing a
# person can read.
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def row_id(raw: str) -> int | None:
    """A database id written in ASCII digits; None for anything else ("²", "-1", 30 digits)."""
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS:
        return int(raw)
    return None


def day(raw: str) -> date | None:
    """A day written as 2024-05-01 within the years we serve; None for anything else."""
    try:
        found = date.fromisoformat(raw) if raw.isascii() else None
    except ValueError:
        return None
    return found if found and FIRST_DAY <= found <= LAST_DAY else None


def is_blank(text: str) -> bool:
    """True when nothing in the text is visible: only spaces, zero-width or control characters."""
    return all(unicodedata.category(ch) in _INVISIBLE for ch in text)


def printable(text: str) -> str:
    """The text without controls and format characters (a NUL, a zero-width joiner)."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def search_words(text: str, most: int) -> str:
    """A console search box's words: printable, single-spaced, at most `most` characters."""
    return " ".join(printable(text).split())[:most]
