import pytest

from tests.rules.helpers import findings, paths

MAX = {"max_cpu": "4", "max_memory": "16Gi"}


def pod(init="[]", containers="[]", ephemeral="[]"):
    return f"""
    apiVersion: v1
    kind: Pod
    metadata: {{name: p}}
    spec:
      initContainers: {init}
      containers: {containers}
      ephemeralContainers: {ephemeral}
    """


def c(name, requests=None, limits=None, **extra):
    res = {}
    if requests:
        res["requests"] = requests
    if limits:
        res["limits"] = limits
    fields = ", ".join(f"{k}: {v}" for k, v in extra.items())
    return "{name: %s, image: x, resources: %s%s}" % (name, _flow(res), ", " + fields if fields else "")


def _flow(d):
    return "{" + ", ".join(f"{k}: {_flow(v) if isinstance(v, dict) else repr(v)}" for k, v in d.items()) + "}"


C = ("spec", "containers")
I = ("spec", "initContainers")
CASES = [
    (pod(containers=f"[{c('a', {'cpu': '2', 'memory': '8Gi'})}]"), MAX, []),
    (pod(containers=f"[{c('a', {'cpu': '4', 'memory': '16Gi'})}]"), MAX, []),
    (pod(containers=f"[{c('a', {'cpu': '4001m'})}]"), MAX, [C + (0, "resources", "requests", "cpu")]),
    # sum of regular containers; the finding is at the one that takes the total over
    (pod(containers=f"[{c('a', {'cpu': '2'})}, {c('b', {'cpu': '2'})}, {c('c', {'cpu': '1'})}]"), MAX,
     [C + (2, "resources", "requests", "cpu")]),
    # init containers run one at a time: max(largest init, sum of the rest)
    (pod(init=f"[{c('i1', {'cpu': '3'})}, {c('i2', {'cpu': '4'})}]",
         containers=f"[{c('a', {'cpu': '4'})}]"), MAX, []),
    (pod(init=f"[{c('i1', {'cpu': '5'})}]", containers=f"[{c('a', {'cpu': '1'})}]"), MAX,
     [I + (0, "resources", "requests", "cpu")]),
    # native sidecars add up with the regular containers
    (pod(init=f"[{c('proxy', {'cpu': '1'}, restartPolicy='Always')}]",
         containers=f"[{c('a', {'cpu': '3500m'})}]"), MAX, [C + (0, "resources", "requests", "cpu")]),
    # requests default to limits: the finding points at the limit
    (pod(containers=f"[{c('a', limits={'memory': '32Gi'})}]"), MAX, [C + (0, "resources", "limits", "memory")]),
    # limits over while requests fit
    (pod(containers=f"[{c('a', {'memory': '8Gi'}, {'memory': '20Gi'})}]"), MAX,
     [C + (0, "resources", "limits", "memory")]),
    # both over: one finding per resource, for requests
    (pod(containers=f"[{c('a', {'cpu': '8', 'memory': '1Gi'}, {'cpu': '8', 'memory': '1Gi'})}]"), MAX,
     [C + (0, "resources", "requests", "cpu")]),
    # null = no limit
    (pod(containers=f"[{c('a', {'cpu': '800'})}]"), {}, []),
    (pod(containers=f"[{c('a', {'cpu': '800', 'memory': '1Ti'})}]"), {"max_cpu": 16},
     [C + (0, "resources", "requests", "cpu")]),
    # ephemeral containers have no resources
    (pod(containers=f"[{c('a', {'cpu': '1'})}]", ephemeral=f"[{c('debug', {'cpu': '8'})}]"), MAX, []),
]


@pytest.mark.parametrize("text, options, expected", CASES)
def test_paths(text, options, expected):
    assert paths(text, "resources-exceed", **options) == expected


def test_message():
    [v] = findings(pod(containers=f"[{c('a', {'memory': '10Gi'})}, {c('b', {'memory': '7Gi'})}]"),
                   "resources-exceed", **MAX)
    assert v.message == 'Pod memory requests come to 17Gi, more than the 16Gi allowed (container "b" takes it over)'
