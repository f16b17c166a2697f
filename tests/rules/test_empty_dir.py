import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("volumes, expected", [
    ("[{name: cache, emptyDir: {}}]", [("spec", "volumes", 0, "emptyDir")]),
    ("[{name: shm, emptyDir: {medium: Memory, sizeLimit: 1Gi}}]", [("spec", "volumes", 0, "emptyDir")]),
    ("[{name: cfg, configMap: {name: c}}, {name: cache}]", [("spec", "volumes", 1)]),   # name only = emptyDir
    ("[{name: cfg, configMap: {name: c}}]", []),
    ("[{name: d, persistentVolumeClaim: {claimName: d}}]", []),
    ("[]", []),
])
def test_paths(volumes, expected):
    assert [v.path for v in findings(pod(APP + f"volumes: {volumes}\n"), "empty-dir")] == expected


def test_messages():
    a, b = findings(pod(APP + "volumes: [{name: cache, emptyDir: {}}, {name: shm, emptyDir: {medium: Memory}}]\n"),
                    "empty-dir")
    assert a.message.startswith('volume "cache" is an emptyDir volume')
    assert b.message.startswith('volume "shm" is an in-memory emptyDir volume')
