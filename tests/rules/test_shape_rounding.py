from decimal import Decimal

import pytest

from rules.checks.shape_rounding import fit
from rules.common import quantity
from tests.rules.helpers import findings

# The EKS Fargate table, as the profile ships it.
FARGATE = [
    {"cpu": "0.25", "memory": ["512Mi", "1Gi", "2Gi"]},
    {"cpu": "0.5", "memory": {"min": "1Gi", "max": "4Gi", "step": "1Gi"}},
    {"cpu": "1", "memory": {"min": "2Gi", "max": "8Gi", "step": "1Gi"}},
    {"cpu": "2", "memory": {"min": "4Gi", "max": "16Gi", "step": "1Gi"}},
    {"cpu": "4", "memory": {"min": "8Gi", "max": "30Gi", "step": "1Gi"}},
    {"cpu": "8", "memory": {"min": "16Gi", "max": "60Gi", "step": "4Gi"}},
    {"cpu": "16", "memory": {"min": "32Gi", "max": "120Gi", "step": "8Gi"}},
]
OPTIONS = {"shapes": FARGATE, "overhead_memory": "256Mi"}


def pod(*containers, init=()):
    def c(name, res):
        return "{name: %s, image: x, resources: {requests: {%s}}}" % (
            name, ", ".join(f"{k}: '{v}'" for k, v in res.items()))
    return f"""
    apiVersion: v1
    kind: Pod
    metadata: {{name: p}}
    spec:
      initContainers: [{", ".join(c(f"i{n}", r) for n, r in enumerate(init))}]
      containers: [{", ".join(c(f"c{n}", r) for n, r in enumerate(containers))}]
    """


def messages(text, **options):
    return [v.message for v in findings(text, "shape-rounding", **{**OPTIONS, **options})]


def test_aws_worked_example():
    """AWS: 1 vCPU + 8 GB becomes 2 vCPU / 9 GB once the 256 MB overhead is added."""
    got = findings(pod({"cpu": "1", "memory": "8Gi"}), "shape-rounding", **OPTIONS)
    assert [(v.path, v.message) for v in got] == [(
        ("spec",), "Pod requests 1 vCPU / 8Gi (+256Mi overhead); it will run (and be billed) as 2 vCPU / 9Gi")]


@pytest.mark.parametrize("cpu, memory, expected", [
    ("0", "0", ("0.25", "512Mi")),            # nothing requested: the smallest shape
    ("0.25", "256Mi", ("0.25", "512Mi")),
    ("0.25", "257Mi", ("0.25", "1Gi")),
    ("0.25", "2Gi", ("0.5", "3Gi")),          # 2Gi + 256Mi no longer fits 0.25 vCPU
    ("0.3", "512Mi", ("0.5", "1Gi")),
    ("1", "8Gi", ("2", "9Gi")),
    ("1", "7.75Gi", ("1", "8Gi")),
    ("2", "1Gi", ("2", "4Gi")),
    ("4", "30Gi", ("8", "32Gi")),             # 30.25Gi: 8 vCPU sizes go in 4Gi steps from 16Gi
    ("8", "60Gi", ("16", "64Gi")),
    ("16", "119.75Gi", ("16", "120Gi")),
])
def test_fit(cpu, memory, expected):
    got = fit(FARGATE, quantity(cpu), quantity(memory) + quantity("256Mi"))
    assert got == (quantity(expected[0]), quantity(expected[1]))


def test_fit_above_largest_shape():
    assert fit(FARGATE, Decimal(16), quantity("121Gi")) is None
    assert fit(FARGATE, Decimal(17), quantity("1Gi")) is None


@pytest.mark.parametrize("text, expected", [
    # exactly a shape once the overhead is added: nothing to say
    (pod({"cpu": "250m", "memory": "256Mi"}), []),
    (pod({"cpu": "1", "memory": "1792Mi"}), []),
    # bigger than the largest shape: resources-exceed's finding, not this one
    (pod({"cpu": "16", "memory": "120Gi"}), []),
    (pod({"cpu": "32"}), []),
    (pod(), ["Pod requests no CPU or memory (+256Mi overhead); it will run (and be billed) as 0.25 vCPU / 512Mi"]),
    (pod({"memory": "1Gi"}),
     ["Pod requests no CPU / 1Gi (+256Mi overhead); it will run (and be billed) as 0.25 vCPU / 2Gi"]),
    # max(largest init, sum of the others)
    (pod({"cpu": "500m", "memory": "1Gi"}, {"cpu": "500m", "memory": "1Gi"}, init=[{"cpu": "2", "memory": "1Gi"}]),
     ["Pod requests 2 vCPU / 2Gi (+256Mi overhead); it will run (and be billed) as 2 vCPU / 4Gi"]),
])
def test_messages(text, expected):
    assert messages(text) == expected


def test_no_shapes_no_finding():
    assert findings(pod({"cpu": "1", "memory": "8Gi"}), "shape-rounding") == []


def test_list_form_and_no_overhead():
    shapes = [{"cpu": 1, "memory": ["1Gi", "2Gi"]}, {"cpu": "2", "memory": ["4Gi"]}]
    assert messages(pod({"cpu": "1", "memory": "1Gi"}), shapes=shapes, overhead_memory="0") == []
    assert messages(pod({"cpu": "1", "memory": "1.5Gi"}), shapes=shapes, overhead_memory=0) == [
        "Pod requests 1 vCPU / 1.5Gi; it will run (and be billed) as 1 vCPU / 2Gi"]


def test_fargate_table_validates_against_conf():
    import jsonschema

    from rules.checks import shape_rounding
    jsonschema.validate(FARGATE, shape_rounding.CONF["shapes"])
    jsonschema.validate("256Mi", shape_rounding.CONF["overhead_memory"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"cpu": "1", "memory": {"min": "1Gi"}}], shape_rounding.CONF["shapes"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("lots", shape_rounding.CONF["overhead_memory"])
