"""Split a PubMed search into windows that each hold at most 9,999 records.

PubMed serves only the first 9,999 records of a search, through esearch and through the history
server alike. A bigger result is cut into date windows on the create date `[crdt]` (or the
modification date, `datetype=mdat`), halved recursively until each window fits; a single day that
still holds more is split by PMID range (`lo:hi[uid]`). Windows are closed, adjacent and
non-overlapping (`[a, m]`, `[m+1, b]`), so their union is exactly the original result set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from litwatch.pubmed.eutils import SEARCH_CAP
from litwatch.pubmed.replies import SearchResult

DateField = Literal["crdt", "mdat"]
EARLIEST = date(1700, 1, 1)  # before any PubMed create date
MAX_PMID = 999_999_999


def format_date(day: date) -> str:
    """E-utilities date format, YYYY/MM/DD."""
    return day.strftime("%Y/%m/%d")


@dataclass(frozen=True, slots=True)
class Window:
    """Records of `base` whose `field` date is in [start, end], optionally with PMID in [lo, hi]."""

    field: DateField
    start: date
    end: date
    lo: int | None = None
    hi: int | None = None

    def term(self, base: str) -> str:
        """The esearch term: crdt ranges go in the term, mdat ranges in `search_params`."""
        parts = [f"({base})"]
        if self.field == "crdt":
            parts.append(f'("{format_date(self.start)}"[crdt] : "{format_date(self.end)}"[crdt])')
        if self.lo is not None:
            parts.append(f"{self.lo}:{self.hi}[uid]")
        return " AND ".join(parts)

    def search_params(self) -> dict[str, Any]:
        if self.field != "mdat":
            return {}
        return {"datetype": "mdat", "mindate": format_date(self.start), "maxdate": format_date(self.end)}

    def describe(self) -> str:
        span = f"{self.field} {self.start.isoformat()}..{self.end.isoformat()}"
        return span + (f" pmid {self.lo}..{self.hi}" if self.lo is not None else "")

    def split(self) -> tuple[Window, Window] | None:
        """Two halves covering exactly this window, or None if it cannot be split further."""
        if self.start < self.end:
            mid = self.start + timedelta(days=(self.end - self.start).days // 2)
            return replace(self, end=mid), replace(self, start=mid + timedelta(days=1))
        lo, hi = (1, MAX_PMID) if self.lo is None else (self.lo, self.hi or MAX_PMID)
        if lo >= hi:
            return None
        half = (lo + hi) // 2
        return replace(self, lo=lo, hi=half), replace(self, lo=half + 1, hi=hi)


Search = Callable[[Window], SearchResult]


def plan_windows(
    search: Search, window: Window, *, cap: int = SEARCH_CAP
) -> list[tuple[Window, SearchResult]]:
    """Search `window`; while a result holds more than `cap` records, halve it and search the halves."""
    pending = [window]
    done: list[tuple[Window, SearchResult]] = []
    while pending:
        current = pending.pop()
        result = search(current)
        halves = current.split() if result.count > cap else None
        if halves is None:
            if result.count > cap:
                raise ValueError(f"cannot split {current.describe()} below {cap} records")
            if result.count:
                done.append((current, result))
            continue
        pending.extend(reversed(halves))  # depth-first, earliest window first
    return done
