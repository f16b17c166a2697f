import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("initContainers: [{name: s, image: x, restartPolicy: Always}]\n" + APP,
     [("spec", "initContainers", 0, "restartPolicy")]),
    ("initContainers: [{name: a, image: x}, {name: s, image: x, restartPolicy: Always}]\n" + APP,
     [("spec", "initContainers", 1, "restartPolicy")]),
    ("initContainers: [{name: a, image: x}]\n" + APP, []),
    ("initContainers: [{name: a, image: x, restartPolicy: OnFailure}]\n" + APP, []),
    ("containers: [{name: app, image: x, restartPolicy: Always}]\n", []),  # not an init container
    (APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "sidecar-containers")] == expected


def test_message():
    [v] = findings(pod("initContainers: [{name: istio-proxy, image: x, restartPolicy: Always}]\n" + APP),
                   "sidecar-containers")
    assert v.message.startswith('init container "istio-proxy" is a native sidecar')
