import pytest

from helpers import deployment, findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("hostIPC: true\n" + APP, [("spec", "hostIPC")]),
    ("hostIPC: false\n" + APP, []),
    ('hostIPC: "true"\n' + APP, []),      # not a boolean: the API server would reject it
    (APP, []),
    ("hostPID: true\nhostNetwork: true\n" + APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "host-ipc")] == expected


def test_template_path_and_message():
    [v] = findings(deployment("hostIPC: true\n" + APP), "host-ipc")
    assert v.path == ("spec", "template", "spec", "hostIPC")
    assert v.message == "Pod uses the host IPC namespace (hostIPC: true)"
