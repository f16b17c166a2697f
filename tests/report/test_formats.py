"""What every format promises: a `render(result) -> str`, deterministic, total over odd input."""
import pytest

from rules.findings import Finding, InputError, Location, ObjectRef, render_path
from rules.profiles import load_profile
from rules.report import FORMATS, LintResult, render
from rules.report.common_report import FieldPaths, summary_line

from tests.report.sample import clean, sample


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic(fmt):
    assert render(sample(show_suppressed=True), fmt) == render(sample(show_suppressed=True), fmt)
    out = render(clean(), fmt)
    assert isinstance(out, str) and out.endswith("\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_input_with_a_shipped_profile(fmt):
    ref = ObjectRef("v1", "Pod", None, None)
    odd = Finding("privileged", "error", "", "", ref, (), Location("-", 1, 1), "", ())
    result = LintResult(profile=load_profile("fks"), findings=[odd],
                        errors=[InputError("-", 1, 1, "bad\x00byte")], files=1, documents=1)
    assert render(result, fmt)


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render(clean(), "yaml")


@pytest.mark.parametrize("path", [(), ("spec",), ("spec", "containers", 0, "image"),
                                  ("metadata", "annotations", "nodeless.dev/ignore"), (0, "a"),
                                  ("items", 3, "spec", "volumes", 1, "we ird", 2)])
def test_field_paths_spell_as_the_engine_does(path):
    paths = FieldPaths()
    assert paths(path) == render_path(path)
    assert paths(path + ("x",)) == render_path(path + ("x",))


def test_summary_line_singulars():
    result = sample()
    result.findings = result.findings[:1]
    result.suppressed = []
    result.errors = result.errors[:1]
    result.files, result.objects, result.skipped = 1, 1, 1
    assert summary_line(result) == ("1 error, 0 warnings, 0 info in 1 file (1 object, 1 non-Kubernetes "
                                    "document skipped); 1 input error; profile fks (2026-08)")
