"""Unstated outcomes (`[[claims.unstated]]`): which records' findings mention them, and the
sentence every verdict reason then carries (none of the counted records / which of them do)."""

from __future__ import annotations

import dataclasses

from test_verdict import row as verdict_row

from litwatch.claims.evidence import REJECTED_RULE_PREFIX, EvidenceRow
from litwatch.claims.model import Claim, UnstatedOutcome
from litwatch.claims.unstated import find_unstated_mentions
from litwatch.claims.verdict import decide_verdict

ATTEMPTS = UnstatedOutcome(
    label="fewer suicide attempts or deaths",
    mentions="suicide attempts or deaths",
    about="suicidal thoughts",
    patterns=(r"\bsuicid\w* attempt\w*", r"\bdied by suicide\b"),
)
SUICIDE = Claim(
    id="suicidal-thoughts",
    statement="Ketamine rapidly reduces suicidal thoughts.",
    article_quote="even suicidal thoughts",
    routes=("intravenous",),
    formulations=("racemic",),
    unstated=(ATTEMPTS,),
)
TALLY = (
    "Of 3 human records at evidence level ≤ 3 with a direction, 3 support, 0 contradict, 0 mixed; "
    "weighted by evidence level, 100% support (at least 75% needed)."
)


def row(pmid: str, mentions: bool = False, **changes: object) -> EvidenceRow:
    """test_verdict's IV racemic RCT row, mentioning suicide attempts or deaths when `mentions`."""
    return verdict_row(pmid, unstated_mentions=("suicide attempts or deaths",) if mentions else (), **changes)


def test_none_of_the_counted_records_mentions_the_outcome() -> None:
    rows = [row("1"), row("2"), row("3"), row("4", stance="no-direction")]
    verdict = decide_verdict(SUICIDE, rows)
    assert (verdict.label, verdict.reason) == (
        "supported",
        f"{TALLY} None of the 4 counted records mentions suicide attempts or deaths in its title, results or "
        "conclusions, so this evidence is about suicidal thoughts, not fewer suicide attempts or deaths.",
    )
    assert verdict.stats["unstated"] == [
        {
            "label": "fewer suicide attempts or deaths",
            "mentions": "suicide attempts or deaths",
            "counted": 4,
            "counted_pmids": [],
            "not_counted_pmids": [],
        }
    ]


def test_records_not_counted_that_mention_it_are_named_apart() -> None:
    rows = [row("1"), row("2"), row("3")]
    rows += [
        row("4", True, routes=["intranasal"], formulations=["esketamine"], stance="contradicts"),
        row("5", True, design="case-report", evidence_level=5),
        row("6", True, retracted=True),  # retracted and rejected rows are nobody's evidence
        row("7", True, rejected=True, rule=f"{REJECTED_RULE_PREFIX}ann"),
    ]
    verdict = decide_verdict(SUICIDE, rows)
    assert verdict.label == "supported"
    assert verdict.reason == (
        f"{TALLY} None of the 3 counted records mentions suicide attempts or deaths in its title, results or "
        "conclusions (of the records that do not count, 2 do: PMID 4, 5), so this evidence is about suicidal "
        "thoughts, not fewer suicide attempts or deaths. Not counted, another route or formulation: "
        "esketamine 1 (0 support, 1 contradict, 0 mixed)."
    )
    assert verdict.stats["unstated"][0]["not_counted_pmids"] == ["4", "5"]


def test_counted_records_that_mention_it_are_named_to_be_read() -> None:
    rows = [row("1", True), row("2"), row("3", True), row("4", True, population="animal")]
    verdict = decide_verdict(SUICIDE, rows)
    assert verdict.label == "supported"
    assert verdict.reason == (
        f"{TALLY} 2 of 3 counted records mention suicide attempts or deaths in their title, results or "
        "conclusions (PMID 1, 3; 1 more that does not count: PMID 4): a mention is not a finding, so read "
        "them before implying fewer suicide attempts or deaths; the others are about suicidal thoughts."
    )
    assert verdict.stats["unstated"][0]["counted_pmids"] == ["1", "3"]


def test_one_mention_many_mentions_and_no_about() -> None:
    plain = dataclasses.replace(SUICIDE, unstated=(dataclasses.replace(ATTEMPTS, about=""),))
    one = decide_verdict(plain, [row("1", True), row("2"), row("3")])
    assert one.reason == (
        f"{TALLY} 1 of 3 counted records mentions suicide attempts or deaths in its title, results or "
        "conclusions (PMID 1): a mention is not a finding, so read it before implying fewer suicide attempts "
        "or deaths."
    )
    none = decide_verdict(plain, [row("1"), row("2"), row("3")])
    assert none.reason.endswith("so this evidence is not about fewer suicide attempts or deaths.")
    many = decide_verdict(SUICIDE, [row(str(i), True) for i in range(1, 9)])
    assert "8 of 8 counted records mention" in many.reason
    assert "(PMID 1, 2, 3, 4, 5 and 3 more): a mention is not a finding" in many.reason
    assert "the others are about" not in many.reason  # there are no others


def test_no_unstated_outcome_or_nothing_counted_adds_nothing() -> None:
    rows = [row("1", True), row("2"), row("3")]
    assert decide_verdict(dataclasses.replace(SUICIDE, unstated=()), rows).reason == TALLY
    animal = [
        row(str(i), True, population="animal", design="preclinical", evidence_level=5) for i in range(3)
    ]
    verdict = decide_verdict(SUICIDE, animal)
    assert verdict.label == "insufficient evidence" and "mention" not in verdict.reason
    assert "unstated" not in verdict.stats


ABSTRACT = (
    "BACKGROUND: Suicide attempts are common after discharge. "
    "METHODS: We randomised 80 adults. "
    "RESULTS: Suicidal ideation fell by day 1 (p < 0.01). "
    "CONCLUSIONS: Ketamine reduced suicidal ideation."
)


def test_only_the_title_results_and_conclusions_are_findings() -> None:
    assert find_unstated_mentions(SUICIDE, "Ketamine for suicidal ideation", ABSTRACT) == ()
    results = ABSTRACT.replace("fell by day 1", "fell by day 1 and no patient died by suicide")
    assert find_unstated_mentions(SUICIDE, "Ketamine for suicidal ideation", results) == (
        "suicide attempts or deaths",
    )
    assert find_unstated_mentions(SUICIDE, "Ketamine and suicide attempts", ABSTRACT) == (
        "suicide attempts or deaths",
    )
    # an unlabelled abstract: the opening background sentence is not a finding, the conclusion is
    body = (
        "Suicide attempts are a leading cause of harm. We enrolled 40 patients. Scores fell (p = 0.01). "
        "In conclusion, ketamine did not change suicide attempts at 6 months."
    )
    assert find_unstated_mentions(SUICIDE, "A trial", body) == ("suicide attempts or deaths",)
    assert find_unstated_mentions(SUICIDE, "A trial", body.rsplit(" In conclusion", 1)[0]) == ()
    assert find_unstated_mentions(dataclasses.replace(SUICIDE, unstated=()), "Suicide attempts", "") == ()


def test_rule_ten_quotes_the_constant_the_reason_uses(monkeypatch) -> None:  # noqa: ANN001
    import litwatch.claims.verdict as verdict

    assert "named by PMID (the first 5)" in verdict.verdict_rules_markdown()
    monkeypatch.setattr(verdict, "UNSTATED_SHOWN", 2)
    assert "named by PMID (the first 2)" in verdict.verdict_rules_markdown()
    reason = decide_verdict(SUICIDE, [row(str(i), True) for i in range(1, 5)]).reason
    assert "(PMID 1, 2 and 2 more): a mention is not a finding" in reason
