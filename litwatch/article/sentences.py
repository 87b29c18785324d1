"""Find an article's checkable sentences: split paragraphs into sentences and name the topics
each one makes a claim on, by cue words, with the number it states.

Rules, not a model: each topic is a table of cue patterns (`cues.CUES`, with the other tables in
`cues.py`), and `classify_sentence` says which cue decided it, so a drafted claim can say why it
was drafted (`litwatch.article.draft`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litwatch.article.cues import (
    AFTER_COUNT,
    ANAESTHESIA,
    ANECDOTE,
    ANSWER_LABEL,
    ANTIDEPRESSANT,
    ANTIDEPRESSANT_SUBJECT,
    BENEFIT,
    COMPARATIVE,
    COMPARED_BENEFIT,
    COMPARISON_DRUG,
    CUES,
    DOSE_CELL_RE,
    EFFECT,
    ELIGIBILITY,
    EXCLUDED_GROUP,
    FREQ_HINT,
    GENERAL,
    HELPS,
    INFUSION_LENGTH_CONTEXT,
    KETAMINE_RE,
    MYTH,
    NOT_INFUSED,
    NOT_OFFERED,
    OTHER_CONDITIONS,
    OTHER_THERAPY_ONLY,
    PAIN_CONDITION,
    PLACEBO_WIN,
    POLICY,
    QUESTION_LABEL,
    RELIEF,
    RESPONDS_TO_ANTIDEPRESSANTS,
    RESPONSE,
    SCHEDULING,
    SIDE_END,
    SINGLE_DOSE,
    SKIP,
    SPEED,
)
from litwatch.article.values import ArticleValue, expand_shorthand, extract_article_value

# --- sentences ---------------------------------------------------------------------------------
# whole words only: "problems." ends in "ms." but is no abbreviation
_ABBREVIATION_RE = re.compile(r"(?<![\w.])(?:e\.g|i\.e|dr|vs|approx|etc|mr|ms|mrs|fig|st)\.$", re.I)
_NUMBER_ABBREVIATION_RE = re.compile(r"\bno\.$", re.I)  # "No. 5"; "No. The spray ..." is an answer
_END_RE = re.compile(r"[.!?]+[\"'”’)]*(?:\[\d+(?:[,–-]\s?\d+)*\])*(?=\s+[\"'“‘(]?[A-Za-z0-9])")
# a sentence that starts in lower case ("... for the rest of the day. so no driving"), as captions and
# forum posts write, ends only after a whole word of three letters or more, not "approx." or "vs."
_LOWER_END_RE = re.compile(r"(?<![.\w])[A-Za-z]{3,}[.!?]+$")


def split_article_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each an exact substring of it."""
    out: list[str] = []
    start = 0
    for m in _END_RE.finditer(paragraph):
        piece = paragraph[start : m.end()]
        if _ABBREVIATION_RE.search(piece) or re.search(r"\b[A-Z]\.$", piece):
            continue
        if paragraph[m.end() :].lstrip()[:1].islower() and not _LOWER_END_RE.search(piece):
            continue
        if _NUMBER_ABBREVIATION_RE.search(piece) and paragraph[m.end() :].lstrip()[:1].isdigit():
            continue
        if piece.strip():
            out.append(piece.strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass
class Candidate:
    topic: str
    cue: str
    value: ArticleValue | None = None
    condition: str | None = None  # other-condition: the library claim of the condition named


def _cue(topic: str, sentence: str) -> str | None:
    m = CUES[topic].search(sentence)
    return m.group(0) if m else None


def _states_schedule(sentence: str) -> bool:
    kinds = ("dose_count", "course_weeks", "dose_mg_per_kg", "dose_mg", "infusion_minutes")
    return any(extract_article_value(k, sentence) for k in kinds)


def classify_sentence(sentence: str, previous: str = "") -> list[Candidate]:
    """The topics a sentence makes a checkable claim on, each with its cue and value (if any)."""
    sentence, previous = expand_shorthand(sentence), expand_shorthand(previous)
    low = sentence.lower()
    short = len(sentence.split()) < 4 and not DOSE_CELL_RE.fullmatch(sentence.strip())
    if sentence.rstrip().endswith("?") or short or QUESTION_LABEL.match(sentence) or MYTH.match(sentence):
        return []  # a question, a reader's question ("Q: I have high blood pressure."), a myth, a fragment
    if POLICY.search(sentence):
        return []
    regulatory = _cue("not-checkable", sentence)
    if not regulatory and SCHEDULING.search(sentence) and not CUES["addiction"].search(sentence):
        regulatory = SCHEDULING.search(sentence).group(0)  # type: ignore[union-attr]
    advice_with_facts = bool(regulatory) and regulatory.lower().startswith("recommendation")  # type: ignore[union-attr]
    advice_with_facts = advice_with_facts and _states_schedule(sentence)
    if advice_with_facts:
        regulatory = None  # "Recommendation 2: give a course of up to eight treatments": a checkable fact
    if regulatory:  # "licensed in the UK ... turned down on cost grounds": regulatory first
        return [Candidate("not-checkable", regulatory)]
    if SKIP.search(sentence):
        return []
    hit = {t: c for t in CUES if (c := _cue(t, sentence))}
    if advice_with_facts:
        hit.pop("not-checkable", None)
    if "pain" in hit and not RELIEF.search(sentence) and not PAIN_CONDITION.search(sentence):
        del hit["pain"]  # "chest pain or a pounding headache": a symptom named, no claim of relief
    if ANECDOTE.match(ANSWER_LABEL.sub("", sentence)) and not GENERAL.search(sentence):
        return []  # "My relief held for about five weeks": one person's experience, nothing to check
    if "not-checkable" in hit:
        return [Candidate("not-checkable", hit["not-checkable"])]
    names_ketamine = bool(KETAMINE_RE.search(sentence))
    safety_talk = "addiction" in hit or "mechanism" in hit  # "isn't addictive", "acts through glutamate"
    by_anaesthetic = re.search(  # "tiny by anaesthetic standards": a dose compared, not history
        r"\b(?:by|than|below|fraction of) (?:an? |the )?(?:usual |typical )?an(?:a)?esthe", low
    )
    if ANAESTHESIA.search(sentence) and "depress" not in low and not safety_talk and not by_anaesthetic:
        return []  # history as an anaesthetic: not a claim about treating depression
    contrast = "faster-than-antidepressants" in hit and "onset" in hit  # "take weeks ... acts within hours"
    if (
        not names_ketamine
        and (ANTIDEPRESSANT_SUBJECT.match(sentence) or RESPONDS_TO_ANTIDEPRESSANTS.search(sentence))
        and not COMPARATIVE.search(sentence)
        and not contrast
        and not ("treatment-resistant" in hit and HELPS.search(sentence))
    ):
        return []  # about other antidepressants only
    placebo_win = PLACEBO_WIN.search(sentence)
    if (
        not names_ketamine
        and OTHER_THERAPY_ONLY.search(sentence)
        and not COMPARATIVE.search(sentence)
        and not placebo_win
    ):
        return []  # a statement about ECT or placebo alone
    out: list[Candidate] = []

    def add(topic: str, kind: str | None = None, cue: str | None = None) -> None:
        value = extract_article_value(kind, sentence) if kind else None
        out.append(Candidate(topic, cue or hit.get(topic, ""), value))

    if "suicidal-thoughts" in hit:
        add("suicidal-thoughts", "onset_hours")
        return out
    if NOT_OFFERED.search(sentence):
        return []  # "we do not offer KAP to people with ...": who is turned away, no claim
    if hit.get("other-condition", "").lower() == "anxiety" and "side-effects" in hit:
        del hit["other-condition"]  # "less common: anxiety, confusion, blurred vision": a side effect
    if "other-condition" in hit and EXCLUDED_GROUP.search(sentence):
        del hit["other-condition"]  # "we do not offer KAP to people with a history of mania": who is excluded
    if "other-condition" in hit:
        named: list[str | None] = [cid for cid, rx in OTHER_CONDITIONS if re.search(rx, low)] or [None]
        for cid in named:  # "PTSD, anxiety and OCD": one claim per condition
            out.append(Candidate("other-condition", hit["other-condition"], None, cid))
        return out
    if ELIGIBILITY.search(sentence):  # "the service is for adults aged 18 to 75 whose depression ..."
        hit.pop("treatment-resistant", None)
        hit.pop("efficacy", None)
    tr_phrase = hit.get("treatment-resistant", "").lower()
    if "pain" in hit and "mechanism" not in hit:
        if tr_phrase and "resistant" not in tr_phrase:
            add("treatment-resistant")
        else:
            add("pain")
        return out
    named_drug = COMPARISON_DRUG.search(hit.get("comparison-other", ""))
    if named_drug and "faster-than-antidepressants" in hit:
        del hit["comparison-other"]  # "faster: SSRIs such as sertraline need weeks": a claim of speed
    if "comparison-other" in hit and COMPARATIVE.search(sentence) and COMPARED_BENEFIT.search(sentence):
        add("comparison-other")
    # numbers
    about_others = not names_ketamine and ANTIDEPRESSANT.search(sentence)  # "a third respond to SSRIs"
    if "response-rate" in hit and RESPONSE.search(sentence) and "maintenance" not in hit and not about_others:
        add("response-rate", "response_percent")
        if out[-1].value is None and hit["response-rate"].lower().startswith("out of"):
            out.pop()  # "out of 100 people given a dummy drip, about 10": the placebo arm's share
    if "dose" in hit:
        if extract_article_value("dose_mg_per_kg", sentence):
            add("dose", "dose_mg_per_kg")
        elif extract_article_value("dose_mg", sentence):
            add("dose", "dose_mg")
    infused = INFUSION_LENGTH_CONTEXT.search(sentence) or "takes about" in low
    if infused and not (NOT_INFUSED.search(sentence) and not re.search(r"\binfus", low)):
        v = extract_article_value("infusion_minutes", sentence)
        if v is not None and "side-effects" not in hit:
            out.append(Candidate("infusion-length", "infusion length", v))
    side_words = "side-effects" in hit or bool(CUES["side-effects"].search(previous))
    if side_words and (end := SIDE_END.search(sentence)):
        v = extract_article_value("side_effect_hours", sentence)
        if v is not None:
            out.append(Candidate("side-effect-duration", end.group(0), v))
    if "maintenance" in hit:
        add("maintenance")
        # "six infusions over two weeks, then monthly boosters": the first course is a claim too
        count = extract_article_value("dose_count", sentence)
        weeks = extract_article_value("course_weeks", sentence)
        if count:
            out.append(Candidate("course", hit.get("course", "schedule"), count))
        if weeks and (count or FREQ_HINT.search(sentence)):
            out.append(Candidate("course", hit.get("course", "schedule"), weeks))
        if not count and re.search(r"\ba (?:course|series) of\b", low):  # "a course of several treatments"
            add("course", "dose_count", hit.get("course", "a course of"))
        lapse = "durability" in hit or bool(re.search(r"\brelaps", low))
        span = extract_article_value("benefit_days", sentence) if lapse else None
        if span is not None and (BENEFIT.search(sentence) or "relapse" in low):
            # "the benefit lasts 2 weeks to 2 months, and boosters keep it going"; "relapse usually
            # occurs within two to three weeks": how long the benefit lasts, too
            out.append(Candidate("durability", hit.get("durability", hit["maintenance"]), span))
    elif "durability" in hit and (
        BENEFIT.search(sentence)
        or (SINGLE_DOSE.search(sentence) and extract_article_value("benefit_days", sentence))
    ):
        v = extract_article_value("benefit_days", sentence)
        acute = None if v else extract_article_value("side_effect_hours", sentence)
        if acute is not None and not any(c.topic == "side-effect-duration" for c in out):
            # "effects start after 15 minutes and last for about an hour or two": how long the dose's
            # effects last, not the antidepressant benefit (which no one states in hours)
            out.append(Candidate("side-effect-duration", hit["durability"], acute))
        elif not any(c.topic == "side-effect-duration" for c in out):
            out.append(Candidate("durability", hit["durability"], v))
    elif "course" in hit or FREQ_HINT.search(sentence):
        count = extract_article_value("dose_count", sentence)
        weeks = extract_article_value("course_weeks", sentence)
        rate = any(c.topic == "response-rate" for c in out)
        if count and rate and AFTER_COUNT.search(sentence[: sentence.find(count.text)]):
            count = None  # "83% felt better after four sessions": when the rate was read, no course claim
        if count:
            out.append(Candidate("course", hit.get("course", "schedule"), count))
        if weeks and (count or FREQ_HINT.search(sentence)):
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
    faster = (
        "faster-than-antidepressants" in hit and ANTIDEPRESSANT.search(sentence) and SPEED.search(sentence)
    )
    if ("onset" in hit or onset) and EFFECT.search(sentence) and "side-effects" not in hit:
        if onset is not None and not any(c.topic == "side-effect-duration" for c in out):
            out.append(Candidate("onset", hit.get("onset", onset.text), onset))
        elif "onset" in hit and not faster:
            add("onset")
    if faster:
        add("faster-than-antidepressants")
    if "side-effects" in hit and not any(c.topic == "side-effect-duration" for c in out):
        add("side-effects")
    named_risk = re.search(r"\babuse potential\b|\baddictive\b|\bdependence\b|\bhabit-forming\b", low)
    if "addiction" in hit and (
        named_risk or not re.search(r"\bbladder\b|\bmemory\b|\bcognit|\bthinking\b", low)
    ):
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
    helped = HELPS.search(sentence) or EFFECT.search(sentence)
    if (
        (not out or helped)
        and "treatment-resistant" in hit
        and "resistant" not in tr_phrase
        and not any(c.topic == "treatment-resistant" for c in out)
    ):
        add("treatment-resistant")  # "lifts symptoms within hours, often in people not helped by others"
    beat = re.search(r"\boutperform\w*|\bbeat(?:en|s)?\b|\bbetter than (?:a |the )?(?:placebo|dummy)", low)
    won = (out and beat and names_ketamine) or placebo_win
    if won and not any(c.topic in ("efficacy", "treatment-resistant") for c in out):
        add("efficacy")  # "it outperformed placebo spray, and continuing it halved relapse": both claims
    if not out and "efficacy" in hit and (names_ketamine or "treatment-resistant" in hit):
        add("treatment-resistant" if "treatment-resistant" in hit else "efficacy")
    return out
