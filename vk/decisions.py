"""Pure decisions of the provider: no I/O, no clocks unless passed in, plain dicts in and out.

- `plan(api_pod, backend_pod, judge)`: what to do with one Pod, given what the API server and the
  backend each know about it (the heart of the controller; see its docstring for the table);
- `refused_status`, `running_status`, `terminated_status`, `desired_status`: which status follows;
- `status_differs`: whether a status write is needed at all (the write budget depends on it);
- `watch_step`: what a watch event means for the informer loop;
- `pod_event`: the core/v1 Event the provider records on a Pod.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

REASON_REFUSED = "NodelessUnsupported"
REASON_WARNING = "NodelessWarning"
REASON_PROVIDER_FAILED = "ProviderFailed"
REASON_LOST = "ProviderPodLost"
COMPONENT = "nodeless-vk"
OWNED_CONDITIONS = ("PodScheduled", "Initialized", "ContainersReady", "Ready")
TERMINAL_PHASES = ("Failed", "Succeeded")
STATUS_MESSAGE_LIMIT = 4096
EVENT_MESSAGE_LIMIT = 1024


# ---------------------------------------------------------------- verdicts

@dataclass(frozen=True, slots=True)
class Issue:
    """One finding as the provider reports it (decoupled from the engine's Finding)."""
    rule: str
    field_path: str
    message: str

    def __str__(self) -> str:
        where = f" at {self.field_path}" if self.field_path else ""
        return f"{self.rule}{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Verdict:
    profile: str
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.errors)


Judge = Callable[[dict], Verdict]


def _join(issues, head: str, limit: int) -> str:
    out = head
    for i, issue in enumerate(issues):
        part = ("" if i == 0 else "; ") + str(issue)
        rest = len(issues) - i
        tail = f"; and {rest} more" if rest > 1 else ""
        if len(out) + len(part) + len(tail) > limit and i > 0:
            return out + f"; and {rest} more"
        out += part
    return out[:limit]


def refusal_message(verdict: Verdict, limit: int = STATUS_MESSAGE_LIMIT) -> str:
    """'Refused by nodeless (profile fks): host-network at spec.hostNetwork: ...; rule at path: ...'"""
    return _join(verdict.errors, f"Refused by nodeless (profile {verdict.profile}): ", limit)


def warning_message(verdict: Verdict, limit: int = EVENT_MESSAGE_LIMIT) -> str:
    return _join(verdict.warnings, f"Accepted with warnings (profile {verdict.profile}): ", limit)


# ---------------------------------------------------------------- small accessors

def meta(pod: dict) -> dict:
    return pod.get("metadata") or {}


def pod_key(pod: dict) -> str:
    m = meta(pod)
    return f'{m.get("namespace") or "default"}/{m.get("name")}'


def pod_uid(pod: dict | None) -> str | None:
    return meta(pod).get("uid") if pod else None


def is_deleting(pod: dict) -> bool:
    return bool(meta(pod).get("deletionTimestamp"))


def phase(pod: dict) -> str | None:
    return (pod.get("status") or {}).get("phase")


def is_terminal(pod: dict) -> bool:
    return phase(pod) in TERMINAL_PHASES


def is_refused(pod: dict) -> bool:
    st = pod.get("status") or {}
    return st.get("phase") == "Failed" and st.get("reason") == REASON_REFUSED


def rfc3339(when: datetime | None = None) -> str:
    return (when or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- statuses

def refused_status(verdict: Verdict) -> dict:
    """What a kubelet writes when it rejects a Pod at admission: phase Failed, a reason, a message."""
    return {"phase": "Failed", "reason": REASON_REFUSED, "message": refusal_message(verdict)}


def provider_failed_status(message: str) -> dict:
    """The backend said the Pod can never run (InvalidInput): VK's handleProviderError."""
    return {"phase": "Failed", "reason": REASON_PROVIDER_FAILED, "message": message[:STATUS_MESSAGE_LIMIT]}


def lost_status() -> dict:
    """A started Pod with restartPolicy Never that the backend no longer knows: it failed (VK marks
    such Pods Failed/NotFound); Pods that may restart are started again instead."""
    return {"phase": "Failed", "reason": REASON_LOST,
            "message": "The backend no longer knows this Pod (lost while the provider was away?); "
                       "restartPolicy Never, so it is not started again"}


def _containers(pod: dict, kind: str = "containers") -> list[dict]:
    return list((pod.get("spec") or {}).get(kind) or [])


def running_status(pod: dict, pod_ip: str, host_ip: str, started_at: str,
                   container_id_prefix: str = "nodeless://") -> dict:
    """Running with every container started and ready, as Virtual Kubelet's mock provider reports it."""
    conds = [{"type": t, "status": "True", "lastTransitionTime": started_at} for t in OWNED_CONDITIONS]
    statuses = [{
        "name": c.get("name"), "image": c.get("image", ""), "imageID": "",
        "containerID": f"{container_id_prefix}{pod_uid(pod)}/{c.get('name')}",
        "ready": True, "started": True, "restartCount": 0,
        "state": {"running": {"startedAt": started_at}},
    } for c in _containers(pod)]
    inits = [{
        "name": c.get("name"), "image": c.get("image", ""), "imageID": "", "ready": True,
        "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                                                    "startedAt": started_at, "finishedAt": started_at}},
    } for c in _containers(pod, "initContainers")]
    out = {"phase": "Running", "hostIP": host_ip, "hostIPs": [{"ip": host_ip}] if host_ip else [],
           "podIP": pod_ip, "podIPs": [{"ip": pod_ip}] if pod_ip else [],
           "startTime": started_at, "conditions": conds, "containerStatuses": statuses}
    if inits:
        out["initContainerStatuses"] = inits
    return out


def terminated_status(status: dict, finished_at: str, reason: str = "Terminated",
                      message: str = "") -> dict:
    """`status` with every running container marked terminated and the Pod no longer ready."""
    out = dict(status)
    out["conditions"] = [dict(c, status="False", lastTransitionTime=finished_at)
                         if c.get("type") in ("Ready", "ContainersReady") else dict(c)
                         for c in status.get("conditions") or []]
    cs = []
    for c in status.get("containerStatuses") or []:
        started = ((c.get("state") or {}).get("running") or {}).get("startedAt")
        cs.append(dict(c, ready=False, started=False, state={"terminated": {
            "exitCode": 0, "reason": reason, "message": message,
            "startedAt": started, "finishedAt": finished_at}}))
    out["containerStatuses"] = cs
    return out


EPHEMERAL_UNSUPPORTED = ("this virtual node cannot start ephemeral containers (kubectl debug); "
                         "debug with logs or a separate Pod")


def unsupported_ephemeral_status(container: dict) -> dict:
    """An ephemeral container the backend does not run: terminated at once, so that `kubectl debug`
    reports it instead of waiting forever for a container that will never start."""
    return {"name": container.get("name"), "image": container.get("image", ""), "imageID": "",
            "ready": False, "restartCount": 0,
            "state": {"terminated": {"exitCode": 128, "reason": REASON_REFUSED,
                                     "message": EPHEMERAL_UNSUPPORTED}}}


def desired_status(api_pod: dict, backend_status: dict) -> dict:
    """The backend's status, completed for the API: conditions the provider does not own are kept,
    every container in the spec has a containerStatuses entry (waiting, if the backend is silent),
    and every ephemeral container the backend does not report is shown as unsupported."""
    out = dict(backend_status)
    ours = {c.get("type") for c in backend_status.get("conditions") or []}
    keep = [c for c in (api_pod.get("status") or {}).get("conditions") or [] if c.get("type") not in ours]
    out["conditions"] = list(backend_status.get("conditions") or []) + keep
    known = {c.get("name") for c in backend_status.get("containerStatuses") or []}
    extra = [{"name": c.get("name"), "image": c.get("image", ""), "imageID": "", "ready": False,
              "started": False, "restartCount": 0,
              "state": {"waiting": {"reason": "ContainerCreating"}}}
             for c in _containers(api_pod) if c.get("name") not in known]
    out["containerStatuses"] = list(backend_status.get("containerStatuses") or []) + extra
    ephemeral = _containers(api_pod, "ephemeralContainers")
    if ephemeral:
        reported = {c.get("name"): c for c in backend_status.get("ephemeralContainerStatuses") or []}
        out["ephemeralContainerStatuses"] = [reported.get(c.get("name")) or unsupported_ephemeral_status(c)
                                             for c in ephemeral]
    return out


def newly_unsupported_ephemeral(current: dict | None, desired: dict) -> list[str]:
    """Names of the ephemeral containers `desired` shows as unsupported and `current` does not yet."""
    def unsupported(st):
        return {c.get("name") for c in (st or {}).get("ephemeralContainerStatuses") or []
                if ((c.get("state") or {}).get("terminated") or {}).get("reason") == REASON_REFUSED}
    return sorted(unsupported(desired) - unsupported(current))


def _status_view(st: dict) -> tuple:
    """The parts of a status that matter; timestamps and field order do not."""
    conds = tuple(sorted((c.get("type"), c.get("status"), c.get("reason") or "")
                         for c in st.get("conditions") or []))

    def cstat(items):
        return tuple(sorted((c.get("name"), c.get("image"), bool(c.get("ready")), c.get("restartCount", 0),
                             tuple(sorted((c.get("state") or {}).keys())), c.get("containerID") or "")
                            for c in items or []))
    return (st.get("phase"), st.get("reason") or "", st.get("message") or "", st.get("podIP") or "",
            st.get("hostIP") or "", conds, cstat(st.get("containerStatuses")),
            cstat(st.get("initContainerStatuses")), cstat(st.get("ephemeralContainerStatuses")))


def status_differs(current: dict | None, desired: dict) -> bool:
    return _status_view(current or {}) != _status_view(desired)


def status_patch(pod: dict, status: dict) -> dict:
    """A merge patch for pods/status; the UID makes it a precondition (409 if the Pod was recreated)."""
    return {"metadata": {"uid": pod_uid(pod)}, "status": status}


# ---------------------------------------------------------------- changes to a running Pod

_MUTABLE_SPEC = ("activeDeadlineSeconds", "tolerations")


def spec_changed(old: dict, new: dict) -> bool:
    """Did anything a backend cares about change (VK podsEqual): images, the mutable spec fields,
    labels, annotations."""
    def images(pod, kind):
        return [(c.get("name"), c.get("image")) for c in _containers(pod, kind)]
    if any(images(old, k) != images(new, k) for k in ("containers", "initContainers", "ephemeralContainers")):
        return True
    so, sn = old.get("spec") or {}, new.get("spec") or {}
    if any(so.get(k) != sn.get(k) for k in _MUTABLE_SPEC):
        return True
    return (meta(old).get("labels") or {}) != (meta(new).get("labels") or {}) or \
        (meta(old).get("annotations") or {}) != (meta(new).get("annotations") or {})


# ---------------------------------------------------------------- the plan

@dataclass(frozen=True, slots=True)
class Action:
    kind: str                      # see ACTIONS
    verdict: Verdict | None = None
    pod: dict | None = field(default=None, compare=False)   # the backend's pod, for STOP_STALE

    def __repr__(self) -> str:
        return self.kind


STOP_STALE = "stop-stale"     # backend runs an older Pod of the same name (other UID): stop it
STOP = "stop"                 # backend stops the Pod
DELETE = "delete"             # delete the API object with grace period 0
REFUSE = "refuse"             # status Failed/NodelessUnsupported + Warning Event
START = "start"               # backend creates the Pod (+ a warning Event when the verdict has warnings)
UPDATE = "update"             # backend updates the Pod
SYNC = "sync-status"          # write the backend's status if it differs from the API's
LOST = "lost"                 # status Failed/ProviderPodLost: started once, gone, must not restart
ACTIONS = (STOP_STALE, STOP, DELETE, REFUSE, START, UPDATE, SYNC, LOST)


def plan(api_pod: dict | None, backend_pod: dict | None, judge: Judge) -> list[Action]:
    """What to do with one Pod, by what the API server (`api_pod`, None when gone) and the backend
    (`backend_pod`, None when unknown) each know:

    ================================  =============================================
    API gone, backend has it          stop (deleted while we were away, or just now)
    backend runs another UID          stop that one first, then go on as if unknown
    deletionTimestamp set             stop if running, then delete with grace 0
    terminal phase, backend runs it   stop it (a finished Pod never goes back to Running)
    backend has it                    update if the spec changed; sync status
    terminal phase (Failed, ...)      nothing: never (re)start a finished Pod
    Running, backend lost it          restartPolicy Never: mark it Failed; otherwise start it again
    new                               judge: refuse, or start and sync status
    ================================  =============================================
    """
    if api_pod is None:
        return [Action(STOP, pod=backend_pod)] if backend_pod else []
    actions: list[Action] = []
    if backend_pod is not None and pod_uid(backend_pod) != pod_uid(api_pod):
        actions.append(Action(STOP_STALE, pod=backend_pod))
        backend_pod = None
    if is_deleting(api_pod):
        if backend_pod is not None:
            actions.append(Action(STOP, pod=backend_pod))
        elif meta(api_pod).get("deletionGracePeriodSeconds") == 0 and meta(api_pod).get("finalizers"):
            return actions      # already deleted with grace 0; waiting for someone's finalizer
        actions.append(Action(DELETE))
        return actions
    if backend_pod is not None and is_terminal(api_pod):
        return actions + [Action(STOP, pod=backend_pod)]
    if backend_pod is not None:
        if spec_changed(backend_pod, api_pod):
            actions.append(Action(UPDATE))
        actions.append(Action(SYNC))
        return actions
    if is_terminal(api_pod):
        return actions
    if phase(api_pod) == "Running" and (api_pod.get("spec") or {}).get("restartPolicy") == "Never":
        return actions + [Action(LOST)]
    verdict = judge(api_pod)
    if verdict.refused:
        actions.append(Action(REFUSE, verdict))
    else:
        actions += [Action(START, verdict), Action(SYNC)]
    return actions


# ---------------------------------------------------------------- watch events

def watch_step(event: dict) -> tuple[str, object]:
    """One decoded watch event -> (step, payload):

    ('upsert', pod) for ADDED/MODIFIED, ('remove', pod) for DELETED, ('bookmark', resourceVersion),
    ('relist', status) for an ERROR with code 410 (Expired/Gone), ('restart', status) for any other
    ERROR, ('ignore', event) for what this provider does not understand."""
    etype, obj = event.get("type"), event.get("object") or {}
    if etype in ("ADDED", "MODIFIED"):
        return "upsert", obj
    if etype == "DELETED":
        return "remove", obj
    if etype == "BOOKMARK":
        return "bookmark", meta(obj).get("resourceVersion")
    if etype == "ERROR":
        return ("relist" if obj.get("code") == 410 else "restart"), obj
    return "ignore", event


# ---------------------------------------------------------------- events

def pod_event(pod: dict, type_: str, reason: str, message: str, node_name: str, now: datetime,
              seq: int = 0) -> dict:
    """A core/v1 Event about `pod`, named as client-go's recorder names them (<pod>.<hex nanos>)."""
    m = meta(pod)
    ts = rfc3339(now)
    nanos = int(now.timestamp() * 1e9) + seq
    return {
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": f'{m.get("name")}.{nanos:x}', "namespace": m.get("namespace") or "default"},
        "involvedObject": {"apiVersion": "v1", "kind": "Pod", "namespace": m.get("namespace") or "default",
                           "name": m.get("name"), "uid": m.get("uid"),
                           "resourceVersion": m.get("resourceVersion")},
        "type": type_, "reason": reason, "message": message[:EVENT_MESSAGE_LIMIT],
        "source": {"component": COMPONENT, "host": node_name},
        "reportingComponent": COMPONENT, "reportingInstance": node_name,
        "firstTimestamp": ts, "lastTimestamp": ts, "count": 1,
    }
