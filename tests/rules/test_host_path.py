import pytest

from helpers import findings, pod

GKE = {"allowed_prefixes": ["/var/log/"], "read_only": True}


def spec(path: str, read_only: str | None = "true", container: str = "containers") -> str:
    mount = "{name: h, mountPath: /h" + (f", readOnly: {read_only}" if read_only is not None else "") + "}"
    extra = "containers: [{name: app, image: x}]\n" if container != "containers" else ""
    return (f"{container}: [{{name: c, image: x, volumeMounts: [{mount}]}}]\n" + extra
            + f"volumes: [{{name: h, hostPath: {{path: {path}}}}}]\n")


VOL = ("spec", "volumes", 0, "hostPath", "path")
MOUNT = ("spec", "containers", 0, "volumeMounts", 0)


@pytest.mark.parametrize("text, options, expected", [
    # default: every hostPath
    (spec("/var/run/docker.sock"), {}, [VOL]),
    (spec("/var/log"), {}, [VOL]),
    (spec("/var/log", read_only=None), {"read_only": True}, [VOL]),   # read_only alone adds nothing
    ("containers: [{name: c, image: x}]\nvolumes: [{name: h, hostPath: {}}]\n", {},
     [("spec", "volumes", 0, "hostPath")]),
    # GKE Autopilot: read-only under /var/log/
    (spec("/var/log"), GKE, []),
    (spec("/var/log/"), GKE, []),
    (spec("/var/log/pods"), GKE, []),
    (spec("/var/logs"), GKE, [VOL]),
    (spec("/var/log/../../etc"), GKE, [VOL]),
    (spec("/proc"), GKE, [VOL]),
    (spec("/var/log", read_only=None), GKE, [MOUNT]),
    (spec("/var/log", read_only="false"), GKE, [MOUNT + ("readOnly",)]),
    (spec("/proc", read_only="false"), GKE, [VOL, MOUNT + ("readOnly",)]),
    (spec("/var/log", read_only=None), {"allowed_prefixes": ["/var/log/"]}, []),
    (spec("/var/log", read_only=None, container="initContainers"), GKE,
     [("spec", "initContainers", 0, "volumeMounts", 0)]),
    # prefixes are directories
    (spec("/database"), {"allowed_prefixes": ["/data"]}, [VOL]),
    (spec("/data/x"), {"allowed_prefixes": ["/data"]}, []),
    # other volume types are not judged
    ("containers: [{name: c, image: x, volumeMounts: [{name: e, mountPath: /e}]}]\nvolumes: [{name: e, emptyDir: {}}]\n",
     GKE, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(pod(text), "host-path", **options)] == expected


def test_messages():
    [v] = findings(pod(spec("/var/run/docker.sock")), "host-path")
    assert v.message == 'hostPath volume "h" mounts the node\'s /var/run/docker.sock'
    [v] = findings(pod(spec("/proc")), "host-path", **GKE)
    assert v.message == 'hostPath volume "h" mounts /proc, outside /var/log/'
    [v] = findings(pod(spec("/var/log", read_only=None)), "host-path", **GKE)
    assert v.message == 'container "c" mounts hostPath volume "h" writable (readOnly is not true)'
