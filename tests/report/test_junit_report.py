import xml.etree.ElementTree as ET

from rules.report import junit_report, render

from tests.report.sample import check_golden, clean, sample


def parse(result):
    return ET.fromstring(junit_report.render(result))


def test_golden():
    check_golden("junit.xml", junit_report.render(sample()))


def test_golden_with_suppressed():
    check_golden("junit-suppressed.xml", junit_report.render(sample(show_suppressed=True)))


def test_structure():
    root = ET.fromstring(render(sample(), "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "manifests/web.yaml", "- (agent/templates/daemonset.yaml)", "dir/odd name, v1:2.yaml", "(no file)",
        "manifests/broken.yaml"]
    web = suites[0]
    cases = web.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("manifests/web.yaml", "Deployment/prod/web"), ("manifests/web.yaml", "Service/prod/web"),
        ("manifests/web.yaml", "input error at 40:11")]
    deploy, service, input_error = cases
    failure = deploy.find("failure")
    assert failure.get("type") == "host-network"
    assert "fix: Remove hostNetwork" in failure.text
    assert "empty-dir" in deploy.find("system-out").text      # warning below fail_on: not a failure
    assert service.find("failure") is None and "service-udp" in service.find("system-out").text
    assert input_error.find("error").get("type") == "input-error"
    assert suites[2].find("testcase").get("name") == "ClusterRole/odd"


def test_counts_add_up():
    root = parse(sample())
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("7", "4", "2", "0")


def test_fail_on_warning_makes_warnings_failures():
    root = parse(sample(fail_on="warning"))
    deploy = root.find("testsuite/testcase")
    failure = deploy.find("failure")
    assert failure.get("type") == "host-network, empty-dir"
    assert "(and 1 more)" in failure.get("message")
    assert deploy.find("system-out") is None


def test_suppressed_only_when_asked():
    assert "suppressed" not in junit_report.render(sample())
    root = parse(sample(show_suppressed=True))
    ops = [s for s in root.findall("testsuite") if s.get("name") == "manifests/ops.yaml"][0]
    assert ops.get("skipped") == "1"
    assert ops.find("testcase/skipped").get("message").startswith("suppressed: config exemption #1")


def test_escaping_and_invalid_xml_characters():
    out = junit_report.render(sample())
    assert "\x01" not in out
    root = ET.fromstring(out)
    odd = [s for s in root.findall("testsuite") if s.get("name") == "dir/odd name, v1:2.yaml"][0]
    failure = odd.find("testcase/failure")
    assert failure.get("message").startswith('privileged: 100% odd: <b>&"quoted"</b>, with a comma,\nand')


def test_clean_run_still_has_a_testcase():
    root = parse(clean())
    assert root.get("tests") == "1"
    case = root.find("testsuite/testcase")
    assert (case.get("classname"), case.get("name")) == ("nodeless", "lint")
    assert case.find("failure") is None


def test_written_one_testsuite_at_a_time():
    result = sample()
    pieces = list(junit_report.chunks(result))
    assert len(pieces) == 1 + 5 + 1          # the root's start tag with totals, five suites, its end
    assert pieces[0].count("<testsuites ") == 1 and pieces[-1] == "</testsuites>\n"
    assert all(p.lstrip().startswith("<testsuite ") for p in pieces[1:-1])
    assert "".join(pieces) == render(result, "junit")


def test_a_group_that_comes_back_is_a_suite_again_and_the_totals_still_add_up():
    result = sample()
    findings = list(result.findings)
    web = [f for f in findings if f.location and f.location.file == "manifests/web.yaml"]
    rest = [f for f in findings if f not in web]
    result.findings = web[:1] + rest + web[1:]          # two helm streams naming the same template
    root = parse(result)
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names.count("manifests/web.yaml") == 2
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in root.findall("testsuite"))
