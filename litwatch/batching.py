"""Split work into fixed-size batches: SQL `IN` lists, efetch requests, export and tagging chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# Values per SQL `IN (...)` list: SQLite allows 999 bound parameters per statement.
SQL_BATCH = 900


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last may be shorter); lazy, so a stream is never held whole.

    `itertools.batched` from Python 3.12 on, as lists, for Python 3.11."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
