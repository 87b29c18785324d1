"""The evidence model of the claims layer: its enums are the stored strings, and every table keyed
by them (labels, meanings, colours, the tagger's level table) covers each member."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from litwatch.claims.design import EVIDENCE_LEVEL_TABLE
from litwatch.claims.evidence import (
    WHY_REJECTED,
    Decision,
    Design,
    EvidenceRow,
    Route,
    Stance,
    Verdict,
    VerdictLabel,
    choice_list,
    is_counted,
    is_rejected,
    parse_choice,
    review_rule,
    row_from_json_dict,
    row_to_json_dict,
)
from litwatch.report.charts import STANCE_COLOURS
from litwatch.report.jsonout import parse_report_json, render_json
from litwatch.report.labels import DESIGN_LABELS, STANCE_MEANINGS, VERDICT_ICONS, verdict_meanings
from litwatch.report.model import VERDICTS, ClaimReport, Report
from litwatch.services.reviews import apply_review


def make_row(**changes: object) -> EvidenceRow:
    base: dict[str, object] = dict(
        pmid="1", title="T", year=2020, journal=None, doi=None, design=Design.RCT, evidence_level=2,
        population="human", routes=[Route.INTRAVENOUS], formulations=["racemic"], sample_size=40,
        stance=Stance.SUPPORTS, evidence=["It worked."], values=[], rule="r", source="auto",
    )  # fmt: skip
    base.update(changes)
    return EvidenceRow(**base)  # type: ignore[arg-type]


def test_enum_values_are_the_stored_strings() -> None:
    assert list(Stance) == ["supports", "contradicts", "mixed", "no-direction"]
    assert list(VerdictLabel) == ["supported", "partly supported", "contradicted", "insufficient evidence"]
    assert list(Route) == ["intravenous", "intranasal", "oral", "intramuscular", "subcutaneous", "other"]
    assert list(Decision) == ["accept", "reject"]
    assert json.dumps({Stance.NO_DIRECTION: [Design.RCT]}) == '{"no-direction": ["rct"]}'
    assert f"{VerdictLabel.PARTLY_SUPPORTED}" == "partly supported"


def test_every_table_covers_each_member() -> None:
    assert list(DESIGN_LABELS) == list(Design)
    assert {d for d, _, _ in EVIDENCE_LEVEL_TABLE} == set(Design)
    assert list(STANCE_MEANINGS) == list(Stance) and set(STANCE_COLOURS) == set(Stance)
    assert list(VERDICT_ICONS) == list(VerdictLabel) == list(verdict_meanings()) == list(VERDICTS)


def test_parse_choice_and_choice_list() -> None:
    assert parse_choice(Stance, "mixed") is Stance.MIXED
    assert parse_choice(Stance, "Mixed") is None and parse_choice(Design, "") is None
    assert choice_list(Stance) == "supports, contradicts, mixed, no-direction"


def test_a_rejected_review_is_a_field_not_a_rule_prefix() -> None:
    auto = make_row(rule="dose stated")
    review = type("Review", (), {"decision": "reject", "stance": None, "reviewer": "ann", "note": "n"})()
    tag = apply_review(auto, review, pmid="1", claim_id="c")
    assert tag is not None
    assert (tag.rejected, tag.rule, tag.source, tag.stance) == (
        True,
        review_rule(Decision.REJECT, "ann"),
        "reviewed",
        "supports",
    )
    assert tag.rule == "rejected in review by ann"
    # the rule text alone decides nothing: a reviewer called "rejected in review by x" is fine
    row = make_row(rule="accepted in review by rejected in review by x", source="reviewed")
    assert not is_rejected(row) and is_counted(row)
    assert is_rejected(make_row(rejected=True)) and not is_counted(make_row(rejected=True))
    assert not is_counted(make_row(retracted=True))


def test_counted_and_why_not_counted_are_fields() -> None:
    assert {"counted", "why_not_counted", "rejected"} <= {f.name for f in fields(EvidenceRow)}


def test_json_keeps_its_keys_and_round_trips_rejection() -> None:
    rejected = make_row(rejected=True, why_not_counted=WHY_REJECTED, source="reviewed")
    data = row_to_json_dict(rejected)
    assert "rejected" not in data and list(data)[-3:] == ["counted", "why_not_counted", "unstated_mentions"]
    assert row_from_json_dict(data) == rejected
    mentioning = make_row(unstated_mentions=("suicide attempts or deaths",))
    as_json = json.loads(json.dumps(row_to_json_dict(mentioning)))
    assert as_json["unstated_mentions"] == ["suicide attempts or deaths"]
    assert row_from_json_dict(as_json) == mentioning
    report = Report(
        claim_set="s", article_title="a", article_source="s", generated_at="t", database="d",
        records_total=1, records_tagged=1,
        claims=[
            ClaimReport(
                claim_id="c", statement="s", article_quote="q", value_kind=None, article_low=None,
                article_high=None, unit=None,
                verdict=Verdict(VerdictLabel.INSUFFICIENT, "why", ["1"]), rows=[rejected, make_row()],
            )
        ],
    )  # fmt: skip
    text = render_json(report)
    assert '"rejected"' not in text
    assert parse_report_json(text) == report


def test_every_rules_text_follows_the_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change a threshold and the README table, the report's guide (HTML and Markdown) and the
    verdict meanings quote the new number: none of them keeps its own copy."""
    import litwatch.claims.verdict as verdict
    from litwatch.report.guide import render_guide_markdown
    from litwatch.report.html import render_html

    report = Report("s", "a", "src", "t", "d", 0, 0, [])

    def texts() -> str:  # the HTML page's guide is a template now: render the whole (empty) page
        return "\n".join(
            [verdict.verdict_rules_markdown(), render_html(report), *render_guide_markdown(report)]
            + list(verdict_meanings().values())
        )

    before = texts()
    assert ">= 75%" in before and "level 1–3" in before and "Levels 1-3" in before
    monkeypatch.setattr(verdict, "SUPPORT_SHARE", 0.8)
    monkeypatch.setattr(verdict, "MAX_LEVEL", 2)
    monkeypatch.setattr(verdict, "MIN_RECORDS", 4)
    after = texts()
    assert ">= 80%" in after and ">= 75%" not in after
    assert "level 1–2" in after and "Levels 1-2" in after and "evidence level is 1-2" in after
    assert "Fewer than 4 counting records" in after and "fewer than 4" in after
    assert "1-3" not in after and "1–3" not in after
