"""gunicorn configuration for the webhook, read from ``NODELESS_*`` environment variables.

    gunicorn -c python:webhook.gunicorn_conf            # what `nodeless serve` runs

Environment (all optional except the two TLS files, without which it serves plain HTTP):

    NODELESS_TLS_CERT, NODELESS_TLS_KEY   serving certificate and key (PEM); reloaded on change
    NODELESS_HOST (0.0.0.0), NODELESS_PORT (8443)
    NODELESS_WORKERS (2), NODELESS_THREADS (4)
    NODELESS_PROFILE, NODELESS_CONFIG_FILE, NODELESS_LOG_LEVEL   read by the app (webhook.app)
    PROMETHEUS_MULTIPROC_DIR              where workers share metrics (default: a fresh folder in
                                          /dev/shm, else in the temp folder)

Choices:
- ``gthread`` workers: idle keep-alive connections wait in the worker's poller, not in a thread, so
  the API server's connection pool is kept open cheaply; CPU-bound reviews run on a few threads.
- ``keepalive`` 120 s, longer than the API server's idle-connection timeout (Go's 90 s): the client
  always closes an idle connection first, so a POST is never sent on a socket we just closed.
- TLS 1.2+ through the ``ssl_context`` hook (`webhook.tlsreload`), which also reloads the
  certificate when its files change, without touching open connections.
"""
import os
import shutil
import tempfile

from gunicorn.glogging import Logger as _GunicornLogger

from webhook import metrics as _metrics
from webhook.tlsreload import gunicorn_ssl_context


def _env(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else value


wsgi_app = "webhook:create_app()"
_host = _env("NODELESS_HOST", "0.0.0.0")
if ":" in _host and not _host.startswith("["):
    _host = f"[{_host}]"   # an IPv6 address
bind = [f"{_host}:{_env('NODELESS_PORT', '8443')}"]
workers = int(_env("NODELESS_WORKERS", "2"))
worker_class = "gthread"
threads = int(_env("NODELESS_THREADS", "4"))
worker_connections = 1000
# One listening socket per worker (SO_REUSEPORT): the kernel spreads new connections evenly. With
# the one shared socket, the first worker to wake accepted a whole burst of connections (all 50 of
# the benchmark's) and the other workers idled for the life of those keep-alive connections.
reuse_port = _env("NODELESS_REUSE_PORT", "1") not in ("0", "false", "no")
keepalive = int(_env("NODELESS_KEEPALIVE", "120"))
timeout = 30
graceful_timeout = 20
backlog = 2048
proc_name = "nodeless-webhook"
control_socket_disable = True   # gunicorn >= 24 would open one under $HOME (read-only in the Pod)
accesslog = None          # the app logs one JSON line per review instead


class _Logger(_GunicornLogger):
    """gunicorn's logger without the access log: with a logging config it would still build the
    access-log fields for every request, only to drop them."""

    def access(self, resp, req, environ, request_time):
        return


logger_class = _Logger
errorlog = "-"
loglevel = _env("NODELESS_LOG_LEVEL", "info").lower()
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"   # heartbeat files off a read-only root filesystem

certfile = _env("NODELESS_TLS_CERT", None)
keyfile = _env("NODELESS_TLS_KEY", None)
ssl_context = gunicorn_ssl_context

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "webhook.app.JsonFormatter"}},
    "handlers": {"stderr": {"()": "webhook.app.LineHandler", "formatter": "json", "fd": 2}},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
        "nodeless": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
}

# Metrics shared by the workers: the folder must exist, and be empty, before the first one starts.
# /dev/shm first: a tmpfs that stays writable under readOnlyRootFilesystem, so the Pod needs no
# emptyDir volume (which some nodeless providers do not offer).
def _metrics_dir() -> str:
    for parent in ("/dev/shm", None):
        if parent is None or (os.path.isdir(parent) and os.access(parent, os.W_OK)):
            try:
                return tempfile.mkdtemp(prefix="nodeless-metrics-", dir=parent)
            except OSError:
                continue
    raise SystemExit("nodeless: no writable folder for metrics; set PROMETHEUS_MULTIPROC_DIR")


_owned_metrics_dir = None
if not os.environ.get(_metrics.MULTIPROC_ENV):
    _owned_metrics_dir = _metrics_dir()
    os.environ[_metrics.MULTIPROC_ENV] = _owned_metrics_dir


def on_starting(server):
    folder = os.environ[_metrics.MULTIPROC_ENV]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.unlink(os.path.join(folder, name))


def post_worker_init(worker):
    """The app is loaded: move everything allocated so far out of the collector's sight, and
    collect less often. Reviews make little cyclic garbage (reference counting frees it), and the
    collector scanning the whole app every few hundred requests cost about 7% of a review."""
    import gc
    gc.collect()
    gc.freeze()
    gc.set_threshold(20000, 50, 100)


def child_exit(server, worker):
    _metrics.mark_process_dead(worker.pid)


def on_exit(server):
    if _owned_metrics_dir:
        shutil.rmtree(_owned_metrics_dir, ignore_errors=True)
