import pytest

from helpers import deployment, findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("hostPID: true\n" + APP, [("spec", "hostPID")]),
    ("hostPID: false\n" + APP, []),
    ('hostPID: "true"\n' + APP, []),      # not a boolean: the API server would reject it
    (APP, []),
    ("hostIPC: true\nhostNetwork: true\n" + APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "host-pid")] == expected


def test_template_path_and_message():
    [v] = findings(deployment("hostPID: true\n" + APP), "host-pid")
    assert v.path == ("spec", "template", "spec", "hostPID")
    assert v.message == "Pod uses the host process namespace (hostPID: true)"
