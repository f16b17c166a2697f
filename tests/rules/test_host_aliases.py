import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("spec, expected", [
    ("hostAliases: [{ip: 10.0.0.5, hostnames: [db.internal]}]\n" + APP, [("spec", "hostAliases")]),
    ("hostAliases: [{ip: 10.0.0.5, hostnames: [a]}, {ip: 10.0.0.6, hostnames: [b]}]\n" + APP,
     [("spec", "hostAliases")]),
    ("hostAliases: []\n" + APP, []),
    (APP, []),
])
def test_paths(spec, expected):
    assert [v.path for v in findings(pod(spec), "host-aliases")] == expected


def test_message_names_hostnames():
    [v] = findings(pod("hostAliases: [{ip: 10.0.0.5, hostnames: [db.internal, cache]}]\n" + APP), "host-aliases")
    assert v.message == 'Pod adds /etc/hosts entries for "db.internal" and "cache", which may not be written'
