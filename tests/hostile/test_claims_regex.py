"""Issue 8, item 7: a claims regex that backtracks exponentially is refused when the file loads."""

# SQLite only: claims-file checks are under test; the database is incidental.

from __future__ import annotations

import re
import time
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.claims.claimset import load_claims
from litwatch.claims.regexcheck import find_backtracking_risk
from litwatch.cli import app
from litwatch.db.engine import open_database
from litwatch.errors import ClaimsFileError

CLAIMS = """
name = "regex"
title = "A test article"
source = "tests"

[terms]
ketamine = ['\\bketamine\\b']
words = [{term}]

[[claims]]
id = "hangs"
statement = "Something."
article_quote = "something"
  [[claims.match]]
  name = "words"
  all = ["ketamine", "words"]
  [claims.stance]
  supports = [{cue}]
"""
HANGS = "'(\\w+\\s?)+$'"  # TOML literal string: (\w+\s?)+$
SAFE = "'\\bwords?\\b'"


def write(tmp_path: Path, *, term: str = SAFE, cue: str = SAFE) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS.format(term=term, cue=cue), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("where", "context", "field"),
    [("term", "terms", "words"), ("cue", "claim 'hangs' stance", "supports")],
)
def test_exponential_regex_is_refused_with_claim_and_field(
    tmp_path: Path, where: str, context: str, field: str
) -> None:
    path = write(tmp_path, **{where: HANGS})
    started = time.perf_counter()
    with pytest.raises(ClaimsFileError) as caught:
        load_claims(path)
    assert time.perf_counter() - started < 2
    message = str(caught.value)
    assert message.startswith(f"{path}: {context}: field '{field}' has a regex that can take exponential")
    assert "'(\\w+\\s?)+$'" in message
    assert "\n" not in message


def test_the_refused_pattern_really_hangs_plain_re() -> None:
    """The shape refused is the one the issue reported: time doubles per character."""
    text = "ketamine " + "a" * 14 + "!"
    started = time.perf_counter()
    re.search(r"(\w+\s?)+$", text)
    slow = time.perf_counter() - started
    started = time.perf_counter()
    re.search(r"(?:\w+ )*\w+$", text)
    assert slow > 10 * (time.perf_counter() - started)


def test_cli_tag_refuses_before_tagging(tmp_path: Path) -> None:
    path = write(tmp_path, cue=HANGS)
    db = tmp_path / "lw.db"
    open_database(db).dispose()
    result = CliRunner().invoke(app, ["tag", "--db", str(db), "--claims", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"litwatch: error: {path}: claim 'hangs' stance:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "pattern",
    [r"(\w+\s?)+$", r"(a*)*b", r"(a+|b)+$", r"([a-z]+\d*)+$", r"(?:x+x+)+y", r"(.*a){3}", r"(?:a|a)+$",
     r"((?:ab)+)+c", r"(?:\s*\w+\s*)+\."],
)  # fmt: skip
def test_nested_overlapping_repeats_are_flagged(pattern: str) -> None:
    assert find_backtracking_risk(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [r"\bpatients with (?:\w+ ){0,2}pain\b", r"\brepeat(?:ed)?\W+(?:\w+\W+){0,2}?(?:infusions?|doses)\b",
     r"(?:\s+\w+)*", r"(?:\d+,)+\d+", r"\b(?:es)?ketamin[ae]?\b", r"(\w+\s?)++$", r"(\w|\d)+$",
     r"\d+(?:\.\d+)?\s*mg/kg", r"(?-i:\bSI\b)"],
)  # fmt: skip
def test_linear_patterns_pass(pattern: str) -> None:
    assert find_backtracking_risk(pattern) is None


def builtin_patterns() -> list[str]:
    data = tomllib.loads((resources.files("litwatch.claims") / "ketamine-depression.toml").read_text())
    found = [p for patterns in data["terms"].values() for p in patterns]
    for claim in data["claims"]:
        found += [p for cues in claim.get("stance", {}).values() for p in cues]
    return found


def test_builtin_claims_pass_and_stay_fast_on_adversarial_text() -> None:
    """Every built-in pattern passes the check, and runs in linear time on long runs of one class."""
    load_claims(None)
    patterns = builtin_patterns()
    assert patterns and not [p for p in patterns if find_backtracking_risk(p)]
    probes = [unit * 2000 + "!" for unit in ("a", "a ", "1", "1.", " ", "a-", "-", "a1 ")]
    started = time.perf_counter()
    for pattern in patterns:
        compiled = re.compile(pattern, re.I)
        for probe in probes:
            compiled.search(probe)
    assert time.perf_counter() - started < 5
