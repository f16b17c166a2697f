import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("securityContext: {sysctls: [{name: net.core.somaxconn, value: '1024'}]}\n" + APP,
     [("spec", "securityContext", "sysctls")]),
    ("securityContext: {sysctls: []}\n" + APP, []),
    ("securityContext: {}\n" + APP, []),
    ("securityContext: {runAsUser: 1}\n" + APP, []),
    (APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "sysctls")] == expected


def test_messages():
    [v] = findings(pod("securityContext: {sysctls: [{name: net.core.somaxconn, value: '1'}]}\n" + APP), "sysctls")
    assert v.message == 'Pod sets sysctl "net.core.somaxconn", which may not take effect'
    [v] = findings(pod("securityContext: {sysctls: [{name: a, value: '1'}, {name: b, value: '2'}]}\n" + APP),
                   "sysctls")
    assert v.message == 'Pod sets sysctls "a" and "b", which may not take effect'
