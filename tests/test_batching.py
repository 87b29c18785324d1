"""`batched`: the one helper that splits SQL IN lists, efetch requests, exports and tagging work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from litwatch.batching import batched


def test_batched_splits_into_lists_with_a_shorter_last_one() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched("ab", 5)) == [["a", "b"]]
    assert list(batched([], 3)) == []
    assert list(batched({"1": 0, "2": 0}, 1)) == [["1"], ["2"]]  # any iterable: a dict gives its keys


def test_batched_is_lazy_over_a_stream() -> None:
    taken: list[int] = []

    def stream() -> Iterator[int]:
        for i in range(10):
            taken.append(i)
            yield i

    first = next(batched(stream(), 4))
    assert first == [0, 1, 2, 3] and taken == [0, 1, 2, 3]


def test_batched_refuses_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next(batched([1], 0))
