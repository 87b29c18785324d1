"""Draft a claims file from an article's text: find the checkable sentences, map each to a library
claim, read its numbers, and say which treatment (route, formulation) it is about.

Rules, not a model: every drafted claim says why it was drafted (the cue words that decided its
topic, where its number and its treatment came from), so the writer can check the draft in a
minute and fix what is wrong in the TOML it becomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from litwatch.article.reader import Article, Paragraph
from litwatch.article.values import ArticleValue, extract_article_value
from litwatch.claims.library import KIND_UNITS, load_library

# --- sentences ---------------------------------------------------------------------------------
_ABBREVIATIONS = ("e.g.", "i.e.", "dr.", "vs.", "approx.", "etc.", "mr.", "ms.", "mrs.", "no.", "fig.", "st.")
_END_RE = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])")


def split_article_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each an exact substring of it."""
    out: list[str] = []
    start = 0
    for m in _END_RE.finditer(paragraph):
        piece = paragraph[start : m.end()]
        if piece.lower().endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", piece):
            continue
        if piece.strip():
            out.append(piece.strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


# --- treatment context -----------------------------------------------------------------------------
_ESK_RE = re.compile(r"\b(?:esketamine|spravato|nasal spray|intranasal|nasal)\b", re.I)
_IV_RE = re.compile(r"\b(?:intravenous\w*|iv|i\.v\.|infus\w*|drip|into a vein)\b", re.I)
_KETAMINE_RE = re.compile(r"\b(?:(?:es|ar)?ketamine|spravato)\b", re.I)
IV_RACEMIC = ("intravenous", "racemic")
INTRANASAL_ESK = ("intranasal", "esketamine")


def article_treatment(text: str) -> tuple[tuple[str, str] | None, str]:
    """(route, formulation) the article as a whole talks about, and why; None when it does not say."""
    esk, iv = len(_ESK_RE.findall(text)), len(_IV_RE.findall(text))
    if esk > iv:
        return (
            INTRANASAL_ESK,
            f"the article is about esketamine nasal spray ({esk} mentions vs {iv} of infusions)",
        )
    if iv:
        return (
            IV_RACEMIC,
            f"the article is about ketamine infusions ({iv} mentions vs {esk} of esketamine/nasal spray)",
        )
    return None, "the article names no route or formulation"


def sentence_treatment(
    sentence: str, default: tuple[str, str] | None, why: str
) -> tuple[tuple[str, str] | None, str]:
    esk, iv = bool(_ESK_RE.search(sentence)), bool(_IV_RE.search(sentence))
    if esk and not iv:
        return INTRANASAL_ESK, "the sentence names esketamine / nasal spray"
    if iv and not esk:
        return IV_RACEMIC, "the sentence names an infusion / intravenous ketamine"
    return default, why


# --- topics ----------------------------------------------------------------------------------------
def _rx(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.I)


SKIP = _rx(
    r"\binsurance\b",
    r"\bcosts?\b",
    r"\bprices?\b",
    r"\$\d",
    r"\bcall us\b",
    r"\bbook\b",
    r"\breceipt\b",
    r"\bconsultation\b",
    r"\bdrive\b",
    r"\bappointment\b",
    r"\bcontact us\b",
    r"\bdescribes? (?:\w+ ){0,3}?as\b",
)
CUES: dict[str, re.Pattern[str]] = {
    "not-checkable": _rx(
        r"\bfda\b",
        r"\bapproved\b",
        r"\bapproval\b",
        r"\brems\b",
        r"\bcertified\b",
        r"\boff[- ]label\b",
        r"\bmust stay\b",
        r"\brequired to stay\b",
        r"\bprescription only\b",
        r"\bmust be monitored\b",
        r"\bmonitored for at least\b",
        r"\bshould not be used\b",
        r"\bcontraindicat\w*",
    ),
    "suicidal-thoughts": _rx(r"\bsuicid\w*"),
    "other-condition": _rx(
        r"\bptsd\b",
        r"\bpost-?traumatic\b",
        r"\banxiety\b",
        r"\bbipolar\b",
        r"\bocd\b",
        r"\bobsessive",
        r"\beating disorders?\b",
    ),
    "pain": _rx(r"\bpain\b", r"\bfibromyalgia\b", r"\bmigraines?\b", r"\bneuropath\w*"),
    "treatment-resistant": _rx(
        r"\bdifficult to treat\b",
        r"\bhard to treat\b",
        r"\bnot (?:been )?helped\b",
        r"\bnot responded\b",
        r"\bhaven't responded\b",
        r"\btreatment[- ]resistant\b",
        r"\bother treatments have failed\b",
    ),
    "comparison-other": _rx(r"\bect\b", r"\belectroconvulsive\b", r"\btms\b", r"\bmagnetic stimulation\b"),
    "faster-than-antidepressants": _rx(
        r"\bfaster\b",
        r"\bmore rapid(?:ly)?\b",
        r"\bquicker\b",
        r"\binstead of weeks\b",
        r"\btakes?\s+(?:[\w-]+\s+){0,4}?weeks\b",
        r"\bunlike\b",
        r"\bwhereas\b",
    ),
    "maintenance": _rx(
        r"\bboosters?\b",
        r"\bmaintenance\b",
        r"\brelapse\w*",
        r"\bevery other week\b",
        r"\btop-?ups?\b",
        r"\bkept taking\b",
        r"\bvisits drop\b",
    ),
    "addiction": _rx(
        r"\baddict\w*",
        r"\bmisus\w*",
        r"\babuse\b",
        r"\bdependen(?:ce|t)\b",
        r"\bhooked\b",
        r"\bhabit-forming\b",
    ),
    "long-term-safety": _rx(
        r"\bsafe\b",
        r"\bsafety\b(?! program)",
        r"\bbladder\b",
        r"\bcystitis\b",
        r"\bmemory\b",
        r"\bcognit\w*",
        r"\bthinking\b",
        r"\blong-term (?:use|treatment)\b",
    ),
    "side-effects": _rx(
        r"\bside[- ]effects?\b",
        r"\bdissociat\w*",
        r"\bdetached\b",
        r"\bunreal\b",
        r"\bfloaty\b",
        r"\bdreamy\b",
        r"\bblood pressure\b",
        r"\bdizz\w*",
        r"\bnausea\b",
        r"\bfeel sick\b",
        r"\bspaced out\b",
        r"\bhallucinat\w*",
        r"\bsleepiness\b",
        r"\bdrowsy\b",
        r"\bsensations?\b",
        r"\beuphori\w*",
        r"\bintoxicated\b",
        r"\bblurr\w* vision\b",
        r"\bheadaches?\b",
    ),
    "mechanism": _rx(
        r"\bglutamate\b",
        r"\bnmda\b",
        r"\breceptors?\b",
        r"\bneuroplastic\w*",
        r"\bsynap\w*",
        r"\bnew connections\b",
        r"\bneurotransmitter\b",
        r"\bneurogenesis\b",
    ),
    "durability": _rx(
        r"\blasts\b",
        r"\blasting\b",
        r"\blasted\b",
        r"\bwill last\b",
        r"\blast (?:for|up to|about|longer|from)\b",
        r"\b(?:can|could|may|might|will|would|often|typically|usually|generally|only) last\b",
        r"\bwears? off\b",
        r"\bfades?\b",
        r"\blong[- ]term success\b",
        r"\bof relief\b",
        r"\bcreeping back\b",
        r"\bdurab\w*",
        r"\bsustained\b",
    ),
    "onset": _rx(
        r"\bas early as\b",
        r"\bas little as\b",
        r"\bwithin (?:\w+ ){0,2}?(?:hours?|a day|minutes|24 hours)\b",
        r"\bhours after\b",
        r"\bimmediately\b",
        r"\bfast-acting\b",
        r"\bnext day\b",
        r"\bfeel a difference\b",
    ),
    "response-rate": _rx(
        r"\d\s*%",
        r"\bper ?cent\b",
        r"\babout half\b",
        r"\bsuccess rates?\b",
        r"\b(?:half|two-thirds|two thirds|a third|one third|a quarter)\b",
        r"\bone in \w+\b",
    ),
    "efficacy": _rx(
        r"\breduc\w*",
        r"\brelie\w*",
        r"\bimprov\w*",
        r"\bease[sd]?\b",
        r"\beffective\b",
        r"\bworks? well\b",
        r"\bhelps?\b",
    ),
    "course": _rx(
        r"\binfusions\b",
        r"\bsessions\b",
        r"\btreatments\b",
        r"\bseries\b",
        r"\bdoses\b",
        r"\btwice a week\b",
        r"\bfull treatment plan\b",
        r"\bcourse\b",
    ),
    "dose": _rx(r"\d\s*mg\b", r"\bmg\b", r"\bmg/kg\b", r"\bmilligrams?\b", r"\bper 1 kg\b", r"\bratio\b"),
    "infusion-length": _rx(r"\bminutes\b", r"\bmins\b"),
}
_SIDE_END = _rx(
    r"\bfade",
    r"\bwear off\b",
    r"\bwears off\b",
    r"\bpass(?:es|ed)?\b",
    r"\bsettle",
    r"\bresolv",
    r"\bsubsid",
    r"\bfor about (?:an|\w+) hours?\b",
    r"\bwithin (?:\w+ ){0,3}?hours?\b",
    r"\bto clear\b",
    r"\bup to \d+ hours?\b",
)
_EFFECT = _rx(
    r"\bimprov\w*",
    r"\brelie\w*",
    r"\bmood\b",
    r"\bfeel\w* (?:better|a difference)\b",
    r"\bsymptoms\b",
    r"\breduc\w*",
    r"\blift\b",
    r"\bwork\b",
    r"\bact\b",
)
_RESPONSE = _rx(
    r"\brespon\w*", r"\bimprov\w*", r"\bbenefit\w*", r"\bsuccess\w*", r"\brelief\b", r"\bbetter\b"
)
_COMPARATIVE = _rx(
    r"\bas effective as\b",
    r"\bbetter\b",
    r"\bthan\b",
    r"\bsuperior\b",
    r"\bcompared\b",
    r"\bwhereas\b",
    r"\bunlike\b",
    r"\binstead of\b",
)
_ANTIDEPRESSANT = _rx(r"\bantidepressants?\b", r"\bmedications?\b", r"\bssris?\b")
_OTHER_THERAPY_ONLY = _rx(r"\bect\b", r"\belectroconvulsive\b", r"\btms\b", r"\bplacebo\b")
_INFUSION_LENGTH_CONTEXT = _rx(r"\binfus\w*", r"\badministered\b", r"\bdrip\b", r"\bover \d+ minutes\b")
_ANAESTHESIA = _rx(r"\ban(?:a)?esthe\w*", r"\bsedati\w*", r"\bbattlefield\b")
_BENEFIT = _rx(
    r"\brelie\w*",
    r"\bbenefit\w*",
    r"\bimprove\w*",
    r"\beffects?\b",
    r"\bresults\b",
    r"\bsuccess\b",
    r"\bremission\b",
    r"\brespon\w*",
    r"\bbetter\b",
    r"\bsymptoms\b",
)


@dataclass
class Candidate:
    topic: str
    cue: str
    value: ArticleValue | None = None
    condition: str | None = None  # other-condition: the library claim of the condition named


_OTHER_CONDITIONS = (
    ("ptsd", r"\bptsd\b|traumatic"),
    ("ocd", r"\bocd\b|obsessive"),
    ("bipolar-depression", r"\bbipolar"),
    ("anxiety", r"\banxiety"),
)


def _cue(topic: str, sentence: str) -> str | None:
    m = CUES[topic].search(sentence)
    return m.group(0) if m else None


def classify_sentence(sentence: str, previous: str = "") -> list[Candidate]:
    """The topics a sentence makes a checkable claim on, each with its cue and value (if any)."""
    low = sentence.lower()
    if sentence.rstrip().endswith("?") or SKIP.search(sentence) or len(sentence.split()) < 4:
        return []
    hit = {t: c for t in CUES if (c := _cue(t, sentence))}
    if "not-checkable" in hit:
        return [Candidate("not-checkable", hit["not-checkable"])]
    names_ketamine = bool(_KETAMINE_RE.search(sentence))
    if _ANAESTHESIA.search(sentence) and "depress" not in low:
        return []  # history as an anaesthetic: not a claim about treating depression
    if not names_ketamine and _ANTIDEPRESSANT.search(sentence) and not _COMPARATIVE.search(sentence):
        return []  # about other antidepressants only
    if not names_ketamine and _OTHER_THERAPY_ONLY.search(sentence) and not _COMPARATIVE.search(sentence):
        return []  # a statement about ECT or placebo alone
    out: list[Candidate] = []

    def add(topic: str, kind: str | None = None, cue: str | None = None) -> None:
        value = extract_article_value(kind, sentence) if kind else None
        out.append(Candidate(topic, cue or hit.get(topic, ""), value))

    if "suicidal-thoughts" in hit:
        add("suicidal-thoughts", "onset_hours")
        return out
    if "other-condition" in hit:
        named: list[str | None] = [cid for cid, rx in _OTHER_CONDITIONS if re.search(rx, low)] or [None]
        for cid in named:  # "PTSD, anxiety and OCD": one claim per condition
            out.append(Candidate("other-condition", hit["other-condition"], None, cid))
        return out
    tr_phrase = hit.get("treatment-resistant", "").lower()
    if "pain" in hit and "mechanism" not in hit:
        if tr_phrase and "resistant" not in tr_phrase:
            add("treatment-resistant")
        else:
            add("pain")
        return out
    if "comparison-other" in hit and _COMPARATIVE.search(sentence):
        add("comparison-other")
    # numbers
    if "response-rate" in hit and _RESPONSE.search(sentence) and "maintenance" not in hit:
        add("response-rate", "response_percent")
    if "dose" in hit:
        if extract_article_value("dose_mg_per_kg", sentence):
            add("dose", "dose_mg_per_kg")
        elif extract_article_value("dose_mg", sentence):
            add("dose", "dose_mg")
    if _INFUSION_LENGTH_CONTEXT.search(sentence) or "takes about" in low:
        v = extract_article_value("infusion_minutes", sentence)
        if v is not None and "side-effects" not in hit:
            out.append(Candidate("infusion-length", "infusion length", v))
    side_words = "side-effects" in hit or bool(CUES["side-effects"].search(previous))
    if side_words and (end := _SIDE_END.search(sentence)):
        v = extract_article_value("side_effect_hours", sentence)
        if v is not None:
            out.append(Candidate("side-effect-duration", end.group(0), v))
    if "maintenance" in hit:
        add("maintenance")
    elif "durability" in hit and _BENEFIT.search(sentence):
        v = extract_article_value("benefit_days", sentence)
        if not any(c.topic == "side-effect-duration" for c in out):
            out.append(Candidate("durability", hit["durability"], v))
    elif "course" in hit or _FREQ_HINT.search(sentence):
        count = extract_article_value("dose_count", sentence)
        weeks = extract_article_value("course_weeks", sentence)
        if count:
            out.append(Candidate("course", hit.get("course", "schedule"), count))
        if weeks and (count or _FREQ_HINT.search(sentence)):
            out.append(Candidate("course", hit.get("course", "schedule"), weeks))
        no_topic = not any(c.topic == "response-rate" for c in out)
        if (
            not count
            and not weeks
            and no_topic
            and re.search(r"\b(?:series|multiple|full treatment plan)\b", low)
        ):
            add("course")
    onset = extract_article_value("onset_hours", sentence)
    if ("onset" in hit or onset) and _EFFECT.search(sentence) and "side-effects" not in hit:
        if onset is not None and not any(c.topic == "side-effect-duration" for c in out):
            out.append(Candidate("onset", hit.get("onset", onset.text), onset))
        elif "onset" in hit and "faster-than-antidepressants" not in hit:
            add("onset")
    if "faster-than-antidepressants" in hit and _ANTIDEPRESSANT.search(sentence):
        add("faster-than-antidepressants")
    if "side-effects" in hit and not any(c.topic == "side-effect-duration" for c in out):
        add("side-effects")
    if "addiction" in hit and not re.search(r"\bbladder\b|\bmemory\b|\bcognit|\bthinking\b", low):
        add("addiction")
    about_treatment = names_ketamine or re.search(r"\b(?:treatments?|infusions?|therapy|it|its|spray)\b", low)
    if "long-term-safety" in hit and not about_treatment and re.search(r"\bsafe(?:ty)?\b", low):
        del hit["long-term-safety"]  # "comfort and safety are our concerns": not a claim about ketamine
    memory_as_mechanism = "mechanism" in hit and not re.search(
        r"\bsafe|\bbladder|\bharm|\bimpair|\bloss\b", low
    )
    safety_words = not out and re.search(r"\bsafe\b|\bmemory\b|\bbladder\b", low)
    if "long-term-safety" in hit and not memory_as_mechanism and ("side-effects" not in hit or safety_words):
        add("long-term-safety")
    if "mechanism" in hit and not out:
        add("mechanism")
    if (
        not out
        and "treatment-resistant" in hit
        and names_ketamine is not None
        and "resistant" not in tr_phrase
    ):
        add("treatment-resistant")
    if not out and "efficacy" in hit and (names_ketamine or "treatment-resistant" in hit):
        add("treatment-resistant" if "treatment-resistant" in hit else "efficacy")
    return out


_FREQ_HINT = _rx(r"\btwice a week\b", r"\bonce a week\b", r"\b(?:two|three) times a week\b", r"\bweekly\b")

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
        if re.search(r"blood pressure", low) and not re.search(
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
        return candidate.condition or "anxiety"
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
    treatment: tuple[str, str] | None
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
    out: list[DraftClaim] = []
    for para in article.paragraphs:
        if para.heading:
            continue
        previous = ""
        for sentence in split_article_sentences(para.text):
            for cand in classify_sentence(sentence, previous):
                out.append(_draft_one(sentence, cand, library, default, default_why))
            previous = sentence
    return Draft(article, _dedupe(out), default, default_why)


def _draft_one(sentence: str, cand: Candidate, library: Any, default: Any, default_why: str) -> DraftClaim:
    cid = library_claim_for(cand, sentence)
    treatment, twhy = sentence_treatment(sentence, default, default_why)
    route: str | None
    formulation: str | None
    if treatment is None:
        (route, formulation), twhy = (None, None), default_why
    else:
        route, formulation = treatment
    value = cand.value
    kind = value.kind if value else None
    why = [f"topic {cand.topic}: the sentence says '{cand.cue}'" if cand.cue else f"topic {cand.topic}"]
    if cid is None:
        why = [_not_checkable_why(cand.cue)]
        return DraftClaim(
            sentence, None, "not-checkable", None, None, None, None, route, formulation, False, why
        )
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
