"""tag_record end to end on real abstracts (shortened), and the JSON round trip the store relies on."""

from __future__ import annotations

import json

from stance_helpers import real_stance, snapshot_stance

from litwatch.claims import TAGGER_VERSION, RecordTags, TagInput, load_claims, tag_record
from litwatch.claims.model import ClaimTag, Value
from litwatch.record import PublicationType, Record, Section

CLAIMS = load_claims()

# 260 in the labelled set: open-label repeated infusions in veterans with PTSD and TRD
REPEATED = TagInput(
    pmid="27997979",
    title=(
        "Efficacy, Safety, and Durability of Repeated Ketamine Infusions for Comorbid Posttraumatic Stress "
        "Disorder and Treatment-Resistant Depression."
    ),
    abstract=(
        "OBJECTIVE: The present study examined the efficacy, safety, and durability of repeated ketamine "
        "infusions "
        "for the treatment of comorbid PTSD and treatment-resistant depression (TRD) in a sample of "
        "veterans. "
        "METHODS: Individuals with comorbid PTSD and major depressive disorder (N = 15) received 6 "
        "intravenous "
        "ketamine infusions (0.5 mg/kg) on a Monday-Wednesday-Friday schedule over a 12-day period. "
        "RESULTS: The remission rate for PTSD was 80.0%, and the response rate for TRD was 93.3%. "
        "Participants "
        "whose depression symptoms responded to the infusion series (n = 14) had a median time to relapse of "
        "20 days. Repeated ketamine infusions were associated with transient increases in dissociative "
        "symptoms. "
        "CONCLUSIONS: This study, the first open-label study of repeated ketamine infusions in a comorbid "
        "population, found rapid and sustained improvement in PTSD and depression symptoms. "
        "This report suggests that repeated ketamine treatments are safe and may represent an "
        "efficacious treatment for individuals with comorbid PTSD and TRD."
    ),
)

# an esketamine nasal spray trial: evidence, but not direct evidence for an IV racemic ketamine claim
NASAL = TagInput(
    pmid="2",
    title="Esketamine Nasal Spray versus Quetiapine for Treatment-Resistant Depression.",
    abstract=(
        "METHODS: In an open-label, single-blind, multicenter, phase 3b, randomized, active-controlled "
        "trial, we "
        "assigned patients to receive esketamine nasal spray or extended-release quetiapine, both in "
        "combination "
        "with an SSRI. RESULTS: Suicidal ideation decreased in both groups, and remission at week 8 favored "
        "esketamine nasal spray."
    ),
)


def test_repeated_infusion_study_is_tagged_in_full() -> None:
    tags = tag_record(REPEATED, CLAIMS)
    assert tags.pmid == "27997979"
    assert (tags.design, tags.design_source, tags.evidence_level) == ("non-randomized-trial", "text", 3)
    assert (tags.population, tags.routes, tags.formulations) == ("human", ["intravenous"], ["racemic"])
    assert tags.sample_size == 15
    assert tags.tagger_version == TAGGER_VERSION
    kinds = {(v.kind, v.value) for v in tags.numbers}
    assert {
        ("dose_mg_per_kg", 0.5),
        ("dose_count", 6.0),
        ("benefit_days", 20.0),
        ("sample_size", 15.0),
    } <= kinds
    ids = {c.claim_id for c in tags.claims}
    assert {
        "repeated-infusions",
        "dose-0-5-mg-kg",
        "side-effects-mild",
        "treatment-resistant",
        "lasting-relief",
    } <= ids
    assert "pain-relief" not in ids and "suicidal-thoughts" not in ids
    dose = tags.claim("dose-0-5-mg-kg")
    assert (
        dose is not None
        and dose.stance == "supports"
        and dose.values == [[0.5, 0.5]]
        and dose.context == "same"
    )
    repeated = tags.claim("repeated-infusions")
    assert repeated is not None and repeated.rule.startswith("match:course-given")
    assert any("6 intravenous ketamine infusions" in e for e in repeated.evidence)


def test_intranasal_esketamine_is_flagged_as_indirect_for_an_iv_claim() -> None:
    tags = tag_record(NASAL, CLAIMS)
    assert tags.design == "rct"
    assert tags.routes == ["intranasal"] and tags.formulations == ["esketamine"]
    tag = tags.claim("suicidal-thoughts")
    assert tag is not None
    assert tag.context == "different"
    assert "intranasal" in tag.context_note and "intravenous" in tag.context_note


def test_publication_types_decide_the_design() -> None:
    item = TagInput("3", REPEATED.title, REPEATED.abstract, publication_types=["Randomized Controlled Trial"])
    tags = tag_record(item, CLAIMS)
    assert (tags.design, tags.design_source, tags.evidence_level) == ("rct", "publication_type", 2)


def test_background_only_mention_does_not_make_a_record_bear_on_a_claim() -> None:
    item = TagInput(
        "4",
        "Ketamine and sleep in depression",
        "BACKGROUND: Ketamine reduces suicidal ideation within hours. METHODS: We measured actigraphy in 20 "
        "patients for a week after a ketamine infusion.",
    )
    assert tag_record(item, CLAIMS).claim("suicidal-thoughts") is None


def test_ketamine_named_only_beside_another_drug_is_no_ketamine_study() -> None:
    # 38518269, a psilocybin primer: its one mention of ketamine was "Aside from ketamine, psilocybin
    # is the most clinically well-researched psychedelic drug"; 38993656, a review of new
    # antidepressants, named it once, "other than esketamine (Spravato)"
    for pmid in ("38518269", "38993656"):
        assert snapshot_stance(pmid, "reduces-depression") is None, pmid
    # named for its own finding, it still counts
    item = TagInput(
        "5",
        "Psilocybin for depression: a review",
        "RESULTS: Psilocybin reduced depressive symptoms. CONCLUSIONS: Ketamine and psilocybin both "
        "reduced depressive symptoms within a day.",
    )
    assert tag_record(item, CLAIMS).claim("reduces-depression") is not None


def test_from_record_keeps_section_labels() -> None:
    record = Record(
        pmid="5",
        title="Ketamine for depression",
        sections=[
            Section("BACKGROUND", "BACKGROUND", "Suicide is common."),
            Section("RESULTS", "RESULTS", "Ketamine reduced suicidal ideation."),
        ],
        publication_types=[PublicationType("Case Reports", "D002363")],
    )
    item = TagInput.from_record(record)
    assert item.abstract == "BACKGROUND: Suicide is common. RESULTS: Ketamine reduced suicidal ideation."
    assert item.publication_types == ["Case Reports"]
    tags = tag_record(item, CLAIMS)
    tag = tags.claim("suicidal-thoughts")
    assert tag is not None and tag.evidence == ["Ketamine reduced suicidal ideation."]


def test_tags_round_trip_through_json() -> None:
    tags = tag_record(REPEATED, CLAIMS)
    again = RecordTags.from_dict(json.loads(json.dumps(tags.to_dict())))
    assert again == tags
    assert isinstance(again.numbers[0], Value) and isinstance(again.claims[0], ClaimTag)
    # older or newer JSON with extra keys still loads
    data = tags.to_dict()
    data["unknown"] = 1
    data["claims"][0]["extra"] = "x"
    assert RecordTags.from_dict(data).claims[0] == tags.claims[0]


def test_tagging_is_deterministic_and_handles_empty_text() -> None:
    assert tag_record(REPEATED, CLAIMS) == tag_record(REPEATED, CLAIMS)
    empty = tag_record(TagInput("6", "", ""), CLAIMS)
    assert (empty.design, empty.population, empty.claims, empty.numbers) == ("other", "unknown", [], [])


def test_a_title_reference_makes_every_sentence_of_a_ketamine_study_hit() -> None:
    """ "title:ketamine" in a match rule: the dose sentence need not name the drug when the title does."""
    abstract = "METHODS: A dose of 0.5 mg/kg was administered intravenously in 40 minutes by perfusor."
    claims = load_claims()
    study = tag_record(TagInput("1", "Ketamine in a resistant depressed patient", abstract), claims)
    got = {c.claim_id: (c.stance, c.values) for c in study.claims}
    assert got["dose-0-5-mg-kg"] == ("supports", [[0.5, 0.5]])
    assert got["infusion-45-90-min"] == ("contradicts", [[40.0, 40.0]])
    # a handbook that is no ketamine study: its other drug's infusion time is not ketamine's
    handbook = (
        "RESULTS: Ketamine 0.5 mg/kg is common. Brexanolone is infused over 60 minutes. "
        "CONCLUSIONS: Ketamine dosing varies."
    )
    other = tag_record(TagInput("2", "Dosing handbook", handbook), claims)
    assert [c.claim_id for c in other.claims] == ["dose-0-5-mg-kg"]


def test_a_drug_class_name_is_no_mechanism_finding() -> None:
    """ "the NMDA antagonist ketamine" names ketamine's class (PsyNamic 6123, 9419); "NMDA receptor
    antagonism underlies its effect" is a finding about the mechanism."""
    claims = load_claims()
    title = "Cognitive effects of the NMDA antagonist ketamine in healthy volunteers"
    described = (
        "RESULTS: The NMDA receptor antagonist ketamine impaired recall in N-methyl-D-aspartate "
        "blocker trials."
    )
    assert "glutamate-mechanism" not in {
        c.claim_id for c in tag_record(TagInput("1", title, described), claims).claims
    }
    finding = "CONCLUSIONS: NMDA receptor antagonism by ketamine enhanced synaptic plasticity."
    tags = tag_record(TagInput("2", "Ketamine and plasticity", finding), claims)
    assert "glutamate-mechanism" in {c.claim_id for c in tags.claims}


def test_a_psychosis_model_finding_is_no_antidepressant_mechanism() -> None:
    """Tagger 2.14.0: ketamine as a model of schizophrenia. "These data suggest that the prefrontal
    cortex may be involved in mediating NMDA receptor-induced psychosis" (9167508, earlier set,
    dev) and "support a role for glutamatergic dysfunction in the pathophysiology of schizophrenia"
    (16228196) are about that illness, not about how ketamine treats depression."""
    assert real_stance("9167508", "glutamate-mechanism") is None
    assert real_stance("16228196", "glutamate-mechanism") is None
    claims = load_claims()
    finding = "CONCLUSIONS: Ketamine increased prefrontal glutamate release in depressed patients."
    tags = tag_record(TagInput("1", "Ketamine and glutamate in depression", finding), claims)
    assert "glutamate-mechanism" in {c.claim_id for c in tags.claims}


def test_a_null_mechanism_finding_contradicts_the_mechanism_claim() -> None:
    """Tagger 2.3.1: "Lack of relationships between ketamine treatment and peripheral neurotrophic
    factors ... were not detected" (40188855) supported the glutamate claim as a mechanism finding."""
    claims = load_claims()
    for finding in (
        "CONCLUSIONS: Associations between ketamine and plasma BDNF levels were not detected.",
        "RESULTS: No differences were found between ketamine and saline in BDNF and glutamate levels.",
    ):
        tag = tag_record(TagInput("1", "A randomised trial of ketamine", finding), claims).claim(
            "glutamate-mechanism"
        )
        assert tag is not None and tag.stance == "contradicts", finding
    found = "CONCLUSIONS: Ketamine increased plasma BDNF levels, consistent with synaptic plasticity."
    tag = tag_record(TagInput("2", "A randomised trial of ketamine", found), claims).claim(
        "glutamate-mechanism"
    )
    assert tag is not None and tag.stance == "supports"
