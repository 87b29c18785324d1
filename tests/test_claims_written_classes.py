"""Wording classes found by the written benchmark set (benchmarks/data/written-abstracts.jsonl):
made-up abstracts, labelled blind, that hold phrasings the real records did not. Each class is
tested here on sentences of its own, not on the set's text."""

from __future__ import annotations

import pytest
from stance_helpers import stance_of

TITLE = "Ketamine for treatment-resistant depression: a randomized controlled trial"


def record_with(result: str, conclusion: str = "Further studies are needed.") -> str:
    return (
        "BACKGROUND: Depression is common. METHODS: Forty adults with treatment-resistant depression "
        "were randomised to intravenous ketamine or midazolam. "
        f"RESULTS: {result} CONCLUSIONS: {conclusion}"
    )


def test_a_course_given_is_no_evidence_on_repeated_against_single_dosing() -> None:
    # the guide: a number of doses makes a record bear only on a claim that checks that number
    abstract = (
        "METHODS: Forty adults with treatment-resistant depression received six infusions of ketamine "
        "over two weeks. RESULTS: MADRS scores fell from 31 to 15 (p<0.001). CONCLUSIONS: Ketamine "
        "reduced depressive symptoms."
    )
    assert stance_of(abstract, "repeated-infusions", TITLE) is None


@pytest.mark.parametrize(
    ("result", "claim", "stance"),
    [
        # a benefit that did not last was a benefit: its span is lasting relief's question
        ("MADRS scores improved significantly after ketamine, but the improvement was not sustained "
         "at day 14.", "reduces-depression", "supports"),
        ("MADRS scores improved significantly after ketamine, but the improvement was not sustained "
         "at day 14.", "lasting-relief", "contradicts"),
        # a second clause on another outcome is that outcome's finding
        ("Ketamine reduced depressive symptoms at 24 hours, but suicidal ideation did not improve more "
         "than with midazolam.", "reduces-depression", "supports"),
        ("Ketamine reduced depressive symptoms at 24 hours, but suicidal ideation did not improve more "
         "than with midazolam.", "suicidal-thoughts", "contradicts"),
        ("Suicidal ideation fell more with ketamine at 4 hours, whereas depression ratings did not "
         "differ from midazolam.", "suicidal-thoughts", "supports"),
        ("Ketamine lowered depression scores at day 1, while anxiety did not change.",
         "reduces-depression", "supports"),
    ],
)  # fmt: skip
def test_what_a_clause_is_about(result: str, claim: str, stance: str) -> None:
    assert stance_of(record_with(result), claim, TITLE) == stance


@pytest.mark.parametrize(
    "result",
    [
        "Depression scores had returned close to baseline by day 28.",
        "Any improvement in mood lasted less than a day.",
        "MADRS scores improved more with ketamine at 4 h and 24 h but not at day 25.",
        "Eight patients described a return of depressive symptoms within weeks.",
        # the between-arm effect named by an anaphor in the next sentence
        "MADRS was lower with ketamine at 24 hours (p=0.01). This difference had disappeared by day 7.",
        "Ketamine separated from midazolam at day 1, but the advantage diminished within one week.",
    ],
)
def test_benefit_that_faded(result: str) -> None:
    assert stance_of(record_with(result), "lasting-relief", TITLE) == "contradicts"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # the harm named ("blood pressure elevation"), said to be mild or brief
        ("Side effects were transient dissociation and mild blood pressure elevation.", "supports"),
        ("The most frequent adverse events were transient dizziness and nausea.", "supports"),
        # how often the drug is given is no harm
        ("Repeated ketamine did not appear to impair cognition over 12 months of maintenance, but this "
         "may not hold for more frequent regimens.", "supports"),
        ("During 12 months of maintenance treatment, the risk of major cardiovascular events did not "
         "differ from matched controls (HR 1.03).", "supports"),
        ("During maintenance treatment, non-medical use of ketamine was reported by 3% of patients.",
         "contradicts"),
    ],
)  # fmt: skip
def test_harm_wording(result: str, stance: str) -> None:
    acute = "Side effects" in result or "most frequent" in result
    claim = "side-effects-mild" if acute else "long-term-safety"
    assert stance_of(record_with(result), claim, TITLE) == stance


def test_the_design_sentence_of_an_unstructured_abstract_gives_the_dose() -> None:
    abstract = (
        "Pain and depression often occur together. In this randomised, double-blind trial, 56 patients "
        "with chronic pain and a major depressive episode received three infusions of ketamine (0.5 mg/kg "
        "over 60 minutes) or midazolam over one week. Pain scores did not differ between groups (p=0.41)."
    )
    assert stance_of(abstract, "dose-0-5-mg-kg", TITLE) == "supports"
    assert stance_of(abstract, "infusion-45-90-min", TITLE) == "supports"


@pytest.mark.parametrize("verb", ["tracked", "followed", "monitored", "studied"])
def test_a_we_sentence_on_what_the_study_did_is_methods(verb: str) -> None:
    # "Among 98 patients who had a course of infusions (0.5 mg/kg over 40 minutes), we tracked ...":
    # the study's own design, so the dose and infusion time it states are the ones it used
    abstract = (
        "How long the benefit lasts is a practical question. Among 60 outpatients who had completed six "
        f"ketamine infusions (0.5 mg/kg over 40 minutes), we {verb} depression ratings weekly for three "
        "months. Half of them had relapsed by day 21 (95% CI 15-30)."
    )
    assert stance_of(abstract, "dose-0-5-mg-kg", TITLE) == "supports"
    assert stance_of(abstract, "infusion-45-90-min", TITLE) == "contradicts"


def test_a_predictor_study_still_reports_its_result_against_control() -> None:
    title = "Gamma oscillations as a marker of antidepressant response to ketamine"
    result = "At 24 h, HDRS-17 was reduced by 8.9 points after ketamine versus 3.1 after saline (p<0.001)."
    assert stance_of(record_with(result), "reduces-depression", title) == "supports"
    # without a control arm, who responded is still no finding on the drug
    result = "Responders had a larger gamma increase than non-responders (p=0.006)."
    assert stance_of(record_with(result), "reduces-depression", title) in (None, "no-direction")


OPEN_LABEL = (
    "METHODS: Forty adults with treatment-resistant depression received six open-label infusions of "
    "ketamine. RESULTS: {result} CONCLUSIONS: Larger samples are needed."
)


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # the whole sample's change is a finding on the drug, whatever the study set out to predict
        ("MADRS scores fell from 32.5 to 18.0 after the course; alpha power rose by 12%.", "supports"),
        ("Response was 48% after the course, and alpha power rose by 12%.", "supports"),
        # who improved more says who responds, not whether the drug works
        ("Patients with higher alpha power were more likely to respond (OR 2.1).", "no-direction"),
        ("Responders showed a larger rise in alpha power than non-responders.", "no-direction"),
    ],
)  # fmt: skip
def test_a_predictor_study_reports_its_sample_s_change(result: str, stance: str) -> None:
    title = "Alpha power as a predictor of response to ketamine in depression"
    abstract = OPEN_LABEL.format(result=result)
    assert stance_of(abstract, "reduces-depression", title) == stance
    assert stance_of(abstract, "treatment-resistant", title) == stance


def test_the_title_of_a_predictor_study_is_no_finding_on_the_drug() -> None:
    title = "Suicidal ideation response to ketamine is associated with decreased nighttime wakefulness"
    abstract = OPEN_LABEL.format(result="Wakefulness after the infusion was recorded by EEG.")
    assert stance_of(abstract, "suicidal-thoughts", title) == "no-direction"


def test_a_mechanism_behind_an_effect_is_no_finding_of_the_effect() -> None:
    conclusion = (
        "Reductions in slow-wave sleep after ketamine may point to a mechanism underlying its effect on "
        "suicidal ideation."
    )
    stated = "Ketamine reduced suicidal ideation at 24 hours."
    quiet = record_with("Sleep was recorded by EEG.", conclusion)
    assert stance_of(quiet, "suicidal-thoughts", TITLE) == "no-direction"
    assert stance_of(record_with(stated, conclusion), "suicidal-thoughts", TITLE) == "supports"


def test_every_arm_of_a_schedule_comparison_is_on_ketamine() -> None:
    # "twice- versus thrice-weekly": a change across both arms is a change on ketamine
    title = "Twice-weekly versus thrice-weekly ketamine infusions for depression: a randomized trial"
    result = "Across both groups, MADRS decreased by a mean of 9.1 points 24 hours after the first infusion."
    assert stance_of(record_with(result), "reduces-depression", title) == "supports"
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "no-direction"  # one had midazolam


def test_a_null_between_arms_named_with_a_modifier() -> None:
    result = "BSS scores decreased in both arms, without significant between-group difference at any time."
    assert stance_of(record_with(result), "suicidal-thoughts", TITLE) == "contradicts"


def test_named_harms_said_to_be_common_are_not_only_mild() -> None:
    result = "Transient dissociation and elevation of blood pressure were common."
    assert stance_of(record_with(result), "side-effects-mild", TITLE) == "mixed"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        ("Prefrontal glutamate rose after ketamine, but the rise did not predict response.", "mixed"),
        ("Neither the glutamate surge nor its timing correlated with clinical change.", "contradicts"),
        ("The findings provide no support for plasma BDNF as a marker of response.", "contradicts"),
    ],
)
def test_a_mechanism_marker_that_does_not_track_response(result: str, stance: str) -> None:
    assert stance_of(record_with(result), "glutamate-mechanism", TITLE) == stance


def test_a_benefit_in_some_of_the_trials_is_mixed() -> None:
    result = "Esketamine gave a greater reduction in MADRS than placebo in one of three pivotal studies."
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "mixed"
    result = "Esketamine gave a greater reduction in MADRS than placebo in three of three studies."
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "supports"


def test_long_exposure_and_cognitive_screens_bear_on_long_term_safety() -> None:
    result = "Open-label data up to 4.5 years found no new safety signals; MoCA scores did not decline."
    assert stance_of(record_with(result), "long-term-safety", TITLE) == "supports"


def test_cost_effectiveness_is_no_finding_on_the_drug() -> None:
    # "esketamine is not cost-effective at the current price": an economic result, not a benefit
    abstract = (
        "METHODS: A Markov model compared esketamine nasal spray with ECT over five years. RESULTS: "
        "At the current price, esketamine is not cost-effective for treatment-resistant depression "
        "(ICER above the threshold)."
    )
    stance = stance_of(abstract, "reduces-depression", "Cost-effectiveness of esketamine")
    assert stance in (None, "no-direction")


@pytest.mark.parametrize(
    "arms",
    ["between Group K and Group S", "between the esketamine and control groups", "compared with controls"],
)
def test_a_later_null_against_arms_named_by_letter_makes_an_early_benefit_mixed(arms: str) -> None:
    # the null names no efficacy word, so only its control arm makes it a finding on mood
    result = (
        "PHQ-9 scores on day 1 were lower with esketamine than with saline (P = 0.03). There was no "
        f"significant difference in PHQ-9 scores {arms} on days 3, 7 and 30."
    )
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "mixed"


META_TITLE = "Intravenous ketamine for depression: a systematic review and meta-analysis"


def review_with(result: str) -> str:
    return (
        "METHODS: We searched MEDLINE and Embase for randomised trials of intravenous ketamine in "
        f"adults with depression. RESULTS: Twelve trials (640 patients) were included. {result}"
    )


@pytest.mark.parametrize(
    ("result", "dose", "infusion"),
    [
        # what most of the trials did is the usual practice the claims are about
        ("Most trials gave 0.5 mg/kg over 40 minutes; response at 24 h was higher than with placebo "
         "(RR 2.1).", "supports", "contradicts"),
        ("The majority of studies infused 0.5 mg/kg over 40 minutes.", "supports", "contradicts"),
        # a list of the doses reviewed is no finding on the usual one
        ("Doses ranged from 0.1 to 1.0 mg/kg and infusions lasted 2 to 100 minutes.", "no-direction",
         "no-direction"),
    ],
)  # fmt: skip
def test_a_review_gives_the_usual_dose_when_most_studies_used_it(
    result: str, dose: str, infusion: str
) -> None:
    assert stance_of(review_with(result), "dose-0-5-mg-kg", META_TITLE) == dose
    assert stance_of(review_with(result), "infusion-45-90-min", META_TITLE) == infusion


@pytest.mark.parametrize(
    "result",
    [
        "Ketamine produced rapid reductions in suicidal ideation that were partly independent of its "
        "antidepressant effect.",
        "Ketamine gave larger improvements in functioning and workplace productivity in patients with "
        "treatment-resistant depression.",
    ],
)
def test_a_gain_in_another_outcome_is_no_benefit_on_mood(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) in (None, "no-direction")


def test_a_gain_in_mood_still_counts_beside_a_named_other_outcome() -> None:
    result = "Ketamine gave greater reductions in MADRS scores and in suicidal ideation than midazolam."
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "supports"


@pytest.mark.parametrize(
    "result",
    [
        "MADRS fell more with ketamine at 24 h (P = 0.01). By day 7 the between-group differences were "
        "no longer significant for MADRS (P = 0.35).",
        "Ketamine lowered MADRS scores within 24 h, although the effect faded within a week.",
    ],
)
def test_an_effect_that_went_away_within_a_week_bears_against_lasting_relief(result: str) -> None:
    assert stance_of(record_with(result), "lasting-relief", TITLE) == "contradicts"


@pytest.mark.parametrize(
    "result",
    [
        "Side effects (dissociation, raised blood pressure) were almost universal but transient.",
        "Dissociative side effects were common but all disappeared within 2 hours.",
    ],
)
def test_side_effects_both_common_and_brief_are_mixed(result: str) -> None:
    assert stance_of(record_with(result), "side-effects-mild", TITLE) == "mixed"


def test_a_harm_that_did_not_increase_is_no_finding_against_benefit() -> None:
    # "treatment-emergent" names a harm; the bracket restates the null, it is no second finding
    result = "Treatment-emergent suicidal ideation and manic switching were not increased (non-significant)."
    assert stance_of(record_with(result), "suicidal-thoughts", TITLE) in (None, "no-direction")


def test_a_benefit_below_the_clinically_meaningful_difference_is_mixed() -> None:
    result = (
        "MADRS change favoured ketamine (MD -3.6 points, 95% CI -5.1 to -2.1), an effect below the "
        "6-point difference regarded as clinically meaningful."
    )
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "mixed"


def test_a_later_null_says_nothing_against_a_rapid_effect() -> None:
    # "rapidly reduces suicidal thoughts": a claim on how soon, not on how long
    result = (
        "Suicidal ideation (BSS) fell more with ketamine than with midazolam at 24 hours (P = 0.003); at "
        "discharge on day 17 the difference in BSS was not significant."
    )
    assert stance_of(record_with(result), "suicidal-thoughts", TITLE) == "supports"


def test_a_reviews_finding_about_a_dose_counts_but_its_list_of_doses_does_not() -> None:
    finding = (
        "Ketamine was efficacious at doses as low as 0.2 mg/kg, with a larger response at 0.5 mg/kg "
        "and no additional benefit at 1 mg/kg."
    )
    assert stance_of(review_with(finding), "dose-0-5-mg-kg", META_TITLE) == "supports"
    listed = "Doses ranged from 0.2 to 1 mg/kg and were efficacious in most comparisons."
    assert stance_of(review_with(listed), "dose-0-5-mg-kg", META_TITLE) == "no-direction"


def test_the_highest_odds_of_response_is_a_benefit() -> None:
    result = "Intravenous ketamine had the highest odds of response versus placebo (OR 6.12, 3.48-10.77)."
    assert stance_of(review_with(result), "reduces-depression", META_TITLE) == "supports"


@pytest.mark.parametrize(
    "result",
    [
        "No anxiolytic or mood benefit of ketamine was evident at day 7.",
        "Adding ketamine did not accelerate or enhance the antidepressant response.",
    ],
)
def test_nulls_named_in_a_list_or_by_speed(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "contradicts"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        ("Response rates at 24 hours were 52% with ketamine versus 18% with saline.", "supports"),
        ("Response was 27% with ketamine and 24% with placebo (P = 0.62).", "contradicts"),
        ("Response was 49% with ketamine and 22% with placebo (P = 0.015); remission 27% vs 11% (P = 0.07).",
         "supports"),
    ],
)  # fmt: skip
def test_rates_against_the_control_arm_say_which_way(result: str, stance: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) == stance
