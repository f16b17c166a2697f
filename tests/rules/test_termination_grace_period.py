import jsonschema
import pytest

from rules.checks import termination_grace_period
from tests.rules.helpers import paths, pod_with

T = ("spec", "terminationGracePeriodSeconds")

CASES = [
    ("", {"max_seconds": 30}, []),
    ("  terminationGracePeriodSeconds: 30", {"max_seconds": 30}, []),   # the API default
    ("  terminationGracePeriodSeconds: 3600", {}, []),
    ("  terminationGracePeriodSeconds: 600", {"max_seconds": 600}, []),
    ("  terminationGracePeriodSeconds: 601", {"max_seconds": 600}, [T]),
    ("  terminationGracePeriodSeconds: '3600'", {"max_seconds": 600}, []),
]


@pytest.mark.parametrize("fields, options, expected", CASES)
def test_paths(fields, options, expected):
    assert paths(pod_with(pod_fields=fields), "termination-grace-period", **options) == expected


def test_a_maximum_below_the_api_default_is_refused():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(5, termination_grace_period.CONF["max_seconds"])
