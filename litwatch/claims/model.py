"""Data shapes of the claims tagger: what goes in (TagInput), what a claims file holds (Claim,
ClaimSet) and what comes out (RecordTags with Values and ClaimTags).

The output shapes round-trip through plain dicts because the store keeps them as JSON and may
read tags written by an older TAGGER_VERSION; `from_dict` ignores keys it does not know.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from litwatch.claims.matching import Finder, MatchPlan
from litwatch.claims.termtable import TermTable

if TYPE_CHECKING:
    from litwatch.record import Record

VALUE_KINDS = (
    "dose_mg_per_kg",
    "infusion_minutes",
    "onset_hours",
    "benefit_days",
    "sample_size",
    "dose_count",
    "response_percent",
    "course_weeks",
    "dose_mg",
    "side_effect_hours",
)
# Stances, designs and routes are the StrEnums of `litwatch.claims.evidence`.
POPULATIONS = ("human", "animal", "in-vitro", "unknown")
FORMULATIONS = ("racemic", "esketamine", "arketamine")
# Where a sentence sits in the abstract; "body" is an unlabelled abstract, "title" the title.
SECTIONS = ("title", "background", "objective", "methods", "results", "conclusions", "registration", "body")


def as_ranges(values: Any) -> list[list[float]]:
    """Values as [low, high] pairs; a bare number (tags and reviews stored before ranges) is [x, x]."""
    out: list[list[float]] = []
    for v in values or []:
        if isinstance(v, list | tuple) and len(v) == 2:
            out.append([float(v[0]), float(v[1])])
        elif isinstance(v, int | float):
            out.append([float(v), float(v)])
    return out


def midpoint(pair: list[float]) -> float:
    return (pair[0] + pair[1]) / 2


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys `cls` has, so JSON written by another tagger version still loads."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(slots=True)
class TagInput:
    """The parts of a record the tagger reads; `abstract` may carry inline "LABEL: " headings."""

    pmid: str
    title: str
    abstract: str
    publication_types: list[str] = field(default_factory=list)
    mesh: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Record) -> TagInput:
        """Keep section labels inline ("METHODS: ...") so section scoping works for every source."""
        parts = [f"{s.label}: {s.text}" if s.label else s.text for s in record.sections if s.text]
        return cls(
            pmid=record.pmid,
            title=record.title,
            abstract=" ".join(parts),
            publication_types=[pt.name for pt in record.publication_types],
            mesh=[m.descriptor for m in record.mesh],
            keywords=list(record.keywords),
        )


@dataclass(slots=True)
class Value:
    """One number found in the text, normalised to `unit`, with the sentence it came from.

    `value` is the point value (the midpoint of a range); `low`/`high` are the stated bounds.
    """

    kind: str
    value: float
    low: float | None
    high: float | None
    unit: str
    route: str | None
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Value:
        return cls(**_pick(cls, data))

    @classmethod
    def from_range(
        cls, kind: str, lo: float, hi: float | None, unit: str, route: str | None, sentence: str
    ) -> Value:
        """A value from its stated bounds (`hi` None: a single number), in order, with its midpoint."""
        hi = lo if hi is None else hi
        lo, hi = min(lo, hi), max(lo, hi)
        return cls(kind, round((lo + hi) / 2, 6), lo, hi, unit, route, sentence)


@dataclass(slots=True)
class ClaimTag:
    """How one record bears on one claim.

    `context` says whether the record studied what the article talks about (route and
    formulation): "same", "different" (e.g. intranasal esketamine vs. an IV racemic claim) or
    "unknown"; `context_note` says why. The verdict uses it to discount indirect evidence.
    """

    claim_id: str
    stance: str
    evidence: list[str]
    values: list[list[float]]  # [low, high] of each number of the claim's kind ("0.5-0.75 mg/kg")
    rule: str
    context: str = "unknown"
    context_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimTag:
        return cls(**_pick(cls, data))


@dataclass(slots=True)
class RecordTags:
    """Everything the tagger says about one record."""

    pmid: str
    design: str
    design_source: str
    evidence_level: int
    population: str
    routes: list[str]
    formulations: list[str]
    numbers: list[Value]
    sample_size: int | None
    claims: list[ClaimTag]
    tagger_version: str = ""
    # How the study gave its psychedelic substance(s), ketamine or another (PsyNamic's "application
    # form"): "oral psilocybin" counts here but not in `routes`, which is ketamine's only and is what
    # ClaimTag.context and the verdict compare with a claim. A review's are those its title or
    # objective names as its scope.
    study_routes: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # ClaimSet.topics the record is about
    indication: str = ""  # condition or setting studied (context.INDICATIONS), "" when not named

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordTags:
        d = _pick(cls, data)
        d["numbers"] = [Value.from_dict(v) for v in d.get("numbers") or []]
        d["claims"] = [ClaimTag.from_dict(c) for c in d.get("claims") or []]
        return cls(**d)

    def claim(self, claim_id: str) -> ClaimTag | None:
        """The tag for one claim, or None when the record does not bear on it."""
        return next((c for c in self.claims if c.claim_id == claim_id), None)


@dataclass(slots=True, frozen=True)
class TermRef:
    """One entry of a match group: a named term set, or extracted values ("value:dose_count>=2"),
    or a term set the title must name ("title:ketamine": then every sentence of the record hits)."""

    text: str  # as written in the file, used in rule names
    term: str | None = None
    in_title: bool = False
    value_kind: str | None = None
    value_min: float | None = None
    value_max: float | None = None


@dataclass(slots=True)
class MatchRule:
    """One way a record can bear on a claim; the claim matches when any of its rules does.

    scope "sentence": every `all` entry and one `any` entry must hit the same sentence (one of
    `sections`), and that sentence must hit no `none` entry; `min_sentences` such sentences are
    needed. scope "record": the entries may hit different sentences of those sections, and a
    `none` hit anywhere in them vetoes the rule. A sentence hitting a `skip` entry never counts
    (either scope): a record-scope rule cannot veto a whole record for one sentence of need.
    """

    name: str
    scope: str
    sections: tuple[str, ...]
    all: tuple[TermRef, ...]
    any: tuple[TermRef, ...]
    none: tuple[TermRef, ...]
    min_sentences: int = 1
    skip: tuple[TermRef, ...] = ()


@dataclass(slots=True)
class Compare:
    """Number comparison of extracted values of the claim's kind and unit against the article.

    A value whose whole [low, high] lies in `supports` supports the claim; one entirely below
    `contradicts_below` or above `contradicts_above` contradicts it; anything else is neutral.
    """

    supports: tuple[float, float] | None = None
    contradicts_below: float | None = None
    contradicts_above: float | None = None


@dataclass(slots=True)
class Cue:
    """A stance cue: a compiled phrase and the direction it points when not negated."""

    pattern: re.Pattern[str]
    direction: str  # "supports" | "contradicts"


@dataclass(slots=True, frozen=True)
class UnstatedOutcome:
    """A harder outcome a reader may infer from the claim but the claim does not state ("reduces
    suicidal thoughts" read as "prevents suicide"), and the phrases that name it in a record.

    It never changes a tag or a verdict's label: the verdict's reason says how many counted records
    mention it in their findings, so a writer does not let the claim imply it unchecked.
    """

    label: str  # what a reader may infer: "fewer suicide attempts or deaths"
    mentions: str  # the outcome as a record names it: "suicide attempts or deaths"
    about: str  # what the claim's own evidence measures: "suicidal thoughts" ("" when not given)
    patterns: tuple[str, ...]  # the file's regexes (case-insensitive) that name it in a record


@dataclass(slots=True)
class Claim:
    """One checkable statement of the article, and the rules that find records bearing on it."""

    id: str
    statement: str
    article_quote: str
    value_kind: str | None = None
    article_low: float | None = None
    article_high: float | None = None
    unit: str | None = None
    routes: tuple[str, ...] = ()
    formulations: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    # Term sets the record must name somewhere, background included: a claim about depression
    # needs a record that mentions depression at all ("responders" to ketamine for pain do not).
    requires_mention: tuple[str, ...] = ()
    match: tuple[MatchRule, ...] = ()
    cues: tuple[Cue, ...] = ()
    compare: Compare | None = None
    # Generic stance model (claims/polarity/) read from the record's findings, the term sets a finding
    # clause must name for it to vote, and where findings are read: the matched evidence sentences
    # ("evidence") or every result/conclusion sentence ("record": a trial *in* TRD patients).
    stance_model: str | None = None
    subject: tuple[str, ...] = ()
    # Subject term sets that, when a finding sentence names one, are the only ones that vote (unless
    # they give no direction; then every subject votes): a long-term-safety record that reports
    # cognition over months is judged on that, not on the transient dissociation it also lists.
    stance_prefer: tuple[str, ...] = ()
    stance_scope: str = "evidence"
    # A claim about a narrower population ("people whose depression resisted other treatments"):
    # the record bears on it only when it also bears on one of these broader claims, whose stance
    # it takes (the first with a direction) unless its own stance model finds a direction.
    narrows: tuple[str, ...] = ()
    # The conditions the claim is about (context.INDICATIONS names, e.g. "pain" for "relieves pain
    # disorders"): a record that studied another named condition (surgery, depression) still bears
    # on the claim but does not count toward its verdict. Empty: any condition counts.
    indications: tuple[str, ...] = ()
    # Harder outcomes a reader may infer but the claim does not state (`[[claims.unstated]]`).
    unstated: tuple[UnstatedOutcome, ...] = ()


# The conditions or settings `context.detect_indication` names (a test keeps the two equal): here
# so a claims file can be checked without loading the detector's patterns.
INDICATION_NAMES = (
    "treatment-resistant depression",
    "postpartum depression",
    "bipolar depression",
    "suicidal ideation",
    "PTSD",
    "OCD",
    "substance use",
    "anxiety",
    "depression",
    "pain",
    "surgery / anaesthesia",
    "healthy volunteers",
)


@dataclass(slots=True)
class Topic:
    """A broad subject a record is about (safety, suicidality, ...), found by match rules alone.

    Looser than a claim: "bears on a claim" needs the record's own finding about it, a topic only
    that the study looked at it. Topics serve browsing and the comparison with topic-level labels.
    """

    id: str
    match: tuple[MatchRule, ...]
    requires: tuple[str, ...] = ()  # term sets that must occur in the title or the study's own sentences


@dataclass(slots=True)
class ClaimSet:
    """A whole claims file: the article it describes and its claims, with term sets compiled."""

    name: str
    title: str
    source: str
    claims: list[Claim]
    terms: dict[str, re.Pattern[str]] = field(default_factory=dict)
    path: str = ""
    topics: list[Topic] = field(default_factory=list)
    # Fast matchers built from `terms` and the claims' cues (see matching.py); filled on demand.
    # They share `plan`, this claim set's own look-up state: another claim set never touches it.
    plan: MatchPlan = field(default_factory=lambda: MatchPlan("claim set"), repr=False, compare=False)
    finders: dict[str, Finder] = field(default_factory=dict, repr=False, compare=False)
    # Each term set's regexes as written: `finder` builds its Finder from them on first use, so a
    # command that never tags (and `tag`'s parent process, whose workers tag) never compiles them.
    term_parts: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    cue_finders: dict[str, Finder | None] = field(default_factory=dict, repr=False, compare=False)
    _table: TermTable | None = field(default=None, repr=False, compare=False)
    _spelled: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def term_table(self) -> TermTable:
        """Every term set's Finder under one index, evaluated in one pass per record (termtable.py)."""
        if self._table is None or len(self._table.names) != len(self.terms):
            self._table = TermTable({name: self.finder(name) for name in self.terms})
        return self._table

    def spelled_short_forms(self) -> frozenset[str]:
        """Capitalised short forms the term sets already name ("TRD", "MADRS", "ECT"): a record that
        defines one needs no alias for it (abbrev.py)."""
        if self._spelled is None:
            self._spelled = frozenset(
                token for p in self.terms.values() for token in re.findall(r"[A-Z][A-Z0-9]+", p.pattern)
            )
        return self._spelled

    def required_terms(self) -> frozenset[str]:
        """The term sets some claim `requires` (the drug studied)."""
        return frozenset(name for c in self.claims for name in c.requires)

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def finder(self, term: str) -> Finder:
        """The Finder of a term set, built on first use (from its regexes as written, else from the
        compiled alternation)."""
        got = self.finders.get(term)
        if got is None:
            parts = self.term_parts.get(term)
            if parts is not None:
                got = Finder(parts, plan=self.plan)
            else:
                pattern = self.terms[term]
                got = Finder(pattern.pattern, pattern.flags, plan=self.plan)
            self.finders[term] = got
        return got

    def cue_finder(self, claim: Claim) -> Finder | None:
        """One Finder for all of a claim's cues; match.lastgroup is "s<k>"/"c<k>" for cue k."""
        if claim.id not in self.cue_finders:
            self.cue_finders[claim.id] = cue_finder(claim.cues, self.plan)
        return self.cue_finders[claim.id]


def cue_finder(cues: tuple[Cue, ...], plan: MatchPlan | None = None) -> Finder | None:
    """Combine cue patterns into one Finder with a named group per cue (direction initial + index);
    `plan`: the claim set's (None: the built-in one)."""
    if not cues:
        return None
    return Finder([f"(?P<{c.direction[0]}{k}>{c.pattern.pattern})" for k, c in enumerate(cues)], plan=plan)
