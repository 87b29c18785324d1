"""Stance and relevance of the time claims: lasting relief, onset within hours, faster than
antidepressants (issue 7). Each test is one wording class; real records are regression examples."""

from __future__ import annotations

import pytest
from stance_helpers import real_stance, snapshot_stance, stance_of


def test_midazolam_is_no_conventional_antidepressant() -> None:
    # an active placebo: response rates against it at 4 weeks compare no speed with antidepressants
    abstract = (
        "RESULTS: Response rates at 4 weeks were 61% after ketamine and 52% after midazolam. "
        "CONCLUSIONS: Ketamine reduced depressive symptoms more than midazolam."
    )
    assert stance_of(abstract, "faster-than-antidepressants") is None
    # 37414272: esketamine vs midazolam, responses at 4 weeks
    assert snapshot_stance("37414272", "faster-than-antidepressants") is None


def test_a_comparison_with_an_ssri_still_bears_on_speed() -> None:
    abstract = "RESULTS: Ketamine improved depressive symptoms faster than escitalopram."
    assert stance_of(abstract, "faster-than-antidepressants") == "supports"


def test_a_call_for_longer_follow_up_is_no_durability_finding() -> None:
    abstract = (
        "RESULTS: Depressive symptoms improved after ketamine. CONCLUSIONS: Future trials with longer "
        "follow-up are needed to see whether the antidepressant response is sustained."
    )
    assert stance_of(abstract, "lasting-relief") is None
    # 38479192: "future studies with ... longer follow-up periods to examine ... recurrent ketamine"
    assert snapshot_stance("38479192", "lasting-relief") is None


def test_a_sustained_response_beside_a_call_for_more_trials_still_counts() -> None:
    abstract = (
        "CONCLUSIONS: The antidepressant response was sustained at 12 weeks. Future trials with "
        "longer follow-up should confirm it."
    )
    assert stance_of(abstract, "lasting-relief") == "supports"


def test_a_study_length_is_no_late_time_point() -> None:
    # "a six-week treatment program" says how long the study ran, not that benefit lasted
    title = "Oral esketamine for depression: response in a six-week open-label treatment program"
    assert stance_of("", "lasting-relief", title=title) is None
    # 40285334 (title), 39107286 ("a re-analysis of a 2-week open-label study")
    assert snapshot_stance("40285334", "lasting-relief") is None
    assert snapshot_stance("39107286", "lasting-relief") is None


def test_a_benefit_at_a_late_time_point_still_counts() -> None:
    abstract = "RESULTS: Depressive symptoms were significantly reduced at 6 weeks of the study."
    assert stance_of(abstract, "lasting-relief") == "supports"


def test_a_benefit_lasting_days_is_no_lasting_relief_by_its_word() -> None:
    # "persisted" names days, not the months the claim means: the number decides (7 days: too short)
    abstract = (
        "RESULTS: Within 1 h of dosing, patients reported reduced depression ratings, which persisted "
        "for up to 7 days."
    )
    assert stance_of(abstract, "lasting-relief") == "contradicts"
    assert snapshot_stance("38293803", "lasting-relief") == "contradicts"


@pytest.mark.parametrize(
    ("span", "stance"),
    [
        # "long term success": relapse within a month is relief that did not last
        ("19 days", "contradicts"),
        ("3 weeks", "contradicts"),
        # one to three months: the number alone says neither
        ("45 days", "no-direction"),
        ("6 months", "supports"),
    ],
)
def test_a_median_time_to_relapse_is_judged_against_months(span: str, stance: str) -> None:
    abstract = f"RESULTS: Among responders to ketamine, the median time to relapse was {span}."
    assert stance_of(abstract, "lasting-relief") == stance


def test_a_benefit_lasting_weeks_is_lasting_relief() -> None:
    abstract = "RESULTS: The reduction in depression ratings persisted for 12 weeks after the last infusion."
    assert stance_of(abstract, "lasting-relief") == "supports"


def test_a_null_result_after_the_first_day_is_no_evidence_against_onset() -> None:
    # the guide: a study that looked later than the claimed onset says nothing against it
    abstract = (
        "RESULTS: Depressive symptoms improved significantly at 4 h after the infusion; the "
        "difference from placebo failed to reach significance at 12-14 days."
    )
    assert stance_of(abstract, "onset-within-hours") == "supports"


def test_a_null_result_on_the_first_day_contradicts_onset() -> None:
    abstract = "RESULTS: Depression scores at 24 h did not differ significantly between ketamine and placebo."
    assert stance_of(abstract, "onset-within-hours") == "contradicts"


def test_a_first_day_finding_on_pain_is_no_antidepressant_onset() -> None:
    abstract = (
        "RESULTS: Esketamine did not reduce the incidence of postpartum depression at 14 days but did "
        "significantly lower VAS pain scores at 24 hours after surgery."
    )
    assert stance_of(abstract, "onset-within-hours") == "no-direction"
    # 39496041: no difference in PPD on days 3, 7 and 14; the 24-hour finding is about pain
    assert snapshot_stance("39496041", "onset-within-hours") != "supports"


def test_sustained_attention_is_a_cognitive_domain_not_lasting_benefit() -> None:
    abstract = "RESULTS: Patients with depression showed better sustained attention after ketamine."
    assert stance_of(abstract, "lasting-relief") is None


def test_a_definition_is_no_onset_or_durability_finding() -> None:
    abstract = (
        "RESULTS: Clinical response was defined as a decrease of more than 50% on the MADRS 24 h after "
        "infusion. Relapse was defined as a MADRS score of 22 or more at any visit up to week 12."
    )
    assert stance_of(abstract, "onset-within-hours") is None
    assert stance_of(abstract, "lasting-relief") is None
    # 38272875: "Clinical response was defined as a decrease from baseline of >33% ... 24 h after"
    assert snapshot_stance("38272875", "onset-within-hours") is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # relapse as the measure's name: the comparison word decides
        ("Depression relapse rates were significantly lower with ketamine than with placebo.", "supports"),
        ("The risk of depressive relapse was reduced by 51% with esketamine versus placebo.", "supports"),
        ("Time to relapse in depression was longer with esketamine than with placebo.", "supports"),
        ("Relapse rates of depression were higher with ketamine than with placebo.", "contradicts"),
        # numbers alone say which way, not the word "relapse"
        ("Depression relapse rates were 70.6% for placebo and 42.9% for ketamine.", "no-direction"),
        # a finding of relapse, or of none
        ("Most patients with depression relapsed within two weeks.", "contradicts"),
        ("No patient relapsed into depression during follow-up.", "supports"),
        ("Ketamine reduced depressive symptoms without influencing the relapse rates.", "no-direction"),
    ],
)
def test_relapse_measures_take_their_direction_from_the_comparison(sentence: str, stance: str) -> None:
    assert stance_of(f"RESULTS: {sentence}", "lasting-relief") == stance


def test_relapse_rates_lower_with_the_drug_support_lasting_relief() -> None:
    # 38914860: "Relapse rates ... showed a dose response from 70.6% for placebo to 42.9% for 180 mg"
    assert snapshot_stance("38914860", "lasting-relief") == "supports"


def test_a_number_needed_to_treat_is_a_benefit_finding() -> None:
    # a finite NNT for response means the drug beat its control, at each time point named
    abstract = (
        "RESULTS: Ketamine had a number needed to treat for depression response of 5 at 24 hours "
        "and an NNT of 8 at six weeks."
    )
    assert stance_of(abstract, "onset-within-hours") == "supports"
    assert stance_of(abstract, "lasting-relief") == "supports"
    # 38636712: "pooled NNTs for response of 7 at 4 h, 3 from one day to one week and 9 ... at four weeks"
    assert snapshot_stance("38636712", "onset-within-hours") == "supports"
    assert snapshot_stance("38636712", "lasting-relief") == "supports"


def test_gains_maintained_at_follow_up_point_back_to_the_benefit() -> None:
    abstract = (
        "RESULTS: Depression scores fell by half after the infusion series. These gains were "
        "maintained during follow-up, out to 3 months after the last infusion."
    )
    assert stance_of(abstract, "lasting-relief") == "supports"


def test_a_durability_word_about_something_else_at_follow_up_is_no_finding() -> None:
    abstract = (
        "RESULTS: Ketamine reduced depression scores at 24 hours. Blood pressure remained stable "
        "during follow-up at 3 months."
    )
    assert stance_of(abstract, "lasting-relief") is None


@pytest.mark.parametrize(
    ("abstract", "stance"),
    [
        # "stable" alone: vigilance, a personality type
        (
            "RESULTS: Ketamine responders with depression showed a more stable vigilance over time.",
            None,
        ),
        # "stable" of the benefit itself
        ("RESULTS: Depressive symptoms remained stable after the last infusion.", "supports"),
        ("RESULTS: All patients had decreased (or stable) depressive symptoms.", "supports"),
    ],
)
def test_stable_speaks_of_durability_only_of_the_benefit(abstract: str, stance: str | None) -> None:
    assert stance_of(abstract, "lasting-relief") == stance


def test_stable_vigilance_is_no_lasting_relief() -> None:
    # 40446631: "a significantly more stable vigilance over time compared to non-responders"
    assert snapshot_stance("40446631", "lasting-relief") is None


def test_a_subgroup_difference_is_no_null_result_for_the_drug() -> None:
    # "no sex differences in response" says who responds, not whether the drug works
    abstract = (
        "RESULTS: No meaningful sex differences in antidepressant responses were observed at the end "
        "of treatment at week 4."
    )
    assert stance_of(abstract, "lasting-relief") == "no-direction"
    assert stance_of(abstract, "reduces-depression") in ("no-direction", None)
    # 40381857: the same sentence made its depression stances mixed
    assert snapshot_stance("40381857", "reduces-depression") == "supports"


def test_an_early_time_point_as_a_predictor_gives_no_onset_stance() -> None:
    # who goes on to respond, read at 24 h, is no finding of when the drug works
    abstract = (
        "RESULTS: Improvement in depression at 24 h after the first infusion was a predictor of "
        "response after six infusions."
    )
    assert stance_of(abstract, "onset-within-hours") == "no-direction"
    # 39107286: "improvement at 24 h post-infusion 4 ... as predictors for overall non-response"
    assert snapshot_stance("39107286", "onset-within-hours") == "no-direction"


def test_a_predictor_study_s_time_points_give_no_onset_stance() -> None:
    # "Predicting clinical response ...": the hours at which response was read are the study's
    # design, not a finding that the drug acted within them (as its efficacy findings give none)
    abstract = "RESULTS: Subgroup B more often showed an antidepressant response at 24 h (p = .007)."
    title = "Connectivity subtypes predicting clinical response to ketamine in depression"
    assert stance_of(abstract, "onset-within-hours", title=title) == "no-direction"
    assert stance_of(abstract, "onset-within-hours") == "supports"
    # 39311825 ("saline responders at 24-hr") and 37846462 ("Factors Associated with Antidepressant
    # Effects of Ketamine") supported onset by their time points alone
    assert snapshot_stance("39311825", "onset-within-hours") == "no-direction"
    assert snapshot_stance("37846462", "onset-within-hours") == "no-direction"


def test_an_early_improvement_still_supports_onset() -> None:
    abstract = "RESULTS: Depression scores improved significantly at 24 h after the infusion."
    assert stance_of(abstract, "onset-within-hours") == "supports"


def test_a_span_from_day_1_names_no_early_time_point() -> None:
    abstract = "RESULTS: There were significant drops in BDI-II depression scores from day 1 to day 14."
    assert stance_of(abstract, "onset-within-hours") is None
    # 38795698: "significant drops in BDI-II scores from day 1 to day 14"
    assert snapshot_stance("38795698", "onset-within-hours") is None


def test_early_days_in_a_span_are_still_early_time_points() -> None:
    abstract = "RESULTS: Depression scores were significantly lower with ketamine on days 1 to 5."
    assert stance_of(abstract, "onset-within-hours") == "supports"


def test_monoamine_based_antidepressants_are_conventional_comparators() -> None:
    abstract = (
        "RESULTS: Ketamine infusion had a faster onset of action than monoamine-based antidepressants "
        "in major depression."
    )
    assert stance_of(abstract, "faster-than-antidepressants") == "supports"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Ketamine improved depression faster than escitalopram.", "supports"),
        ("Compared with escitalopram, depression improved faster with ketamine.", "supports"),
        # the comparator is the faster one
        ("ECT improved depression faster than ketamine.", "contradicts"),
        ("Depression response came earlier with ECT than with ketamine.", "contradicts"),
    ],
)
def test_speed_reads_which_arm_was_faster(sentence: str, stance: str) -> None:
    assert stance_of(f"RESULTS: {sentence}", "faster-than-antidepressants") == stance


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # how long a side effect lasted says nothing about how long the benefit lasted
        ("Transient dissociative symptoms did not predict the antidepressant response at day 7.", None),
        ("The antidepressant effect came with short-lived rises in blood pressure.", None),
        # the benefit's own span still counts, either way
        (
            "The antidepressant effect was transient and depressive symptoms returned to baseline by day 7.",
            "contradicts",
        ),
        ("Depressive symptoms improved, but the antidepressant benefit was short-lived.", "contradicts"),
    ],
)
def test_a_transient_side_effect_is_no_fading_benefit(sentence: str, expected: str | None) -> None:
    assert stance_of("RESULTS: " + sentence, "lasting-relief") == expected


def test_transient_dissociation_unrelated_to_response_is_no_durability_finding() -> None:
    # 38573154: "ketamine's acute, transient dissociative, or psychotomimetic effects are [not]
    # associated with its antidepressant ... actions"
    assert snapshot_stance("38573154", "lasting-relief") is None


def test_no_difference_at_the_last_of_a_list_of_days_contradicts_lasting_relief() -> None:
    # 38446480 ("no differences between the groups ... at postpartum days 14, 28, and 42") and
    # 38658886 ("no statistically significant difference in PHQ-9 scores ... on POD 3, 7, and 30"):
    # a null result at a late time point, named as the last of a list of days
    assert snapshot_stance("38446480", "lasting-relief") == "contradicts"
    assert snapshot_stance("38658886", "lasting-relief") == "contradicts"
    abstract = "RESULTS: Depression scores did not differ between the groups on days 3, 7 and 28."
    assert stance_of(abstract, "lasting-relief", "Ketamine versus placebo for depression") == "contradicts"
    # ketamine against another active treatment (or another form of ketamine): both may have lasted
    assert stance_of(abstract, "lasting-relief", "Oral versus intravenous ketamine for depression") == (
        "no-direction"
    )
    assert snapshot_stance("39068714", "lasting-relief") == "no-direction"


@pytest.mark.parametrize(
    "result",
    [
        "Patients reported persistent depressive symptoms despite ongoing treatment.",
        "Low mood showed sustained depression-like features despite ongoing treatment.",
        "Repeated exposure in adolescence led to lasting depressive-like behaviour in adult rats.",
    ],
)
def test_illness_that_lasts_is_no_lasting_relief(result: str) -> None:
    # what lasts must be the benefit; lasting symptoms are the illness
    abstract = f"METHODS: Forty adults received ketamine. RESULTS: {result}"
    assert stance_of(abstract, "lasting-relief") in (None, "no-direction")
    benefit = "RESULTS: The improvement in depressive symptoms after ketamine was sustained at week 4."
    assert stance_of(benefit, "lasting-relief") == "supports"


def test_a_real_record_whose_symptoms_persisted_is_no_lasting_relief() -> None:
    # 38810787: "Symptoms of Depressed mood and Anhedonia sustained depression despite ongoing treatment"
    assert snapshot_stance("38810787", "lasting-relief") is None


def test_a_difference_already_present_early_bears_on_onset() -> None:
    # the between-arm result named by what it is ("the difference"), in the sentence after its outcome
    abstract = (
        "METHODS: Adults with depression were randomised to ketamine or saline. RESULTS: MADRS scores fell "
        "more with ketamine at day 7. The difference was already significant at 4 h."
    )
    assert stance_of(abstract, "onset-within-hours") == "supports"


def test_the_items_of_a_rating_scale_are_no_time_point() -> None:
    # "HAM-D17" is the 17-item scale, not day 17: no late benefit, so nothing on lasting relief
    abstract = "RESULTS: The HAM-D17 score was reduced more with ketamine at 24 hours than with saline."
    assert stance_of(abstract, "lasting-relief") is None
    assert stance_of(abstract.replace("at 24 hours", "at day 17"), "lasting-relief") == "supports"


@pytest.mark.parametrize(
    "result",
    [
        "Half of the responders no longer met response criteria two weeks after the last infusion.",
        "Depression and pain improved at 24 hours, but neither effect persisted beyond a few days.",
    ],
)
def test_a_response_lost_or_an_effect_that_did_not_persist_bears_against_lasting_relief(result: str) -> None:
    assert stance_of(
        f"METHODS: Adults with depression received ketamine. RESULTS: {result}", "lasting-relief"
    ) == ("contradicts")


@pytest.mark.parametrize(
    "result",
    [
        "Depression scores fell at 24 hours. The benefit of one infusion is largely lost within two weeks.",
        "Depression scores fell at 24 hours; the benefit fades over the following week.",
        "MADRS scores were lower with ketamine at 24 hours, but at day 7 they were not significant anymore.",
    ],
)
def test_a_benefit_lost_or_no_longer_significant_bears_against_lasting_relief(result: str) -> None:
    abstract = f"METHODS: Adults with depression received ketamine or saline. RESULTS: {result}"
    assert stance_of(abstract, "lasting-relief") == "contradicts"


@pytest.mark.parametrize(
    "result",
    [
        "Nine patients maintained the antidepressant benefit, with no recurrence of depressive symptoms.",
        "Depressive symptoms were maintained in remission and none of the patients relapsed.",
    ],
)
def test_no_recurrence_is_benefit_that_lasted(result: str) -> None:
    abstract = f"METHODS: Ten patients switched to maintenance esketamine. RESULTS: {result}"
    assert stance_of(abstract, "lasting-relief", title="Maintenance esketamine for depression") == "supports"


@pytest.mark.parametrize(
    "result",
    [
        "A between-group difference was present 24 hours after the first infusion (-5.2, -8.6 to -1.8).",
        "Twenty-four hours after the first infusion, MADRS had already fallen by a mean of 9.8 points.",
        "At 24 h, only ketamine produced significant separation from control (SMD -0.89).",
        "After the first session, ketamine produced a greater reduction in depression scores than ECT.",
    ],
)
def test_an_early_result_named_by_its_time_supports_onset(result: str) -> None:
    abstract = (
        "METHODS: Adults with depression were randomised to ketamine or a comparator, and depression "
        f"was rated with the MADRS. RESULTS: {result}"
    )
    assert stance_of(abstract, "onset-within-hours", title="Ketamine for depression: a trial") == "supports"


def test_an_early_effect_estimate_against_placebo_bears_on_onset() -> None:
    abstract = (
        "METHODS: We pooled randomised trials of ketamine for depression; the primary outcome was "
        "depression severity at 24 h. RESULTS: Compared with placebo, the standardized mean difference "
        "(SMD) at 24 h was -0.86 (95% CI -1.07 to -0.65)."
    )
    assert stance_of(abstract, "onset-within-hours") is not None


def test_patients_kept_on_a_medication_is_no_lasting_benefit() -> None:
    """Tagger 2.14.0: "patients with treatment-resistant bipolar depression maintained on
    therapeutic-dose lithium" (26137324, earlier set, dev) and "patients who maintained their
    baseline psychotropic treatment" (39018703, snapshot) name a treatment kept, not a benefit
    that lasted, so neither supports lasting relief."""
    assert real_stance("26137324", "lasting-relief") != "supports"
    assert snapshot_stance("39018703", "lasting-relief") != "supports"
    kept = "RESULTS: Patients maintained on lithium improved at 24 hours."
    assert stance_of(kept, "lasting-relief") is None
    lasted = "RESULTS: The improvement in depression was maintained at week 4."
    assert stance_of(lasted, "lasting-relief") == "supports"
