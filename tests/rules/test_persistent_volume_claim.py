import pytest

from helpers import findings, pod

FKS = {"storage_classes": ["flyio-volume", "flyio-volume-retain"], "access_modes": ["ReadWriteOncePod"],
       "max_per_pod": 1}


def sts(claim_spec: str, volumes: str = "", api: str = "apps/v1") -> str:
    return f"""
apiVersion: {api}
kind: StatefulSet
metadata: {{name: db}}
spec:
  template:
    spec:
      containers: [{{name: pg, image: postgres}}]
{volumes}  volumeClaimTemplates:
  - metadata: {{name: data}}
    spec: {claim_spec}
"""


T0 = ("spec", "volumeClaimTemplates", 0)
APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("text, options, expected", [
    # all options null: every claim volume and every claim template
    (pod(APP + "volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]\n"), {},
     [("spec", "volumes", 0, "persistentVolumeClaim")]),
    (sts("{accessModes: [ReadWriteOnce]}"), {}, [T0]),
    (sts("{accessModes: [ReadWriteOnce]}", api="apps.kruise.io/v1beta1"), {}, []),
    (pod(APP + "volumes: [{name: c, configMap: {name: c}}]\n"), {}, []),
    # FKS constraints
    (sts("{storageClassName: flyio-volume, accessModes: [ReadWriteOncePod]}"), FKS, []),
    (sts("{storageClassName: flyio-volume-retain, accessModes: [ReadWriteOncePod]}"), FKS, []),
    (sts("{storageClassName: gp3, accessModes: [ReadWriteOncePod]}"), FKS, [T0 + ("spec", "storageClassName")]),
    (sts("{storageClassName: '', accessModes: [ReadWriteOncePod]}"), FKS, [T0 + ("spec", "storageClassName")]),
    (sts("{accessModes: [ReadWriteOncePod]}"), FKS, [T0 + ("spec",)]),
    (sts("{storageClassName: flyio-volume, accessModes: [ReadWriteOncePod, ReadWriteMany]}"), FKS,
     [T0 + ("spec", "accessModes", 1)]),
    (sts("{accessModes: [ReadWriteOnce]}"), {"access_modes": ["ReadWriteOncePod"]}, [T0 + ("spec", "accessModes", 0)]),
    (sts("{accessModes: [ReadWriteOnce]}"), {"storage_classes": ["flyio-volume"]}, [T0 + ("spec",)]),
    # a claim volume names a claim: class and modes cannot be judged, only the count
    (pod(APP + "volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]\n"), FKS, []),
    (pod(APP + "volumes: [{name: a, persistentVolumeClaim: {claimName: a}}, {name: b, persistentVolumeClaim: {claimName: b}}]\n"),
     {"max_per_pod": 1}, [("spec", "volumes", 1, "persistentVolumeClaim")]),
    (pod(APP + "volumes: [{name: a, persistentVolumeClaim: {claimName: a}}, {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}]\n"),
     {"max_per_pod": 1}, [("spec", "volumes", 1, "ephemeral")]),
    (pod(APP + "volumes: [{name: a, persistentVolumeClaim: {claimName: a}}]\n"), {"max_per_pod": 0},
     [("spec", "volumes", 0, "persistentVolumeClaim")]),
    (sts("{storageClassName: flyio-volume, accessModes: [ReadWriteOncePod]}",
         volumes="      volumes: [{name: x, persistentVolumeClaim: {claimName: x}}]\n"), FKS, [T0]),
    # a pod volume named like a template is replaced by the controller: counted once
    (sts("{storageClassName: flyio-volume, accessModes: [ReadWriteOncePod]}",
         volumes="      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n"), FKS, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "persistent-volume-claim", **options)] == expected


def test_messages():
    [v] = findings(pod(APP + "volumes: [{name: d, persistentVolumeClaim: {claimName: web}}]\n"), "persistent-volume-claim")
    assert v.message == 'volume "d" mounts a PersistentVolumeClaim (claim "web")'
    [v] = findings(sts("{accessModes: [ReadWriteOncePod]}"), "persistent-volume-claim", **FKS)
    assert v.message == ('claim template "data" has no storageClassName; the cluster default class must be '
                         'one of "flyio-volume", "flyio-volume-retain"')
    [v] = findings(sts("{storageClassName: gp3, accessModes: [ReadWriteOncePod]}"), "persistent-volume-claim",
                   storage_classes=["flyio-volume"])
    assert v.message == 'claim template "data" uses storage class "gp3", not "flyio-volume"'
    [v] = findings(pod(APP + "volumes: [{name: a, persistentVolumeClaim: {claimName: a}}, {name: b, persistentVolumeClaim: {claimName: b}}]\n"),
                   "persistent-volume-claim", max_per_pod=1)
    assert v.message == 'Pod has 2 persistent volumes ("a" and "b"); at most 1 can be attached'


@pytest.mark.parametrize("default, expected", [
    (None, [T0 + ("spec",)]),
    ("flyio-volume", []),
    ("gp2", [T0 + ("spec",)]),
])
def test_default_storage_class(default, expected):
    text = sts("{accessModes: [ReadWriteOncePod]}")
    found = findings(text, "persistent-volume-claim", default_storage_class=default, **FKS)
    assert [v.path for v in found] == expected
    if default == "gp2":
        assert found[0].message == ('claim template "data" has no storageClassName, so it gets "gp2", not '
                                    'one of "flyio-volume", "flyio-volume-retain"')


def test_default_storage_class_alone_changes_nothing():
    text = sts("{accessModes: [ReadWriteOnce]}")
    assert [v.path for v in findings(text, "persistent-volume-claim", default_storage_class="x")] == [T0]
