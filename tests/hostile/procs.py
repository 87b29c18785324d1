"""Live processes from Linux's /proc, for tests that check no worker outlives its command."""

from __future__ import annotations

from pathlib import Path

PPID, PGRP = 1, 2  # indices into `stat_fields`: after the state come the parent and the process group


def stat_fields(pid: int) -> list[str] | None:
    """(state, ppid, pgrp, ...) of a process, None when it is gone; a zombie counts as gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return None if fields[0] in ("Z", "X") else fields


def live_processes(field: int, value: int, cmdline_has: bytes = b"") -> list[int]:
    """Live processes whose stat field `field` (PPID or PGRP) is `value`, and whose command line
    holds `cmdline_has`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = stat_fields(int(entry.name))
        if fields is None or int(fields[field]) != value:
            continue
        if cmdline_has:
            try:
                if cmdline_has not in (entry / "cmdline").read_bytes():
                    continue
            except OSError:
                continue
        found.append(int(entry.name))
    return found
