"""All the store's SQL, gathered: each backend adds its connections and its writer."""

from __future__ import annotations

from .accounts import AccountQueries
from .changes import ChangeQueries
from .console import ConsoleQueries
from .shared import SharedQueries
from .transcript import TranscriptQueries
from .welders import WelderQueries


class Queries(
    WelderQueries, TranscriptQueries, ConsoleQueries, AccountQueries, ChangeQueries, SharedQueries
):
    pass
