"""Fixtures for the webhook: certificates from `nodeless certs`, the Flask app, a real gunicorn."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

# The repository root first on sys.path: `tests.webhook.*` imports, and `webhook` meaning the real
# package rather than this folder, also under a plain `pytest` run from anywhere.
_ROOT = str(Path(__file__).resolve().parents[2])
if sys.path[0] != _ROOT:
    sys.path.insert(0, _ROOT)

from tests.webhook.webhook_support import (  # noqa: E402
    CONFIG_FILE, STRICT_PROFILE, Server, make_certs, review,
)


@pytest.fixture
def make_review():
    return review


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pki")
    make_certs(out)
    return out


@pytest.fixture(scope="session")
def server(pki, tmp_path_factory):
    srv = Server(pki, tmp_path_factory.mktemp("server"), workers=2)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def app():
    from webhook import create_app
    return create_app({"TESTING": True, "PROFILE": str(STRICT_PROFILE),
                       "CONFIG_FILE": str(CONFIG_FILE), "LOG_LEVEL": "WARNING"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def clone():
    return copy.deepcopy
