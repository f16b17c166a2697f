import pytest

from tests.rules.helpers import findings, paths

C = ("spec", "containers")
POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: busybox
    ports: %s
  containers:
  - name: web
    image: nginx
    ports: %s
  - name: metrics
    image: exporter
    ports: %s
"""

CASES = [
    # (init ports, web ports, metrics ports, options, expected paths)
    ("[]", "[]", "[]", {}, []),
    ("[]", "[{containerPort: 80}]", "[]", {}, [C + (0, "ports")]),
    ("[{containerPort: 1}]", "[{containerPort: 80}]", "[{containerPort: 9090}]", {},
     [("spec", "initContainers", 0, "ports"), C + (0, "ports"), C + (1, "ports")]),
    # distinct containerPort/protocol pairs across containers
    ("[]", "[{containerPort: 80}, {containerPort: 81}]", "[{containerPort: 82}]", {"max_ports": 3}, []),
    ("[]", "[{containerPort: 80}, {containerPort: 81}]", "[{containerPort: 82}, {containerPort: 83}]",
     {"max_ports": 3}, [C + (1, "ports", 1)]),
    # the same port twice counts once; TCP is the default protocol
    ("[]", "[{containerPort: 80}, {containerPort: 80, protocol: TCP}]", "[{containerPort: 80}]",
     {"max_ports": 1}, []),
    ("[]", "[{containerPort: 53, protocol: TCP}, {containerPort: 53, protocol: UDP}]", "[]",
     {"max_ports": 1}, [C + (0, "ports", 1)]),
    ("[]", "[{containerPort: 80}]", "[]", {"max_ports": 0}, [C + (0, "ports", 0)]),
]


@pytest.mark.parametrize("init, web, metrics, options, expected", CASES)
def test_paths(init, web, metrics, options, expected):
    assert paths(POD % (init, web, metrics), "container-ports", **options) == expected


def test_message_lists_ports():
    [v] = findings(POD % ("[]", "[{containerPort: 80}, {containerPort: 53, protocol: UDP}]", "[]"),
                   "container-ports")
    assert v.message == 'container "web" declares 2 ports (80/TCP, 53/UDP), which will not take effect'


def test_ports_only_in_template_of_deployment():
    text = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: d}
    spec:
      template:
        spec:
          containers:
          - {name: web, image: nginx, ports: [{containerPort: 80}]}
    """
    assert paths(text, "container-ports") == [("spec", "template", "spec", "containers", 0, "ports")]
