from pathlib import Path

import pytest

from helpers import findings, pod
from rules.checks.ignored_container_fields import default_pull_policy

DEFAULTED = (Path(__file__).parents[1] / "fixtures" / "ignored-container-fields"
             / "pass-api-server-defaulted.yaml").read_text()
C = ("spec", "containers", 0)


@pytest.mark.parametrize("image, expected", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
    ("localhost:5000/nginx", "Always"), ("localhost:5000/nginx:1.27", "IfNotPresent"),
    ("nginx@sha256:abc", "IfNotPresent"), ("nginx:latest@sha256:abc", "Always"),
    ("nginx:1.27@sha256:abc", "IfNotPresent"), ("", None), (None, None), (3, None),
])
def test_default_pull_policy(image, expected):
    assert default_pull_policy(image) == expected


def one(fields: str, image: str = "nginx:1.27", field: str = "containers") -> str:
    return pod(f"{field}: [{{name: c, image: '{image}', {fields}}}]"
               + ("\ncontainers: [{name: app, image: 'nginx:1.27'}]" if field != "containers" else ""))


@pytest.mark.parametrize("text, options, expected", [
    # imagePullPolicy: only values that differ from the API server default
    (one("imagePullPolicy: IfNotPresent"), {}, []),
    (one("imagePullPolicy: Always"), {}, [C + ("imagePullPolicy",)]),
    (one("imagePullPolicy: Never"), {}, [C + ("imagePullPolicy",)]),
    (one("imagePullPolicy: Always", "nginx"), {}, []),
    (one("imagePullPolicy: IfNotPresent", "nginx"), {}, [C + ("imagePullPolicy",)]),
    (one("imagePullPolicy: IfNotPresent", "nginx@sha256:abc"), {}, []),
    (one("imagePullPolicy: ''"), {}, []),
    # termination message fields
    (one("terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File"), {}, []),
    (one("terminationMessagePath: /tmp/x"), {}, [C + ("terminationMessagePath",)]),
    (one("terminationMessagePolicy: FallbackToLogsOnError"), {}, [C + ("terminationMessagePolicy",)]),
    # resizePolicy: only RestartContainer entries
    (one("resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]"), {}, []),
    (one("resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}, "
         "{resourceName: memory, restartPolicy: RestartContainer}]"), {},
     [C + ("resizePolicy", 1, "restartPolicy")]),
    (one("resizePolicy: {resourceName: cpu}"), {}, []),          # wrong shape: ignored
    # init and ephemeral containers are visited
    (one("imagePullPolicy: Never", field="initContainers"), {},
     [("spec", "initContainers", 0, "imagePullPolicy")]),
    (one("terminationMessagePolicy: FallbackToLogsOnError", field="ephemeralContainers"), {},
     [("spec", "ephemeralContainers", 0, "terminationMessagePolicy")]),
    # the fields option
    (one("imagePullPolicy: Always, terminationMessagePolicy: FallbackToLogsOnError"),
     {"fields": ["imagePullPolicy"]}, [C + ("imagePullPolicy",)]),
    (one("imagePullPolicy: Always"), {"fields": []}, []),
    # a Pod read back from an API server
    (DEFAULTED, {}, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "ignored-container-fields", **options)] == expected


def test_messages():
    text = one("imagePullPolicy: Always, resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]")
    assert [v.message for v in findings(text, "ignored-container-fields")] == [
        'container "c" sets imagePullPolicy Always, which may not take effect',
        'container "c" asks for a restart on memory resize, which may not take effect',
    ]
