"""The claim-by-claim report as JSON, for tools: `Report.to_dict()` plus a `schema_version`.

Key order is stable (schema_version first, then the dataclass field order; `years` and `stats`
sorted), so two reports of the same data diff cleanly. `parse_report_json` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from litwatch.claims.evidence import INTERNAL_ROW_FIELDS, Verdict, row_from_json_dict
from litwatch.errors import LitwatchError
from litwatch.report.model import ClaimReport, Report

SCHEMA_VERSION = 1


def sort_nested(value: Any) -> Any:
    """Sort the keys of free-form dicts (stats) so output does not depend on insertion order."""
    if isinstance(value, dict):
        return {str(k): sort_nested(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [sort_nested(v) for v in value]
    return value


def report_to_json_dict(report: Report) -> dict[str, Any]:
    data = report.to_dict()
    for claim in data["claims"]:
        claim["years"] = {str(y): dict(sorted(claim["years"][y].items())) for y in sorted(claim["years"])}
        claim["verdict"]["stats"] = sort_nested(claim["verdict"]["stats"])
        for row in claim["rows"]:
            for name in INTERNAL_ROW_FIELDS:
                del row[name]
    return {"schema_version": SCHEMA_VERSION, **data}


def render_json(report: Report) -> str:
    return json.dumps(report_to_json_dict(report), ensure_ascii=False, indent=2) + "\n"


def parse_report_json(text: str) -> Report:
    """Rebuild a Report from `render_json` output (year keys back to int)."""
    try:
        data = json.loads(text)
        version = data.pop("schema_version", None)
        if version != SCHEMA_VERSION:
            raise LitwatchError(
                f"report JSON has schema_version {version!r}; this litwatch reads {SCHEMA_VERSION}"
            )
        claims = [
            ClaimReport(
                **{
                    **c,
                    "verdict": Verdict(**c["verdict"]),
                    "rows": [row_from_json_dict(r) for r in c["rows"]],
                    "years": {int(y): by for y, by in c["years"].items()},
                }
            )
            for c in data.pop("claims")
        ]
        return Report(**data, claims=claims)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LitwatchError(f"not a litwatch report JSON: {exc}") from exc
