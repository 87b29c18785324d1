"""Property-based fuzzing of the claims loader (issue 8, "Done when").

Whatever a claims file holds, `parse_claims` and `load_claims` either return a claim set or stop
with our one-line `ClaimsFileError`; nothing else escapes, and memory stays bounded. Documents are
the built-in claims file with random keys, values, regexes and numbers put in, taken out or
replaced (and, for `load_claims`, its TOML text with random snippets spliced in). The budget is
fixed and the search derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import copy
import resource
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litwatch.claims.claimset import load_claims, parse_claims
from litwatch.errors import ClaimsFileError

BUILTIN_TEXT = (resources.files("litwatch.claims") / "ketamine-depression.toml").read_text(encoding="utf-8")
BUILTIN = tomllib.loads(BUILTIN_TEXT)
BUDGET = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
MEMORY_GROWTH_MB = 300

REGEXES = st.sampled_from(
    [
        "(",
        ")",
        "[",
        "[z-a]",
        "\\",
        "(?P<x>a)(?P<x>b)",
        "(?<=a+)b",
        "(a+)+$",
        "(a|aa)*c",
        "(.*){1,32000}",
        "a{99999999}",
        "(?i)ketamine",
        "\\bketamine\\b",
        "(?x) # comment",
        "\\p{L}",
        "\\1",
        "*",
        "",
        "x" * 5000,
        "(" * 200 + ")" * 200,
        "\x00",
        "\ud800",
        "value:dose_mg_per_kg>=0.5",
        "value:nope",
    ]
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -0.0, 1e-320, 1e308, 1_000_000, 1_000_001]),
)
SCALARS = st.one_of(st.text(max_size=30), REGEXES, NUMBERS, st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS.filter(lambda v: v is not None),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.one_of(
    st.sampled_from(
        [
            "id",
            "match",
            "any",
            "all",
            "none",
            "terms",
            "claims",
            "stance",
            "compare",
            "supports",
            "use",
            "value_kind",
        ]
    ),
    st.text(max_size=12),
)


def all_paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every place in a parsed TOML document: dict keys and list indices, parents first."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from all_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from all_paths(value, (*path, index))


PATHS = list(all_paths(BUILTIN))


@st.composite
def mutated_claims(draw: st.DrawFn) -> dict[str, Any]:
    """The built-in claims document with 1-4 random edits: replace a value, drop it, add a key."""
    doc = copy.deepcopy(BUILTIN)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS[1:]))
        parent: Any = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            parent[last]  # noqa: B018 (an earlier edit may have removed it)
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, (dict, list)):
            continue  # an earlier edit replaced a table or list with a string: nothing to edit in it
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            parent[last] = draw(VALUES)
        elif action == "drop":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][draw(KEYS)] = draw(VALUES)
        elif isinstance(parent[last], list):
            parent[last].append(draw(VALUES))
    return doc


TOML_SNIPPETS = st.sampled_from(
    [
        "\n[[claims]]\n",
        "\n[terms]\n",
        '\nid = "x"\n',
        "\nany = ['(']\n",
        "\narticle_low = nan\n",
        "\narticle_high = inf\n",
        "\nmin_sentences = -1\n",
        "=",
        '"',
        "'''",
        "[",
        "]",
        "\x00",
        "\ud800",
        "\ufeff",
        "\r\n",
        "\n" + "a = 1\n" * 50,
    ]
)


def assert_one_line(exc: ClaimsFileError) -> None:
    message = str(exc)
    assert message and "Traceback" not in message


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture(autouse=True)
def bounded_memory() -> Iterator[None]:
    """No property may raise the process's peak memory by more than MEMORY_GROWTH_MB."""
    before = peak_mb()
    yield
    assert peak_mb() - before < MEMORY_GROWTH_MB


def test_builtin_document_parses() -> None:
    """The seed every mutation starts from is itself valid."""
    assert parse_claims(copy.deepcopy(BUILTIN), "seed.toml").claims


@BUDGET
@given(doc=mutated_claims())
def test_parse_claims_only_raises_claims_file_error(doc: dict[str, Any]) -> None:
    try:
        parse_claims(doc, "fuzz.toml")
    except ClaimsFileError as exc:
        assert_one_line(exc)


@BUDGET
@given(doc=st.dictionaries(KEYS, VALUES, max_size=6))
def test_parse_claims_takes_any_document(doc: dict[str, Any]) -> None:
    try:
        parse_claims(doc, "fuzz.toml")
    except ClaimsFileError as exc:
        assert_one_line(exc)


@BUDGET
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(BUILTIN_TEXT)), TOML_SNIPPETS), min_size=1, max_size=3),
    encode_error=st.booleans(),
)
def test_load_claims_takes_any_file(tmp_path: Path, cuts: list[tuple[int, str]], encode_error: bool) -> None:
    text = BUILTIN_TEXT
    for at, snippet in sorted(cuts, reverse=True):
        text = text[:at] + snippet + text[at:]
    path = tmp_path / "claims.toml"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(data + (b"\xff\xfe" if encode_error else b""))
    try:
        load_claims(path)
    except ClaimsFileError as exc:
        assert_one_line(exc)
