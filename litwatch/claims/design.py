"""Study design and evidence level of a record.

MEDLINE indexers' PublicationType is the best source, so it wins where it names a design; the
text then only refines it (a "Clinical Trial" that says "randomly assigned" is an RCT, "Case
Reports" about four patients is a case series). Without publication types (publisher records,
CSV exports) the design comes from the text: the title first, because it names the design in
most reports, then the study's own sentences. BACKGROUND sentences are never used: "a
meta-analysis of RCTs concluded ..." there describes other work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from litwatch.claims.evidence import Design
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.termtable import BUILTIN_JOINT

# Oxford CEBM 2011 levels for "does this intervention help / what are the harms", adapted to
# the designs we can tell apart. The README quotes this table.
EVIDENCE_LEVEL_TABLE: tuple[tuple[Design, int, str], ...] = (
    (
        Design.META_ANALYSIS,
        1,
        "systematic review / meta-analysis of randomised or clinical trials (3 if it names none)",
    ),
    (
        Design.SYSTEMATIC_REVIEW,
        1,
        "as meta-analysis; a review of observational studies is graded like them (3)",
    ),
    (Design.RCT, 2, "randomised trial"),
    (Design.NON_RANDOMIZED_TRIAL, 3, "non-randomised controlled or single-arm / open-label trial"),
    (Design.COHORT, 3, "cohort / follow-up study, incl. retrospective chart reviews and registries"),
    (Design.CASE_CONTROL, 4, "case-control study"),
    (
        Design.CROSS_SECTIONAL,
        4,
        "cross-sectional study or survey (no time order between exposure and outcome)",
    ),
    (Design.CASE_SERIES, 4, "case series (two or more patients, no control group)"),
    (Design.CASE_REPORT, 5, "single case report"),
    (Design.NARRATIVE_REVIEW, 5, "narrative review / expert opinion (mechanism-based reasoning)"),
    (Design.PRECLINICAL, 5, "animal or in-vitro study (mechanism-based reasoning)"),
    (Design.PROTOCOL, 5, "study protocol or trial registration: no results yet"),
    (Design.OTHER, 5, "anything else: editorials, letters, qualitative and methods papers"),
)
EVIDENCE_LEVELS: dict[str, int] = {design: level for design, level, _ in EVIDENCE_LEVEL_TABLE}
_REVIEW_OF_OBSERVATIONAL_LEVEL = 3

# MEDLINE PublicationType -> design. Generic trial types are refined by the text (see above).
PUBLICATION_TYPE_DESIGNS: dict[str, str] = {
    "Clinical Trial Protocol": "protocol",
    "Meta-Analysis": "meta-analysis",
    "Network Meta-Analysis": "meta-analysis",
    "Systematic Review": "systematic-review",
    "Randomized Controlled Trial": "rct",
    "Randomized Controlled Trial, Veterinary": "preclinical",
    "Equivalence Trial": "non-randomized-trial",
    "Pragmatic Clinical Trial": "non-randomized-trial",
    "Adaptive Clinical Trial": "non-randomized-trial",
    "Controlled Clinical Trial": "non-randomized-trial",
    "Clinical Trial": "non-randomized-trial",
    "Clinical Trial, Phase I": "non-randomized-trial",
    "Clinical Trial, Phase II": "non-randomized-trial",
    "Clinical Trial, Phase III": "non-randomized-trial",
    "Clinical Trial, Phase IV": "non-randomized-trial",
    "Clinical Study": "non-randomized-trial",
    "Observational Study": "cohort",
    "Observational Study, Veterinary": "preclinical",
    "Case Reports": "case-report",
    "Review": "narrative-review",
    "Scoping Review": "narrative-review",
    "Editorial": "other",
    "Comment": "other",
    "Letter": "other",
    "News": "other",
    "Newspaper Article": "other",
    "Guideline": "other",
    "Practice Guideline": "other",
    "Consensus Development Conference": "other",
}
_PRIORITY = (
    *("protocol", "meta-analysis", "systematic-review", "rct", "non-randomized-trial", "cohort"),
    *("case-control", "cross-sectional", "case-series", "case-report", "narrative-review", "preclinical"),
    "other",
)
# Which designs the text may refine a publication-type design into.
_REFINE = {
    "non-randomized-trial": ("rct",),
    "cohort": ("case-control", "cross-sectional"),
    "case-report": ("case-series",),
    "narrative-review": ("meta-analysis", "systematic-review"),
}


_REGISTRY_HEADING_RE = re.compile(
    r"\b(?:INTERVENTIONS?|PRIMARY OUTCOMES?|SECONDARY OUTCOMES?|INCLUSION CRITERIA|EXCLUSION CRITERIA)\s*:"
)
_CASE_HEADING_RE = re.compile(r"\bCASE (?:PRESENTATION|REPORT|DESCRIPTION|SUMMARY|DETAILS)\s*:", re.I)
# Words every registry heading holds: abstracts without them skip the (slow, unanchored) regex.
_REGISTRY_WORDS = ("INTERVENTION", "OUTCOME", "CRITERIA")


def _registry_headings(abstract: str) -> int:
    """How many trial-registry headings ("INTERVENTIONS:", "PRIMARY OUTCOME:") an abstract has."""
    if abstract.count(":") < 2 or not any(w in abstract for w in _REGISTRY_WORDS):
        return 0
    return len(_REGISTRY_HEADING_RE.findall(abstract))


def _has_case_heading(abstract: str) -> bool:
    """ "CASE PRESENTATION:" and the like, in any case ("\u017f" is a long s, which re.I matches)."""
    low = abstract.lower()
    return ("case" in low or "\u017f" in low) and _CASE_HEADING_RE.search(abstract) is not None


_META = Finder([r"\bmeta-?analy[sz]\w*", r"\bmeta-?regression", r"\bnetwork meta"])
_META_METHOD = Finder(
    [
        r"\brandom-effects?\b",
        r"\bfixed-effects? model",
        r"\bpooled (?:effect|estimate|odds|risk|mean|standardi[sz]ed|analysis of \d+ (?:studies|trials))",
        r"\bforest plot",
        r"\bi2\s*=",
        r"\bi\u00b2",
        r"\bi\(2\)",
    ]
)
_SELF = Finder(
    [r"\b(?:this|our|the present|the current|we|herein|here)\b", r"\b(?:was|were) (?:performed|conducted)\b"]
)
_SYSTEMATIC = Finder(
    [
        r"\bsystematic(?:ally)? (?:review|search|literature)",
        r"\bumbrella review",
        r"\bprisma\b",
        r"\bcochrane review",
    ]
)
_DATABASES = (
    r"(?:pubmed|medline|embase|psycinfo|psychinfo|scopus|central|cochrane library|web of science|cinahl)"
)
_SEARCH = Finder(
    [
        rf"\b{_DATABASES}\b[^.]{{0,120}}\b(?:search|searched|inception)",
        rf"\b(?:searched|search of|searching)\b[^.]{{0,60}}\b(?:{_DATABASES}|databases?|literature)\b",
    ]
)
_PROTOCOL_TITLE = Finder(
    [
        r"(?<!treatment )(?<!dosing )(?<!infusion )(?<!titration )\bprotocol\b",
        r"\b(?:design|methods) and rationale\b",
        r"\brationale(?:,| and) (?:design|methods)\b",
    ]
)
# A result with numbers: an abstract that reports one is no protocol, whatever it says of "the protocol".
_REPORTED_RESULT = Finder([r"\bp\s*[<=>≤]\s*0?\.\d", r"\b95\s*%\s*ci\b", r"\bconfidence interval\b"])
_PROTOCOL = Finder(
    [r"\b(?:study|trial|this|research|present) protocol\b", r"\bprotocol (?:for|of) (?:a|an|the)\b"]
)
_FUTURE = Finder(
    [
        r"\b(?:will|shall) (?:be "
        r"(?:randomi[sz]ed|recruited|enrolled|assigned|allocated|assessed|measured|evaluated|"
        r"collected|included|conducted|performed|administered|given|used|compared|analy[sz]ed|followed|treat"
        r"ed|"
        r"screened|monitored|stratified)|receive|undergo|recruit|enrol|enroll|investigate|examine|evaluate|a"
        r"ssess|"
        r"compare|test|determine|explore)\b",
        r"\bwe will\b",
        r"\bis (?:being )?designed to\b",
    ]
)
_RCT_TITLE = Finder(
    [r"(?<!non-)(?<!non )(?<!quasi-)\brandomi[sz]ed\b", r"\brct\b", r"\bplacebo-controlled\b"]
)
_RCT = Finder(
    [
        r"\b(?:were|was|being|are|is|been|got) (?:\w+ ){0,2}?(?:randomi[sz]ed|randomly)\b",
        r"\brandomly (?:assigned|allocated|divided|distributed|received|selected to|administered|given)",
        r"\brandom (?:number (?:table|generator)|allocation|assignment)\b",
        r"(?<!non-)(?<!non )\brandomi[sz]ed(?: (?:to|into|in a|1:1|2:1|\()|,? "
        r"(?:double|single|triple|quadruple|"
        r"placebo|sham|active|controlled (?:clinical )?(?:trial|study)\b|clinical "
        r"trial\b(?!s)|crossover|cross-over|"
        r"parallel|pilot|trial\b(?!s)|study|phase|multi-?cent|counter|within|open|comparative|non-inferiorit"
        r"y))",
        r"\b(?:double|triple|single)[- ]blind(?:ed)?,? randomi[sz]ed",
        r"\brandomi[sz]ation\b",
        # the active voice: "two trials randomized adults to esketamine or placebo"
        r"\brandomi[sz]ed (?:\d+ )?(?:[\w-]+ ){0,2}?(?:patients|participants|adults|subjects|volunteers|"
        r"individuals|women|men|children|adolescents) (?:\w+ ){0,3}?(?:to|into|between)\b",
    ]
)
# "double-blind, placebo-controlled" (either order): allocation in such trials is randomised.
_BLIND_PLACEBO = Finder(
    [
        r"\b(?:double|triple)[- ]blind(?:ed)?,? (?:\w+[ ,-]+){0,3}?placebo[- ]controlled",
        r"\bplacebo[- ]controlled,? (?:\w+[ ,-]+){0,3}?(?:double|triple)[- ]blind",
    ]
)
_NOT_OWN = Finder(
    [
        r"\b(?:further|future|larger|more|additional|needed|warranted|required|should|previous|prior|earlier|"
        r"recent)\b",
        r"\btrials (?:have|has)\b",
    ]
)
_CASE_SERIES = Finder(
    [
        r"\bcase[- ]series\b",
        r"\bseries of (?:\w+ ){0,2}?(?:patients|cases)\b",
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+) cases\b",
    ]
)
_CASE_REPORT = Finder(
    [
        r"\bcase report\b",
        r"\bcase study\b",
        r"\ba case of\b",
        r"\bwe (?:report|present|describe)\w* (?:a|the|one|an?) (?:\w+ "
        r"){0,3}?(?:case|patient|man|woman|boy|girl)\b",
        r"\b(?:a|an) \d{1,2}-year-old\b",
    ]
)
_REPORT_COUNT_RE = re.compile(
    r"\b(?:report\w*|present\w*|describ\w*|cases? of|case series "
    r"of|in)\s+(?:on\s+)?(?P<n>two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\s+(?:\w+ ){0,2}?(?:patients|cases|individuals|adolescents|adults|women|men)\b"
)
_NONRANDOM = Finder(
    [
        r"\bopen-?label\b",
        r"\bsingle-arm\b",
        r"\bnon-?randomi[sz]ed\b",
        r"\buncontrolled (?:trial|study)\b",
        r"\bpilot (?:trial|study)\b",
        r"\bproof-of-concept\b",
        r"\bphase (?:i|ii|1|2|1b|2a|i/ii|1/2)\b",
        r"\bclinical trial\b",
        r"\btest days?\b",
        # an experiment that gave the drug to healthy people ("in 12 healthy volunteers")
        r"\bhealthy (?:male |female |young |adult )?(?:volunteers|subjects|participants|men|women)\b",
    ]
)
_COHORT = Finder(
    r"\b(?:cohort|retrospective(?:ly)?|prospective(?:ly)?|longitudinal|chart review|medical records|registry|"
    r"real-world|naturalistic|observational|follow-up study)\b"
)
_CASE_CONTROL = Finder(r"\bcase-?control\b")
_CROSS_SECTIONAL = Finder(
    [r"\bcross-?sectional\b", r"\bsurvey\b", r"\b(?:were|was) surveyed\b", r"\bonline questionnaire\b"]
)
_REVIEW_TITLE = Finder(
    [
        r"(?<!retrospective )(?<!chart )(?<!record )\breview\b",
        r"\boverview\b",
        r"\bperspective\b",
        r"\bcommentary\b",
        r"\bstate of the art\b",
        r"\bwhere (?:do|are) we\b",
        r"\bcurrent evidence\b",
        r"\bnarrative\b",
    ]
)
_NARRATIVE = Finder(r"\b(?:narrative|mini-?)\s*review\b")
_REVIEW = Finder(
    [
        # "this review of 120 charts" is a chart review, not a review article
        r"\b(?:this|the present|our|narrative|literature|the current) "
        r"(?:mini-?|brief |short |critical |scoping )?review\b"
        r"(?! of (?:\w+ ){0,2}?(?:records|charts|cases|files|notes))",
        r"\bthis (?:article|paper|chapter|commentary|perspective|viewpoint|editorial|letter) (?:\w+ )?"
        r"(?:provides|offers|gives|reviews|summari[sz]es|discusses|highlights|describes|examines|explores|considers|"
        r"argues|outlines)\b",
        r"\bwe (?:review|summari[sz]e|discuss|highlight|overview)\b",
        r"\bhere,? we (?:review|discuss|summari[sz]e|highlight)\b",
    ]
)
_THIS_STUDY = Finder(
    [
        r"\b(?:this|the present|the current|our) (?:\w+[ "
        r",-]+){0,4}?(?:study|trial|experiment|analysis|report|review)\b",
        r"\bthis is the first\b",
        r"\bwe (?:conducted|performed|carried out|undertook|designed|report|present|describe|investigated|"
        r"examined|evaluated|assessed|studied|analy[sz]ed|tested)\b",
    ]
)
# A review that pooled trials ("49 independent clinical trials", "placebo-controlled trials") is a
# review of interventional studies, not of observational ones.
_RCT_MENTION = Finder(
    [r"\brandomi[sz]ed", r"\brcts?\b", r"\b(?:clinical|controlled|interventional|double-blind) trials\b"]
)
# Asked of nearly every record: evaluated with the other such Finders (termtable.JointFinders)
BUILTIN_JOINT.add(
    _RCT_MENTION=_RCT_MENTION, _PROTOCOL_TITLE=_PROTOCOL_TITLE, _META=_META, _SYSTEMATIC=_SYSTEMATIC
)
_STUDY_SECTIONS = frozenset({"objective", "methods", "results", "body"})


def design_from_publication_types(publication_types: Sequence[str]) -> str | None:
    """The highest-priority design any MEDLINE publication type names, or None."""
    found = {PUBLICATION_TYPE_DESIGNS[p] for p in publication_types if p in PUBLICATION_TYPE_DESIGNS}
    return next((d for d in _PRIORITY if d in found), None)


_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_COUNT_WORDS = dict(zip(_NUMBER_WORDS, range(2, 11), strict=True))


def _count_word(text: str) -> int:
    return _COUNT_WORDS.get(text.lower()) or (int(text) if text.isdigit() else 0)


def _case_count(texts: Sequence[str]) -> int:
    """Largest "we report N patients" count; 0 when none is stated."""
    counts = [_count_word(m.group("n")) for t in texts for m in _REPORT_COUNT_RE.finditer(t)]
    return max(counts, default=0)


def _title_design(doc: Doc) -> str | None:
    """The design a title names, if any (titles name it in most reports)."""
    if not doc.sentences or doc.sentences[0].section != "title":
        return None
    checks = (
        ("protocol", _PROTOCOL_TITLE),
        ("meta-analysis", _META),
        ("systematic-review", _SYSTEMATIC),
        ("case-series", _CASE_SERIES),
        ("case-report", _CASE_REPORT),
        ("rct", _RCT_TITLE),
        ("narrative-review", _REVIEW_TITLE),
    )
    return next((design for design, finder in checks if finder.matches_in(doc, 0)), None)


class _Signals:
    """Which designs the study's own sentences point to, worked out only when asked (most records
    are decided by the title). A BACKGROUND or CONCLUSIONS sentence counts when it speaks of this
    study: "This is the first placebo-controlled trial ..."."""

    _SIMPLE = {
        "narrative-review": (_REVIEW,),
        "case-series": (_CASE_SERIES,),
        "case-report": (_CASE_REPORT,),
        "non-randomized-trial": (_NONRANDOM,),
        "case-control": (_CASE_CONTROL,),
        "cross-sectional": (_CROSS_SECTIONAL,),
        "cohort": (_COHORT,),
        "systematic-review": (_SYSTEMATIC, _SEARCH),
    }

    def __init__(self, doc: Doc, abstract: str) -> None:
        self.doc, self.abstract = doc, abstract
        self._study: set[int] | None = None
        self._known: dict[str, bool] = {}

    def _hit(self, finder: Finder) -> set[int]:
        if self._study is None:
            doc = self.doc
            study = {s.index for s in doc.sentences if s.section in _STUDY_SECTIONS}
            own = ("background", "conclusions")
            self._study = study | {i for i in _THIS_STUDY.hits(doc) if doc.sentences[i].section in own}
        return set(finder.hits(self.doc)) & self._study

    def has(self, design: str) -> bool:
        got = self._known.get(design)
        if got is None:
            got = self._known[design] = self._compute(design)
        return got

    def _compute(self, design: str) -> bool:
        doc, hit = self.doc, self._hit
        if design == "protocol":
            registry = _registry_headings(self.abstract) >= 2
            return registry or bool(hit(_PROTOCOL)) or len(hit(_FUTURE)) >= 2
        if design == "meta-analysis":
            return any(_SELF.matches_in(doc, i) for i in hit(_META)) or bool(hit(_META_METHOD))
        if design == "rct":
            return any(not _NOT_OWN.matches_in(doc, i) for i in hit(_RCT) | hit(_BLIND_PLACEBO))
        if design == "case-report" and _has_case_heading(self.abstract):
            return True
        return any(hit(f) for f in self._SIMPLE.get(design, ()))


# A review that says so ("This review ...", "PURPOSE OF REVIEW:") is one, whatever trials or
# cohorts it mentions; below the case and RCT wording, which a review's own sentences rarely hold.
_TEXT_ORDER = (
    *("protocol", "meta-analysis", "systematic-review", "case-series", "case-report", "rct"),
    *("narrative-review", "non-randomized-trial", "case-control", "cross-sectional", "cohort"),
)
# The headings of journals whose reviews are narrative by format (Current Opinion's "PURPOSE OF
# REVIEW", Expert Opinion's "AREAS COVERED"): such a review is narrative even where it says it
# searched PubMed, unless its title calls it systematic or a meta-analysis.
_REVIEW_HEADING_RE = re.compile(r"\b(?:PURPOSE OF (?:THE )?REVIEW|RECENT FINDINGS|AREAS COVERED)\s*:")


def _split_case(design: str, texts: Sequence[str]) -> str:
    """A "case report" about two or more patients is a case series."""
    if design == "case-report" and _case_count(texts) >= 2:
        return "case-series"
    return design


def _reports_results(doc: Doc) -> bool:
    """Statistics, or a RESULTS section that gives numbers: a protocol has neither."""
    if _REPORTED_RESULT.found(doc):
        return True
    return any(s.section == "results" and any(c.isdigit() for c in s.text) for s in doc.sentences)


def design_from_text(doc: Doc, abstract: str) -> str:
    """Design from the title, else from the study's own sentences; "other" when nothing says."""
    signals = _Signals(doc, abstract)
    design = _title_design(doc)
    headed = "REVIEW" in abstract or "AREAS" in abstract
    if design in (None, "narrative-review") and headed and _REVIEW_HEADING_RE.search(abstract):
        return "narrative-review"
    if design == "narrative-review" and _NARRATIVE.matches_in(doc, 0):
        return design  # "...: A Narrative Review" that searched PubMed is still narrative
    if design == "narrative-review":
        design = next((d for d in ("meta-analysis", "systematic-review") if signals.has(d)), design)
    elif design == "systematic-review" and signals.has("meta-analysis"):
        design = "meta-analysis"
    elif design == "rct" and signals.has("protocol") and not _reports_results(doc):
        design = "protocol"
    if design is None:
        design = next((d for d in _TEXT_ORDER if signals.has(d)), "other")
    if design in ("case-report", "case-series"):
        texts = [s.low for s in doc.sentences if s.section == "title" or s.section in _STUDY_SECTIONS]
        design = _split_case(design, texts)
    return design


def detect_design(
    publication_types: Sequence[str], doc: Doc, abstract: str, population: str
) -> tuple[str, str]:
    """(design, source): publication types first, refined by the text; animal work is preclinical."""
    from_pt = design_from_publication_types(publication_types)
    from_text = design_from_text(doc, abstract)
    if from_pt is not None:
        design, source = from_pt, "publication_type"
        if from_text in _REFINE.get(from_pt, ()):
            design = from_text
    else:
        design, source = from_text, "text"
    if population in ("animal", "in-vitro") and design not in (
        "meta-analysis",
        "systematic-review",
        "narrative-review",
    ):
        design = "preclinical"
    return design, source


def evidence_level(design: str, doc: Doc) -> int:
    """CEBM-style level 1..5 (see EVIDENCE_LEVEL_TABLE)."""
    level = EVIDENCE_LEVELS.get(design, 5)
    reviewed_rcts = any(doc.sentences[i].section != "background" for i in _RCT_MENTION.hits(doc))
    if design in ("meta-analysis", "systematic-review") and not reviewed_rcts:
        level = _REVIEW_OF_OBSERVATIONAL_LEVEL
    return level
