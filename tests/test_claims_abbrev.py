"""Short forms an abstract defines ("esketamine (ESK)") count as the term set they stand for."""

from __future__ import annotations

import pytest
from snapshot_records import load_snapshot_records

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.abbrev import defined_short_forms, long_form_start
from litwatch.claims.matching import Doc
from litwatch.claims.text import split_sentences

CLAIMS = load_claims()


@pytest.mark.parametrize(
    ("before", "short", "long_form"),
    [
        ("patients had treatment-emergent adverse events", "TEAEs", "treatment-emergent adverse events"),
        ("we compared intravenous ketamine", "IV-KET", "intravenous ketamine"),
        ("Seven trials of esketamine nasal spray", "ESK-NS", "esketamine nasal spray"),
        ("the incidence of postpartum depression", "PPD", "postpartum depression"),
        ("scores on the rating scale", "MADRS", None),  # its letters are not there
    ],
)
def test_long_form_start(before: str, short: str, long_form: str | None) -> None:
    start = long_form_start(short, before)
    assert (before[start:] if start is not None else None) == long_form


def short_forms_of(title: str, abstract: str) -> dict[str, dict[str, str]]:
    doc = Doc(split_sentences(title, abstract))
    hits = CLAIMS.term_table().hits(doc)
    found = defined_short_forms(
        doc, hits, CLAIMS.terms, CLAIMS.required_terms(), CLAIMS.spelled_short_forms()
    )
    return {name: got.forms for name, got in sorted(found.items())}


def test_a_short_form_counts_as_the_term_set_its_long_form_ends_in() -> None:
    abstract = (
        "Adults received esketamine (ESK) or placebo. Serious adverse events (SAEs) were recorded. "
        "SAEs were rare and ESK was well tolerated."
    )
    assert short_forms_of("A trial", abstract) == {
        "adverse": {"SAEs": "Serious adverse events"},
        "ketamine": {"ESK": "esketamine"},
        "safety-finding": {"SAEs": "Serious adverse events"},
    }


def test_a_short_form_the_terms_already_name_needs_no_alias() -> None:
    """ "TRD" is in the depression term sets already: its definition is skipped (it costs time)."""
    abstract = "Patients with treatment-resistant depression (TRD) were enrolled. TRD scores fell."
    assert "TRD" in CLAIMS.spelled_short_forms()
    assert short_forms_of("Ketamine for TRD", abstract) == {}


def test_only_the_head_of_a_long_form_names_it() -> None:
    """ "rapid eye movement (REM)" is no rapid effect; a short form used once only is no alias."""
    abstract = "Rapid eye movement (REM) sleep was recorded. REM density fell. Scores (BDI) were taken."
    assert short_forms_of("Sleep after ketamine", abstract) == {}


def test_a_stance_read_through_a_short_form() -> None:
    """40468911 calls its patients "TR-D" after defining it: "appeared to sustain improvements for
    TR-D" is a (hedged) benefit in treatment-resistant depression. Without the short form the record
    bore on no depression claim."""
    (record,) = load_snapshot_records(["40468911"])
    tags = tag_record(TagInput.from_record(record), CLAIMS)
    got = {c.claim_id: c.stance for c in tags.claims}
    assert {k: got.get(k) for k in ("reduces-depression", "treatment-resistant")} == {
        "reduces-depression": "supports",
        "treatment-resistant": "supports",
    }


def test_a_dose_given_under_a_short_form_is_a_ketamine_dose() -> None:
    """40767785 gives "IV-KET (0.5 mg/kg)" after "intravenous ketamine (IV-KET)"."""
    (record,) = load_snapshot_records(["40767785"])
    tag = tag_record(TagInput.from_record(record), CLAIMS).claim("dose-0-5-mg-kg")
    assert tag is not None and (tag.stance, tag.values) == ("supports", [[0.5, 0.5]])
