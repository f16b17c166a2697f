"""Malformed and random AdmissionReviews thrown at the handler: never a 5xx, never a crash.

Seeded, so a failure reproduces: NODELESS_FUZZ_SEED=<n> NODELESS_FUZZ_CASES=<n> to explore more.
"""
from __future__ import annotations

import copy
import json
import os
import random

from tests.webhook.webhook_support import deployment, pod, review

SEED = int(os.environ.get("NODELESS_FUZZ_SEED", "20261204"))
CASES = int(os.environ.get("NODELESS_FUZZ_CASES", "1500"))
PATHS = ["/validate", "/validate/fks", "/warn/eks-fargate", "/audit/gke-autopilot",
         "/validate/aks-virtual-nodes", "/warn/strict-test"]


def random_scalar(rng: random.Random):
    return rng.choice([
        None, True, False, 0, -1, 2**63, 1e308, -0.0, "", "x", "ALL", "0", "\u0000", "\ud800",
        "é" * rng.randint(1, 50), "a" * rng.randint(0, 3000), rng.random(), rng.randint(-10**9, 10**9),
        "Pod", "Deployment", "v1", "apps/v1", "CREATE", "UPDATE", "status", "ephemeralcontainers",
    ])


def random_value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.5:
        return random_scalar(rng)
    if roll < 0.75:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["name", "spec", "containers", "metadata", "kind", "image", "ports", "hostNetwork",
                        "volumes", "template", "annotations", "securityContext", str(rng.random())]):
            random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def nodes(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from nodes(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from nodes(v, path + (i,))


def mutate(rng: random.Random, body):
    body = copy.deepcopy(body)
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in nodes(body) if p]
        if not paths:
            return random_value(rng)
        path = rng.choice(paths)
        parent = body
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = rng.random()
        if action < 0.4:
            parent[key] = random_value(rng)
        elif action < 0.6 and isinstance(parent, dict):
            del parent[key]
        elif action < 0.8:
            parent[key] = [parent[key]] if rng.random() < 0.5 else {"x": parent[key]}
        else:
            parent[key] = random_scalar(rng)
    return body


def seeds():
    old = pod()
    new = pod(host_network=True, labels={"a": "b"})
    new["spec"]["initContainers"] = [{"name": "init", "image": "busybox", "restartPolicy": "Always"}]
    new["spec"]["volumes"] = [{"name": "v", "hostPath": {"path": "/var"}}, {"name": "e", "emptyDir": {}}]
    return [review(pod()), review(deployment(host_network=True)), review(new, "UPDATE", old),
            review(None, "DELETE", old=old), review(new, "UPDATE", old, sub_resource="ephemeralcontainers")]


def check(client, path, data: bytes):
    resp = client.post(path, data=data, content_type="application/json")
    assert resp.status_code < 500, (path, data[:300], resp.get_data()[:500])
    assert resp.status_code in (200, 400, 404, 413), resp.status_code
    out = resp.get_json()
    assert isinstance(out, dict)
    if resp.status_code == 200:
        body = json.loads(data)
        assert out["response"]["uid"] == body["request"]["uid"]
        assert isinstance(out["response"]["allowed"], bool)
        for w in out["response"].get("warnings", []):
            assert len(w) <= 256
    else:
        assert out["code"] == resp.status_code and out["message"]


def test_mutated_reviews_never_cause_5xx(client):
    rng = random.Random(SEED)
    base = seeds()
    for _ in range(CASES):
        body = mutate(rng, rng.choice(base))
        check(client, rng.choice(PATHS), json.dumps(body).encode())


def test_random_objects_inside_valid_envelopes(client):
    rng = random.Random(SEED + 1)
    for i in range(CASES // 3):
        obj = {"apiVersion": rng.choice(["v1", "apps/v1", "batch/v1", "x/y"]),
               "kind": rng.choice(["Pod", "Deployment", "CronJob", "Job", "Service", "Whatever"]),
               "metadata": {"name": "n", "namespace": "default"},
               "spec": random_value(rng) if rng.random() < 0.3 else
               {"containers": random_value(rng), "template": random_value(rng),
                "jobTemplate": random_value(rng), "volumes": random_value(rng)}}
        if not isinstance(obj["spec"], dict):
            obj["spec"] = {"x": obj["spec"]}
        check(client, rng.choice(PATHS), json.dumps(review(obj, uid=f"r{i}")).encode())


def test_random_bytes_and_pathological_json(client):
    rng = random.Random(SEED + 2)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randint(0, 200))) for _ in range(200)]
    samples += [b"", b"null", b"{}", b'{"a":' * 5000, b"[" * 50000, b'"' + b"\\" * 1001,
                b'{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":' + b"[" * 20000 + b"]" * 20000 + b"}",
                b"NaN", b"1e999999", json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                                                 "request": {"uid": "u", "operation": "CREATE",
                                                             "object": {"apiVersion": "v1", "kind": "Pod",
                                                                        "spec": {"containers": [{"name": "a" * 100000}]}}}}).encode()]
    deep = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "d"}, "spec": {}}
    node = deep["spec"]
    for _ in range(400):
        node["x"] = {}
        node = node["x"]
    samples.append(json.dumps(review(deep)).encode())
    for depth in (400, 900, 960, 990):   # deep, identical old and new objects: compared on UPDATE
        nested = '{"x":' * depth + "{}" + "}" * depth
        samples.append(json.dumps(review(pod(), "UPDATE", pod())).replace(
            '"containers"', '"deep":' + nested + ', "containers"').encode())
    for data in samples:
        resp = client.post(rng.choice(PATHS), data=data, content_type="application/json")
        assert resp.status_code in (200, 400, 404, 413), (data[:100], resp.status_code, resp.get_data()[:300])


def test_the_real_server_survives_garbage(server):
    """Mutated reviews over one keep-alive TLS connection, then malformed HTTP on raw sockets."""
    import socket
    import ssl
    rng = random.Random(SEED + 3)
    base = seeds()
    conn = server.connection()
    for i in range(150):
        body = json.dumps(mutate(rng, rng.choice(base))).encode()
        status, _, out = server.request("POST", rng.choice(PATHS), body, conn=conn)
        assert status in (200, 400, 404), (status, out)
    conn.close()
    ctx = ssl.create_default_context(cafile=str(server.ca))
    for raw in (b"GARBAGE\r\n\r\n", b"POST /validate HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{}",
                b"POST /validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                b"\x16\x03\x01garbage-inside-tls"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
            with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
                t.sendall(raw)
                t.settimeout(1.5)
                try:
                    reply = t.recv(200)
                except (TimeoutError, OSError):
                    reply = b""
                assert not reply.startswith(b"HTTP/1.1 5"), reply
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:   # not even TLS
        s.sendall(b"GET /healthz HTTP/1.1\r\n\r\n")
    status, _, _ = server.request("GET", "/healthz")
    assert status == 200
    assert "Traceback" not in server.log()
