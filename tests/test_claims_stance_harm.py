"""The harm claims (side-effects-mild, long-term-safety): when a record bears on them, which way."""

from __future__ import annotations

import tomllib

import pytest
from stance_helpers import real_stance, snapshot_stance, stance_of

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.claimset import parse_claims


@pytest.mark.parametrize(
    "abstract",
    [
        # an outcome's time point is no long-term exposure to the drug
        "RESULTS: The long-term relapse rate was lower with esketamine, with a manageable safety profile.",
        # "in the course of" / "an acute course of ECT" is no course of ketamine
        "RESULTS: Ketamine anaesthesia during an acute course of ECT raised blood pressure.",
    ],
)
def test_a_long_term_time_point_is_no_long_term_use(abstract: str) -> None:
    assert stance_of(abstract, "long-term-safety", title="Ketamine in depression") is None


@pytest.mark.parametrize(
    "abstract",
    [
        "RESULTS: During long-term treatment with esketamine no new safety signals were identified.",
        "RESULTS: A course of six ketamine infusions was safe and well tolerated.",
    ],
)
def test_long_term_use_with_a_safety_finding_bears_on_long_term_safety(abstract: str) -> None:
    assert stance_of(abstract, "long-term-safety", title="Ketamine in depression") == "supports"


def test_long_term_efficacy_in_a_meta_analysis_is_no_safety_evidence() -> None:
    # 38492442: "over the long term" is when depression was measured, not how long ketamine was given
    assert snapshot_stance("38492442", "long-term-safety") is None


@pytest.mark.parametrize(
    ("abstract", "stance"),
    [
        # one patient in ten or more is common, not infrequent
        (
            "RESULTS: The most common adverse events were headache (36.9%) and dizziness (33.9%).",
            "contradicts",
        ),
        (
            "RESULTS: Ketamine was well tolerated. The most common adverse events were nausea (24%) and "
            "dissociation (18%).",
            "mixed",
        ),
        # a rare one is no such finding
        ("RESULTS: Ketamine was well tolerated; nausea (4%) was the most common adverse event.", "supports"),
    ],
)
def test_a_side_effect_in_one_patient_in_ten_is_common(abstract: str, stance: str) -> None:
    assert stance_of(abstract, "side-effects-mild") == stance


def test_adverse_event_rates_of_a_route_comparison_are_frequent_side_effects() -> None:
    # 39068714: "headache (56.7 % vs 74.2 %) ... less common with oral ketamine": both routes common
    assert snapshot_stance("39068714", "side-effects-mild") == "contradicts"


@pytest.mark.parametrize(
    "abstract",
    [
        "CONCLUSIONS: There is a need for guidelines to ensure ketamine is being used safely.",
        "CONCLUSIONS: There is a need to identify ketamine strategies that are safe and durable.",
        "CONCLUSIONS: Ketamine use is rising, which highlights the need for harm reduction.",
    ],
)
def test_a_statement_of_need_is_no_side_effect_finding(abstract: str) -> None:
    assert stance_of(abstract, "side-effects-mild") is None


def test_a_side_effect_finding_beside_a_need_still_counts() -> None:
    abstract = (
        "RESULTS: Side effects of ketamine were mild and transient. CONCLUSIONS: There is a need for "
        "larger trials."
    )
    assert stance_of(abstract, "side-effects-mild") == "supports"


def test_a_psychedelic_harm_reduction_survey_is_no_side_effect_evidence() -> None:
    # 37605471: "information about harm reduction for psychedelic drug users"
    assert snapshot_stance("37605471", "side-effects-mild") is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # a double negation says the harm is there
        ("RESULTS: Esketamine is not devoid of adverse effects on mood.", "contradicts"),
        ("RESULTS: Ketamine was not without side effects.", "contradicts"),
        ("RESULTS: Ketamine was given without serious adverse events.", "supports"),
        # a slow-release formulation is no prolonged harm
        ("RESULTS: Prolonged-release ketamine had adverse event rates comparable to placebo.", "supports"),
        # any "less" phrase of the clause may govern the harm it names
        (
            "RESULTS: Arketamine had a favourable safety profile, showing lower incidences of dissociative "
            "and psychotomimetic effects than esketamine.",
            "supports",
        ),
    ],
)
def test_harm_wording_of_the_harm_model(sentence: str, stance: str) -> None:
    assert stance_of(sentence, "side-effects-mild") == stance


def test_a_prolonged_release_formulation_is_no_lasting_harm() -> None:
    # 38522166: "Oral prolonged-release ketamine ... adverse event rates were comparable"
    assert snapshot_stance("38522166", "side-effects-mild") == "supports"


@pytest.mark.parametrize(
    ("abstract", "stance"),
    [
        # cognition measured as an outcome of repeated use is a safety finding
        ("RESULTS: Repeated ketamine infusions did not impair cognitive function.", "supports"),
        ("RESULTS: After six infusions of ketamine, cognition was unchanged from baseline.", "supports"),
        # a brain network or an indication named "cognitive" is not
        ("RESULTS: After six infusions of ketamine, cognitive control network states changed.", None),
        ("RESULTS: Repeated ketamine may have uses in cognitive disorders and stroke.", None),
    ],
)
def test_cognition_as_an_outcome_is_a_long_term_safety_finding(abstract: str, stance: str | None) -> None:
    assert stance_of(abstract, "long-term-safety", title="Ketamine in depression") == stance


def test_adverse_events_measured_but_not_reported_bear_on_the_claim_without_direction() -> None:
    # the guide: "it measured adverse events but does not report them" is relevant, no-direction
    abstract = (
        "OBJECTIVE: To compare the efficacy and safety of ketamine and ECT. METHODS: Adverse events were "
        "recorded at each visit. RESULTS: Depression scores fell in both groups."
    )
    assert stance_of(abstract, "side-effects-mild") == "no-direction"


def test_a_measured_adverse_outcome_takes_its_stance_from_the_results() -> None:
    abstract = (
        "METHODS: Adverse events were recorded at each visit. RESULTS: Ketamine was well tolerated and "
        "side effects were mild."
    )
    assert stance_of(abstract, "side-effects-mild") == "supports"


def test_a_protocol_that_plans_safety_outcomes_has_no_side_effect_tag() -> None:
    abstract = (
        "OBJECTIVE: This protocol describes a randomised trial of ketamine. METHODS: Adverse events will be "
        "recorded at each visit."
    )
    assert stance_of(abstract, "side-effects-mild", title="Ketamine for depression: a study protocol") is None


def test_a_sentence_of_need_gives_long_term_safety_no_safety_finding() -> None:
    abstract = (
        "RESULTS: Most clinics offer maintenance ketamine treatment. CONCLUSIONS: There is a need for "
        "guidelines to ensure ketamine is used safely."
    )
    assert stance_of(abstract, "long-term-safety") is None
    found = abstract.replace("There is a need for guidelines to ensure", "Audits showed")
    assert stance_of(found, "long-term-safety") == "supports"


def test_skip_drops_sentences_from_a_record_scope_rule() -> None:
    text = """
name = "t"
title = "T"
source = "test"
[terms]
drug = ['\\bketamine\\b']
exposure = ['\\bmaintenance\\b']
safe = ['\\bsafe\\b']
need = ['\\bneed\\b']
[[claims]]
id = "c"
statement = "s"
article_quote = "q"
  [[claims.match]]
  name = "r"
  scope = "record"
  all = ["exposure", "safe"]
  skip = ["need"]
"""
    claims = parse_claims(tomllib.loads(text), "t.toml")
    assert claims.claims[0].match[0].skip[0].term == "need"
    need = TagInput("1", "Maintenance ketamine", "RESULTS: We need safe maintenance ketamine.")
    found = TagInput("2", "Maintenance ketamine", "RESULTS: Maintenance ketamine was safe.")
    assert tag_record(need, claims).claim("c") is None
    assert tag_record(found, claims).claim("c") is not None


def test_a_course_of_doses_with_a_safety_finding_bears_on_long_term_safety() -> None:
    # no "repeated" or "maintenance" word: the dose count says the course was given
    abstract = (
        "RESULTS: Patients received six ketamine infusions over two weeks. All patients tolerated "
        "treatment well."
    )
    assert stance_of(abstract, "long-term-safety", title="Ketamine in depression") == "supports"
    single = "RESULTS: Patients received one ketamine infusion. All patients tolerated treatment well."
    assert stance_of(single, "long-term-safety", title="Ketamine in depression") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "CONCLUSIONS: We provide further evidence for the efficacy and tolerability of ketamine.",
        "CONCLUSIONS: These findings support the tolerability of repeated ketamine.",
    ],
)
def test_evidence_for_tolerability_supports(sentence: str) -> None:
    assert stance_of(sentence, "side-effects-mild") == "supports"


def test_findings_come_before_a_measured_outcome_in_the_evidence() -> None:
    abstract = (
        "METHODS: Adverse events were recorded at each visit. RESULTS: Side effects of ketamine were mild "
        "and transient."
    )
    tag = tag_record(TagInput("1", "Ketamine for depression", abstract), load_claims()).claim(
        "side-effects-mild"
    )
    assert tag is not None
    assert tag.evidence == [
        "Side effects of ketamine were mild and transient.",
        "Adverse events were recorded at each visit.",
    ]


@pytest.mark.parametrize(
    ("abstract", "stance"),
    [
        # the control arm's null result is no finding on ketamine
        (
            "RESULTS: Dissociation ratings were increased by ketamine. In contrast, midazolam showed no "
            "effect on ratings of dissociation.",
            "contradicts",
        ),
        # a list of harms "were reported": they occurred
        (
            "RESULTS: Complications such as headache, nausea and vomiting were reported with ketamine.",
            "contradicts",
        ),
        ("RESULTS: Mild side effects such as nausea were reported with ketamine.", "supports"),
        ("RESULTS: No side effects such as nausea were reported with ketamine.", "supports"),
        # few discontinuations for adverse events cast no vote
        ("RESULTS: Only 6.4% of participants discontinued ketamine due to adverse events.", "no-direction"),
        ("RESULTS: 25% of participants discontinued ketamine due to adverse events.", "contradicts"),
    ],
)
def test_harm_findings_of_arms_lists_and_rates(abstract: str, stance: str) -> None:
    assert stance_of(abstract, "side-effects-mild") == stance


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # another substance's dependence, addiction or craving is the condition treated, not a harm
        (
            "RESULTS: Over 12 weeks of repeated esketamine infusions, nicotine dependence and craving "
            "were alleviated, and no serious adverse events occurred.",
            "supports",
        ),
        ("RESULTS: After six weekly infusions, alcohol dependence scores fell.", None),
        # ketamine's own dependence still counts against long-term safety, and so does "substance
        # abuse", which names no other substance
        ("RESULTS: After six weekly infusions, two patients developed ketamine dependence.", "contradicts"),
        ("RESULTS: Repeated recreational ketamine use led to substance abuse deaths.", "contradicts"),
    ],
)
def test_the_substance_use_treated_is_no_harm_of_ketamine(abstract: str, expected: str | None) -> None:
    assert stance_of(abstract, "long-term-safety") == expected


def test_a_smoking_cessation_trial_does_not_count_nicotine_dependence_as_a_harm() -> None:
    # 40274117: "the nicotine dependence, urge to smoke ... of ESK group were also alleviated"
    assert snapshot_stance("40274117", "long-term-safety") == "supports"


def test_another_drugs_safety_finding_is_not_ketamines() -> None:
    # 40275968: "Tramadol demonstrated superior efficacy with minimal side effects" read as ketamine's
    # mild side effects beside "ketamine had a higher incidence of hemodynamic fluctuations"
    assert snapshot_stance("40275968", "side-effects-mild") == "contradicts"
    abstract = "RESULTS: Dexmedetomidine gave minimal side effects. Ketamine caused frequent nausea."
    assert stance_of(abstract, "side-effects-mild") == "contradicts"


def test_a_harm_not_observed_and_a_harm_less_frequent_are_no_harm() -> None:
    base = "METHODS: Adults with depression received ketamine infusions. RESULTS: {}"
    not_seen = base.format("Adverse events were recorded at each visit; psychosis was not observed.")
    assert stance_of(not_seen, "side-effects-mild") == "supports"
    less = base.format("Adverse effects such as dizziness were less frequent than with intravenous dosing.")
    assert stance_of(less, "side-effects-mild") != "contradicts"


def test_a_harm_higher_without_statistical_significance_is_no_more_harm() -> None:
    abstract = (
        "METHODS: Older adults received esketamine or saline during surgery. RESULTS: Hallucinations and "
        "nightmares were numerically higher with esketamine, without statistical significance."
    )
    assert stance_of(abstract, "side-effects-mild") == "supports"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # two arms' rates of a harm: clearly more with ketamine is frequent harm
        ("Nausea occurred in 17.6% vs 8.3% of participants.", "contradicts"),
        ("Hallucinations were reported by 10 (8.7%) patients after ketamine and 2 (1.7%) after propofol.",
         "contradicts"),
        ("Dizziness occurred in 12% with placebo and 30% with ketamine.", "contradicts"),
        ("Hypertension requiring treatment (9.1% vs 5.4%) was more frequent in the ketamine group.",
         "contradicts"),
        # brief, or alike, or the gap not significant
        ("Transient nausea occurred in 17.6% vs 8.3% of participants.", "mixed"),
        ("Nausea occurred in 5% vs 4% of participants.", "no-direction"),
        ("Nausea occurred in 17.6% vs 8.3% of participants (p = 0.21).", "no-direction"),
    ],
)  # fmt: skip
def test_a_harm_s_rates_in_two_arms(result: str, stance: str | None) -> None:
    abstract = f"METHODS: Adults were randomised to ketamine or placebo. RESULTS: {result}"
    assert (
        stance_of(abstract, "side-effects-mild", title="Ketamine for depression: a randomized trial")
        == stance
    )


def test_a_delirium_ketamine_did_not_reduce_is_no_safety_finding() -> None:
    # "did not reduce postoperative delirium" is an outcome ketamine failed to improve, not less harm
    abstract = (
        "RESULTS: Ketamine sedation did not reduce postoperative delirium in older adults and increased "
        "hallucinations."
    )
    assert stance_of(abstract, "side-effects-mild", title="Ketamine sedation and delirium") == "contradicts"


def test_more_adverse_events_said_to_be_mild_are_still_mild() -> None:
    # 40607793: "a safe profile despite increased mild adverse events"
    assert snapshot_stance("40607793", "side-effects-mild") == "supports"


@pytest.mark.parametrize(
    "result",
    [
        "Memory complaints and objective memory decline were less common with ketamine than with ECT.",
        "Memory complaints and a decline in delayed recall were more frequent in the ECT group.",
    ],
)
def test_a_harm_the_comparator_had_more_of_is_no_harm_of_ketamine(result: str) -> None:
    # the comparator's harm casts no vote: ketamine's own finding (stable cognition) decides
    abstract = (
        "METHODS: Patients received six ketamine infusions or six ECT sessions over three weeks. "
        f"RESULTS: Cognitive scores were stable over the ketamine course. {result}"
    )
    title = "Serial ketamine infusions versus electroconvulsive therapy: a randomized trial"
    assert stance_of(abstract, "long-term-safety", title=title) == "supports"


def test_long_term_harms_decide_long_term_safety_over_acute_side_effects() -> None:
    # the acute side effects are side-effects-mild's; cognition and the bladder over months are this claim's
    abstract = (
        "METHODS: Patients received twice-weekly ketamine infusions for 12 months. RESULTS: Transient "
        "dissociation and elevated blood pressure were common during infusions. Cognitive performance was "
        "stable and no case of cystitis occurred over 12 months."
    )
    assert stance_of(abstract, "long-term-safety") == "supports"
    assert stance_of(abstract, "side-effects-mild") in ("contradicts", "mixed")


@pytest.mark.parametrize(
    "result",
    [
        # a cue's high rate belongs to the arm named with it
        "Adverse events were more common in the propofol group (12.4%) than with ketamine (3.1%).",
        # "fewer" governs the harm of the people it counts
        "Fewer patients discontinued treatment because of adverse events with esketamine (4.5%) than with "
        "quetiapine (10.1%).",
    ],
)
def test_a_harm_rate_that_is_the_comparators_is_no_harm_of_ketamine(result: str) -> None:
    abstract = f"RESULTS: Ketamine was well tolerated. {result}"
    assert stance_of(abstract, "side-effects-mild") == "supports"


def test_a_comparator_rate_in_a_real_trial_leaves_ketamine_well_tolerated() -> None:
    # 42307216 (recent set, dev): "Adverse events were more common in the propofol group (12.4% ..."
    assert real_stance("42307216", "side-effects-mild") == "supports"
    # 39819527: "Fewer patients discontinued treatment because of TEAEs with ESK (4.5%) versus quetiapine XR"
    assert real_stance("39819527", "side-effects-mild") == "supports"
