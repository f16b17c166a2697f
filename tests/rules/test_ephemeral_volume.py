import pytest

from helpers import findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


def eph(template: str) -> str:
    return pod(APP + f"volumes: [{{name: cfg, configMap: {{name: c}}}}, {{name: s, ephemeral: {template}}}]\n")


E1 = ("spec", "volumes", 1, "ephemeral")


@pytest.mark.parametrize("text, options, expected", [
    (eph("{volumeClaimTemplate: {spec: {storageClassName: flyio-volume}}}"), {}, [E1]),
    (eph("{volumeClaimTemplate: {spec: {storageClassName: flyio-volume}}}"), {"storage_classes": ["flyio-volume"]}, []),
    (eph("{volumeClaimTemplate: {spec: {storageClassName: gp3}}}"), {"storage_classes": ["flyio-volume"]},
     [E1 + ("volumeClaimTemplate", "spec", "storageClassName")]),
    (eph("{volumeClaimTemplate: {spec: {storageClassName: ''}}}"), {"storage_classes": ["flyio-volume"]},
     [E1 + ("volumeClaimTemplate", "spec", "storageClassName")]),
    (eph("{volumeClaimTemplate: {spec: {accessModes: [ReadWriteOncePod]}}}"), {"storage_classes": ["flyio-volume"]},
     [E1 + ("volumeClaimTemplate", "spec")]),
    (eph("{volumeClaimTemplate: {}}"), {"storage_classes": ["flyio-volume"]}, [E1 + ("volumeClaimTemplate",)]),
    (eph("{}"), {"storage_classes": ["flyio-volume"]}, [E1]),
    (eph("{volumeClaimTemplate: {spec: {storageClassName: gp3}}}"), {"storage_classes": []},
     [E1 + ("volumeClaimTemplate", "spec", "storageClassName")]),
    (pod(APP + "volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]\n"), {}, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "ephemeral-volume", **options)] == expected


def test_messages():
    [v] = findings(eph("{volumeClaimTemplate: {spec: {}}}"), "ephemeral-volume")
    assert v.message == 'volume "s" is a generic ephemeral volume, which needs dynamic provisioning'
    [v] = findings(eph("{volumeClaimTemplate: {spec: {}}}"), "ephemeral-volume", storage_classes=["flyio-volume"])
    assert v.message == ('ephemeral volume "s" has no storageClassName; the cluster default class must be '
                         '"flyio-volume"')


@pytest.mark.parametrize("default, expected", [
    (None, [E1 + ("volumeClaimTemplate", "spec")]),
    ("flyio-volume", []),
    ("standard", [E1 + ("volumeClaimTemplate", "spec")]),
])
def test_default_storage_class(default, expected):
    text = eph("{volumeClaimTemplate: {spec: {accessModes: [ReadWriteOncePod]}}}")
    found = findings(text, "ephemeral-volume", storage_classes=["flyio-volume"], default_storage_class=default)
    assert [v.path for v in found] == expected
