import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("containers: [{name: db, image: x, volumeDevices: [{name: d, devicePath: /dev/xvda}]}]\n",
     [("spec", "containers", 0, "volumeDevices")]),
    ("containers: [{name: db, image: x, volumeDevices: []}]\n", []),
    (APP, []),
    ("initContainers: [{name: i, image: x, volumeDevices: [{name: d, devicePath: /dev/b}]}]\n" + APP,
     [("spec", "initContainers", 0, "volumeDevices")]),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "volume-devices")] == expected


def test_messages():
    [v] = findings(pod("containers: [{name: db, image: x, volumeDevices: [{name: d, devicePath: /dev/a}]}]\n"),
                   "volume-devices")
    assert v.message == 'container "db" attaches raw block device "d"'
    [v] = findings(pod("containers: [{name: db, image: x, volumeDevices: [{name: a, devicePath: /dev/a}, "
                       "{name: b, devicePath: /dev/b}]}]\n"), "volume-devices")
    assert v.message == 'container "db" attaches raw block devices "a" and "b"'
