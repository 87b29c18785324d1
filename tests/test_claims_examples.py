"""The trust problems a new user found in the report (issue 7), each pinned on the real record.

Records come from the bundled demo snapshot (real NLM PubMed records), so these run without
shared/. Each test names what went wrong before tagger 2.0.0 and asserts what a fact-checker
reading the record would say.
"""

from __future__ import annotations

import pytest
from snapshot_records import load_snapshot_records

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.model import RecordTags

CLAIMS = load_claims()


def tags_of(pmid: str) -> RecordTags:
    (record,) = load_snapshot_records([pmid])
    return tag_record(TagInput.from_record(record), CLAIMS)


def stances(tags: RecordTags) -> dict[str, str]:
    return {c.claim_id: c.stance for c in tags.claims}


def test_a_meta_analysis_that_found_ketamine_failed_contradicts():
    """38117332 concludes that ketamine and esketamine "failed to reduce suicidal ideation"; it was
    counted as support ("antidepressant effects" in a null result)."""
    got = stances(tags_of("38117332"))
    assert got["suicidal-thoughts"] == "contradicts"
    assert got["reduces-depression"] == "contradicts"


def test_a_pooled_psychedelics_review_is_no_ketamine_evidence():
    """39655749 pools psilocybin, LSD, MDMA and ketamine and names ketamine once: it bore on the
    depression claim as if it were a ketamine study."""
    assert "reduces-depression" not in stances(tags_of("39655749"))


def test_an_alzheimers_drug_infusion_is_not_a_ketamine_infusion_time():
    """38993656 (a dosing handbook summary) says lecanemab is given by infusion; that sentence supported
    'ketamine is infused over 45-90 minutes'."""
    assert "infusion-45-90-min" not in stances(tags_of("38993656"))


def test_a_protocol_is_a_protocol_and_has_no_findings():
    """38283689 ("clinical trial design and rationale") was graded as an RCT and given stances."""
    tags = tags_of("38283689")
    assert (tags.design, tags.evidence_level) == ("protocol", 5)
    assert all(c.claim_id in {"dose-0-5-mg-kg", "infusion-45-90-min"} for c in tags.claims)


def test_a_postoperative_neurocognition_trial_is_no_onset_evidence():
    """38710325 tests ketamine against postoperative neurocognitive disorder; it was the onset claim's
    top evidence row."""
    tags = tags_of("38710325")
    assert "onset-within-hours" not in stances(tags)
    assert tags.indication == "surgery / anaesthesia"


def test_an_anaesthesia_study_shows_its_indication():
    """Off-indication trials still count for dose facts, so every row names what was studied."""
    assert tags_of("36279978").indication == "surgery / anaesthesia"
    assert tags_of("38461645").indication == "depression"


def test_a_null_primary_outcome_beside_a_positive_suicidality_finding():
    """38461645: adjunctive esketamine did not improve response or remission (primary), but improved
    remission of suicidal ideation; the dose used (0.25 mg/kg) is below the article's 0.5 mg/kg.
    Tagger 2.4.0 reads the remission of suicidal ideation "in depressive patients" as suicidality's
    finding only, as the annotators did: the depression claim is contradicted, not mixed."""
    got = stances(tags_of("38461645"))
    assert got["reduces-depression"] == "contradicts"
    assert got["suicidal-thoughts"] == "supports"
    assert got["dose-0-5-mg-kg"] == "contradicts"


def test_a_benefit_in_trd_patients_supports_the_trd_claim():
    """39810448: esketamine in treatment-resistant depression, responders at 6 and 12 months: the
    trial *in* TRD patients supports the TRD claim (it was 'no-direction')."""
    got = stances(tags_of("39810448"))
    assert got["treatment-resistant"] == "supports"
    assert got["lasting-relief"] == "supports"


def test_no_difference_in_relapse_against_ect_is_no_direction():
    """38865906 (ketamine vs ECT): 'without difference in remission and relapse rates' says nothing
    about how long ketamine's benefit lasts."""
    assert stances(tags_of("38865906"))["lasting-relief"] == "no-direction"


@pytest.mark.parametrize(
    ("pmid", "claim_id", "ranges"),
    [("38461645", "dose-0-5-mg-kg", [[0.25, 0.25]])],
)
def test_values_are_kept_as_ranges(pmid: str, claim_id: str, ranges: list[list[float]]):
    tag = tags_of(pmid).claim(claim_id)
    assert tag is not None and tag.values == ranges


def test_an_inflammatory_response_is_no_antidepressant_response():
    """40320348 (esketamine against postoperative delirium) never mentions depression or mood: its
    "inflammatory response" made it a reduces-depression record. Since tagger 2.3 the depression
    claims need a record that names depression somewhere (`requires_mention`)."""
    got = stances(tags_of("40320348"))
    assert not {"reduces-depression", "onset-within-hours", "lasting-relief"} & set(got)


def test_a_record_about_depression_still_bears_on_it():
    """The same rule keeps 37917895, whose only depression words are "negative mood" scores."""
    # its null is on scores before surgery (tagger 2.3 reads that as no finding): supports
    assert stances(tags_of("37917895"))["reduces-depression"] == "supports"


def test_a_ketamine_studys_infusion_time_counts_without_the_drug_named():
    """40153893 (esketamine in the title) gives "Blinded trial drugs were given intravenously over the
    initial 40 min of anesthesia": 40 minutes is shorter than the article's 45-90. The sentence does
    not name the drug, so the infusion time was missed; rules may now ask that the title names it."""
    tag = tags_of("40153893").claim("infusion-45-90-min")
    assert tag is not None and (tag.stance, tag.values) == ("contradicts", [[40.0, 40.0]])
