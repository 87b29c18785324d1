"""Which way a finding sentence points: the generic stance models a claim can use.

A fact-checker reads a finding as "for" or "against" a claim from a handful of wording classes
that hold across topics, so these are written once here and claims pick one by name
(`[claims.stance] model = ...` in a claims file):

* ``benefit``: the treatment improved the claim's subject (depressive symptoms, suicidal
  ideation, pain): "significantly reduced", "greater improvement", "response rate of 60%",
  "effective" support; "no significant difference", "did not differ from placebo", "failed to",
  "not superior" contradict. A null result against an *active* treatment (ECT, an SSRI) says
  nothing against benefit, so it casts no vote.
* ``onset``: ``benefit`` read for how soon it came. A null result at a later time point only
  ("no difference on days 3, 7 and 14", "failed to reach significance at 12-14 days") says
  nothing against an early effect the study did not look for, so it casts no vote.
* ``harm``: the subject is an unwanted effect (side effects, cystitis, cognitive decline):
  "well tolerated", "mild", "transient", "no serious adverse events", "did not increase" support
  a claim of safety; "serious", "severe", "higher incidence of", "discontinued due to" contradict.
* ``durability``: benefit that lasts: "sustained", "maintained", "remained lower", "reduced the
  risk of relapse" support; "relapse", "returned to baseline", "transient", "waned", "no longer
  significant" contradict.
* ``speed``: a comparison of speed: "faster", "more rapid", "earlier" support; "similar onset",
  "slower", "no difference in time to response" contradict.

Sentences are cut into clauses ("A improved, but B did not") and a clause votes only when it
names the claim's subject, or continues a clause that did ("... were frequent but mild").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODELS = ("benefit", "onset", "harm", "durability", "speed", "mechanism")

_CLAUSE_RE = re.compile(
    r";|,? but\b|,? whereas\b|,? while\b|,? although\b|,? though\b|, however,?|,? yet\b|\. |\? |"
    r", and (?=no\b)"
)
_NULL = (
    r"\bno (?:statistically |clinically )?(?:significant |meaningful |notable |relevant |marked |major "
    r"|obvious |apparent |further |additional |clear )?(?:\w+ )?(?:differences?|effects?|benefits?|"
    r"improvements?|reductions?|changes?|associations?|impact|advantages?|increases?|decreases?|"
    r"correlations?|superiority|separation)\b|"
    r"\bnot (?:statistically |clinically )?(?:significantly |significant(?:ly)? )?(?:different|differ|"
    r"superior|effective|efficacious|associated|improved?|reduced?|lowered?|decreased?|significant|better|"
    r"changed?|affected|altered|increased?|sustained|maintained|durable)\b|"
    r"\b(?:did|does|do|could|can|was|were|is|are|has|have|had|would|may) not (?:\w+ )?(?:differ|improve|"
    r"reduce|show|affect|alter|change|"
    r"prevent|decrease|lower|outperform|separate|reach|demonstrate|significantly|result|lead|find|"
    r"increase|enhance|persist|last|predict|produce|yield|confer|provide|have|exert|relieve|alleviate)\w*|"
    r"\bno (?:statistically |clinically )?significant\b|\bfail(?:ed|s)? to\b|"
    r"\bnot (?:a |an )?(?:useful|viable|suitable|recommended|effective|efficacious)\b|"
    r"\b(?:in|for) (?:each|both|all) (?:of )?(?:the )?(?:[\w-]+ (?:and|or) )?[\w-]+ (?:groups|arms)\b|"
    r"\bwithout (?:a |any )?(?:significant |statistical |meaningful )?differences?\b|\bineffective\b|\bno "
    r"evidence (?:of|for|that)\b|\bnon-?significant\w*|"
    r"\binsignificant\b|\b(?:comparable|similar) (?:\w+ ){0,3}?(?:to|with|as|between) (?:the )?"
    r"(?:placebo|saline|control|sham)\b|\bnot (?:statistically )?significant\b|"
    r"\bcannot\b(?! be (?:drawn|determined|made|established|excluded|ruled out|confirmed))|"
    r"\bwas not non-inferior\b|\bdid not meet\b|"
    r"\b(?:similar|comparable) (?:\w+ )?(?:between|across|among|in) (?:the )?"
    r"(?:two |three |both |all |treatment |study )?(?:groups|arms)\b|"
    r"\bno (?:antidepressant|anti-?suicidal|analgesic) "
    r"(?:effects?|benefit|efficacy)\b|\bnull\b|\bdid not separate\b|\bno better than\b"
)
_NULL_RE = re.compile(_NULL)
_BENEFIT_RE = re.compile(
    r"\bsignificant(?:ly)?\b[^.;]{0,50}?\b(?:reduc|improv|decreas|lower|alleviat|attenuat|ameliorat|relie"
    r"|prevent|better|declin|drop|resol|less)\w*|"
    r"\b(?:reduc|improv|decreas|lower|alleviat|attenuat|ameliorat|reliev|declin|resol)\w*\b[^.;]{0,60}?"
    r"\bsignifican\w*|"
    r"\b(?:greater|larger|more|faster|rapid|robust|marked|substantial|sustained|significant|superior|"
    r"clinically meaningful|meaningful|notable|dramatic|considerable|quick|prompt)\s+(?:\w+\s+){0,2}?"
    r"(?:reductions?|improvements?|decreases?|declines?|relief|responses?|remissions?|benefits?|efficacy)\b|"
    r"\b(?:effective|efficacious|beneficial|benefited|benefits?|helpful|useful|promising|successful(?:ly)?|"
    r"ameliorat\w*|alleviat\w*|attenuat\w*|improv\w*|reduc\w*|decreas\w*|relie\w*|lower(?:ed|s)?|"
    r"resol\w*|remitted|remission|responded|prevent\w*|protect\w*|mitigat\w*|"
    r"less (?:frequent|severe|common|likely)|"
    r"(?:had|has|have|showed|shows|show|exerted|exerts|exert|produced|produces|produce|demonstrated|"
    r"demonstrates|induced|induces|induce|elicited|elicits|elicit|displayed|exhibited|confirmed|observed|found|"
    r"achieved|effectuat\w*|provid(?:ed|es|e)|yield(?:ed|s)?|offer(?:ed|s)?)\s+(?:\w+\s+){0,3}?"
    r"(?:antidepressant|anti-?suicidal|analgesic|anti-?anhedonic) (?:effects?|efficacy|properties|actions?|"
    r"responses?)|"
    r"(?:nnts?|numbers? needed to treat)\b[^.;]{0,80}?(?:\bof|\bwas|\bwere|=|\branged from)\s*"
    r"(?:<\s*\d+|[1-9](?:\.\d)?(?![\d.]))|(?:nnts?|numbers? needed to treat)\b[^.;]{0,80}?<\s*\d+|"
    r"favou?red (?:the )?(?:es|ar)?ketamine|superior to (?:the )?(?:placebo|saline|control|sham|"
    r"midazolam|usual care)|outperformed)\b"
)
_SUPERIOR_RE = re.compile(r"\bsuperior\b|\boutperform\w*|\bmore effective\b|\bbetter\b")
_THAN_RE = re.compile(r"^\s*(?:than|to|over|versus|vs\.?)\s+(?:\S+\s+){0,2}$")  # "superior to (the) ketamine"
_KETAMINE_RE = re.compile(r"\b(?:es|ar|dex)?ketamin\w*|\(\w\)-?ketamine|\bspravato\b")
_ACTIVE_RE = re.compile(
    r"\b(?:ect|electroconvulsive|electroshock|rtms|tms|magnetic stimulation|escitalopram|sertraline|"
    r"fluoxetine|paroxetine|venlafaxine|duloxetine|bupropion|mirtazapine|quetiapine|lithium|"
    r"aripiprazole|ssris?|snris?|psilocybin|brexanolone|zuranolone|antidepressants|antidepressant "
    r"(?:medications?|drugs?|treatments?|therapy)|standard (?:treatment|care|therapy)|active comparators?|"
    r"(?:the )?two (?:treatments|interventions|drugs|active)|both (?:treatments|interventions|drugs))\b"
)
_COMPARING_RE = re.compile(
    r"\b(?:than|versus|vs\.?|compared (?:with|to)|relative to|non-?inferior\w* to|similar to|comparable to|"
    r"as (?:effective|efficacious) as|(?:superior|inferior) to|between (?:\S+ ){1,4}?and|(?:es)?ketamine "
    r"(?:\w+ )?(?:and|or|with))\s+"
    r"(?:the |an? )?(?:\S+ )?$"
)


def _against_active(clause: str) -> bool:
    """Is the clause a comparison with an active treatment ("ketamine vs ECT"), not with placebo?"""
    if _PLACEBO_RE.search(clause):
        return False
    for m in _ACTIVE_RE.finditer(clause):
        before = clause[max(0, m.start() - 50) : m.start()]
        after = clause[m.end() : m.end() + 30]
        if _COMPARING_RE.search(before) or re.match(r"\s*(?:\w+\s+)?(?:and|or|versus|vs\.?)\s", after):
            return True
    return False


_PLACEBO_RE = re.compile(
    r"\b(?:placebo|saline|sham|control group|controls|no treatment|usual care|midazolam)\b"
)
# harm model: words for more / less of an unwanted effect
_HARM_NOUN = (
    r"(?:adverse|side|events?|reactions?|effects?|toxicit\w*|complications?|harms?|symptoms?|headaches?|"
    r"nausea|vomiting|dizziness|hallucinations?|dissociat\w*|agitation|delirium|sedation|drowsiness|"
    r"nystagmus|diplopia|hypertension|tachycardia|psychotomimetic\w*)"
)
_HARM_NULL_RE = re.compile(
    rf"\b(?:no|none|nor|neither|without(?<!not without)|absence of|free of(?<!not free of))\b "
    rf"(?:\w+[ -]){{0,3}}?{_HARM_NOUN}|"
    r"\b(?:no|none of the) (?:\w+ ){0,3}?(?:discontinu\w*|withdr[ae]w\w*|dropp?ed out)|"
    r"\bwithout(?<!not without) (?:\w+ ){0,2}?(?:impair\w*|worsen\w*|harm\w*|compromis\w*|damag\w*)|"
    r"\bnot (?:\w+ )?harmful\b|"
    r"\bno (?:[\w-]+,? (?:(?:or|and) )?){1,4}?changes\b|"
    r"\black of (?:any )?(?:serious |significant |major )?(?:adverse|side|harm)|"
    r"\bnot (?:appear |seem )?(?:to )?(?:be )?(?:statistically |significantly )?(?:different|differ|"
    r"increase\w*|higher|more|associated|"
    r"elevated)\b|\bno evidence (?:of|for)\b|"
    r"\b(?:did|does|do|was|were) not (?:\w+ )?(?:differ|increase|cause|result|lead|induce|identify|find|"
    r"impair|compromise|damage|"
    r"worsen|exacerbate|elevate|produce|raise)\w*|\bno (?:significant |statistically significant )?"
    r"(?:differences?|increases?|changes?)\b|\bcomparable\b|\bsimilar\b|\bunchanged\b"
)
_HARM_MORE_RE = re.compile(
    rf"\b(?:(?:serious|severe|life-threatening|grave|significant|major) (?:\w+ ){{0,2}}?{_HARM_NOUN}|"
    rf"intolerab\w*|"
    r"poor(?:ly)? tolera\w*|tolerability was (?:poor|low|limited)|"
    rf"more (?:\w+ )?{_HARM_NOUN}|(?<!in)frequent|more frequen\w*|"
    r"(?:was|were|are|is|being) (?:very |quite |)common|(?:was|were) (?:\w+ )?higher|"
    r"higher (?:\w+ ){0,2}?(?:incidences?|rates?|risks?|"
    r"frequency|scores?|levels?|odds)|increased (?:\w+ ){0,2}?(?:incidences?|rates?|risks?|frequency|odds)|"
    rf"greater (?:\w+ ){{0,3}}?{_HARM_NOUN}|"
    r"more (?:frequent|common|likely|often)|increase[sd]? (?:in|the|of|by)|(?:was|were|is|are) (?:\w+ )?"
    r"increased|elevat\w*|prolonged(?![- ]release)|persistent|not (?:devoid|free) of|not without|"
    r"discontinu\w* (?:\w+ ){0,3}?(?:due to|because of)|withdr[ae]w\w* (?:\w+ ){0,3}?(?:due to|because of)|"
    r"dropp?(?:ed)? out (?:due to|because of)|cystitis|ulcerative|abuse|misuse|dependence|addict\w*|"
    r"tolerance|craving|impair\w*|deficits?|decline|neurotoxic\w*|damage|death|died|fatal|"
    r"psychotomimetic|psychosis|hypertensi\w*|worse\w*|adverse events? (?:occurred|were reported|"
    r"included)|experienced (?:\w+ ){0,3}?(?:adverse|side))\b"
)
# "complications such as headache and nausea were reported": harms listed as having occurred (only
# looked for when no other harm wording is there and the clause lists: "such as", "including")
_LISTED_HARM_RE = re.compile(
    rf"\b(?:side |adverse )?{_HARM_NOUN} (?:such as|including) [^.;]{{0,80}}? (?:were|was) "
    r"(?:reported|observed|noted|seen|common)\b"
)
_HARM_LESS_RE = re.compile(
    r"\b(?:well[- ]tolerated|(?:generally |was |were |is |be )?tolerated|tolerable|tolerability was (?:good"
    r"|excellent|acceptable|favou?rable|high)|good "
    r"tolerability|favou?rable (?:safety|tolerability|side)|acceptable (?:safety|tolerability|side)|"
    r"mild|transient(?:ly)?|short-lived|brief|temporar\w*|for a short (?:time|period)|self-limit\w*|"
    r"resolved|subsided|dissipated|safe(?:ly|ty "
    r"profile)?|no new safety|(?:lower|reduc|decreas)(?:ed|es|e|ing)? (?:\w+ ){0,2}?"
    r"(?:incidences?|rates?|risks?|"
    r"frequency|occurrences?|odds)|low (?:\w+ )?risk|"
    r"no (?:new |major |serious )?safety (?:concerns?|signals?|issues?)|"
    r"stable|better (?:\w+ ){0,2}?(?:cognit\w*|memory)|"
    r"(?:support|confirm|demonstrat|underscor|highlight|evidence (?:for|of))\w* (?:the )?"
    r"(?:\w+ ){0,3}?(?:safety|tolerability)|improv\w* (?:in )?(?:\w+,? ){0,3}?(?:memory|cognit\w*|attention)|"
    rf"(?:less|lower) (?:\w+ ){{0,2}}?(?:{_HARM_NOUN[3:-1]}|impair\w*|deficits?|decline)|uncommon|"
    r"(?:reduc|decreas|prevent|alleviat|attenuat|mitigat)\w* (?:the )?(?:\w+ ){0,2}?(?:adverse|side effects|"
    r"toxicit\w*|complications|headaches?|nausea|vomiting|dizziness|hallucinations|dissociat\w*|agitation|"
    r"delirium|sedation|drowsiness|psychotomimetic\w*)|"
    r"fewer|rare(?:ly)?|infrequent\w*|minimal|manageable|"
    r"without(?<!not without) (?:\w+ ){0,2}?(?:adverse|side|serious|significant|major|severe|increas\w*))\b"
)
_DURABLE_RE = re.compile(
    r"\b(?:sustain\w*(?! attention)|maintain\w*|maintenance of|persist\w*|durab\w*|long-lasting|lasting|"
    r"enduring|"
    r"prolonged (?:\w+ ){0,2}?(?:effects?|benefits?|responses?|remission|time to relapse)|remained "
    r"(?:\w+ ){0,2}?(?:lower|improved|reduced|significant|stable|in remission|below|better|well)|"
    r"relapse-free|delayed (?:\w+ ){0,2}?relapse|relapse (?:\w+ ){0,3}?(?:was |were )?(?:significantly )?"
    r"(?:lower|reduced|decreased|less|fewer)|(?:reduc|lower|decreas)\w* (?:the )?(?:\w+ )?risk of "
    r"(?:relapse|recurrence)|long-term (?:efficacy|benefit|improvement|remission|response|effectiveness)|"
    r"(?:remained|remains|remain|stayed|was|were) (?:\w+ )?stable|stable (?:remission|response|improvement|"
    r"mood|euthymia)|(?:decreased|reduced|improved|lower)\W+(?:or|and) stable|"
    r"still (?:\w+ )?(?:present|significant|improved)|(?:even )?after (?:the )?(?:completion|end) of "
    r"(?:the )?(?:treatment|study|trial|course))\b"
)
# "A 2-week open-label study", "a six-week treatment program": the study's length, not a time point.
_STUDY_LENGTH = (
    r"(?!(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several)-(?:week|month|year) "
    r"(?:[\w-]+ ){0,2}?(?:study|trial|program|programme|protocol|design)\b)"
)
# A time point a week or more after treatment: benefit there is benefit that lasted.
_LATE_RE = re.compile(
    rf"\b(?:day|d)\s?(?:1[4-9]|[2-9]\d|\d{{3}})\b|\b(?:week|wk)s?\s?(?:[2-9]|[1-9]\d)\b|\b{_STUDY_LENGTH}"
    r"(?:[2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten|twelve|several)[- ]weeks?\b|"
    rf"\b{_STUDY_LENGTH}(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several)[- ]"
    r"(?:months?|years?)\b|"
    r"\b(?:1[4-9]|[2-9]\d|\d{3}) days\b|"
    r"\blong[- ]term\b|\bfollow-?up\b|\bpostpartum day\b|\bend of (?:the )?(?:treatment|study|trial)\b"
)
# "sustained for up to 7 days", "persisting for 3 days": how long the benefit lasted, and less than
# the weeks a claim of lasting relief means.
_SHORT_SPAN_RE = re.compile(
    r"[^.;]{0,40}?\b(?:for|over|up to|until|through) (?:up to |about |approximately |around |at least |only "
    r"|just |the (?:first |next |following )?)?(?:(?:[1-9]|1[0-3]|one|two|three|four|five|six|seven|a few|"
    r"several) (?:days?|hours?|h)|(?:a|one|1) week|day [1-9]|(?:1[0-3]|the first) days?)\b"
)
_NO_RELAPSE_RE = re.compile(
    r"\b(?:no|none|without) (?!(?:\w+ ){0,2}?(?:differences?|changes?|effects?)\b)"
    r"(?:\w+ ){0,2}?relapse[sd]?\b|"
    r"\bnone (?:\w+ ){0,3}?relapsed\b"
)
_FADES_RE = re.compile(
    r"\b(?:relapse[ds]?|relapsing|recurr\w*|returned (?:\w+ ){0,2}?(?:to )?baseline|transient(?:ly)?|"
    r"short-lived|short-term only|time-limited|wan(?:e|ed|es|ing)|wore off|wear(?:s)? off|diminish\w*|"
    r"dissipat\w*|no longer (?:\w+ )?(?:significant|different|present|evident|observed)|lost|loss of "
    r"(?:\w+ )?(?:response|effect|benefit)|(?:less|not as) (?:\w+ )?(?:durable|sustained|lasting|persistent)|"
    r"shorter[- ](?:lived|lasting)|shorter (?:\w+ )?duration|"
    r"not (?:sustained|maintained|durable|persist\w*)|did not "
    r"(?:persist|last|sustain|remain))\b"
)
_FASTER_RE = re.compile(
    r"\b(?:faster|more rapid\w*|more quickly|quicker|earlier|sooner|accelerat\w*|rapid\w*|within "
    r"(?:hours|\d+ (?:h|hours))|shorter time to)\b"
)
_SLOWER_RE = re.compile(r"\b(?:slower|later onset|delayed|longer time to|similar (?:onset|speed|time))\b")
_MECHANISM_NULL_RE = re.compile(
    r"\b(?:no evidence|mixed (?:results|findings|evidence)|inconsistent|independent(?:ly)? of|not "
    r"(?:required|necessary|mediated|involved|dependent)|unrelated to|"
    r"rather than|(?:did|does|do|was|were) not (?:\w+ )?(?:alter|change|affect|increase|elevate|block|"
    r"require|"
    r"involve|depend|differ|correlate))\b"
)


@dataclass(slots=True)
class Polarity:
    """One clause's vote: "supports" / "contradicts", and the words that decided it."""

    direction: str
    reason: str


def clause_spans(low: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a lower-cased sentence ("; but whereas although however");
    a separator inside brackets ("(SMD = -0.66; P = 0.17)") cuts nothing."""
    bracketed = "(" in low or "[" in low
    spans, start = [], 0
    for m in _CLAUSE_RE.finditer(low):
        at = m.start()
        if bracketed and low.count("(", 0, at) + low.count("[", 0, at) > low.count(")", 0, at) + low.count(
            "]", 0, at
        ):
            continue
        if low[start:at].strip():
            spans.append((start, at))
        start = m.end()
    if low[start:].strip():
        spans.append((start, len(low)))
    return spans or [(0, len(low))]


# "ketamine has an antidepressant effect, which may be associated with X": what follows ", which"
# explains the finding; it does not make the clause a study of predictors.
_WHICH_RE = re.compile(r",\s*which\b")
# "no sex differences in response": a subgroup comparison says who responds, not whether it works
_PREDICTOR_RE = re.compile(
    r"\b(?:sex|gender|age|racial|ethnic)[- ](?:differences?|effects?|related|dependent)\b|\bpredict\w*|"
    r"\bcorrelat\w*|\bmoderat(?:or|ors|ion|ed by|es)\b|\bmediat\w*|\bbiomarkers?\b|"
    r"\b(?:associated|association|related|linked) (?:with|to|between) (?!(?:a |an )?(?:significant(?:ly)? |"
    r"greater |larger |marked |lower |higher |better |more )*(?:reduc|improv|decreas|lower|relie|remission|"
    r"response|benefit))"
)


_PREDICTS_RE = re.compile(r"\bpredict(?:ors?|ive|ed|s|ing)?\b|\bmoderators?\b")


def is_predictor(low: str) -> bool:
    """Does the text name predictors of response ("improvement at 24 h as a predictor of ...")?"""
    return bool(_PREDICTS_RE.search(low))


def _benefit(clause: str) -> Polarity | None:
    if _PREDICTOR_RE.search(_WHICH_RE.split(clause, maxsplit=1)[0]):
        return None  # who responds, or what goes with response, is not whether the treatment works
    null = next((m for m in _NULL_RE.finditer(clause) if not _about_harm(clause, m)), None)
    if null and _SHARE_BEFORE_RE.search(clause[: null.start()]):
        return None  # "60% improved while 38% did not change": some did not respond, no null result
    if null and _BASELINE_RE.search(clause):
        return None  # the arms were alike before treatment: no finding
    if null and _between_subgroups(clause, null):
        return None  # "no sex differences in response", "higher doses did not lead to greater response"
    if null:
        if _against_active(clause) or _other_treatment_only(clause):
            return None  # "no difference between ketamine and ECT": both may work
        exception = _EXCEPT_RE.search(clause, null.end())
        if exception:  # "no differences in NRS scores except on movement at 72 hours": both ways
            return Polarity("mixed", f"'{null.group(0).strip()}' {exception.group(0)} ...")
        return Polarity("contradicts", f"'{null.group(0).strip()}'")
    trend = _TREND_RE.search(clause) if any(w in clause for w in _TREND_WORDS) else None
    if trend and not _against_active(clause) and not _other_treatment_only(clause):
        return Polarity("contradicts", f"'{trend.group(0).strip()}'")  # "a positive trend towards efficacy"
    sup = _SUPERIOR_RE.search(clause)
    if sup:
        k = _KETAMINE_RE.search(clause, sup.end())
        if k is not None and _THAN_RE.search(clause[sup.end() : k.start()]):
            return None  # "ECT was superior to ketamine": not a finding against benefit itself
    good = _BENEFIT_RE.search(clause)
    if (
        good
        and good.group(0) in _BARE_OUTCOMES
        and _ARMS_COMPARED_RE.search(clause)
        and (_PLACEBO_RE.search(clause) or _ACTIVE_RE.search(clause) or _ARM_RE.search(clause))
        and not _COMPARATIVE_RE.search(clause)
    ):
        # "a 43% remission rate compared to 40% with TMS alone": the rates, not the word, give the
        # direction; only a later benefit word in the clause votes
        good = next((m for m in _BENEFIT_RE.finditer(clause) if m.group(0) not in _BARE_OUTCOMES), None)
    if good:
        if _EVERY_ARM_RE.search(clause) and not _VS_CONTROL_RE.search(clause):
            return None  # "scores decreased significantly in both groups": no effect of the drug itself
        if _other_treatment_only(clause):
            return None  # "ECT is an effective treatment": another treatment's finding
        only = _ONLY_SOME_RE.search(clause) if "only" in clause else None
        if only:  # "only patients without melancholic features benefited": for some, not for others
            return Polarity("mixed", f"'{only.group(0).strip()}' ... '{good.group(0).strip()[:30]}'")
        return Polarity("supports", f"'{good.group(0).strip()[:40]}'")
    return None


# What a null phrase is about when a harm follows it ("no evidence of impairment", "without
# adverse effects", "did not increase nausea"): no more harm is no finding against benefit.
_HARM_WORDS = (
    r"(?:adverse|side[- ]effects?|toxicit\w*|complications?|harms?\b|impair\w*|nausea|vomiting|dizziness|"
    r"hallucinations?|dissociat\w*|sedation|headaches?|hypertensi\w*|tachycardia|psychotomimetic\w*|"
    r"delirium|agitation|cognitive (?:deficits?|decline|impairment)|metabolic|safety (?:concerns?|signals?|"
    r"issues?))"
)
_HARM_OBJECT_RE = re.compile(rf"\s*(?:(?!(?:and|or)\b)[\w-]+\s+){{0,4}}?{_HARM_WORDS}")
_HARM_WORD_RE = re.compile(rf"\b{_HARM_WORDS}")


def _about_harm(clause: str, null: re.Match[str]) -> bool:
    """Is the null phrase about a harm: one inside it ("no adverse effects"), within four words after
    it ("no difference in the risk of adverse events") or its subject ("sedation scores were not
    different")? A list ("depression and adverse events did not differ") is not only about harm."""
    if _HARM_WORD_RE.search(clause, null.start(), null.end()) or _HARM_OBJECT_RE.match(clause, null.end()):
        return True
    before = clause[max(0, null.start() - 40) : null.start()].rpartition(",")[2]
    return bool(_HARM_WORD_RE.search(before)) and not re.search(r"\b(?:and|or)\b", before)


# Subgroups or doses of the treatment compared with each other: a null between them says nothing
# about whether the treatment works ("no sex differences in response", "higher doses did not lead
# to greater response").
_SUBGROUP_RE = re.compile(
    r"\b(?:sex|gender|age|males?|females?|men|women|subgroups?|phenotypes?|(?:higher|larger|lower|smaller|"
    r"different) (?:\S+ ){0,4}?doses?|doses? (?:groups|levels)|between (?:the )?(?:\w+ )?doses|"
    r"dose-(?:response|dependent)|"
    r"between (?:the )?(?:[\w-]+ ){1,4}?and (?:[\w-]+ ){1,4}?(?:groups|patients))\b"
)
# Words that name the study's arms as treatments: "between the ketamine and placebo groups".
_TREATMENT_ARM_RE = re.compile(
    r"\b(?:treatment|treated|intervention|experimental|active|study drug|drug|infusion|injection)\b"
)


def _between_subgroups(clause: str, null: re.Match[str]) -> bool:
    """Is the null about subgroups or doses compared with each other (starting in the 60 characters
    before it, in it or the 30 after it), with no placebo or control arm in the clause?"""
    near = _SUBGROUP_RE.search(clause, max(0, null.start() - 60))
    if near is None or near.start() > null.end() + 30 or _PLACEBO_RE.search(clause):
        return False
    between = near.group(0)
    if between.startswith("between"):  # "between the MDD and BD groups", not drug arms
        return not (
            _KETAMINE_RE.search(between)
            or _ACTIVE_RE.search(between)
            or _TREATMENT_ARM_RE.search(between)
            or "control" in between
        )
    return True


# A share of the patients as the null's subject ("38% did not change", "4 of 12 patients did not
# respond"): some did not respond, which is no null result of the treatment.
_SHARE_BEFORE_RE = re.compile(
    r"(?:^\s*|\b(?:while|whereas|and|but)\s+)(?:the (?:other |remaining )?)?(?:\d+(?:\.\d+)?\s?%|\d+ "
    r"(?:of (?:the )?\d+ )?(?:patients|participants|subjects|individuals))(?: \(\d+(?:\.\d+)?\s?%\))?"
    r"\s+(?:of (?:them|those|patients)\s+)?$"
)


# Groups compared before treatment: balanced arms are no finding ("no differences in HAMD scores
# between the groups preoperatively", "in terms of age, sex, BMI").
_BASELINE_RE = re.compile(
    r"\b(?:at baseline|(?<!from )(?<!from the )baseline (?:[\w-]+ )?(?:characteristics|demographics|scores?|"
    r"levels?|values?|data|severity)|preoperatively|before (?:surgery|treatment|the intervention|"
    r"randomi[sz]ation)|demographic\w*|general (?:data|information|characteristics)|"
    r"age,? (?:and )?(?:sex|gender))\b"
)


def _other_treatment_only(clause: str) -> bool:
    """Does the clause name another treatment (ECT, an SSRI) but not ketamine, outside a comparison?
    ("her condition had not improved on antidepressant therapy": a finding about that treatment.)"""
    if "ketamin" in clause or "spravato" in clause:
        return False
    other = _ACTIVE_RE.search(clause)
    return other is not None and not _against_active(clause)


# Outcome words that name a measure as well as a good result: beside another arm ("a 43% remission
# rate compared to 40% with TMS alone") the rates, not the word, give the direction, unless a
# comparative says which way ("a higher remission rate than placebo").
_BARE_OUTCOMES = frozenset({"remission", "remitted", "responded"})
_ARMS_COMPARED_RE = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|than|relative to)\s")
_COMPARATIVE_RE = re.compile(r"\b(?:higher|greater|more|larger|significant\w*|superior|better)\b")
_ARM_RE = re.compile(r"\b(?:arms?|conditions?|control|comparator)\b|-only\b")


# A benefit short of significance: "a positive trend towards antidepressant efficacy", "numerically
# larger", "the benefit could not be confirmed".
_TREND_WORDS = ("trend", "tendenc", "numerically", "confirmed")  # a cheap look before the regex
_TREND_RE = re.compile(
    r"\b(?:trend(?:ed|s)?|tendency) (?:\w+ ){0,2}?towards? (?:an? |the )?(?:\w+ ){0,2}?(?:significan\w*|"
    r"efficacy|benefit|improve\w*|reduc\w*|greater|better|lower|superior\w*|antidepressant|response|"
    r"remission)|\bnumerically (?:larger|greater|higher|lower|"
    r"better|superior)\b|\b(?:could|can|was|were|is|are) not (?:be )?confirmed\b"
)


# A benefit restricted to some of those treated ("only those given intranasal esketamine improved").
_ONLY_SOME_RE = re.compile(
    r"(?<!not )\bonly (?:(?:in|among|for) )?(?:those|patients|participants|subjects|individuals|people|"
    r"women|men|a (?:subset|minority|subgroup)|some|"
    r"(?:the )?(?:[\w-]+ ){1,2}?(?:group|arm|cohort|subgroup))\b"
)


# A change every arm of a controlled study shows (placebo included) is no finding for the treatment.
_EVERY_ARM_RE = re.compile(
    r"\b(?:in|for|within|across) (?:both|all(?: (?:three|four|the))?|each of the|the two) (?:\w+ )?"
    r"(?:groups|arms|conditions|cohorts)\b"
)
# "significant improvement (p = .001 for both groups) compared with placebo": the arms are doses
_VS_CONTROL_RE = re.compile(
    r"\b(?:compared (?:with|to)|than|versus|vs\.?|over|relative to) (?:the )?(?:\w+ )?"
    r"(?:placebo|saline|controls?|sham|midazolam)\b"
)
_EXCEPT_RE = re.compile(r"\b(?:except(?: for)?|apart from|with the exception of|other than)\b")


_HARM_NOUN_RE = re.compile(rf"\b{_HARM_NOUN}")
# "cognitive impairment, addiction and renal problems seem uncommon": the predicate rules the list.
_RARE_PREDICATE_RE = re.compile(
    r"\b(?:seems?|appears?|was|were|is|are|remained|remains) (?:\w+ )?(?:uncommon|rare|infrequent|minimal)\b"
)


def _inside(a: re.Match[str], b: re.Match[str]) -> bool:
    return b.start() <= a.start() and a.end() <= b.end()


# What a "less harm" phrase governs: the harm right after it ("transient increases in ...") or
# named in its "of ..." list ("lower incidences of dissociative and psychotomimetic effects").
_GOVERNED_RE = re.compile(r"\s*(?:(?:of|in)\s+(?:[\w-]+,?\s+){0,5}?(?:(?:and|or)\s+)?)?")


def _governs(less: re.Match[str], more: re.Match[str], clause: str) -> bool:
    return _inside(more, less) or (
        less.end() <= more.start() and _GOVERNED_RE.fullmatch(clause, less.end(), more.start()) is not None
    )


# A clause whose subject is the control arm: its null result says nothing about ketamine.
_CONTROL_SUBJECT_RE = re.compile(
    r"\s*(?:(?:in|by) contrast,?\s+|whereas\s+)?(?:the\s+)?(?:placebo|saline|sham|midazolam|control)s?\b"
    r"(?!\s+(?:and|or|vs\.?|versus)\b)"
)
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s?%")


def _harm(clause: str) -> Polarity | None:
    if _CONTROL_SUBJECT_RE.match(clause) and _HARM_NULL_RE.search(clause):
        return None  # "in contrast, midazolam showed no effect on dissociation": the control arm
    rare = _RARE_PREDICATE_RE.search(clause)
    if rare:
        return Polarity("supports", f"'{rare.group(0).strip()}'")
    null = _HARM_NULL_RE.search(clause)
    less = _HARM_LESS_RE.search(clause)
    more = _HARM_MORE_RE.search(clause)
    if more is None and ("such as" in clause or "including" in clause):
        more = _LISTED_HARM_RE.search(clause)
    if more and more.group(0).startswith(("discontinu", "withdr", "drop")) and not less and not null:
        rates = [float(r) for r in _RATE_RE.findall(clause)]
        if rates and max(rates) < 10:
            return None  # "6.4% discontinued due to adverse events": few, no vote either way
    if more and less and any(_governs(m, more, clause) for m in _HARM_LESS_RE.finditer(clause, less.start())):
        # "less cognitive impairment", "a favourable safety profile, showing lower incidences of
        # psychotomimetic effects": the harm word is what a "less" phrase says there was less of
        more = None
    if null and more and _EXCEPT_RE.search(clause):
        # "except for dizziness, which was higher with esketamine, no difference in safety"
        return Polarity("mixed", f"'{more.group(0).strip()}' except, else '{null.group(0).strip()}'")
    if (
        null
        and more
        and (more.start() > null.end() + 25 or more.end() < null.start())
        and _HARM_NOUN_RE.search(clause, max(0, more.start() - 30), more.end() + 30)
    ):
        # "nine stopped because of intolerable side effects, four had no side effects": both ways
        return Polarity("mixed", f"'{more.group(0).strip()}' and '{null.group(0).strip()}'")
    if null and (more or not less):
        # "no serious adverse events", "did not increase the incidence", "no difference in side effects"
        return Polarity("supports", f"'{null.group(0).strip()}' (no more harm)")
    if more and less:
        return Polarity("mixed", f"'{more.group(0).strip()}' and '{less.group(0).strip()}'")
    if more:
        return Polarity("contradicts", f"'{more.group(0).strip()}'")
    if less:
        return Polarity("supports", f"'{less.group(0).strip()}'")
    return None


# Relapse as the name of what was measured ("relapse rates", "risk of relapse", "time to relapse"):
# the comparison word, not the word "relapse", says which way the finding points.
_RELAPSE_MEASURE_RE = re.compile(
    r"\b(?:relapse|recurrence) (?:rates?|risk|incidence|prevention)\b|"
    r"\b(?:rates?|risk|incidence|time|odds|hazard|likelihood) (?:of|to) (?:a )?(?:\w+ )?"
    r"(?:relapse|recurrence)\b"
)
# "reducing symptoms without influencing the relapse rates": no change in the measure
_NO_CHANGE_RE = re.compile(r"\bwithout (?:\w+ )?(?:influenc|affect|chang|alter|modif|impact)\w*")
# Which way a relapse measure moved: for a rate or risk, lower is better; for a time, longer is.
_RATE_DOWN_RE = re.compile(r"\b(?:lower\w*|reduc\w*|decreas\w*|fewer|less)\b")
_RATE_UP_RE = re.compile(r"\b(?:higher|increas\w*|greater|more)\b")
_TIME_UP_RE = re.compile(r"\b(?:longer|delay\w*|prolong\w*|extend\w*|increas\w*)\b")
_TIME_DOWN_RE = re.compile(r"\b(?:shorter|reduc\w*|decreas\w*)\b")


def _relapse_measure(clause: str, measure: re.Match[str], null: re.Match[str] | None) -> Polarity | None:
    """A relapse measure's finding: "relapse rates were lower", "time to relapse was longer" support."""
    if null or _NO_CHANGE_RE.search(clause):
        return None  # "no difference in relapse rates" (often against an active treatment): no direction
    timed = measure.group(0).startswith("time")
    near = clause[max(0, measure.start() - 40) : measure.end() + 60]  # the measure's own predicate
    good = (_TIME_UP_RE if timed else _RATE_DOWN_RE).search(near)
    bad = (_TIME_DOWN_RE if timed else _RATE_UP_RE).search(near)
    if good and not bad:
        return Polarity("supports", f"'{measure.group(0)}' '{good.group(0)}'")
    if bad and not good:
        return Polarity("contradicts", f"'{measure.group(0)}' '{bad.group(0)}'")
    return None  # "relapse rates were 70.6% for placebo and 42.9% for 180 mg": no word says which way


def _durability(clause: str) -> Polarity | None:
    """Words of lasting or fading benefit; else a benefit finding at a late time point (a week on)."""
    fades = _FADES_RE.search(clause)
    lasts = _DURABLE_RE.search(clause)
    null = _NULL_RE.search(clause)
    if lasts and (lasts.group(0).startswith(("reduc", "lower", "decreas", "delayed", "relapse-free"))):
        return Polarity("supports", f"'{lasts.group(0).strip()}'")
    measure = _RELAPSE_MEASURE_RE.search(clause) if fades else None
    if fades and measure and _inside(fades, measure) and not _FADES_RE.search(clause, measure.end()):
        return _relapse_measure(clause, measure, null)
    if fades and "relapse" in fades.group(0):
        none = _NO_RELAPSE_RE.search(clause)
        if none:
            return Polarity("supports", f"'{none.group(0).strip()}'")  # "no patient relapsed"
    if fades:
        if null and null.start() < fades.start() and "relapse" in fades.group(0):
            return None  # "no difference in relapse rates" (against an active treatment): no direction
        return Polarity("contradicts", f"'{fades.group(0).strip()}'")
    if lasts:
        if null:
            return Polarity("contradicts", f"'{null.group(0).strip()}'")
        if _SHORT_SPAN_RE.match(clause, lasts.end()):
            return None  # "persisted for up to 7 days": days, not weeks; the number decides
        return Polarity("supports", f"'{lasts.group(0).strip()}'")
    late = _LATE_RE.search(clause)
    if late:
        got = _benefit(clause)
        if got is not None:
            return Polarity(got.direction, f"{got.reason} at '{late.group(0).strip()}'")
    return None


# Time points after the first day, and within it: an onset null result counts only at the latter.
_AFTER_FIRST_DAY_RE = re.compile(
    r"\b(?:days?|d|pod) ?(?:[2-9]|\d{2,3})\b|"
    r"\b(?:[2-9]|\d{2,3}|two|three|four|five|six|seven|several) days?\b|"
    r"\b(?:4[89]|[5-9]\d|\d{3})[- ]?(?:h|hrs?|hours?)\b|\bweeks?\b|\bmonths?\b|"
    r"\b(?:second|third) (?:\w+ )?day\b|\b\d+-(?:week|month)\b"
)
_FIRST_DAY_RE = re.compile(
    r"\b(?:\d|1\d|2[0-4])(?:\.\d+)?[- ]?(?:h|hrs?|hours?|min|minutes?)\b|\b(?:days?|d|pod) ?[01]\b|"
    r"\bfirst (?:\w+ )?day\b|\bnext day\b|\bwithin (?:\w+ )?(?:hours?|minutes?)\b|\b(?:one|two|four|"
    r"twenty-four) hours?\b"
)


def is_after_first_day(clause: str) -> bool:
    """Does the clause name only time points after the first day ("at 12-14 days", "on day 7")?"""
    return bool(_AFTER_FIRST_DAY_RE.search(clause)) and not _FIRST_DAY_RE.search(clause)


# "but did significantly lower VAS scores at 24 hours": a first-day finding on another outcome
_OTHER_OUTCOME_RE = re.compile(
    r"\b(?:pain\w*|vas|nrs|analges\w*|opioid\w*|morphine|sufentanil|sedation|delirium|sleep\w*|nausea)\b"
)
_MOOD_RE = re.compile(
    r"\bdepress\w*|\bantidepress\w*|\bmood\b|\bmadrs\b|\bham-?d\w*|\bhdrs\b|\bbdi\b|\bepds\b"
)


def is_other_outcome(clause: str) -> bool:
    """Is the clause about pain, sleep or sedation and not about mood ("lower VAS scores at 24 h")?"""
    return bool(_OTHER_OUTCOME_RE.search(clause)) and not _MOOD_RE.search(clause)


def names_first_day(clause: str) -> bool:
    return bool(_FIRST_DAY_RE.search(clause))


def _onset(clause: str) -> Polarity | None:
    """A benefit finding; a null one only when it names a first-day time point or no time at all."""
    if is_other_outcome(clause):
        return None  # pain or sleep on the first day: no antidepressant onset
    got = _benefit(clause)
    if got is not None and got.direction == "contradicts" and is_after_first_day(clause):
        return None  # "no difference at 12-14 days": the study looked after the claimed onset
    return got


# "ECT gave a faster response than ketamine", "improvement came earlier with ECT": the comparator
# is the faster one.
_THAN_KETAMINE_RE = re.compile(
    r"[^;]{0,50}?\b(?:than|compared (?:with|to)|versus|vs\.?|relative to)\s+(?:the |an? )?(?:\S+ )?"
    r"(?:(?:es|ar)?ketamin\w*|\(\w\)-?ketamine)"
)
_WITH_RE = re.compile(r"[^;]{0,50}?\b(?:with|in|after|for|by)\s+(?:the |an? )?(?:\S+ )?$")


def _comparator_faster(clause: str, fast: re.Match[str]) -> bool:
    if _THAN_KETAMINE_RE.match(clause, fast.end()):
        return True
    if _KETAMINE_RE.search(clause, 0, fast.start()):
        return False
    active = _ACTIVE_RE.search(clause, fast.end())
    return bool(
        active
        and _WITH_RE.match(clause[: active.start()], fast.end())
        and not _KETAMINE_RE.search(clause, fast.end(), active.start())
    )


def _speed(clause: str) -> Polarity | None:
    slow = _SLOWER_RE.search(clause)
    fast = _FASTER_RE.search(clause)
    null = _NULL_RE.search(clause)
    if fast and not null:
        if _comparator_faster(clause, fast):
            return Polarity("contradicts", f"'{fast.group(0).strip()}' for the comparator")
        return Polarity("supports", f"'{fast.group(0).strip()}'")
    if slow or (fast and null):
        hit = slow or null
        assert hit is not None
        return Polarity("contradicts", f"'{hit.group(0).strip()}'")
    return None


def _mechanism(clause: str) -> Polarity | None:
    null = _MECHANISM_NULL_RE.search(clause)
    if null:
        return Polarity("contradicts", f"'{null.group(0).strip()}'")
    return Polarity("supports", "mechanism finding")


_MODEL_FUNCS = {
    "benefit": _benefit,
    "onset": _onset,
    "harm": _harm,
    "durability": _durability,
    "speed": _speed,
    "mechanism": _mechanism,
}


def could_contradict(low: str) -> bool:
    """A cheap first look: could a benefit or durability clause of this sentence be a null result or
    a fading benefit? (False: no need to read its clauses for a contradicting vote.)"""
    return bool(_NULL_RE.search(low) or _FADES_RE.search(low))


def judge_clause(model: str, clause: str) -> Polarity | None:
    """The vote of one lower-cased clause under a stance model, or None."""
    return _MODEL_FUNCS[model](clause)


_COMPARISON_TITLE_RE = re.compile(r"\b(?:versus|vs\.?|compared|comparison|comparing|head-to-head)\b")
# "no significant differences between the groups", "similar in both groups": the arms against each other
_BETWEEN_ARMS_RE = re.compile(
    r"\b(?:between|among|across) (?:the )?(?:two |three |both |all |treatment |study )?(?:groups|arms)\b|"
    r"\b(?:in|for) (?:both|all|each of the) (?:\w+ )?(?:groups|arms)\b"
)


def is_active_comparison(title_low: str) -> bool:
    """Does a lower-cased title compare ketamine with another active treatment ("Ketamine vs ECT",
    "Comparison of intramuscular ketamine, oral ketamine and ECT")? Then a null between its arms
    says both worked alike, nothing against ketamine's benefit."""
    return bool(
        _KETAMINE_RE.search(title_low)
        and _ACTIVE_RE.search(title_low)
        and (_COMPARISON_TITLE_RE.search(title_low) or _against_active(title_low))
        and not _PLACEBO_RE.search(title_low)
    )


def is_between_arms(clause: str) -> bool:
    """Does a clause compare the study's arms with each other ("similar in both groups")?"""
    return _BETWEEN_ARMS_RE.search(clause) is not None
