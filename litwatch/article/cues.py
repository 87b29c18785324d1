"""The cue tables the article drafter reads a sentence with: for each topic the words that make a
claim on it, and the words that say a sentence claims nothing (a question, a crisis line, an
insurer's decision, one person's experience). `sentences.classify_sentence` applies them.

Rules, not a model: each table is a list of patterns a reader can check and extend.
"""

from __future__ import annotations

import re

KETAMINE_RE = re.compile(r"\b(?:(?:es|ar)?ketamine|spravato)\b", re.I)


# Other antidepressants and add-on drugs, named as the comparison ("faster than sertraline", "beat
# quetiapine", "a new tablet of escitalopram"): one list for every table that needs them.
COMPARATOR_DRUGS = (
    r"(?:quetiapine|aripiprazole|sertraline|escitalopram|citalopram|fluoxetine|paroxetine|venlafaxine|"
    r"duloxetine|mirtazapine|bupropion)"
)


def words(*patterns: str) -> re.Pattern[str]:
    """One case-blind pattern of alternatives (each table below is one)."""
    return re.compile("|".join(patterns), re.I)


SKIP = words(
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
    # an instruction to the reader: "Report new or worsening suicidal thoughts immediately."
    r"^\W*(?:report|tell|call|contact|seek)\b",
    r"\b(?:have|has) not (?:yet )?shown\b",
    r"\bwhether\b[^.]*\b(?:has|have) not (?:yet )?been (?:shown|established|proven|demonstrated)\b",
)
# An insurer's or a company's own decisions ("is not covered", "approval is limited to 2 months",
# "expects to file for approval"): no claim, and not a regulator's statement either.
POLICY = words(
    # a document's own approval and storage lines ("Approved by the Drugs and Therapeutics
    # Committee", "Store at 20-25 °C"): no claim about ketamine, not a regulator's act either
    r"\bapproved by (?:the |our )?(?:[\w&-]+ ){0,5}?(?:committee|board|panel|group)\b",
    r"\bstore (?:at|in|below|between|upright)\b",
    r"\b(?:is|are) not covered\b",
    r"\bmedically necessary\b",
    r"\b(?:prior |re)?authori[sz]ation\b",
    r"\bapproval is limited\b",
    r"\bmay be approved for up to\b",
    r"\bthe (?:health )?plan (?:considers|covers|will)\b",
    r"\b(?:expects?|plans?|intends?) to (?:file|submit|seek|apply)\b",
)
CUES: dict[str, re.Pattern[str]] = {
    "not-checkable": words(
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
        # a guideline's recommendation ("Recommendation 3: ... may be offered to adults with TRD")
        r"^\W*recommendation \d+\b",
        r"\bmay be offered\b",
    ),
    "suicidal-thoughts": words(r"\bsuicid\w*", r"(?-i:\bSI\b)"),
    "other-condition": words(
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
    "pain": words(r"\bpain\b", r"\bfibromyalgia\b", r"\bmigraines?\b", r"\bneuropath\w*"),
    "treatment-resistant": words(
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
        # "when two or more antidepressants have failed", "when other treatments haven't"
        r"\b(?:two|three|several|other|previous) (?:or more )?(?:\w+ )?"
        r"(?:antidepressants|treatments|medications|medicines) (?:have|had|has) (?:all )?failed\b",
        r"\bother treatments (?:haven't|have not|hadn't|had not|didn't|did not)\b",
        r"\btried (\w+) after \1\b",  # "tried SSRI after SSRI"
    ),
    "comparison-other": words(
        r"\bect\b",
        r"\belectroconvulsive\b",
        r"\btms\b",
        r"\bmagnetic stimulation\b",
        # a named antidepressant or add-on drug as the comparison arm
        rf"\b{COMPARATOR_DRUGS}\b",
    ),
    "faster-than-antidepressants": words(
        r"\bfaster\b",
        r"\bmore rapid(?:ly)?\b",
        r"\bquicker\b",
        r"\binstead of weeks\b",
        r"\bwait(?:ing)? (?:\w+ ){0,3}?(?:weeks|months)\b",  # "with an SSRI you're waiting six weeks"
        # "works in hours, not the 4-6 weeks an SSRI needs"; "hours rather than weeks"
        r"\b(?:hours|days),? (?:not|rather than|instead of) (?:the )?(?:[\w–-]+ )?(?:weeks|months)\b",
        r"\b(?:takes?|took|taking)\s+(?:[\w-]+\s+){0,4}?(?:weeks|months?)\b",
        r"\bunlike\b",
        r"\bwhereas\b",
    ),
    "maintenance": words(
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
        r"\bcome back for a boost\b",
        r"\bthen (?:weekly|monthly|every (?:week|month|two weeks|few weeks))\b",
        r"\bevery (?:week|month) or two\b",
        r"\brepeat (?:visits|infusions|sessions|doses)\b",
    ),
    "addiction": words(
        r"\baddict\w*",
        r"\bmisus\w*",
        r"\babuse\b",
        r"\bdependen(?:ce|t)\b",
        r"\bhooked\b",
        r"\bhabit-forming\b",
    ),
    "long-term-safety": words(
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
    "side-effects": words(
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
        r"(?-i:\bBP\b)",
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
    "mechanism": words(
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
    "durability": words(
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
        # the benefit's end: "symptoms had usually returned by day 7", "benefit usually lost by day 10"
        r"\b(?:symptoms|depression|mood|it|they) (?:had |have |has )?(?:usually |often |typically )?"
        r"(?:returned|come back|came back)\b",
        r"\b(?:returned|come back|came back) by day\b",
        r"\b(?:benefits?|effects?|relief) (?:is |are )?(?:usually |often |typically )?(?:lost|gone)\b",
        r"\b(?:gone|lost|faded|worn off) by day\b",
    ),
    "onset": words(
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
    "response-rate": words(
        r"\d\s*%",
        r"\bout of (?:every )?100 (?:people|patients|adults|women|men)\b",
        r"\b\d+ in every (?:100|1,000|1000)\b",  # "about 450 in every 1,000 people"
        r"\bper ?cent\b",
        r"\babout half\b",
        r"\bsuccess rates?\b",
        r"\b(?:half|two-thirds|two thirds|a third|one third|a quarter)\b",
        r"\bone in \w+\b",
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine) (?:in|out of) "
        r"(?:\d+|three|four|five|six|seven|eight|nine|ten)\b",
    ),
    "efficacy": words(
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
    "course": words(
        r"\binfusions\b",
        r"\bsessions\b",
        r"\btreatments\b",
        r"\bseries\b",
        r"\bdoses\b",
        r"\btwice a week\b",
        r"\bfull treatment plan\b",
        r"\bcourse\b",
    ),
    "dose": words(r"\d\s*mg\b", r"\bmg\b", r"\bmg/kg\b", r"\bmilligrams?\b", r"\bper 1 kg\b", r"\bratio\b"),
    "infusion-length": words(r"\bminutes\b", r"\bmins\b"),
}
SIDE_END = words(
    r"\bfade",
    r"\bwear off\b",
    r"\bwears off\b",
    r"\b(?:have |has )?worn off\b",
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
EFFECT = words(
    r"\bimprov\w*",
    r"\bseparat\w* from (?:the )?placebo\b",
    r"\bfe(?:el|lt)\w* (?:better|a (?:\w+ )?difference)\b",
    r"\bnotice\w* a (?:\w+ )?(?:difference|change)\b",
    r"\bantidepressant (?:effects?|action)\b",
    r"\beas(?:e|es|ed|ing)\b",
    r"\brelie\w*",
    r"\bmood\b",
    r"\bfeel\w* (?:better|a difference)\b",
    r"\bsymptoms\b",
    r"\breduc\w*",
    r"\blift\b",
    r"\bworks?\b(?! (?:by|on|through|via|in (?:a|the) different))",  # "works by blocking": how, not when
    r"\bact\b",
    r"\bkicks? in\b",
    r"\bfe(?:el|lt)\w* (?:something|lighter|brighter|different)\b",
)
# what one dose, infusion or session does ("one infusion usually wears off in about a week"): the
# benefit's span even when no benefit word is named
SINGLE_DOSE = words(
    r"\b(?:one|a single|single|each|the first) (?:\w+ )?(?:infusion|dose|session|treatment|spray|drip)\b"
)
# a result against a dummy treatment ("beat a placebo spray", "improved more than those who added a
# dummy spray", "met the primary endpoint"): an efficacy claim whatever the treatment is called
PLACEBO_WIN = words(
    r"\b(?:beat|beaten|beats|outperform\w*|better than|more than|greater \w+ (?:reduction|improvement) than)"
    r"\b[^.;]{0,60}?\b(?:placebo|dummy)\b",
    r"\bmet (?:its|the) primary endpoint\b",
)
RESPONSE = words(
    r"\brespon\w*",
    r"\bimprov\w*",
    r"\bbenefit\w*",
    r"\bsuccess\w*",
    r"\brelief\b",
    r"\bbetter\b",
    r"\bremissions?\b",
    r"\bdrop in\b",
    r"\bfree of (?:\w+ )?(?:symptoms|depression)\b",
    r"\bsymptom-free\b",
)
COMPARATIVE = words(
    r"\bas effective as\b",
    r"\bbetter\b",
    r"\bthan\b",
    r"\bsuperior\b",
    r"\bcompared\b",
    r"\bwhereas\b",
    r"\bunlike\b",
    r"\binstead of\b",
    r"\b(?:worked|works|work|did|does|do) (?:about |roughly |just |nearly |at least )?as well as\b",
    # a result against the placebo arm ("46.1% of the drug group and 23.8% of the placebo group")
    r"\b(?:vs\.?|versus|against)\b",
    r"\bnon-?inferior\b",
    r"\bbeat(?:s|en)? (?!a placebo|the placebo|placebo|a dummy|the dummy)",
    r"\b(?:with|of the|in the|for|on|from) (?:the )?placebo\b",
)
ANTIDEPRESSANT = words(
    r"\bantidepressants?\b",
    rf"\b{COMPARATOR_DRUGS}\b",
    r"\bmedications?\b",
    r"\bssris?\b",
    r"\b(?:my |their |your )?old (?:tablets|pills)\b",
    r"\btablet antidepressants?\b",
)
# Other antidepressants as what the sentence is about: named in its first words ("Standard
# antidepressant tablets take weeks"), or as what people did not respond to.
ANTIDEPRESSANT_SUBJECT = re.compile(
    r"\W*(?:\w+\W+){0,4}?(?:antidepressants?|ssris?|medications?|"
    r"(?:my |their |your )?old (?:tablets|pills))\b(?! (?:effects?|action|response|properties|activity))",
    re.I,
)
RESPONDS_TO_ANTIDEPRESSANTS = re.compile(
    r"\brespond\w* (?:\w+ ){0,3}?to (?:\w+ ){0,4}?(?:antidepressants?|medications?|ssris?)\b", re.I
)
OTHER_THERAPY_ONLY = words(r"\bect\b", r"\belectroconvulsive\b", r"\btms\b", r"\bplacebo\b(?!-controlled)")
INFUSION_LENGTH_CONTEXT = words(
    r"\binfus\w*",
    r"\badministered\b",
    r"\bdripp?\w*",
    r"\bintravenous\w*",
    r"\bover (?:about |around )?\S+ min\w*",
)
ANAESTHESIA = words(
    r"\ban(?:a)?esthe\w*",
    r"\bsedati\w*",
    r"\bbattlefield\b",
    r"\bfor surgery\b",
    r"\bput (?:someone|people|patients|you|them) under\b",
)
BENEFIT = words(
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


OTHER_CONDITIONS = (
    ("ptsd", r"\bptsd\b|traumatic"),
    ("ocd", r"\bocd\b|obsessive"),
    ("bipolar-depression", r"\bbipolar|\bmania\b|\bmanic\b"),
    ("alcohol-use", r"\balcohol"),
    ("anxiety", r"\banxiety"),
)


# A table cell or list item that is only a dose ("56 mg", "28 mg or 56 mg"): a claim of its own.
DOSE_CELL_RE = re.compile(r"(?:\d+(?:\.\d+)?\s*mg(?:/kg)?(?:\s*(?:or|and|to|-|–|,)\s*)?)+", re.I)
# Pain as something ketamine relieves, not a symptom listed ("chest pain", "pain when passing urine").
RELIEF = words(
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
PAIN_CONDITION = words(
    r"\bchronic pain\b",
    r"\bnerve pain\b",
    r"\bfibromyalgia\b",
    r"\bmigraines?\b",
    r"\bneuropath\w*",
    r"\bpain (?:syndromes?|conditions?|disorders?)\b",
)
COMPARISON_DRUG = words(COMPARATOR_DRUGS)
# A drug's legal class ("a Class B controlled drug", "Schedule III"): regulatory unless the sentence
# also speaks of misuse ("a Schedule III controlled substance and can be misused": addiction).
SCHEDULING = words(
    r"\bschedule (?:i{1,3}|iv|v|[1-5])\b", r"\bclass [abc]\b", r"\bcontrolled (?:drug|substance)\b"
)
MYTH = re.compile(r"\W*myth(?:\s*#?\d+)?\s*[:.\-–]", re.I)  # "Myth: ketamine is an instant cure"
# a reader's question, labelled ("Q: ...", a chatbot's "User: ...") or by a forum user name
# ("u/kestrel_wakes: Bipolar II here.")
QUESTION_LABEL = re.compile(r"\s*(?:(?:q|question)\s*[:.]\s|u/[\w-]+\s*:|user\s*:)", re.I)
ANSWER_LABEL = re.compile(r"^\s*(?:a|answer|assistant)\s*:\s*", re.I)
# First-person experience ("My relief held for five weeks", "I felt sick after the second session"),
# unless it passes on a general claim ("my psychiatrist explained that the lift usually lasts a
# week", "I'd read that some people feel better within hours").
ANECDOTE = re.compile(r"\s*(?:my|i|i'm|i've|i'd|we)\b", re.I)
GENERAL = words(
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
COMPARED_BENEFIT = words(
    r"\bbeat(?:s|en)?\b",  # "beat quetiapine": a win over the comparison arm
    r"\boutperform\w*",
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
ELIGIBILITY = words(
    r"\b(?:the|this|our) (?:service|clinic|programme|program|trial|study) is (?:only )?for\b",
    r"\beligib\w*",
    r"\benrolled\b",
    r"\baged \d+ (?:to|-|–) \d+\b",
    r"\binclusion criteria\b",
)
HELPS = words(r"\bhelps?\b", r"\bworks?\b", r"\beffective\b", r"\bbenefits?\b", r"\brelie\w*", r"\bimprov\w*")
NOT_OFFERED = words(
    r"\b(?:do not|don't|cannot|can't|will not|won't) (?:offer|treat|give|refer)\b",
    r"\bthere is no uncontrolled\b",
)
EXCLUDED_GROUP = words(
    r"\bnot suitable\b",
    r"\bhistory of\b",
    r"\brules? (?:it|you) out\b",
)
# An oral dose that melts or dissolves is no infusion ("hold the tablet until it melts, which takes
# about seven minutes").
NOT_INFUSED = words(r"\btablets?\b", r"\blozenges?\b", r"\btroches?\b", r"\bmelts?\b", r"\bdissolv\w*")
AFTER_COUNT = re.compile(r"\bafter (?:the )?$", re.I)
SPEED = words(
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
FREQ_HINT = words(r"\btwice a week\b", r"\bonce a week\b", r"\b(?:two|three) times a week\b", r"\bweekly\b")
