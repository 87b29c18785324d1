"""Find an article's checkable sentences: split paragraphs into sentences and name the topics
each one makes a claim on, by cue words, with the number it states.

Rules, not a model: each topic is a table of cue patterns (`CUES`), and `classify_sentence` says
which cue decided it, so a drafted claim can say why it was drafted (`litwatch.article.draft`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litwatch.article.values import ArticleValue, extract_article_value

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


# --- topics ----------------------------------------------------------------------------------------
_KETAMINE_RE = re.compile(r"\b(?:(?:es|ar)?ketamine|spravato)\b", re.I)


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
