"""The claim library takes the built-in article's tuned rules (`rules_from`): a writer's own claims
file that `use`s library claims is tagged exactly as the built-in claims file is.

Before, the library kept its own first rules, and the same 13 claims (with the built-in
comparison bands) scored stance agreement 0.42-0.56 and relevance precision 0.61-0.68 on the
annotated sets, against 0.64-0.80 and 0.78-0.88 with the built-in file (benchmarks/stance.py
--claims benchmarks/data/library-claims.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.claims.claimset import parse_claims
from litwatch.claims.library import load_library
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services.demo import snapshot_path

LIBRARY_CLAIMS = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "library-claims.toml"


def test_the_library_claims_tag_the_snapshot_exactly_as_the_built_in_claims() -> None:
    built_in, from_library = load_claims(), load_claims(LIBRARY_CLAIMS)
    assert [c.id for c in from_library.claims] == [c.id for c in built_in.claims]
    records = [r for r in iter_records_in_file(snapshot_path()) if isinstance(r, Record)]
    assert len(records) > 300
    for record in records:
        item = TagInput.from_record(record)
        want = [_comparable(t.to_dict()) for t in tag_record(item, built_in).claims]
        assert [_comparable(t.to_dict()) for t in tag_record(item, from_library).claims] == want, record.pmid


def _comparable(tag: dict) -> dict:
    # the library's suicidal-thoughts also lists the hours its findings were read at (its value kind
    # is onset_hours; the built-in claim compares no number): everything else must be the same
    if tag["claim_id"] == "suicidal-thoughts":
        return {k: v for k, v in tag.items() if k != "values"}
    return tag


def test_a_library_claim_takes_the_built_in_claims_rules() -> None:
    library = load_library()
    reduces = library.claims["reduces-depression"].rules
    assert reduces["stance"]["model"] == "benefit"
    assert [m["name"] for m in reduces["match"]] == ["depression-efficacy", "depression-null"]
    # the library's own comparison band and value kinds stay its own
    infusion = library.claims["infusion-length"]
    assert (infusion.value_kinds, infusion.rules["compare"]) == (
        ("infusion_minutes",),
        {"supports": [40.0, 100.0]},
    )
    assert infusion.rules["match"][0]["name"] != "" and "narrows" not in infusion.rules


def _file(*claims: dict) -> dict:
    return {"name": "mine", "title": "t", "source": "s", "claims": list(claims)}


TRD_TRIAL = (
    "METHODS: Forty adults with treatment-resistant depression received intravenous ketamine 0.5 mg/kg. "
    "RESULTS: Depressive symptoms decreased significantly after ketamine (p < 0.001)."
)


@pytest.mark.parametrize("with_parent", [True, False])
def test_treatment_resistance_reads_a_stance_with_or_without_the_broader_claim(with_parent: bool) -> None:
    trd = {"use": "treatment-resistant", "article_quote": "It helps when nothing else has."}
    parent = {"use": "reduces-depression", "article_quote": "It lifts depression."}
    claim_set = parse_claims(_file(parent, trd) if with_parent else _file(trd), "mine.toml")
    tags = tag_record(TagInput("1", "Ketamine in TRD: an open-label trial", TRD_TRIAL), claim_set)
    trd_tag = tags.claim("treatment-resistant")
    assert trd_tag is not None and trd_tag.stance == "supports"
    assert trd_tag.rule.startswith("match:trd-population; stance:")
    narrows = next(c for c in claim_set.claims if c.id == "treatment-resistant").narrows
    assert narrows == (("reduces-depression",) if with_parent else ())


# The library's other claims read stances with the same models (benefit, harm, durability) as the
# built-in ones, besides their own cue phrases: a finding written with a verb first, and a null,
# used to give "no-direction" or no tag at all.
OTHER_CLAIMS = [
    ("response-rate", "About 70% of patients respond.", 70.0),
    ("maintenance-boosters", "Boosters keep it going.", None),
    ("blood-pressure", "Blood pressure rises only a little.", None),
    ("bladder-problems", "Bladder problems are rare.", None),
    ("cognition", "It does not harm memory.", None),
    ("addiction-risk", "The risk of addiction is low.", None),
    ("ptsd", "It helps PTSD.", None),
    ("anxiety", "It helps anxiety.", None),
    ("side-effect-duration", "Side effects wear off within two hours.", 2.0),
    ("versus-ect", "It works as well as ECT.", None),
    ("versus-oral-antidepressants", "It works better than pills.", None),
]


def _other_claims() -> object:
    claims = []
    for cid, quote, value in OTHER_CLAIMS:
        claim: dict = {"use": cid, "article_quote": quote}
        if value is not None:
            claim |= {"article_low": value, "article_high": value}
        claims.append(claim)
    return parse_claims(_file(*claims), "mine.toml")


@pytest.mark.parametrize(
    ("claim_id", "result", "stance"),
    [
        ("response-rate", "The response rate was 65%.", "supports"),
        ("response-rate", "Ketamine produced significantly higher response rates than placebo.", "supports"),
        ("response-rate", "Response rates did not differ between ketamine and placebo.", "contradicts"),
        ("maintenance-boosters", "Maintenance infusions did not prevent relapse.", "contradicts"),
        (
            "maintenance-boosters",
            "Response was maintained with monthly booster infusions for 6 months.",
            "supports",
        ),
        (
            "blood-pressure",
            "Blood pressure increases were transient and resolved within an hour.",
            "supports",
        ),
        (
            "blood-pressure",
            "Blood pressure increased significantly more with ketamine than with placebo.",
            "contradicts",
        ),
        ("bladder-problems", "Three patients developed ketamine-induced cystitis.", "contradicts"),
        ("cognition", "Memory did not worsen over six months of treatment.", "supports"),
        ("cognition", "Ketamine impaired verbal memory.", "contradicts"),
        ("addiction-risk", "Two patients developed ketamine dependence.", "contradicts"),
        ("addiction-risk", "No signs of abuse or dependence were observed.", "supports"),
        ("ptsd", "PTSD symptoms decreased significantly after ketamine compared with midazolam.", "supports"),
        ("ptsd", "Ketamine did not reduce PTSD symptoms compared with midazolam.", "contradicts"),
        ("anxiety", "Anxiety symptoms improved significantly after ketamine.", "supports"),
        ("anxiety", "Anxiety scores did not differ between ketamine and placebo.", "contradicts"),
        (
            "side-effect-duration",
            "Dissociative symptoms resolved within 2 hours of the infusion.",
            "supports",
        ),
        (
            "side-effect-duration",
            "Dizziness persisted for more than 24 hours in some patients.",
            "contradicts",
        ),
        # "works at least as well as ECT": a null between the two supports it
        (
            "versus-ect",
            "There was no significant difference in response rates between ketamine and ECT.",
            "supports",
        ),
        ("versus-ect", "Ketamine was non-inferior to ECT.", "supports"),
        ("versus-ect", "Remission rates were higher with ECT than with ketamine.", "contradicts"),
        # "works better than an oral antidepressant": a null, or "as effective as", goes against it
        (
            "versus-oral-antidepressants",
            "There was no significant difference between ketamine and escitalopram.",
            "contradicts",
        ),
        ("versus-oral-antidepressants", "Escitalopram was as effective as ketamine.", "contradicts"),
        (
            "versus-oral-antidepressants",
            "Esketamine was superior to quetiapine in remission rates.",
            "supports",
        ),
    ],
)
def test_the_other_library_claims_read_findings_both_ways(claim_id: str, result: str, stance: str) -> None:
    abstract = (
        "METHODS: Forty adults with depression and PTSD or anxiety received intravenous ketamine. "
        f"RESULTS: {result} CONCLUSIONS: Further studies are needed."
    )
    tag = tag_record(
        TagInput("1", "Ketamine for depression: a clinical trial", abstract), _other_claims()
    ).claim(claim_id)
    assert tag is not None and tag.stance == stance
