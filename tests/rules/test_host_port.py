import pytest

from helpers import findings, pod


def c(ports: str, field: str = "containers", extra: str = "") -> str:
    return f"{field}: [{{name: c, image: x{extra}, ports: [{ports}]}}]\n"


APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    (c("{containerPort: 80, hostPort: 8080}"), [("spec", "containers", 0, "ports", 0, "hostPort")]),
    (c("{containerPort: 80}, {containerPort: 443, hostPort: 443}"),
     [("spec", "containers", 0, "ports", 1, "hostPort")]),
    (c("{containerPort: 80, hostPort: 0}"), []),
    (c("{containerPort: 80}"), []),
    (c("{containerPort: 80, hostPort: '8080'}"), [("spec", "containers", 0, "ports", 0, "hostPort")]),
    (c("{containerPort: 80, hostPort: true}"), []),
    # init containers and native sidecars are visited too
    (c("{containerPort: 15001, hostPort: 15001}", "initContainers", ", restartPolicy: Always") + APP,
     [("spec", "initContainers", 0, "ports", 0, "hostPort")]),
    # hostNetwork Pods: hostPort is defaulted from containerPort; host-network reports them
    ("hostNetwork: true\n" + c("{containerPort: 80, hostPort: 80}"), []),
    ("hostNetwork: false\n" + c("{containerPort: 80, hostPort: 80}"),
     [("spec", "containers", 0, "ports", 0, "hostPort")]),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "host-port")] == expected


def test_message():
    [v] = findings(pod(c("{containerPort: 80, hostPort: 8080}")), "host-port")
    assert v.message == 'container "c" binds host port 8080 (containerPort 80)'
