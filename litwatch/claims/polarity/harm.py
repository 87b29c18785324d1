"""The ``harm`` model: the subject is an unwanted effect (side effects, cystitis, cognitive decline).
"well tolerated", "mild", "transient", "no serious adverse events", "did not increase" support a
claim of safety; "serious", "severe", "higher incidence of", "discontinued due to", a side effect
in 10% or more contradict."""

from __future__ import annotations

import re

from litwatch.claims.polarity.clauses import (
    EXCEPT_RE,
    P_ABOVE_RE,
    WITHOUT_SIGNIFICANCE,
    Polarity,
    lies_inside,
)
from litwatch.claims.regexes import first_char_search

# harm model: words for more / less of an unwanted effect
_HARM_NOUN = (
    r"(?:adverse|side|events?|reactions?|effects?|toxicit\w*|complications?|harms?|symptoms?|headaches?|"
    r"nausea|vomiting|dizziness|hallucinations?|dissociat\w*|agitation|delirium|sedation|drowsiness|"
    r"nystagmus|diplopia|hypertension|tachycardia|psychotomimetic\w*)"
)
# and the harms of long-term use: "no signs of abuse or dependence"
_NULL_NOUN = (
    _HARM_NOUN[:-1] + r"|abuse|misuse|dependence|addict\w*|cystitis|craving|impairments?|deficits?|decline|"
    r"neurotoxic\w*|psychosis|psychotic)"
)
# "more frequent or higher-dose regimens", "frequent use": how often the drug is taken, not a harm
_NOT_DOSING = (
    r"(?!\w* (?:or [\w-]+ )?(?:regimens?|dosing|doses|infusions?|sessions?|administrations?|treatments?|use|"
    r"users|schedules?)\b)"
)
_HARM_NULL_RE = re.compile(
    rf"\b(?:no|none|nor|neither|without(?<!not without)|absence of|free of(?<!not free of))\b "
    rf"(?:\w+[ -]){{0,3}}?{_NULL_NOUN}|"
    r"\b(?:no|none of the) (?:\w+ ){0,3}?(?:discontinu\w*|withdr[ae]w\w*|dropp?ed out)|"
    r"\bwithout(?<!not without) (?:\w+ ){0,2}?(?:impair\w*|worsen\w*|harm\w*|compromis\w*|damag\w*)|"
    r"\bnot (?:\w+ )?harmful\b|"
    r"\bno (?:[\w-]+,? (?:(?:or|and) )?){1,4}?changes\b|"
    r"\black of (?:any )?(?:serious |significant |major )?(?:adverse|side|harm)|"
    r"\bnot (?:appear |seem )?(?:to )?(?:be )?(?:statistically |significantly )?(?:different|differ|"
    r"increase\w*|higher|more|associated|"
    r"elevated)\b|\bno evidence (?:of|for)\b|"
    r"\b(?:did|does|do|was|were) not (?:(?:appear|seem) to )?(?:\w+ )?(?:differ|increase|cause|result|lead|"
    r"induce|identify|find|impair|compromise|damage|decline|"
    r"worsen|exacerbate|elevate|produce|raise)\w*|"
    r"\b(?:was|were) not (?:observed|seen|reported|detected|noted)\b|"  # "a psychosis was not observed"
    + WITHOUT_SIGNIFICANCE
    + r"|"
    r"\bno (?:significant |statistically significant )?"
    r"(?:differences?|increases?|changes?)\b|\bcomparable\b|\bsimilar\b|\bunchanged\b"
)
_HARM_MORE_RE = re.compile(
    rf"\b(?:(?:serious|severe|life-threatening|grave|significant|major) (?:\w+ ){{0,2}}?{_HARM_NOUN}|"
    rf"intolerab\w*|"
    r"poor(?:ly)? tolera\w*|tolerability was (?:poor|low|limited)|"
    rf"more (?:\w+ )?{_HARM_NOUN}|(?<!in)(?<!most )(?<!less )frequent{_NOT_DOSING}|"
    rf"more frequen\w*{_NOT_DOSING}|"
    r"(?:was|were|are|is|being) (?:very |quite |)common|(?:was|were) (?:\w+ )?higher|"
    r"(?:almost|nearly|virtually) (?:universal|ubiquitous)|"
    r"higher (?:\w+ ){0,2}?(?:incidences?|rates?|risks?|"
    r"frequency|scores?|levels?|odds)|increased (?:\w+ ){0,2}?(?:incidences?|rates?|risks?|frequency|odds)|"
    rf"greater (?:\w+ ){{0,3}}?{_HARM_NOUN}|"
    rf"(?<!not )increased (?!mild|minor|transient)(?:\w+ ){{0,2}}?{_HARM_NOUN}|"
    rf"more (?:frequent|common|likely|often){_NOT_DOSING}|increase[sd]? (?:in|the|of|by)|"
    r"increased (?:significantly|markedly|substantially)|(?:was|were|is|are) (?:\w+ )?"
    r"increased|elevat\w*|prolonged(?![- ]release)|persistent|not (?:devoid|free) of|not without|"
    r"discontinu\w* (?:\w+ ){0,3}?(?:due to|because of)|withdr[ae]w\w* (?:\w+ ){0,3}?(?:due to|because of)|"
    r"le(?:d|ading) to (?:\w+ ){0,2}?(?:discontinu\w*|withdrawal|drop-?outs?)|"
    r"persist\w* (?:for )?(?:\w+ ){0,2}?(?:days|weeks|months)|"
    r"dropp?(?:ed)? out (?:due to|because of)|cystitis|ulcerative|abuse|misuse|dependence|addict\w*|"
    r"(?:non-?medical|illicit|unprescribed) (?:\w+ )?use|diversion|"
    r"(?:es)?ketamine use disorders?|"
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
    r"resol(?:ved?|ves|ving|ution)|subsided|dissipated|disappeared (?:with)?in|modest|"
    r"returned to (?:\w+ )?(?:baseline|normal)|"
    r"normali[sz]ed|"
    r"safe(?:ly|ty "
    r"profile)?|no new safety|(?:lower|reduc|decreas)(?:ed|es|e|ing)? (?:\w+ ){0,2}?"
    r"(?:incidences?|rates?|risks?|"
    r"frequency|occurrences?|odds)|low (?:\w+ )?risk|"
    r"no (?:new |major |serious )?safety (?:concerns?|signals?|issues?)|"
    r"stable|better (?:\w+ ){0,2}?(?:cognit\w*|memory)|"
    r"(?:support|confirm|demonstrat|underscor|highlight|evidence (?:for|of))\w* (?:the )?"
    r"(?:\w+ ){0,3}?(?:safety|tolerability)|improv\w* (?:in )?(?:\w+,? ){0,3}?(?:memory|cognit\w*|attention)|"
    rf"(?:less|lower) (?:\w+ ){{0,2}}?(?:{_HARM_NOUN[3:-1]}|impair\w*|deficits?|decline)|uncommon|"
    r"(?<!not )(?:reduc|decreas|prevent|alleviat|attenuat|mitigat)\w* (?:the )?(?:\w+ ){0,2}?"
    r"(?:adverse|side effects|"
    r"toxicit\w*|complications|headaches?|nausea|vomiting|dizziness|hallucinations|dissociat\w*|agitation|"
    r"delirium|sedation|drowsiness|psychotomimetic\w*)|"
    r"fewer|rare(?:ly)?|infrequent\w*|minimal|manageable|"
    r"without(?<!not without) (?:\w+ ){0,2}?(?:adverse|side|serious|significant|major|severe|increas\w*))\b"
)


_HARM_NOUN_RE = re.compile(rf"\b{_HARM_NOUN}")
# "cognitive impairment, addiction and renal problems seem uncommon": the predicate rules the list.
_RARE_PREDICATE_RE = first_char_search(
    r"\b(?:seems?|appears?|was|were|is|are|remained|remains) (?:\w+ )?(?:uncommon|rare|infrequent|minimal)\b"
)
# "memory complaints were more frequent in the ECT group", "less common with ketamine than with ECT":
# the harm was the comparator's (not another form of ketamine's: "less common with oral ketamine")
_OTHER_ARM = r"(?:ect|electroconvulsive|placebo|saline|sham|midazolam|controls?|propofol|usual care)\b"
_MORE_WITH_OTHER_RE = re.compile(
    r"\b(?:more (?:common|frequent|often|likely|pronounced|severe)|higher|greater|worse)\b[^.;]{0,25}?"
    rf"\b(?:in|with|after|among|following) (?:the )?{_OTHER_ARM}|"
    r"\b(?P<less>less) (?:common|frequent|often|likely|pronounced|severe) (?:with|in|after|among) "
    r"(?:the )?(?:[\w-]+ )?"
    rf"(?:es|ar)?ketamine\b[^.;]{{0,30}}?\bthan (?:with |in |after )?(?:the )?{_OTHER_ARM}"
)


def more_with_other(clause: str) -> bool:
    """Was the harm the comparator's? "Memory complaints were more frequent in the ECT group",
    "less common with ketamine than with ECT"."""
    other = _MORE_WITH_OTHER_RE.search(clause)
    return bool(other and (other.group("less") or "ketamin" not in clause[other.start() : other.end()]))


# What a "less harm" phrase governs: the harm right after it ("transient increases in ...") or
# named in its "of ..." list ("lower incidences of dissociative and psychotomimetic effects"), or
# what the people it counts had ("fewer patients discontinued because of adverse events").
_GOVERNED_RE = re.compile(
    r"\s*(?:(?:of|in)\s+(?:[\w-]+,?\s+){0,5}?(?:(?:and|or)\s+)?|"
    r"(?:patients|participants|subjects|people|individuals)\s+(?:who\s+)?)?"
)


def _governs(less: re.Match[str], more: re.Match[str], clause: str) -> bool:
    return lies_inside(more, less) or (
        less.end() <= more.start() and _GOVERNED_RE.fullmatch(clause, less.end(), more.start()) is not None
    )


# A clause whose subject is the control arm: its null result says nothing about ketamine.
_CONTROL_SUBJECT_RE = re.compile(
    r"\s*(?:(?:in|by) contrast,?\s+|whereas\s+)?(?:the\s+)?(?:placebo|saline|sham|midazolam|control)s?\b"
    r"(?!\s+(?:and|or|vs\.?|versus)\b)"
)
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s?%")


# Another drug as the clause's subject: "tramadol demonstrated superior efficacy with minimal side
# effects" is tramadol's safety finding, not ketamine's.
_OTHER_DRUG_SUBJECT_RE = re.compile(
    r"\s*(?:(?:in|by) contrast,?\s+|whereas\s+|while\s+)?(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(?:tramadol|dexmedetomidine|propofol|midazolam|sufentanil|remifentanil|fentanyl|morphine|opioids?|"
    r"lidocaine|magnesium|psilocybin|sevoflurane|desflurane|etomidate|ondansetron|dexamethasone|placebo|"
    r"saline|sham|ect|electroconvulsive)\b"
)


# Two arms' rates of a harm ("nausea occurred in 17.6% vs 8.3%", "10 (8.7%) after ketamine and 2 (1.7%)
# after propofol"): the first is ketamine's unless a comparator is named right after it.
_RATE_PAIR_RE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s?%\)?(?P<gap>[^%;]{0,40}?)\s(?:vs\.?|versus|compared with|and)\s[^%;]{0,25}?"
    r"(\d{1,3}(?:\.\d+)?)\s?%"
)
_COMPARATOR_RE = re.compile(
    r"\b(?:placebo|saline|midazolam|controls?|sham|propofol|dexmedetomidine|opioids?|morphine|fentanyl|"
    r"sufentanil|ect|usual care)\b"
)


def _more_with_ketamine(clause: str) -> str | None:
    """The rates when a harm was clearly more common with ketamine than with the other arm (at least
    1.5 times and 3 points more, no p-value above 0.05), else None."""
    m = _RATE_PAIR_RE.search(clause)
    if m is None or P_ABOVE_RE.search(clause):
        return None
    ours, theirs = float(m.group(1)), float(m.group(3))
    if _COMPARATOR_RE.search(m.group("gap")) and "ketamin" not in m.group("gap"):
        ours, theirs = theirs, ours  # "12% with placebo and 30% with ketamine"
    if ours >= 1.5 * theirs and ours - theirs >= 3:
        return f"{m.group(1)}% vs {m.group(3)}%"
    return None


# "the risk of major cardiovascular events did not differ": a harm right before the null is its
# subject, not a second finding
_SUBJECT_GAP = 15
# Words that only name a harm (a rise in blood pressure, hypertension, psychotomimetic effects), unlike
# "serious", "frequent" or "discontinued due to", which say how much of it there was.
_HARM_NAMES = ("elevat", "hypertensi", "psychotomimetic")


def judge_harm(clause: str) -> Polarity | None:
    if _CONTROL_SUBJECT_RE.match(clause) and _HARM_NULL_RE.search(clause):
        return None  # "in contrast, midazolam showed no effect on dissociation": the control arm
    if "ketamin" not in clause and _OTHER_DRUG_SUBJECT_RE.match(clause):
        return None  # another drug's harms
    rare = _RARE_PREDICATE_RE.search(clause)
    if rare:
        return Polarity("supports", f"'{rare.group(0).strip()}'")
    if more_with_other(clause):
        return None  # less harm than ECT says nothing of how mild ketamine's own harms were
    null = _HARM_NULL_RE.search(clause)
    less = _HARM_LESS_RE.search(clause)
    more = _HARM_MORE_RE.search(clause)
    if more is None and ("such as" in clause or "including" in clause):
        more = _LISTED_HARM_RE.search(clause)
    if more is None and not null and "%" in clause:
        pair = _more_with_ketamine(clause)
        if pair and _HARM_NOUN_RE.search(clause):
            if less:
                return Polarity("mixed", f"'{pair}' and '{less.group(0).strip()}'")
            return Polarity("contradicts", f"'{pair}' (more with ketamine)")
    if more and more.group(0).startswith(("discontinu", "withdr", "drop", "le")) and not less and not null:
        rates = [float(r) for r in _RATE_RE.findall(clause)]
        if rates and max(rates) < 10:
            return None  # "6.4% discontinued due to adverse events": few, no vote either way
    if more and less and more.group(0).startswith(_HARM_NAMES) and not null:
        # "transient dissociation and mild blood pressure elevation": the harm named, said to be mild;
        # a word of how much ("... were common") still counts
        amounts = (m for m in _HARM_MORE_RE.finditer(clause) if not m.group(0).startswith(_HARM_NAMES))
        more = next(amounts, None)
    if more and less and any(_governs(m, more, clause) for m in _HARM_LESS_RE.finditer(clause, less.start())):
        # "less cognitive impairment", "a favourable safety profile, showing lower incidences of
        # psychotomimetic effects": the harm word is what a "less" phrase says there was less of
        more = None
    if null and more and null.group(0).endswith("significance") and null.start() > more.start():
        more = None  # "numerically higher with esketamine, without statistical significance": one null
    if null and more and EXCEPT_RE.search(clause):
        # "except for dizziness, which was higher with esketamine, no difference in safety"
        return Polarity("mixed", f"'{more.group(0).strip()}' except, else '{null.group(0).strip()}'")
    if (
        null
        and more
        and (more.start() > null.end() + 25 or more.end() < null.start() - _SUBJECT_GAP)
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
