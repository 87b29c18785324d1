"""Wording classes of evidence syntheses and of how soon and how long benefit came, found in the dev
parts of the written and real sets (session 14). Each class is tested on sentences of its own."""

from __future__ import annotations

import pytest
from stance_helpers import snapshot_stance, stance_of

from litwatch.claims.polarity.benefit import is_active_comparison

META_TITLE = "Intravenous ketamine for depression: a systematic review and meta-analysis"
TRIAL_TITLE = "Ketamine for treatment-resistant depression: a randomized controlled trial"


def review_with(result: str, conclusion: str = "More trials are needed.") -> str:
    return (
        "METHODS: We searched MEDLINE and Embase for randomised trials of ketamine in adults with "
        f"depression. RESULTS: {result} CONCLUSIONS: {conclusion}"
    )


def trial_with(result: str, conclusion: str = "Further studies are needed.") -> str:
    return (
        "METHODS: Sixty adults with major depression were randomised to intravenous ketamine or "
        f"midazolam. RESULTS: {result} CONCLUSIONS: {conclusion}"
    )


@pytest.mark.parametrize(
    ("result", "dose", "infusion"),
    [
        # what every pooled trial gave is the review's dose
        ("We pooled four trials of a single 0.5 mg/kg infusion over 40 minutes (n = 212).", "supports",
         "contradicts"),
        ("Nine trials were eligible, seven using ketamine 0.5 mg/kg given over 40 minutes.", "supports",
         "contradicts"),
        ("Ketamine was mostly given at 0.5 mg/kg.", "supports", None),
        # a spread of what different trials gave is a list, however it is written
        ("Doses varied widely, from 0.25 to 3 mg/kg.", "no-direction", None),
        ("Bolus doses of 0.1 mg/kg to 1 mg/kg were given before incision in eleven trials.", "no-direction",
         None),
        ("Trials compared ketamine (0.5-2 mg/kg bolus) with propofol.", "no-direction", None),
    ],
)  # fmt: skip
def test_a_review_reports_the_dose_its_trials_gave_but_not_a_list_of_doses(
    result: str, dose: str, infusion: str | None
) -> None:
    assert stance_of(review_with(result), "dose-0-5-mg-kg", META_TITLE) == dose
    assert stance_of(review_with(result), "infusion-45-90-min", META_TITLE) == infusion


def test_a_review_s_time_points_are_no_onset_finding() -> None:
    # the pooled trials' time points (an outcome's, unlike a dose's) say when they looked, not what
    # they found
    result = "Trials assessed depression at 24 hours, 72 hours and 7 days after a single infusion."
    assert stance_of(review_with(result), "onset-within-hours", META_TITLE) == "no-direction"


def test_a_real_review_s_subgroup_by_dose_reports_the_dose() -> None:
    # 39556562: "total dosage (<0.5 vs. >=0.5 mg/kg)" made no difference to the preventive effect
    assert snapshot_stance("39556562", "dose-0-5-mg-kg") == "supports"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # a result against the control arm at an early time names the record's own outcome
        ("Ketamine was superior to control at 24 hours (SMD -0.89, 95% CI -1.31 to -0.47), but not at "
         "day 7.", "supports"),
        ("A difference in MADRS was already detectable 24 hours after the first dose (MD -3.1).",
         "supports"),
    ],
)  # fmt: skip
def test_an_early_result_against_control_is_an_onset_finding(result: str, stance: str) -> None:
    assert stance_of(review_with(result), "onset-within-hours", META_TITLE) == stance


def test_an_early_result_on_another_outcome_is_no_onset_finding() -> None:
    result = "Pain NRS was lower than with placebo at 1 hour and 3 hours (mean difference -1.9)."
    assert stance_of(trial_with(result), "onset-within-hours", TRIAL_TITLE) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Whether this benefit persists beyond one week is unclear.",
        "Effects beyond the first week remain uncertain.",
        "The durability over longer period is uncertain.",
        "Evidence for long-term benefit is lacking.",
        "Long-term outcomes are largely unknown.",
    ],
)
def test_benefit_whose_duration_the_record_calls_unknown_is_against_lasting_relief(sentence: str) -> None:
    result = "Ketamine reduced MADRS scores more than placebo at 24 hours (SMD -0.8)."
    assert stance_of(review_with(result, sentence), "lasting-relief", META_TITLE) == "contradicts"


def test_an_unknown_duration_beside_a_later_benefit_is_mixed() -> None:
    result = "Esketamine reduced the incidence of postpartum depression at 1 week and at 6 weeks (RR 0.59)."
    conclusion = "Evidence for long-term benefit is lacking."
    assert stance_of(review_with(result, conclusion), "lasting-relief", META_TITLE) == "mixed"


def test_an_unknown_long_term_safety_is_no_finding_on_lasting_relief() -> None:
    result = "Ketamine reduced MADRS scores more than placebo at 24 hours (SMD -0.8)."
    conclusion = "Long-term safety remains unclear."
    assert stance_of(review_with(result, conclusion), "lasting-relief", META_TITLE) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Effects at one week were considerably weaker than at 24 hours.",
        "The advantage over placebo shrinks within a week.",
    ],
)
def test_a_benefit_that_shrinks_later_is_mixed_on_lasting_relief(sentence: str) -> None:
    result = f"Ketamine reduced depression scores more than placebo at 24 hours (SMD -0.9). {sentence}"
    assert stance_of(review_with(result), "lasting-relief", META_TITLE) == "mixed"


@pytest.mark.parametrize(
    "result",
    [
        "The median time to first response was 5 weeks, and few patients responded in the first week.",
        "The improvement in depression was gradual: most responders met response criteria only after the "
        "fourth week.",
    ],
)
def test_benefit_that_first_came_weeks_later_is_against_onset_within_hours(result: str) -> None:
    assert stance_of(trial_with(result), "onset-within-hours", TRIAL_TITLE) == "contradicts"


def test_a_race_between_arms_times_is_no_onset_finding_but_a_speed_one() -> None:
    result = "Median time to first response was 6 days with ketamine and 19 days with lithium."
    title = "Ketamine versus lithium augmentation for treatment-resistant depression: a randomized trial"
    abstract = trial_with(result)
    assert stance_of(abstract, "onset-within-hours", title) != "contradicts"
    assert stance_of(abstract, "faster-than-antidepressants", title) == "supports"
    slower = "Median time to first response was 19 days with ketamine and 6 days with ECT."
    assert stance_of(trial_with(slower), "faster-than-antidepressants", title) == "contradicts"


def test_lithium_a_patient_stays_on_is_no_comparator() -> None:
    title = "Rapid antidepressant response to ketamine in bipolar depression maintained on lithium"
    abstract = trial_with("Ketamine reduced MADRS scores within 40 minutes (p<0.001).")
    assert stance_of(abstract, "faster-than-antidepressants", title) is None


@pytest.mark.parametrize(
    "methods",
    [
        "Of 64 patients, 84% had two or more failed antidepressant trials.",
        "Most reported failure of two or more antidepressants in the current episode.",
        "All had not improved with four antidepressants.",
        "Patients with multiple prior treatment failures were included.",
    ],
)
def test_failed_treatments_named_any_way_make_a_trd_population(methods: str) -> None:
    abstract = (
        f"METHODS: We reviewed adults treated with intravenous ketamine at our clinic. {methods} RESULTS: "
        "MADRS scores fell from 32 to 18 after six infusions (p<0.001)."
    )
    assert stance_of(abstract, "treatment-resistant", "Ketamine in routine practice") == "supports"


@pytest.mark.parametrize(
    ("title", "active"),
    [
        ("Comparison of 40-minute and 100-minute infusions of ketamine for depression", True),
        ("Actual versus adjusted body weight for intravenous ketamine dosing in obesity", True),
        ("Single versus repeated intravenous ketamine: an active-placebo-controlled trial", True),
        ("Repeated ketamine infusions in elderly versus non-elderly patients with depression", True),
        ("Ketamine versus placebo in elderly patients with depression", False),
        ("Ketamine for depression in older adults", False),
    ],
)  # fmt: skip
def test_a_title_whose_every_arm_had_ketamine_is_an_active_comparison(title: str, active: bool) -> None:
    # then a null between the arms says they worked alike, nothing against ketamine's benefit
    assert is_active_comparison(title.lower()) is active
