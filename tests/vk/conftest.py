"""Fixtures for the provider's tests: the fake API server over real HTTP, an adapter connected to it."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

# appended, not prepended: tests/ holds directories named like real packages (rules, webhook, vk)
for _dir in (Path(__file__).resolve().parents[1], Path(__file__).resolve().parent):   # fakeapi, vkhelpers
    if str(_dir) not in sys.path:
        sys.path.append(str(_dir))

from fakeapi import FakeApiServer  # noqa: E402
from vkhelpers import make_pod  # noqa: E402


@pytest.fixture
def api():
    srv = FakeApiServer(bookmark_interval=0.2).start()
    yield srv
    srv.stop()


@pytest.fixture
def kube(api):
    from vk.kube import Kube
    k = Kube.connect(host=api.url)
    k.timeout = (2.0, 5.0)
    yield k
    k.close()


@pytest.fixture
def pod_factory():
    return lambda *a, **kw: copy.deepcopy(make_pod(*a, **kw))
