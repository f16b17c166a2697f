from pathlib import Path

import pytest

from helpers import findings

DEFAULTED = (Path(__file__).parents[1] / "fixtures" / "service-ipv6" / "pass-api-server-defaulted.yaml").read_text()
SVC = "apiVersion: %s\nkind: Service\nmetadata: {name: web}\nspec: {%s}\n"


@pytest.mark.parametrize("spec, expected", [
    ("", []),
    ("ipFamilies: [IPv4]", []),
    ("ipFamilies: [IPv6]", [("spec", "ipFamilies", 0)]),
    ("ipFamilyPolicy: SingleStack, ipFamilies: [IPv6]", [("spec", "ipFamilies", 0)]),
    ("ipFamilyPolicy: SingleStack, ipFamilies: [IPv4]", []),
    ("ipFamilyPolicy: RequireDualStack", [("spec", "ipFamilyPolicy")]),
    ("ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv4, IPv6]", [("spec", "ipFamilyPolicy")]),
    ("ipFamilyPolicy: PreferDualStack, ipFamilies: [IPv6, IPv4]", []),
    ("ipFamilyPolicy: PreferDualStack", []),
    ("ipFamilies: [IPv4, IPv6]", [("spec", "ipFamilies", 1)]),  # defaulted to RequireDualStack
    ("ipFamilies: IPv6", []),                                   # wrong shape
])
def test_paths(spec, expected):
    assert [v.path for v in findings(SVC % ("v1", spec), "service-ipv6")] == expected


def test_other_groups_and_defaulted_services():
    assert findings(SVC % ("example.com/v1", "ipFamilies: [IPv6]"), "service-ipv6") == []
    assert findings(DEFAULTED, "service-ipv6") == []


def test_messages():
    assert [v.message for v in findings(SVC % ("v1", "ipFamilies: [IPv6]"), "service-ipv6")] == [
        'Service "web" is IPv6-only']
    assert [v.message for v in findings(SVC % ("v1", "ipFamilyPolicy: RequireDualStack"), "service-ipv6")] == [
        'Service "web" requires an IPv6 address (RequireDualStack)']
