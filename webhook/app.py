"""The Flask application: AdmissionReview in, engine verdict out. Thin on purpose.

Every view does the same four steps: read the bounded body, `review.parse_review`, `rules.engine.
evaluate` (unless `review.skip_reason` says no evaluation is needed), `review.build_response`; then
one JSON log line and the metrics. Client mistakes are JSON errors with 4xx codes, never 5xx.

Configuration (``create_app(config)`` mapping, or environment variables with the ``NODELESS_``
prefix, e.g. ``NODELESS_PROFILE=eks-fargate``):

- ``PROFILE``: profile enforced by ``POST /validate`` (default: the config file's, else the
  engine's default); a shipped name or a path to a profile YAML.
- ``CONFIG_FILE``: a ``.nodeless.yaml`` (exemptions and ignores, exactly as in the CLI).
- ``MAX_CONTENT_LENGTH``: largest body accepted, 3 MiB by default (larger: HTTP 413).
- ``BENCH_ENDPOINTS``: also serve ``POST /bench/allow`` (parse and allow, no evaluation), the
  baseline of ``bench/webhook_load.py``. Off by default.
- ``LOG_LEVEL``: of the ``nodeless.webhook`` logger (``INFO`` logs one line per review).
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from types import SimpleNamespace

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from webhook import metrics
from webhook.review import BadReview, build_response, allowed_response, parse_review, skip_reason

log = logging.getLogger("nodeless.webhook")

MAX_BODY = 3 * 1024 * 1024
DRAIN_LIMIT = 16 * 1024 * 1024   # oversized bodies up to this size are read and dropped
MODE_OF_ENDPOINT = {"validate": "enforce", "warn": "warn", "audit": "audit"}
# What the engine raises on objects whose deeper shape is wrong (a string where a list belongs ...):
SHAPE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, pid, msg, and the record's ``fields``."""

    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        out = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
               "level": record.levelname.lower(), "logger": record.name, "pid": record.process,
               "msg": record.getMessage()}
        out.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, separators=(",", ":"), default=str)


class LineHandler(logging.Handler):
    """Writes each record as one line with a single ``os.write`` and no lock.

    `logging.StreamHandler` holds a lock around every write; with several gunicorn threads that
    lock and the GIL convoy (a thread holding the lock waits for the GIL after its write syscall),
    which showed as a sixth of a worker's time under load. One write per line is atomic for lines
    below PIPE_BUF on a pipe and on files opened for appending, so lines never interleave."""

    def __init__(self, fd: int = 2, level=logging.NOTSET):
        super().__init__(level)
        self.fd = fd

    def createLock(self):   # noqa: N802 - logging's name
        self.lock = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            data = (self.format(record) + "\n").encode("utf-8", "replace")
            while data:
                data = data[os.write(self.fd, data):]
        except Exception:  # noqa: BLE001 - logging must never break a review
            self.handleError(record)


def _rules_engine() -> SimpleNamespace:
    from rules.config import Config, ConfigError, load_config
    from rules.engine import configured_profile, evaluate
    from rules.profiles import DEFAULT_PROFILE, ProfileError, available_profiles, load_profile
    return SimpleNamespace(evaluate=evaluate, load_profile=load_profile,
                           configured_profile=configured_profile,
                           available_profiles=available_profiles, DEFAULT_PROFILE=DEFAULT_PROFILE,
                           ProfileError=ProfileError, load_config=load_config, Config=Config,
                           ConfigError=ConfigError)


def _drain(environ, limit: int) -> bool:
    """Read and drop an oversized body (up to `limit` bytes), so a client that sends it all before
    reading gets its 413 instead of a reset connection. False when the body was larger still."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return True
    left = limit
    try:
        while left > 0:
            chunk = stream.read(min(65536, left))
            if not chunk:
                return True
            left -= len(chunk)
    except (OSError, ValueError):
        return False
    return False


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, separators=(",", ":")), status=status, mimetype="application/json")


def _error(code: int, error: str, message: str) -> Response:
    return _json({"error": error, "code": code, "message": message}, code)


class Profiles:
    """Profiles by name: the shipped ones (loaded on first use) and the server's default, with the
    config file's rule levels applied (as the CLI does)."""

    def __init__(self, engine, default_ref: str, config):
        self.engine, self.config = engine, config
        self.default = self._load(default_ref)
        self._loaded = {self.default.name: self.default}
        self._names = set(engine.available_profiles()) | {self.default.name}

    def get(self, name: str | None):
        if name is None:
            return self.default
        profile = self._loaded.get(name)
        if profile is None:
            if name not in self._names:   # never a path from the URL
                raise NotFound(f"unknown profile {name!r}; known: {', '.join(sorted(self._names))}")
            profile = self._loaded[name] = self._load(name)
        return profile

    def _load(self, ref: str):
        profile = self.engine.load_profile(ref)
        configure = getattr(self.engine, "configured_profile", None)
        return configure(profile, self.config) if configure else profile


def _configure_logging(level: str) -> None:
    if not log.handlers:
        handler = LineHandler(sys.stderr.fileno())
        handler.setFormatter(JsonFormatter())
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(level.upper() if isinstance(level, str) else level)


def create_app(config: dict | None = None) -> Flask:
    app = Flask("webhook")
    app.config.from_mapping(PROFILE=None, CONFIG_FILE=None, MAX_CONTENT_LENGTH=MAX_BODY,
                            BENCH_ENDPOINTS=False, LOG_LEVEL="INFO")
    app.config.from_prefixed_env("NODELESS")
    if config:
        app.config.update(config)
    _configure_logging(app.config["LOG_LEVEL"])

    engine = app.config.get("ENGINE") or _rules_engine()   # ENGINE: a stand-in, for tests only
    cfg_file = app.config["CONFIG_FILE"]
    nodeless_config = engine.load_config(cfg_file) if cfg_file else engine.Config()
    profiles = Profiles(engine, app.config["PROFILE"] or getattr(nodeless_config, "profile", None)
                        or engine.DEFAULT_PROFILE, nodeless_config)
    app.extensions["nodeless"] = SimpleNamespace(engine=engine, config=nodeless_config,
                                                 profiles=profiles)
    m = metrics.get()

    def answer(endpoint: str, profile_name: str | None) -> Response:
        started = time.perf_counter()
        label, error, close = "", None, False
        fields: dict = {"endpoint": endpoint}
        findings = ()
        try:
            profile = profiles.get(profile_name)
            label = profile.name
            fields["profile"] = profile.name
            try:
                raw = request.get_data(cache=False)
            except RequestEntityTooLarge:
                raise
            except Exception as exc:  # noqa: BLE001 - the server's reader: bad chunking, a disconnect
                close = True
                raise BadReview(f"the body could not be read: {type(exc).__name__}: "
                                f"{str(exc)[:200]}") from None
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError) as exc:   # not UTF-8, not JSON, absurdly deep
                raise BadReview(f"the body is not JSON: {str(exc)[:200]}") from None
            req = parse_review(body)
            fields.update(uid=req.uid, operation=req.operation, kind=req.kind,
                          namespace=req.namespace, name=req.name)
            if req.dry_run:
                fields["dry_run"] = True
            if endpoint == "bench":
                out, verdict = allowed_response(req.uid), "allow"
            else:
                reason = skip_reason(req)
                evaluation = None
                if reason is None:
                    try:
                        evaluation = engine.evaluate(req.object, profile, nodeless_config)
                    except SHAPE_ERRORS as exc:
                        log.warning("object could not be evaluated", exc_info=True,
                                    extra={"fields": {"uid": req.uid}})
                        raise BadReview(f"request.object has the wrong shape: "
                                        f"{type(exc).__name__}: {str(exc)[:200]}") from None
                    problems = getattr(evaluation, "problems", ())
                    if problems:   # fields of the wrong shape: the engine cannot judge the object
                        listed = "; ".join(f"{p.field_path or '<object>'}: {p.message}"
                                           for p in problems[:5])
                        raise BadReview(f"request.object has the wrong shape: {listed}"[:1000])
                    findings = tuple(f for f in evaluation.findings
                                     if f.severity in ("error", "warning"))
                else:
                    fields["skipped"] = reason
                out, verdict = build_response(req, evaluation, MODE_OF_ENDPOINT[endpoint], profile)
            resp = _json(out)
        except BadReview as exc:
            verdict, error = "bad_request", exc.message
            resp = _error(exc.code, verdict, error)
        except RequestEntityTooLarge:
            verdict, error = "too_large", f"the body exceeds {app.config['MAX_CONTENT_LENGTH']} bytes"
            resp = _error(413, verdict, error)
            if not _drain(request.environ, DRAIN_LIMIT):
                resp.headers["Connection"] = "close"
        except NotFound as exc:
            verdict, label, error = "unknown_profile", "", exc.description
            resp = _error(404, verdict, error)
        except RecursionError:   # comparing or walking an absurdly deep object
            verdict, error = "bad_request", "the request nests too deeply"
            resp = _error(400, verdict, error)
        if close:   # the stream is out of step: this connection cannot carry another request
            resp.headers["Connection"] = "close"
        seconds = time.perf_counter() - started
        m.observe(endpoint, label or "", verdict, seconds, findings)
        fields.update(verdict=verdict, rules=sorted({f.rule for f in findings}),
                      duration_ms=round(seconds * 1000, 3))
        if error:
            fields["error"] = error
        log.info("review", extra={"fields": fields})
        return resp

    @app.post("/validate", defaults={"profile": None}, endpoint="validate_default")
    @app.post("/validate/<profile>")
    def validate(profile):
        return answer("validate", profile)

    @app.post("/warn/<profile>")
    def warn(profile):
        return answer("warn", profile)

    @app.post("/audit/<profile>")
    def audit(profile):
        return answer("audit", profile)

    if app.config["BENCH_ENDPOINTS"]:
        @app.post("/bench/allow")
        def bench_allow():
            return answer("bench", None)

    @app.get("/healthz")
    def healthz():
        return _json({"status": "ok"})

    @app.get("/readyz")
    def readyz():
        return _json({"status": "ready", "profile": profiles.default.name})

    @app.get("/metrics")
    def metrics_view():
        body, content_type = metrics.render()
        return Response(body, content_type=content_type)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        name = (exc.name or "error").lower().replace(" ", "_")
        resp = _error(exc.code or 500, name, exc.description or name)
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(exc.valid_methods)
        return resp

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):   # a bug of ours: 500, logged, the worker lives on
        log.error("unhandled error", exc_info=exc)
        return _error(500, "internal", "internal error; see the webhook's log")

    return app
