"""Tag stored records into the rows `tag` writes: pure CPU, no database, no SQLAlchemy.

A module of its own because the tagging pool's worker processes import only this and the
tagger: importing the database layer as well made each worker start in 0.55 s instead of 0.3 s,
CPU that the tagging itself lacks on a 2-core machine (benchmarks/tagging.py).
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import json
import signal
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring_ascii  # what json.dumps uses for a str (ensure_ascii)
from pathlib import Path
from typing import Any

from litwatch.claims.claimset import load_claims
from litwatch.claims.model import ClaimSet, RecordTags, TagInput, Value
from litwatch.claims.version import TAGGER_VERSION
from litwatch.workers import die_with_parent

# What one record may store, however many numbers its abstract holds: a 600 KB number-dense
# abstract once gave thousands of values each carrying its whole sentence (GBs of JSON).
MAX_VALUES_PER_KIND = 50  # extracted numbers per value kind
MAX_EVIDENCE = 20  # evidence sentences per claim link
MAX_CLAIM_VALUES = 50  # values per claim link
MAX_SENTENCE_CHARS = 1000  # a longer sentence is stored cut, ending in "…"

_VALUE_FIELDS = tuple(f.name for f in dataclasses.fields(Value))
# The JSON columns of the rows below, stored as the text SQLAlchemy's JSON type writes
# (json.dumps with its defaults): encoded here, in the worker, the parent's write skips
# SQLAlchemy's per-value bind processing (see tagwrite._upsert).
RECORD_JSON_FIELDS = ("routes", "study_routes", "formulations", "numbers", "topics")
CLAIM_JSON_FIELDS = ("evidence", "values")


def encode_json(items: list[Any]) -> str:
    """A list as the JSON text its column stores ("[]" without calling json for the many empty ones)."""
    return json.dumps(items) if items else "[]"


def encode_strings(items: Sequence[str]) -> str:
    """encode_json for a list of strings, the same text: json.dumps builds a new encoder per call,
    which was most of the ~7 calls per record for routes, topics and evidence sentences (with
    tag_input_from_json's direct build: a worker's own work besides tagging went from 36 to
    29 us per PsyNamic record)."""
    return "[" + ", ".join(map(encode_basestring_ascii, items)) + "]" if items else "[]"


def tag_input_from_json(record_json: str) -> TagInput:
    """TagInput from stored JSON, reading only the fields the tagger reads: what
    TagInput.from_record(Record.from_json(...)) gives, without building a Record (fast path)."""
    d = json.loads(record_json)
    sections = [(s.get("label"), s.get("text") or "") for s in d.get("sections") or []]
    return TagInput(
        pmid=d["pmid"],
        title=d.get("title") or "",
        abstract=" ".join(f"{label}: {text}" if label else text for label, text in sections if text),
        publication_types=[p["name"] for p in d.get("publication_types") or []],
        mesh=[h["descriptor"] for h in d.get("mesh") or []],
        keywords=list(d.get("keywords") or []),
    )


StoredRow = tuple[str, str, str]  # (pmid, content_hash, record_json)
Failure = tuple[str, str, str]  # (pmid, why its tagging failed, content hash)
# (record_tags rows, claim_tags rows, records whose tagging raised); JSON columns as JSON text
TagRows = tuple[list[dict[str, Any]], list[dict[str, Any]], list[Failure]]


def clip_sentence(text: str) -> str:
    """A sentence as stored: at most MAX_SENTENCE_CHARS characters, a cut one ending in "…"."""
    return text if len(text) <= MAX_SENTENCE_CHARS else text[: MAX_SENTENCE_CHARS - 1] + "…"


def _bounded_numbers(numbers: Iterable[Value]) -> list[dict[str, Any]]:
    """The first MAX_VALUES_PER_KIND values of each kind, sentences clipped."""
    kept: list[dict[str, Any]] = []
    per_kind: dict[str, int] = {}
    for v in numbers:
        seen = per_kind.get(v.kind, 0)
        if seen >= MAX_VALUES_PER_KIND:
            continue
        per_kind[v.kind] = seen + 1
        row = {f: getattr(v, f) for f in _VALUE_FIELDS}
        row["sentence"] = clip_sentence(v.sentence)
        kept.append(row)
    return kept


def failure_reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def tag_record(item: TagInput, claim_set: ClaimSet) -> RecordTags:
    """The tagger, loaded on first use: commands that only read tags never compile its patterns."""
    from litwatch.claims.tagger import tag_record as run

    return run(item, claim_set)


def _rows_for(pmid: str, content_hash: str, record_json: str, claim_set: ClaimSet) -> TagRows:
    """One record's rows, bounded in size whatever its text holds."""
    tags = tag_record(tag_input_from_json(record_json), claim_set)
    record_row = {
        "pmid": pmid,
        "design": tags.design,
        "design_source": tags.design_source,
        "evidence_level": tags.evidence_level,
        "population": tags.population,
        "routes": encode_strings(tags.routes),
        "study_routes": encode_strings(tags.study_routes),
        "formulations": encode_strings(tags.formulations),
        "numbers": encode_json(_bounded_numbers(tags.numbers)),
        "sample_size": tags.sample_size,
        "indication": tags.indication,
        "topics": encode_strings(tags.topics),
        "tagger_version": TAGGER_VERSION,
        "content_hash": content_hash,
    }
    claim_rows = [
        {
            "pmid": pmid,
            "claim_set": claim_set.name,
            "claim_id": c.claim_id,
            "stance": c.stance,
            "evidence": encode_strings([clip_sentence(e) for e in c.evidence[:MAX_EVIDENCE]]),
            "values": encode_json(list(c.values[:MAX_CLAIM_VALUES])),
            "rule": clip_sentence(c.rule),
        }
        for c in tags.claims
    ]
    return [record_row], claim_rows, []


def compute_tag_rows(rows: Sequence[StoredRow], claim_set: ClaimSet) -> TagRows:
    """Tag stored records (pure CPU, no database): the rows to write for them.

    A record whose tagging raises is listed as failed instead, so the rest are still tagged.
    """
    record_rows: list[dict[str, Any]] = []
    claim_rows: list[dict[str, Any]] = []
    failed: list[Failure] = []
    for pmid, content_hash, record_json in rows:
        try:
            one_record, its_claims, _ = _rows_for(pmid, content_hash, record_json, claim_set)
        except Exception as exc:  # noqa: BLE001 - isolate the record, report it, go on
            failed.append((pmid, failure_reason(exc), content_hash))
            continue
        record_rows.extend(one_record)
        claim_rows.extend(its_claims)
    return record_rows, claim_rows, failed


_worker_claims: ClaimSet | None = None


def init_worker(claims: ClaimSet | str | Path | None, parent_pid: int | None = None) -> None:
    """Start a pool worker: `claims` is the parent's loaded ClaimSet in a forked worker (it has
    the tagger loaded already), else the claims path to load."""
    global _worker_claims
    # Ctrl-C reaches the whole process group: the parent stops the pool, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        die_with_parent(parent_pid)  # after a kill -9 of `tag`, the pool's queue is never closed
    _worker_claims = claims if isinstance(claims, ClaimSet) else load_claims(claims)
    importlib.import_module("litwatch.claims.tagger")  # the worker is here to tag: load it now
    # Everything loaded so far (the tagger's compiled patterns, the claim set) lives as long as
    # the worker: frozen, the garbage collector no longer walks it on each full collection.
    gc.freeze()


def tag_in_worker(rows: list[StoredRow]) -> TagRows:
    assert _worker_claims is not None, "worker started without init_worker"
    return compute_tag_rows(rows, _worker_claims)
