"""The README stays true: its support matrix is what `nodeless rules --format markdown` prints."""
from __future__ import annotations

from pathlib import Path

from rules.catalogue import README_BEGIN, README_END, markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_support_matrix_is_current():
    text = README.read_text()
    assert README_BEGIN in text and README_END in text
    current = text.split(README_BEGIN, 1)[1].split(README_END, 1)[0].strip()
    assert current == markdown().strip(), (
        "README.md's support matrix is stale: run `python -m rules.catalogue --update-readme`")


def test_readme_shows_the_two_commands():
    text = README.read_text()
    assert "make run" in text and "make test" in text
