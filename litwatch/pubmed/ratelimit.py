"""A process-wide request limiter for NCBI E-utilities (3 requests/s without a key, 10 with one).

NCBI blocks an IP (or key) that goes over its rate, so every HTTP attempt, retries included,
takes a slot here before it is sent. The limiter is a sliding window over the start times of
the last `rate` requests: the next request waits until the oldest of them is more than
`period` seconds old. `period` is a little over one second so that network jitter between our
clock and NCBI's cannot turn 3 requests in 1.0 s here into 4 in one second there.
The clock and the sleep are injectable so tests can run it without waiting.

NCBI counts per IP, not per process: a sync started by `--wait` the moment another finishes, or
rerun at once, would add its requests to the other's. So a limiter can share its window through
a small state file (`shared_with`; sync puts it next to the resolved database): the file holds
the wall-clock start times of the last requests of every process, read and written under an
exclusive `flock`, which also queues the processes one request at a time.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO

RATE_WITHOUT_KEY = 3
RATE_WITH_KEY = 10
DEFAULT_PERIOD = 1.1  # seconds; 1.0 plus a margin for jitter between client and server clocks
SHARED_KEEP = 32  # start times kept in a shared state file (more than any rate needs)

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """At most `rate` request starts in any `period` seconds, across all threads that share it."""

    def __init__(
        self,
        rate: int,
        *,
        period: float = DEFAULT_PERIOD,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        state_file: Path | None = None,
        wall_clock: Clock = time.time,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1 request per period")
        self.rate = rate
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque(maxlen=rate)
        self._lock = threading.Lock()
        self.waited = 0.0  # total seconds spent waiting, for reports
        self.state_file = state_file
        self._wall = wall_clock  # shared start times must mean the same in every process

    def shared_with(self, state_file: Path) -> RateLimiter:
        """The same limit, its window kept in `state_file` so every process using it shares it."""
        return RateLimiter(self.rate, period=self.period, sleep=self._sleep, state_file=state_file)

    def acquire(self) -> None:
        """Block until one more request may start, then record its start."""
        if self.state_file is not None:
            with self._lock:
                self._acquire_shared(self.state_file)
            return
        with self._lock:  # requests queue here one at a time, so the window is never overbooked
            while True:
                now = self._clock()
                if len(self._starts) < self.rate:
                    break
                wait = self._starts[0] + self.period - now
                if wait <= 0:
                    break
                self.waited += wait
                self._sleep(wait)
            self._starts.append(self._clock())

    def _acquire_shared(self, path: Path) -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file is closed
            starts = _read_starts(fh)
            while True:
                now = self._wall()
                # A start "in the future" means the wall clock went back: never wait longer than one period.
                recent = sorted(t for t in starts if now - self.period < t <= now + self.period)
                if len(recent) < self.rate:
                    break
                wait = min(recent[-self.rate] + self.period - now, self.period)
                if wait <= 0:
                    break
                self.waited += wait
                self._sleep(wait)
            starts = [*recent, self._wall()][-SHARED_KEEP:]
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps(starts))
            fh.flush()


def _read_starts(fh: IO[str]) -> list[float]:
    """The start times in a shared state file; an empty or damaged file counts as none."""
    fh.seek(0)
    try:
        data = json.loads(fh.read() or "[]")
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [float(t) for t in data if isinstance(t, int | float) and not isinstance(t, bool)]


_shared: dict[int, RateLimiter] = {}
_shared_lock = threading.Lock()


def rate_for(api_key: str | None) -> int:
    """NCBI's published limit: 10 requests/s with an API key, 3 without."""
    return RATE_WITH_KEY if api_key else RATE_WITHOUT_KEY


def shared_limiter(rate: int) -> RateLimiter:
    """The one limiter of this process for `rate`, so two clients never add up to more than NCBI allows."""
    with _shared_lock:
        limiter = _shared.get(rate)
        if limiter is None:
            limiter = _shared[rate] = RateLimiter(rate)
        return limiter
