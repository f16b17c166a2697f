"""The Pod controller: list and watch the node's Pods, and carry out `decisions.plan` per Pod.

Threads: one informer (list, then watch; reconnect with backoff; relist on 410 Gone), N workers
over a work queue keyed by namespace/name, and a periodic resync. The controller owns every API
write about Pods; the backend only ever sees deep copies.

API writes per Pod (the budget): an accepted Pod costs one status patch (straight to what the
backend reports, e.g. Running), one Event only if the engine had warnings, and one delete with grace
period 0 when it is deleted. A refused Pod costs one status patch and one Warning Event.
"""
from __future__ import annotations

import copy
import logging
import random
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from typing import Callable

from . import decisions as d
from .errors import ApiError, Conflict, Gone, NotFoundError, Unavailable
from .provider import InvalidInput, NotFound
from .workqueue import WorkQueue

log = logging.getLogger("nodeless.vk.controller")


class Backoff:
    """Exponential backoff with jitter: 0.2 s, 0.4 s, ... up to `cap`."""

    def __init__(self, base: float = 0.2, cap: float = 30.0):
        self.base, self.cap, self.n = base, cap, 0

    def next(self) -> float:
        delay = min(self.cap, self.base * (2 ** self.n))
        self.n += 1
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self.n = 0


def slim(pod: dict) -> dict:
    """The Pod without metadata.managedFields, which nothing here reads and which can double its size."""
    m = pod.get("metadata")
    if m and "managedFields" in m:
        pod = dict(pod, metadata={k: v for k, v in m.items() if k != "managedFields"})
    return pod


class RetryLater(Exception):
    """Processing a key did not finish; requeue it with backoff."""


class PodController:
    def __init__(self, kube, backend, judge: d.Judge, node_name: str, *, workers: int = 8,
                 resync_period: float = 60.0, watch_timeout: int = 300, max_backoff: float = 30.0,
                 conflict_retries: int = 5, clock: Callable[[], datetime] | None = None):
        self.kube, self.backend, self.judge, self.node_name = kube, backend, judge, node_name
        self.workers, self.resync_period, self.watch_timeout = workers, resync_period, watch_timeout
        self.max_backoff, self.conflict_retries = max_backoff, conflict_retries
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.queue = WorkQueue(max_delay=max_backoff)
        self.cache: dict[str, dict] = {}
        self._cache_lock = threading.Lock()
        self._owed_events: dict[str, list[dict]] = {}
        self._events_lock = threading.Lock()
        self._event_seq = 0
        self.stop_event = threading.Event()
        self.synced = threading.Event()
        self.writes: Counter = Counter()      # API writes by kind, for the benchmark and tests
        self.relists = 0
        self._threads: list[threading.Thread] = []
        if hasattr(backend, "notify_pods"):
            backend.notify_pods(self._on_backend_change)

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> "PodController":
        self._spawn("vk-informer", self._informer)
        for i in range(self.workers):
            self._spawn(f"vk-worker-{i}", self._worker)
        self._spawn("vk-resync", self._resync_loop)
        return self

    def _spawn(self, name: str, target) -> None:
        t = threading.Thread(target=target, name=name, daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        self.queue.shutdown()
        abort = getattr(self.kube, "abort_watches", None)
        if abort:
            abort()
        for t in self._threads:
            t.join(timeout)

    def _on_backend_change(self, pod: dict) -> None:
        self.queue.add(d.pod_key(pod))

    # ---------------------------------------------------------------- informer

    def _relist(self) -> str:
        items, rv = self.kube.list_pods(self.node_name)
        fresh = {d.pod_key(p): slim(p) for p in items}
        with self._cache_lock:
            gone = set(self.cache) - set(fresh)
            self.cache = fresh
        self.relists += 1
        for key in list(fresh) + sorted(gone) + self._backend_keys():
            self.queue.add(key)
        self.synced.set()
        log.info("listed %d pods on node %s (resourceVersion %s)", len(fresh), self.node_name, rv)
        return rv

    def _backend_keys(self) -> list[str]:
        try:
            return [d.pod_key(p) for p in self.backend.list_pods()]
        except Exception:
            log.exception("backend list_pods failed")
            return []

    def _informer(self) -> None:
        rv: str | None = None
        backoff = Backoff(cap=self.max_backoff)
        while not self.stop_event.is_set():
            started, seen, failed = time.monotonic(), 0, False
            try:
                if rv is None:
                    rv = self._relist()
                for event in self.kube.watch_pods(self.node_name, rv, self.watch_timeout):
                    seen += 1
                    step, payload = d.watch_step(event)
                    if step == "upsert":
                        key = d.pod_key(payload)
                        with self._cache_lock:
                            self.cache[key] = slim(payload)
                        rv = d.meta(payload).get("resourceVersion") or rv
                        self.queue.add(key)
                    elif step == "remove":
                        key = d.pod_key(payload)
                        with self._cache_lock:
                            self.cache.pop(key, None)
                        rv = d.meta(payload).get("resourceVersion") or rv
                        self.queue.add(key)
                    elif step == "bookmark":
                        rv = payload or rv
                    elif step == "relist":
                        log.info("watch expired (%s); listing again", (payload or {}).get("message"))
                        rv = None
                        break
                    elif step == "restart":
                        log.warning("watch error: %s", payload)
                        failed = True
                        break
                    if self.stop_event.is_set():
                        return
                if failed or (seen == 0 and time.monotonic() - started < 1.0):
                    self.stop_event.wait(backoff.next())   # an error, or an empty stream that ended at once
                else:
                    backoff.reset()
            except Gone:
                rv = None
            except (ApiError, OSError, ValueError) as e:
                if self.stop_event.is_set():
                    return          # the stream was aborted at shutdown
                delay = backoff.next()
                log.warning("pod watch failed (%s); retrying in %.1fs", e, delay)
                self.stop_event.wait(delay)
            except Exception:   # never let the informer die
                delay = backoff.next()
                log.exception("pod informer crashed; retrying in %.1fs", delay)
                self.stop_event.wait(delay)

    def _resync_loop(self) -> None:
        while not self.stop_event.wait(self.resync_period):
            if not self.synced.is_set():
                continue
            with self._cache_lock:
                keys = list(self.cache)
            for key in keys + self._backend_keys():
                self.queue.add(key)

    # ---------------------------------------------------------------- workers

    def _worker(self) -> None:
        while True:
            key = self.queue.get()
            if key is None:
                return
            try:
                self.sync(key)
                self.queue.forget(key)
            except Exception as e:
                delay = self.queue.add_rate_limited(key)
                if isinstance(e, (Unavailable, RetryLater)):
                    log.info("pod %s: %s; retrying in %.1fs", key, e, delay)
                else:
                    log.warning("pod %s: %s: %s; retrying in %.1fs", key, type(e).__name__, e, delay)
            finally:
                self.queue.done(key)

    def _backend_pod(self, ns: str, name: str) -> dict | None:
        try:
            return self.backend.get_pod(ns, name)
        except NotFound:
            return None

    def _set_cache(self, key: str, pod: dict | None, based_on: dict | None) -> None:
        """Store what a worker's own write or read returned, but only if the cache still holds the
        version the worker started from (`based_on`). The informer may meanwhile have stored a newer
        one from the watch (a deletion, a recreated Pod); overwriting it with ours would lose that
        event until the next relist. resourceVersions are opaque: compare them only for equality."""
        def version(pod):
            return d.meta(pod or {}).get("resourceVersion")
        with self._cache_lock:
            if version(self.cache.get(key)) != version(based_on):
                return
            if pod is None:
                self.cache.pop(key, None)
            else:
                self.cache[key] = slim(pod)

    def sync(self, key: str) -> None:
        """Bring one Pod to its decided state. Raises to be retried later."""
        if not self.synced.is_set():
            raise RetryLater("waiting for the first list")
        ns, name = key.split("/", 1)
        with self._cache_lock:
            api_pod = self.cache.get(key)
        self._flush_events(key, api_pod)
        backend_pod = self._backend_pod(ns, name)
        for _ in range(self.conflict_retries):
            try:
                self._execute(key, d.plan(api_pod, backend_pod, self.judge), api_pod, backend_pod)
                return
            except Conflict as e:
                log.info("pod %s: conflict (%s); reading it again", key, e.message)
                with self._cache_lock:
                    cached = self.cache.get(key)
                api_pod = self.kube.get_pod(ns, name)
                self._set_cache(key, api_pod, cached)
                backend_pod = self._backend_pod(ns, name)
        raise RetryLater(f"still conflicting after {self.conflict_retries} attempts")

    def _execute(self, key: str, actions: list[d.Action], api_pod: dict | None, backend_pod: dict | None) -> None:
        ns, name = key.split("/", 1)
        for action in actions:
            kind = action.kind
            if kind in (d.STOP, d.STOP_STALE):
                try:
                    self.backend.delete_pod(copy.deepcopy(action.pod or backend_pod))
                except NotFound:
                    pass
                log.info("pod %s: stopped on the backend", key)
            elif kind == d.DELETE:
                self.writes["delete"] += 1
                left = self.kube.delete_pod(ns, name, d.pod_uid(api_pod))
                self._set_cache(key, left if left and d.meta(left).get("finalizers") else None, api_pod)
                log.info("pod %s: deleted", key)
            elif kind == d.REFUSE:
                api_pod = self._patch_status(key, api_pod, d.refused_status(action.verdict))
                log.info("pod %s: refused: %s", key, d.refusal_message(action.verdict))
                self._owe_event(key, api_pod, "Warning", d.REASON_REFUSED,
                                d.refusal_message(action.verdict, d.EVENT_MESSAGE_LIMIT))
            elif kind == d.START:
                try:
                    self.backend.create_pod(copy.deepcopy(api_pod))
                except InvalidInput as e:
                    api_pod = self._patch_status(key, api_pod, d.provider_failed_status(str(e)))
                    self._owe_event(key, api_pod, "Warning", d.REASON_PROVIDER_FAILED, str(e))
                    break
                log.info("pod %s: started on the backend", key)
                if action.verdict and action.verdict.warnings:
                    self._owe_event(key, api_pod, "Warning", d.REASON_WARNING, d.warning_message(action.verdict))
            elif kind == d.LOST:
                api_pod = self._patch_status(key, api_pod, d.lost_status())
                self._owe_event(key, api_pod, "Warning", d.REASON_LOST, d.lost_status()["message"])
            elif kind == d.UPDATE:
                self.backend.update_pod(copy.deepcopy(api_pod))
            elif kind == d.SYNC:
                try:
                    status = self.backend.get_pod_status(ns, name)
                except NotFound:
                    continue
                desired = d.desired_status(api_pod, status)
                unsupported = d.newly_unsupported_ephemeral(api_pod.get("status"), desired)
                if d.status_differs(api_pod.get("status"), desired):
                    api_pod = self._patch_status(key, api_pod, desired)
                for name in unsupported:
                    self._owe_event(key, api_pod, "Warning", d.REASON_REFUSED,
                                    f'ephemeral container "{name}": {d.EPHEMERAL_UNSUPPORTED}')
        self._flush_events(key, api_pod)

    def _patch_status(self, key: str, api_pod: dict, status: dict) -> dict:
        ns, name = key.split("/", 1)
        self.writes["status"] += 1
        try:
            updated = self.kube.patch_pod_status(ns, name, d.status_patch(api_pod, status))
        except NotFoundError:
            raise Conflict(404, "NotFound", "the pod is gone") from None   # re-read; plan sees it gone
        self._set_cache(key, updated, api_pod)
        return slim(updated)

    # ---------------------------------------------------------------- events (at least once per process)

    def _owe_event(self, key: str, pod: dict, type_: str, reason: str, message: str) -> None:
        with self._events_lock:
            self._event_seq += 1
            ev = d.pod_event(pod, type_, reason, message, self.node_name, self.clock(), self._event_seq)
            self._owed_events.setdefault(key, []).append(ev)

    def _flush_events(self, key: str, pod: dict | None) -> None:
        with self._events_lock:
            owed = self._owed_events.pop(key, [])
        while owed:
            ev = owed[0]
            if pod is None or ev["involvedObject"]["uid"] != d.pod_uid(pod):
                owed.pop(0)       # that Pod is gone; its events with it
                continue
            try:
                self.writes["event"] += 1
                self.kube.create_event(ev)
            except Conflict:
                pass              # already recorded (a retry after a lost answer)
            except ApiError:
                with self._events_lock:
                    self._owed_events[key] = owed + self._owed_events.get(key, [])
                raise
            owed.pop(0)

    # ---------------------------------------------------------------- introspection (tests, bench)

    def idle(self) -> bool:
        with self._events_lock:
            owed = any(self._owed_events.values())
        return self.synced.is_set() and self.queue.idle() and not owed
