"""Claims files: the built-in file, and validation errors that name file, claim and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litwatch.claims import load_claims
from litwatch.claims.claimset import builtin_names, parse_claims
from litwatch.claims.model import UnstatedOutcome
from litwatch.errors import ClaimsFileError

REQUIRED = {
    "onset-within-hours",
    "dose-0-5-mg-kg",
    "infusion-45-90-min",
    "repeated-infusions",
    "side-effects-mild",
    "long-term-safety",
    "faster-than-antidepressants",
    "suicidal-thoughts",
    "lasting-relief",
    "glutamate-mechanism",
    "pain-relief",
    "treatment-resistant",
    "reduces-depression",
}

MINIMAL = """
name = "mini"
title = "A test article"
source = "tests"
routes = ["intravenous"]

[terms]
suicide = ['\\bsuicid\\w*']

[[claims]]
id = "dose-0-5-mg-kg"
statement = "The dose is 0.5 mg/kg."
article_quote = "0.5mg per 1 kg"
value_kind = "dose_mg_per_kg"
article_low = 0.5
article_high = 0.5
unit = "mg/kg"
  [[claims.match]]
  name = "doses"
  all = ["value:dose_mg_per_kg"]
  [claims.compare]
  supports = [0.4, 0.6]

[[claims]]
id = "suicidal-thoughts"
statement = "Ketamine reduces suicidal thoughts."
article_quote = "even suicidal thoughts"
  [[claims.match]]
  name = "suicide"
  all = ["suicide"]
"""


def write(tmp_path: Path, text: str, name: str = "claims.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ClaimsFileError) as info:
        load_claims(write(tmp_path, text))
    return str(info.value)


def test_builtin_file_loads_with_every_claim_of_the_article() -> None:
    claims = load_claims()
    assert claims.name == "ketamine-depression"
    assert claims.title == "How Does Ketamine Work In Treating Depression?"
    assert {c.id for c in claims.claims} >= REQUIRED
    assert "ketamine-depression" in builtin_names()
    assert load_claims("ketamine-depression").name == claims.name
    dose = claims.claim("dose-0-5-mg-kg")
    assert dose is not None and (dose.value_kind, dose.article_low, dose.unit) == (
        "dose_mg_per_kg",
        0.5,
        "mg/kg",
    )
    assert dose.routes == ("intravenous",) and dose.formulations == ("racemic",)
    onset = claims.claim("onset-within-hours")
    assert onset is not None and onset.value_kind == "onset_hours" and onset.article_low == 2.0
    infusion = claims.claim("infusion-45-90-min")
    assert infusion is not None and (infusion.article_low, infusion.article_high) == (45.0, 90.0)
    for claim in claims.claims:
        assert claim.statement and claim.article_quote and claim.match


def test_minimal_file_loads(tmp_path: Path) -> None:
    claims = load_claims(write(tmp_path, MINIMAL))
    assert [c.id for c in claims.claims] == ["dose-0-5-mg-kg", "suicidal-thoughts"]
    assert claims.claims[1].routes == ("intravenous",)  # inherited from the top level
    assert claims.terms["suicide"].search("Suicidal ideation")  # case-insensitive


def test_wrong_type_names_file_claim_and_field(tmp_path: Path) -> None:
    message = error_for(tmp_path, MINIMAL.replace("article_low = 0.5", 'article_low = "half"'))
    assert (
        message == f"{tmp_path / 'claims.toml'}: claim 'dose-0-5-mg-kg': field 'article_low' must be a number"
    )


def test_relative_path_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, MINIMAL.replace("article_low = 0.5", 'article_low = "half"'))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ClaimsFileError, match=r"^claims\.toml: claim 'dose-0-5-mg-kg': field 'article_low'"):
        load_claims("claims.toml")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name = "mini"', 'name = "mini"\nauthor = "x"', r": field 'author' is not a known key"),
        (
            'unit = "mg/kg"',
            'unit = "mg/kg"\nsentense = "x"',
            r"claim 'dose-0-5-mg-kg': field 'sentense' is not a known key",
        ),
        (
            'name = "doses"',
            'name = "doses"\nscop = "record"',
            r"claim 'dose-0-5-mg-kg' match\[0\]: field 'scop' is not a known key",
        ),
        (
            "supports = [0.4, 0.6]",
            "supports = [0.4, 0.6]\nequals = 1",
            r"claim 'dose-0-5-mg-kg' compare: field 'equals'",
        ),
    ],
)
def test_unknown_keys_are_rejected(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert re.search(expected, error_for(tmp_path, MINIMAL.replace(old, new, 1)))


def test_bad_regex_is_named(tmp_path: Path) -> None:
    message = error_for(tmp_path, MINIMAL.replace("suicide = ['\\bsuicid\\w*']", "suicide = ['(suicid']"))
    assert "terms: field 'suicide' has an invalid regex '(suicid'" in message
    text = MINIMAL + "  [claims.stance]\n  supports = ['reduc[']\n"
    message = error_for(tmp_path, text)
    assert "claim 'suicidal-thoughts' stance: field 'supports' has an invalid regex 'reduc['" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'all = ["suicide"]',
            'all = ["suicidality"]',
            "claim 'suicidal-thoughts' match[0]: field 'all' names term set 'suicidality'",
        ),
        (
            'all = ["value:dose_mg_per_kg"]',
            'all = ["value:dose_in_mg"]',
            "field 'all' has 'value:dose_in_mg'",
        ),
        (
            'value_kind = "dose_mg_per_kg"',
            'value_kind = "dose"',
            "claim 'dose-0-5-mg-kg': field 'value_kind' must be one of",
        ),
        ('routes = ["intravenous"]', 'routes = ["iv"]', "field 'routes' has unknown value 'iv'"),
        (
            "article_high = 0.5",
            "article_high = 0.1",
            "field 'article_low' must not be greater than 'article_high'",
        ),
        (
            'id = "suicidal-thoughts"',
            'id = "dose-0-5-mg-kg"',
            "claim 'dose-0-5-mg-kg': field 'id' is used by more than one claim",
        ),
        (
            'id = "suicidal-thoughts"',
            'id = "Suicidal Thoughts"',
            "claims[1]: field 'id' must be a lower-case id",
        ),
        ('title = "A test article"\n', "", ": field 'title' is required"),
        ("supports = [0.4, 0.6]", "supports = [0.6, 0.4]", "compare: field 'supports' must be [low, high]"),
        (
            'id = "suicidal-thoughts"',
            'id = "suicidal-thoughts"\nnarrows = ["dose-0-5-mg-kg", "no-such-claim"]',
            "claim 'suicidal-thoughts': field 'narrows' must name claims defined above this one",
        ),
        (
            'id = "suicidal-thoughts"',
            'id = "suicidal-thoughts"\nnarrows = []',
            "field 'narrows' must name at least one claim",
        ),
        (
            'id = "suicidal-thoughts"',
            'id = "suicidal-thoughts"\nrequires_mention = ["depression"]',
            "claim 'suicidal-thoughts': field 'requires_mention' names term set 'depression', which [terms]",
        ),
        (
            'all = ["suicide"]',
            'all = ["suicide"]\n  [claims.stance]\n  model = "benefit"\n  subject = ["suicide"]\n'
            '  prefer = ["pain"]',
            "field 'prefer' names 'pain', which is not one of the stance's subject term sets",
        ),
    ],
)
def test_validation_errors(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    assert expected in error_for(tmp_path, MINIMAL.replace(old, new, 1))


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ClaimsFileError, match="claims file not found"):
        load_claims(tmp_path / "nope.toml")
    with pytest.raises(ClaimsFileError, match="not valid TOML"):
        load_claims(write(tmp_path, "name = "))


def test_parse_claims_names_the_given_file() -> None:
    with pytest.raises(ClaimsFileError, match=r"^article\.toml: field 'claims' must be a non-empty list"):
        parse_claims({"name": "x", "title": "t", "source": "s", "claims": []}, "article.toml")


def names(outcome: UnstatedOutcome, text: str) -> bool:
    return any(re.search(pattern, text, re.I) for pattern in outcome.patterns)


UNSTATED = """  [[claims.unstated]]
  label = "fewer suicide attempts or deaths"
  mentions = "suicide attempts or deaths"
  about = "suicidal thoughts"
  patterns = ['\\bsuicid\\w* attempt\\w*', '\\bdied by suicide\\b']
"""


def test_unstated_outcomes_load_with_their_patterns(tmp_path: Path) -> None:
    claim = load_claims(write(tmp_path, MINIMAL + UNSTATED)).claims[1]
    (outcome,) = claim.unstated
    assert (outcome.label, outcome.mentions, outcome.about) == (
        "fewer suicide attempts or deaths",
        "suicide attempts or deaths",
        "suicidal thoughts",
    )
    assert names(outcome, "Two Suicide Attempts occurred") and names(outcome, "one died by suicide")
    assert not names(outcome, "suicidal ideation fell")
    assert load_claims(write(tmp_path, MINIMAL)).claims[1].unstated == ()
    # a single [claims.unstated] table is one outcome; `about` is optional
    single = UNSTATED.replace("[[claims.unstated]]", "[claims.unstated]").replace(
        '  about = "suicidal thoughts"\n', ""
    )
    (outcome,) = load_claims(write(tmp_path, MINIMAL + single)).claims[1].unstated
    assert (outcome.label, outcome.about) == ("fewer suicide attempts or deaths", "")


def test_the_builtin_suicide_claim_names_attempts_and_deaths_as_unstated() -> None:
    for claim_set in (load_claims(), parse_claims({**MINIMAL_USE}, "uses.toml")):
        (outcome,) = next(c for c in claim_set.claims if c.id == "suicidal-thoughts").unstated
        assert outcome.label == "fewer suicide attempts or deaths"
        for text in (
            "No suicide attempts occurred.",
            "Suicidal behaviour did not differ.",
            "Two patients died by suicide.",
            "completed suicides",
            "suicide deaths",
            "a history of attempted suicide",
        ):
            assert names(outcome, text), text
        for text in ("suicidal ideation decreased", "suicide risk", "MADRS suicide item"):
            assert not names(outcome, text), text
    others = [c.id for c in load_claims().claims if c.unstated]
    assert others == ["suicidal-thoughts"]


MINIMAL_USE = {
    "name": "uses",
    "title": "A leaflet",
    "source": "tests",
    "claims": [{"use": "suicidal-thoughts", "article_quote": "It helps with suicidal thoughts."}],
}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('  label = "fewer suicide attempts or deaths"\n', "", "unstated[0]: field 'label' is required"),
        (
            'mentions = "suicide attempts or deaths"',
            "mentions = 3",
            "field 'mentions' must be a non-empty string",
        ),
        ("patterns = [", "patterns = []\nold = [", "field 'old' is not a known key"),
        (
            "patterns = [",
            "pattern = [",
            "unstated[0]: field 'pattern' is not a known key (allowed: about, label, mentions, patterns)",
        ),
        ("'\\bdied by suicide\\b'", "'(died'", "unstated[0]: field 'patterns' has an invalid regex '(died'"),
        (
            "'\\bdied by suicide\\b'",
            "'(\\w+\\s?)+$'",
            "unstated[0]: field 'patterns' has a regex that can take exponential time",
        ),
    ],
)
def test_unstated_validation_errors(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in UNSTATED
    message = error_for(tmp_path, MINIMAL + UNSTATED.replace(old, new, 1))
    assert expected in message and message.startswith(
        f"{tmp_path / 'claims.toml'}: claim 'suicidal-thoughts'"
    )
    assert "\n" not in message


def test_unstated_needs_at_least_one_pattern(tmp_path: Path) -> None:
    text = MINIMAL + UNSTATED.replace("patterns = [", "patterns = []\n  unused = [")
    assert "field 'unused' is not a known key" in error_for(tmp_path, text)
    empty = (
        "\n".join(line for line in UNSTATED.splitlines() if "patterns" not in line) + "\n  patterns = []\n"
    )
    assert error_for(tmp_path, MINIMAL + empty) == (
        f"{tmp_path / 'claims.toml'}: claim 'suicidal-thoughts' unstated[0]: field 'patterns' must list "
        "at least one regex that names the outcome in a record"
    )


def test_unstated_must_be_tables(tmp_path: Path) -> None:
    quote = 'article_quote = "even suicidal thoughts"'
    message = error_for(tmp_path, MINIMAL.replace(quote, f'{quote}\nunstated = "attempts"'))
    assert message == (
        f"{tmp_path / 'claims.toml'}: claim 'suicidal-thoughts': field 'unstated' must be "
        "[[claims.unstated]] tables with label, mentions and patterns"
    )
