"""A small, wire-faithful Kubernetes API server for tests: real HTTP, real JSON, chunked watches.

It implements only what the Virtual Kubelet provider touches, but those parts follow the Kubernetes
API documentation (https://kubernetes.io/docs/reference/using-api/api-concepts/):

- one global ``resourceVersion`` counter; every write stamps the object; lists carry the list RV;
- ``watch=true`` streams one JSON event per line over chunked transfer encoding: ADDED / MODIFIED /
  DELETED, BOOKMARK (``allowWatchBookmarks``), and ERROR with a ``Status`` of code 410 (reason
  ``Expired``) when the requested resourceVersion is older than the retained history;
- a watch from RV "0" or no RV starts with synthetic ADDED events for what exists;
- field selectors (``spec.nodeName``, ``metadata.name``, ``metadata.namespace``; ``=``, ``==``,
  ``!=``), with objects moving in or out of the selection seen as ADDED / DELETED;
- equality-based label selectors;
- the ``status`` subresource (PUT and PATCH touch only ``.status``; the main resource ignores
  ``.status`` on update), JSON merge patch and strategic merge patch (lists of ``conditions``,
  ``containerStatuses``, ``addresses``, ... merged by their key);
- optimistic concurrency: 409 on a stale ``metadata.resourceVersion`` (PUT and patches that carry
  one), a ``metadata.uid`` precondition in a patch or DeleteOptions, and create of an existing name;
- graceful deletion of Pods: a Pod bound to a node and not terminal gets ``deletionTimestamp`` and
  ``deletionGracePeriodSeconds`` and stays until someone deletes it with grace period 0;
  unbound or terminal Pods go at once; finalizers hold an object until they are removed;
- fault injection: drop watch connections, answer N requests with a chosen status (409, 503, ...),
  be unavailable for a while, compact the history (forcing 410 on resume).

Resources: core v1 pods (+status, +binding), nodes (+status), events; coordination.k8s.io/v1
leases. Request log with method/path/status, so tests and the benchmark can count writes.
"""
from __future__ import annotations

import copy
import json
import queue
import random
import re
import string
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

# resource -> (apiVersion, kind, namespaced, has status subresource)
RESOURCES = {
    "pods": ("v1", "Pod", True, True),
    "nodes": ("v1", "Node", False, True),
    "events": ("v1", "Event", True, False),
    "leases": ("coordination.k8s.io/v1", "Lease", True, False),
}
SYSTEM_META = ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
               "deletionGracePeriodSeconds", "generation", "resourceVersion")
# strategic-merge-patch list keys (patchMergeKey) for the fields the provider writes
MERGE_KEYS = {
    "conditions": "type",
    "containerStatuses": "name",
    "initContainerStatuses": "name",
    "ephemeralContainerStatuses": "name",
    "addresses": "type",
    "taints": "key",
    "podIPs": "ip",
    "containers": "name",
    "initContainers": "name",
    "volumes": "name",
    "env": "name",
}

_PATH = re.compile(
    r"^/(?:api/v1|apis/(?P<group>[a-z0-9.\-]+)/(?P<version>v[0-9a-z]+))"
    r"(?:/namespaces/(?P<ns>[^/]+))?/(?P<resource>[a-z]+)(?:/(?P<name>[^/]+))?(?:/(?P<sub>[a-z]+))?$")


def now_rfc3339(offset_s: float = 0) -> str:
    t = datetime.now(timezone.utc) + timedelta(seconds=offset_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def status_obj(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    out = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
           "message": message, "reason": reason, "code": code}
    if details:
        out["details"] = details
    return out


class ApiFailure(Exception):
    def __init__(self, code: int, reason: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.body = status_obj(code, reason, message, details)
        self.code = code


# ---------------------------------------------------------------- patches

def merge_patch(target, patch):
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge_patch(target, patch, key: str | None = None):
    """The parts of strategic merge patch the provider's fields need: maps merge recursively, null
    deletes, lists with a known patchMergeKey merge element by element, other lists replace,
    ``$patch: replace`` / ``$patch: delete`` directives on maps and list elements."""
    if isinstance(patch, dict):
        if patch.get("$patch") == "replace":
            return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
        if patch.get("$patch") == "delete":
            return None
        out = dict(target) if isinstance(target, dict) else {}
        for k, v in patch.items():
            if k.startswith("$"):
                continue
            if v is None:
                out.pop(k, None)
            else:
                out[k] = strategic_merge_patch(out.get(k), v, k)
        return out
    if isinstance(patch, list) and key in MERGE_KEYS and isinstance(target, list):
        mk = MERGE_KEYS[key]
        out = [copy.deepcopy(x) for x in target]
        for item in patch:
            if not isinstance(item, dict) or mk not in item:
                raise ApiFailure(422, "Invalid", f"{key}: element without merge key {mk!r}")
            idx = next((i for i, x in enumerate(out) if isinstance(x, dict) and x.get(mk) == item[mk]), None)
            if item.get("$patch") == "delete":
                if idx is not None:
                    out.pop(idx)
            elif idx is None:
                out.append({k: v for k, v in item.items() if k != "$patch"})
            else:
                out[idx] = strategic_merge_patch(out[idx], item)
        return out
    return copy.deepcopy(patch)


# ---------------------------------------------------------------- selectors

def _get_path(obj: dict, dotted: str):
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def parse_selector(text: str | None) -> list[tuple[str, str, str]]:
    out = []
    for term in filter(None, (t.strip() for t in (text or "").split(","))):
        m = re.match(r"^([^!=]+?)\s*(==|!=|=)\s*(.*)$", term)
        if not m:
            raise ApiFailure(400, "BadRequest", f"unable to parse requirement: {term!r}")
        key, op, value = m.groups()
        out.append((key.strip(), "!=" if op == "!=" else "=", value.strip()))
    return out


FIELD_SELECTABLE = {
    "pods": {"metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"},
    "nodes": {"metadata.name"},
    "events": {"metadata.name", "metadata.namespace", "involvedObject.name", "involvedObject.uid",
               "involvedObject.kind", "reason", "type"},
    "leases": {"metadata.name", "metadata.namespace"},
}


def field_matches(obj: dict, terms) -> bool:
    for key, op, value in terms:
        got = _get_path(obj, key)
        got = "" if got is None else str(got)
        if (got == value) != (op == "="):
            return False
    return True


def label_matches(obj: dict, terms) -> bool:
    labels = (obj.get("metadata") or {}).get("labels") or {}
    for key, op, value in terms:
        if (labels.get(key) == value) != (op == "="):
            return False
    return True


# ---------------------------------------------------------------- store

@dataclass
class Watcher:
    resource: str
    namespace: str | None
    fields: list
    labels: list
    q: queue.Queue = field(default_factory=queue.Queue)
    dropped: bool = False

    def selects(self, obj: dict | None) -> bool:
        if obj is None:
            return False
        if self.namespace and obj["metadata"].get("namespace") != self.namespace:
            return False
        return field_matches(obj, self.fields) and label_matches(obj, self.labels)


@dataclass
class Fault:
    status: int
    times: int
    method: str | None = None
    path: re.Pattern | None = None
    reason: str = ""

    def applies(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or self.path.search(path) is not None))


class Store:
    def __init__(self, history_limit: int = 100_000):
        self.lock = threading.RLock()
        self.rv = 1000
        self.objects: dict[tuple, dict] = {}
        self.history: list[tuple[int, str, str, dict | None, dict | None]] = []  # rv, type, res, old, new
        self.history_limit = history_limit
        self.compacted_rv = 0       # a watch from an RV below this gets 410 Gone (Expired)
        self.watchers: list[Watcher] = []

    def _next_rv(self) -> str:
        self.rv += 1
        return str(self.rv)

    def _record(self, etype: str, resource: str, old: dict | None, new: dict | None):
        rv = self.rv
        self.history.append((rv, etype, resource, old, new))
        if len(self.history) > self.history_limit:
            drop = len(self.history) - self.history_limit
            self.compacted_rv = self.history[drop - 1][0]
            del self.history[:drop]
        for w in self.watchers:
            if w.resource == resource:
                ev = transition(w, etype, old, new)
                if ev:
                    w.q.put(ev)

    def compact(self):
        with self.lock:
            self.compacted_rv = self.rv + 1
            self.history.clear()

    def list(self, resource, namespace, fields, labels):
        with self.lock:
            items = [copy.deepcopy(o) for (r, ns, _), o in sorted(self.objects.items())
                     if r == resource and (namespace is None or ns == namespace)
                     and field_matches(o, fields) and label_matches(o, labels)]
            return items, str(self.rv)

    def get(self, resource, namespace, name):
        with self.lock:
            obj = self.objects.get((resource, namespace, name))
            if obj is None:
                raise not_found(resource, name)
            return copy.deepcopy(obj)

    def create(self, resource, namespace, body: dict) -> dict:
        api_version, kind, namespaced, _ = RESOURCES[resource]
        meta = body.setdefault("metadata", {})
        with self.lock:
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + "".join(random.choices(string.ascii_lowercase + string.digits, k=5))
            name = meta.get("name")
            if not name:
                raise ApiFailure(422, "Invalid", f"{kind} is invalid: metadata.name: Required value")
            key = (resource, namespace if namespaced else None, name)
            if key in self.objects:
                raise ApiFailure(409, "AlreadyExists", f'{resource} "{name}" already exists',
                                 {"name": name, "kind": resource})
            body["apiVersion"], body["kind"] = api_version, kind
            if namespaced:
                meta["namespace"] = namespace
            meta["uid"] = str(uuid.uuid4())
            meta["creationTimestamp"] = now_rfc3339()
            meta.pop("deletionTimestamp", None)
            meta["resourceVersion"] = self._next_rv()
            if resource == "pods":
                body.setdefault("spec", {})
                body["status"] = {"phase": "Pending", "qosClass": "BestEffort"}
                meta["generation"] = 1
            self.objects[key] = body
            self._record("ADDED", resource, None, copy.deepcopy(body))
            return copy.deepcopy(body)

    def _preconditions(self, obj: dict, pre: dict | None, resource: str, name: str):
        pre = pre or {}
        meta = obj["metadata"]
        if pre.get("uid") and pre["uid"] != meta["uid"]:
            raise ApiFailure(409, "Conflict",
                             f'Operation cannot be fulfilled on {resource} "{name}": Precondition failed: '
                             f'UID in precondition: {pre["uid"]}, UID in object meta: {meta["uid"]}',
                             {"name": name, "kind": resource})
        if pre.get("resourceVersion") and pre["resourceVersion"] != meta["resourceVersion"]:
            raise ApiFailure(409, "Conflict",
                             f'Operation cannot be fulfilled on {resource} "{name}": the object has been '
                             'modified; please apply your changes to the latest version and try again',
                             {"name": name, "kind": resource})

    def _store_update(self, resource, key, old, new):
        if new == old:     # a no-op write does not bump resourceVersion (as the API server does)
            return copy.deepcopy(old)
        new["metadata"]["resourceVersion"] = self._next_rv()
        if (new["metadata"].get("deletionTimestamp") and not new["metadata"].get("finalizers")
                and new["metadata"].get("deletionGracePeriodSeconds", 0) == 0):
            del self.objects[key]
            self._record("DELETED", resource, old, copy.deepcopy(new))
        else:
            self.objects[key] = new
            self._record("MODIFIED", resource, old, copy.deepcopy(new))
        return copy.deepcopy(new)

    def update(self, resource, namespace, name, body, sub=None, patch_type=None):
        """PUT (patch_type None) or PATCH of the object or its status subresource."""
        with self.lock:
            key = (resource, namespace, name)
            old = self.objects.get(key)
            if old is None:
                raise not_found(resource, name)
            meta_in = (body or {}).get("metadata") or {} if isinstance(body, dict) else {}
            self._preconditions(old, {"uid": meta_in.get("uid"),
                                      "resourceVersion": meta_in.get("resourceVersion")}, resource, name)
            if patch_type is None:
                merged = copy.deepcopy(body)
            elif patch_type == "merge":
                merged = merge_patch(old, body)
            elif patch_type == "strategic":
                merged = strategic_merge_patch(old, body)
            else:
                raise ApiFailure(415, "UnsupportedMediaType", f"patch type {patch_type} not supported")
            has_status = RESOURCES[resource][3]
            if sub == "status":
                new = copy.deepcopy(old)
                new["status"] = merged.get("status", {})
            elif sub == "ephemeralcontainers":
                new = copy.deepcopy(old)
                new["spec"]["ephemeralContainers"] = check_ephemeral_update(
                    old["spec"].get("ephemeralContainers") or [],
                    (merged.get("spec") or {}).get("ephemeralContainers") or [])
            else:
                new = copy.deepcopy(merged)
                if has_status:      # the main resource ignores .status (the status subresource owns it)
                    new["status"] = copy.deepcopy(old.get("status"))
                    if new["status"] is None:
                        new.pop("status")
                m = new.setdefault("metadata", {})
                for k in SYSTEM_META:     # fields the server owns
                    if k in old["metadata"]:
                        m[k] = old["metadata"][k]
                    else:
                        m.pop(k, None)
                new["apiVersion"], new["kind"] = old["apiVersion"], old["kind"]
                if resource == "pods" and old.get("spec") != new.get("spec"):
                    check_pod_spec_update(old["spec"], new.get("spec") or {})
                    new["metadata"]["generation"] = old["metadata"].get("generation", 1) + 1
            new["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
            return self._store_update(resource, key, old, new)

    def bind(self, namespace, name, target: dict):
        with self.lock:
            key = ("pods", namespace, name)
            old = self.objects.get(key)
            if old is None:
                raise not_found("pods", name)
            if old["spec"].get("nodeName"):
                raise ApiFailure(409, "Conflict", f'pod {name} is already assigned to node "{old["spec"]["nodeName"]}"')
            new = copy.deepcopy(old)
            new["spec"]["nodeName"] = target["name"]
            conds = new["status"].setdefault("conditions", [])
            conds.append({"type": "PodScheduled", "status": "True", "lastTransitionTime": now_rfc3339()})
            return self._store_update("pods", key, old, new)

    def delete(self, resource, namespace, name, grace: int | None, preconditions: dict | None):
        with self.lock:
            key = (resource, namespace, name)
            old = self.objects.get(key)
            if old is None:
                raise not_found(resource, name)
            self._preconditions(old, preconditions, resource, name)
            new = copy.deepcopy(old)
            meta = new["metadata"]
            if resource == "pods":
                spec, phase = old.get("spec") or {}, (old.get("status") or {}).get("phase")
                if grace is None:
                    grace = spec.get("terminationGracePeriodSeconds", 30)
                if not spec.get("nodeName") or phase in ("Failed", "Succeeded"):
                    grace = 0     # nothing runs it, or it has stopped: no graceful period
                current = meta.get("deletionGracePeriodSeconds")
                if current is not None and grace > current:
                    grace = current     # a grace period can only be shortened
            else:
                grace = 0
            if grace > 0:
                if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds") == grace:
                    return copy.deepcopy(old)
                meta["deletionTimestamp"] = now_rfc3339(grace)
                meta["deletionGracePeriodSeconds"] = grace
                return self._store_update(resource, key, old, new)
            if meta.get("finalizers"):
                meta.setdefault("deletionTimestamp", now_rfc3339())
                meta["deletionGracePeriodSeconds"] = 0
                return self._store_update(resource, key, old, new)
            meta["resourceVersion"] = self._next_rv()
            del self.objects[key]
            self._record("DELETED", resource, old, copy.deepcopy(new))
            return copy.deepcopy(new)

    def add_watcher(self, w: Watcher, since: str | None) -> list:
        """Register a watcher; returns the events to send first (initial state or history)."""
        with self.lock:
            initial = []
            if since in (None, "", "0"):
                for (r, ns, _), o in sorted(self.objects.items()):
                    if r == w.resource and w.selects(o):
                        initial.append(("ADDED", copy.deepcopy(o)))
            else:
                try:
                    since_i = int(since)
                except ValueError:
                    raise ApiFailure(400, "BadRequest", f"invalid resourceVersion {since!r}")
                if since_i < self.compacted_rv:
                    initial.append(("ERROR", status_obj(
                        410, "Expired", f"too old resource version: {since} ({self.compacted_rv})")))
                    return initial
                for rv, etype, res, old, new in self.history:
                    if rv > since_i and res == w.resource:
                        ev = transition(w, etype, old, new)
                        if ev:
                            initial.append(ev)
            self.watchers.append(w)
            return initial

    def remove_watcher(self, w: Watcher):
        with self.lock:
            if w in self.watchers:
                self.watchers.remove(w)


def transition(w: Watcher, etype: str, old: dict | None, new: dict | None):
    """The event a selecting watcher sees: objects entering the selection are ADDED, leaving DELETED."""
    was, now = w.selects(old), w.selects(new)
    if etype == "DELETED":
        return ("DELETED", copy.deepcopy(new)) if was or w.selects(new) else None
    if now and not was:
        return ("ADDED", copy.deepcopy(new))
    if now and was:
        return ("MODIFIED", copy.deepcopy(new))
    if was and not now:
        return ("DELETED", copy.deepcopy(new))
    return None


def check_pod_spec_update(old: dict, new: dict) -> None:
    """A Pod's spec is immutable but for container images, activeDeadlineSeconds and added
    tolerations (ValidatePodUpdate); anything else is 422 Invalid."""
    def masked(spec):
        out = copy.deepcopy(spec)
        for kind in ("containers", "initContainers"):
            for c in out.get(kind) or []:
                c.pop("image", None)
        out.pop("activeDeadlineSeconds", None)
        out.pop("tolerations", None)
        return out
    removed = [t for t in old.get("tolerations") or [] if t not in (new.get("tolerations") or [])]
    if masked(old) != masked(new) or removed:
        raise ApiFailure(422, "Invalid", "Pod is invalid: spec: Forbidden: pod updates may not change fields "
                         "other than `spec.containers[*].image`, `spec.initContainers[*].image`, "
                         "`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations)")


def check_ephemeral_update(old: list, new: list) -> list:
    """pods/ephemeralcontainers may only add ephemeral containers (ValidatePodEphemeralContainersUpdate):
    the existing ones stay exactly as they are."""
    before = {c.get("name"): c for c in old}
    for c in new:
        if c.get("name") in before and before[c.get("name")] != c:
            raise ApiFailure(422, "Invalid", f'Pod is invalid: spec.ephemeralContainers[{c.get("name")}]: '
                             "Forbidden: existing ephemeral containers may not be changed")
    if not set(before) <= {c.get("name") for c in new}:
        raise ApiFailure(422, "Invalid", "Pod is invalid: spec.ephemeralContainers: Forbidden: existing "
                         "ephemeral containers may not be removed")
    return copy.deepcopy(new)


def not_found(resource: str, name: str) -> ApiFailure:
    return ApiFailure(404, "NotFound", f'{resource} "{name}" not found', {"name": name, "kind": resource})


# ---------------------------------------------------------------- HTTP

class FakeApiServer:
    """Start with ``FakeApiServer().start()``; ``.url`` is ``http://127.0.0.1:<port>``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, bookmark_interval: float = 1.0,
                 history_limit: int = 100_000, token: str | None = None):
        self.store = Store(history_limit)
        self.token = token          # when set, every API request needs `Authorization: Bearer <token>`
        self.bookmark_interval = bookmark_interval
        self.faults: list[Fault] = []
        self.unavailable_until = 0.0
        self.log: list[tuple[str, str, int, str]] = []   # (method, path, status, query)
        self.log_lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeApiServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="fakeapi",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self.drop_watches()
        self._httpd.shutdown()
        self._httpd.server_close()

    # ---- fault injection
    def fail(self, status: int, times: int = 1, method: str | None = None, path: str | None = None,
             reason: str = ""):
        """Answer the next `times` matching requests with `status` (path is a regex)."""
        with self.log_lock:
            self.faults.append(Fault(status, times, method, re.compile(path) if path else None, reason))

    def unavailable(self, seconds: float):
        """503 for every request (and watches dropped) for `seconds`."""
        self.unavailable_until = time.monotonic() + seconds
        self.drop_watches()

    def drop_watches(self):
        with self.store.lock:
            for w in list(self.store.watchers):
                w.dropped = True
                w.q.put(None)

    def compact(self):
        """Forget history: a watch resuming from any earlier resourceVersion gets 410 Gone."""
        self.store.compact()

    # ---- convenience for tests (direct store access, not counted as requests)
    def create(self, resource: str, body: dict, namespace: str | None = "default") -> dict:
        return self.store.create(resource, namespace if RESOURCES[resource][2] else None, copy.deepcopy(body))

    def get(self, resource: str, name: str, namespace: str | None = "default") -> dict | None:
        try:
            return self.store.get(resource, namespace if RESOURCES[resource][2] else None, name)
        except ApiFailure:
            return None

    def list(self, resource: str, namespace: str | None = None, field_selector: str = "") -> list[dict]:
        return self.store.list(resource, namespace, parse_selector(field_selector), [])[0]

    def delete(self, resource: str, name: str, namespace: str | None = "default", grace: int | None = None):
        return self.store.delete(resource, namespace if RESOURCES[resource][2] else None, name, grace, None)

    def add_ephemeral_container(self, name: str, container: dict, namespace: str = "default") -> dict:
        """What `kubectl debug` does: PATCH pods/<name>/ephemeralcontainers adding one."""
        pod = self.store.get("pods", namespace, name)
        return self.store.update("pods", namespace, name, {"spec": {"ephemeralContainers": (
            pod["spec"].get("ephemeralContainers") or []) + [container]}}, sub="ephemeralcontainers",
            patch_type="strategic")

    def bulk(self, spec: dict) -> int:
        """{"op": "create", "resource": "pods", "namespace": ns, "items": [...]} or
        {"op": "delete", ..., "names": [...], "gracePeriodSeconds": N}: many writes, not logged."""
        resource, ns = spec.get("resource", "pods"), spec.get("namespace", "default")
        if spec.get("op") == "create":
            for item in spec.get("items") or []:
                self.create(resource, item, ns)
            return len(spec.get("items") or [])
        n = 0
        for name in spec.get("names") or []:
            try:
                self.delete(resource, name, ns, spec.get("gracePeriodSeconds"))
                n += 1
            except ApiFailure:
                pass
        return n

    def summary(self, resource: str, field_selector: str = "") -> dict:
        """Counts by phase and reason, so a poller need not fetch (and the server copy) every object."""
        terms = parse_selector(field_selector)
        with self.store.lock:
            items = [o for (r, _, _), o in self.store.objects.items() if r == resource and field_matches(o, terms)]
            by = Counter(((o.get("status") or {}).get("phase") or "", (o.get("status") or {}).get("reason") or "")
                         for o in items)
            deleting = sum(1 for o in items if o["metadata"].get("deletionTimestamp"))
        return {"count": len(items), "by_phase_reason": [[p, r, n] for (p, r), n in sorted(by.items())],
                "deleting": deleting}

    def requests(self, method: str | None = None, path: str | None = None) -> list[tuple[str, str, int, str]]:
        rx = re.compile(path) if path else None
        with self.log_lock:
            return [r for r in self.log if (method is None or r[0] == method)
                    and (rx is None or rx.search(r[1]))]

    def writes(self) -> list[tuple[str, str, int, str]]:
        with self.log_lock:
            return [r for r in self.log if r[0] in ("POST", "PUT", "PATCH", "DELETE")]

    # ---- dispatch
    def _fault_for(self, method: str, path: str) -> ApiFailure | None:
        if time.monotonic() < self.unavailable_until:
            return ApiFailure(503, "ServiceUnavailable", "the server is currently unable to handle the request")
        with self.log_lock:
            for f in self.faults:
                if f.applies(method, path):
                    f.times -= 1
                    reason = f.reason or {409: "Conflict", 410: "Gone", 429: "TooManyRequests",
                                          500: "InternalError", 503: "ServiceUnavailable"}.get(f.status, "")
                    msg = ("Operation cannot be fulfilled: the object has been modified; please apply your "
                           "changes to the latest version and try again") if f.status == 409 else "injected fault"
                    return ApiFailure(f.status, reason, msg)
        return None


def _make_handler(api: FakeApiServer):
    store = api.store

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "fakeapi/1"
        disable_nagle_algorithm = True   # headers and body are separate writes: no 40 ms delayed-ACK stalls

        def log_message(self, *args):   # quiet
            pass

        def _record(self, status: int):
            parts = urlsplit(self.path)
            with api.log_lock:
                api.log.append((self.command, unquote(parts.path), status, parts.query))

        def _send(self, code: int, body: dict, record: bool = True):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            if record:
                self._record(code)

        def _body(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            if not raw:
                return None
            try:
                return json.loads(raw)
            except ValueError as e:
                raise ApiFailure(400, "BadRequest", f"invalid JSON: {e}")

        def do_GET(self):
            self._dispatch()

        def do_POST(self):
            self._dispatch()

        def do_PUT(self):
            self._dispatch()

        def do_PATCH(self):
            self._dispatch()

        def do_DELETE(self):
            self._dispatch()

        def _dispatch(self):
            try:
                body = self._body() if self.command in ("POST", "PUT", "PATCH", "DELETE") else None
                parts = urlsplit(self.path)
                path, q = unquote(parts.path), {k: v[-1] for k, v in parse_qs(parts.query).items()}
                if path in ("/_fake/log", "/_fake/summary"):   # test hooks, not the Kubernetes API; not logged
                    if path == "/_fake/log":
                        with api.log_lock:
                            body = {"log": list(api.log)}
                    else:
                        body = api.summary(q.get("resource", "pods"), q.get("fieldSelector", ""))
                    self._send(200, body, record=False)
                    return
                if path == "/_fake/bulk" and self.command == "POST":    # test hook: many writes at once
                    self._send(200, {"done": api.bulk(body or {})}, record=False)
                    return
                if api.token and self.headers.get("Authorization") != f"Bearer {api.token}":
                    raise ApiFailure(401, "Unauthorized", "Unauthorized")
                fault = api._fault_for(self.command, path)
                if fault:
                    raise fault
                if path in ("/healthz", "/readyz", "/livez"):
                    data = b"ok"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(data)
                    return self._record(200)
                if path == "/version":
                    return self._send(200, {"major": "1", "minor": "31", "gitVersion": "v1.31.0-fakeapi"})
                m = _PATH.match(path)
                if not m or m["resource"] not in RESOURCES:
                    raise ApiFailure(404, "NotFound", f"the server could not find the requested resource ({path})")
                resource, ns, name, sub = m["resource"], m["ns"], m["name"], m["sub"]
                api_version = RESOURCES[resource][0]
                group = f'{m["group"]}/{m["version"]}' if m["group"] else "v1"
                if group != api_version:
                    raise ApiFailure(404, "NotFound", f"the server could not find the requested resource ({path})")
                if not RESOURCES[resource][2]:
                    ns = None
                self._route(resource, ns, name, sub, q, body)
            except ApiFailure as e:
                try:
                    self._send(e.code, e.body)
                except OSError:
                    pass
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _route(self, resource, ns, name, sub, q, body):
            method = self.command
            if name is None:
                if method == "GET":
                    if q.get("watch") in ("true", "1"):
                        return self._watch(resource, ns, q)
                    items, rv = store.list(resource, ns, self._fields(resource, q), parse_selector(q.get("labelSelector")))
                    api_version, kind, _, _ = RESOURCES[resource]
                    return self._send(200, {"kind": kind + "List", "apiVersion": api_version,
                                            "metadata": {"resourceVersion": rv}, "items": items})
                if method == "POST":
                    if ns is None and RESOURCES[resource][2]:
                        raise ApiFailure(405, "MethodNotAllowed", "create needs a namespace")
                    if not isinstance(body, dict):
                        raise ApiFailure(400, "BadRequest", "body required")
                    bns = (body.get("metadata") or {}).get("namespace")
                    if ns and bns and bns != ns:
                        raise ApiFailure(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request")
                    return self._send(201, store.create(resource, ns, body))
                raise ApiFailure(405, "MethodNotAllowed", f"{method} not allowed on a collection")
            if sub not in (None, "status", "binding", "ephemeralcontainers") \
                    or (sub == "status" and not RESOURCES[resource][3]) \
                    or (sub in ("binding", "ephemeralcontainers") and resource != "pods"):
                raise ApiFailure(404, "NotFound", f"no subresource {sub!r} for {resource}")
            if sub == "binding":
                if method != "POST":
                    raise ApiFailure(405, "MethodNotAllowed", "binding: POST only")
                store.bind(ns, name, (body or {}).get("target") or {})
                return self._send(201, status_obj(201, "", "") | {"status": "Success"})
            if method == "GET":
                return self._send(200, store.get(resource, ns, name))
            if method == "PUT":
                if not isinstance(body, dict):
                    raise ApiFailure(400, "BadRequest", "body required")
                if (body.get("metadata") or {}).get("name") != name:
                    raise ApiFailure(400, "BadRequest", "the name of the object does not match the name on the URL")
                return self._send(200, store.update(resource, ns, name, body, sub))
            if method == "PATCH":
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                kind = {"application/merge-patch+json": "merge",
                        "application/strategic-merge-patch+json": "strategic"}.get(ctype)
                if kind is None:
                    raise ApiFailure(415, "UnsupportedMediaType", f"the body of the request was in an unknown format: {ctype}")
                if not isinstance(body, dict):
                    raise ApiFailure(400, "BadRequest", "patch body must be a JSON object")
                return self._send(200, store.update(resource, ns, name, body, sub, kind))
            if method == "DELETE":
                opts = body if isinstance(body, dict) else {}
                grace = q.get("gracePeriodSeconds", opts.get("gracePeriodSeconds"))
                grace = int(grace) if grace is not None else None
                return self._send(200, store.delete(resource, ns, name, grace, opts.get("preconditions")))
            raise ApiFailure(405, "MethodNotAllowed", f"{method} not allowed")

        def _fields(self, resource, q):
            terms = parse_selector(q.get("fieldSelector"))
            for key, _, _ in terms:
                if key not in FIELD_SELECTABLE[resource]:
                    raise ApiFailure(400, "BadRequest", f'"{key}" is not a known field selector: only '
                                     f'{", ".join(sorted(FIELD_SELECTABLE[resource]))}')
            return terms

        def _chunk(self, payload: bytes):
            self.wfile.write(b"%X\r\n%s\r\n" % (len(payload), payload))
            self.wfile.flush()

        def _watch(self, resource, ns, q):
            w = Watcher(resource, ns, self._fields(resource, q), parse_selector(q.get("labelSelector")))
            initial = store.add_watcher(w, q.get("resourceVersion"))
            bookmarks = q.get("allowWatchBookmarks") in ("true", "1")
            timeout = float(q.get("timeoutSeconds") or 1800)
            deadline = time.monotonic() + timeout
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._record(200)
            api_version, kind, _, _ = RESOURCES[resource]
            try:
                for etype, obj in initial:
                    self._chunk(json.dumps({"type": etype, "object": obj}).encode() + b"\n")
                    if etype == "ERROR":
                        self._chunk(b"")
                        return
                next_bookmark = time.monotonic() + api.bookmark_interval
                while not api._stop.is_set():
                    now = time.monotonic()
                    if now >= deadline:
                        break
                    try:
                        ev = w.q.get(timeout=max(0.01, min(deadline, next_bookmark) - now))
                    except queue.Empty:
                        ev = False
                    if ev is None or w.dropped:
                        # abrupt drop: close the socket without the terminating chunk
                        self.close_connection = True
                        try:
                            self.connection.shutdown(2)
                        except OSError:
                            pass
                        return
                    if ev:
                        self._chunk(json.dumps({"type": ev[0], "object": ev[1]}).encode() + b"\n")
                    if bookmarks and time.monotonic() >= next_bookmark:
                        with store.lock:
                            rv = str(store.rv)
                        self._chunk(json.dumps({"type": "BOOKMARK", "object": {
                            "kind": kind, "apiVersion": api_version,
                            "metadata": {"resourceVersion": rv}}}).encode() + b"\n")
                        next_bookmark = time.monotonic() + api.bookmark_interval
                self._chunk(b"")   # server-side timeout: a clean end of the stream
            except (BrokenPipeError, ConnectionResetError, OSError):
                self.close_connection = True
            finally:
                store.remove_watcher(w)

    return Handler
