"""Load and validate a claims TOML file.

Every error names the file, the claim (or table) and the field, so a health writer editing a
claims file can fix it without reading code. Unknown keys are rejected (a typo such as
"sentense" would otherwise silently widen a rule) and every regex is compiled here, once.
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from litwatch.claims.evidence import Route
from litwatch.claims.library import expand_library_uses
from litwatch.claims.matching import MatchPlan
from litwatch.claims.model import (
    FORMULATIONS,
    INDICATION_NAMES,
    SECTIONS,
    VALUE_KINDS,
    Claim,
    ClaimSet,
    Compare,
    Cue,
    MatchRule,
    TermRef,
    Topic,
    UnstatedOutcome,
)
from litwatch.claims.polarity import MODELS
from litwatch.claims.regexcheck import find_backtracking_risk
from litwatch.errors import ClaimsFileError

BUILTIN = "ketamine-depression"
DEFAULT_SECTIONS = tuple(s for s in SECTIONS if s not in ("background", "registration"))

_TOP_KEYS = {"name", "title", "source", "description", "routes", "formulations", "terms", "claims", "topics"}
_CLAIM_KEYS = {
    "id",
    "statement",
    "article_quote",
    "value_kind",
    "article_low",
    "article_high",
    "unit",
    "routes",
    "formulations",
    "requires",
    "requires_mention",
    "match",
    "stance",
    "compare",
    "narrows",
    "indications",
    "unstated",
}
_MATCH_KEYS = {"name", "scope", "sections", "all", "any", "none", "skip", "min_sentences"}
_STANCE_KEYS = {"supports", "contradicts", "model", "subject", "prefer", "scope"}
_COMPARE_KEYS = {"supports", "contradicts_below", "contradicts_above"}
_UNSTATED_KEYS = {"label", "mentions", "about", "patterns"}
# Article values and comparison bounds: finite and within what any value kind can mean (doses in
# mg/kg to sample sizes); 1e300 broke the report's charts and nan reached the JSON report as NaN.
MAX_NUMBER = 1_000_000.0
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VALUE_REF_RE = re.compile(r"^value:(?P<kind>[a-z_]+)(?:(?P<op>>=|<=)(?P<num>\d+(?:\.\d+)?))?$")


class _Where:
    """Builds error messages: "<file>: claim '<id>': field '<field>' <problem>"."""

    def __init__(self, file: str, context: str = "") -> None:
        self.file = file
        self.context = context

    def at(self, context: str) -> _Where:
        return _Where(self.file, context)

    def fail(self, field: str, problem: str) -> ClaimsFileError:
        ctx = f" {self.context}:" if self.context else ""
        return ClaimsFileError(f"{self.file}:{ctx} field '{field}' {problem}")


def _check_keys(data: dict[str, Any], allowed: set[str], where: _Where) -> None:
    for key in data:
        if key not in allowed:
            raise where.fail(key, f"is not a known key (allowed: {', '.join(sorted(allowed))})")


def _string(data: dict[str, Any], key: str, where: _Where, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise where.fail(key, "is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise where.fail(key, "must be a non-empty string")
    return value


def _number(data: dict[str, Any], key: str, where: _Where) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise where.fail(key, "must be a number")
    return _sane(value, key, where)


def _sane(value: float, key: str, where: _Where) -> float:
    """A number a claim can compare with: finite and in [0, MAX_NUMBER]."""
    number = float(value)
    if not math.isfinite(number):
        raise where.fail(key, f"must be a finite number, not {number}")
    if not 0.0 <= number <= MAX_NUMBER:
        raise where.fail(key, f"must be between 0 and {MAX_NUMBER:,.0f}, not {value}")
    return number


def _string_list(
    data: dict[str, Any], key: str, where: _Where, choices: tuple[str, ...] = ()
) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise where.fail(key, "must be a list of strings")
    for v in value:
        if choices and v not in choices:
            raise where.fail(key, f"has unknown value '{v}' (allowed: {', '.join(choices)})")
    return tuple(value)


def _narrows(data: dict[str, Any], where: _Where) -> tuple[str, ...]:
    """`narrows`: one claim id, or a list of them (the first with a direction lends its stance)."""
    if isinstance(data.get("narrows"), str):
        return (str(_string(data, "narrows", where)),)
    if "narrows" in data and not data["narrows"]:
        raise where.fail("narrows", "must name at least one claim")
    return _string_list(data, "narrows", where)


def _compile(pattern: str, where: _Where, field: str) -> re.Pattern[str]:
    """Compile one user regex, refusing one that could hang tagging (see regexcheck.py)."""
    try:
        compiled = re.compile(pattern, re.I)
    except (re.error, OverflowError, RecursionError) as exc:
        raise where.fail(field, f"has an invalid regex '{pattern}': {exc}") from None
    try:
        risk = find_backtracking_risk(pattern, re.I)
    except RecursionError:
        risk = "it nests too deeply to check"
    if risk:
        raise where.fail(
            field,
            f"has a regex that can take exponential time on some text, '{pattern}': {risk}; "
            "rewrite it so each repetition ends at a character the next cannot start with, "
            "e.g. '(?:\\w+ ){0,3}' instead of '(\\w+\\s?)+'",
        )
    return compiled


def _load_terms(data: Any, where: _Where, parts: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    """Named term sets: each a list of regexes, compiled into one case-insensitive alternation.

    `parts` receives each set's regexes as written: ClaimSet.finder builds the tagger's fast
    matcher (matching.py) from them when it is first needed.
    """
    where = where.at("terms")
    if not isinstance(data, dict):
        raise where.fail("terms", "must be a table of name = [regex, ...]")
    terms: dict[str, re.Pattern[str]] = {}
    for name, patterns in data.items():
        if not _ID_RE.match(name):
            raise where.fail(name, "must be a lower-case name of letters, digits and '-'")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise where.fail(name, "must be a non-empty list of regex strings")
        for p in patterns:
            _compile(p, where, name)
        terms[name] = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
        parts[name] = list(patterns)
    return terms


def _term_refs(
    data: dict[str, Any], key: str, terms: dict[str, re.Pattern[str]], where: _Where
) -> tuple[TermRef, ...]:
    refs: list[TermRef] = []
    for text in _string_list(data, key, where):
        m = _VALUE_REF_RE.match(text)
        if text.startswith("value:"):
            if not m or m["kind"] not in VALUE_KINDS:
                raise where.fail(
                    key,
                    f"has '{text}': write value:KIND, value:KIND>=N or value:KIND<=N with KIND one "
                    f"of {', '.join(VALUE_KINDS)}",
                )
            num = _sane(float(m["num"]), key, where) if m["num"] else None
            refs.append(
                TermRef(
                    text,
                    value_kind=m["kind"],
                    value_min=num if m["op"] == ">=" else None,
                    value_max=num if m["op"] == "<=" else None,
                )
            )
        elif text in terms:
            refs.append(TermRef(text, term=text))
        elif text.startswith("title:") and text[6:] in terms:
            refs.append(TermRef(text, term=text[6:], in_title=True))
        else:
            raise where.fail(key, f"names term set '{text}', which [terms] does not define")
    return tuple(refs)


def _load_match(data: Any, index: int, terms: dict[str, re.Pattern[str]], where: _Where) -> MatchRule:
    field = f"match[{index}]"
    if not isinstance(data, dict):
        raise where.fail(field, "must be a table")
    inner = where.at(f"{where.context} {field}")
    _check_keys(data, _MATCH_KEYS, inner)
    name = _string(data, "name", inner)
    scope = data.get("scope", "sentence")
    if scope not in ("sentence", "record"):
        raise inner.fail("scope", 'must be "sentence" or "record"')
    sections = _string_list(data, "sections", inner, SECTIONS) or DEFAULT_SECTIONS
    min_sentences = data.get("min_sentences", 1)
    if isinstance(min_sentences, bool) or not isinstance(min_sentences, int) or min_sentences < 1:
        raise inner.fail("min_sentences", "must be an integer >= 1")
    all_refs = _term_refs(data, "all", terms, inner)
    any_refs = _term_refs(data, "any", terms, inner)
    if not all_refs and not any_refs:
        raise inner.fail("all", "or 'any' must name at least one term set")
    none_refs = _term_refs(data, "none", terms, inner)
    skip_refs = _term_refs(data, "skip", terms, inner)
    return MatchRule(str(name), scope, sections, all_refs, any_refs, none_refs, min_sentences, skip_refs)


def _load_stance(data: Any, terms: dict[str, re.Pattern[str]], where: _Where) -> dict[str, Any]:
    """Cue phrases, plus the generic stance model (claims/polarity/), its subject term sets and scope."""
    if not isinstance(data, dict):
        raise where.fail("stance", "must be a table with 'supports' and/or 'contradicts' lists")
    inner = where.at(f"{where.context} stance")
    _check_keys(data, _STANCE_KEYS, inner)
    cues: list[Cue] = []
    for direction in ("supports", "contradicts"):
        for pattern in _string_list(data, direction, inner):
            cues.append(Cue(_compile(pattern, inner, direction), direction))
    model = _string(data, "model", inner, required=False)
    if model is not None and model not in MODELS:
        raise inner.fail("model", f"must be one of {', '.join(MODELS)}")
    subject = _string_list(data, "subject", inner)
    for name in subject:
        if name not in terms:
            raise inner.fail("subject", f"names term set '{name}', which [terms] does not define")
    prefer = _string_list(data, "prefer", inner)
    for name in prefer:
        if name not in subject:
            raise inner.fail("prefer", f"names '{name}', which is not one of the stance's subject term sets")
    scope = data.get("scope", "evidence")
    if scope not in ("evidence", "record"):
        raise inner.fail("scope", 'must be "evidence" or "record"')
    return {
        "cues": tuple(cues),
        "stance_model": model,
        "subject": subject,
        "stance_prefer": prefer,
        "stance_scope": scope,
    }


def _load_compare(data: Any, where: _Where) -> Compare:
    if not isinstance(data, dict):
        raise where.fail("compare", "must be a table")
    inner = where.at(f"{where.context} compare")
    _check_keys(data, _COMPARE_KEYS, inner)
    supports = data.get("supports")
    if supports is not None:
        ok = isinstance(supports, list) and len(supports) == 2
        ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in supports)
        if not ok or supports[0] > supports[1]:
            raise inner.fail("supports", "must be [low, high] with low <= high")
        supports = (_sane(supports[0], "supports", inner), _sane(supports[1], "supports", inner))
    return Compare(
        supports, _number(data, "contradicts_below", inner), _number(data, "contradicts_above", inner)
    )


def _load_unstated(data: Any, where: _Where) -> tuple[UnstatedOutcome, ...]:
    """[[claims.unstated]]: outcomes a reader may infer but the claim does not state (a single
    [claims.unstated] table is one of them)."""
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise where.fail("unstated", "must be [[claims.unstated]] tables with label, mentions and patterns")
    outcomes: list[UnstatedOutcome] = []
    for index, item in enumerate(items):
        inner = where.at(f"{where.context} unstated[{index}]")
        _check_keys(item, _UNSTATED_KEYS, inner)
        patterns = _string_list(item, "patterns", inner)
        if not patterns:
            raise inner.fail("patterns", "must list at least one regex that names the outcome in a record")
        for pattern in patterns:
            _compile(pattern, inner, "patterns")
        outcomes.append(
            UnstatedOutcome(
                label=str(_string(item, "label", inner)),
                mentions=str(_string(item, "mentions", inner)),
                about=_string(item, "about", inner, required=False) or "",
                patterns=patterns,
            )
        )
    return tuple(outcomes)


def _load_claim(
    data: Any, index: int, top: dict[str, Any], terms: dict[str, re.Pattern[str]], where: _Where
) -> Claim:
    if not isinstance(data, dict):
        raise where.fail(f"claims[{index}]", "must be a table")
    cid = data.get("id")
    if not isinstance(cid, str) or not _ID_RE.match(cid):
        raise where.at(f"claims[{index}]").fail("id", "must be a lower-case id of letters, digits and '-'")
    cw = where.at(f"claim '{cid}'")
    _check_keys(data, _CLAIM_KEYS, cw)
    value_kind = _string(data, "value_kind", cw, required=False)
    if value_kind is not None and value_kind not in VALUE_KINDS:
        raise cw.fail("value_kind", f"must be one of {', '.join(VALUE_KINDS)}")
    low, high = _number(data, "article_low", cw), _number(data, "article_high", cw)
    if low is not None and high is not None and low > high:
        raise cw.fail("article_low", "must not be greater than 'article_high'")
    requires = _string_list(data, "requires", cw)
    mentions = _string_list(data, "requires_mention", cw)
    for key, names in (("requires", requires), ("requires_mention", mentions)):
        for name in names:
            if name not in terms:
                raise cw.fail(key, f"names term set '{name}', which [terms] does not define")
    matches = data.get("match")
    if not isinstance(matches, list) or not matches:
        raise cw.fail("match", "must be a non-empty list of [[claims.match]] tables")
    compare = _load_compare(data["compare"], cw) if "compare" in data else None
    if compare is not None and value_kind is None:
        raise cw.fail("compare", "needs 'value_kind' to know which numbers to compare")
    return Claim(
        id=cid,
        statement=str(_string(data, "statement", cw)),
        article_quote=str(_string(data, "article_quote", cw)),
        value_kind=value_kind,
        article_low=low,
        article_high=high,
        unit=_string(data, "unit", cw, required=False),
        routes=_string_list(data, "routes", cw, tuple(Route)) if "routes" in data else top["routes"],
        formulations=_string_list(data, "formulations", cw, FORMULATIONS)
        if "formulations" in data
        else top["formulations"],
        requires=requires,
        requires_mention=mentions,
        match=tuple(_load_match(m, i, terms, cw) for i, m in enumerate(matches)),
        compare=compare,
        narrows=_narrows(data, cw),
        indications=_string_list(data, "indications", cw, INDICATION_NAMES),
        unstated=_load_unstated(data["unstated"], cw) if "unstated" in data else (),
        **(_load_stance(data["stance"], terms, cw) if "stance" in data else {}),
    )


def _load_topics(data: Any, terms: dict[str, re.Pattern[str]], where: _Where) -> list[Topic]:
    """[[topics]]: id and [[topics.match]] rules, in the grammar of [[claims.match]]."""
    if not isinstance(data, list):
        raise where.fail("topics", "must be a list of [[topics]] tables")
    topics: list[Topic] = []
    for index, item in enumerate(data):
        tid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(tid, str) or not _ID_RE.match(tid):
            raise where.at(f"topics[{index}]").fail(
                "id", "must be a lower-case id of letters, digits and '-'"
            )
        tw = where.at(f"topic '{tid}'")
        _check_keys(item, {"id", "match", "requires"}, tw)
        matches = item.get("match")
        if not isinstance(matches, list) or not matches:
            raise tw.fail("match", "must be a non-empty list of [[topics.match]] tables")
        requires = _string_list(item, "requires", tw)
        for name in requires:
            if name not in terms:
                raise tw.fail("requires", f"names term set '{name}', which [terms] does not define")
        rules = tuple(_load_match(m, i, terms, tw) for i, m in enumerate(matches))
        topics.append(Topic(tid, rules, requires))
    return topics


def parse_claims(data: dict[str, Any], file: str) -> ClaimSet:
    """Validate an already-parsed TOML document; `file` is only used in error messages.

    `use = "library-claim-id"` claims are expanded from the claim library first (library.py).
    """
    data = expand_library_uses(data, file)
    where = _Where(file)
    _check_keys(data, _TOP_KEYS, where)
    top = {
        "routes": _string_list(data, "routes", where, tuple(Route)),
        "formulations": _string_list(data, "formulations", where, FORMULATIONS),
    }
    parts: dict[str, list[str]] = {}
    terms = _load_terms(data.get("terms", {}), where, parts)
    raw_claims = data.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise where.fail("claims", "must be a non-empty list of [[claims]] tables")
    claims = [_load_claim(c, i, top, terms, where) for i, c in enumerate(raw_claims)]
    seen: set[str] = set()
    for claim in claims:
        if claim.id in seen:
            raise where.at(f"claim '{claim.id}'").fail("id", "is used by more than one claim")
        if any(n not in seen for n in claim.narrows):
            raise where.at(f"claim '{claim.id}'").fail("narrows", "must name claims defined above this one")
        seen.add(claim.id)
    return ClaimSet(
        name=str(_string(data, "name", where)),
        title=str(_string(data, "title", where)),
        source=str(_string(data, "source", where)),
        claims=claims,
        terms=terms,
        path=file,
        topics=_load_topics(data.get("topics", []), terms, where),
        term_parts=parts,
        plan=MatchPlan(file),  # this claim set's own: loading another file never changes it
    )


def builtin_names() -> list[str]:
    """Names of the claims files shipped with litwatch ("ketamine-depression")."""
    return sorted(
        p.name[:-5] for p in resources.files("litwatch.claims").iterdir() if p.name.endswith(".toml")
    )


def load_claims(path: str | Path | None = None) -> ClaimSet:
    """A claims file by path, or a built-in by name; None loads the built-in "ketamine-depression"."""
    if path is None or (isinstance(path, str) and not Path(path).exists() and path in builtin_names()):
        name = BUILTIN if path is None else str(path)
        resource = resources.files("litwatch.claims") / f"{name}.toml"
        text, file = resource.read_text(encoding="utf-8"), f"{name}.toml"
    else:
        file = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ClaimsFileError(f"{file}: claims file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ClaimsFileError(f"{file}: cannot read claims file: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsFileError(f"{file}: not valid TOML: {exc}") from None
    return parse_claims(data, file)
