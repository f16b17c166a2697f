import pytest

from rules.report import github_report, render
from rules.report.github_report import escape_data, escape_property

from tests.report.sample import check_golden, clean, sample


def test_golden():
    check_golden("github.txt", github_report.render(sample()))


def test_golden_with_suppressed():
    check_golden("github-suppressed.txt", github_report.render(sample(show_suppressed=True)))


@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
    ("k8s: a, b", "k8s: a, b", "k8s%3A a%2C b"),
    ("%0A", "%250A", "%250A"),            # an already-escaped-looking value stays literal
    ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
])
def test_escaping(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_commands():
    lines = render(sample(), "github").splitlines()
    assert lines[0] == ("::error file=manifests/web.yaml,line=12,col=9,title=nodeless host-network::"
                        "Pod uses the host network (hostNetwork: true) (spec.template.spec.hostNetwork) — "
                        "Remove hostNetwork and expose the workload through a Service instead.")
    assert lines[1].startswith("::warning file=manifests/web.yaml,line=31,col=13,title=nodeless empty-dir::")
    assert lines[2].startswith("::notice ")
    # stdin has no file to annotate: the helm template goes into the message
    assert lines[3].startswith("::error title=nodeless daemon-set::agent/templates/daemonset.yaml: ")
    # properties escape `,` and `:`; data escapes `%`, CR and LF
    assert lines[5].startswith("::error file=dir/odd name%2C v1%3A2.yaml,line=4,col=3,title=nodeless privileged::100%25 odd")
    assert "%0Aand a second line%0D" in lines[5]
    assert lines[-3] == "::error file=manifests/broken.yaml,line=3,col=5,title=nodeless input error::mapping values are not allowed here"
    assert lines[-1].startswith("nodeless: 4 errors, 2 warnings, 1 info")
    assert all(line.startswith("::") for line in lines[:-1])


def test_suppressed_as_notices_only_when_asked():
    assert "suppressed" not in "".join(github_report.render(sample()).splitlines()[:-1])
    out = github_report.render(sample(show_suppressed=True))
    assert "::notice file=manifests/ops.yaml,line=9,col=9,title=nodeless host-network (suppressed)::" in out


def test_clean_run():
    assert github_report.render(clean()) == "nodeless: no findings in 2 files (3 objects); profile fks (2026-08)\n"
