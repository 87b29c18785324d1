"""The fast regex forms of the number extractors find exactly what the patterns as written find."""

from __future__ import annotations

import random
import re

import pytest

from litwatch.claims import extract as ex
from litwatch.claims import studyvalues as sv
from litwatch.claims.numbers import COUNT, DECIMAL
from litwatch.claims.regexes import FirstOf, is_plain

VOCAB = [
    *("n", "=", "n=24", "24", "1,200", "0.5", ".5", "5.", "12", "day", "days", "day 3", "week", "weeks"),
    *("wk", "h", "hours", "min", "minutes", "post", "after", "within", "at", "by", "to", "-", ",", "."),
    *("(", ")", "patients", "adult", "men", "of", "and", "infusions", "doses", "ketamine", "on", "2-4"),
    *("predose", "response", "time point", "10,000", "iv", "session", "midday", "today", "4h", "24-h"),
    *("treatment", "three", "six", "weekly"),
]


def texts() -> list[str]:
    rng = random.Random(7)
    out = [
        "n = 24 patients; 12 adult men and 1,200 participants (n=30).",
        "Ratings at day 1, day 3-7 and within 2 hours; 240 min post-infusion; 24-h response.",
        "6 ketamine infusions, three or six infusions, 0.5 mg/kg; 2 weeks post treatment.",
        "Depression improved .5 h after; 1.5-2 hours later; at 4 h; 3 days after the last dose.",
    ]
    for _ in range(3000):
        words = [rng.choice(VOCAB) + rng.choice(["", " ", " ", "-", ","]) for _ in range(rng.randint(1, 14))]
        out.append("".join(words))
    return out


def plain(branches: tuple[str, ...] | list[str], wrap: bool = False) -> re.Pattern[str]:
    pattern = "|".join(branches)
    pattern = f"(?:{pattern})" if wrap else pattern
    return re.compile(pattern.replace("<N>", DECIMAL).replace("<C>", COUNT))


def found(matches: object) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), {k: v for k, v in m.groupdict().items() if v is not None}) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("module", "name", "reference"),
    [
        (sv, "_SAMPLE", plain(sv._SAMPLE_BRANCHES)),
        (ex, "_ONSET_TIME", plain(ex._ONSET_TIME_BRANCHES, wrap=True)),
        (ex, "_ONSET_DAY", plain(ex._ONSET_DAY_BRANCHES)),
        (sv, "_DOSE_COUNT", plain([sv._DOSE_COUNT_PATTERN])),
    ],
)
def test_digit_first_and_ascii_forms_match_the_written_pattern(
    module: object, name: str, reference: re.Pattern[str]
) -> None:
    fast = getattr(module, name)
    for text in texts():
        want = found(reference.finditer(text))
        assert found(fast[0].finditer(text)) == want, text
        if is_plain(text):
            assert found(fast[2].finditer(text)) == want, text


def test_first_of_keeps_leftmost_then_first_branch_order() -> None:
    either = FirstOf((r"ab", None), (r"a\w+", None), (r"zz", "zz"))
    text = "xabc abq zz aq"
    assert [m.group() for m in either.finditer(text)] == ["ab", "ab", "zz", "aq"]
    assert [m.span() for m in either.finditer(text)] == [m.span() for m in re.finditer(r"ab|a\w+|zz", text)]


def test_plain_text_excludes_what_unicode_whitespace_adds() -> None:
    assert is_plain("n = 24 patients")
    assert not is_plain("n = 24 patients \u2265 18 years")
    assert not is_plain("n =\x1c24")
