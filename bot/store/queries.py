"""All the store's SQL, gathered: each backend adds its connections and its writer."""

from __future__ import annotations

from .accounts import AccountQueries
from .changes import ChangeQueries
from .console import ConsoleQueries
from .grouping import GroupingQueries
from .guards import GuardQueries
from .roster import RosterQueries
from .shared import SharedQueries
from .transcript import TranscriptQueries
from .trends import TrendQueries
from .welders import WelderQueries


class Queries(
    WelderQueries,
    TranscriptQueries,
    ConsoleQueries,
    RosterQueries,
    TrendQueries,
    AccountQueries,
    ChangeQueries,
    SharedQueries,
    GuardQueries,
    GroupingQueries,
):
    pass
