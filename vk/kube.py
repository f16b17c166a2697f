"""The one module that talks to the Kubernetes API.

It uses the official `kubernetes` client for configuration, authentication, TLS and connection
pooling (kubeconfig or in-cluster service account), and sends plain JSON through its ApiClient:
objects go in and come out as dicts, exactly as the API server writes them, so the engine sees the
same Pod a `kubectl get -o json` would show, and no model classes are built for 1,000 Pods.

Every failure is raised as one of `vk.errors` (Conflict, NotFoundError, Gone, Unavailable, ApiError).
"""
from __future__ import annotations

import json
import logging
import threading
from typing import Iterator

from .errors import ApiError, Unavailable, classify

log = logging.getLogger("nodeless.vk.kube")

MERGE = "application/merge-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
LEASE_NAMESPACE = "kube-node-lease"


class Kube:
    """Thin adapter: one method per API call the provider makes."""

    def __init__(self, api_client, request_timeout: tuple[float, float] = (5.0, 30.0),
                 field_manager: str = "nodeless-vk"):
        self.api = api_client
        self.timeout = request_timeout
        self.field_manager = field_manager
        self._watches: set = set()
        self._watches_lock = threading.Lock()

    @classmethod
    def connect(cls, kubeconfig: str | None = None, context: str | None = None, pool_size: int = 16,
                host: str | None = None) -> "Kube":
        """From a kubeconfig file, the in-cluster service account, or a bare `host` URL (tests)."""
        from kubernetes import client, config as kconfig
        cfg = client.Configuration()
        if host:
            cfg.host = host
        elif kubeconfig:
            kconfig.load_kube_config(config_file=kubeconfig, context=context, client_configuration=cfg)
        else:
            try:
                kconfig.load_incluster_config(client_configuration=cfg)
            except kconfig.ConfigException:
                kconfig.load_kube_config(context=context, client_configuration=cfg)
        cfg.connection_pool_maxsize = pool_size
        api = client.ApiClient(cfg)
        api.user_agent = "nodeless-vk/0.1"
        return cls(api)

    def abort_watches(self) -> None:
        """Break every open watch stream now (at shutdown), so no thread waits for its read timeout."""
        with self._watches_lock:
            streams = list(self._watches)
        for raw in streams:
            try:
                raw.shutdown()
            except Exception:   # pragma: no cover - already closed
                pass

    def close(self):
        self.abort_watches()
        try:
            self.api.close()
        except Exception:   # pragma: no cover - best effort at shutdown
            pass

    # ---------------------------------------------------------------- transport

    def _send(self, method: str, path: str, query: list | None = None, body=None,
              content_type: str = "application/json", timeout=None, stream: bool = False):
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            m, url, hdrs, b, post = self.api.param_serialize(
                method=method, resource_path=path, query_params=query or [], header_params=headers,
                body=body, auth_settings=["BearerToken"])
            resp = self.api.call_api(m, url, hdrs, b, post, _request_timeout=timeout or self.timeout)
        except ApiError:
            raise
        except Exception as e:     # urllib3 connection/timeout errors, ApiException(status=0) for TLS
            status = getattr(e, "status", 0) or 0
            raise classify(status if isinstance(status, int) else 0, type(e).__name__, str(e)) from None
        raw = resp.response
        if not 200 <= resp.status <= 299:
            try:
                data = raw.data
            except Exception:
                data = b""
            reason, message = resp.reason or "", ""
            try:
                st = json.loads(data)
                reason, message = st.get("reason") or reason, st.get("message") or ""
            except (ValueError, TypeError, AttributeError):
                message = (data or b"")[:200].decode("utf-8", "replace")
            raise classify(resp.status, reason, message)
        if stream:
            return raw
        try:
            data = raw.data
        except Exception as e:
            raise Unavailable(0, type(e).__name__, str(e)) from None
        return json.loads(data) if data else None

    def _get_or_none(self, path: str) -> dict | None:
        from .errors import NotFoundError
        try:
            return self._send("GET", path)
        except NotFoundError:
            return None

    # ---------------------------------------------------------------- pods

    @staticmethod
    def _node_selector(node_name: str) -> str:
        return f"spec.nodeName={node_name}"

    def list_pods(self, node_name: str) -> tuple[list[dict], str]:
        """Pods bound to the node, and the list's resourceVersion to watch from."""
        out = self._send("GET", "/api/v1/pods", [("fieldSelector", self._node_selector(node_name))],
                         timeout=(self.timeout[0], 120.0))
        return out.get("items") or [], (out.get("metadata") or {}).get("resourceVersion") or ""

    def watch_pods(self, node_name: str, resource_version: str, timeout_seconds: int = 300) -> Iterator[dict]:
        """Watch events (decoded dicts, {"type": ..., "object": ...}) from `resource_version`.

        Ends when the server closes the stream; raises Unavailable when the connection breaks and
        the classified error for a non-2xx answer. Bookmarks are requested."""
        query = [("watch", "true"), ("fieldSelector", self._node_selector(node_name)),
                 ("allowWatchBookmarks", "true"), ("timeoutSeconds", str(timeout_seconds))]
        if resource_version:
            query.append(("resourceVersion", resource_version))
        raw = self._send("GET", "/api/v1/pods", query, stream=True,
                         timeout=(self.timeout[0], timeout_seconds + 30.0))
        buf = b""
        with self._watches_lock:
            self._watches.add(raw)
        try:
            for chunk in raw.stream(amt=None, decode_content=False):
                buf += chunk
                while True:
                    nl = buf.find(b"\n")
                    if nl < 0:
                        break
                    line, buf = buf[:nl].strip(), buf[nl + 1:]
                    if line:
                        yield json.loads(line)
            if buf.strip():
                yield json.loads(buf)
        except (ValueError, TypeError) as e:
            raise Unavailable(0, "BadWatchData", str(e)) from None
        except GeneratorExit:
            raise
        except Exception as e:   # urllib3 ProtocolError / ReadTimeoutError: the connection broke
            raise Unavailable(0, type(e).__name__, str(e)) from None
        finally:
            with self._watches_lock:
                self._watches.discard(raw)
            try:
                raw.release_conn()
                raw.close()
            except Exception:   # pragma: no cover
                pass

    def get_pod(self, namespace: str, name: str) -> dict | None:
        return self._get_or_none(f"/api/v1/namespaces/{namespace}/pods/{name}")

    def patch_pod_status(self, namespace: str, name: str, patch: dict) -> dict:
        """JSON merge patch of pods/status (the patch carries metadata.uid as a precondition)."""
        return self._send("PATCH", f"/api/v1/namespaces/{namespace}/pods/{name}/status",
                          [("fieldManager", self.field_manager)], patch, MERGE)

    def delete_pod(self, namespace: str, name: str, uid: str | None) -> dict | None:
        """Delete now (grace period 0), only if the object still has this UID; None if already gone."""
        from .errors import NotFoundError
        body = {"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0}
        if uid:
            body["preconditions"] = {"uid": uid}
        try:
            return self._send("DELETE", f"/api/v1/namespaces/{namespace}/pods/{name}",
                              [("gracePeriodSeconds", "0")], body)
        except NotFoundError:
            return None

    def create_event(self, event: dict) -> dict:
        ns = event["metadata"]["namespace"]
        return self._send("POST", f"/api/v1/namespaces/{ns}/events", None, event)

    # ---------------------------------------------------------------- nodes

    def get_node(self, name: str) -> dict | None:
        return self._get_or_none(f"/api/v1/nodes/{name}")

    def create_node(self, node: dict) -> dict:
        return self._send("POST", "/api/v1/nodes", [("fieldManager", self.field_manager)], node)

    def patch_node(self, name: str, patch: dict) -> dict:
        return self._send("PATCH", f"/api/v1/nodes/{name}", [("fieldManager", self.field_manager)],
                          patch, MERGE)

    def patch_node_status(self, name: str, patch: dict) -> dict:
        """Strategic merge patch: conditions merge by type, as the kubelet's node status updates do."""
        return self._send("PATCH", f"/api/v1/nodes/{name}/status", [("fieldManager", self.field_manager)],
                          patch, STRATEGIC)

    # ---------------------------------------------------------------- leases

    def get_lease(self, name: str, namespace: str = LEASE_NAMESPACE) -> dict | None:
        return self._get_or_none(f"/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}")

    def create_lease(self, lease: dict) -> dict:
        ns = lease["metadata"].get("namespace") or LEASE_NAMESPACE
        return self._send("POST", f"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
                          [("fieldManager", self.field_manager)], lease)

    def replace_lease(self, lease: dict) -> dict:
        """PUT with the lease's resourceVersion: 409 Conflict if someone else wrote it meanwhile."""
        ns = lease["metadata"].get("namespace") or LEASE_NAMESPACE
        return self._send("PUT", f'/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{lease["metadata"]["name"]}',
                          [("fieldManager", self.field_manager)], lease)
