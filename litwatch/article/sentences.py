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
# whole words only: "problems." ends in "ms." but is no abbreviation
_ABBREVIATION_RE = re.compile(r"(?<![\w.])(?:e\.g|i\.e|dr|vs|approx|etc|mr|ms|mrs|fig|st)\.$", re.I)
_NUMBER_ABBREVIATION_RE = re.compile(r"\bno\.$", re.I)  # "No. 5"; "No. The spray ..." is an answer
_END_RE = re.compile(r"[.!?]+[\"'”’)]*(?:\[\d+(?:[,–-]\s?\d+)*\])*(?=\s+[\"'“‘(]?[A-Z0-9])")


def split_article_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each an exact substring of it."""
    out: list[str] = []
    start = 0
    for m in _END_RE.finditer(paragraph):
        piece = paragraph[start : m.end()]
        if _ABBREVIATION_RE.search(piece) or re.search(r"\b[A-Z]\.$", piece):
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
    # where to get help, not a claim: "call Samaritans on 116 123", "contact your GP"
    r"\bhelpline\b",
    r"\bcrisis (?:line|team|service)\b",
    r"\bsamaritans\b",
    r"\bcontact your (?:gp|doctor|care team)\b",
    r"\b(?:call|text|dial) (?:\w+ ){0,3}?\d{3}",
    r"\bemergency (?:department|services|room)\b",
    # a study still to be done: "plans to test whether six infusions can hold the improvement"
    r"\bplans? to (?:test|study|investigate|find out|look at|offer|open|add|expand)\b",
    r"\b(?:test|study|investigate|find out|see) whether\b",
    # advice and open questions: "be cautious about any clinic that ...", "too soon to say whether"
    r"\bbe (?:cautious|wary|careful|suspicious) (?:about|of)\b",
    r"\btoo (?:soon|early) to (?:say|tell|know)\b",
    r"\b(?:have|has) not (?:yet )?shown\b",
    r"\bwhether\b[^.]*\b(?:has|have) not (?:yet )?been (?:shown|established|proven|demonstrated)\b",
)
# An insurer's or a company's own decisions ("is not covered", "approval is limited to 2 months",
# "expects to file for approval"): no claim, and not a regulator's statement either.
POLICY = _rx(
    r"\b(?:is|are) not covered\b",
    r"\bmedically necessary\b",
    r"\b(?:prior |re)?authori[sz]ation\b",
    r"\bapproval is limited\b",
    r"\bmay be approved for up to\b",
    r"\bthe (?:health )?plan (?:considers|covers|will)\b",
    r"\b(?:expects?|plans?|intends?) to (?:file|submit|seek|apply)\b",
)
CUES: dict[str, re.Pattern[str]] = {
    "not-checkable": _rx(
        r"\bfda\b",
        # a regulator's act ("approved by the FDA", "approved for adults"), not "the trials that led to
        # its approval"; "certified" as a restriction ("only at certified centers")
        r"\bapproved (?:by|for|in|as|to|it|esketamine|ketamine)\b",
        r"\b(?:is|was|were|been|not|recently|newly|fda[- ])approved\b",
        r"\bapproval (?:by|for|from|of)\b",
        r"\b(?:regulatory|marketing) approval\b",
        r"\brems\b",
        r"(?-i:\bNICE\b)",
        r"\bapproved (?:clinics?|cent(?:er|re)s?|settings?)\b",
        r"\b(?:watched|observed|monitored) for at least\b",
        r"\b(?:only|must|available)\b[^.]{0,40}\bcertified\b",
        r"\bmust be (?:assessed|measured|checked|monitored|observed)\b",
        r"\boff[- ]label\b",
        r"\bmust stay\b",
        r"\brequired to stay\b",
        r"\bprescription only\b",
        r"\bmust be monitored\b",
        r"\bmonitored for at least\b",
        r"\bshould not be used\b",
        r"\bcontraindicat\w*",
        # a drug's licence, not a "licensed therapist"
        r"\b(?:is|are|was|were|not|been|un)[ -]?licen[cs]ed\b",
        r"\blicen[cs](?:ed|e) (?:for|in|as)\b",
        r"\b(?:a|its|the|us|uk|eu|european) licen[cs]e\b",
        r"\bmandatory\b",
        r"\btake home\b",
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
        r"\bmania\b",
        r"\bmanic\b",
        r"\balcohol (?:use disorder|addiction|dependence)\b",
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
        # "whose depression hasn't budged after several antidepressants"
        r"\bafter (?:several|two|three|multiple|many|other|at least two) (?:or more )?(?:\w+ )?"
        r"(?:antidepressants|medications|treatments)\b",
        r"\bhas(?:n't| not) (?:budged|lifted|improved|got better|gotten better)\b",
        r"\bnothing else (?:has )?(?:worked|helped)\b",
    ),
    "comparison-other": _rx(
        r"\bect\b",
        r"\belectroconvulsive\b",
        r"\btms\b",
        r"\bmagnetic stimulation\b",
        # a named antidepressant or add-on drug as the comparison arm
        r"\b(?:quetiapine|aripiprazole|sertraline|escitalopram|citalopram|fluoxetine|venlafaxine|duloxetine|bupropion)\b",
    ),
    "faster-than-antidepressants": _rx(
        r"\bfaster\b",
        r"\bmore rapid(?:ly)?\b",
        r"\bquicker\b",
        r"\binstead of weeks\b",
        r"\b(?:takes?|took|taking)\s+(?:[\w-]+\s+){0,4}?(?:weeks|months?)\b",
        r"\bunlike\b",
        r"\bwhereas\b",
    ),
    "maintenance": _rx(
        r"\bboosters?\b",
        r"\bmaintenance\b",
        r"\brelapse\w*",
        r"\bevery[- ]other[- ]week\b",
        r"\b(?:once )?every (?:\S+ )?(?:(?:to|or|-|–) ?\S+ )?(?:weeks|months)\b",
        r"\bfurther (?:infusions|sessions|doses|treatments)\b",
        r"\bspace (?:them|the sessions|sessions|treatments|doses) out\b",
        r"\bstay on (?:treatment|esketamine|ketamine|the spray|sessions|boosters|maintenance)\b",
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
        r"\bsafety\b(?! program| plan)",
        r"\bsafely\b",
        r"(?<!self-)\bharms\b",
        r"\bbladder\b",
        r"\bcystitis\b",
        r"\bmemory\b",
        r"\b(?:neuro)?cognit\w*",
        r"\bsafest\b",
        r"\bthinking\b",
        r"\blong-term (?:use|treatment)\b",
    ),
    "side-effects": _rx(
        r"\bside[- ]effects?\b",
        r"\bdissociat\w*\b(?! (?:an(?:a)?esthetic|drug|agent))",
        r"\bdetached\b",
        r"\bunreal\b",
        r"\bfloaty\b",
        r"\bdreamy\b",
        r"\bdream-?like\b",
        r"\bdisconnected\b",
        r"\bcut off from\b",
        r"\bout[- ]of[- ]body\b",
        r"\bqueasy\b",
        r"\bpanick?y\b",
        r"\bfeel(?:s|ing)? (?:\w+ )?(?:tired|sleepy|drowsy|unsteady|sick)\b",
        r"\btolerated\b",
        r"\btolerability\b",
        r"\badverse (?:events?|effects?|reactions?)\b",
        r"\bunsteady\b",
        r"\bblood pressure\b(?! (?:checks?|cuffs?|monitors?|readings?))",
        r"\b(?:systolic|diastolic) (?:blood )?pressure\b",
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
        r"\bserotonin\b",
        r"\bnoradrenaline\b",
        r"\bnorepinephrine\b",
        r"\brewir\w*",
        r"\bregrow\w*",
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
        r"\b(?:slide|slides|slid|sliding|slip|slips|slipped) back\b",
        r"\bholds? (?:up )?for\b",
        r"\bdissipat\w*",
        r"\bshort-lived\b",
        r"\b(?:helps?|works?) for (?:more than |longer than |up to |about )?(?:a|an|\w+) "
        r"(?:days?|weeks?|months?)\b",
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
        r"\b(?:by|on) the day after\b",
        r"\bnoticed a difference\b",
        r"\bquickly\b",
        r"\b(?:is|are) rapid\b",
        r"\bin (?:a few |just |mere )?hours\b",
        r"\bthe day after (?:their|the|your|a) (?:first )?(?:dose|infusion|session|spray|treatment)\b",
        r"\bfeel a difference\b",
    ),
    "response-rate": _rx(
        r"\d\s*%",
        r"\bper ?cent\b",
        r"\babout half\b",
        r"\bsuccess rates?\b",
        r"\b(?:half|two-thirds|two thirds|a third|one third|a quarter)\b",
        r"\bone in \w+\b",
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine) (?:in|out of) "
        r"(?:\d+|three|four|five|six|seven|eight|nine|ten)\b",
    ),
    "efficacy": _rx(
        r"\breduc\w*",
        r"\brelie\w*",
        r"\bimprov\w*",
        r"\bease[sd]?\b",
        r"\beffective\b",
        r"\bworks? well\b",
        r"\bhelps?\b",
        r"\bantidepressant (?:effects?|properties|action)\b",
        # against a dummy treatment: "has beaten the dummy treatment", "done better than a placebo"
        r"\bbeat(?:en|s)?\b",
        r"\boutperform\w*",
        r"\bbetter than (?:a |the )?(?:placebo|dummy)",
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
    r"\bfor (?:about |around |roughly )?(?:an|\w+) hours?\b",
    r"\bwithin (?:\w+ ){0,3}?(?:hours?|minutes)\b",
    r"\b(?:gone|over|back to normal) within\b",
    r"\blast(?:s|ed)? (?:about |roughly |around |up to )?(?:\w+ ){0,3}?(?:hours?|minutes)\b",
    r"\bto clear\b",
    r"\bup to (?:\w+ ){0,2}?hours?\b",
)
_EFFECT = _rx(
    r"\bimprov\w*",
    r"\bseparat\w* from (?:the )?placebo\b",
    r"\bfe(?:el|lt)\w* (?:better|a (?:\w+ )?difference)\b",
    r"\bnotice\w* a (?:\w+ )?difference\b",
    r"\bantidepressant (?:effects?|action)\b",
    r"\beas(?:e|es|ed|ing)\b",
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
    r"\brespon\w*",
    r"\bimprov\w*",
    r"\bbenefit\w*",
    r"\bsuccess\w*",
    r"\brelief\b",
    r"\bbetter\b",
    r"\bremissions?\b",
    r"\bdrop in\b",
    r"\bfree of (?:\w+ )?symptoms\b",
    r"\bsymptom-free\b",
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
    r"\b(?:worked|works|work|did|does|do) (?:about |roughly |just |nearly )?as well as\b",
    # a result against the placebo arm ("46.1% of the drug group and 23.8% of the placebo group")
    r"\b(?:vs\.?|versus|against)\b",
    r"\bnon-?inferior\b",
    r"\b(?:with|of the|in the|for|on|from) (?:the )?placebo\b",
)
_ANTIDEPRESSANT = _rx(
    r"\bantidepressants?\b",
    r"\bmedications?\b",
    r"\bssris?\b",
    r"\b(?:my |their |your )?old (?:tablets|pills)\b",
    r"\btablet antidepressants?\b",
)
# Other antidepressants as what the sentence is about: named in its first words ("Standard
# antidepressant tablets take weeks"), or as what people did not respond to.
_ANTIDEPRESSANT_SUBJECT = re.compile(
    r"\W*(?:\w+\W+){0,4}?(?:antidepressants?|ssris?|medications?|"
    r"(?:my |their |your )?old (?:tablets|pills))\b(?! (?:effects?|action|response|properties|activity))",
    re.I,
)
_RESPONDS_TO_ANTIDEPRESSANTS = re.compile(
    r"\brespond\w* (?:\w+ ){0,3}?to (?:\w+ ){0,4}?(?:antidepressants?|medications?|ssris?)\b", re.I
)
_OTHER_THERAPY_ONLY = _rx(r"\bect\b", r"\belectroconvulsive\b", r"\btms\b", r"\bplacebo\b(?!-controlled)")
_INFUSION_LENGTH_CONTEXT = _rx(
    r"\binfus\w*",
    r"\badministered\b",
    r"\bdripp?\w*",
    r"\bintravenous\w*",
    r"\bover (?:about )?\d+ min\w*",
)
_ANAESTHESIA = _rx(r"\ban(?:a)?esthe\w*", r"\bsedati\w*", r"\bbattlefield\b")
_BENEFIT = _rx(
    r"\blift\b",
    r"\b(?:slide|slides|slip|slips) back\b",
    r"\bmood\b",
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
    ("bipolar-depression", r"\bbipolar|\bmania\b|\bmanic\b"),
    ("alcohol-use", r"\balcohol"),
    ("anxiety", r"\banxiety"),
)


def _cue(topic: str, sentence: str) -> str | None:
    m = CUES[topic].search(sentence)
    return m.group(0) if m else None


def classify_sentence(sentence: str, previous: str = "") -> list[Candidate]:
    """The topics a sentence makes a checkable claim on, each with its cue and value (if any)."""
    low = sentence.lower()
    short = len(sentence.split()) < 4 and not _DOSE_CELL_RE.fullmatch(sentence.strip())
    if sentence.rstrip().endswith("?") or short or _QUESTION_LABEL.match(sentence) or _MYTH.match(sentence):
        return []  # a question, a reader's question ("Q: I have high blood pressure."), a myth, a fragment
    if POLICY.search(sentence):
        return []
    regulatory = _cue("not-checkable", sentence)
    if not regulatory and _SCHEDULING.search(sentence) and not CUES["addiction"].search(sentence):
        regulatory = _SCHEDULING.search(sentence).group(0)  # type: ignore[union-attr]
    if regulatory:  # "licensed in the UK ... turned down on cost grounds": regulatory first
        return [Candidate("not-checkable", regulatory)]
    if SKIP.search(sentence):
        return []
    hit = {t: c for t in CUES if (c := _cue(t, sentence))}
    if "pain" in hit and not _RELIEF.search(sentence) and not _PAIN_CONDITION.search(sentence):
        del hit["pain"]  # "chest pain or a pounding headache": a symptom named, no claim of relief
    if _ANECDOTE.match(_ANSWER_LABEL.sub("", sentence)) and not _GENERAL.search(sentence):
        return []  # "My relief held for about five weeks": one person's experience, nothing to check
    if "not-checkable" in hit:
        return [Candidate("not-checkable", hit["not-checkable"])]
    names_ketamine = bool(_KETAMINE_RE.search(sentence))
    safety_talk = "addiction" in hit or "mechanism" in hit  # "isn't addictive", "acts through glutamate"
    if _ANAESTHESIA.search(sentence) and "depress" not in low and not safety_talk:
        return []  # history as an anaesthetic: not a claim about treating depression
    contrast = "faster-than-antidepressants" in hit and "onset" in hit  # "take weeks ... acts within hours"
    if (
        not names_ketamine
        and (_ANTIDEPRESSANT_SUBJECT.match(sentence) or _RESPONDS_TO_ANTIDEPRESSANTS.search(sentence))
        and not _COMPARATIVE.search(sentence)
        and not contrast
        and not ("treatment-resistant" in hit and _HELPS.search(sentence))
    ):
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
    if _NOT_OFFERED.search(sentence):
        return []  # "we do not offer KAP to people with ...": who is turned away, no claim
    if "other-condition" in hit and _EXCLUDED_GROUP.search(sentence):
        del hit["other-condition"]  # "we do not offer KAP to people with a history of mania": who is excluded
    if "other-condition" in hit:
        named: list[str | None] = [cid for cid, rx in _OTHER_CONDITIONS if re.search(rx, low)] or [None]
        for cid in named:  # "PTSD, anxiety and OCD": one claim per condition
            out.append(Candidate("other-condition", hit["other-condition"], None, cid))
        return out
    if _ELIGIBILITY.search(sentence):  # "the service is for adults aged 18 to 75 whose depression ..."
        hit.pop("treatment-resistant", None)
        hit.pop("efficacy", None)
    tr_phrase = hit.get("treatment-resistant", "").lower()
    if "pain" in hit and "mechanism" not in hit:
        if tr_phrase and "resistant" not in tr_phrase:
            add("treatment-resistant")
        else:
            add("pain")
        return out
    named_drug = _COMPARISON_DRUG.search(hit.get("comparison-other", ""))
    if named_drug and "faster-than-antidepressants" in hit:
        del hit["comparison-other"]  # "faster: SSRIs such as sertraline need weeks": a claim of speed
    if "comparison-other" in hit and _COMPARATIVE.search(sentence) and _COMPARED_BENEFIT.search(sentence):
        add("comparison-other")
    # numbers
    about_others = not names_ketamine and _ANTIDEPRESSANT.search(sentence)  # "a third respond to SSRIs"
    if (
        "response-rate" in hit
        and _RESPONSE.search(sentence)
        and "maintenance" not in hit
        and not about_others
    ):
        add("response-rate", "response_percent")
    if "dose" in hit:
        if extract_article_value("dose_mg_per_kg", sentence):
            add("dose", "dose_mg_per_kg")
        elif extract_article_value("dose_mg", sentence):
            add("dose", "dose_mg")
    infused = _INFUSION_LENGTH_CONTEXT.search(sentence) or "takes about" in low
    if infused and not (_NOT_INFUSED.search(sentence) and not re.search(r"\binfus", low)):
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
        # "six infusions over two weeks, then monthly boosters": the first course is a claim too
        count = extract_article_value("dose_count", sentence)
        weeks = extract_article_value("course_weeks", sentence)
        if count:
            out.append(Candidate("course", hit.get("course", "schedule"), count))
        if weeks and (count or _FREQ_HINT.search(sentence)):
            out.append(Candidate("course", hit.get("course", "schedule"), weeks))
        if not count and re.search(r"\ba (?:course|series) of\b", low):  # "a course of several treatments"
            add("course", "dose_count", hit.get("course", "a course of"))
        lapse = "durability" in hit or hit["maintenance"].lower().startswith("relapse")
        span = extract_article_value("benefit_days", sentence) if lapse else None
        if span is not None and (_BENEFIT.search(sentence) or "relapse" in low):
            # "the benefit lasts 2 weeks to 2 months, and boosters keep it going"; "relapse usually
            # occurs within two to three weeks": how long the benefit lasts, too
            out.append(Candidate("durability", hit.get("durability", hit["maintenance"]), span))
    elif "durability" in hit and _BENEFIT.search(sentence):
        v = extract_article_value("benefit_days", sentence)
        if not any(c.topic == "side-effect-duration" for c in out):
            out.append(Candidate("durability", hit["durability"], v))
    elif "course" in hit or _FREQ_HINT.search(sentence):
        count = extract_article_value("dose_count", sentence)
        weeks = extract_article_value("course_weeks", sentence)
        rate = any(c.topic == "response-rate" for c in out)
        if count and rate and _AFTER_COUNT.search(sentence[: sentence.find(count.text)]):
            count = None  # "83% felt better after four sessions": when the rate was read, no course claim
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
    if "faster-than-antidepressants" in hit and _ANTIDEPRESSANT.search(sentence) and _SPEED.search(sentence):
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
    if (
        not out
        and "treatment-resistant" in hit
        and names_ketamine is not None
        and "resistant" not in tr_phrase
    ):
        add("treatment-resistant")
    beat = re.search(r"\boutperform\w*|\bbeat(?:en|s)?\b|\bbetter than (?:a |the )?(?:placebo|dummy)", low)
    if out and beat and names_ketamine and not any(c.topic == "efficacy" for c in out):
        add("efficacy")  # "it outperformed placebo spray, and continuing it halved relapse": both claims
    if not out and "efficacy" in hit and (names_ketamine or "treatment-resistant" in hit):
        add("treatment-resistant" if "treatment-resistant" in hit else "efficacy")
    return out


# A table cell or list item that is only a dose ("56 mg", "28 mg or 56 mg"): a claim of its own.
_DOSE_CELL_RE = re.compile(r"(?:\d+(?:\.\d+)?\s*mg(?:/kg)?(?:\s*(?:or|and|to|-|–|,)\s*)?)+", re.I)
# Pain as something ketamine relieves, not a symptom listed ("chest pain", "pain when passing urine").
_RELIEF = _rx(
    r"\brelie\w*",
    r"\breduc\w*",
    r"\beas(?:e|es|ed|ing)\b",
    r"\bhelps?\b",
    r"\btreat\w*",
    r"\bimprov\w*",
    r"\bmanag\w*",
    r"\beffective\b",
    r"\banalgesi\w*",
)
_PAIN_CONDITION = _rx(
    r"\bchronic pain\b",
    r"\bnerve pain\b",
    r"\bfibromyalgia\b",
    r"\bmigraines?\b",
    r"\bneuropath\w*",
    r"\bpain (?:syndromes?|conditions?|disorders?)\b",
)
_COMPARISON_DRUG = _rx(
    r"quetiapine|aripiprazole|sertraline|escitalopram|citalopram",
    r"fluoxetine|venlafaxine|duloxetine|bupropion",
)
# First-person experience ("My relief held for five weeks", "I felt sick after the second session"),
# unless it passes on a general claim ("my psychiatrist explained that the lift usually lasts a
# week", "I'd read that some people feel better within hours").
# A drug's legal class ("a Class B controlled drug", "Schedule III"): regulatory unless the sentence
# also speaks of misuse ("a Schedule III controlled substance and can be misused": addiction).
_SCHEDULING = _rx(
    r"\bschedule (?:i{1,3}|iv|v|[1-5])\b", r"\bclass [abc]\b", r"\bcontrolled (?:drug|substance)\b"
)
_MYTH = re.compile(r"\W*myth(?:\s*#?\d+)?\s*[:.\-–]", re.I)  # "Myth: ketamine is an instant cure"
_QUESTION_LABEL = re.compile(r"\s*(?:q|question)\s*[:.]\s", re.I)
_ANSWER_LABEL = re.compile(r"^\s*(?:a|answer)\s*:\s*", re.I)
_ANECDOTE = re.compile(r"\s*(?:my|i|i'm|i've|i'd|we)\b", re.I)
_GENERAL = _rx(
    r"\bpeople\b",
    r"\bpatients\b",
    r"\bstud(?:y|ies)\b",
    r"\bresearch\w*",
    r"\btrials?\b",
    r"\bmost\b",
    r"\bmany\b",
    r"\busually\b",
    r"\btypically\b",
    r"\boften\b",
    r"\bgenerally\b",
    r"\bstandard\b",
    r"\bevidence\b",
    r"\bexplained\b",
    r"\bsaid\b",
    r"\btold me\b",
)
_COMPARED_BENEFIT = _rx(
    r"\bwork\w*",
    r"\beffective\w*",
    r"\befficac\w*",
    r"\bbetter\b",
    r"\bimprov\w*",
    r"\brespon\w*",
    r"\bremissions?\b",
    r"\brelie\w*",
    r"\bhelp\w*",
    r"\bsuperior\b",
    r"\binferior\b",
    r"\bfaster\b",
    r"\boutperform\w*",
)
_ELIGIBILITY = _rx(
    r"\b(?:the|this|our) (?:service|clinic|programme|program|trial|study) is (?:only )?for\b",
    r"\beligib\w*",
    r"\benrolled\b",
    r"\baged \d+ (?:to|-|–) \d+\b",
    r"\binclusion criteria\b",
)
_HELPS = _rx(r"\bhelps?\b", r"\bworks?\b", r"\beffective\b", r"\bbenefits?\b", r"\brelie\w*", r"\bimprov\w*")
_NOT_OFFERED = _rx(
    r"\b(?:do not|don't|cannot|can't|will not|won't) (?:offer|treat|give|refer)\b",
    r"\bthere is no uncontrolled\b",
)
_EXCLUDED_GROUP = _rx(
    r"\bnot suitable\b",
    r"\bhistory of\b",
    r"\brules? (?:it|you) out\b",
)
# An oral dose that melts or dissolves is no infusion ("hold the tablet until it melts, which takes
# about seven minutes").
_NOT_INFUSED = _rx(r"\btablets?\b", r"\blozenges?\b", r"\btroches?\b", r"\bmelts?\b", r"\bdissolv\w*")
_AFTER_COUNT = re.compile(r"\bafter (?:the )?$", re.I)
_SPEED = _rx(
    r"\bfast\w*",
    r"\bquick\w*",
    r"\brapid\w*",
    r"\bsooner\b",
    r"\bimmediate\w*",
    r"\bhours?\b",
    r"\bdays?\b",
    r"\bweeks?\b",
    r"\bmonths?\b",
)
_FREQ_HINT = _rx(r"\btwice a week\b", r"\bonce a week\b", r"\b(?:two|three) times a week\b", r"\bweekly\b")
