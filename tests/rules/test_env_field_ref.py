import pytest

from tests.rules.helpers import findings, paths, pod_with

ENV = ("spec", "containers", 0, "env")
FIRST_ENV = """
    env:
    - {name: PLAIN, value: x}
    - {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: s, key: k}}}
"""
NAME = "    - {name: POD_NAME, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.name}}}"
LABEL = "    - {name: APP, valueFrom: {fieldRef: {fieldPath: \"metadata.labels['app']\"}}}"
IP = "    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}"
CPU = "    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}"

CASES = [
    ("", {}, []),
    (NAME, {}, [ENV + (2, "valueFrom", "fieldRef")]),
    (NAME, {"allowed_field_paths": ["metadata.*"]}, []),
    (LABEL, {"allowed_field_paths": ["metadata.*"]}, []),
    (IP, {"allowed_field_paths": ["metadata.*"]}, [ENV + (2, "valueFrom", "fieldRef")]),
    (IP, {"allowed_field_paths": ["status.podIP"]}, []),
    (CPU, {}, [ENV + (2, "valueFrom", "resourceFieldRef")]),
    (CPU, {"resource_field_ref": True}, []),
    (NAME + "\n" + CPU, {"allowed_field_paths": ["*"]}, [ENV + (3, "valueFrom", "resourceFieldRef")]),
]


@pytest.mark.parametrize("env, options, expected", CASES)
def test_paths(env, options, expected):
    assert paths(pod_with(FIRST_ENV + env), "env-field-ref", **options) == expected


def test_messages():
    messages = [v.message for v in findings(pod_with(FIRST_ENV + IP + "\n" + CPU), "env-field-ref")]
    assert messages == ['container "web" env "POD_IP" reads fieldRef status.podIP',
                        'container "web" env "CPU" reads resourceFieldRef limits.cpu']
