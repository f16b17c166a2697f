"""Prometheus metrics that add up across gunicorn workers.

gunicorn forks several workers; a scrape of ``/metrics`` lands on one of them, so each worker's
counters must be visible to all. `prometheus_client`'s multiprocess mode does exactly that: with
``PROMETHEUS_MULTIPROC_DIR`` set (the gunicorn config sets it before any worker starts), every
process writes its values to memory-mapped files in that folder and a scrape merges them; the
``child_exit`` hook marks a dead worker's files. Without the variable (tests with Flask's client,
a single process) the ordinary in-process registry is used.

Series:
- ``nodeless_webhook_reviews_total{endpoint, profile, verdict}``: endpoint is ``validate``,
  ``warn``, ``audit`` (or ``bench``); verdict is ``allow``, ``deny``, ``warn``, ``audit``,
  ``skip`` or an error class (``bad_request``, ``too_large``, ``unknown_profile``, ``error``).
- ``nodeless_webhook_rule_hits_total{rule, profile, severity}``: findings reported.
- ``nodeless_webhook_review_duration_seconds{endpoint}``: histogram, seconds in the handler.
"""
from __future__ import annotations

import os
import threading

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

_lock = threading.Lock()
_metrics = None


class Metrics:
    def __init__(self):
        from prometheus_client import Counter, Histogram
        self.reviews = Counter("nodeless_webhook_reviews_total",
                               "AdmissionReviews answered, by endpoint, profile and verdict.",
                               ("endpoint", "profile", "verdict"))
        self.rule_hits = Counter("nodeless_webhook_rule_hits_total",
                                 "Findings reported in admission responses, by rule, profile and severity.",
                                 ("rule", "profile", "severity"))
        self.duration = Histogram("nodeless_webhook_review_duration_seconds",
                                  "Time spent answering one AdmissionReview.",
                                  ("endpoint",), buckets=BUCKETS)

        self._children: dict = {}   # label values -> child: skips the library's lookup and lock

    def _child(self, metric, *values):
        key = (metric, values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*values)
        return child

    def observe(self, endpoint: str, profile: str, verdict: str, seconds: float, findings=()) -> None:
        self._child(self.reviews, endpoint, profile, verdict).inc()
        self._child(self.duration, endpoint).observe(seconds)
        if findings:
            hits: dict = {}
            for f in findings:   # one write per rule, however many containers it hit
                hits[(f.rule, f.severity)] = hits.get((f.rule, f.severity), 0) + 1
            for (rule, severity), n in hits.items():
                self._child(self.rule_hits, rule, profile, severity).inc(n)


def get() -> Metrics:
    global _metrics
    if _metrics is None:
        with _lock:
            if _metrics is None:
                _metrics = Metrics()
    return _metrics


def render() -> tuple[bytes, str]:
    """The exposition text of every worker's metrics, and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
    get()
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """gunicorn ``child_exit``: keep a dead worker's counters, drop its live-only gauges."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(pid)
