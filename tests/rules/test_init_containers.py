import pytest

from helpers import deployment, findings, pod

ACI = ["ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"]
APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, options, expected", [
    # rejected_fields null: every init container that is not a native sidecar
    ("initContainers: [{name: a, image: x}, {name: b, image: x}]\n" + APP, {},
     [("spec", "initContainers", 0), ("spec", "initContainers", 1)]),
    ("initContainers: [{name: s, image: x, restartPolicy: Always}]\n" + APP, {}, []),
    ("initContainers: [{name: s, image: x, restartPolicy: Always}, {name: a, image: x}]\n" + APP, {},
     [("spec", "initContainers", 1)]),
    (APP, {}, []),
    ("initContainers: []\n" + APP, {}, []),
    # a list: only declared fields, at the field
    ("initContainers: [{name: a, image: x}]\n" + APP, {"rejected_fields": ACI}, []),
    ("initContainers: [{name: a, image: x, resources: {}}]\n" + APP, {"rejected_fields": ACI}, []),
    ("initContainers: [{name: a, image: x, resources: {requests: {}, limits: {}}}]\n" + APP,
     {"rejected_fields": ACI}, []),
    ("initContainers: [{name: a, image: x, resources: {limits: {cpu: 1}}}]\n" + APP,
     {"rejected_fields": ACI}, [("spec", "initContainers", 0, "resources")]),
    ("initContainers: [{name: a, image: x, ports: [{containerPort: 1}], lifecycle: {preStop: {exec: {command: [x]}}}}]\n"
     + APP, {"rejected_fields": ACI},
     [("spec", "initContainers", 0, "ports"), ("spec", "initContainers", 0, "lifecycle")]),
    ("initContainers: [{name: a, image: x, ports: [{containerPort: 1}]}]\n" + APP,
     {"rejected_fields": ["resources"]}, []),
    ("initContainers: [{name: a, image: x, ports: [{containerPort: 1}]}]\n" + APP,
     {"rejected_fields": []}, []),
    # native sidecars may have probes and ports: not this rule's business
    ("initContainers: [{name: s, image: x, restartPolicy: Always, ports: [{containerPort: 1}]}]\n" + APP,
     {"rejected_fields": ACI}, []),
    # regular containers are never judged
    ("containers: [{name: app, image: x, ports: [{containerPort: 1}]}]\n", {"rejected_fields": ACI}, []),
])
def test_paths(spec, options, expected):
    assert [v.path for v in findings(pod(spec), "init-containers", **options)] == expected


def test_template_paths_and_messages():
    text = deployment("initContainers: [{name: migrate, image: x, resources: {requests: {cpu: 1}}}]\n" + APP)
    [v] = findings(text, "init-containers")
    assert v.path == ("spec", "template", "spec", "initContainers", 0)
    assert v.message.startswith('init container "migrate" is not supported')
    [v] = findings(text, "init-containers", rejected_fields=ACI)
    assert v.path == ("spec", "template", "spec", "initContainers", 0, "resources")
    assert v.message == 'init container "migrate" declares resources, which init containers cannot have'
