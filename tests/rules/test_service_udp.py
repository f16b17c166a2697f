import pytest

from helpers import findings


def svc(ports: str) -> str:
    return f"apiVersion: v1\nkind: Service\nmetadata: {{name: dns}}\nspec:\n  ports:\n{ports}"


@pytest.mark.parametrize("ports, expected", [
    ("  - {port: 53, protocol: UDP}\n", [("spec", "ports", 0, "protocol")]),
    ("  - {port: 53, protocol: TCP}\n  - {name: dns, port: 53, protocol: UDP}\n",
     [("spec", "ports", 1, "protocol")]),
    ("  - {port: 53, protocol: UDP}\n  - {port: 54, protocol: UDP}\n",
     [("spec", "ports", 0, "protocol"), ("spec", "ports", 1, "protocol")]),
    ("  - {port: 53}\n", []),                      # TCP by default
    ("  - {port: 53, protocol: TCP}\n", []),
    ("  - {port: 3868, protocol: SCTP}\n", []),
    ("  - 53\n", []),                              # malformed entries are skipped, not crashed on
])
def test_paths(ports, expected):
    assert [v.path for v in findings(svc(ports), "service-udp")] == expected


def test_message_names_port():
    named, unnamed = findings(svc("  - {name: dns, port: 53, protocol: UDP}\n  - {port: 54, protocol: UDP}\n"),
                              "service-udp")
    assert 'Service "dns" port "dns" uses UDP' in named.message
    assert 'port 54 uses UDP' in unnamed.message


def test_ports_not_a_list():
    assert findings("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: {a: 1}}\n",
                    "service-udp") == []
