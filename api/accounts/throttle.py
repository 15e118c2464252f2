"""Rate limits on signing in: failed attempts per client address and per account, in a sliding window.

Kept in the memory of each server process (a restart forgets them; with several workers each counts its
own): enough to make guessing passwords or tokens by the thousand impossible without a shared store.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` failures within ``window`` seconds."""

    attempts: int
    window: int


@dataclass
class LoginThrottle:
    """Failed sign-ins by key ("ip:…", "user:…"); a key over its limit waits until its oldest failure ages out."""

    per_client: Limit
    per_account: Limit
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, client: str, account: str | None) -> int:
        """Seconds to wait before another attempt from this client or for this account (0: go ahead)."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(f"ip:{client}", self.per_client, now)]
            if account:
                waits.append(self._wait(f"user:{account.lower()}", self.per_account, now))
        return max(waits)

    def failed(self, client: str, account: str | None) -> None:
        now = self.clock()
        with self._lock:
            self._failures.setdefault(f"ip:{client}", deque()).append(now)
            if account:
                self._failures.setdefault(f"user:{account.lower()}", deque()).append(now)

    def succeeded(self, account: str | None) -> None:
        """A right password clears the account's count (not the client's: it may be guessing others)."""
        if account:
            with self._lock:
                self._failures.pop(f"user:{account.lower()}", None)

    def _wait(self, key: str, limit: Limit, now: float) -> int:
        failures = self._failures.get(key)
        if failures is None:
            return 0
        while failures and failures[0] <= now - limit.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return 0
        if len(failures) < limit.attempts:
            return 0
        return max(1, math.ceil(failures[0] + limit.window - now))
