import pytest

from helpers import deployment, findings, pod

APP = "containers: [{name: app, image: nginx}]\n"


@pytest.mark.parametrize("text, options, expected", [
    (pod(APP), {}, []),
    (pod(APP + "priorityClassName: high"), {}, []),
    (pod(APP + "priorityClassName: system-node-critical"), {}, [("spec", "priorityClassName")]),
    (deployment(APP + "priorityClassName: system-cluster-critical"), {},
     [("spec", "template", "spec", "priorityClassName")]),
    (pod(APP + "priorityClassName: system-cluster-critical"), {"class_names": ["system-node-critical"]}, []),
    (pod(APP + "priority: 2000001000"), {}, []),   # the resolved number alone is not judged
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "system-priority-class", **options)] == expected


def test_message():
    [v] = findings(pod(APP + "priorityClassName: system-node-critical"), "system-priority-class")
    assert v.message == 'Pod uses the system priority class "system-node-critical"'
