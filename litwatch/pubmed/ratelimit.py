"""A process-wide request limiter for NCBI E-utilities (3 requests/s without a key, 10 with one).

NCBI blocks an IP (or key) that goes over its rate, so every HTTP attempt, retries included,
takes a slot here before it is sent. The limiter is a sliding window over the start times of
the last `rate` requests: the next request waits until the oldest of them is more than
`period` seconds old. `period` is a little over one second so that network jitter between our
clock and NCBI's cannot turn 3 requests in 1.0 s here into 4 in one second there.
The clock and the sleep are injectable so tests can run it without waiting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

RATE_WITHOUT_KEY = 3
RATE_WITH_KEY = 10
DEFAULT_PERIOD = 1.1  # seconds; 1.0 plus a margin for jitter between client and server clocks

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

    def acquire(self) -> None:
        """Block until one more request may start, then record its start."""
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
