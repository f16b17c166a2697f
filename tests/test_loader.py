"""The loader: positions for every field, YAML and JSON, Lists and streams; safe on hostile input."""
from __future__ import annotations

import time

import pytest

from rules.findings import InputError
from rules.loader import (MAX_DEPTH, MAX_FILE_BYTES, LoadStats, load_documents, parse_single,
                          read_source)

DEPLOY = b"""\
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        ports:
        - containerPort: 80
          hostPort: 8080
"""


def docs(data: bytes, name="f.yaml", stats=None):
    return list(load_documents(data, name, stats))


def test_yaml_positions_point_at_the_field():
    (doc,) = docs(DEPLOY)
    path = ("spec", "template", "spec", "containers", 0, "ports", 0, "hostPort")
    assert doc.locate(path) == (14, 11)
    assert doc.locate(("spec", "template", "spec", "containers", 0)) == (10, 9)
    assert doc.locate(("metadata", "name")) == (5, 3)


def test_missing_field_locates_its_deepest_existing_parent():
    (doc,) = docs(DEPLOY)
    assert doc.locate(("spec", "template", "spec", "hostNetwork")) == (8, 5)


def test_json_positions():
    data = b'{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n' \
           b'  "spec": {\n    "containers": [\n      {"name": "a", "image": "x", "tty": true}\n    ]\n  }\n}\n'
    (doc,) = docs(data, "p.json")
    assert doc.obj["spec"]["containers"][0]["tty"] is True
    assert doc.locate(("spec", "containers", 0, "tty")) == (7, 35)


def test_multi_document_streams_lists_and_empty_documents():
    data = b"---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n" \
           b"  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n---\n" \
           b"just: values\n---\n# only a comment\n"
    stats = LoadStats()
    out = docs(data, stats=stats)
    assert [d.obj["metadata"]["name"] for d in out] == ["a", "b"]
    assert out[1].base_path == ("items", 1)
    assert out[1].locate(("items", 1, "metadata", "name")) == (11, 14)
    assert (stats.documents, stats.objects, stats.skipped) == (2, 2, 1)


def test_typed_lists_count_as_lists():
    data = b"apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n"
    (doc,) = docs(data)
    assert doc.obj["kind"] == "ConfigMap"


def test_list_items_of_the_wrong_shape_are_an_input_error():
    (err,) = docs(b"apiVersion: v1\nkind: List\nitems:\n  a: b\n")
    assert isinstance(err, InputError) and (err.line, err.column) == (3, 1) and err.field == "items"


def test_helm_source_comments_name_the_template():
    data = (b"---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
            b"---\n# Source: chart/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\n"
            b"metadata: {name: d}\n")
    assert [d.origin for d in docs(data, "-")] == ["chart/templates/svc.yaml", "chart/templates/deploy.yaml"]


def test_yaml_semantics_merge_keys_anchors_and_scalars():
    data = b"""apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: &labels {app: web, on: yes}
  annotations:
    <<: *labels
    app: override
    n: 010
    date: 2024-01-01
spec: {}
"""
    (doc,) = docs(data)
    ann = doc.obj["metadata"]["annotations"]
    assert ann == {"app": "override", "on": True, "n": 8, "date": "2024-01-01"}  # YAML 1.1, dates stay text


def test_crlf_tabs_and_duplicate_keys_are_read_like_kubectl():
    data = b"apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  name: b\t\r\n"
    (doc,) = docs(data)
    assert doc.obj["metadata"]["name"] == "b"
    assert doc.locate(("metadata", "name")) == (5, 3)


@pytest.mark.parametrize("data, message, line", [
    (b"apiVersion: v1\nkind: Pod\nmetadata: [\n", "YAML syntax error", 4),
    (b"apiVersion: v1\nkind: Pod\nspec: !!python/object:os.system {}\n", "unsupported YAML tag", 3),
    (b"apiVersion: v1\nkind: Pod\nspec: !Ref x\n", "unsupported YAML tag", 3),
    (b"kind: Pod\n\xff\xfe\n", "not valid UTF-8", 2),
    (b"? [a, b]\n: c\n", "only scalar mapping keys", 1),
    (b"a: *nowhere\n", "unknown alias", 1),
])
def test_broken_input_is_an_error_with_a_line(data, message, line):
    out = docs(data)
    assert isinstance(out[-1], InputError), out
    assert message in out[-1].message and out[-1].line == line and out[-1].file == "f.yaml"


def test_documents_before_a_syntax_error_are_kept():
    data = b"apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\nkind: [\n"
    out = docs(data)
    assert out[0].obj["metadata"]["name"] == "ok" and isinstance(out[1], InputError)


def _bounded(fn, seconds=2.0):
    start = time.perf_counter()
    result = fn()
    assert time.perf_counter() - start < seconds  # generous: a guard against blow-ups, not a benchmark
    return result


def test_deep_nesting_is_refused_without_recursion():
    # PyYAML's own C composer recurses and crashes the interpreter on input like this.
    for data in (b"[" * 500_000 + b"]" * 500_000, b"".join(b"- " * 200 + b"x\n" for _ in range(1)),
                 b"".join(b" " * i + b"a:\n" for i in range(200))):
        (err,) = _bounded(lambda: docs(data))
        assert isinstance(err, InputError)
        assert f"deeper than {MAX_DEPTH}" in err.message or "maximum nesting depth" in err.message


def test_a_hundred_levels_are_refused_and_real_depths_are_not():
    nested = b"x: " + b"{a: " * 100 + b"1" + b"}" * 100
    assert "deeper" in docs(nested)[0].message
    ok = b"apiVersion: v1\nkind: Pod\nx: " + b"{a: " * 40 + b"1" + b"}" * 40
    assert not isinstance(docs(ok)[0], InputError)


def test_alias_bombs_are_refused_quickly():
    lines = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(b"a%d: &a%d [" % (i, i) + b",".join([b"*a%d" % (i - 1)] * 9) + b"]")
    (err,) = _bounded(lambda: docs(b"\n".join(lines) + b"\n"))
    assert isinstance(err, InputError) and "alias" in err.message


def test_huge_files_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk and no time
    with pytest.raises(Exception) as info:
        _bounded(lambda: read_source(str(big)))
    assert "200 MiB" in str(info.value) and str(MAX_FILE_BYTES // 1048576) in str(info.value)


def test_huge_stdin_is_refused(monkeypatch):
    import io

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, b):
            b[:] = b"#" * len(b)
            return len(b)

    with pytest.raises(Exception) as info:
        read_source("-", io.BufferedReader(Endless()))
    assert "limit" in str(info.value)


def test_parse_single_reads_configs():
    assert parse_single(b"profile: fks\n", "c.yaml") == {"profile": "fks"}
    assert parse_single(b"", "c.yaml") is None
