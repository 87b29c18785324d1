"""Worker processes that die with their parent.

The ingest parser process and the tagging pool's workers block on a pipe to their parent. After
a `kill -9` of the parent nobody closes that pipe (the workers hold its other end too), so they
would wait forever, reparented to PID 1, each holding its memory. Each worker therefore calls
`die_with_parent` first: on Linux the kernel kills it when the parent dies (PR_SET_PDEATHSIG);
elsewhere a daemon thread notices the parent PID change and exits the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 1.0


def _set_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent_pid: int, poll_seconds: float = POLL_SECONDS) -> threading.Thread:
    """The portable fallback: a daemon thread that ends the process once `parent_pid` is gone."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_seconds)
        os._exit(1)  # no cleanup to do: the parent that wanted our results is gone

    thread = threading.Thread(target=watch, name="litwatch-parent-watch", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent_pid: int, *, poll_seconds: float = POLL_SECONDS) -> None:
    """Make this worker process exit when `parent_pid` (the process that started it) dies.

    Called first thing in the worker. If the parent died before the death signal was set, the
    PID check right after it catches that race. Linux sends the signal when the parent *thread*
    that started the worker ends, so start workers from the thread that waits for them.
    """
    if not _set_death_signal():
        watch_parent(parent_pid, poll_seconds)
    if os.getppid() != parent_pid:
        os._exit(1)
