"""decide_verdict on hand-made evidence rows: every branch of verdict_rules(), asserted whole."""

from __future__ import annotations

import dataclasses

from litwatch.claims.counting import mark_counted, row_context, why_not_counted
from litwatch.claims.evidence import REJECTED_RULE_PREFIX, EvidenceRow, Verdict
from litwatch.claims.model import Claim, Compare
from litwatch.claims.valuerule import format_range
from litwatch.claims.verdict import decide_verdict, verdict_rules, verdict_rules_markdown

DOSE = Claim(
    id="dose-0.5",
    statement="The usual dose is 0.5 mg/kg.",
    article_quote="The most common ratio is 0.5mg per 1 kg of a patient's body weight.",
    value_kind="dose_mg_per_kg",
    article_low=0.5,
    article_high=0.5,
    unit="mg/kg",
    routes=("intravenous",),
    formulations=("racemic",),
    compare=Compare(supports=(0.5, 0.5), contradicts_above=0.75),
)
INFUSION = Claim(
    id="infusion-45-90",
    statement="An infusion lasts 45-90 minutes.",
    article_quote="The ketamine dose is administered for about 45-90 minutes.",
    value_kind="infusion_minutes",
    article_low=45,
    article_high=90,
    unit="min",
    routes=("intravenous",),
    formulations=("racemic",),
)
SAFE = Claim(
    id="side-effects-mild",
    statement="Side effects are infrequent, mild and short-term.",
    article_quote="Accordingly, side effects are infrequent, mild, and short-term.",
)


def row(pmid: str, **changes: object) -> EvidenceRow:
    base: dict[str, object] = {
        "pmid": pmid,
        "title": f"Trial {pmid}",
        "year": 2020,
        "journal": "J Psychiatr Res",
        "doi": None,
        "design": "rct",
        "evidence_level": 2,
        "population": "human",
        "routes": ["intravenous"],
        "formulations": ["racemic"],
        "sample_size": 40,
        "stance": "supports",
        "evidence": [f"Sentence of {pmid}."],
        "values": [],
        "rule": "auto-rule",
        "source": "auto",
    }
    base.update(changes)
    return EvidenceRow(**base)  # type: ignore[arg-type]


def base_stats(**changes: object) -> dict[str, object]:
    stats: dict[str, object] = {
        "rows": 0,
        "counting": 0,
        "by_level": {},
        "by_stance": {},
        "retracted": 0,
        "rejected": 0,
        "indirect": 0,
        "non_human": 0,
    }
    stats.update(changes)
    return stats


def test_dose_claim_supported_by_share_of_trials_using_the_article_value():
    rows = [row(str(i), values=[0.5]) for i in range(1, 8)] + [
        row("8", values=[1.0]),
        row("9", values=[0.75, 1.0], stance="contradicts"),
    ]
    assert decide_verdict(DOSE, rows) == Verdict(
        label="supported",
        reason=(
            "7 of 9 human studies with a stated dose used 0.5 mg/kg; 2 used more (median 0.5 mg/kg); "
            "of 9 human records at evidence level ≤ 3 with a direction, 8 support, 1 contradict, 0 mixed."
        ),
        pmids=[str(i) for i in range(1, 10)],
        stats=base_stats(
            rows=9,
            counting=9,
            by_level={2: 9},
            by_stance={"supports": 8, "contradicts": 1},
            rule="values+stance",
            values_label="supported",
            stance_label="supported",
            values={
                "studies": 9,
                "match": 7,
                "near": 0,
                "below": 0,
                "above": 2,
                "around": 0,
                "later": 0,
                "median": 0.5,
                "min": 0.5,
                "max": 1.0,
            },
        ),
    )


def test_infusion_claim_partly_supported_and_reviews_are_not_values():
    rows = [
        row("1", values=[40.0]),
        row("2", values=[40.0]),
        row("3", values=[45.0, 100.0]),
        row("4", values=[100.0]),
        row("5", design="meta-analysis", evidence_level=1, values=[40.0]),  # a review: not a study value
    ]
    rows = [dataclasses.replace(r, stance="no-direction") for r in rows]  # too few stances: numbers decide
    verdict = decide_verdict(INFUSION, rows)
    assert verdict == Verdict(
        label="partly supported",
        reason=(
            "1 of 4 human studies with a stated infusion time infused over 45–90 min; 2 used shorter "
            "infusions, 1 used longer infusions (median 45 min)."
        ),
        pmids=["1", "2", "3", "4"],
        stats=base_stats(
            rows=5,
            counting=5,
            by_level={1: 1, 2: 4},
            by_stance={"no-direction": 5},
            rule="values",
            values={
                "studies": 4,
                "match": 1,
                "near": 0,
                "below": 2,
                "above": 1,
                "around": 0,
                "later": 0,
                "median": 45.0,
                "min": 40.0,
                "max": 100.0,
            },
        ),
    )


def test_infusion_claim_contradicted_when_trials_use_other_durations():
    rows = [row(str(i), values=[40.0], stance="contradicts") for i in range(1, 5)] + [
        row("5", values=[20.0, 100.0], stance="mixed")
    ]
    verdict = decide_verdict(INFUSION, rows)
    assert (verdict.label, verdict.reason) == (
        "contradicted",
        "0 of 5 human studies with a stated infusion time infused over 45–90 min; 4 used shorter infusions, "
        "1 reported values on both sides (median 40 min); of 5 human records at evidence level ≤ 3 with a "
        "direction, 0 support, 4 contradict, 1 mixed.",
    )
    assert verdict.pmids == ["1", "2", "3", "4", "5"]


def test_near_values_make_a_claim_partly_supported():
    """Most trials infuse over 40 min: not the article's 45-90, but inside the accepted 40-100."""
    claim = dataclasses.replace(INFUSION, compare=Compare(supports=(40.0, 100.0)))
    rows = [row(str(i), values=[40.0], stance="no-direction") for i in range(1, 5)] + [
        row("5", values=[60.0], stance="no-direction"),
        row("6", values=[20.0], stance="no-direction"),
    ]
    verdict = decide_verdict(claim, rows)
    assert (verdict.label, verdict.reason) == (
        "partly supported",
        "1 of 6 human studies with a stated infusion time infused over 45–90 min; 4 more were within the "
        "accepted 40–100 min; 1 used shorter infusions (median 40 min).",
    )
    assert verdict.stats["values"]["near"] == 4


ONSET_2H = Claim(
    id="onset-within-hours",
    statement="Relief within about 2 hours.",
    article_quote="in about 2 hours",
    value_kind="onset_hours",
    article_low=2.0,
    article_high=2.0,
    unit="h",
    compare=Compare(supports=(0.0, 6.0)),
)


def test_onset_matches_any_time_point_up_to_the_article_value():
    claim = ONSET_2H
    rows = [
        row("1", values=[0.67, 24.0], stance="no-direction"),
        row("2", values=[2.0], stance="no-direction"),
        row("3", values=[4.0], stance="no-direction"),
        row("4", values=[24.0], stance="no-direction"),
    ]
    verdict = decide_verdict(claim, rows)
    # study 4 first measured at 24 h: no evidence against "within 2 h", so it leaves the denominator
    assert (verdict.label, verdict.reason) == (
        "supported",
        "2 of 3 human studies with a reported onset time reported an effect by 2 h; 1 more was within the "
        "accepted ≤ 6 h (median 3 h); 1 more study first measured after 2 h and was left out: no evidence "
        "against.",
    )
    assert verdict.pmids == ["1", "2", "3"] and verdict.stats["values"]["later"] == 1


def test_onset_fallback_to_stances_counts_only_the_studies_the_value_rule_could_judge():
    """Six studies with onset times, four of which first measured after 2 h: the value rule had two,
    not six, so the reason must not say "Only 6 ... (need 3)"."""
    claim = ONSET_2H
    rows = [row("1", values=[2.0]), row("2", values=[4.0])]
    rows += [row(str(i), values=[24.0]) for i in range(3, 7)]
    verdict = decide_verdict(claim, rows)
    assert (verdict.label, verdict.reason) == (
        "supported",
        "Only 2 human studies with a reported onset time (need 3; 4 more studies first measured after 2 h "
        "and were left out: no evidence against), so stances decide: of 6 human records at evidence level "
        "≤ 3 with a direction, 6 support, 0 contradict, 0 mixed; weighted by evidence level, 100% support "
        "(at least 75% needed).",
    )


LASTING = Claim(
    id="lasting-relief",
    statement="Lasting relief.",
    article_quote="long term success",
    value_kind="benefit_days",
    unit="days",
    compare=Compare(supports=(14.0, 100000.0), contradicts_below=7.0),
)


def test_lasting_relief_without_an_article_number_uses_the_accepted_range():
    rows = [
        row("1", values=[7.0], stance="no-direction"),
        row("2", values=[3.0], stance="no-direction"),
        row("3", values=[1.0, 7.0], stance="no-direction"),
        row("4", values=[28.0], stance="no-direction"),
    ]
    verdict = decide_verdict(LASTING, rows)
    assert (verdict.label, verdict.reason) == (
        "partly supported",
        "1 of 4 human studies with a reported duration of benefit reported benefit lasting at least 14 days; "
        "3 reported shorter benefit (median 7 days).",
    )
    rows = [dataclasses.replace(r, values=[[lo / 10, hi / 10] for lo, hi in r.values]) for r in rows]
    assert decide_verdict(LASTING, rows).label == "contradicted"


def test_numbers_and_stances_that_disagree_give_partly_supported():
    """Three long follow-ups say 'lasting', but the records' own words are split."""
    rows = [
        row("1", values=[180.0], design="cohort", evidence_level=3),
        row("2", values=[90.0], design="non-randomized-trial", evidence_level=3, stance="mixed"),
        row("3", values=[180.0], design="non-randomized-trial", evidence_level=3),
        row("4", design="meta-analysis", evidence_level=1, stance="contradicts"),
        row("5", stance="contradicts"),
        row("6", design="case-report", evidence_level=5, values=[365.0]),  # level 5: does not count
    ]
    assert decide_verdict(LASTING, rows) == Verdict(
        label="partly supported",
        reason=(
            "3 of 3 human studies with a reported duration of benefit reported benefit lasting at least 14 "
            "days (median 180 days); of 5 human records at evidence level ≤ 3 with a direction, 2 support, "
            "2 contradict, 1 mixed, so the numbers (supported) and the stances (contradicted) disagree."
        ),
        pmids=["1", "2", "3", "4", "5"],
        stats=base_stats(
            rows=6,
            counting=5,
            by_level={1: 1, 2: 1, 3: 3},
            by_stance={"supports": 2, "mixed": 1, "contradicts": 2},
            rule="values+stance",
            values_label="supported",
            stance_label="contradicted",
            values={
                "studies": 3,
                "match": 3,
                "near": 0,
                "below": 0,
                "above": 0,
                "around": 0,
                "later": 0,
                "median": 180.0,
                "min": 90.0,
                "max": 180.0,
            },
        ),
    )


def test_stance_rule_abstention_names_directional_records_that_do_not_count():
    rows = [
        row("1"),
        row("2", stance="no-direction"),
        row("3", stance="no-direction"),
        row("4", design="case-report", evidence_level=5, stance="contradicts"),
        row("5", population="animal", design="preclinical", evidence_level=5, stance="contradicts"),
    ]
    verdict = decide_verdict(SAFE, rows)
    assert (verdict.label, verdict.reason, verdict.pmids) == (
        "insufficient evidence",
        "Only 1 of the 3 counting records took a direction on this claim (supports, contradicts or mixed); "
        "2 more with a direction do not count (lower evidence level, not human, or another route or "
        "formulation); at least 3 are needed for a verdict.",
        ["1"],
    )


def test_only_intranasal_esketamine_cannot_check_an_iv_racemic_claim():
    rows = [
        row(str(i), routes=["intranasal"], formulations=["esketamine"], values=[0.5]) for i in range(1, 5)
    ] + [row("9", population="animal", design="preclinical", evidence_level=5, values=[10.0])]
    assert decide_verdict(DOSE, rows) == Verdict(
        label="insufficient evidence",
        reason=(
            "The only human evidence at level ≤ 3 (4 records) is on intranasal esketamine, which does not "
            "check a claim about intravenous racemic ketamine."
        ),
        pmids=["1", "2", "3", "4"],
        stats=base_stats(rows=5, indirect=4, non_human=1),
    )


def test_animal_only_evidence_abstains():
    rows = [row(str(i), population="animal", design="preclinical", evidence_level=5) for i in (1, 2)]
    assert decide_verdict(SAFE, rows) == Verdict(
        label="insufficient evidence",
        reason=(
            "Only animal or in-vitro evidence (2 records) bears on this claim, and that cannot check a claim "
            "about patients."
        ),
        pmids=["1", "2"],
        stats=base_stats(rows=2, non_human=2),
    )


def test_too_few_good_human_records_abstains():
    rows = [
        row("1"),
        row("2", design="case-report", evidence_level=5),
        row("3", design="case-series", evidence_level=4),
    ]
    assert decide_verdict(SAFE, rows) == Verdict(
        label="insufficient evidence",
        reason=(
            "Only 1 human record at evidence level ≤ 3 bears on this claim; "
            "at least 3 are needed for a verdict."
        ),
        pmids=["1"],
        stats=base_stats(rows=3, counting=1, by_level={2: 1}, by_stance={"supports": 1}),
    )


def test_no_good_human_record_says_no_not_only_zero():
    rows = [
        row("2", design="case-report", evidence_level=5),
        row("3", design="case-series", evidence_level=4),
    ]
    got = decide_verdict(SAFE, rows)
    assert got.label == "insufficient evidence"
    assert got.reason == (
        "No human record at evidence level ≤ 3 bears on this claim; at least 3 are needed for a verdict."
    )


def test_stance_rule_supported():
    rows = [row("1"), row("2"), row("3"), row("4", stance="mixed"), row("5", stance="no-direction")]
    assert decide_verdict(SAFE, rows) == Verdict(
        label="supported",
        reason=(
            "Of 4 human records at evidence level ≤ 3 with a direction, 3 support, 0 contradict, 1 mixed; "
            "weighted by evidence level, 88% support, mixed counting 50% (at least 75% needed)."
        ),
        pmids=["1", "2", "3", "4"],
        stats=base_stats(
            rows=5,
            counting=5,
            by_level={2: 5},
            by_stance={"supports": 3, "mixed": 1, "no-direction": 1},
            rule="stance",
        ),
    )


def test_stance_rule_contradicted():
    rows = [row("1"), row("2", stance="contradicts"), row("3", stance="contradicts", evidence_level=1)]
    verdict = decide_verdict(SAFE, rows)
    assert (verdict.label, verdict.reason, verdict.pmids) == (
        "contradicted",
        "Of 3 human records at evidence level ≤ 3 with a direction, 1 support, 2 contradict, 0 mixed; "
        "weighted by evidence level, 71% contradict, outweighing support.",
        ["1", "2", "3"],
    )


def test_stance_rule_partly_supported():
    rows = [row("1"), row("2"), row("3", stance="contradicts"), row("4", stance="mixed")]
    verdict = decide_verdict(SAFE, rows)
    assert (verdict.label, verdict.reason) == (
        "partly supported",
        "Of 4 human records at evidence level ≤ 3 with a direction, 2 support, 1 contradict, 1 mixed; "
        "weighted by evidence level, 62% support, mixed counting 50%, so support is not clear-cut.",
    )


def test_stance_rule_abstains_when_few_records_take_a_direction():
    rows = [row("1"), row("2", stance="no-direction"), row("3", stance="no-direction")]
    assert decide_verdict(SAFE, rows) == Verdict(
        label="insufficient evidence",
        reason=(
            "Only 1 of the 3 counting records took a direction on this claim "
            "(supports, contradicts or mixed); at least 3 are needed for a verdict."
        ),
        pmids=["1"],
        stats=base_stats(
            rows=3, counting=3, by_level={2: 3}, by_stance={"supports": 1, "no-direction": 2}, rule="stance"
        ),
    )


def test_stance_rule_says_none_when_no_record_takes_a_direction():
    rows = [row(str(i), stance="no-direction") for i in range(1, 5)]
    verdict = decide_verdict(SAFE, rows)
    assert (verdict.label, verdict.reason, verdict.pmids) == (
        "insufficient evidence",
        "None of the 4 counting records took a direction on this claim (supports, contradicts or mixed); "
        "at least 3 are needed for a verdict.",
        ["1", "2", "3", "4"],
    )


def test_value_claim_with_few_numbers_falls_back_to_stances():
    rows = [row("1", values=[0.5]), row("2"), row("3", stance="mixed"), row("4", stance="contradicts")]
    verdict = decide_verdict(DOSE, rows)
    assert (verdict.label, verdict.reason) == (
        "partly supported",
        "Only 1 human study with a stated dose (need 3), so stances decide: of 4 human records at evidence "
        "level ≤ 3 with a direction, 2 support, 1 contradict, 1 mixed; weighted by evidence level, 62% "
        "support, mixed counting 50%, so support is not clear-cut.",
    )


def test_value_claim_with_no_numbers_says_so():
    rows = [row("1"), row("2"), row("3", stance="mixed")]
    verdict = decide_verdict(DOSE, rows)
    assert verdict.reason.startswith("No human study with a stated dose (need 3), so stances decide: ")


def test_retracted_and_rejected_rows_never_count():
    good = [row("1", values=[0.5]), row("2", values=[0.5])]
    retracted = row("3", values=[0.5], retracted=True)
    rejected = row("4", values=[0.5], source="reviewed", rule=f"{REJECTED_RULE_PREFIX}ann", rejected=True)
    verdict = decide_verdict(DOSE, [*good, retracted, rejected])
    assert verdict == Verdict(
        label="insufficient evidence",
        reason=(
            "Only 2 human records at evidence level ≤ 3 on intravenous racemic ketamine bear on this claim; "
            "at least 3 are needed for a verdict."
        ),
        pmids=["1", "2"],
        stats=base_stats(
            rows=4, counting=2, by_level={2: 2}, by_stance={"supports": 2}, retracted=1, rejected=1
        ),
    )
    # the same rows without the flags are enough for a verdict
    assert decide_verdict(DOSE, [*good, row("3", values=[0.5]), row("4", values=[0.5])]).label == "supported"


def test_accepted_review_counts_like_an_auto_row():
    rows = [row("1"), row("2"), row("3", source="reviewed", rule="accepted in review by ann")]
    assert decide_verdict(SAFE, rows).label == "supported"


def test_row_context_and_range_formatting():
    assert row_context(DOSE, row("1")) == "same"
    assert row_context(DOSE, row("1", routes=[], formulations=[])) == "unknown"
    assert row_context(DOSE, row("1", routes=["intranasal", "intravenous"])) == "same"
    assert row_context(DOSE, row("1", formulations=["esketamine"])) == "different"
    assert row_context(SAFE, row("1", formulations=["esketamine"])) == "unknown"
    assert [format_range(0.5, 0.5, "mg/kg"), format_range(45, 90, "min"), format_range(90, None, "days")] == [
        "0.5 mg/kg",
        "45–90 min",
        "≥ 90 days",
    ]
    assert format_range(None, 2, "h") == "≤ 2 h"


def test_rules_table_is_markdown_with_every_step():
    table = verdict_rules_markdown().splitlines()
    assert table[:2] == ["| step | rule | outcome |", "|---|---|---|"]
    assert [line.split(" | ")[0] for line in table[2:]] == [f"| {step}" for step, _, _ in verdict_rules()]
    assert len(table) == 2 + 11


def test_rule_text_is_built_from_the_constants(monkeypatch):
    """Change a threshold and the quoted rules and the behaviour change together."""
    import litwatch.claims.verdict as verdict

    rows = [row("1"), row("2"), row("3"), row("4", stance="contradicts")]  # 75% of the weight supports
    assert "Supporting weight is >= 75%" in verdict_rules_markdown()
    assert decide_verdict(SAFE, rows).label == "supported"
    monkeypatch.setattr(verdict, "SUPPORT_SHARE", 0.8)
    assert "Supporting weight is >= 80%" in verdict_rules_markdown()
    assert decide_verdict(SAFE, rows).label == "partly supported"


def test_a_meta_analysis_outweighs_two_cohorts():
    """Review-level evidence weighs more: one null meta-analysis against two supportive cohorts."""
    rows = [
        row("1", design="cohort", evidence_level=3),
        row("2", design="cohort", evidence_level=3),
        row("3", design="meta-analysis", evidence_level=1, stance="contradicts"),
    ]
    verdict = decide_verdict(SAFE, rows)
    assert (verdict.label, verdict.reason) == (
        "contradicted",
        "Of 3 human records at evidence level ≤ 3 with a direction, 2 support, 1 contradict, 0 mixed; "
        "weighted by evidence level, 60% contradict, outweighing support.",
    )


def test_a_mechanism_claim_is_at_most_partly_supported():
    mechanism = dataclasses.replace(SAFE, id="glutamate-mechanism", stance_model="mechanism")
    rows = [row(str(i)) for i in range(1, 5)]
    verdict = decide_verdict(mechanism, rows)
    assert verdict.label == "partly supported" and verdict.stats["capped"] == "mechanism"
    assert verdict.reason.endswith(
        "but this is a mechanism claim: human studies show correlates (imaging, blood markers) and the "
        "causal evidence is from animals, so at most partly supported."
    )


def test_records_on_another_formulation_are_reported_beside_the_verdict():
    """Esketamine's findings do not count for an IV racemic claim, but the reason says what they were:
    esketamine's together, whatever the route; a racemic record on another route by its route."""
    rows = [row("1"), row("2"), row("3")]
    rows += [
        row("4", routes=["intranasal"], formulations=["esketamine"], stance="contradicts"),
        row("5", routes=["intranasal"], formulations=["esketamine"], stance="mixed"),
        row("6", routes=["intravenous"], formulations=["esketamine"]),
        row("7", routes=[], formulations=["esketamine"]),
        row("8", routes=["oral"], formulations=["racemic"]),
    ]
    verdict = decide_verdict(DOSE, rows)
    assert verdict.reason.endswith(
        " Not counted, another route or formulation: esketamine 4 (2 support, 1 contradict, 1 mixed); "
        "oral racemic ketamine 1 (1 support, 0 contradict, 0 mixed)."
    )


def test_every_row_says_whether_it_counts_and_why_not():
    rows = [
        row("1"),
        row("2", retracted=True),
        row("3", population="animal", design="preclinical", evidence_level=5),
        row("4", design="case-series", evidence_level=4),
        row("5", routes=["intranasal"], formulations=["esketamine"]),
    ]
    mark_counted(DOSE, rows)
    assert [(r.pmid, r.counted, r.why_not_counted) for r in rows] == [
        ("1", True, None),
        ("2", False, "retracted"),
        ("3", False, "not a human study (animal)"),
        ("4", False, "evidence level 4 (case-series); only levels 1-3 count"),
        (
            "5",
            False,
            "indirect: studied intranasal esketamine, the claim is about intravenous racemic ketamine",
        ),
    ]


def test_a_claim_about_pain_disorders_counts_only_records_that_studied_one():
    pain = dataclasses.replace(SAFE, id="pain-relief", indications=("pain",))
    rows = [row(str(i), indication="surgery / anaesthesia") for i in range(1, 5)]
    rows.append(row("9", indication="pain"))
    rows.append(row("10"))  # indication unknown: still counts, as an unknown route does
    assert [why_not_counted(pain, r) for r in rows] == [
        *["studied surgery / anaesthesia, the claim is about pain"] * 4,
        None,
        None,
    ]
    verdict = decide_verdict(pain, rows)
    assert verdict.label == "insufficient evidence"
    assert verdict.reason == (
        "Only 2 human records at evidence level ≤ 3 bear on this claim (4 more studied a condition other "
        "than pain (surgery / anaesthesia 4)); at least 3 are needed for a verdict."
    )
    assert decide_verdict(SAFE, rows).label == "supported"  # a claim naming no indication counts all


def test_indication_names_are_those_the_detector_gives():
    from litwatch.claims.context import INDICATIONS
    from litwatch.claims.model import INDICATION_NAMES

    assert tuple(name for name, _ in INDICATIONS) == INDICATION_NAMES


def test_a_safety_claims_mixed_records_found_harm_and_do_not_count_as_half_support():
    rows = [row("1"), row("2"), row("3", stance="mixed"), row("4", stance="mixed")]
    benefit = dataclasses.replace(SAFE, id="reduces-depression", stance_model="benefit")
    assert decide_verdict(benefit, rows).label == "supported"  # (2 + 2 x 50%) of 4: 75%
    verdict = decide_verdict(dataclasses.replace(SAFE, stance_model="harm"), rows)
    assert (verdict.label, verdict.reason) == (
        "partly supported",
        "Of 4 human records at evidence level ≤ 3 with a direction, 2 support, 0 contradict, 2 mixed; "
        "weighted by evidence level, 50% support, mixed counting 0% (they found harm; this is a safety "
        "claim), so support is not clear-cut.",
    )
