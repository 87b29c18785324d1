"""The faster forms of speed3 find exactly what the plain regexes they replace find."""

from __future__ import annotations

import random
import re

from litwatch.claims.abbrev import last_words_start

WORD_RE = re.compile(r"\S+")
# Pieces with every kind of whitespace re's Unicode "\s" knows (NBSP, the \x1c-\x1f separators,
# ideographic space), non-ASCII letters and digits, and empty runs.
PIECES = ["a", "TEAE", "adverse", "é", "٣", "(", "-", " ", "  ", "\t", "\n", "\xa0", "\x1c", "\u3000", ""]


def hostile_texts(n: int = 3000) -> list[str]:
    rng = random.Random(3)
    out = ["", " ", "word", "  two words  ", "\xa0\x1f"]
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]
    return out


def test_last_words_start_is_where_the_regex_words_start() -> None:
    for text in hostile_texts():
        for count in (1, 2, 4, 7, 15):
            words = list(WORD_RE.finditer(text))[-count:]
            want = words[0].start() if words else None
            assert last_words_start(text, count) == want, (text, count)
