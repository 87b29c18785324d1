"""Number extractors on real PubMed sentences (shared/data/ketamine/records.jsonl, PMIDs noted)."""

from __future__ import annotations

import pytest

from litwatch.claims.extract import extract_from_text
from litwatch.claims.model import Value


def values(text: str, kind: str) -> list[tuple[float, float | None, float | None]]:
    return [(v.value, v.low, v.high) for v in extract_from_text(text) if v.kind == kind]


def only(text: str, kind: str) -> list[Value]:
    return [v for v in extract_from_text(text) if v.kind == kind]


# --- doses --------------------------------------------------------------------------------------


def test_dose_range_with_en_dash_is_one_range() -> None:
    # 38266928
    got = values(
        "High-dose intravenous ketamine (0.75–1 mg/kg) resulted in the most pronounced clinical effects.",
        "dose_mg_per_kg",
    )
    assert got == [(0.875, 0.75, 1.0)]


def test_dose_without_space_and_with_route() -> None:
    # 38194244
    text = (
        "A retrospective chart review of patients with treatment-resistant OCD receiving a single dose of "
        "esketamine (0.5mg/kg) added to standard therapy was conducted."
    )
    assert values(text, "dose_mg_per_kg") == [(0.5, 0.5, 0.5)]
    text = "Twenty patients received 0.5 mg/kg intravenous ketamine."
    assert [v.route for v in only(text, "dose_mg_per_kg")] == ["intravenous"]


def test_dose_written_kg_minus_one_and_per_kg() -> None:
    # 37072569
    assert values(
        "The exposed group (0.46 mg kg-1: average dose of esketamine) was associated with ED.",
        "dose_mg_per_kg",
    ) == [(0.46, 0.46, 0.46)]
    assert values(
        "The most common ratio is 0.5mg per 1 kg of a patient's body weight.", "dose_mg_per_kg"
    ) == [(0.5, 0.5, 0.5)]
    assert values("Dose range of ketamine is 0.1 to 2mgs/kg intramuscular (IM).", "dose_mg_per_kg") == [
        (1.05, 0.1, 2.0)
    ]


def test_dose_list_gives_one_value_each_and_rates_are_kept_apart() -> None:
    got = values("IM doses of ketamine in cohort 1 will be 0.1, 0.25 and 0.5mg/kg.", "dose_mg_per_kg")
    assert [v[0] for v in got] == [0.1, 0.25, 0.5]
    rate = only(
        "followed by a maintenance infusion of 0.25 mg/kg/h for the remainder of the session",
        "dose_mg_per_kg",
    )
    assert [(v.value, v.unit) for v in rate] == [(0.25, "mg/kg/h")]


def test_a_decimal_comma_and_spelled_out_units() -> None:
    # 40305000 writes "intravenous dosage: 0,5 mg/kg": one dose of 0.5, not doses of 0 and 5
    assert values("intravenous dosage: 0,5 mg/kg", "dose_mg_per_kg") == [(0.5, 0.5, 0.5)]
    assert values("ketamine at a dose of 0.5 mg per kilogram of body weight", "dose_mg_per_kg") == [
        (0.5, 0.5, 0.5)
    ]
    # a list without spaces keeps its items
    assert [v[0] for v in values("doses of 0.1,0.2 and 0.5 mg/kg", "dose_mg_per_kg")] == [0.1, 0.2, 0.5]


def test_micrograms_are_not_mg_per_kg() -> None:
    assert values("a continuous infusion of 1.4 microg kg(-1) min(-1) over 24 h", "dose_mg_per_kg") == []
    assert values("sufentanil 2 μg/kg + tropisetron 10 mg", "dose_mg_per_kg") == []


# --- infusion length ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("randomly assigned to receive a 40-min infusion of ketamine (0.5 mg/kg) or midazolam", 40.0),
        ("subjects received a ketamine bolus and constant infusion lasting 100 min.", 100.0),
        ("The ketamine dose was infused over 100 minutes.", 100.0),
        # 39946130
        (
            "Patients in the esketamine group received an infusion of 0.25 mg/kg esketamine in 20 mL of "
            "saline over 20 minutes.",
            20.0,
        ),
        ("a sub-anesthetic dose (0.5mg/kg) of ketamine infused IV over forty minutes", 40.0),
        # 38808490: "over" is a duration even when "after childbirth" follows
        (
            "Participants were randomly assigned to receive 0.2 mg/kg esketamine infused intravenously over "
            "40 minutes after childbirth.",
            40.0,
        ),
        ("received a single subanesthetic infusion of ketamine (0.5 mg/kg over 40 min).", 40.0),
        # a bolus is not an infusion; the infusion after it is (and "∼" is "about")
        ("racemic ketamine 0.23 mg/kg bolus over one min; and 0.58 mg/kg/hour for \u223c 70 min.", 70.0),
        ("Ketamine 0.5 mg/kg was administered intravenously in 40 minutes by perfusor.", 40.0),
        ("Volunteers received a 0.15 mg/kg/h infusion of ketamine (3 h duration).", 180.0),
        # the other ways an abstract states how long an infusion ran
        ("Patients received a 2-hour infusion of ketamine.", 120.0),
        ("A 24-h continuous ketamine infusion was given.", 1440.0),
        ("The infusion duration was 40 min.", 40.0),
        ("Each infusion lasted about 45 minutes.", 45.0),
        ("The duration of each infusion: 60 min.", 60.0),
        ("Ketamine was infused over a 40-minute period.", 40.0),
        ("Participants received ketamine infusions (0.5 mg/kg/40 min).", 40.0),
        ("Esketamine 0.2 mg/kg was pumped within 10 min.", 10.0),
        # the decimal point of a dose does not end the span before "over"
        ("a continuous infusion of 1.4 microg kg(-1) min(-1) over 24 h", 1440.0),
        # how long, then when: "after cord clamping" or "after induction" is no time point
        ("esketamine 0.25 mg/kg, intravenous infusion for 15 min after the umbilical cord clamping", 15.0),
        ("ketamine was infused for 30 min after induction of anaesthesia", 30.0),
        # a floor or a median of the infusions' length, and a rate written with a middle dot
        ("Patients received a continuous ketamine infusion for at least 24 h.", 1440.0),
        ("Ketamine was infused for a median of 52 hours.", 3120.0),
        ("Esketamine 0.1 mg\u00b7kg-1\u00b7h-1 for 24 h was given after surgery.", 1440.0),
    ],
)
def test_infusion_minutes(text: str, minutes: float) -> None:
    assert [v[0] for v in values(text, "infusion_minutes")] == [minutes]


def test_time_point_after_infusion_is_not_an_infusion_length() -> None:
    text = "Depression was rated for 2 hours after the infusion and at 24 hours."
    assert values(text, "infusion_minutes") == []
    # hours before "ketamine" are a time point; only "h ... infusion" gives a length in hours
    assert values("Scores at 24 h ketamine were lower than at baseline.", "infusion_minutes") == []
    # "within 10 min after ..." and "within 24 hours of admission" say when, not how long
    assert (
        values("ketamine was administered intravenously within 10 min after delivery", "infusion_minutes")
        == []
    )
    assert values("Patients were given ketamine within 24 hours of admission.", "infusion_minutes") == []
    assert (
        values(
            "Ratings were taken at 2 h post-infusion and the infusion time of day varied.", "infusion_minutes"
        )
        == []
    )


# --- onset time points (hours) ------------------------------------------------------------------


def test_onset_hours_vs_days() -> None:
    # 37776285: "at day 1" is 24 h
    text = (
        "Significant benefits were found at day 1 and weeks 1, 2, and 4 for CAPS and PCL scores for "
        "ketamine versus control."
    )
    assert 24.0 in [v[0] for v in values(text, "onset_hours")]
    assert [
        v[0]
        for v in values(
            "Depressive symptoms improved significantly within 24 h of the infusion.", "onset_hours"
        )
    ] == [24.0]
    got = values("MADRS scores were significantly reduced 2 hours post-infusion.", "onset_hours")
    assert [v[0] for v in got] == [2.0]


def test_onset_minutes_become_hours_and_sentence_needs_an_effect() -> None:
    got = values(
        "Mean MADRS scores fell significantly from 40.4 at baseline to 11.5 at 240 min.", "onset_hours"
    )
    assert [v[0] for v in got] == [4.0]
    # no effect or assessment word: a time is not an onset
    assert (
        values("Patients were monitored in the recovery room for 2 hours after the infusion.", "onset_hours")
        == []
    )


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # the time a side effect or a drug level was read is no onset of the antidepressant effect
        # (37846462: "dissociative score assessed with the CADSS 40 min after ketamine infusion")
        (
            "No association was seen between response and the dissociative score assessed with the "
            "Clinician-Administered Dissociative States Scale 40 min after ketamine infusion.",
            [],
        ),
        ("All participants had mild dissociative symptoms in the 40 minutes after the infusion.", []),
        ("Ramsay sedation scores were higher 5 minutes post-administration.", []),
        # a mood outcome read at that time still counts, and so does one in the next clause
        (
            "Dissociation peaked at 40 min, and depressive symptoms improved at 24 h after the infusion.",
            [24.0],
        ),
        ("Blood pressure rose at 40 min after infusion; MADRS scores fell by 24 h after infusion.", [24.0]),
        ("MADRS scores improved 40 min after the infusion.", [0.666667]),
    ],
)
def test_a_side_effect_s_time_point_is_no_onset(text: str, hours: list[float]) -> None:
    assert [v[0] for v in values(text, "onset_hours")] == hours


# --- duration of benefit (days) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("The antidepressant effect lasted up to 7 days.", 7.0),
        ("Improvement in suicidal ideation was sustained for 2 weeks.", 14.0),
        ("participants whose depression symptoms responded had a median time to relapse of 20 days.", 20.0),
        ("SI improvements were sustained over 10 d.", 10.0),
        ("The median time to relapse was 42 days.", 42.0),
        ("Improvement was maintained through day 28.", 28.0),
        ("Response was maintained until week 12.", 84.0),
        ("The response lasted 7 days.", 7.0),
        ("Benefit lasted approximately one week.", 7.0),
        # 39026266: the last day a pattern is seen at
        ("This pattern continued to day 31, with ketamine showing a mean score decrease of 13.73.", 31.0),
    ],
)
def test_benefit_days(text: str, days: float) -> None:
    assert [v[0] for v in values(text, "benefit_days")] == [days]


def test_confidence_interval_bound_and_age_are_not_durations() -> None:
    # 37776285
    text = (
        "The time to PTSD relapse was prolonged with ketamine (n = 2, 15.74 days [95% CI 3.57 to 29.91 "
        "days])."
    )
    assert values(text, "benefit_days") == []
    assert values("Remission was maintained in persons aged over 18 years.", "benefit_days") == []
    # a side effect's span in hours, and onset "by Day 2", are no benefit durations
    assert values("Dissociation lasting 2 hours was common and sustained.", "benefit_days") == []
    assert values("sustained response with onset by Day 2 through the end of the phase", "benefit_days") == []


def test_a_benefit_range_of_days() -> None:
    assert values("The effect lasted between 3 and 7 days.", "benefit_days") == [(5.0, 3.0, 7.0)]


# --- sample size --------------------------------------------------------------------------------


def test_sample_sizes() -> None:
    # 37872291, 38140979, 38287453
    got = values(
        "Twenty-six individuals with PTSD received either ketamine (0.5mg/kg; n = 12) or midazolam (n = 14).",
        "sample_size",
    )
    assert sorted(v[0] for v in got) == [12.0, 14.0, 26.0]
    assert [
        v[0]
        for v in values(
            "Sixty-six participants were enrolled and received either ketamine or buprenorphine.",
            "sample_size",
        )
    ] == [66.0]
    text = (
        "A total of 102 patients with unipolar and bipolar depression were administered six infusions of "
        "ketamine."
    )
    assert [v[0] for v in values(text, "sample_size")] == [102.0]
    assert values("The ketamine dose was infused over forty minutes on TRD patients.", "sample_size") == []


# --- number of doses ----------------------------------------------------------------------------


def test_dose_counts() -> None:
    # 38287453, 38142892, 38266928
    text = (
        "A total of 102 patients were administered six infusions of intravenous ketamine over a 12-day "
        "period."
    )
    assert [v[0] for v in values(text, "dose_count")] == [6.0]
    text = (
        "75 patients with treatment-refractory depression received 3 IV ketamine infusions over an 11-day "
        "period."
    )
    assert [v[0] for v in values(text, "dose_count")] == [3.0]
    text = (
        "Seventy-seven patients were treated with intravenous or intranasal ketamine twice weekly for five "
        "weeks."
    )
    assert [v[0] for v in values(text, "dose_count")] == [10.0]


def test_doses_of_another_drug_are_not_counted() -> None:
    text = "All subjects received placebo and two of three doses of TAK-063 followed by ketamine."
    assert values(text, "dose_count") == []
    text = "Fifteen subjects will receive 4 ketamine infusions in combination with 12 sessions of CBT."
    assert [v[0] for v in values(text, "dose_count")] == [4.0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Response rates were 52% with ketamine versus 20% with placebo.",
            [("response_percent", 52.0, 52.0, "%"), ("response_percent", 20.0, 20.0, "%")],
        ),
        (
            "Response was defined as a ≥50% reduction in MADRS; 45.5% of patients responded (95% CI 30-60%).",
            [("response_percent", 45.5, 45.5, "%")],
        ),
        (
            "Patients received esketamine 56 mg or 84 mg twice weekly for 4 weeks.",
            [
                ("dose_count", 8.0, 8.0, "doses"),
                ("dose_mg", 56.0, 56.0, "mg"),
                ("dose_mg", 84.0, 84.0, "mg"),
                ("course_weeks", 4.0, 4.0, "weeks"),
            ],
        ),
        ("Escitalopram 10 mg/day was continued alongside esketamine.", []),
        # 40305000, 40767760, 40288458: the share of non-responders, and changes in odds, are no
        # share of people who responded
        ("In this study, 30 patients (75%) were classified as non-responders.", []),
        ("SI responders at 7 days had 75% lower odds of experiencing suicidal events at 3 months.", []),
        ("Each 5-point PSS increase reduced remission odds by 60 % (OR = 0.40).", []),
        (
            "Of the 21 participants, nine (43 %) had remission and 12 (57 %) non-remission.",
            [("response_percent", 43.0, 43.0, "%")],
        ),
        (
            "Patients received six ketamine infusions over 12 days.",
            [("dose_count", 6.0, 6.0, "doses"), ("course_weeks", 1.714, 1.714, "weeks")],
        ),
        ("Delirium was assessed twice daily for 7 days after surgery in the ketamine group.", []),
        (
            "Blood pressure increases were transient and returned to baseline by 90 min.",
            [("side_effect_hours", 1.5, 1.5, "h")],
        ),
        # psynamic dev: "transient and did not persist beyond 4 hours"; and a span in days
        (
            "Dissociation was transient and did not persist beyond 4 hours from the start of the infusion.",
            [("side_effect_hours", 4.0, 4.0, "h")],
        ),
        (
            "Dizziness persisted for more than 2 days in some patients.",
            [("side_effect_hours", 48.0, 48.0, "h")],
        ),
    ],
)
def test_new_value_kinds(text: str, want: list[tuple[str, float, float, str]]) -> None:
    kinds = {"response_percent", "dose_mg", "course_weeks", "side_effect_hours", "dose_count"}
    got = [(v.kind, v.low, v.high, v.unit) for v in extract_from_text(text) if v.kind in kinds]
    assert got == want


def test_dose_titrated_from_one_value_to_another_is_a_range() -> None:
    # benchmarks/studyfacts.py, written dev: only the upper end had been read
    text = "Oral ketamine was titrated from 0.5 to a maximum of 1.5 mg/kg daily for 6 weeks."
    assert values(text, "dose_mg_per_kg") == [(1.0, 0.5, 1.5)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Weekly SC esketamine, starting at 0.5 mg/kg and titrated up to 1.0 mg/kg according to response.",
            (0.5, 1.0),
        ),
        ("She received ketamine 0.5 mg/kg, increased to 0.75 mg/kg after the third session.", (0.5, 0.75)),
        # the step is no dose of its own
        (
            "Ketamine will start at 0.5 mg/kg, with titration by 0.25 mg/kg every 3 days to a maximum "
            "of 1.5 mg/kg.",
            (0.5, 1.5),
        ),
        (
            "The protocol started at 0.5 mg/kg and allowed titration in steps of 0.1 mg/kg up to 1.0 mg/kg.",
            (0.5, 1.0),
        ),
    ],
)
def test_a_dose_titrated_upward_is_one_range(text: str, want: tuple[float, float]) -> None:
    assert [(lo, hi) for _, lo, hi in values(text, "dose_mg_per_kg")] == [want]


def test_a_titration_from_either_of_two_starting_doses_is_one_range() -> None:
    # 39853300 (recent set, dev): the lower start to the ceiling; each start is also a dose given
    text = "Esketamine was titrated from 0.5 or 1.0 mg/kg to a maximum of 3.0 mg/kg twice weekly."
    assert [(lo, hi) for _, lo, hi in values(text, "dose_mg_per_kg")] == [(0.5, 3.0), (0.5, 0.5), (1.0, 1.0)]


def test_doses_joined_by_a_slash_are_each_a_dose() -> None:
    # 40879542 (recent set, dev): "intravenous 0.5 mg/kg or oral 2.0/2.5 mg/kg"
    text = "Patients received a four-week ketamine regimen (intravenous 0.5 mg/kg or oral 2.0/2.5 mg/kg)."
    assert [(lo, hi) for _, lo, hi in values(text, "dose_mg_per_kg")] == [(0.5, 0.5), (2.0, 2.0), (2.5, 2.5)]


def test_a_comparison_with_another_dose_is_no_titration() -> None:
    text = "Ketamine 0.5 mg/kg increased response rates compared to 0.2 mg/kg."
    assert [(lo, hi) for _, lo, hi in values(text, "dose_mg_per_kg")] == [(0.5, 0.5), (0.2, 0.2)]


@pytest.mark.parametrize(
    "text",
    [
        "The average total dose rose from 1.9 to 3.0 mg/kg/week.",  # a total over a week
        "Serotonin was depleted with PCPA (300 mg/kg/day for 3 days).",  # and another drug
        "The NMDA antagonist MK-801 (0.1 mg/kg) was tested for comparison.",
        "The standard dose of lecanemab is 10 mg/kg every 2 weeks.",
    ],
)
def test_totals_over_a_period_and_other_drugs_are_no_ketamine_dose(text: str) -> None:
    assert values(text, "dose_mg_per_kg") == []


def test_an_infusion_time_said_of_most_trials() -> None:
    # a review's summary of practice: the number follows "in most trials was"
    assert values("Infusion time in most trials was 40 minutes.", "infusion_minutes") == [(40.0, 40.0, 40.0)]


def test_a_review_s_infusion_durations_are_infusion_times() -> None:
    text = "Doses ranged from 0.1 to 1.0 mg/kg; infusion durations were 40 min in most studies."
    assert values(text, "infusion_minutes") == [(40.0, 40.0, 40.0)]
