from rules.report import render, text_report

from tests.report.sample import check_golden, clean, sample


def test_golden_plain():
    check_golden("text.txt", text_report.render(sample()))


def test_golden_with_suppressed():
    check_golden("text-suppressed.txt", text_report.render(sample(show_suppressed=True)))


def test_golden_color():
    check_golden("text-color.txt", text_report.render(sample(show_suppressed=True), color=True))


def test_golden_clean_run():
    check_golden("text-clean.txt", text_report.render(clean()))


def test_dispatch_is_plain_text():
    out = render(sample(), "text")
    assert out == text_report.render(sample())
    assert "\x1b" not in out


def test_color_is_only_decoration():
    import re
    colored = text_report.render(sample(show_suppressed=True), color=True)
    assert "\x1b[" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == text_report.render(sample(show_suppressed=True))


def test_suppressed_listed_only_when_asked():
    hidden = text_report.render(sample())
    shown = text_report.render(sample(show_suppressed=True))
    assert "annotation nodeless.dev/ignore" not in hidden
    assert "2 suppressed (--show-suppressed lists them)" in hidden
    assert "(suppressed by annotation nodeless.dev/ignore)" in shown
    assert "(suppressed by config exemption #1 (.nodeless.yaml)" in shown


def test_manifest_text_cannot_drive_the_terminal():
    out = text_report.render(sample(), color=True)
    assert "\x01" not in out and "\r" not in out
    for line in out.splitlines():
        assert "\x1b" not in line.replace("\x1b[", "")   # only our own SGR sequences


def test_layout():
    lines = text_report.render(sample()).splitlines()
    assert lines[0] == "manifests/web.yaml"
    assert lines[1] == "  Deployment prod/web"
    assert lines[2].split() [:3] == ["12:9", "error", "host-network"]
    assert lines[2].endswith("spec.template.spec.hostNetwork")
    assert "- (agent/templates/daemonset.yaml)" in lines          # helm origin of stdin
    assert "  manifests/broken.yaml:3:5  error  mapping values are not allowed here" in lines
    # remediation once per rule, although `privileged` fired twice
    assert sum("Drop privileged: true." in line for line in lines) == 1
    assert lines[-1] == ("4 errors, 2 warnings, 1 info in 5 files (7 objects, 2 non-Kubernetes documents "
                         "skipped); 2 suppressed (--show-suppressed lists them); 2 input errors; profile fks (2026-08)")


def test_summary_wording():
    out = text_report.render(clean())
    assert out.strip().splitlines()[-1] == "no findings in 2 files (3 objects); profile fks (2026-08)"
