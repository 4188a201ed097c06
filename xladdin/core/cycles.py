"""Pause Python's cycle collector while a job builds many small objects that form no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading and checking a workbook allocate hundreds of thousands of tuples, dicts and strings.

    They make no reference cycles, so reference counting frees them all; but each
    allocation burst triggers the cycle collector, which walks every object still
    alive (every cell value already read): 5-10 % of a 1,000-branch check. Nested
    pauses leave the collector off until the outermost one ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
