"""The garbage collector and a long-running server.

A full collection walks every object the process holds. The knowledge base, its index
and the app are some 240,000 objects, which made each full pass stall all requests for
about 45 ms. They live as long as the process, so once built they are frozen: moved
out of the collector's sight (gc.freeze). Only the server does this.
"""

from __future__ import annotations

import gc


def freeze() -> None:
    """Free what is garbage now, then freeze everything that is left."""
    gc.collect()
    gc.freeze()


def refreeze() -> None:
    """After replacing long-lived objects (a new knowledge base): free the old, freeze the new.

    Does nothing in a process that never froze (tests, the command line).
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        freeze()
