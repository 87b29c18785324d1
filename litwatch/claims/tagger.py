"""Tag one record: design, evidence level, population, route, formulation, numbers, and the claims
it bears on with a stance. Pure: no I/O, no printing, same input -> same output.

Claim rules (see claimset.py for the file format) are evaluated over sentences: every term set
of the claims file is looked up in one pass per record (termtable.py), and rules read the
resulting table of term set -> sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from litwatch.claims.abbrev import ShortForms, defined_short_forms
from litwatch.claims.context import (
    detect_formulations,
    detect_indication,
    detect_population,
    detect_routes,
    detect_study_routes,
)
from litwatch.claims.design import detect_design, evidence_level
from litwatch.claims.extract import extract_values
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.model import (
    Claim,
    ClaimSet,
    ClaimTag,
    MatchRule,
    RecordTags,
    TagInput,
    TermRef,
    Topic,
    Value,
)
from litwatch.claims.roles import infer_roles
from litwatch.claims.stance import judge_stance
from litwatch.claims.text import Sentence, split_sentences
from litwatch.claims.version import TAGGER_VERSION

MAX_EVIDENCE = 4
# `requires` terms must occur in the title or the study's own sentences, not only in BACKGROUND.
_REQUIRES_SECTIONS = ("title", "objective", "methods", "results", "conclusions", "body")
_REVIEWS = ("meta-analysis", "systematic-review", "narrative-review")
_NO_FINDINGS = frozenset({"narrative-review"})


class _Hits:
    """Which sentences each term set (all at once: termtable.py) / value reference hits."""

    def __init__(self, claims: ClaimSet, doc: Doc, values: Sequence[Value]) -> None:
        self._cache: dict[str, frozenset[int]] = claims.term_table().hits(doc)
        # "treatment-emergent adverse events (TEAEs)": later "TEAEs" hit the adverse terms too
        self.short_forms = defined_short_forms(
            doc, self._cache, claims.terms, claims.required_terms(), claims.spelled_short_forms()
        )
        for name, short in self.short_forms.items():
            self._cache[name] |= short.sentences
        self._by_text: dict[str, list[int]] = {}
        for s in doc.sentences:
            self._by_text.setdefault(s.text, []).append(s.index)
        self._values = values
        self._every = frozenset(range(len(doc.sentences)))
        self._title = 0 if doc.sentences and doc.sentences[0].section == "title" else -1

    def term(self, name: str) -> frozenset[int]:
        return self._cache[name]

    def ref(self, ref: TermRef) -> frozenset[int]:
        if ref.in_title:  # "title:ketamine": a ketamine study, whichever sentence the rule looks at
            return self._every if self._title in self.term(ref.term or "") else frozenset()
        if ref.term is not None:
            return self.term(ref.term)
        key = ref.text
        hit = self._cache.get(key)
        if hit is None:
            idx: set[int] = set()
            for v in self._values:
                if v.kind != ref.value_kind:
                    continue
                if ref.value_min is not None and (v.high if v.high is not None else v.value) < ref.value_min:
                    continue
                if ref.value_max is not None and (v.low if v.low is not None else v.value) > ref.value_max:
                    continue
                idx.update(self._by_text.get(v.sentence, ()))
            hit = self._cache[key] = frozenset(idx)
        return hit


def _allowed(doc: Doc, sections: tuple[str, ...], by_role: bool = True) -> frozenset[int]:
    """Indices of the sentences in the given sections (cached per Doc).

    With `by_role` (claims), an unlabelled ("body") sentence is in a section when its inferred role
    (roles.py) is: "body" in the list admits every unlabelled sentence except those that only give
    background. Without it (topics), sections are the abstract's headings only.
    """
    key = ("sections", sections, by_role)
    got = doc.cache.get(key)
    if got is None:
        body = "body" in sections
        got = doc.cache[key] = frozenset(
            s.index
            for s in doc.sentences
            if s.section in sections
            and (not by_role or s.section != "body" or s.role != "background" or not body)
            or (by_role and s.section == "body" and s.role in sections)
        )
    return got


def _match_rule(rule: MatchRule, hits: _Hits, doc: Doc, by_role: bool = True) -> list[int]:
    """Sentence indices that satisfy one match rule (empty list: the rule does not fire)."""
    allowed = _allowed(doc, rule.sections, by_role)
    if rule.skip:  # sentences that never count for this rule ("there is a need ... safe")
        allowed = allowed.difference(*(hits.ref(r) for r in rule.skip))
    if rule.scope == "sentence":
        cand = set(allowed)
        for ref in rule.all:
            cand &= hits.ref(ref)
            if not cand:
                return []
        if rule.any:
            cand &= set().union(*(hits.ref(r) for r in rule.any))
        for ref in rule.none:
            cand -= hits.ref(ref)
        return sorted(cand) if len(cand) >= rule.min_sentences else []
    found: set[int] = set()
    for ref in rule.all:
        h: AbstractSet[int] = hits.ref(ref) & allowed
        if not h:
            return []
        found |= h
    if rule.any:
        h = set().union(*(hits.ref(r) for r in rule.any)) & allowed
        if not h:
            return []
        found |= h
    if any(hits.ref(r) & allowed for r in rule.none):
        return []
    return sorted(found) if len(found) >= rule.min_sentences else []


_HEADLINE_ROLES = frozenset({"title", "objective", "conclusions"})
_FINDING_SECTIONS = frozenset({"title", "results", "conclusions", "body"})
_FINDING_ROLES = frozenset({"title", "results", "conclusions"})


# "Aside from ketamine, psilocybin is the most researched psychedelic": ketamine named only to set
# another drug beside it
_ASIDE = Finder(
    r"\b(?:aside from|apart from|besides|other than|unlike|like|such as)\s+(?:[\w()-]+\s+){0,2}?\S*ketamin"
)


def _studied(hit: frozenset[int], doc: Doc) -> bool:
    """Is a required term (ketamine) what the record studies, not a passing mention? It must be in
    the title, the aim or the conclusions, or in two of the study's own sentences: a pooled review
    of psychedelics that lists ketamine once among its drugs is no ketamine study. A sentence that
    names ketamine once, as an aside to another drug, does not count."""
    own = frozenset(
        i for i in hit & _allowed(doc, _REQUIRES_SECTIONS)
        if not (_ASIDE.matches_in(doc, i) and doc.sentences[i].low.count("ketamin") == 1)
    )  # fmt: skip
    return any(doc.sentences[i].role in _HEADLINE_ROLES for i in own) or len(own) >= 2


def _has_topic(topic: Topic, hits: _Hits, doc: Doc) -> bool:
    study = _allowed(doc, _REQUIRES_SECTIONS, by_role=False)
    if any(not hits.term(name) & study for name in topic.requires):
        return False
    return any(_match_rule(r, hits, doc, by_role=False) for r in topic.match)


def _context(claim: Claim, routes: Sequence[str], formulations: Sequence[str]) -> tuple[str, str]:
    """Does the record study the claim's route and formulation? ("same"/"different"/"unknown", note)."""
    problems: list[str] = []
    known = False
    for what, wanted, have in (
        ("route", claim.routes, routes),
        ("formulation", claim.formulations, formulations),
    ):
        if not wanted or not have:
            continue
        known = True
        if not set(wanted) & set(have):
            problems.append(f"{what} {'/'.join(have)} vs claim's {'/'.join(wanted)}")
    if problems:
        return "different", "; ".join(problems)
    return ("same", "") if known else ("unknown", "")


# A call for more work ("Further research is needed to assess long-term safety"; "large-scale RCTs are
# required to evaluate ..."): it names the claim's topic but reports no finding on it. A record whose
# only sentences on a claim are such calls does not bear on it (one that leads with its own finding,
# "Ketamine reduced MADRS scores; further studies are needed", keeps it).
_FUTURE_WORK = Finder(
    [
        r"\b(?:further|future|more|additional|larger|large-scale|longer|well-designed|rigorous|high-quality)"
        r"\b[^.;]{0,60}\b(?:research|studies|trials|rcts|investigations?|work|data)\b[^.;]{0,60}\b"
        r"(?:is|are) (?:still )?(?:needed|required|warranted|necessary)\b",
        r"\bwarrants? further (?:research|study|investigation)\b",
    ]
)
_FUTURE_WORK_LEAD = 40  # the call must open the sentence (after "However, ...")


def _calls_for_work(sentence: Sentence) -> bool:
    m = _FUTURE_WORK.search(sentence)
    return m is not None and m.start() <= _FUTURE_WORK_LEAD


def _values_only(rule: MatchRule, claim: Claim) -> bool:
    """Does the rule fire on a stated number alone ("value:dose_count>=2" in a ketamine study)?
    Such a number is evidence only for a claim that compares it (the guide: the value used makes a
    record bear on a number claim; other claims need a finding)."""
    refs = rule.all + rule.any
    return any(r.value_kind for r in refs) and all(
        r.value_kind or r.in_title or r.term in claim.requires for r in refs
    )


def _judge(
    claim: Claim,
    claims: ClaimSet,
    hits: _Hits,
    names: Sequence[str],
    judged: Sequence[Sentence],
    values: Sequence[Value],
    doc: Doc,
    design: str,
    nulls: Sequence[Sentence],
) -> tuple[str, list[str]]:
    """The stance with these subject term sets voting (stance.judge_stance)."""
    subject: list[Finder | ShortForms] = [claims.finder(name) for name in names]
    subject += [hits.short_forms[name] for name in names if name in hits.short_forms]
    return judge_stance(
        claim, claims.cue_finder(claim), judged, values, doc, subject, design in _REVIEWS, nulls
    )


def tag_claim(
    claim: Claim,
    claims: ClaimSet,
    hits: _Hits,
    doc: Doc,
    values: Sequence[Value],
    routes: Sequence[str],
    formulations: Sequence[str],
    design: str = "",
    done: dict[str, ClaimTag] | None = None,
) -> ClaimTag | None:
    """The ClaimTag when the record bears on the claim, else None (`done`: tags of earlier claims)."""
    parents = [t for t in map((done or {}).get, claim.narrows) if t is not None]
    if claim.narrows and not parents:
        return None
    # "an efficacy finding in TRD patients, or on suicidal ideation": the first broader claim that
    # found a direction lends its stance
    parent = next((t for t in parents if t.stance != "no-direction"), parents[0] if parents else None)
    sentences = doc.sentences
    if not all(_studied(hits.term(name), doc) for name in claim.requires):
        return None
    if not all(hits.term(name) for name in claim.requires_mention):
        return None
    fired: list[str] = []
    idx: set[int] = set()
    found: set[int] = set()  # matched by a rule that reads the findings
    for rule in claim.match:
        got = _match_rule(rule, hits, doc)
        if got:
            fired.append(rule.name)
            idx.update(got)
            if not _FINDING_SECTIONS.isdisjoint(rule.sections):
                found.update(got)
    if not fired:
        return None
    if claim.compare is None and all(_values_only(r, claim) for r in claim.match if r.name in fired):
        return None  # the record only gave a number of this kind ("six infusions"); the claim checks none
    if claim.stance_model is not None and all(_calls_for_work(sentences[i]) for i in idx):
        return None  # only calls for more research name the claim: no finding on it
    # a rule of the aim or methods only ("adverse events were recorded") puts its sentences after
    # the findings, so they do not crowd the findings out of the evidence shown
    evidence = [sentences[i] for i in sorted(idx, key=lambda i: (i not in found, i))]
    if design == "protocol" and claim.stance_model is not None:
        return None  # a protocol has no findings yet; only the numbers it plans (dose, infusion) count
    judged = evidence if claim.stance_scope == "evidence" else sentences
    nulls = [s for s in sentences if s.index not in idx] if claim.stance_scope == "evidence" else []
    stance, reasons = "no-direction", list[str]()
    findings = {s.index for s in judged if s.role in _FINDING_ROLES}
    if claim.stance_prefer and any(hits.term(name) & findings for name in claim.stance_prefer):
        stance, reasons = _judge(claim, claims, hits, claim.stance_prefer, judged, values, doc, design, nulls)
    if stance == "no-direction":  # nothing preferred took a direction: every subject votes
        stance, reasons = _judge(claim, claims, hits, claim.subject, judged, values, doc, design, nulls)
    if stance == "no-direction" and claim.stance_model is not None and design in _NO_FINDINGS:
        return None  # a narrative review that states no finding on the claim only mentions it
    if parent is not None and stance == "no-direction":
        stance, reasons = parent.stance, [f"as {parent.claim_id}: {parent.rule.partition('stance:')[2]}"]
    claim_values = [
        [v.low if v.low is not None else v.value, v.high if v.high is not None else v.value]
        for v in values
        if v.kind == claim.value_kind and (not claim.unit or v.unit == claim.unit)
    ]
    rule_text = "match:" + ",".join(fired)
    if reasons:
        rule_text += "; stance:" + "; ".join(reasons[:3])
    context, note = _context(claim, routes, formulations)
    return ClaimTag(
        claim_id=claim.id,
        stance=stance,
        evidence=[s.text for s in evidence[:MAX_EVIDENCE]],
        values=claim_values,
        rule=rule_text,
        context=context,
        context_note=note,
    )


def tag_record(item: TagInput, claims: ClaimSet) -> RecordTags:
    """All tags for one record against one claims file."""
    doc = Doc(split_sentences(item.title, item.abstract))
    for sentence, role in zip(doc.sentences, infer_roles(doc.sentences), strict=True):
        sentence.role = role
    population = detect_population(doc, item.mesh)
    design, source = detect_design(item.publication_types, doc, item.abstract, population)
    routes = detect_routes(doc)
    formulations = detect_formulations(doc)
    values = extract_values(doc, routes[0] if len(routes) == 1 else None)
    sizes = [int(v.value) for v in values if v.kind == "sample_size"]
    hits = _Hits(claims, doc, values)
    done: dict[str, ClaimTag] = {}
    for c in claims.claims:
        tag = tag_claim(c, claims, hits, doc, values, routes, formulations, design, done)
        if tag is not None:
            done[c.id] = tag
    return RecordTags(
        pmid=item.pmid,
        design=design,
        design_source=source,
        evidence_level=evidence_level(design, doc),
        population=population,
        routes=routes,
        formulations=formulations,
        numbers=values,
        sample_size=max(sizes) if sizes else None,
        claims=list(done.values()),
        tagger_version=TAGGER_VERSION,
        study_routes=detect_study_routes(doc, design in _REVIEWS, routes),
        topics=[t.id for t in claims.topics if _has_topic(t, hits, doc)],
        indication=detect_indication(doc),
    )
