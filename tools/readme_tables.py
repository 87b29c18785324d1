"""Print the README's generated tables (evidence levels, verdict rules) from the code itself.

Usage: python tools/readme_tables.py — paste the output into README.md; tests/test_readme.py
fails when the README's copy drifts from the code.
"""

from __future__ import annotations

from litwatch.claims.design import EVIDENCE_LEVEL_TABLE
from litwatch.claims.verdict import verdict_rules_markdown


def evidence_levels_markdown() -> str:
    rows = ["| design | evidence level | what it covers |", "|---|---|---|"]
    rows += [f"| `{design}` | {level} | {meaning} |" for design, level, meaning in EVIDENCE_LEVEL_TABLE]
    return "\n".join(rows)


if __name__ == "__main__":
    print(evidence_levels_markdown(), end="\n\n")
    print(verdict_rules_markdown())
