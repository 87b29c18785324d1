"""The claim library: reusable claims (with their hand-written rules) that a claims file can `use`.

A writer's claims file should say what her article claims, not how to find PubMed records about
it. So `[[claims]] use = "response-rate"` takes the library claim's rules and term sets and adds
only the article's quote and numbers; every key given next to `use` replaces the library's.
`expand_library_uses` rewrites the parsed TOML before the ordinary validation (claimset.py) runs,
so a `use`d claim is checked exactly like a hand-written one.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from litwatch.errors import ClaimsFileError

LIBRARY_FILE = "ketamine-depression.toml"
BUILT_IN_FILE = "ketamine-depression.toml"  # the built-in article's claims (litwatch/claims/)
# What a library claim takes from the built-in claim its `rules_from` names: how records are found
# and read. The article's own keys (quote, numbers, comparison band, statement) stay the library's,
# and `narrows` names claims of the built-in file, which a writer's file need not have.
_RULE_KEYS = ("requires", "requires_mention", "match", "stance", "unstated", "indications")
TOPICS = (
    "efficacy",
    "onset",
    "response-rate",
    "course",
    "dose",
    "infusion-length",
    "side-effects",
    "side-effect-duration",
    "long-term-safety",
    "addiction",
    "faster-than-antidepressants",
    "suicidal-thoughts",
    "durability",
    "maintenance",
    "mechanism",
    "pain",
    "treatment-resistant",
    "other-condition",
    "comparison-other",
    "not-checkable",
)
# The unit each value kind's extractor (extract.py) normalises to; a claim must use the same.
KIND_UNITS = {
    "onset_hours": "h",
    "response_percent": "%",
    "dose_count": "doses",
    "course_weeks": "weeks",
    "dose_mg_per_kg": "mg/kg",
    "dose_mg": "mg",
    "infusion_minutes": "min",
    "benefit_days": "days",
    "side_effect_hours": "h",
    "sample_size": "participants",
}
_LIBRARY_ONLY = ("topic", "value_kinds")


@dataclass(frozen=True)
class LibraryClaim:
    """One library claim: its id, topic, value kinds and the raw rule table (claims-file keys)."""

    id: str
    topic: str
    statement: str
    value_kinds: tuple[str, ...]
    rules: dict[str, Any]
    # library claims whose stance this one takes when a claims file uses them before it (the
    # built-in claim's `narrows`); without them, `rules` must read a stance of their own
    narrows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    name: str
    terms: dict[str, list[str]]
    claims: dict[str, LibraryClaim]

    def by_topic(self, topic: str) -> list[LibraryClaim]:
        return [c for c in self.claims.values() if c.topic == topic]


def _built_in() -> dict[str, Any]:
    text = (resources.files("litwatch.claims") / BUILT_IN_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def load_library() -> Library:
    """The built-in library (parsed once; its rules are validated when a claims file uses them).

    A claim with `rules_from` takes its rules from that claim of the built-in claims file, and the
    built-in file's term sets replace the library's of the same name (its rules are written against
    them): one set of tuned rules, whichever article is checked."""
    text = (resources.files("litwatch.claims") / "library" / LIBRARY_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    built_in = _built_in()
    built_in_claims = {c["id"]: c for c in built_in["claims"]}
    claims: dict[str, LibraryClaim] = {}
    sources: dict[str, str | None] = {}
    for raw in data["claims"]:
        topic = raw.get("topic")
        if topic not in TOPICS:
            raise ClaimsFileError(
                f"library {LIBRARY_FILE}: claim '{raw.get('id')}' has unknown topic {topic!r}"
            )
        rules = {k: v for k, v in raw.items() if k not in _LIBRARY_ONLY}
        source = rules.pop("rules_from", None)
        if source is not None:
            if source not in built_in_claims:
                raise ClaimsFileError(
                    f"library {LIBRARY_FILE}: claim '{raw['id']}' takes its rules from '{source}', "
                    f"which {BUILT_IN_FILE} does not have"
                )
            base = {k: copy.deepcopy(v) for k, v in built_in_claims[source].items() if k in _RULE_KEYS}
            rules = base | rules  # the library's own keys win (treatment-resistant's own stance)
        sources[raw["id"]] = source
        claims[raw["id"]] = LibraryClaim(
            raw["id"], topic, raw["statement"], tuple(raw.get("value_kinds", [])), rules
        )
    for cid, source in sources.items():
        narrowed = built_in_claims[source].get("narrows", []) if source is not None else []
        if narrowed:
            mirrors = tuple(lib for lib, src in sources.items() if src in narrowed)
            claims[cid] = dataclasses.replace(claims[cid], narrows=mirrors)
    return Library(data["name"], dict(data.get("terms", {})) | dict(built_in.get("terms", {})), claims)


def library_claim_data(claim: LibraryClaim, value_kind: str | None = None) -> dict[str, Any]:
    """A library claim as a claims-file table (quote = statement), for one of its value kinds."""
    data = copy.deepcopy(claim.rules)
    data.setdefault("article_quote", claim.statement)
    kind = value_kind if value_kind is not None else (claim.value_kinds[0] if claim.value_kinds else None)
    if kind is not None:
        data["value_kind"] = kind
        data["unit"] = KIND_UNITS.get(kind, data.get("unit"))
        if claim.value_kinds and kind != claim.value_kinds[0]:
            data.pop("compare", None)  # the library's band is for its first kind
    else:
        data.pop("value_kind", None)
        data.pop("unit", None)
        data.pop("compare", None)
    return data


def _unknown(cid: str, library: Library) -> str:
    close = difflib.get_close_matches(cid, list(library.claims), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "see `litwatch claims library`"
    return f"names library claim '{cid}', which the library does not have ({hint})"


def expand_library_uses(data: dict[str, Any], file: str) -> dict[str, Any]:
    """The claims document with every `use = "id"` claim replaced by the library claim plus the
    file's own keys, and the library's term sets added where the file does not define them."""
    claims = data.get("claims")
    if not isinstance(claims, list):
        return data
    uses_library = any(isinstance(c, dict) and "use" in c for c in claims)
    own_terms = data.get("terms", {})
    names_library_terms = isinstance(own_terms, dict) and _mentions_library_terms(claims, own_terms)
    if not uses_library and not names_library_terms:
        return data
    library = load_library()
    out = dict(data)
    terms = dict(library.terms)
    if isinstance(own_terms, dict):
        terms.update(own_terms)
    out["terms"] = terms
    expanded: list[Any] = []
    uses: list[str | None] = []  # the library claim each expanded claim came from
    for claim in claims:
        if not isinstance(claim, dict) or "use" not in claim:
            expanded.append(claim)
            uses.append(None)
            continue
        cid = claim["use"]
        where = f"{file}: claim '{claim.get('id', cid)}'"
        if not isinstance(cid, str) or cid not in library.claims:
            raise ClaimsFileError(f"{where}: field 'use' {_unknown(str(cid), library)}")
        lib = library.claims[cid]
        kind = claim.get("value_kind")
        if kind is not None and kind not in lib.value_kinds:
            allowed = ", ".join(lib.value_kinds) or "none (it compares no numbers)"
            raise ClaimsFileError(
                f"{where}: field 'value_kind' is '{kind}', but library claim '{cid}' compares {allowed}"
            )
        merged = library_claim_data(lib, kind)
        merged.pop("article_quote", None)
        parents = [
            c["id"]
            for c, u in zip(expanded, uses, strict=True)
            if u in lib.narrows and isinstance(c.get("id"), str)
        ]
        if parents and "stance" not in claim:
            # the file has the broader claims: take their stance, as the built-in claim does
            merged.pop("stance", None)
            merged["narrows"] = parents
        merged.update({k: v for k, v in claim.items() if k != "use"})
        merged.setdefault("id", cid)
        if "article_quote" not in merged:
            raise ClaimsFileError(f"{where}: field 'article_quote' is required (the article's own words)")
        expanded.append(merged)
        uses.append(cid)
    out["claims"] = expanded
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mentions_library_terms(claims: list[Any], own_terms: dict[str, Any]) -> bool:
    """Does a hand-written claim name a term set only the library defines?"""
    library_terms = set(load_library().terms) - set(own_terms)
    for claim in claims:
        if not isinstance(claim, dict):
            continue
        names = [n for n in _as_list(claim.get("requires")) if isinstance(n, str)]  # any shape: checked later
        for rule in _as_list(claim.get("match")):
            if isinstance(rule, dict):
                for key in ("all", "any", "none", "skip"):
                    names += [n for n in _as_list(rule.get(key)) if isinstance(n, str)]
        if any(n in library_terms for n in names):
            return True
    return False


# --- what to fetch when a claim has too little evidence ----------------------------------------------
_TOPIC_QUERY = {
    "efficacy": "depress*[tiab]",
    "onset": "depress*[tiab] AND (rapid[tiab] OR onset[tiab] OR hours[tiab])",
    "response-rate": "depress*[tiab] AND (response rate*[tiab] OR remission[tiab])",
    "course": "depress*[tiab] AND (repeated[tiab] OR serial[tiab] OR twice weekly[tiab])",
    "dose": "depress*[tiab] AND (dose*[tiab])",
    "infusion-length": "depress*[tiab] AND infusion*[tiab] AND minutes[tiab]",
    "side-effects": "(adverse event*[tiab] OR side effect*[tiab] OR dissociat*[tiab])",
    "side-effect-duration": "(dissociat*[tiab] OR adverse event*[tiab]) AND transient[tiab]",
    "long-term-safety": "(long-term[tiab] OR cognit*[tiab] OR cystitis[tiab]) AND safety[tiab]",
    "addiction": "(abuse[tiab] OR misuse[tiab] OR dependence[tiab] OR addiction[tiab])",
    "faster-than-antidepressants": "antidepressant*[tiab] AND (faster[tiab] OR onset[tiab])",
    "suicidal-thoughts": "suicid*[tiab]",
    "durability": "depress*[tiab] AND (relapse[tiab] OR sustained[tiab] OR durability[tiab])",
    "maintenance": "depress*[tiab] AND (maintenance[tiab] OR booster[tiab] OR relapse prevention[tiab])",
    "mechanism": "depress*[tiab] AND (glutamate[tiab] OR NMDA[tiab] OR mechanism[tiab])",
    "pain": "(chronic pain[tiab] OR neuropathic pain[tiab] OR fibromyalgia[tiab])",
    "treatment-resistant": "treatment-resistant depression[tiab]",
    "comparison-other": "depress*[tiab] AND (electroconvulsive[tiab] OR ECT[tiab] OR comparative[tiab])",
}
_CONDITION_QUERY = {
    "ptsd": "(PTSD[tiab] OR posttraumatic stress[tiab])",
    "anxiety": "(anxiety disorder*[tiab] OR generalized anxiety[tiab] OR social anxiety[tiab])",
    "bipolar-depression": "bipolar depression[tiab]",
    "ocd": "obsessive-compulsive[tiab]",
}
_FORMULATION_QUERY = {"esketamine": "(esketamine[tiab] OR Spravato[tiab])", "arketamine": "arketamine[tiab]"}
_ROUTE_QUERY = {
    "intravenous": "(intravenous[tiab] OR infusion*[tiab])",
    "intranasal": "(intranasal[tiab] OR nasal spray[tiab])",
    "oral": "oral[tiab]",
}


def library_claim_of(claim_id: str) -> LibraryClaim | None:
    """The library claim a claims-file claim id comes from ("response-rate-2" -> "response-rate")."""
    claims = load_library().claims
    base = claim_id
    while base and base not in claims:
        head, sep, tail = base.rpartition("-")
        if not sep or not tail.isdigit():
            return None
        base = head
    return claims.get(base)


def suggest_query(claim_id: str, routes: tuple[str, ...], formulations: tuple[str, ...]) -> str:
    """A PubMed query likely to fetch more direct evidence on a claim: the treatment (formulation
    and route), the claim's topic words, and trials or meta-analyses only."""
    lib = library_claim_of(claim_id)
    drugs = [_FORMULATION_QUERY.get(f, "ketamine[tiab]") for f in formulations] or ["ketamine[tiab]"]
    parts = [drugs[0] if len(drugs) == 1 else f"({' OR '.join(drugs)})"]
    route = " OR ".join(_ROUTE_QUERY[r] for r in routes if r in _ROUTE_QUERY)
    if route:
        parts.append(f"({route})" if len(routes) > 1 else route)
    if lib is not None:
        parts.append(_CONDITION_QUERY.get(lib.id) or _TOPIC_QUERY.get(lib.topic, "depress*[tiab]"))
    else:
        parts.append("depress*[tiab]")
    parts.append("(randomized controlled trial[pt] OR meta-analysis[pt] OR clinical trial[pt])")
    return " AND ".join(parts)
