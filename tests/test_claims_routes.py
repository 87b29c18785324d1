"""Routes: ketamine's own (`routes`, compared with a claim's) and the study substance's (`study_routes`,
PsyNamic's "application form"), on sentences shaped like real abstracts."""

from __future__ import annotations

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.context import detect_routes, detect_study_routes
from litwatch.claims.matching import Doc
from litwatch.claims.text import split_sentences

CLAIMS = load_claims()


def routes(title: str, abstract: str) -> list[str]:
    return detect_routes(Doc(split_sentences(title, abstract)))


def test_oral_psilocybin_is_the_study_route_but_not_ketamines() -> None:
    item = TagInput(
        "1",
        "Psilocybin versus escitalopram: brain network changes in depression",
        "Patients with major depressive disorder received 2 x 25 mg oral psilocybin, 3 weeks apart. "
        "Most had previously received intravenous ketamine.",  # treatment history: not this study
    )
    tags = tag_record(item, CLAIMS)
    assert tags.study_routes == ["oral"]
    assert tags.routes == []  # ketamine's: the claim context is not "oral"


def test_drinking_a_brew_is_oral() -> None:
    item = TagInput(
        "2",
        "Ayahuasca for treatment-resistant depression: a randomized trial protocol",
        "METHODS: In the treatment session, 25 patients will drink Ayahuasca, 25 an inert placebo.",
    )
    assert tag_record(item, CLAIMS).study_routes == ["oral"]


def test_the_route_of_another_drug_before_ketamine_induced_effects_is_not_ketamines() -> None:
    # "oral administration of TAK-063 on ketamine-induced changes": ketamine names the cause only
    got = routes(
        "TAK-063 and ketamine-induced BOLD changes",
        "OBJECTIVE: This study investigated effects of single oral administration of TAK-063 on "
        "ketamine-induced changes in BOLD signal in healthy males.",
    )
    assert "oral" not in got


def test_bolus_next_to_ketamine_is_intravenous_even_when_the_placebo_route_is_far_away() -> None:
    got = routes(
        "Effects of low-dose ketamine on neuropathic pain",
        "Following intravenous injections of a saline solution (placebo), three bolus injections of 5 mg "
        "ketamine HCl were administered at 5 min intervals.",
    )
    assert got == ["intravenous"]


def test_a_review_takes_the_routes_its_title_or_objective_names_only() -> None:
    title = "Maintenance ketamine treatment for depression: a systematic review"
    body = (
        "METHODS: We searched PubMed and Embase. RESULTS: We found intravenous ketamine and subcutaneous "
        "ketamine maintenance treatment to be effective."
    )
    tags = tag_record(TagInput("3", title, body), CLAIMS)
    assert tags.design == "systematic-review"
    assert tags.routes == ["intravenous", "subcutaneous"]  # ketamine's, for the claim context
    assert tags.study_routes == []
    scoped = TagInput("4", "Intravenous ketamine for suicidal ideation: a systematic review", body)
    assert tag_record(scoped, CLAIMS).study_routes == ["intravenous"]


def test_study_routes_of_a_ketamine_trial_are_ketamines() -> None:
    doc = Doc(
        split_sentences("Intranasal esketamine in TRD", "METHODS: Patients received esketamine nasal spray.")
    )
    ketamine = detect_routes(doc)
    assert ketamine == ["intranasal"]
    assert detect_study_routes(doc, False, ketamine) == ["intranasal"]


def test_intraoperative_or_ect_anaesthetic_ketamine_is_intravenous() -> None:
    # issue 7: route misses were records saying "intraoperative" or "during ECT" without "intravenous"
    assert routes(
        "Intraoperative ketamine and emergence delirium",
        "Patients received intraoperative ketamine 0.5 mg/kg.",
    ) == ["intravenous"]
    assert routes(
        "Esketamine as the anaesthetic for ECT",
        "Esketamine was used as anaesthesia for ECT in 40 patients with depression.",
    ) == ["intravenous"]
    assert routes("Ketamine during ECT", "Ketamine was used as the anaesthetic during ECT.") == [
        "intravenous"
    ]
    assert routes("Ketamine and seizure quality", "Ketamine was the ECT anesthetic in 30 patients.") == [
        "intravenous"
    ]
    # an adjective of something else is no route
    assert (
        routes(
            "Esketamine at caesarean", "Intraoperative adverse reactions were more frequent with esketamine."
        )
        == []
    )


def test_route_words_found_on_unseen_abstracts() -> None:
    # benchmarks/studyfacts.py: the route misses of the labelled snapshot and written dev records
    assert routes(
        "Ketamine for short seizures in ECT: a retrospective study",
        "We switched 33 patients to ketamine anesthesia for short seizures during an acute course of ECT.",
    ) == ["intravenous"]
    assert routes(
        "S-ketamine and postoperative delirium",
        "Patients were grouped by intraoperative S-ketamine exposure.",
    ) == ["intravenous"]
    assert routes(
        "Ketamine and propofol in children",
        "Adding ketamine to propofol during the induction of sevoflurane anesthesia reduced delirium.",
    ) == ["intravenous"]
    assert routes(
        "Dissociation and response",
        "134 patients received ketamine 0.5 mg/kg or midazolam over 40 minutes.",
    ) == ["intravenous"]


def test_a_review_takes_the_routes_its_own_scope_sentences_name() -> None:
    # "We conducted a meta-analysis of ... intravenous esketamine", "We included RCTs that compared ..."
    title = "Esketamine and postpartum depression: a meta-analysis"
    for scope in (
        "METHODS: We conducted a meta-analysis of the effect of perioperative intravenous esketamine.",
        "METHODS: We included randomised trials that compared intravenous esketamine with saline.",
        # how the search and the selection are stated (session 14)
        "METHODS: We searched five databases to 2024 for randomised trials comparing intravenous "
        "esketamine with placebo.",
        "STUDY SELECTION: Randomised trials of intravenous esketamine versus saline in women undergoing "
        "caesarean delivery.",
        "METHODS: Placebo-controlled trials of intravenous esketamine in women giving birth were "
        "identified in four databases.",
    ):
        tags = tag_record(
            TagInput("5", title, scope + " RESULTS: Oral ketamine was used in one trial."), CLAIMS
        )
        assert tags.study_routes == ["intravenous"]  # not the oral trial its results mention


def test_a_route_stated_for_every_arm_after_the_doses_is_ketamines() -> None:
    # the route word sits past the last dose, too far from "esketamine" to count as next to it
    abstract = (
        "METHODS: Parturients were randomly assigned to saline (group C), esketamine 0.1 mg/kg (group "
        "E1), 0.2 mg/kg (group E2) or 0.3 mg/kg (group E3), each given by intravenous infusion over 15 "
        "min after cord clamping."
    )
    assert routes("Esketamine after cord clamping: a randomized trial", abstract) == ["intravenous"]


def test_a_route_given_for_another_drug_after_ketamine_is_not_ketamines() -> None:
    # only "each", "both" or "all" make a far route word every arm's
    abstract = (
        "METHODS: Patients received ketamine 0.5 mg/kg at induction of anaesthesia, and sertraline 50 "
        "mg daily was given orally from the first postoperative day."
    )
    assert "oral" not in routes("Ketamine and sertraline after surgery", abstract)


def test_an_infusion_after_the_dose_and_the_arms_is_intravenous() -> None:
    # "esketamine 0.2 mg/kg diluted ... or saline alone, infused over 30 minutes": how every arm was given
    abstract = (
        "METHODS: Women received esketamine 0.2 mg/kg diluted to 20 mL with saline or saline alone, "
        "infused over 30 minutes within 2 hours of delivery."
    )
    assert routes("Esketamine after vaginal birth: a randomised trial", abstract) == ["intravenous"]
    # a time point after an infusion, with no dose between, still says nothing of the route
    review = "RESULTS: Only ketamine appeared to be more efficacious than placebo 24 hours after infusion."
    assert routes("Glutamate modulators for depression: a meta-analysis", review) == []
