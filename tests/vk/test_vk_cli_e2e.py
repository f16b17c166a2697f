"""`nodeless vk` as a user runs it: a process with a kubeconfig, stopped by SIGTERM."""
import os
import signal
import socket
import ssl
import subprocess
import sys
import urllib.request

import pytest
from vkhelpers import make_pod, wait_for

pytest.importorskip("rules.engine")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_nodeless_vk_process(api, tmp_path):
    api.token = "t0ken"
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: fake, cluster: {{server: "{api.url}"}}}}]
users: [{{name: me, user: {{token: t0ken}}}}]
contexts: [{{name: fake, context: {{cluster: fake, user: me}}}}]
current-context: fake
""")
    port = free_port()
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", "vk",
                             "--node-name", "vk-cli", "--kubeconfig", str(kubeconfig),
                             "--kubelet-port", str(port), "--kubelet-bind", "127.0.0.1",
                             "--node-ip", "127.0.0.1", "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    def node_or_exit():
        if proc.poll() is not None:
            raise AssertionError(f"nodeless vk exited with {proc.returncode}: {proc.stderr.read()}")
        return api.get("nodes", "vk-cli", None)
    try:
        node = wait_for(node_or_exit, timeout=20, what="the node")
        assert node["metadata"]["labels"]["nodeless.dev/profile"]
        api.create("pods", make_pod("hello", node="vk-cli"))
        wait_for(lambda: (api.get("pods", "hello").get("status") or {}).get("phase") == "Running",
                 timeout=20, what="hello Running")
        assert api.get("nodes", "vk-cli", None)["status"]["daemonEndpoints"]["kubeletEndpoint"]["Port"] == port
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/containerLogs/default/hello/c0", context=ctx,
                                    timeout=5) as r:
            assert b"started container c0" in r.read()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
