"""Study design, evidence level, population, route and formulation rules."""

from __future__ import annotations

import pytest

from litwatch.claims.context import detect_formulations, detect_population, detect_routes
from litwatch.claims.design import (
    EVIDENCE_LEVEL_TABLE,
    EVIDENCE_LEVELS,
    design_from_publication_types,
    detect_design,
    evidence_level,
)
from litwatch.claims.evidence import Design
from litwatch.claims.matching import Doc
from litwatch.claims.text import split_sentences


def doc(title: str, abstract: str = "") -> Doc:
    return Doc(split_sentences(title, abstract))


def design(
    title: str, abstract: str = "", pts: tuple[str, ...] = (), population: str = "human"
) -> tuple[str, str]:
    return detect_design(list(pts), doc(title, abstract), abstract, population)


# --- publication types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pts", "expected"),
    [
        (("Journal Article", "Randomized Controlled Trial"), "rct"),
        (("Meta-Analysis", "Systematic Review", "Review"), "meta-analysis"),
        (("Systematic Review",), "systematic-review"),
        (("Case Reports",), "case-report"),
        (("Clinical Trial Protocol", "Randomized Controlled Trial"), "protocol"),
        (("Review",), "narrative-review"),
        (("Observational Study",), "cohort"),
        (("Journal Article", "Comparative Study"), None),
    ],
)
def test_design_from_publication_types(pts: tuple[str, ...], expected: str | None) -> None:
    assert design_from_publication_types(pts) == expected


def test_publication_type_wins_and_text_only_refines_it() -> None:
    abstract = "METHODS: Patients were randomly assigned to ketamine or midazolam."
    assert design("Ketamine for depression", abstract, ("Clinical Trial",)) == ("rct", "publication_type")
    assert design("Ketamine for depression", abstract, ("Case Reports",)) == (
        "case-report",
        "publication_type",
    )
    assert design("Ketamine for depression", abstract) == ("rct", "text")


# --- text rules ---------------------------------------------------------------------------------


def test_randomized_with_comma_list_of_adjectives() -> None:
    abstract = (
        "METHODS: One hundred twenty-seven patients with major depressive disorder were included in this "
        "randomized, placebo-controlled, double-blind study."
    )
    assert design("Effects of low-dose ketamine in patients undergoing ECT", abstract)[0] == "rct"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # the active voice (35749277, earlier set, dev: "Two similarly-designed, short-term TRANSFORM
        # trials randomized adults to esketamine or matching placebo nasal spray")
        ("METHODS: Two trials randomized adults to esketamine or placebo nasal spray.", "rct"),
        ("METHODS: We randomized 60 patients to ketamine or midazolam.", "rct"),
        # an experiment that gave the drug to healthy people (9167508: "... in healthy volunteers")
        ("METHODS: Ketamine was given to 10 healthy volunteers during PET scanning.", "non-randomized-trial"),
        # healthy controls compared with patients are no experiment of their own
        ("METHODS: Patients were compared with healthy controls on EEG measures.", "other"),
        # 32813326 (earlier set, dev): "Adults entering EDM events ... were surveyed in 2016 and 2019"
        ("METHODS: Adults entering dance events were surveyed about ketamine use.", "cross-sectional"),
        # 19897179: the aim, in the background, names this study's design ("Here we tested ... open-label")
        (
            "BACKGROUND: Ketamine acts fast. Here we tested the safety of repeated-dose open-label IV "
            "ketamine in 10 patients. RESULTS: Nine responded.",
            "non-randomized-trial",
        ),
    ],
)
def test_active_voice_randomisation_and_healthy_volunteer_experiments(abstract: str, expected: str) -> None:
    assert design("Ketamine and brain activity", abstract)[0] == expected


def test_background_mention_of_other_work_does_not_set_the_design() -> None:
    # 36279978: the background cites a meta-analysis of RCTs; the study is observational
    abstract = (
        "BACKGROUND: Systematic review and meta-analysis of randomized controlled trials have concluded "
        "that the "
        "effect of ketamine on postoperative delirium remains unclear. METHODS: A prospective observational "
        "study "
        "was performed in the PostAnesthetic Care Unit."
    )
    assert (
        design("Intraoperative ketamine and emergence delirium: an observational study", abstract)[0]
        == "cohort"
    )


def test_call_for_more_trials_is_not_an_rct() -> None:
    abstract = (
        "Further randomized controlled trials are warranted. We reviewed the charts of 41 patients "
        "retrospectively."
    )
    assert design("Low-dose ketamine in an academic practice", abstract)[0] == "cohort"


def test_meta_analysis_and_systematic_review_from_text() -> None:
    abstract = (
        "We searched PubMed, Embase and PsycINFO from inception to 2022. A random-effects model was used."
    )
    assert design("Ketamine and suicidal ideation", abstract)[0] == "meta-analysis"
    abstract = "We searched PubMed and Scopus from inception to August 2021 and included 18 RCTs."
    assert design("Ketamine in treatment-resistant depression", abstract)[0] == "systematic-review"


def test_protocol_from_title_registry_headings_or_future_tense() -> None:
    assert (
        design("Esketamine for postoperative depression: study protocol for a randomised controlled trial")[0]
        == "protocol"
    )
    registry = "INTERVENTION: Ketamine 0.5 mg/kg. CONDITION: Depression PRIMARY OUTCOME: MADRS at 24 hours."
    assert design("Ketamine in treatment resistant major depression", registry)[0] == "protocol"
    future = "Fifteen subjects will be recruited. Efficacy will be assessed with the MADRS."
    assert design("Cognitive behavior therapy after ketamine", future)[0] == "protocol"


def test_case_report_versus_case_series() -> None:
    assert design("Urgent ketamine infusion for a patient with MDD: A case report")[0] == "case-report"
    title = (
        "Case report: Intramuscular ketamine or intranasal esketamine in four patients with anorexia nervosa"
    )
    assert design(title)[0] == "case-series"
    assert (
        design("Ketamine infusions for depression: a series of 28 patients treated weekly")[0]
        == "case-series"
    )


def test_animal_study_is_preclinical() -> None:
    abstract = (
        "Male Sprague-Dawley rats received ketamine (10 mg/kg) and were tested in the forced swim test."
    )
    d = doc("Ketamine reverses stress-induced anhedonia in rats", abstract)
    population = detect_population(d, [])
    assert population == "animal"
    assert detect_design([], d, abstract, population)[0] == "preclinical"
    assert detect_population(doc("Ketamine in patients"), ["Animals", "Humans"]) == "human"


# --- evidence levels ----------------------------------------------------------------------------


def test_evidence_level_table_covers_every_design() -> None:
    assert {d for d, _, _ in EVIDENCE_LEVEL_TABLE} == set(Design)
    assert EVIDENCE_LEVELS["rct"] == 2
    assert EVIDENCE_LEVELS["cohort"] == 3
    assert EVIDENCE_LEVELS["case-series"] == 4
    assert EVIDENCE_LEVELS["protocol"] == 5


def test_review_without_randomised_trials_is_graded_down() -> None:
    with_rcts = doc("Ketamine: a meta-analysis", "We pooled 9 randomized controlled trials.")
    without = doc("Ketamine: a meta-analysis", "We pooled 12 cohort studies and case series.")
    assert evidence_level("meta-analysis", with_rcts) == 1
    assert evidence_level("meta-analysis", without) == 3


def test_review_of_clinical_trials_is_a_review_of_trials() -> None:
    # 39332580 (snapshot): a meta-analysis of "49 independent clinical trials" that names no
    # randomisation is a review of interventional studies, graded like a review of RCTs
    pooled = doc(
        "Efficacy of single and repeated ketamine administration for suicidal ideation: a meta-analysis",
        "RESULTS: This study included 49 independent clinical trials involving 3982 participants.",
    )
    assert evidence_level("meta-analysis", pooled) == 1
    cited = doc("Ketamine: a meta-analysis", "BACKGROUND: Clinical trials are few. We pooled 12 cohorts.")
    assert evidence_level("meta-analysis", cited) == 3  # trials named only in the background


# --- route and formulation ----------------------------------------------------------------------


def test_routes_attach_to_ketamine_not_to_other_drugs() -> None:
    abstract = (
        "The effects of a single oral dose of Org 25935, a glycine transporter-1 inhibitor, on "
        "ketamine-induced "
        "psychotic symptoms were evaluated in healthy men. Subjects received a ketamine bolus and constant "
        "infusion lasting 100 min."
    )
    assert detect_routes(doc("Glycine transporter inhibitor and ketamine", abstract)) == ["intravenous"]
    abstract = "Patients with TRD received esketamine nasal spray plus a new oral antidepressant."
    assert detect_routes(doc("Esketamine in TRD", abstract)) == ["intranasal"]


def test_roman_numerals_are_not_intravenous() -> None:
    abstract = "Patients met DSM-IV criteria for major depression and received oral ketamine 1 mg/kg weekly."
    assert detect_routes(doc("Oral ketamine", abstract)) == ["oral"]


def test_formulations() -> None:
    assert detect_formulations(doc("Esketamine nasal spray in treatment-resistant depression")) == [
        "esketamine"
    ]
    assert detect_formulations(doc("S-ketamine as an adjuvant in patient-controlled analgesia")) == [
        "esketamine"
    ]
    assert detect_formulations(doc("Arketamine for depression: a pilot study")) == ["arketamine"]
    title = "Switching to intranasal esketamine after intravenous racemic ketamine"
    assert detect_formulations(doc(title)) == ["racemic", "esketamine"]
    # the S-enantiomer explained in terms of ketamine is not racemic ketamine
    assert detect_formulations(doc("Esketamine, the S-enantiomer of ketamine, in depression")) == [
        "esketamine"
    ]


@pytest.mark.parametrize(
    ("title", "indication"),
    [
        ("Ketamine in treatment-resistant depression: an open-label trial", "treatment-resistant depression"),
        # 39609659, 38194244: another condition's treatment resistance is that condition
        ("Intramuscular ketamine vs fentanyl in treatment-refractory OCD: a randomized trial", "OCD"),
        ("Esketamine augmentation in treatment-resistant obsessive-compulsive disorder", "OCD"),
    ],
)
def test_indication_of_treatment_resistance(title: str, indication: str) -> None:
    from litwatch.claims.context import detect_indication

    assert detect_indication(doc(title)) == indication


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # benchmarks/studyfacts.py: design misses of the labelled snapshot dev records
        ("Esketamine and dexmedetomidine in thoracic anaesthesia",
         "METHODS: 94 patients were divided into two groups by the random number table method.", "rct"),
        ("Esketamine and nursing after caesarean section",
         "METHODS: Participants were divided into two groups based on random allocation.", "rct"),
        ("Melancholic features and suicidal ideation",
         "We enrolled 84 patients and then randomly administered ketamine or midazolam.", "rct"),
        # a review that says it is one, whatever trials it mentions
        ("What is needed for psychedelic treatments?",
         "PURPOSE OF REVIEW: Regulation is lacking. RECENT FINDINGS: Multiple phase II clinical trials are "
         "being conducted.", "narrative-review"),
        ("Emerging drugs for alcohol use disorder",
         "AREAS COVERED: This paper reviews drugs in phase II trials, based on a systematic PubMed search.",
         "narrative-review"),
        ("Pharmacological monotherapy for depression: a narrative review",
         "Methods: A PubMed search was conducted with priority for systematic reviews.", "narrative-review"),
        ("Metabolomics and ketamine",
         "This mini-review aims at summarizing findings from a longitudinal cohort.", "narrative-review"),
        ("Ketamine for depression: outcomes of a chart review",
         "In this review of medical records, 60 patients were followed longitudinally.", "cohort"),
    ],
)  # fmt: skip
def test_design_wording_from_unseen_abstracts(title: str, abstract: str, expected: str) -> None:
    assert design(title, abstract)[0] == expected
