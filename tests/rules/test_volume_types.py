from pathlib import Path

import pytest

from helpers import findings, pod

DEFAULTED = (Path(__file__).parents[1] / "fixtures" / "volume-types" / "pass-api-server-defaulted.yaml").read_text()
AKS = {"allowed": ["configMap", "secret", "projected", "azureFile", "gitRepo"],
       "allowed_csi_drivers": ["file.csi.azure.com"]}
APP = "containers: [{name: app, image: nginx}]\n"


def vols(volumes: str, containers: str = APP) -> str:
    return pod(containers + f"volumes: {volumes}\n")


@pytest.mark.parametrize("text, options, expected", [
    (vols("[{name: c, configMap: {name: c}}, {name: s, secret: {secretName: s}}, {name: d, downwardAPI: {items: []}}]"),
     {}, []),
    (vols("[{name: n, nfs: {server: s, path: /}}]"), {}, [("spec", "volumes", 0, "nfs")]),
    (vols("[{name: a, azureFile: {shareName: s, secretName: s}}]"), {}, [("spec", "volumes", 0, "azureFile")]),
    (vols("[{name: a, azureFile: {shareName: s, secretName: s}}]"), AKS, []),
    (vols("[{name: g, gitRepo: {repository: r}}]"), AKS, []),
    (vols("[{name: d, downwardAPI: {items: []}}]"), AKS, [("spec", "volumes", 0, "downwardAPI")]),
    (vols("[{name: i, image: {reference: 'r'}}]"), {}, [("spec", "volumes", 0, "image")]),
    (vols("[{name: u, somethingNew: {}}]"), {}, [("spec", "volumes", 0, "somethingNew")]),
    # types with their own rules
    (vols("[{name: e, emptyDir: {}}, {name: bare}, {name: h, hostPath: {path: /x}}, "
          "{name: p, persistentVolumeClaim: {claimName: p}}, {name: g, ephemeral: {}}]"), {"allowed": []}, []),
    # csi: by `allowed` when allowed_csi_drivers is null, by driver otherwise
    (vols("[{name: c, csi: {driver: secrets-store.csi.k8s.io}}]"), {}, [("spec", "volumes", 0, "csi")]),
    (vols("[{name: c, csi: {driver: secrets-store.csi.k8s.io}}]"), {"allowed": ["csi"]}, []),
    (vols("[{name: c, csi: {driver: secrets-store.csi.k8s.io}}]"), AKS, [("spec", "volumes", 0, "csi", "driver")]),
    (vols("[{name: c, csi: {driver: file.csi.azure.com}}]"), AKS, []),
    (vols("[{name: c, csi: {}}]"), AKS, [("spec", "volumes", 0, "csi")]),
    # the injected service-account token is platform-provided
    (DEFAULTED, {"allowed": []}, []),
    (vols("[{name: kube-api-access-abcde, projected: {sources: [{serviceAccountToken: {path: token}}, "
          "{configMap: {name: kube-root-ca.crt}}, {downwardAPI: {items: []}}]}}]"), {"allowed": []}, []),
    (vols("[{name: kube-api-access-abcde, projected: {sources: [{serviceAccountToken: {path: token}}, "
          "{configMap: {name: my-config}}]}}]"), {"allowed": []}, [("spec", "volumes", 0, "projected")]),
    (vols("[{name: kube-api-access-abcde, projected: {sources: [{secret: {name: s}}]}}]"), {"allowed": []},
     [("spec", "volumes", 0, "projected")]),
    (vols("[{name: default-token-abcde, secret: {secretName: default-token-abcde}}]",
          "containers: [{name: app, image: x, volumeMounts: [{name: default-token-abcde, "
          "mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}]\n"), {"allowed": []}, []),
    (vols("[{name: default-token-abcde, secret: {secretName: default-token-abcde}}]"), {"allowed": []},
     [("spec", "volumes", 0, "secret")]),   # not mounted where the token goes: the user's own secret
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "volume-types", **options)] == expected


def test_messages():
    [v] = findings(vols("[{name: shared, nfs: {server: s, path: /}}]"), "volume-types")
    assert v.message == 'volume "shared" is of type nfs, not a type known to be mountable'
    [v] = findings(vols("[{name: c, csi: {driver: secrets-store.csi.k8s.io}}]"), "volume-types", **AKS)
    assert v.message == 'volume "c" uses CSI driver "secrets-store.csi.k8s.io", not a driver known to be mountable'


SOURCES = {"allowed_projected_sources": ["serviceAccountToken", "secret", "configMap"]}
PROJ = "[{name: p, projected: {sources: [%s]}}]"


@pytest.mark.parametrize("sources, options, expected", [
    ("{secret: {name: s}}, {configMap: {name: c}}, {serviceAccountToken: {path: t}}", SOURCES, []),
    ("{downwardAPI: {items: []}}", {}, []),                     # null: any source
    ("{secret: {name: s}}, {downwardAPI: {items: []}}", SOURCES,
     [("spec", "volumes", 0, "projected", "sources", 1, "downwardAPI")]),
    ("{clusterTrustBundle: {name: b, path: b}}", SOURCES,
     [("spec", "volumes", 0, "projected", "sources", 0, "clusterTrustBundle")]),
    ("{downwardAPI: {items: []}}", {**SOURCES, "allowed": ["secret"]},
     [("spec", "volumes", 0, "projected")]),                   # projected itself not allowed
])
def test_projected_sources(sources, options, expected):
    assert [v.path for v in findings(vols(PROJ % sources), "volume-types", **options)] == expected


def test_injected_token_is_not_judged_by_projected_sources():
    assert findings(DEFAULTED, "volume-types", **SOURCES) == []


@pytest.mark.parametrize("count, maximum, expected", [
    (2, None, []), (2, 2, []), (3, 2, [("spec", "volumes", 2)]), (1, 0, [("spec", "volumes", 0)]),
])
def test_max_volumes(count, maximum, expected):
    volumes = "[" + ", ".join(f"{{name: e{i}, emptyDir: {{}}}}" for i in range(count)) + "]"
    assert [v.path for v in findings(vols(volumes), "volume-types", max_volumes=maximum)] == expected


def test_max_volumes_counts_the_injected_token_volume():
    [v] = findings(DEFAULTED, "volume-types", max_volumes=0)
    assert v.message == "Pod has 1 volume, more than the 0 known to be supported"
