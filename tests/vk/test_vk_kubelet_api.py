"""The kubelet endpoint over real TLS: logs from the backend, 501 for what nodeless lacks."""
import http.client
import json
import os
import ssl
import stat

import pytest
from vkhelpers import make_pod

from vk.backends.mock import MockBackend
from vk.kubelet_api import KubeletApi


@pytest.fixture
def served():
    backend = MockBackend()
    pod = make_pod("web", containers=2)
    pod["metadata"]["uid"] = "u1"
    backend.create_pod(pod)
    api = KubeletApi(backend, "vk-test", host="127.0.0.1", port=0).start()
    yield api, backend
    api.stop()


def get(api, path, method="GET", client=None):
    ctx = ssl.create_default_context(cafile=api.certfile)
    ctx.check_hostname = False          # the self-signed cert names the node and its IP
    if client:
        ctx.load_cert_chain(*client)
    conn = http.client.HTTPSConnection("127.0.0.1", api.port, context=ctx, timeout=5)
    conn.request(method, path)
    r = conn.getresponse()
    body = r.read().decode()
    conn.close()
    return r.status, body


def test_tls_and_healthz(served):
    api, _ = served
    assert get(api, "/healthz") == (200, "ok")
    keyfile = os.path.join(os.path.dirname(api.certfile), "kubelet.key")
    assert stat.S_IMODE(os.stat(keyfile).st_mode) == 0o600


def test_container_logs_from_the_backend(served):
    api, _ = served
    status, body = get(api, "/containerLogs/default/web/c1")
    assert status == 200 and "started container c1" in body and "container c0 " not in body
    status, body = get(api, "/containerLogs/default/web/c0?tailLines=1")
    assert status == 200 and body.count("\n") == 1
    assert get(api, "/containerLogs/default/nope/c0")[0] == 404
    assert get(api, "/containerLogs/default/web/nope")[0] == 404


@pytest.mark.parametrize("path, word", [
    ("/exec/default/web/c0?command=sh&stdin=1", "exec"),
    ("/attach/default/web/c0", "attach"),
    ("/portForward/default/web", "port-forward"),
    ("/run/default/web/c0", "run"),
    ("/stats/summary", "stats"),
])
def test_streaming_endpoints_are_501_with_a_reason(served, path, word):
    api, _ = served
    status, body = get(api, path, "POST")
    assert status == 501 and word in body and "not" in body


def test_pods_lists_the_backend(served):
    api, _ = served
    status, body = get(api, "/pods")
    assert status == 200 and [p["metadata"]["name"] for p in json.loads(body)["items"]] == ["web"]


def test_client_ca_requires_a_client_certificate(tmp_path):
    from vk.kubelet_api import self_signed
    (tmp_path / "ok").mkdir()
    (tmp_path / "other").mkdir()
    client = self_signed("kube-apiserver-kubelet-client", "127.0.0.1", str(tmp_path / "ok"))
    stranger = self_signed("stranger", "127.0.0.1", str(tmp_path / "other"))
    backend = MockBackend()
    pod = make_pod("web")
    pod["metadata"]["uid"] = "u1"
    backend.create_pod(pod)
    api = KubeletApi(backend, "vk-test", host="127.0.0.1", port=0, client_ca=client[0]).start()
    try:
        assert get(api, "/healthz") == (200, "ok")              # the liveness probe needs no cert
        assert get(api, "/containerLogs/default/web/c0")[0] == 401
        assert get(api, "/containerLogs/default/web/c0", client=client)[0] == 200
        with pytest.raises((ssl.SSLError, ConnectionError, http.client.HTTPException)):
            get(api, "/containerLogs/default/web/c0", client=stranger)
    finally:
        api.stop()
