"""Freezing the long-lived heap, and freeing what a new knowledge base replaces."""

from __future__ import annotations

import gc
import weakref

import pytest

from bot import heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector can free it


@pytest.fixture
def thawed():
    yield
    gc.unfreeze()


def test_refreeze_does_nothing_in_a_process_that_never_froze(thawed):
    assert gc.get_freeze_count() == 0
    heap.refreeze()
    assert gc.get_freeze_count() == 0


def test_refreeze_frees_what_was_frozen_and_is_no_longer_used(thawed):
    old = Node()
    gone = weakref.ref(old)
    heap.freeze()
    del old
    gc.collect()
    assert gone() is not None  # frozen: the collector does not see it
    heap.refreeze()
    assert gone() is None
    assert gc.get_freeze_count() > 0
