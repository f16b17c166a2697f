"""A work queue with client-go semantics, small: a key is queued at most once, processed by at most
one worker at a time (re-added while processing -> processed again after), and retried with
per-key exponential backoff."""
from __future__ import annotations

import heapq
import random
import threading
import time
from collections import deque


class WorkQueue:
    def __init__(self, base_delay: float = 0.05, max_delay: float = 30.0):
        self._cond = threading.Condition()
        self._queue: deque[str] = deque()
        self._dirty: set[str] = set()
        self._processing: set[str] = set()
        self._delayed: list[tuple[float, str]] = []
        self._failures: dict[str, int] = {}
        self._shutdown = False
        self.base_delay, self.max_delay = base_delay, max_delay

    def add(self, key: str) -> None:
        with self._cond:
            self._add_locked(key)

    def _add_locked(self, key: str) -> None:
        if self._shutdown or key in self._dirty:
            return
        self._dirty.add(key)
        if key not in self._processing:
            self._queue.append(key)
            self._cond.notify()

    def add_after(self, key: str, delay: float) -> None:
        with self._cond:
            heapq.heappush(self._delayed, (time.monotonic() + delay, key))
            self._cond.notify()

    def retry_delay(self, key: str) -> float:
        n = self._failures.get(key, 0)
        return min(self.max_delay, self.base_delay * (2 ** n)) * random.uniform(0.8, 1.2)

    def add_rate_limited(self, key: str) -> float:
        with self._cond:
            delay = self.retry_delay(key)
            self._failures[key] = self._failures.get(key, 0) + 1
        self.add_after(key, delay)
        return delay

    def forget(self, key: str) -> None:
        with self._cond:
            self._failures.pop(key, None)

    def get(self, timeout: float | None = None) -> str | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                now = time.monotonic()
                while self._delayed and self._delayed[0][0] <= now:
                    self._add_locked(heapq.heappop(self._delayed)[1])
                if self._queue:
                    key = self._queue.popleft()
                    self._processing.add(key)
                    self._dirty.discard(key)
                    return key
                if self._shutdown:
                    return None
                wait = self._delayed[0][0] - now if self._delayed else None
                if deadline is not None:
                    left = deadline - now
                    if left <= 0:
                        return None
                    wait = left if wait is None else min(wait, left)
                self._cond.wait(wait)

    def done(self, key: str) -> None:
        with self._cond:
            self._processing.discard(key)
            if key in self._dirty:
                self._queue.append(key)
                self._cond.notify()

    def shutdown(self) -> None:
        with self._cond:
            self._shutdown = True
            self._cond.notify_all()

    def idle(self) -> bool:
        """Nothing queued, delayed or in progress."""
        with self._cond:
            return not (self._queue or self._processing or self._delayed)

    def __len__(self) -> int:
        with self._cond:
            return len(self._queue) + len(self._delayed)
