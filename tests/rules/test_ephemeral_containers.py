import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    (APP + "ephemeralContainers: [{name: debugger-1, image: busybox}]\n", [("spec", "ephemeralContainers", 0)]),
    (APP + "ephemeralContainers: [{name: d1, image: busybox}, {name: d2, image: busybox}]\n",
     [("spec", "ephemeralContainers", 0), ("spec", "ephemeralContainers", 1)]),
    (APP + "ephemeralContainers: []\n", []),
    (APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "ephemeral-containers")] == expected


def test_message():
    [v] = findings(pod(APP + "ephemeralContainers: [{name: debugger-1, image: busybox}]\n"), "ephemeral-containers")
    assert v.message.startswith('ephemeral container "debugger-1" (kubectl debug)')
