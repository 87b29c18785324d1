"""Which treatment an article's sentence is about: its route and formulation.

Patient material names the treatment in a few ways: the drug ("esketamine", "Spravato", plain
"ketamine", which is racemic ketamine), the way it is given ("infusion", "drip", "tablets",
"lozenges", "IM injection", "nasal spray"), or not at all ("It can raise blood pressure"). A
sentence's own words decide first; a sentence that names nothing takes the treatment last named in
its paragraph, else the article's main one. Plain "ketamine" takes the route the article gives
racemic ketamine by (a KAP clinic's injections, a telehealth service's tablets), not esketamine's.
"""

from __future__ import annotations

import re

from litwatch.article.cues import COMPARATOR_DRUGS

Treatment = tuple[str, str]  # (route, formulation)
INTRANASAL_ESK: Treatment = ("intranasal", "esketamine")

_ESK_NAME_RE = re.compile(r"\b(?:esketamine|spravato|esk|s-(?:form|enantiomer|isomer))\b", re.I)
_ESK_RE = re.compile(
    r"\b(?:esketamine|spravato|esk|s-(?:form|enantiomer|isomer)|nasal sprays?|intranasal|nasal|"
    r"(?:the |a |each )spray|(?:up|into) the nose|nostrils?)\b",
    re.I,
)
_DERIVED_RE = re.compile(r"\b(?:of|from) (?:the )?ketamine(?: molecule)?\b", re.I)
_NASAL_RE = re.compile(r"\b(?:nasal|intranasal|sprays?|sprayed|(?:up|into) the nose|nostrils?)\b", re.I)
# The comparison drugs' form ("oral antidepressants", "antidepressant tablets", "my old tablets"):
# no way of giving ketamine.
_COMPARATOR_FORM_RE = re.compile(
    r"\b(?:oral|tablets?|pills?)\s+(?:\w+\s+)?(?:antidepressants?|ssris?|medications?|medicines?)\b|"
    r"\b(?:antidepressants?|ssris?)\s+(?:tablets?|pills?)\b|"
    r"\b(?:my|their|your) (?:old |usual |new )?(?:tablets?|pills?)\b|\b(?:yet )?another (?:tablet|pill)\b|"
    rf"\b(?:a|the) (?:new )?tablet (?:of )?(?:{COMPARATOR_DRUGS}|antidepressant)\b",
    re.I,
)
_RACEMIC_RE = re.compile(r"(?<![\w-])ketamine\b", re.I)  # not "esketamine" nor "arketamine"
# Ways racemic ketamine is given, with the route each names (intranasal is esketamine's, above).
_ROUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("intravenous", re.compile(r"\b(?:intravenous\w*|iv|i\.v\.|infus\w*|drips?|into a vein)\b", re.I)),
    (
        "oral",
        re.compile(
            r"\b(?:oral(?:ly)?|tablets?|lozenges?|troches?|sublingual\w*|by mouth|capsules?|"
            r"(?:rapid-)?dissolving)\b",
            re.I,
        ),
    ),
    ("subcutaneous", re.compile(r"\b(?:subcutaneous\w*|under the skin|(?-i:SC|SQ))\b", re.I)),
    (
        "intramuscular",
        re.compile(r"\b(?:intramuscular\w*|(?-i:IM)|i\.m\.|injections?|injected|shots?)\b", re.I),
    ),
)


def _racemic_route(text: str) -> tuple[str | None, int]:
    """The route racemic ketamine is given by most often in `text`, and how often it is named."""
    text = _COMPARATOR_FORM_RE.sub(" ", text)
    counts = [(len(rx.findall(text)), route) for route, rx in _ROUTES]
    n, route = max(counts)
    return (route, n) if n else (None, 0)


def _esketamine_given_otherwise(text: str, route: str) -> bool:
    """Do more of the text's sentences give esketamine by `route` than as a nasal spray?"""
    rx = dict(_ROUTES)[route]
    other = nasal = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if sentence.rstrip().endswith("?") or _RACEMIC_RE.search(sentence):
            continue  # "Spravato or IV, which is better?", "IV ketamine and Spravato": two treatments
        if _ESK_NAME_RE.search(sentence):
            other += bool(rx.search(_COMPARATOR_FORM_RE.sub(" ", sentence)))
            nasal += bool(_NASAL_RE.search(sentence))
    return other > nasal


def article_treatment(text: str) -> tuple[Treatment | None, str]:
    """(route, formulation) the article as a whole talks about, and why; None when it does not say."""
    esk = len(_ESK_RE.findall(text))
    racemic = len(_RACEMIC_RE.findall(text))
    route, n = _racemic_route(text)
    if route is not None and _esketamine_given_otherwise(text, route):
        # esketamine, given another way ("esketamine by drip at caesarean")
        return (route, "esketamine"), f"the article gives esketamine by the {route} route most often"
    if esk > racemic + n:
        return INTRANASAL_ESK, f"the article is mostly about esketamine nasal spray ({esk} mentions)"
    if route is not None:
        return (
            route,
            "racemic",
        ), f"the article gives ketamine by the {route} route most often ({n} mentions)"
    if esk:
        return INTRANASAL_ESK, f"the article names only esketamine / a nasal spray ({esk} mentions)"
    return None, "the article names no route or formulation"


def sentence_treatment(
    sentence: str, default: Treatment | None, why: str, racemic_route: str | None = None
) -> tuple[Treatment | None, str, bool]:
    """The sentence's treatment, why, and whether the sentence itself named it (so the sentences
    after it in the paragraph may take it). `racemic_route`: the article's route for plain ketamine."""
    own = _COMPARATOR_FORM_RE.sub(" ", sentence)
    named = [(m.start(), route) for route, rx in _ROUTES if (m := rx.search(own))]
    esketamine = bool(_ESK_NAME_RE.search(own))
    if esketamine:  # "Spravato beat quetiapine, a standard add-on tablet": the tablet is the comparator's
        named = [(at, route) for at, route in named if route != "oral"]
    nasal = bool(_NASAL_RE.search(own)) and not _RACEMIC_RE.search(own)
    if esketamine and not named and not nasal and default is not None and default[1] == "esketamine":
        return (
            default,
            f"the sentence names esketamine, which the article gives by the {default[0]} route",
            True,
        )
    if nasal or (esketamine and not named):
        return INTRANASAL_ESK, "the sentence names esketamine / a nasal spray", True
    if named:
        # the more specific way wins: "small injections under the skin" are subcutaneous
        route = "subcutaneous" if any(r == "subcutaneous" for _, r in named) else min(named)[1]
        formulation = "esketamine" if esketamine else "racemic"  # "esketamine by drip at caesarean"
        return (route, formulation), f"the sentence names the {route} route", True
    if _RACEMIC_RE.search(own):
        if default is not None and default[1] == "esketamine" and _DERIVED_RE.search(own):
            return default, why, False  # "it's one half of the ketamine molecule": still esketamine
        if racemic_route is not None:
            return (
                (racemic_route, "racemic"),
                f"the sentence names ketamine, which the article gives by the {racemic_route} route",
                True,
            )
        if default is not None and default != INTRANASAL_ESK:
            return default, why, True
    return default, why, False


def racemic_route_of(text: str) -> str | None:
    """The article's route for plain ketamine (None when it names no way of giving it)."""
    return _racemic_route(text)[0]
