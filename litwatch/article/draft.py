"""Draft a claims file from an article's text: take its checkable sentences (`sentences.py` finds
them and their topics), map each to a library claim, keep its number, and say which treatment
(route, formulation) it is about. `toml_out.py` writes the draft as a claims file.

Rules, not a model: every drafted claim says why it was drafted (the cue words that decided its
topic, where its number and its treatment came from), so the writer can check the draft in a
minute and fix what is wrong in the TOML it becomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from litwatch.article.cues import KETAMINE_RE, words
from litwatch.article.reader import Article, Paragraph
from litwatch.article.sentences import Candidate, classify_sentence, split_article_sentences
from litwatch.article.treatment import Treatment, article_treatment, racemic_route_of, sentence_treatment
from litwatch.claims.library import KIND_UNITS, load_library

_PRONOUN_START = re.compile(r"\s*(?:it|its|it's|this|these|they|the spray|the drug)\b", re.I)
_QUESTION_PARAGRAPH = re.compile(r"\s*(?:q|question)\s*[:.]\s", re.I)

# --- library mapping -----------------------------------------------------------------------------
_TOPIC_CLAIM = {
    "efficacy": "reduces-depression",
    "onset": "onset-within-hours",
    "response-rate": "response-rate",
    "infusion-length": "infusion-length",
    "side-effect-duration": "side-effect-duration",
    "addiction": "addiction-risk",
    "faster-than-antidepressants": "faster-than-antidepressants",
    "suicidal-thoughts": "suicidal-thoughts",
    "durability": "lasting-relief",
    "maintenance": "maintenance-boosters",
    "mechanism": "glutamate-mechanism",
    "pain": "pain-relief",
    "treatment-resistant": "treatment-resistant",
}


def library_claim_for(candidate: Candidate, sentence: str) -> str | None:
    """The library claim id a drafted claim uses (None: not checkable)."""
    t, low = candidate.topic, sentence.lower()
    kind = candidate.value.kind if candidate.value else None
    if t == "not-checkable":
        return None
    if t == "course":
        return "course-weeks" if kind == "course_weeks" else "course-sessions"
    if t == "dose":
        return "dose-mg-fixed" if kind == "dose_mg" else "dose-mg-per-kg"
    if t == "side-effects":
        if re.search(r"blood pressure|\bbp\b", low) and not re.search(
            r"dissociat|detached|unreal|dizz|nausea|sick", low
        ):
            return "blood-pressure"
        if re.search(r"dissociat|detached|unreal|floaty|dreamy|spaced out", low) and "side effect" not in low:
            return "dissociation"
        return "side-effects-mild"
    if t == "long-term-safety":
        if re.search(r"bladder|cystitis|urinary", low):
            return "bladder-problems"
        if re.search(r"memory|cognit|thinking", low):
            return "cognition"
        return "long-term-safety"
    if t == "other-condition":
        return candidate.condition  # None: a condition the library has no claim for (eating disorders)
    if t == "comparison-other":
        return "versus-ect" if re.search(r"\bect\b|electroconvulsive", low) else "versus-oral-antidepressants"
    return _TOPIC_CLAIM[t]


# --- the draft -------------------------------------------------------------------------------------
@dataclass
class DraftClaim:
    sentence: str
    claim: str | None  # library claim id; None when not checkable
    topic: str
    value_kind: str | None
    low: float | None
    high: float | None
    unit: str | None
    route: str | None
    formulation: str | None
    checkable: bool
    why: list[str] = field(default_factory=list)
    statement: str = ""

    def to_json(self) -> dict[str, Any]:
        keys = (
            "sentence",
            "claim",
            "topic",
            "value_kind",
            "low",
            "high",
            "unit",
            "route",
            "formulation",
            "checkable",
        )
        return {k: getattr(self, k) for k in keys}


@dataclass
class Draft:
    article: Article
    claims: list[DraftClaim]
    treatment: Treatment | None
    treatment_why: str

    def to_json(self) -> dict[str, Any]:
        return {"claims": [c.to_json() for c in self.claims]}


def _not_checkable_why(cue: str) -> str:
    return (
        f"regulatory or practice statement ('{cue}'): PubMed research cannot confirm or refute it, so it is "
        "listed here but not checked"
    )


def draft_claims(article: Article) -> Draft:
    """Every checkable (and every regulatory, not-checkable) claim of the article, in text order."""
    library = load_library()
    default, default_why = article_treatment(article.text)
    racemic_route = racemic_route_of(article.text)
    out: list[DraftClaim] = []
    section, section_why = default, default_why  # a heading may name the section's ("On spray days")
    last, last_why = default, default_why  # the treatment the paragraph before named last
    previous = ""  # the sentence before, across paragraphs ("These effects wear off within an hour.")
    for para in article.paragraphs:
        if para.heading:
            previous = ""
            named_by, why, named = sentence_treatment(para.text, default, default_why, racemic_route)
            section, section_why = (
                (named_by, f"its section is '{para.text}'") if named else (default, default_why)
            )
            last, last_why = section, section_why
            heading = _LIST_NUMBER.sub("", para.text)  # "1. It can work in hours, not weeks"
            if _claiming_heading(heading):  # "Single drip eased depression within hours, trial finds"
                for cand in classify_sentence(heading):
                    out.append(_draft_one(heading, cand, library, section, section_why))
            continue
        if _QUESTION_PARAGRAPH.match(para.text):
            continue  # a reader's question paragraph ("Q: My son ... Does it help?") asks, claims nothing
        if para.context:
            previous = ""  # a table cell does not go on from the cell before
        # a paragraph opening with a pronoun ("It is licensed for ...") goes on about the treatment
        # the paragraph before named; any other starts from the article's
        carried, carried_why = (last, last_why) if _PRONOUN_START.match(para.text) else (section, section_why)
        if para.context:  # a table cell under "Esketamine nasal spray"
            if _comparator_column(para.context):
                continue  # the column of "Staying on your antidepressants": about other treatments
            column, column_why, named = sentence_treatment(para.context, carried, carried_why, racemic_route)
            if named:
                carried, carried_why = column, f"its table column is '{para.context}'"
        # a cell is read with its row's label: "How fast it works: Often within 2 to 4 hours"
        wordy = len(para.text.split()) >= 4  # "Yes", "0.5 mg/kg": a short cell is read as it is
        label = f"{para.row}: " if para.row and para.row != para.text and wordy else ""
        for sentence in split_article_sentences(para.text):
            treatment, twhy, named = sentence_treatment(sentence, carried, carried_why, racemic_route)
            if named:
                carried, carried_why = treatment, twhy
            for cand in classify_sentence(label + sentence, previous):
                out.append(_draft_one(sentence, cand, library, treatment, twhy))
            previous = sentence
        last, last_why = carried, carried_why
    return Draft(article, _dedupe(out), default, default_why)


_HEADING_VERB = re.compile(
    r"\b(?:is|are|was|were|can|could|may|might|will|won't|isn't|aren't|does|doesn't|do|don't|"
    r"works?|worked|helps?|helped|eased?|eases|lasts?|finds?|found|shows?|showed|cuts?|reduces?|"
    r"reduced|lifts?|lifted|beats?|improves?|improved|fades?|wears?|has|have|haven't|hasn't)\b",
    re.I,
)
COMPARATOR_COLUMN = words(
    r"\bantidepressants?\b",
    r"\bssris?\b",
    r"\bect\b",
    r"\belectroconvulsive\b",
    r"\bplacebo\b",
    r"\btalking therap\w*",
    r"\bpsychotherapy\b",
    r"\bno treatment\b",
)
_LIST_NUMBER = re.compile(r"^\s*(?:\d+[.)]|#\d+:?)\s+")
_QUESTION_START = re.compile(
    r"\s*(?:how|what|why|when|where|who|which|is|are|can|does|do|will|should)\b", re.I
)


def _comparator_column(header: str) -> bool:
    """A table column about other antidepressants, ECT or a placebo, not about ketamine."""
    return bool(COMPARATOR_COLUMN.search(header)) and not KETAMINE_RE.search(header)


def _claiming_heading(text: str) -> bool:
    """A heading written as a statement ("It can work in hours, not weeks") makes a claim; a label
    ("Side effects", "How fast does it work") does not."""
    return (
        len(text.split()) >= 4
        and not text.rstrip().endswith("?")
        and not _QUESTION_START.match(text)
        and bool(_HEADING_VERB.search(text))
    )


def _draft_one(
    sentence: str, cand: Candidate, library: Any, treatment: Treatment | None, twhy: str
) -> DraftClaim:
    cid = library_claim_for(cand, sentence)
    route: str | None
    formulation: str | None
    if treatment is None:
        route, formulation = None, None
    else:
        route, formulation = treatment
    value = cand.value
    kind = value.kind if value else None
    why = [f"topic {cand.topic}: the sentence says '{cand.cue}'" if cand.cue else f"topic {cand.topic}"]
    if cid is None and cand.topic != "not-checkable":
        why.append("the claim library has no claim for this condition yet, so it is listed but not checked")
        return DraftClaim(sentence, None, cand.topic, None, None, None, None, route, formulation, False, why)
    if cid is None:
        why = [_not_checkable_why(cand.cue)]
        return DraftClaim(
            sentence, None, "not-checkable", None, None, None, None, route, formulation, False, why
        )
    if cid == "dose-mg-fixed" and formulation not in (None, "esketamine"):
        # the library's fixed-dose claim (and its 28-112 mg band) is esketamine's: "troches of 100 to
        # 300 mg" would be judged against the spray's doses
        what = describe(route, formulation)
        why.append(f"the library's fixed-dose claim is esketamine's: {what} is listed but not checked")
        low, high = (value.low, value.high) if value else (None, None)
        return DraftClaim(sentence, None, cand.topic, kind, low, high, "mg", route, formulation, False, why)
    lib = library.claims[cid]
    if kind is not None and kind not in lib.value_kinds:
        kind, value = None, None
    if value is not None:
        why.append(f"number: '{value.text}' read as {range_text(value.low, value.high, value.unit)}")
    elif lib.value_kinds:
        why.append("no number stated: records are judged by their stance (and the library's usual range)")
    why.append(f"treatment: {describe(route, formulation)}, because {twhy}")
    return DraftClaim(
        sentence=sentence,
        claim=cid,
        topic=cand.topic,
        value_kind=kind,
        low=value.low if value else None,
        high=value.high if value else None,
        unit=KIND_UNITS[kind] if kind else None,
        route=route,
        formulation=formulation,
        checkable=True,
        why=why,
        statement=lib.statement,
    )


def _dedupe(claims: list[DraftClaim]) -> list[DraftClaim]:
    seen: set[tuple[str, str, str | None, str | None]] = set()
    out = []
    for c in claims:
        key = (c.sentence, c.topic, c.value_kind, c.claim)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def describe(route: str | None, formulation: str | None) -> str:
    if route is None and formulation is None:
        return "any ketamine treatment (route and formulation not stated)"
    noun = {"racemic": "racemic ketamine"}.get(formulation or "", formulation or "ketamine")
    return f"{route or ''} {noun}".strip()


def _num(x: float) -> str:
    return f"{x:g}"


def range_text(low: float | None, high: float | None, unit: str | None) -> str:
    u = f" {unit}" if unit else ""
    if low is None and high is None:
        return "no number"
    if low is None:
        return f"at most {_num(high)}{u}"  # type: ignore[arg-type]
    if high is None or low == high:
        return f"{_num(low)}{u}"
    return f"{_num(low)}–{_num(high)}{u}"


def draft_sentence(sentence: str) -> Draft:
    """Draft the claims of one sentence (`litwatch claims new`)."""
    text = " ".join(sentence.split())
    return draft_claims(
        Article(source="sentence", title=text[:80], paragraphs=[Paragraph(text)], kind="text")
    )
