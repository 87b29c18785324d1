"""Measure `litwatch article draft` against the hand-annotated article dev set.

    python benchmarks/draft.py [--show-errors] [--split dev|held-out|all]

Reads benchmarks/data/articles/annotations.json (see HOW-MADE.md there); the built-in article is
read from ../shared/article/ (relative to the repo root) and skipped, with a note, when missing.

Definitions (per split; a sentence making two claims has two annotations):
  * claim recall: share of annotated claims for which the draft has a claim with the same
    sentence (exact string), the same topic and the same value kind (both null counts as same).
    Each drafted claim matches at most one annotation.
  * value accuracy: among matched claims whose annotation states a number, the share whose
    drafted low and high are each within 10% of the annotated ones (a bound the annotation leaves
    null must be null in the draft too).
  * draft precision: share of drafted claims (not-checkable ones included) that match an
    annotation by sentence and topic.
  * route/formulation accuracy: among matched claims, the share with both equal to the annotation.

Exit status 0 after a run.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from litwatch.article import draft_claims, read_article
from litwatch.article.reader import parse_article

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data" / "articles"
SHARED_ARTICLES = REPO / ".." / "shared" / "article"


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.1 * max(abs(a), abs(b), 1e-9)


def _load(entry: dict) -> tuple[object | None, str]:
    name = entry["file"]
    if name.startswith("builtin:"):
        path = SHARED_ARTICLES / name.split(":", 1)[1]
        if not path.exists():
            return None, f"{name}: {path} missing, skipped"
        text = path.read_text(encoding="utf-8")
        return parse_article(text, str(path), "text"), ""
    return read_article(DATA / name), ""


def measure(split: str, show_errors: bool) -> dict[str, float | int]:
    data = json.loads((DATA / "annotations.json").read_text(encoding="utf-8"))
    tot = {
        "annotated": 0,
        "matched": 0,
        "valued": 0,
        "value_ok": 0,
        "drafted": 0,
        "drafted_ok": 0,
        "ctx_ok": 0,
    }
    seconds = 0.0
    for entry in data["articles"]:
        if split != "all" and entry["split"] != split:
            continue
        article, note = _load(entry)
        if article is None:
            print(f"  note: {note}")
            continue
        started = time.perf_counter()
        draft = draft_claims(article)  # type: ignore[arg-type]
        seconds += time.perf_counter() - started
        text = article.text  # type: ignore[attr-defined]
        for c in draft.claims:
            assert c.sentence in text, f"drafted sentence is not in the article text: {c.sentence!r}"
        drafted = [c.to_json() for c in draft.claims]
        used: set[int] = set()
        misses, wrong_values = [], []
        for ann in entry["claims"]:
            tot["annotated"] += 1
            hit = next(
                (
                    i
                    for i, d in enumerate(drafted)
                    if i not in used
                    and d["sentence"] == ann["sentence"]
                    and d["topic"] == ann["topic"]
                    and d["value_kind"] == ann["value_kind"]
                ),
                None,
            )
            if hit is None:
                misses.append(ann)
                continue
            used.add(hit)
            d = drafted[hit]
            tot["matched"] += 1
            tot["ctx_ok"] += d["route"] == ann["route"] and d["formulation"] == ann["formulation"]
            if ann["low"] is not None or ann["high"] is not None:
                tot["valued"] += 1
                ok = _close(d["low"], ann["low"]) and _close(d["high"], ann["high"])
                tot["value_ok"] += ok
                if not ok:
                    wrong_values.append((ann, d))
        pairs = {(a["sentence"], a["topic"]) for a in entry["claims"]}
        extra = [d for d in drafted if (d["sentence"], d["topic"]) not in pairs]
        tot["drafted"] += len(drafted)
        tot["drafted_ok"] += len(drafted) - len(extra)
        if show_errors:
            print(f"  {entry['file']}:")
            for a in misses:
                print(f"    MISSED {a['topic']}/{a['value_kind']}: {a['sentence'][:90]}")
            for a, d in wrong_values:
                want, got = f"{a['low']}-{a['high']}", f"{d['low']}-{d['high']}"
                print(f"    VALUE {a['value_kind']} want {want} got {got}: {a['sentence'][:60]}")
            for d in extra:
                print(f"    EXTRA {d['topic']}/{d['value_kind']}: {d['sentence'][:90]}")
    tot["seconds"] = seconds
    return tot


def _share(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true", help="list missed, wrong-valued and extra claims")
    ap.add_argument("--split", choices=("dev", "held-out", "all"), default=None, help="one split only")
    args = ap.parse_args()
    for split in (args.split,) if args.split else ("dev", "held-out"):
        print(f"{split}:")
        t = measure(split, args.show_errors)
        print(f"  claim recall (sentence + topic + value kind): {_share(t['matched'], t['annotated'])}")
        values = _share(t["value_ok"], t["valued"])
        print(f"  value accuracy (within 10%, of matched claims with a number): {values}")
        print(f"  draft precision: {_share(t['drafted_ok'], t['drafted'])}")
        print(f"  route+formulation accuracy (of matched claims): {_share(t['ctx_ok'], t['matched'])}")
        print(f"  drafting time: {t['seconds'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
