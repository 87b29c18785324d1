"""Issue 8, items 16a/16d: numbers in a claims file must be finite and sane, refused on load."""

# SQLite only: claims-file checks are under test; the database is incidental.

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.claims.claimset import load_claims
from litwatch.cli import app
from litwatch.db.engine import open_database
from litwatch.errors import ClaimsFileError

CLAIMS = """
name = "numbers"
title = "A test article"
source = "tests"

[terms]
ketamine = ['\\bketamine\\b']

[[claims]]
id = "dose"
statement = "The dose is 0.5 mg/kg."
article_quote = "0.5 mg per kg"
value_kind = "dose_mg_per_kg"
article_low = {low}
article_high = {high}
unit = "mg/kg"
  [[claims.match]]
  name = "doses"
  all = ["ketamine", "{ref}"]
  [claims.compare]
  supports = [{lo}, {hi}]
"""
GOOD = {"low": "0.5", "high": "0.5", "lo": "0.4", "hi": "0.6", "ref": "value:dose_mg_per_kg>=0.1"}


def write(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS.format(**{**GOOD, **changes}), encoding="utf-8")
    return path


def test_sane_numbers_load(tmp_path: Path) -> None:
    claim = load_claims(write(tmp_path)).claims[0]
    assert (claim.article_low, claim.article_high) == (0.5, 0.5)
    assert claim.compare is not None and claim.compare.supports == (0.4, 0.6)


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"high": "1e300"}, "article_high", "must be between 0 and 1,000,000, not 1e+300"),
        ({"high": "nan"}, "article_high", "must be a finite number, not nan"),
        ({"low": "-inf"}, "article_low", "must be a finite number, not -inf"),
        ({"high": "inf"}, "article_high", "must be a finite number, not inf"),
        ({"low": "-3"}, "article_low", "must be between 0 and 1,000,000, not -3"),
        ({"hi": "nan"}, "supports", "must be a finite number, not nan"),
        ({"lo": "-inf"}, "supports", "must be a finite number, not -inf"),
        ({"hi": "1e308"}, "supports", "must be between 0 and 1,000,000, not 1e+308"),
        ({"ref": "value:dose_mg_per_kg>=99999999999999999999"}, "all", "must be between 0 and 1,000,000"),
    ],
)
def test_insane_numbers_are_refused_naming_file_claim_and_field(
    tmp_path: Path, changes: dict[str, str], field: str, problem: str
) -> None:
    path = write(tmp_path, **changes)
    with pytest.raises(ClaimsFileError) as caught:
        load_claims(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: claim 'dose'")
    assert f"field '{field}' {problem}" in message
    assert "\n" not in message


def test_cli_refuses_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, high="1e300")
    db = tmp_path / "lw.db"
    open_database(db).dispose()
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--claims", str(path), "-o", "-"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"litwatch: error: {path}: claim 'dose': field 'article_high' must be between 0 and 1,000,000, "
        "not 1e+300"
    )
