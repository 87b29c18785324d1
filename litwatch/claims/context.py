"""Who and what a record studied: population (human/animal/in-vitro), route and formulation.

These decide whether a record's evidence is *direct* for a claim: intranasal esketamine in
surgery patients does not check a claim about IV racemic ketamine in depression. A route counts
only in a sentence that also names ketamine (so "intravenous paracetamol" or "oral
antidepressants" do not make a ketamine study oral) and not in BACKGROUND sentences, which
describe other work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from litwatch.claims.evidence import Route
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.termtable import BUILTIN_JOINT

# Every pattern starts with a literal so the Finder can use it as an anchor (see matching.py).
KETAMINE = Finder(
    [
        r"\b(?:ketamin|esketamin|arketamin|dexketamin|levoketamin)[ae]?\b",
        r"\((?:es\)|s\)-?|r\)-?|\+\)-?|-\)-?)ketamine",
        r"\bdextrocetamin[ae]\b",
        r"\bspravato\b",
    ]
)
ESKETAMINE = Finder(
    [
        r"\b(?:esketamin|es-ketamin)[ae]?\b",
        r"\bs-ketamine\b",
        r"\bs -ketamine\b",
        r"\bs - ketamine\b",
        r"\bs- ketamine\b",
        r"\bs\(\+\)-?ketamine\b",
        r"\bs-\(\+\)-?ketamine\b",
        r"\((?:s\)-?|\+\)-?|es\))ketamine\b",
        r"\b(?:dexketamine|dex-ketamine|dextroketamine|dextro-ketamine)\b",
        r"\bdextrocetamin[ae]\b",
        r"\bspravato\b",
    ]
)
ARKETAMINE = Finder(
    [
        r"\b(?:arketamine|ar-ketamine|levoketamine|levo-ketamine)\b",
        r"\br-ketamine\b",
        r"\br -ketamine\b",
        r"\br - ketamine\b",
        r"\br- ketamine\b",
        r"\br\(-\)-?ketamine\b",
        r"\br-\(-\)-?ketamine\b",
        r"\(r\)-?ketamine\b",
    ]
)
# The other substances of psychedelic studies (PsyNamic's scope), given with ketamine or alone.
OTHER_PSYCHEDELIC = Finder(
    [
        r"\bpsilocyb\w*",
        r"\bpsilocin\b",
        r"\b(?:lsd|lysergic acid diethylamide)\b",
        r"\b(?:mdma|methylenedioxymethamphetamine)\b",
        r"\b(?:5-meo-)?dmt\b",
        r"\bdimethyltryptamine\b",
        r"\bayahuasca\b",
        r"\bmescaline\b",
        r"\bibogaine\b",
    ]
)
# "ketamine-induced", "ketamine-evoked": the drug as the cause of what is measured, not a dose.
_CAUSED_RE = re.compile(r"\s*-?\s*(?:induced|evoked|elicited|provoked)\b")
# Plain "ketamine" (not "S-ketamine", "esketamine"), "(es)ketamine" (both), or the word "racemic".
_PLAIN = Finder([r"(?<![-)])\bketamin[ae]?\b", r"\(es\)ketamine"])
_RACEMIC = Finder(r"\bracemic\b")
# "... the S-enantiomer of ketamine": plain ketamine that only explains what esketamine is.
_EXPLAINS = re.compile(
    r"(?:enantiomer|isomer|derivative|metabolite|version|form|analog(?:ue)?)s? of (?:racemic )?$"
)

# Route terms. Upper-case abbreviations are matched case-sensitively and guarded against
# look-alikes ("DSM-IV", "phase IV"; "IM"/"IN"/"SC" only next to a drug or dose word).
ROUTES: dict[str, Finder] = {  # keyed by Route
    Route.INTRAVENOUS: Finder(
        [
            r"\bintra-?venous(?:ly)?\b",
            r"\bi\.\s?v\.",
            r"(?-i:(?<!DSM-)(?<!DSM )(?<![Pp]hase )(?<![Tt]ype )(?<![Ss]tage )(?<![Gg]rade )(?<![Cc]lass )"
            r"(?<![/-])\bIV\b(?![-/]))",
        ]
    ),
    Route.INTRANASAL: Finder(
        [
            r"\bintra-?nasal(?:ly)?\b",
            r"\bnasal(?:ly)?\s+(?:spray|administration|route|es-?ketamine|ketamine|formulation|dos\w*|use|solution|"
            r"device|deliver\w*|tolerability)\b",
            r"(?-i:\bIN\b(?=\s+(?:\(?es\)?ketamine|[Kk]etamine|[Ee]sketamine|S-ketamine|sprays?|administration|route|"
            r"dose)))",
            r"\binsufflat\w*",
            r"\bspravato\b",
        ]
    ),
    Route.ORAL: Finder(
        [
            r"\boral(?:ly)?\b(?!\s+(?:antidepressant|medication|ad\b|ads\b|ssri|contracepti|hygiene|cavity|mucos|"
            r"health|presentation|fluency|cancer|surgery|antidiabetic|morphine|opioids?|analgesics?|intake|glucose|contraceptives?))",
            r"\bper os\b",
            r"\bby mouth\b",
            r"\bsublingual(?:ly)?\b",
            r"\bbuccal(?:ly)?\b",
            r"\blozenges?\b",
            r"\btroches?\b",
            r"\bp\.o\.",
            r"\b(?:drink|drank|swallowed)\b",
            r"\bingest(?:ed|ion)\b",
        ]
    ),
    Route.INTRAMUSCULAR: Finder(
        [
            r"\bintra-?muscular(?:ly)?\b",
            r"\bi\.m\.",
            r"(?-i:\bIM\b(?=\s*(?:\)|,|ketamine|esketamine|injection|dose|administration|route|or|and|group)))",
        ]
    ),
    Route.SUBCUTANEOUS: Finder(
        [
            r"\bsub-?cutaneous(?:ly)?\b",
            r"\bs\.c\.",
            r"(?-i:\bSC\b(?=\s*(?:\)|ketamine|esketamine|injection|dose|administration|route)))",
        ]
    ),
    Route.OTHER: Finder(
        r"\b(?:epidural(?:ly)?|intrathecal(?:ly)?|rectal(?:ly)?|transdermal(?:ly)?|topical(?:ly)?|"
        r"intra-?peritoneal(?:ly)?|intra-?articular|nebuli[sz]ed|intra-?cerebroventricular)\b"
    ),
}
# An infusion or bolus, a drug given intraoperatively, at anaesthesia induction or as the ECT
# anaesthetic: all imply intravenous when no other route is named beside the drug.
_INFUSION = Finder(
    [
        r"\binfus(?:ion|ions|ed|ing)\b",
        r"\bover (?:\d+|forty|sixty) ?-?(?:min|mins|minutes)\b",  # "0.5 mg/kg over 40 minutes"
        r"\bbolus(?:es)?\b",
        r"\bintraoperatively\b",
        r"\bintra-operatively\b",
        r"\bintraoperative (?:(?:low-dose|single|subanesthetic|sub-anesthetic) )?"
        r"(?:(?:[sr]-|es|ar)?ketamine|administration|injection|use)\b",
        r"\bintra-operative (?:(?:low-dose|single|subanesthetic|sub-anesthetic) )?"
        r"(?:(?:[sr]-|es|ar)?ketamine|administration|injection|use)\b",
        r"\banaesthe\w* (?:induction|(?:agent )?(?:for|during|in|with) (?:the )?(?:ect|electroconvulsive))\b",
        r"\banesthe\w* (?:induction|(?:agent )?(?:for|during|in|with) (?:the )?(?:ect|electroconvulsive))\b",
        # "switching to ketamine anesthesia ... during an acute course of ECT"
        r"\b(?:anaesthe|anesthe)\w*\b[^.;]{0,60}?\b(?:for|during|in|with) (?:an? |the )?(?:acute |index )?"
        r"(?:course of )?(?:ect|electroconvulsive)\b",
        r"\b(?:ect|electroconvulsive therapy) an(?:a)?esthe\w*\b",
        r"\binduction of (?:general |\w+ )?an(?:a)?esthesia\b",
    ]
)

# Population. Human words are the people a clinical abstract talks about; animal words the usual
# laboratory species; in-vitro words cell and tissue work. Counted in sentences.
_HUMAN = Finder(
    r"\b(?:patients?|participants?|volunteers?|humans?|adults?|adolescents?|children|women|men|individuals|"
    r"veterans|outpatients|inpatients|parturients|people|persons|clinic(?:al)?|trials?|case report|mothers?|"
    r"smokers|students)\b"
)
_ANIMAL = Finder(
    r"\b(?:rats?|mice|mouse|murine|rodents?|monkeys?|macaques?|primates?|zebrafish|pigs?|piglets?|dogs?|"
    r"rabbits?|sheep|canine|porcine|animal models?|in vivo|c57bl/6\w*|sprague-dawley|wistar)\b"
)
_IN_VITRO = Finder(
    r"\b(?:in vitro|cell lines?|cell cultures?|cultured (?:neurons|cells)|organoids?|ipscs?|brain slices?|"
    r"hippocampal slices?|hek293)\b"
)
_CLINICAL_ANCHOR = Finder(r"\b(?:patients?|participants?|volunteers?|humans?|women|men)\b")


# Sentences about treatment history or future work name drugs and routes this study did not use.
_NOT_THIS_STUDY = Finder(
    [
        r"\bfail(?:ed|ing|ure)? to respond\b",
        r"\bhistory of\b",
        r"\bprevious(?:ly)?\b",
        r"\bprior (?:treatments?|trials?|exposure)\b",
        r"\bhad (?:received|tried|failed)\b",
        r"\b(?:future|further) (?:studies|research|trials)\b",
    ]
)
# Asked of nearly every record: evaluated together (termtable.JointFinders, which says why).
BUILTIN_JOINT.add(
    **{f"route {route}": finder for route, finder in ROUTES.items()},
    KETAMINE=KETAMINE,
    ESKETAMINE=ESKETAMINE,
    ARKETAMINE=ARKETAMINE,
    OTHER_PSYCHEDELIC=OTHER_PSYCHEDELIC,
    _PLAIN=_PLAIN,
    _RACEMIC=_RACEMIC,
    _INFUSION=_INFUSION,
    _ANIMAL=_ANIMAL,
    _NOT_THIS_STUDY=_NOT_THIS_STUDY,
)
# A review's sentences that state its own scope: "We conducted a meta-analysis of perioperative
# intravenous esketamine", "We included RCTs that compared intravenous esketamine with saline"
_REVIEW_SCOPE = Finder(
    [
        r"\b(?:we|this|the present|our) (?:\w+ ){0,3}?(?:systematic review|meta-analys[ie]s|review)\b"
        r"(?! of (?:\w+ ){0,2}?(?:records|charts))",
        r"\bwe included (?:\w+ ){0,2}?(?:rcts|trials|studies)\b",
        r"\b(?:eligible|included) (?:\w+ ){0,2}?(?:rcts|trials|studies) "
        r"(?:compared|tested|evaluated|assessed)\b",
        # "We searched six databases for randomised trials comparing intravenous racemic ketamine, ...",
        # "Randomised trials of intravenous ketamine or intranasal esketamine versus saline", "Trials in
        # adults ... (racemic ketamine) or ... (intranasal esketamine) were identified"
        r"\bwe searched\b[^.;]{0,200}?\bfor (?:\w+ ){0,3}?(?:rcts|trials|studies)\b",
        r"^(?:study selection: |eligibility criteria: )?(?:[\w-]+ ){0,3}?(?:rcts|trials|studies) "
        r"(?:of|comparing|that compared|that tested|evaluating)\b",
        r"\b(?:rcts|trials|studies)\b[^.;]{0,200}?\bwere (?:identified|included|eligible|selected)\b",
    ]
)
_NEAR = 45  # characters: a route word this close to "ketamine" describes how ketamine was given
# "esketamine 0.2 mg/kg diluted to 20 mL with saline or saline alone, infused over 30 minutes": an
# infusion word after the drug's dose and the arms still says how the drug was given
_INFUSED_NEAR = 80


def study_indices(doc: Doc) -> set[int]:
    """Sentences about this study: everything except BACKGROUND (falls back to all)."""
    own = {s.index for s in doc.sentences if s.section != "background"}
    own = own or {s.index for s in doc.sentences}
    return own - set(_NOT_THIS_STUDY.hits(doc))


def sentence_routes(doc: Doc) -> dict[int, list[str]]:
    """Routes named in each sentence; "infusion" with no other route means intravenous. Cached."""
    got = doc.cache.get("sentence_routes")
    if got is None:
        got = {}
        for route, finder in ROUTES.items():
            for i in finder.hits(doc):
                got.setdefault(i, []).append(route)
        for i in _INFUSION.hits(doc):
            got.setdefault(i, ["intravenous"])
        doc.cache["sentence_routes"] = got
    return got


def _near(a: list, b: list) -> bool:
    """Is some match in `a` within _NEAR characters of some match in `b`?"""
    return any(x.start() - _NEAR <= y.end() and y.start() - _NEAR <= x.end() for x in a for y in b)


def _route_hits(doc: Doc) -> dict[int, list[str]]:
    """Route words (not "infusion") named in each sentence, in ROUTES order. Cached."""
    got = doc.cache.get("route_hits")
    if got is None:
        got = doc.cache["route_hits"] = {}
        for route, finder in ROUTES.items():
            for i in finder.hits(doc):
                got.setdefault(i, []).append(route)
    return got


# "each given by intravenous infusion", "both administered intravenously": a route stated for all arms
_EVERY_ARM_ROUTE_RE = re.compile(
    r"\b(?:each|both|all)\s+(?:(?:being|was|were)\s+)?(?:(?:given|administered|delivered|injected|infused)\s+)?"
    r"(?:(?:by|via|as|through|an?|the)\s+){0,2}$"
)


def _for_every_arm(low: str, route_hits: list[re.Match[str]], given: list[re.Match[str]]) -> bool:
    """Does a route word after the drug's mention say how every arm was given?"""
    return any(
        m.start() > g.end() and _EVERY_ARM_ROUTE_RE.search(low, max(0, m.start() - 40), m.start())
        for m in route_hits
        for g in given
    )


def _infused(low: str, infusions: list[re.Match[str]], given: list[re.Match[str]]) -> bool:
    """Is an infusion word near the drug, or after the drug's dose ("esketamine 0.2 mg/kg ... or
    saline alone, infused over 30 minutes")?"""
    return _near(infusions, given) or any(
        0 <= m.start() - g.end() <= _INFUSED_NEAR and "mg/kg" in low[g.end() : m.start()]
        for m in infusions
        for g in given
    )


def _drug_routes(doc: Doc, drug: Finder, own: set[int]) -> set[str]:
    """Routes named within _NEAR characters of a mention of `drug` in the sentences `own`.

    A mention that only says what the drug causes ("ketamine-induced changes") is no dose of it:
    "oral administration of TAK-063 on ketamine-induced changes" does not make ketamine oral.
    "Infusion"/"bolus" next to the drug means intravenous when no route word is next to it.
    """
    found: set[str] = set()
    low, named_in, infused = doc.low, _route_hits(doc), set(_INFUSION.hits(doc))
    for i in sorted(own.intersection(drug.hits(doc))):
        routes = named_in.get(i, ())
        if not routes and i not in infused:
            continue
        given = [m for m in drug.matches(doc, i) if not _CAUSED_RE.match(low, m.end())]
        if not given:
            continue
        named = [r for r in routes if _near(ROUTES[r].matches(doc, i), given)]
        if not named and routes:
            # "ESK 0.25 mg/kg or saline, given intravenously over 10 min": the route of every arm
            named = [r for r in routes if _for_every_arm(low, ROUTES[r].matches(doc, i), given)]
        if not named and i in infused and _infused(low, _INFUSION.matches(doc, i), given):
            named = ["intravenous"]
        found.update(named)
    return found


def detect_routes(doc: Doc) -> list[str]:
    """Routes of ketamine in this study, in ROUTES order.

    A route counts in a sentence of the study that names ketamine within _NEAR characters
    ("oral ketamine", "ketamine was infused"), so "a single oral dose of Org 25935 ... on
    ketamine-induced symptoms" does not make the study oral. ClaimTag.context compares these
    with the claim's routes.
    """
    found = _drug_routes(doc, KETAMINE, study_indices(doc))
    return [r for r in ROUTES if r in found]


def detect_study_routes(doc: Doc, review: bool, ketamine_routes: Sequence[str]) -> list[str]:
    """How the study gave its psychedelic substance(s) -- ketamine (`ketamine_routes`, from
    detect_routes) or another it studies (psilocybin, ayahuasca, LSD, MDMA, ...) -- in ROUTES
    order: what PsyNamic labels "application form".

    A review gives nothing itself: its routes are those its title or objective names as its scope
    ("intravenous ketamine ...: a systematic review"), not those of the studies it summarises.
    """
    own = study_indices(doc)
    if review:
        scope = set(_REVIEW_SCOPE.hits(doc))
        own = {i for i in own if doc.sentences[i].section in ("title", "objective") or i in scope}
        found = _drug_routes(doc, KETAMINE, own)
    else:
        found = set(ketamine_routes)
    found |= _drug_routes(doc, OTHER_PSYCHEDELIC, own)
    return [r for r in ROUTES if r in found]


def detect_formulations(doc: Doc) -> list[str]:
    """racemic / esketamine / arketamine named in the title or the study's own sentences.

    "racemic" always counts. Plain "ketamine" counts as racemic except where it only explains an
    enantiomer ("esketamine, the S-enantiomer of ketamine").
    """
    own = study_indices(doc)
    es = set(ESKETAMINE.hits(doc)) & own
    ar = set(ARKETAMINE.hits(doc)) & own
    racemic = bool(set(_RACEMIC.hits(doc)) & own)
    for i in sorted(set(_PLAIN.hits(doc)) & own):
        if racemic:
            break
        if i not in es and i not in ar:
            racemic = True
        else:
            low = doc.low
            racemic = any(
                not _EXPLAINS.search(low, max(0, m.start() - 30), m.start()) for m in _PLAIN.matches(doc, i)
            )
    found = ["racemic"] if racemic else []
    if es:
        found.append("esketamine")
    if ar:
        found.append("arketamine")
    return found


def detect_population(doc: Doc, mesh: Sequence[str]) -> str:
    """human / animal / in-vitro / unknown: MeSH check tags first, then words in the text."""
    mesh_set = {m.lower() for m in mesh}
    if "humans" in mesh_set:
        return "human"
    if "animals" in mesh_set:
        return "animal"
    animal = len(_ANIMAL.hits(doc))
    if animal and animal >= len(_CLINICAL_ANCHOR.hits(doc)):
        return "animal"
    human = _HUMAN.found(doc)
    if not human and _IN_VITRO.found(doc):
        return "in-vitro"
    return "human" if human else "unknown"


# What condition or setting a study was in: the report shows it beside every row, because a dose
# or infusion time from an anaesthesia trial still counts for a dose claim but is not depression
# care. First match in this order, looked for in the title, then the aim and methods.
INDICATIONS: tuple[tuple[str, Finder], ...] = (
    (
        "treatment-resistant depression",
        # not "treatment-refractory OCD": another condition's resistance
        Finder(
            [
                r"\btreatment[- ](?:resistant|refractory)\b(?! (?:obsessive|ocd|schizophreni\w*|psychosis|"
                r"pain|epilepsy|anxiety|ptsd|post-?traumatic|hypertension|bipolar mania))",
                r"(?-i:\bTRD\b)",
            ]
        ),
    ),
    (
        "postpartum depression",
        Finder(
            [
                r"\b(?:postpartum|post-partum|postnatal|perinatal|peripartum|antenatal|prenatal) depress\w*",
                r"(?-i:\bPPD\b)",
                r"\bcesarean\b",
                r"\bcaesarean\b",
                r"\bparturients?\b",
            ]
        ),
    ),
    ("bipolar depression", Finder([r"\bbipolar\b"])),
    ("suicidal ideation", Finder([r"\bsuicid\w*"])),
    ("PTSD", Finder([r"(?-i:\bPTSD\b)", r"\bpost-?traumatic stress\b"])),
    ("OCD", Finder([r"(?-i:\bOCD\b)", r"\bobsessive[- ]compulsive\b"])),
    (
        "substance use",
        Finder([r"\b(?:alcohol|cocaine|opioid|substance) (?:use|dependence|use disorders?)\b"]),
    ),
    ("anxiety", Finder([r"\banxiety disorders?\b", r"\bsocial anxiety\b", r"\bgeneralized anxiety\b"])),
    (
        "depression",
        Finder([r"\bdepress\w*", r"(?-i:\bMDD\b)", r"\bmood disorders?\b", r"\bdepressive\b"]),
    ),
    (
        "pain",
        Finder(
            [
                r"\bchronic pain\b",
                r"\bneuropathic pain\b",
                r"\bcancer pain\b",
                r"\bfibromyalgia\b",
                r"\bmigraine\w*",
                r"\bcomplex regional pain\b",
            ]
        ),
    ),
    (
        "surgery / anaesthesia",
        Finder(
            [
                r"\b(?:an|a)esthe\w*",
                r"\bsurg\w*",
                r"\bpostoperative\b",
                r"\bperioperative\b",
                r"\bintraoperative\b",
                r"\bsedation\b",
                r"\bendoscop\w*",
                r"\bcolonoscop\w*",
            ]
        ),
    ),
    ("healthy volunteers", Finder([r"\bhealthy (?:volunteers|participants|subjects|adults|controls)\b"])),
)

BUILTIN_JOINT.add(indication_trd=INDICATIONS[0][1])  # the first one asked, of every record


def detect_indication(doc: Doc) -> str:
    """The condition or setting studied (INDICATIONS), from the title first; "" when none is named.

    Surgery outranks depression only when depression is not in the title: an esketamine trial for
    postoperative depression is about depression; an anaesthesia trial with a mood score is surgery.
    """
    for scope in ({"title"}, {"title", "objective", "methods", "body"}):
        own = {s.index for s in doc.sentences if s.section in scope and s.role != "background"}
        for name, finder in INDICATIONS:
            if own.intersection(finder.hits(doc)):
                return name
    return ""
