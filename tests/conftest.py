"""Shared test helpers: where the reference material is, and a CLI runner."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"   # read-only reference material beside the repo (CI copies it there)
CORPUS = SHARED / "corpus"


class Run:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"Run(code={self.code}, out={self.out[:2000]!r}, err={self.err[:2000]!r})"


@pytest.fixture
def run_cli(monkeypatch):
    """Call cli.main in-process with captured stdout/stderr and optional stdin bytes."""
    import cli

    def run(*argv: str, stdin: bytes = b"") -> Run:
        out, err = io.StringIO(), io.StringIO()
        fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", fake_stdin)
        code = cli.main(list(argv))
        monkeypatch.undo()
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run from an empty temporary directory, so no .nodeless.yaml of the repo is picked up."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
