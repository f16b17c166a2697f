import pytest

from helpers import findings, pod

GKE = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
       "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", "SYS_PTRACE"]


def caps(caps: str, field: str = "containers") -> str:
    extra = "containers: [{name: app, image: x}]\n" if field != "containers" else ""
    return f"{field}: [{{name: c, image: x, securityContext: {{capabilities: {caps}}}}}]\n" + extra


ADD = ("spec", "containers", 0, "securityContext", "capabilities", "add")


@pytest.mark.parametrize("spec, options, expected", [
    (caps("{add: [NET_ADMIN]}"), {}, [ADD + (0,)]),
    (caps("{add: [NET_ADMIN, SYS_TIME]}"), {}, [ADD + (0,), ADD + (1,)]),
    (caps("{drop: [ALL]}"), {}, []),
    (caps("{add: []}"), {}, []),
    (caps("{}"), {}, []),
    (caps("{add: [NET_BIND_SERVICE, SYS_ADMIN]}"), {"allowed": GKE}, [ADD + (1,)]),
    (caps("{add: [CAP_CHOWN, net_raw]}"), {"allowed": GKE}, []),          # CAP_ prefix and case ignored
    (caps("{add: [CHOWN]}"), {"allowed": ["CAP_CHOWN"]}, []),
    (caps("{add: [ALL]}"), {"allowed": GKE}, [ADD + (0,)]),
    (caps("{add: [NET_ADMIN]}", "initContainers"), {},
     [("spec", "initContainers", 0, "securityContext", "capabilities", "add", 0)]),
    (caps("{add: [SYS_PTRACE]}", "ephemeralContainers"), {},
     [("spec", "ephemeralContainers", 0, "securityContext", "capabilities", "add", 0)]),
])
def test_paths(spec, options, expected):
    assert [v.path for v in findings(pod(spec), "capabilities", **options)] == expected


def test_message():
    [v] = findings(pod(caps("{add: [NET_ADMIN]}")), "capabilities")
    assert v.message == 'container "c" adds capability NET_ADMIN'
