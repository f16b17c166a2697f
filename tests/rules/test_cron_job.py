import pytest

from helpers import findings

CJ = """
apiVersion: {api}
kind: CronJob
metadata: {{name: nightly}}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{{name: a, image: busybox}}]
"""


@pytest.mark.parametrize("api, expected", [
    ("batch/v1", [("kind",)]),
    ("batch/v1beta1", [("kind",)]),
    ("example.com/v1", []),
])
def test_paths(api, expected):
    assert [v.path for v in findings(CJ.format(api=api), "cron-job")] == expected


def test_message_names_schedule():
    [v] = findings(CJ.format(api="batch/v1"), "cron-job")
    assert v.message.startswith('CronJob "nightly" (schedule "0 3 * * *")')


def test_job_is_not_judged():
    job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: []}}}\n"
    assert findings(job, "cron-job") == []
