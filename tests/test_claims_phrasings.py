"""Common ways a trial abstract reports an antidepressant result, each in a made-up results
sentence of an otherwise neutral record: the wording alone must give the stance a reader would.

These are the phrasing classes (not single records) the tagger has to read: a result stated as a
rate, an odds ratio, a criterion met, a treatment effect or a plain verb ("fell", "declined"), and
the nulls that name no efficacy word ("did not differ from midazolam in MADRS change")."""

from __future__ import annotations

import pytest
from stance_helpers import snapshot_stance, stance_of

TITLE = "Ketamine for treatment-resistant depression: a randomized controlled trial"


def record_with(result: str) -> str:
    return (
        "BACKGROUND: Depression is common. METHODS: Forty adults with treatment-resistant depression "
        "were randomised to intravenous ketamine 0.5 mg/kg or midazolam. "
        f"RESULTS: {result} CONCLUSIONS: Further studies are needed."
    )


SUPPORTING = [
    "MADRS scores fell from 32.1 to 14.5 at 24 hours in the ketamine group.",
    "Depression scores dropped markedly after the first infusion.",
    "Depression ratings declined over the treatment period.",
    "The ketamine group had a higher response rate than the midazolam group (64% vs 28%, p = 0.01).",
    "The odds of response were three times higher with ketamine (OR 3.1, 95% CI 1.4-6.8).",
    "Ketamine outperformed midazolam on all depression scales.",
    "More than half of the patients met response criteria after the third infusion.",
    "A large effect size was found for ketamine on depressive symptoms (Cohen's d = 1.1).",
    "Treatment with ketamine resulted in rapid antidepressant effects.",
    "At week 4, the least-squares mean difference in MADRS total score was -4.0 in favour of esketamine.",
    "The response rate was 45%.",
    "The pooled response rate was 45% (95% CI 38-52%).",
    "A response rate of 60% was observed.",
    "The proportion of responders was 60% at day 7.",
    "Sixty percent of patients were classified as responders.",
    "Seven patients (70%) achieved response after the fourth infusion.",
    "An antidepressant response was observed in 12 of 20 patients.",
    "The antidepressant effect of ketamine was evident at 24 hours.",
    "Esketamine showed a statistically significant treatment effect on MADRS total score.",
    "There was a significant effect of ketamine on depression scores at 24 hours.",
    "A significant group-by-time interaction was found for MADRS scores (p = 0.003).",
    "Ketamine separated from placebo on depression ratings at 24 h.",
    "Depressive symptoms were markedly attenuated after ketamine.",
    "The number needed to treat for response was 4.",
    "After treatment, 13 of 20 participants no longer met criteria for major depression.",
    "Ketamine led to a rapid decline in depressive symptoms.",
    "Hamilton scores fell significantly after ketamine.",
    "Montgomery-Asberg scores decreased significantly after ketamine.",
    # already read before: kept so the new wording does not cost the old
    "Ketamine produced a significant reduction in MADRS scores compared with midazolam (p < 0.001).",
    "Response and remission rates were 55% and 30%, respectively.",
    "Esketamine was associated with improvements in depressive symptoms.",
]
CONTRADICTING = [
    "There was no significant difference between ketamine and placebo in depression scores.",
    "Ketamine did not differ from midazolam in MADRS change at day 1.",
    "The change in MADRS score was similar in the ketamine and midazolam groups.",
    "Depression scores were not different between groups at any time point.",
    "Esketamine showed no advantage over placebo on the MADRS.",
    "Ketamine was no more effective than placebo in reducing depression.",
    "MADRS scores at day 7 were comparable between ketamine and placebo.",
    "Response rates did not differ between ketamine (30%) and midazolam (27%).",
    "Ketamine did not produce a greater antidepressant effect than midazolam.",
]


@pytest.mark.parametrize("result", SUPPORTING)
def test_a_reported_benefit_supports(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "supports"


@pytest.mark.parametrize("result", CONTRADICTING)
def test_a_null_against_the_control_arm_contradicts(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) == "contradicts"


@pytest.mark.parametrize(
    "result",
    [
        # (a rate per arm gives its direction by the numbers: test_claims_written_classes.py)
        # arms alike before treatment are no finding, nor are "dropped out" and "declined to take part"
        "Baseline MADRS scores did not differ between the ketamine and midazolam groups.",
        "Four patients dropped out and two declined to take part; depression was rated weekly.",
    ],
)
def test_what_names_no_result_gives_no_direction(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) in (None, "no-direction")


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # relapse in a record about depression is depression's relapse
        (
            "Relapse rates were lower with esketamine than with placebo during maintenance (27% vs 45%).",
            "supports",
        ),
        ("Esketamine reduced the risk of relapse by 51% compared with placebo.", "supports"),
        ("The median time to relapse was 4 months.", "supports"),
        # six weeks: neither lasting (three months) nor quickly lost (within a month) by the number alone
        ("The median time to relapse was 42 days.", "no-direction"),
        ("The median time to relapse was 16 days.", "contradicts"),
        ("Most patients relapsed within 2 weeks.", "contradicts"),
        ("Median time to relapse was 6 days.", "contradicts"),
        # the effect named by an anaphor, and fading verbs
        ("The benefit was not sustained at 4 weeks.", "contradicts"),
        ("The antidepressant effects dissipated within one week.", "contradicts"),
        # a benefit that went away, named by its noun, its drug or the symptoms that came back
        ("The benefits were short-lived, lasting only a few days.", "contradicts"),
        ("The antidepressant effect had largely disappeared by day 10.", "contradicts"),
        ("Ketamine's effect faded within a week.", "contradicts"),
        ("The effect did not persist beyond 72 hours.", "contradicts"),
        ("The antidepressant effect diminished after 1 week.", "contradicts"),
        ("Symptoms recurred within one week after the last infusion.", "contradicts"),
        ("Depressive symptoms gradually returned over the following week.", "contradicts"),
        ("Response rates declined from 60% at day 1 to 10% at day 14.", "contradicts"),
        ("There was no sustained antidepressant effect at day 7.", "contradicts"),
        ("The mean duration of response was 4 days.", "contradicts"),
        ("Gains were preserved at 12-week follow-up.", "supports"),
        ("The effect lasted for 4 months.", "supports"),
        # a floor says only that relief lasted that long at least: the number casts no vote
        ("The effect lasted for at least two weeks.", "no-direction"),
        # side effects are effects too: their span is not the benefit's
        ("Dissociative effects were transient and resolved within 2 hours.", None),
        ("These effects were short-lived.", None),
        ("The effects did not persist beyond the infusion day.", None),
    ],
)
def test_lasting_relief_reads_relapse_and_fading(result: str, stance: str | None) -> None:
    assert stance_of(record_with(result), "lasting-relief", TITLE) == stance


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # a side effect in one patient in ten or more is common, however the share is written
        ("Nausea was reported by 40% of patients and vomiting by 15%.", "contradicts"),
        ("Dissociation with ketamine occurred in nearly all participants.", "contradicts"),
        ("Severe dissociation with ketamine occurred in 12% of sessions.", "contradicts"),
        ("Side effects persisted for several days in some patients.", "contradicts"),
        ("Adverse events led to discontinuation in 12% of esketamine-treated patients.", "contradicts"),
        # a few stopping is no vote either way (as "discontinued due to" below 10%)
        ("Adverse events leading to discontinuation occurred in 4% of patients.", "no-direction"),
        ("Side effects were mild, modest in size and returned to baseline within 90 minutes.", "supports"),
    ],
)
def test_side_effect_shares_and_spans(result: str, stance: str) -> None:
    assert stance_of(record_with(result), "side-effects-mild", TITLE) == stance


def record_concluding(conclusion: str) -> str:
    return (
        "BACKGROUND: Depression is common. METHODS: Forty adults with treatment-resistant depression "
        "were randomised to intravenous ketamine 0.5 mg/kg or midazolam. "
        f"RESULTS: Thirty-eight patients completed the study. CONCLUSIONS: {conclusion}"
    )


@pytest.mark.parametrize(
    ("conclusion", "stance"),
    [
        (
            "These findings support the use of ketamine in patients with treatment-resistant depression.",
            "supports",
        ),
        ("Ketamine appears to be a viable option for treatment-resistant depression.", "supports"),
        ("Our results confirm the antidepressant efficacy of ketamine.", "supports"),
        (
            "Our findings do not support the use of ketamine for treatment-resistant depression.",
            "contradicts",
        ),
    ],
)
def test_a_conclusion_about_use_gives_the_efficacy_stance(conclusion: str, stance: str) -> None:
    assert stance_of(record_concluding(conclusion), "reduces-depression", TITLE) == stance
    assert stance_of(record_concluding(conclusion), "treatment-resistant", TITLE) == stance


def test_relapse_to_a_substance_is_not_depression_relapse() -> None:
    result = (
        "Ketamine was followed by a longer time to relapse to heavy drinking and more days of abstinence."
    )
    assert stance_of(record_with(result), "lasting-relief", TITLE) is None


@pytest.mark.parametrize(
    "result",
    [
        "SSI scores dropped markedly at day 1.",
        "MADRS item 10 scores were lower after ketamine than after midazolam (p = 0.01).",
    ],
)
def test_suicidal_ideation_scores_that_fell(result: str) -> None:
    title = "Ketamine for suicidal ideation in depression: a randomized trial"
    assert stance_of(record_with(result), "suicidal-thoughts", title) == "supports"


def test_a_reduction_alike_in_both_arms_is_a_null() -> None:
    title = "Ketamine for suicidal ideation in depression: a randomized trial"
    result = "Reductions in suicidal ideation were similar with ketamine and midazolam."
    assert stance_of(record_with(result), "suicidal-thoughts", title) == "contradicts"


@pytest.mark.parametrize(
    "result",
    [
        "The glutamate N-methyl-D-aspartate receptor antagonist ketamine improved mood within 24 h.",
        "Ketamine and other glutamate receptor modulators were compared in this review.",
        "Zuranolone acts as an allosteric modulator of GABA-A receptors.",
    ],
)
def test_a_drug_class_or_gaba_is_no_glutamate_finding(result: str) -> None:
    assert stance_of(record_with(result), "glutamate-mechanism", TITLE) is None


def test_a_glutamate_finding_still_counts() -> None:
    result = "Ketamine increased prefrontal glutamate levels and synaptic density within 24 h."
    assert stance_of(record_with(result), "glutamate-mechanism", TITLE) == "supports"


@pytest.mark.parametrize("pmid", ["40328099", "38993656", "40064389"])
def test_real_records_that_only_name_a_drug_class(pmid: str) -> None:
    # 40328099 "ketamine and other glutamate receptor modulators"; 38993656 zuranolone's GABA-A
    # receptors; 40064389 "NMDA antagonists and indirect AMPA agonists" as classes under study
    assert snapshot_stance(pmid, "glutamate-mechanism") is None


@pytest.mark.parametrize(
    "result",
    [
        # groups described before anyone was treated
        "At baseline, MADRS scores were lower in the bipolar group than in the unipolar group.",
        # a survey's respondents and response rate, not patients' response
        "All respondents (100%) reported prescribing ketamine for treatment-resistant depression.",
        "A total of 126 clinics responded to the survey request (26% response rate).",
    ],
)
def test_no_efficacy_finding_before_treatment_or_in_a_survey(result: str) -> None:
    assert stance_of(record_with(result), "reduces-depression", TITLE) in (None, "no-direction")


def test_a_survey_of_clinics_is_no_depression_finding() -> None:
    # 40488717: "All included respondents (100%) report utilizing ketamine for treatment-resistant
    # depression": "respondents" is no response to treatment
    assert snapshot_stance("40488717", "reduces-depression") is None


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        # a null on a harm of long-term use is no harm
        ("No signs of abuse or dependence were observed over 12 months of treatment.", "supports"),
        ("Repeated infusions were not associated with cognitive impairment.", "supports"),
        ("Three patients developed ketamine use disorder during maintenance treatment.", "contradicts"),
        ("Long-term ketamine use was associated with cystitis in 20% of users.", "contradicts"),
    ],
)
def test_long_term_safety_phrasings(result: str, stance: str) -> None:
    assert stance_of(record_with(result), "long-term-safety", TITLE) == stance


def test_a_use_disorder_that_a_trial_treats_is_no_side_effect() -> None:
    result = "Nine trials of ketamine for cocaine use disorder reported no serious adverse events."
    assert stance_of(record_with(result), "side-effects-mild", TITLE) == "supports"


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        ("Repeated infusions produced greater reductions in MADRS than a single infusion.", "supports"),
        ("Six infusions were more effective than one infusion.", "supports"),
        (
            "Response rates increased with each additional infusion, from 30% after the first to 65%.",
            "supports",
        ),
        ("Repeated infusions were not superior to a single infusion.", "contradicts"),
        ("Additional infusions did not further improve depressive symptoms.", "contradicts"),
        ("There was no added benefit of a second infusion over a single dose.", "contradicts"),
        ("The response rate rose from 25% after one infusion to 55% after three infusions.", "supports"),
        ("A course of six infusions over two weeks led to response in 60% of patients.", "supports"),
        ("Repeated dosing extended the antidepressant effect.", "supports"),
        ("Depressive symptoms improved after the first infusion, with little further gain from "
         "subsequent infusions.", "mixed"),
    ],
)  # fmt: skip
def test_repeated_against_single_dosing(result: str, stance: str) -> None:
    assert stance_of(record_with(result), "repeated-infusions", TITLE) == stance


@pytest.mark.parametrize(
    ("result", "stance"),
    [
        ("Time to response was shorter with ketamine than with sertraline (2 vs 14 days).", "supports"),
        ("The speed of response did not differ between ketamine and ECT.", "contradicts"),
        ("Time to response was similar for ketamine and escitalopram.", "contradicts"),
    ],
)
def test_speed_against_a_conventional_antidepressant(result: str, stance: str) -> None:
    title = "Ketamine versus escitalopram for depression: a randomized trial"
    assert stance_of(record_with(result), "faster-than-antidepressants", title) == stance


def test_a_decimal_comma_dose_supports_the_dose_claim() -> None:
    # 40305000 ("intravenous dosage: 0,5 mg/kg") was read as 0 and 5 mg/kg, a contradiction
    assert snapshot_stance("40305000", "dose-0-5-mg-kg") == "supports"


@pytest.mark.parametrize(
    "population",
    [
        "patients who had not responded to at least two antidepressants",
        "patients with difficult-to-treat depression",
        "patients whose depression was resistant to conventional treatment",
        "patients with major depression unresponsive to standard treatments",
        "patients with pharmacoresistant depression",
        "patients who failed two or more adequate antidepressant trials",
    ],
)
def test_the_ways_a_trial_names_treatment_resistance(population: str) -> None:
    abstract = (
        f"METHODS: Forty {population} received intravenous ketamine 0.5 mg/kg. RESULTS: Depressive "
        "symptoms decreased significantly after ketamine (p < 0.001)."
    )
    assert (
        stance_of(abstract, "treatment-resistant", "Ketamine for depression: an open-label trial")
        == "supports"
    )


def test_difficult_to_treat_depression_is_treatment_resistance() -> None:
    # 38340111: esketamine in "difficult-to-treat depression"
    assert snapshot_stance("38340111", "treatment-resistant") == "supports"


def test_a_call_for_more_research_is_no_finding() -> None:
    """A sentence that opens with a call for more work names the claim's topic but reports nothing
    on it, so alone it makes no tag; beside a finding on the claim the record keeps its tag."""
    only_a_call = (
        "BACKGROUND: Depression is common. METHODS: Forty adults were randomised to intravenous ketamine "
        "0.5 mg/kg or midazolam. RESULTS: Depression scores fell more with ketamine than with midazolam "
        "(p < 0.01). CONCLUSIONS: However, large-scale trials are required to evaluate the long-term "
        "safety of repeated ketamine infusions."
    )
    assert stance_of(only_a_call, "long-term-safety", TITLE) is None
    with_a_finding = only_a_call.replace(
        "(p < 0.01).", "(p < 0.01). Repeated infusions were not associated with cognitive impairment."
    )
    assert stance_of(with_a_finding, "long-term-safety", TITLE) == "supports"


def test_real_meta_analysis_whose_only_safety_sentence_calls_for_trials() -> None:
    # 39549887 (ketamine vs ECT meta-analysis): "large-scale RCTs are required to thoroughly evaluate
    # the long-term efficacy and safety of IV ketamine relative to ECT" is its only such sentence
    assert snapshot_stance("39549887", "long-term-safety") is None
