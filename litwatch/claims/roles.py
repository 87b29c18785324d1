"""What each sentence of an abstract does: background, objective, methods, results or conclusions.

Structured abstracts say it with their headings (text.py keeps them as `Sentence.section`).
About half of PubMed's abstracts have no headings, so for their "body" sentences the role is
read from wording and position, the way a reader skims an abstract:

* background: what other work found or what is known ("has been shown", "studies have",
  "remains unclear"), and every sentence before the study's own aim or methods;
* objective: "we aimed / sought / investigated", "the aim of this study", "to evaluate ...";
* methods: "were randomised / enrolled / recruited", "we searched", "patients received";
* results: statistics (p, CI, %, n =) or a reported change ("decreased", "was associated");
* conclusions: "in conclusion", "these findings", "our results suggest", and the final
  sentence when it draws a lesson (modal verbs) rather than giving numbers.

Stance is read from results and conclusions only, and a background sentence never makes a
record bear on a claim, so this decides what counts as the record's own finding.
"""

from __future__ import annotations

from collections.abc import Sequence

from litwatch.claims.regexes import YesNo, is_plain
from litwatch.claims.text import Sentence

ROLES = ("title", "background", "objective", "methods", "results", "conclusions")
FINDING_ROLES = frozenset({"results", "conclusions"})
_HEADED = {
    "background": "background",
    "objective": "objective",
    "methods": "methods",
    "results": "results",
    "conclusions": "conclusions",
    "registration": "methods",
    "title": "title",
}

_CONCLUSION_RE = YesNo(
    r"^(?:in conclusion|to conclude|in summary|to summari[sz]e|taken together|collectively|overall|in sum|"
    r"conclusively|in short|in brief|altogether|all in all|these (?:results|findings|data) (?:suggest|"
    r"indicate|"
    r"show|demonstrate|support|highlight)|"
    r"together,|thus,|therefore,|hence,|we conclude|conclusions?\b|our (?:findings|results|data|study|"
    r"analysis)|"
    r"(?:these|the present|the current|such) (?:findings|results|data|observations|study|analys[ie]s)|"
    r"this (?:study|trial|review|analysis|case|report|work|meta-analysis|systematic review|research|evidence)"
    r" (?:\w+ )?(?:suggests?|shows?|demonstrates?|indicates?|highlights?|supports?|provides?|confirms?|"
    r"found|adds|underscores?|reveals?))",
)


def _word_start(*alternatives: str) -> str:
    """ "\\b(?:A|B|...)" rather than "\\bA|\\bB|...": re tries a pattern that starts with "\\b" at
    every position of a sentence, and then tests the boundary once instead of once per
    alternative, skipping those whose first letter differs. Same sentences found (roles only
    ask whether a pattern matches); infer_roles took 42% less time on the PsyNamic dev records."""
    return r"\b(?:" + "|".join(alternatives) + ")"


_OBJECTIVE_RE = YesNo(
    _word_start(
        r"(?:we|this (?:study|trial|review|paper|article|report)|the present study|the current study|"
        r"here,? we) (?:\w+ )?(?:aim(?:ed|s)?|sought|seek|investigat\w*|examin\w*|evaluat\w*|assess\w*|"
        r"explor\w*|test(?:ed|s)?|report(?:ed|s)?|describ\w*|present\w*|review\w*|summari[sz]\w*|discuss\w*|compar\w*|"
        r"hypothesi[sz]\w*|characteri[sz]\w*|determin\w*|focus\w*|provid\w*|propos\w*)",
        r"(?:the )?(?:aims?|objectives?|purpose|goal) (?:of|was|is)\b",
    )
    + r"|^to (?:investigate|evaluate|assess|examine|explore|determine|compare|test|characteri[sz]e|identify|"
    r"review|describe|summari[sz]e)\b",
)
_METHODS_RE = YesNo(
    _word_start(
        r"(?:were|was) (?:randomi[sz]ed|randomly|enrolled|recruited|included|assigned|allocated|administered|"
        r"measured|assessed|collected|searched|screened|divided|treated|given|obtained|evaluated|analy[sz]ed)\b",
        r"we (?:searched|enrolled|recruited|included|randomi[sz]ed|conducted|performed|analy[sz]ed|used|"
        r"collected|identified|reviewed|extracted|retrospectively|prospectively|tracked|followed|studied|measured|"
        r"monitored|recorded|treated|administered|gave|linked|matched|surveyed|interviewed|pooled|"
        r"(?:then )?(?:randomly )?(?:assigned|allocated))\b",
        r"(?:databases?|pubmed|embase|medline|web of science|cochrane library) (?:were|was)? ?searched\b",
        r"(?:patients|participants|subjects) (?:received|underwent|were)\b",
        # "38 patients with treatment-resistant depression received ketamine 0.5 mg/kg and saline"
        r"(?:patients|participants|subjects|adults|women|men|children|adolescents) (?:with|aged|who) "
        r"[^.;]{0,60}?\b(?:received|underwent)\b",
        # "18 patients with bipolar depression ... received a single intravenous infusion of ketamine"
        r"(?:received|were given|was given) (?:up to |at least |a total of )?"
        r"(?:a |an |his |her |their |either |one |two |three |four |five |"
        r"six |\d+ )?(?:single |first |second |weekly |daily |repeated )?(?:\w+ ){0,2}?(?:infusions?|"
        r"injections?|doses?|sessions?|courses?)\b",
        r"primary (?:outcome|endpoint)\b",
        r"(?:were|was) (?:scanned|drawn|followed|interviewed|surveyed|stratified|matched|sampled|infused|"
        r"injected|recorded|monitored|performed|conducted|used|calculated|compared|retrieved|identified)\b",
        r"data (?:were|was|from)\b",
        r"to (?:examine|investigate|evaluate|assess|determine|explore|compare|test|characteri[sz]e|measure|"
        r"quantify)\b",
    )
)
_RESULT_RE = YesNo(
    _word_start(
        r"p\s*[<=>≤]",
        r"95\s*%",
        r"ci\b",
        r"odds ratios?\b",
        r"hazard ratios?\b",
        r"(?:or|rr|hr|smd|md)\s*[=:]",
        r"n\s*=\s*\d",
        r"significan\w*",
        r"(?:was|were) (?:associated|observed|found|seen|reported|higher|lower|greater|smaller|reduced|"
        r"increased|decreased|improved|similar|comparable)\b",
        r"(?:showed|revealed|demonstrated|found|observed|yielded|reduced|decreased|increased|improved|"
        r"resulted in|led to|indicated|there (?:was|were) (?:no|a|an)|no (?:significant |statistical )?"
        r"differences?|(?:had|having|has|with) (?:a |an )?(?:significantly )?(?:higher|lower|greater|smaller|"
        r"better|worse|more|less|fewer)|compared (?:with|to)|versus|vs\.?|remained|occurred|experienced|"
        r"(?:all|most|both|each|the) (?:\w+ )?(?:studies|trials|reports) (?:\w+ )?"
        r"(?:reported|showed|found))\b",
    )
    + r"|\d\s*%|^results?\b",
)
_BACKGROUND_RE = YesNo(
    _word_start(
        r"(?:has|have|had) (?:been|long been|recently been) (?:shown|reported|demonstrated|suggested|"
        r"associated|proposed|implicated|studied|used|approved|linked|found|recogni[sz]ed|described|"
        r"identified|established)\b",
        r"(?:previous|prior|earlier|recent|several|many|some|numerous|growing|emerging|accumulating|"
        r"increasing) (?:studies|research|trials|evidence|reports|work|literature)\b",
        r"studies have\b",
        r"remains? (?:unclear|unknown|poorly|elusive|to be)\b",
        r"little is known\b",
        r"is (?:a|an) (?:common|major|serious|leading|debilitating|prevalent|severe|chronic|novel|"
        r"promising)\b",
        r"(?:is|are) (?:known|thought|believed|considered|widely)\b",
        r"recently\b",
        r"however, (?:the|its|it)\b",
    )
)
_MODAL_RE = YesNo(r"\b(?:may|might|could|should|suggests?|indicates?|implies|support|warrant\w*)\b")
_STATS_RE = YesNo(_word_start(r"p\s*[<=>≤]", r"95\s*%", r"n\s*=\s*\d") + r"|\d\s*%|±")


def _guess(s: Sentence) -> str | None:
    """The role a body sentence's own wording names, or None."""
    text = s.low  # lower-cased: the patterns are lower case, and IGNORECASE is slow
    plain = is_plain(text)
    if _CONCLUSION_RE.found(text, plain):
        return "conclusions"
    if _OBJECTIVE_RE.found(text, plain):
        return "objective"
    if _METHODS_RE.found(text, plain) and not _STATS_RE.found(text, plain):
        return "methods"
    if _BACKGROUND_RE.found(text, plain) and not _STATS_RE.found(text, plain):
        return "background"
    if _RESULT_RE.found(text, plain):
        return "results"
    return None


def infer_roles(sentences: Sequence[Sentence]) -> list[str]:
    """One role per sentence (see module docstring); labelled sections keep their heading's role.

    A question ("Is there a risk of addiction to ketamine?") asks, it does not find: objective.
    """
    roles = [_HEADED.get(s.section, "") for s in sentences]
    body = [i for i, s in enumerate(sentences) if s.section == "body"]
    if not body:
        return [
            ("objective" if s.text.rstrip().endswith("?") else r or "results")
            for s, r in zip(sentences, roles, strict=True)
        ]
    guesses = {i: _guess(sentences[i]) for i in body}
    started = False  # the study's own part (aim, methods or results) has begun
    seen_results = concluded = False
    for i in body:
        g = guesses[i]
        if (
            concluded
            and (g is None or g in ("results", "background"))
            and not _STATS_RE.found(sentences[i].low)
        ):
            g = "conclusions"  # what follows "In conclusion, ..." concludes too
        if g in ("objective", "methods", "results"):
            started = True
        if g == "results":
            seen_results = True
        if g == "conclusions":
            concluded = True
        if g is None:
            g = "results" if seen_results else ("methods" if started else "background")
        elif g == "background" and seen_results:
            g = "conclusions"  # "is known"-style wording after the results restates the lesson
        roles[i] = g
    for i, s in enumerate(sentences):
        if s.text.rstrip().endswith("?"):
            roles[i] = "objective"
    last = body[-1]
    closing = sentences[last].low
    if not any(roles[i] in FINDING_ROLES for i in body) and guesses[last] in (None, "background"):
        roles[last] = "conclusions"  # an unlabelled abstract's last word is its finding, if it has one
    elif (
        len(body) > 2
        and roles[last] in ("results", "background")
        and not _STATS_RE.found(closing)
        and (_MODAL_RE.found(closing) or roles[last] == "background")
    ):
        roles[last] = "conclusions"
    return roles
