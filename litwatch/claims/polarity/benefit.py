"""The ``benefit`` model: did the treatment improve the claim's subject (depressive symptoms,
suicidal ideation, pain)? "significantly reduced", "greater improvement", "response rate of 60%",
"effective" support; "no significant difference", "did not differ from placebo", "failed to",
"not superior" contradict. Nulls that say nothing about the drug cast no vote: against an active
treatment, between doses or subgroups, on arms alike before treatment, on a harm."""

from __future__ import annotations

import re

from litwatch.claims.polarity.clauses import (
    ACTIVE_RE,
    EXCEPT_RE,
    KETAMINE_RE,
    NULL_RE,
    P_ABOVE_RE,
    P_BELOW_RE,
    PLACEBO_RE,
    Polarity,
    against_active,
    ci_null,
)
from litwatch.claims.regexes import first_char_search

# Results stated without a "reduced"/"improved" verb: a rate, odds, a criterion met, a treatment
# effect, a plain verb ("fell", "declined"). `rate`: a rate alone ("a response rate of 45%"), which
# like "remission" names the outcome; beside another arm's rate it gives no direction by itself.
_STATED_RESULT = (
    r"(?:respon(?:se|ders?)|remi(?:ssion|tters?))(?: rates?)? (?:\w+ ){0,4}?(?:was|were|is|are) "
    r"(?:\w+ ){0,2}?(?:higher|greater|increased)\b|"
    r"(?:response|remission) rates? (?:\w+ ){0,2}?(?:increased|rose)\b|"
    r"increas\w* (?:the )?(?:\w+ )?(?:response|remission)(?: rates?)?\b|"
    # "effects were seen as early as 4 hours": an effect observed, however its noun is qualified
    r"effects? (?:\w+ ){0,2}?(?:was|were) (?:\w+ )?(?:seen|observed|evident|apparent|detected|present) as "
    r"early as\b|"
    # "the difference was already present at 4 h": a between-arm result seen early
    r"(?:differences?|separation|advantages?) (?:\w+ ){0,3}?(?:was|were|became) already (?:\w+ )?(?:present|"
    r"evident|apparent|detectable|detected|significant|seen|observed|visible)\b|"
    r"between-(?:group|arm) differences? (?:\w+ ){0,3}?(?:was|were|became|remained) (?!not\b)(?:\w+ )?"
    r"(?:present|evident|apparent|detectable|detected|significant|seen|observed|visible)\b|"
    r"(?:odds|likelihood|chances?|probability) of (?:achieving )?(?:a )?(?:response|remission)\b"
    r"[^.;]{0,40}?\b(?:higher|greater|increased)\b|"
    # "intravenous ketamine had the highest odds of response versus placebo (OR 6.12)"
    # "a significantly higher rate of suicidal ideation remission"
    r"(?:higher|highest|greater|greatest|larger|largest|increased) (?:odds|likelihood|chances?|probability|"
    r"rates?) of (?:achieving )?(?:a )?(?:[\w-]+ ){0,3}?(?:response|remission)\b|"
    r"(?:met|meeting|fulfill?ed) (?:the )?(?:criteria for )?(?:response|remission)(?: criteria)?\b|"
    r"(?:achieved|attained|reached|showed|had) (?:an? )?(?:clinical |treatment |full |partial |sustained )?"
    r"(?:response|remission)\b|(?:classified as|were|became) (?:\w+ )?(?:responders|remitters)\b|"
    r"(?:antidepressant|anti-?suicidal|clinical) (?:effects?|efficacy|responses?) (?:\w+ ){0,4}?"
    r"(?:was|were) (?:\w+ )?(?:evident|observed|seen|found|noted|apparent|present|detected)\b|"
    r"significant (?:\w+ ){0,2}?(?:treatment|drug|(?:es|ar)?ketamine|antidepressant) effects?\b|"
    r"significant effects? of (?:the )?(?:es|ar)?ketamine\b|"
    r"separat(?:ed|ion) from (?:the )?(?:placebo|controls?)\b|"
    r"significant (?:treatment|group|drug|condition)[- ](?:by|x|\u00d7)[- ]time interactions?\b|"
    # "no longer met criteria for MDD" (remission); "no longer met response criteria" lost a response
    r"no longer met (?:the )?(?!(?:response|remission)\b)(?:\w+ )?criteria\b(?! for (?:response|remission))|"
    r"declined\b(?! to\b)|(?:fell|fallen|dropped(?! out))\b|"
    # "end-of-course response was 46.6%", "response occurred in 55% and 58%"
    r"(?P<rate>(?:(?:response|remission)(?: rates?)?|(?:proportion|percentage|number|share) of "
    r"(?:responders|remitters)) (?:\w+ ){0,4}?(?:was|were|of|reached|=|occurred in)\s*(?:\w+ ){0,2}?"
    r"\d+(?:\.\d+)?\s?%)|"
    r"in favou?r of (?:the )?(?:es|ar)?ketamine|"
    # "led to response in 60%", "extended the antidepressant effect"
    r"(?:led|leads|leading) to (?:an? )?(?:\w+ )?(?:response|remission|improvement)\b|"
    r"extend(?:ed|s)? (?:the )?(?:\w+ )?(?:effects?|benefits?|responses?|remission|improvements?)\b|"
    # a conclusion about use or efficacy: "support the use of ketamine", "confirm its antidepressant
    # efficacy", "a viable option" ("do not support the use" is a null: NULL_RE)
    r"(?:support|confirm)(?:s|ed)? (?:the )?(?:\w+ ){0,2}?(?:use|utility|effectiveness|efficacy|benefits?)\b|"
    r"(?:viable|valuable) (?:\w+ )?(?:option|alternative|treatment)s?\b|"
    r"(?:large|moderate|medium|robust|strong)(?:[- ]to[- ]large)? (?:\w+ )?effect sizes?\b|"
)

# One "\b" before all the alternatives, not one in each: re checks it once per position, so the
# search is about 5x faster than with a "\b" per alternative (benchmark: every PsyNamic clause).
_BENEFIT_RE = re.compile(
    r"\b(?:"
    r"significant(?:ly)?\b[^.;]{0,50}?\b(?:reduc|improv|decreas|lower|alleviat|attenuat|ameliorat|relie"
    r"|prevent|better|declin|drop|resol|less)\w*|"
    r"(?:reduc|improv|decreas|lower|alleviat|attenuat|ameliorat|reliev|declin|resol)\w*\b[^.;]{0,60}?"
    r"\bsignifican\w*|"
    r"(?:greater|larger|more|higher|faster|rapid|robust|marked|substantial|sustained|significant|superior|"
    r"clinically meaningful|meaningful|notable|dramatic|considerable|quick|prompt)\s+(?:\w+\s+){0,2}?"
    r"(?:reductions?|improvements?|decreases?|declines?|relief|responses?|remissions?|benefits?|efficacy)\b|"
    + _STATED_RESULT
    # "not cost-effective" is an economic finding, not one on the drug's effect
    + r"(?:(?<!cost-)(?<!cost )effective|efficacious|beneficial|benefited|benefits?|helpful|useful|promising|"
    r"successful(?:ly)?|"
    r"ameliorat\w*|alleviat\w*|attenuat\w*|improv\w*|reduc\w*|decreas\w*|relie\w*|lower(?:ed|s)?|"
    r"resol\w*|remitted|remission|responded|prevent\w*|protect\w*|mitigat\w*|"
    r"less (?:frequent|severe|common|likely)|"
    r"(?:had|has|have|showed|shows|show|exerted|exerts|exert|produced|produces|produce|demonstrated|"
    r"resulted in|results in|led to|leads to|"
    r"demonstrates|induced|induces|induce|elicited|elicits|elicit|displayed|exhibited|confirmed|observed|found|"
    r"achieved|effectuat\w*|provid(?:ed|es|e)|yield(?:ed|s)?|offer(?:ed|s)?)\s+(?:\w+\s+){0,3}?"
    r"(?:antidepressant|anti-?suicidal|analgesic|anti-?anhedonic) (?:effects?|efficacy|properties|actions?|"
    r"responses?)|"
    r"(?:nnts?|numbers? needed to treat)\b[^.;]{0,80}?(?:\bof|\bwas|\bwere|=|\branged from)\s*"
    r"(?:<\s*\d+|[1-9](?:\.\d)?(?!\d|\.\d))|(?:nnts?|numbers? needed to treat)\b[^.;]{0,80}?<\s*\d+|"
    r"favou?red (?:the )?(?:es|ar)?ketamine|superior to (?:the )?(?:placebo|saline|control|sham|"
    r"midazolam|usual care)|outperformed)\b"
    r")"
)
_SUPERIOR_RE = first_char_search(r"\bsuperior\b|\boutperform\w*|\bmore effective\b|\bbetter\b")
_THAN_RE = re.compile(r"^\s*(?:than|to|over|versus|vs\.?)\s+(?:\S+\s+){0,2}$")  # "superior to (the) ketamine"


# "ketamine has an antidepressant effect, which may be associated with X": what follows ", which"
# explains the finding; it does not make the clause a study of predictors.
_WHICH_RE = re.compile(r",\s*which\b")
# "no sex differences in response": a subgroup comparison says who responds, not whether it works
_PREDICTOR_RE = re.compile(
    r"\b(?:sex|gender|age|racial|ethnic)[- ](?:differences?|effects?|related|dependent)\b|\bpredict\w*|"
    r"\bcorrelat\w*|\bmoderat(?:or|ors|ion|ed by|es)\b|\bmediat\w*|\bbiomarkers?\b|"
    # "reductions in wakefulness may point to a mechanism underlying the effect on suicidal ideation"
    r"\bmechanisms? (?:underlying|behind)\b|"
    # the verb ("did not moderate the antidepressant effects"), not the adjective ("moderate depression")
    r"\bmoderated?\b(?= (?:the|its|their|(?:es)?ketamine'?s?|antidepressant|treatment|response)\b)|"
    # "an interaction between psychoactive effects and response" (not a group-by-time interaction)
    r"\b(?:relationships?|interactions?) between\b(?! (?:the )?(?:groups?|arms?|treatment|time|group)\b)|"
    # "ketamine was associated with a higher rate of remission" is the drug's effect, not a predictor's
    # (the look-behinds follow the word, so they are tried only where it is)
    r"\b(?:associated|association|related|linked)(?<!ketamine was associated)(?<!ketamine is associated) "
    r"(?:with|to|between) (?!(?:a |an )?(?:significant(?:ly)? |"
    r"greater |larger |marked |lower |higher |better |more )*(?:reduc|improv|decreas|lower|relie|remission|"
    r"response|benefit))"
)


_PREDICTS_RE = first_char_search(r"\bpredict(?:ors?|ive|ed|s|ing)?\b|\bmoderators?\b")


def is_predictor(low: str) -> bool:
    """Does the text name predictors of response ("improvement at 24 h as a predictor of ...")?"""
    return bool(_PREDICTS_RE.search(low))


# "At baseline, TST was lower in the TRD group": groups described before treatment
_BEFORE_TREATMENT_RE = re.compile(
    r"^\s*(?:at baseline|before (?:treatment|the infusion)|prior to treatment)\b"
)


def judge_benefit(clause: str, active: bool = False) -> Polarity | None:
    if _BEFORE_TREATMENT_RE.match(clause):
        return None  # a difference before anyone was treated is no finding of the treatment
    if _PREDICTOR_RE.search(_WHICH_RE.split(clause, maxsplit=1)[0]):
        return None  # who responds, or what goes with response, is not whether the treatment works
    found = [m for m in NULL_RE.finditer(clause) if not _DURATION_NULL_RE.search(m[0])]
    # "were not increased (non-significant)": the bracket restates the null before it
    nulls = (m for k, m in enumerate(found) if not (k and clause[m.start() - 1 : m.start()] == "("))
    null = next((m for m in nulls if not _about_harm(clause, m)), None)
    if null and _SHARE_BEFORE_RE.search(clause[: null.start()]):
        return None  # "60% improved while 38% did not change": some did not respond, no null result
    alike = bool(null and active and _BETWEEN_ARMS_RE.search(clause))
    if alike:
        null = None  # active arms alike: both worked or neither did; what else the clause says decides
    if null and _BASELINE_RE.search(clause):
        return None  # the arms were alike before treatment: no finding
    if null and _between_subgroups(clause, null):
        return None  # "no sex differences in response", "higher doses did not lead to greater response"
    if null:
        if against_active(clause) or _other_treatment_only(clause):
            return None  # "no difference between ketamine and ECT": both may work
        exception = EXCEPT_RE.search(clause, null.end())
        if exception:  # "no differences in NRS scores except on movement at 72 hours": both ways
            return Polarity("mixed", f"'{null.group(0).strip()}' {exception.group(0)} ...")
        return Polarity("contradicts", f"'{null.group(0).strip()}'")
    if ci_null(clause) and not _BENEFIT_RE.search(clause) and not against_active(clause):
        return Polarity("contradicts", "confidence interval spans no effect")
    trend = _TREND_RE.search(clause) if any(w in clause for w in _TREND_WORDS) else None
    if trend and not against_active(clause) and not _other_treatment_only(clause):
        return Polarity("contradicts", f"'{trend.group(0).strip()}'")  # "a positive trend towards efficacy"
    sup = _SUPERIOR_RE.search(clause)
    if sup:
        k = KETAMINE_RE.search(clause, sup.end())
        if k is not None and _THAN_RE.search(clause[sup.end() : k.start()]):
            return None  # "ECT was superior to ketamine": not a finding against benefit itself
    good = _BENEFIT_RE.search(clause)
    if good and alike and _is_bare(good):
        # "did not differ in response and remission rates": the outcomes compared, no improvement
        good = next((m for m in _BENEFIT_RE.finditer(clause) if not _is_bare(m)), None)
    if (
        good
        and _is_bare(good)
        and _ARMS_COMPARED_RE.search(clause)
        and (PLACEBO_RE.search(clause) or ACTIVE_RE.search(clause) or _ARM_RE.search(clause))
        and not _COMPARATIVE_RE.search(clause)
    ):
        # "a 43% remission rate compared to 40% with TMS alone": the rates, not the word, give the
        # direction; only a later benefit word in the clause votes, or ketamine's rate above placebo's
        good = next((m for m in _BENEFIT_RE.finditer(clause) if not _is_bare(m)), None)
        if good is None and _rate_above_control(clause):
            if P_ABOVE_RE.search(clause) and not P_BELOW_RE.search(clause):
                # "27.4% with ketamine and 24.2% with placebo (P = 0.62)": the rates are alike
                return Polarity("contradicts", "rates alike (p above 0.05)")
            return Polarity("supports", "rate above the control arm's")
    if good:
        if _EVERY_ARM_RE.search(clause) and not VS_CONTROL_RE.search(clause) and not active:
            return None  # "scores decreased significantly in both groups": no effect of the drug itself
        if _other_treatment_only(clause):
            return None  # "ECT is an effective treatment": another treatment's finding
        only = _ONLY_SOME_RE.search(clause) if "only" in clause else None
        if only:  # "only patients without melancholic features benefited": for some, not for others
            return Polarity("mixed", f"'{only.group(0).strip()}' ... '{good.group(0).strip()[:30]}'")
        small = _BELOW_CLINICAL_RE.search(clause) if "clinic" in clause or "mcid" in clause else None
        if small:  # "favoured esketamine (MD -3.6), below the 6-point difference regarded as meaningful"
            return Polarity("mixed", f"'{good.group(0).strip()[:30]}' ... '{small.group(0).strip()[:40]}'")
        some = _SOME_TRIALS_RE.search(clause) if " of " in clause else None
        if some and _count(some.group(1)) < _count(some.group(2)):
            # "a greater reduction than placebo in one of three studies": the others found none
            return Polarity("mixed", f"'{some.group(0).strip()}' ... '{good.group(0).strip()[:30]}'")
        return Polarity("supports", f"'{good.group(0).strip()[:40]}'")
    return None


# What a null phrase is about when a harm follows it ("no evidence of impairment", "without
# adverse effects", "did not increase nausea"): no more harm is no finding against benefit. Nor is
# a null on cognition ("did not affect working memory, attention, or concentration") or on a
# biomarker ("no significant changes in plasma VEGF concentrations").
_HARM_WORDS = (
    r"(?:adverse|side[- ]effects?|toxicit\w*|complications?|harms?\b|impair\w*|nausea|vomiting|dizziness|"
    r"hallucinations?|dissociat\w*|sedation|headaches?|hypertensi\w*|tachycardia|psychotomimetic\w*|"
    r"delirium|agitation|cognitive (?:deficits?|decline|impairment|performance|functions?|functioning)|"
    r"cognition|(?:working )?memory|attention|concentration\b(?!s)|metabolic|safety (?:concerns?|signals?|"
    r"issues?)|(?:plasma|serum|blood) (?:[\w-]+ ){0,2}?(?:levels?|concentrations?)|blood pressure|heart rate|"
    r"ha?emodynamic\w*|vital signs)"
)
_HARM_OBJECT_RE = re.compile(rf"\s*(?:(?!(?:and|or)\b)[\w-]+\s+){{0,4}}?{_HARM_WORDS}")
_HARM_WORD_RE = re.compile(rf"\b{_HARM_WORDS}")


# A list the null governs that names mood too ("did not reduce delirium, pain or depressive symptoms",
# "did not prevent delirium, reduce pain or improve mood"): read up to where a new predicate starts.
_LIST_END_RE = re.compile(
    r"[.;]| (?:and|but|while|whereas|although) (?:it|this|they|there)\b| but | whereas "
)
_LIST_MOOD_RE = re.compile(r"\b(?:or|and|nor)\s+(?:\w+\s+){0,3}?(?:depress\w*|mood|antidepressant)\b")
_LIST_VERB_RE = re.compile(r"\b(?:was|were|is|are|remained|had|has|have)\b")
_OWN_VERB_RE = re.compile(
    r"\b(?:was|were|is|are|remained|improved|decreased|declined|fell|dropped|reduced|increased|changed|"
    r"resolved|responded|lessened)\b"
)


def _mood_in_list(clause: str, null: re.Match[str]) -> bool:
    end = _LIST_END_RE.search(clause, null.end())
    tail = clause[null.end() : end.start() if end else len(clause)]
    mood = _LIST_MOOD_RE.search(tail)
    # "did not increase nausea, and depressive symptoms improved": mood has a predicate of its own
    return (
        mood is not None
        and not _LIST_VERB_RE.search(tail, 0, mood.start())
        and not _OWN_VERB_RE.search(tail, mood.end())
    )


def _about_harm(clause: str, null: re.Match[str]) -> bool:
    """Is the null phrase about a harm: one inside it ("no adverse effects"), within four words after
    it ("no difference in the risk of adverse events") or its subject ("sedation scores were not
    different")? A list ("depression and adverse events did not differ", "did not reduce delirium,
    pain or depressive symptoms") is not only about harm."""
    if _mood_in_list(clause, null):
        return False
    if _HARM_WORD_RE.search(clause, null.start(), null.end()) or _HARM_OBJECT_RE.match(clause, null.end()):
        return True
    before = clause[max(0, null.start() - 60) : null.start()].rpartition(",")[2]
    if _EMERGENT_RE.match(before):
        return True  # "treatment-emergent suicidal ideation and manic switching were not increased"
    return bool(_HARM_WORD_RE.search(before[-40:])) and not re.search(r"\b(?:and|or)\b", before[-40:])


# A symptom the treatment may cause, named as such: a harm whatever the symptom is
_EMERGENT_RE = re.compile(r"\s*(?:the )?(?:(?:rates?|incidence|risk) of )?(?:treatment-)?emergent\b")


# "the improvement was not sustained", "did not persist": a benefit that did not last was a benefit;
# how long it lasted is the durability model's question, not a null result on benefit.
_DURATION_NULL_RE = re.compile(r"(?:sustained|maintained|durable|persist\w*|last\w*)$")


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
    if near is None or near.start() > null.end() + 30 or PLACEBO_RE.search(clause):
        return False
    between = near.group(0)
    if between.startswith("between"):  # "between the MDD and BD groups", not drug arms
        return not (
            KETAMINE_RE.search(between)
            or ACTIVE_RE.search(between)
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
_BASELINE_RE = first_char_search(
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
    other = ACTIVE_RE.search(clause)
    return other is not None and not against_active(clause)


# Outcome words that name a measure as well as a good result: beside another arm ("a 43% remission
# rate compared to 40% with TMS alone") the rates, not the word, give the direction, unless a
# comparative says which way ("a higher remission rate than placebo").
_BARE_OUTCOMES = frozenset({"remission", "remitted", "responded"})


def _is_bare(m: re.Match[str]) -> bool:
    """Does the benefit match only name an outcome, or a rate of it ("a response rate of 45%")?"""
    return m.group(0) in _BARE_OUTCOMES or m.group("rate") is not None


_ARMS_COMPARED_RE = first_char_search(
    r"\b(?:compared (?:with|to)|versus|vs\.?|than|relative to)\s|"
    # "64% with ketamine and 28% with midazolam": a rate given for each arm
    r"%\)? (?:with|in|for|on) (?:the )?(?:\S+ )?(?:placebo|saline|midazolam|control|sham|usual care)\b"
)
# "52% with ketamine versus 18% with control": each rate and the arm named right after it
_ARM_RATE_RE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s?%\)?,? (?:of (?:the )?\w+ )?(?:with|in|for|on|after|receiving) (?:the )?(?:\S+ )?"
    r"((?:es|ar)?ketamine|placebo|saline|midazolam|control|sham|usual care)\b"
)


def _rate_above_control(clause: str) -> bool:
    """Is ketamine's rate above the control arm's, each named right after its rate?"""
    ours: list[float] = []
    theirs: list[float] = []
    for m in _ARM_RATE_RE.finditer(clause):
        (ours if m.group(2).endswith("ketamine") else theirs).append(float(m.group(1)))
    return bool(ours and theirs) and min(ours) > max(theirs)


_COMPARATIVE_RE = first_char_search(r"\b(?:higher|greater|more|larger|significant\w*|superior|better)\b")
_ARM_RE = first_char_search(r"\b(?:arms?|conditions?|control|comparator)\b|-only\b")


# A benefit short of significance: "a positive trend towards antidepressant efficacy", "numerically
# larger", "the benefit could not be confirmed".
_TREND_WORDS = ("trend", "tendenc", "numerically", "confirmed")  # a cheap look before the regex
_TREND_RE = first_char_search(
    r"\b(?:trend(?:ed|s)?|tendency) (?:\w+ ){0,2}?towards? (?:an? |the )?(?:\w+ ){0,2}?(?:significan\w*|"
    r"efficacy|benefit|improve\w*|reduc\w*|greater|better|lower|superior\w*|antidepressant|response|"
    r"remission)|\bnumerically (?:larger|greater|higher|lower|"
    r"better|superior)\b|\b(?:could|can|was|were|is|are) not (?:be )?confirmed\b"
)


# A benefit restricted to some of those treated ("only those given intranasal esketamine improved").
_ONLY_SOME_RE = first_char_search(
    r"(?<!not )\bonly (?:(?:in|among|for) )?(?:those|patients|participants|subjects|individuals|people|"
    r"women|men|a (?:subset|minority|subgroup)|some|"
    r"(?:the )?(?:[\w-]+ ){1,2}?(?:group|arm|cohort|subgroup))\b"
)


# A benefit smaller than what counts clinically: statistically there, clinically doubtful
_BELOW_CLINICAL_RE = re.compile(
    r"\b(?:below|under|short of|smaller than|less than|did not (?:reach|meet|exceed)|"
    r"failed to (?:reach|meet)) (?:the )?(?:[\w-]+ ){0,5}?"
    r"(?:clinically (?:meaningful|important|relevant|significant)|mcid|"
    r"minimal(?:ly)? (?:clinically )?important)"
)


# Some of the trials a review or programme counts: "in one of three studies", "in 2 of 5 trials".
_SOME_TRIALS_RE = re.compile(
    r"\b(?:in )?(one|two|three|four|\d+) of (?:the )?(?:\w+ )?(two|three|four|five|six|seven|eight|\d+) "
    r"(?:\w+ )?(?:trials|studies|rcts)\b"
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def _count(word: str) -> int:
    return _NUMBER_WORDS.get(word) or int(word)


# A change every arm of a controlled study shows (placebo included) is no finding for the treatment.
# "in both groups", "across all three arms": said of every arm alike
_EVERY_ARM = (
    r"\b(?:in|for|within|across) (?:both|all(?: (?:three|four|the))?|each of the|the two) (?:\w+ )?"
    r"(?:groups|arms|conditions|cohorts)\b"
)
_EVERY_ARM_RE = first_char_search(_EVERY_ARM)
# "significant improvement (p = .001 for both groups) compared with placebo": the arms are doses;
# "reduced by 8.9 points after ketamine versus 3.1 after saline": a result against the control arm
VS_CONTROL_RE = first_char_search(
    r"\b(?:compared (?:with|to)|than|versus|vs\.?|over|relative to)\b(?:[^.;]|\.(?=\d)){0,30}?\b"
    r"(?:placebo|saline|controls?|sham|midazolam|vehicle)\b"
)


_COMPARISON_TITLE_RE = first_char_search(r"\b(?:versus|vs\.?|compared|comparison|comparing|head-to-head)\b")
# "no significant differences between the groups", "similar in both groups": the arms against each other
_BETWEEN_ARMS_RE = first_char_search(
    r"\b(?:between|among|across) (?:the )?(?:two |three |both |all |treatment |study )?(?:groups|arms)\b|"
    r"\bthe (?:2|3|two|three) (?:groups|arms)\b|" + _EVERY_ARM
)


# two forms of ketamine set against each other: routes, enantiomers, doses, schedules, infusion lengths
_KETAMINE_FORM_RE = re.compile(
    r"\b(?:oral|intravenous|iv|intranasal|intramuscular|subcutaneous|sublingual|racemic|esketamine|arketamine|"
    r"(?:low|high|single|repeated|fixed|flexible)[- ]dose|different doses|two doses|single|repeated|serial|"
    r"(?:once|twice|thrice|three[- ]times)[- ]weekly|\d+[- ]minutes?|(?:actual|adjusted|ideal|lean|total) "
    r"body weight)\b"
)
# two groups of patients who all had ketamine ("in elderly versus non-elderly patients", "with versus
# without anxious distress", "men and women")
_PATIENT_GROUPS_RE = re.compile(
    r"\b(?:elderly|older|younger|adolescents?|adults?|men|women|males?|females?|obese|with) (?:patients |"
    r"adults |people )?(?:versus|vs\.?|compared with) (?:non-?(?:elderly|obese)|younger|older|adolescents?|"
    r"adults?|men|women|males?|females?|without)\b"
)


def is_active_comparison(title_low: str) -> bool:
    """Does a lower-cased title compare ketamine with another active treatment ("Ketamine vs ECT",
    "Comparison of intramuscular ketamine, oral ketamine and ECT"), or two forms of ketamine ("oral
    and intravenous ketamine")? Then a null between its arms says both worked alike, nothing against
    ketamine's benefit."""
    if not KETAMINE_RE.search(title_low):
        return False
    compared = _COMPARISON_TITLE_RE.search(title_low)
    if compared and (
        len(set(_KETAMINE_FORM_RE.findall(title_low))) >= 2 or _PATIENT_GROUPS_RE.search(title_low)
    ):
        return True  # every arm had ketamine, even where one also had a placebo ("single versus repeated")
    if PLACEBO_RE.search(title_low):
        return False
    return bool(ACTIVE_RE.search(title_low) and (compared or against_active(title_low)))


def is_between_arms(clause: str) -> bool:
    """Does a clause compare the study's arms with each other ("similar in both groups")?"""
    return _BETWEEN_ARMS_RE.search(clause) is not None
