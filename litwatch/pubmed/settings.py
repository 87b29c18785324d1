"""Where and how to reach E-utilities: base URL, contact, API key, timeouts, retry patience.

Read from the environment (or given by the caller) once per client; a bad number in the
environment is a one-line error naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from litwatch.errors import SyncError

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
DEFAULT_TOTAL_TIMEOUT = 120.0  # seconds for one whole request: connect, headers and body
DEFAULT_MAX_REPLY_MB = 200  # decoded body; an efetch batch of 500 records is about 5-10 MB


@dataclass(frozen=True)
class EutilsSettings:
    """Where and how to reach E-utilities.

    `from_env` reads LITWATCH_EUTILS_URL, NCBI_EMAIL, NCBI_API_KEY and, to tune patience on a bad
    line, LITWATCH_EUTILS_TRIES (tries per request) and LITWATCH_EUTILS_BACKOFF (first wait, s);
    LITWATCH_EUTILS_TIMEOUT (whole-request deadline, s) and LITWATCH_EUTILS_MAX_MB (largest
    decoded reply) bound what one hostile or broken reply can cost.
    """

    base_url: str = DEFAULT_BASE_URL
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_tries: int = 8
    backoff: float = 1.0  # first retry waits up to this long; doubled on each further try
    max_backoff: float = 60.0
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT  # one attempt, start to last byte
    max_reply_bytes: int = DEFAULT_MAX_REPLY_MB * 1024 * 1024  # counted after Content-Encoding decoding

    @classmethod
    def from_env(
        cls,
        *,
        email: str | None = None,
        api_key: str | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: float,
    ) -> EutilsSettings:
        env = os.environ if environ is None else environ
        base = env.get("LITWATCH_EUTILS_URL") or DEFAULT_BASE_URL
        patience: dict[str, float] = {}
        if env.get("LITWATCH_EUTILS_TRIES"):
            patience["max_tries"] = max(1, int(env["LITWATCH_EUTILS_TRIES"]))
        if env.get("LITWATCH_EUTILS_BACKOFF"):
            patience["backoff"] = max(0.0, float(env["LITWATCH_EUTILS_BACKOFF"]))
        if env.get("LITWATCH_EUTILS_TIMEOUT"):
            patience["total_timeout"] = _positive(env, "LITWATCH_EUTILS_TIMEOUT")
        if env.get("LITWATCH_EUTILS_MAX_MB"):
            patience["max_reply_bytes"] = int(_positive(env, "LITWATCH_EUTILS_MAX_MB") * 1024 * 1024)
        return cls(
            base_url=base if base.endswith("/") else base + "/",
            email=email or env.get("NCBI_EMAIL") or None,
            api_key=api_key or env.get("NCBI_API_KEY") or None,
            **{**patience, **overrides},  # type: ignore[arg-type]
        )


def _positive(env: Mapping[str, str], name: str) -> float:
    """A positive finite number from the environment, or a one-line error naming the variable."""
    try:
        value = float(env[name])
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise SyncError(f"{name}={env[name]!r} must be a positive number")
    return value
