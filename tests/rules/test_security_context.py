from pathlib import Path

import pytest

from helpers import findings, pod

DEFAULTED = (Path(__file__).parents[1] / "fixtures" / "security-context" / "pass-api-server-defaulted.yaml").read_text()
APP = "containers: [{name: app, image: nginx}]\n"


def sc(context: str, field: str = "containers") -> str:
    extra = APP if field != "containers" else ""
    return f"{field}: [{{name: c, image: x, securityContext: {context}}}]\n" + extra


C0 = ("spec", "containers", 0, "securityContext")


@pytest.mark.parametrize("spec, options, expected", [
    (sc("{runAsUser: 1000}"), {}, [C0]),
    (sc("{runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false}"), {}, [C0]),
    (sc("{capabilities: {drop: [ALL]}}"), {}, [C0]),
    (sc("{seccompProfile: {type: RuntimeDefault}}"), {}, [C0]),
    # nothing that would change behaviour
    (sc("{}"), {}, []),
    (sc("{capabilities: {}}"), {}, []),
    (sc("{capabilities: {add: [NET_ADMIN]}}"), {}, []),       # the capabilities rule's business
    (sc("{privileged: true}"), {}, []),                        # the privileged rule's business
    (sc("{privileged: false}"), {}, []),
    (sc("{allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, runAsNonRoot: false}"), {}, []),
    (sc("{procMount: Default}"), {}, []),
    (sc("{seLinuxOptions: {}}"), {}, []),
    # every kind of container
    (sc("{runAsUser: 0}", "initContainers"), {}, [("spec", "initContainers", 0, "securityContext")]),
    (sc("{runAsUser: 0}", "ephemeralContainers"), {}, [("spec", "ephemeralContainers", 0, "securityContext")]),
    # pod level, only with include_pod_level
    ("securityContext: {runAsUser: 1000}\n" + APP, {}, []),
    ("securityContext: {runAsUser: 1000}\n" + APP, {"include_pod_level": True}, [("spec", "securityContext")]),
    ("securityContext: {}\n" + APP, {"include_pod_level": True}, []),
    ("securityContext: {sysctls: [{name: a, value: '1'}]}\n" + APP, {"include_pod_level": True}, []),
    ("securityContext: {fsGroupChangePolicy: Always, supplementalGroups: []}\n" + APP,
     {"include_pod_level": True}, []),
    ("securityContext: {fsGroup: 2000}\n" + sc("{runAsUser: 1}"), {"include_pod_level": True},
     [("spec", "securityContext"), C0]),
])
def test_paths(spec, options, expected):
    assert [v.path for v in findings(pod(spec), "security-context", **options)] == expected


def test_api_server_defaulted_pod_is_silent():
    assert findings(DEFAULTED, "security-context", include_pod_level=True) == []


def test_messages_list_settings():
    [v] = findings(pod(sc("{runAsUser: 1, capabilities: {drop: [ALL], add: [X]}}")), "security-context")
    assert v.message == 'container "c" securityContext will not take effect: runAsUser and capabilities.drop'
    [v] = findings(pod(sc("{runAsUser: 1, runAsGroup: 1, fsGroup: 1, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}")),
                   "security-context")
    assert v.message == 'container "c" securityContext will not take effect: runAsUser and 4 more'
    [v] = findings(pod("securityContext: {runAsUser: 1000}\n" + APP), "security-context", include_pod_level=True)
    assert v.message == "Pod securityContext will not take effect: runAsUser"
