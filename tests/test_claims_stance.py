"""Stance: cue phrases, negation, open questions and number comparisons."""

from __future__ import annotations

import pytest
from snapshot_records import load_snapshot_records
from stance_helpers import built_in_claims, stance_of

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.model import Compare, Value
from litwatch.claims.stance import compare_value, is_negated


@pytest.mark.parametrize(
    ("sentence", "phrase", "negated"),
    [
        ("Response rates did not differ between ketamine and midazolam.", "Response rates", True),
        ("There was no significant reduction in suicidal ideation.", "reduction", True),
        # 38117332
        (
            "This meta-analysis suggested that esketamine and ketamine have failed to reduce suicidal "
            "ideation.",
            "reduce",
            True,
        ),
        ("Ketamine was not superior to ECT in response rate.", "superior", True),
        ("No serious adverse reactions or tolerability issues were observed.", "serious adverse", True),
        ("Ketamine significantly reduced suicidal ideation at 24 hours.", "reduced", False),
        # a negation in another clause does not reach the cue
        ("Placebo did not help, but ketamine reduced depressive symptoms.", "reduced", False),
        ("Not only depression but also anxiety improved.", "improved", False),
    ],
)
def test_is_negated(sentence: str, phrase: str, negated: bool) -> None:
    start = sentence.index(phrase)
    assert is_negated(sentence, start, start + len(phrase)) is negated


def test_negated_contradicting_cue_supports() -> None:
    abstract = "RESULTS: No serious adverse events occurred and all infusions were well tolerated."
    assert stance_of(abstract, "side-effects-mild") == "supports"


def test_contradicting_cue_contradicts() -> None:
    # 2820-like: poor tolerability of intranasal ketamine
    abstract = (
        "RESULTS: Significant acute cardiovascular side effects occurred and acute tolerability was poor."
    )
    assert stance_of(abstract, "side-effects-mild") == "contradicts"


def test_negated_support_cue_contradicts() -> None:
    abstract = "CONCLUSIONS: Ketamine failed to reduce suicidal ideation compared with midazolam."
    assert stance_of(abstract, "suicidal-thoughts") == "contradicts"


def test_open_question_casts_no_vote() -> None:
    abstract = (
        "CONCLUSIONS: Whether ketamine reduces suicidal ideation independently of depression remains unclear."
    )
    assert stance_of(abstract, "suicidal-thoughts") == "no-direction"


def test_an_aim_is_no_finding() -> None:
    """An objective names the question; only results and conclusions make a record bear on a claim."""
    abstract = "OBJECTIVE: To test whether ketamine reduces suicidal ideation in the emergency department."
    assert stance_of(abstract, "suicidal-thoughts") is None


def test_both_directions_give_mixed() -> None:
    abstract = (
        "RESULTS: Ketamine reduced depressive symptoms at 4 hours. "
        "There was no significant reduction in depressive symptoms at day 7 compared with placebo."
    )
    assert stance_of(abstract, "reduces-depression") == "mixed"
    # "rapidly reduces suicidal thoughts" is a claim on how soon: a null at day 7 is not against it
    suicidal = abstract.replace("depressive symptoms", "suicidal ideation")
    assert stance_of(suicidal, "suicidal-thoughts") == "supports"


def test_number_comparison_against_the_article() -> None:
    compare = Compare(supports=(0.4, 1.0))
    dose = Value("dose_mg_per_kg", 0.5, 0.5, 0.5, "mg/kg", "intravenous", "s")
    assert compare_value(dose, compare) == "supports"
    wide = Value("dose_mg_per_kg", 1.05, 0.1, 2.0, "mg/kg", None, "s")
    assert compare_value(wide, compare) == "mixed"  # a range reaching outside the window: for and against
    lasting = Compare(supports=(14.0, 100000.0), contradicts_below=7.0)
    assert compare_value(Value("benefit_days", 3, 3, 3, "days", None, "s"), lasting) == "contradicts"
    assert compare_value(Value("benefit_days", 10, 10, 10, "days", None, "s"), lasting) is None


def test_onset_value_supports_and_is_named_in_the_rule() -> None:
    abstract = "RESULTS: MADRS scores improved significantly 2 hours post-infusion."
    tags = tag_record(TagInput("1", "Ketamine for depression", abstract), load_claims())
    tag = tags.claim("onset-within-hours")
    assert tag is not None and tag.stance == "supports"
    assert "value 2 h supports" in tag.rule
    assert tag.values == [[2.0, 2.0]]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # 38744161-like network meta-analysis: the other arm is the better one, no vote for ketamine
        (
            "RESULTS: Analysis suggests ECT superior to ketamine and their combination for improving "
            "depressive severity.",
            "no-direction",
        ),
        ("RESULTS: Ketamine was superior to placebo in reducing depressive symptoms.", "supports"),
    ],
)
def test_superior_supports_only_when_ketamine_is_the_better_arm(sentence: str, stance: str) -> None:
    assert stance_of(sentence, "reduces-depression") == stance


def test_better_on_its_own_is_a_benefit() -> None:
    # 40153893-like: "(better)" is not "better than ketamine"
    sentence = (
        "RESULTS: Depression scores were significantly lower (better) on postoperative days 1 to 5 in "
        "patients given esketamine."
    )
    assert stance_of(sentence, "reduces-depression") == "supports"
    assert stance_of(sentence, "onset-within-hours") == "supports"  # POD 1-3 is an early time point


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("RESULTS: Side effects were common but the majority were mild and resolved.", "mixed"),
        ("RESULTS: Esketamine lowered the occurrence of postoperative nausea and vomiting.", "supports"),
        ("RESULTS: Nausea was infrequently observed with esketamine.", "supports"),
        ("RESULTS: Patients on ketamine had more frequency of hallucinations and dizziness.", "contradicts"),
        # tagger 2.2, from the PsyNamic set's dev part
        ("RESULTS: Side effects differed from ECT; less cognitive impairment with ketamine.", "supports"),
        ("RESULTS: Dissociation ratings were increased by ketamine, dose-dependently.", "contradicts"),
        (
            "RESULTS: Nine patients discontinued ketamine because of intolerable side effects, four had "
            "few or no side effects.",
            "mixed",
        ),
        ("RESULTS: No patient discontinued due to adverse events.", "supports"),
        # a "less harm" phrase governs the harms it names
        ("RESULTS: Esketamine had lower incidences of dissociative and psychotomimetic effects.", "supports"),
        ("RESULTS: Ketamine infusions gave transient increases in dissociative symptoms.", "supports"),
        # tagger 2.3: reducing a harm is less harm, and a defined short form reads as its long form
        ("RESULTS: Adding ketamine reduced emergence agitation and nausea.", "supports"),
        (
            "RESULTS: Emergence delirium (ED) was recorded as an adverse event. Adding ketamine can "
            "reduce the ED in children.",
            "supports",
        ),
    ],
)
def test_harm_wording(sentence: str, stance: str) -> None:
    assert stance_of(sentence, "side-effects-mild") == stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("METHODS: Doses were titrated from 0.5 to 3.0 mg/kg ketamine.", "mixed"),  # reaches outside
        ("METHODS: Patients received 0.5 mg/kg ketamine or 0.045 mg/kg midazolam.", "supports"),
        # an unlabelled abstract states the dose in its aim sentence
        ("This trial assigned patients to a single dose of ketamine (0.5 mg/kg) or midazolam.", "supports"),
        # tagger 2.4: an hourly rate is read as the dose it gives in an hour, as the guide's annotators
        # read it (40054869: "continuous infusion of esketamine at a rate of 0.3 mg/kg/h")
        ("METHODS: Esketamine was infused at 0.3 mg/kg/h during surgery.", "contradicts"),
        ("METHODS: Ketamine was infused at 0.6 mg/kg/h for 40 minutes.", "supports"),
    ],
)
def test_dose_stance_from_values(sentence: str, stance: str) -> None:
    assert stance_of(sentence, "dose-0-5-mg-kg", title="Ketamine for suicidal ideation: a trial") == stance


def test_a_week_is_not_lasting_relief() -> None:
    one_week = "RESULTS: Depression scores were significantly reduced at day 7 after ketamine."
    four_weeks = "RESULTS: Depression scores remained significantly reduced at week 4 after ketamine."
    assert stance_of(one_week, "lasting-relief") is None
    assert stance_of(four_weeks, "lasting-relief") == "supports"


@pytest.mark.parametrize(
    ("abstract", "claim_id", "stance"),
    [
        # a null conclusion votes though it names no improvement (no efficacy rule picks it)
        (
            "RESULTS: Depression scores improved significantly after esketamine. CONCLUSIONS: "
            "Esketamine did not significantly change PHQ-9 scores at day 30 compared with placebo.",
            "reduces-depression",
            "mixed",
        ),
        # the record's own reading of its evidence
        (
            "CONCLUSIONS: The antidepressant effects of arketamine are inconsistent: results in "
            "depression trials are mixed.",
            "reduces-depression",
            "mixed",
        ),
        # "similar between the groups" is a null result
        (
            "RESULTS: Ketamine reduced depression scores. The rate of suicidal ideation was similar "
            "between the two groups.",
            "suicidal-thoughts",
            "contradicts",
        ),
        # harm: an exception inside a null finding
        (
            "RESULTS: Except for dizziness, which was higher in the esketamine arm, we found no "
            "significant difference in adverse events.",
            "side-effects-mild",
            "mixed",
        ),
    ],
)
def test_nulls_and_mixed_readings(abstract: str, claim_id: str, stance: str) -> None:
    assert stance_of(abstract, claim_id) == stance


def test_a_question_and_a_population_cast_no_vote() -> None:
    title = "Is ketamine efficacious for rapid treatment of suicidal ideation?"
    abstract = "METHODS: Patients received ketamine. RESULTS: Outcomes were recorded at 24 h."
    assert stance_of(abstract, "suicidal-thoughts", title=title) in (None, "no-direction")
    # "in patients without suicidal ideation" says who was studied, not a suicidality finding
    only_population = (
        "RESULTS: Esketamine was superior to placebo in reducing MADRS scores in patients without "
        "suicidal ideation."
    )
    assert stance_of(only_population, "suicidal-thoughts") in (None, "no-direction")


def test_treatment_resistant_ocd_is_not_trd() -> None:
    abstract = "RESULTS: In treatment-resistant OCD, esketamine significantly reduced depressive symptoms."
    assert stance_of(abstract, "treatment-resistant", title="Esketamine in OCD") is None
    trd = "RESULTS: In treatment-resistant depression, ketamine significantly reduced depressive symptoms."
    assert stance_of(trd, "treatment-resistant") == "supports"


def test_onset_takes_a_stance_from_first_day_findings_only() -> None:
    day3 = "RESULTS: Depression scores were significantly lower at day 3 after ketamine."
    day1 = "RESULTS: Depression scores were significantly lower on postoperative day 1 after ketamine."
    assert stance_of(day3, "onset-within-hours") == "no-direction"
    assert stance_of(day1, "onset-within-hours") == "supports"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("RESULTS: Esketamine was an effective and well-tolerated therapy.", "supports"),
        (
            "RESULTS: We did not identify evidence of negative effects on cognition after long-term "
            "esketamine.",
            "supports",
        ),
        ("RESULTS: Long-term ketamine users had better cognition scores than controls.", "supports"),
    ],
)
def test_safety_wording(sentence: str, stance: str) -> None:
    claim = "long-term-safety" if "long-term" in sentence or "users" in sentence else "side-effects-mild"
    assert stance_of(sentence, claim, title="Long-term ketamine treatment: safety") == stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # the predicate rules a list of harms
        (
            "CONCLUSIONS: Tachyphylaxis, cognitive impairment, addiction, and serious renal and urinary "
            "problems seem uncommon with maintenance ketamine.",
            "supports",
        ),
        ("RESULTS: Repeated ketamine infusions did not impair cognitive function.", "supports"),
        ("RESULTS: Serial IV ketamine infusions were given without impairing cognition.", "supports"),
        ("RESULTS: No hepatic, cognitive or urinary changes after the treatment course.", "supports"),
    ],
)
def test_long_term_safety_wording(sentence: str, stance: str) -> None:
    title = "Repeated ketamine infusions for depression"
    assert stance_of(sentence, "long-term-safety", title=title) == stance


def test_less_durable_is_against_lasting_relief() -> None:
    sentence = "CONCLUSIONS: Ketamine might give faster but perhaps less durable antidepressant effects."
    assert stance_of(sentence, "lasting-relief") == "contradicts"


def test_trd_takes_its_stance_from_a_suicidal_ideation_finding() -> None:
    # 39608193: a study in TRD patients whose finding is on suicidality, not on depression scores
    abstract = (
        "OBJECTIVE: To study ketamine in treatment-resistant depression. RESULTS: Mean C-SSRS suicidal "
        "ideation scores significantly decreased following a single ketamine infusion."
    )
    assert stance_of(abstract, "reduces-depression") is None
    assert stance_of(abstract, "suicidal-thoughts") == "supports"
    assert stance_of(abstract, "treatment-resistant") == "supports"


def test_a_null_with_an_exception_is_mixed() -> None:
    # 38446480: the null holds everywhere but one time point
    sentence = (
        "RESULTS: There were no differences in NRS pain scores at rest and on movement except on "
        "movement at 72 hours postoperatively."
    )
    assert stance_of(sentence, "pain-relief", title="Ketamine for pain after knee surgery") == "mixed"
    assert stance_of("RESULTS: There were no differences in NRS pain scores.", "pain-relief") == "contradicts"


def test_a_suicide_visual_analogue_scale_is_no_pain_scale() -> None:
    """Tagger 2.3.1: "S-VAS" (39940002: "BSSI and S-VAS scores") rates suicidal ideation, not pain."""
    abstract = "RESULTS: There were no differences between the groups in BSSI and S-VAS scores."
    assert stance_of(abstract, "pain-relief") is None
    assert stance_of("RESULTS: There were no differences in VAS scores.", "pain-relief") == "contradicts"


def test_conclusions_that_cannot_be_drawn_are_no_null_result() -> None:
    sentence = (
        "CONCLUSIONS: Maintenance ketamine decreased depressive symptoms, although effectiveness "
        "conclusions cannot be drawn from this small pilot study."
    )
    assert stance_of(sentence, "reduces-depression") == "supports"
    assert stance_of("CONCLUSIONS: Ketamine cannot reduce depressive symptoms.", "reduces-depression") == (
        "contradicts"
    )


def test_efficacy_in_managing_pain_is_a_pain_finding() -> None:
    """Tagger 2.3: "efficacy in managing chronic pain" names a pain outcome (it was no evidence)."""
    abstract = "RESULTS: Ketamine has demonstrated significant efficacy in managing chronic neuropathic pain."
    assert stance_of(abstract, "pain-relief", title="Ketamine beyond anaesthesia") == "supports"


@pytest.mark.parametrize(
    ("title", "abstract", "stance"),
    [
        # tagger 2.3: a title's question states no finding, even with a subtitle after it (39940002)
        (
            "Is ketamine efficacious for acute suicidal ideation? Lessons from a pilot trial",
            "RESULTS: No statistically significant differences were found between the groups in "
            "suicidal ideation scores.",
            "contradicts",
        ),
        # a change every arm shows is no effect of the drug; the between-group null decides
        (
            "Ketamine versus midazolam for suicidal ideation",
            "RESULTS: Suicidal ideation scores decreased significantly compared to baseline in both "
            "groups. No statistically significant differences were found between the groups in "
            "suicidal ideation scores.",
            "contradicts",
        ),
        # ... but two dose arms each better than placebo are a benefit (PsyNamic 8051)
        (
            "Esketamine for suicidal ideation",
            "RESULTS: Suicidal ideation scores showed significant improvement (p = .001 for both groups) "
            "compared with placebo.",
            "supports",
        ),
    ],
)
def test_questions_and_every_arm_changes(title: str, abstract: str, stance: str) -> None:
    assert stance_of(abstract, "suicidal-thoughts", title=title) == stance


def test_a_rate_only_trial_takes_its_dose_stance_from_the_rate() -> None:
    # the rate votes and names itself; the claim's values (its chart) keep bolus doses only
    (record,) = load_snapshot_records(["40054869"])
    tag = tag_record(TagInput.from_record(record), built_in_claims()).claim("dose-0-5-mg-kg")
    assert tag is not None
    assert (tag.stance, tag.values) == ("contradicts", [])
    assert "value 0.3 mg/kg/h contradicts" in tag.rule
