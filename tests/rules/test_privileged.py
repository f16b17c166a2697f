import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("containers: [{name: a, image: x, securityContext: {privileged: true}}]\n",
     [("spec", "containers", 0, "securityContext", "privileged")]),
    ("containers: [{name: a, image: x, securityContext: {privileged: false}}]\n", []),
    ("containers: [{name: a, image: x, securityContext: {privileged: 'true'}}]\n", []),
    ("containers: [{name: a, image: x, securityContext: {}}]\n", []),
    ("containers: [{name: a, image: x}]\nsecurityContext: {}\n", []),
    ("initContainers: [{name: i, image: x, securityContext: {privileged: true}}]\n" + APP,
     [("spec", "initContainers", 0, "securityContext", "privileged")]),
    (APP + "ephemeralContainers: [{name: e, image: x, securityContext: {privileged: true}}]\n",
     [("spec", "ephemeralContainers", 0, "securityContext", "privileged")]),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "privileged")] == expected


def test_message():
    [v] = findings(pod("initContainers: [{name: sysctl, image: x, securityContext: {privileged: true}}]\n" + APP),
                   "privileged")
    assert v.message == 'init container "sysctl" is privileged'
