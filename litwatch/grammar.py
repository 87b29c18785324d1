"""Counts in messages read as English: "1 record", "2 records", "1 try", "no records"."""

from __future__ import annotations

_IRREGULAR = {"try": "tries", "query": "queries", "entry": "entries", "this": "these", "was": "were"}


def format_count(count: int, singular: str, plural: str | None = None, *, zero: str | None = None) -> str:
    """`count` and the noun in the right number; `zero` (e.g. "no") replaces a 0 count.

    The noun's last word is inflected, so "human record" gives "2 human records". An irregular
    plural is given as `plural` ("analysis", "analyses") or found in a short table ("try").
    """
    if count == 1:
        noun = singular
    elif plural is not None:
        noun = plural
    else:
        head, _, last = singular.rpartition(" ")
        word = _IRREGULAR.get(last) or (last if last.endswith("s") else last + "s")
        noun = f"{head} {word}" if head else word
    number = zero if count == 0 and zero is not None else f"{count:,}"
    return f"{number} {noun}"
