"""Run one rule on a YAML snippet or an object, the way the engine does, and return its violations."""
from __future__ import annotations

import textwrap
from typing import Mapping

from rules import registry
from rules.findings import InputError, Violation
from rules.loader import load_documents
from rules.objects import view


def objects(obj_or_yaml) -> list[Mapping]:
    """The Kubernetes objects of a YAML/JSON text (dedented), or [obj] for a mapping."""
    if isinstance(obj_or_yaml, Mapping):
        return [obj_or_yaml]
    text = textwrap.dedent(obj_or_yaml) if isinstance(obj_or_yaml, str) else obj_or_yaml.decode()
    out = []
    for doc in load_documents(text.encode(), "<test>"):
        if isinstance(doc, InputError):
            raise ValueError(str(doc))
        out.append(doc.obj)
    return out


def findings(obj_or_yaml, rule_id: str, **options) -> list[Violation]:
    """Violations of rule `rule_id` (DEFAULT merged with `options`) on every object of the input."""
    rule = registry.get(rule_id)
    unknown = set(options) - set(rule.CONF)
    if unknown:
        raise TypeError(f"{rule_id} has no option(s) {sorted(unknown)}")
    conf = {**rule.DEFAULT, **options}
    out: list[Violation] = []
    for obj in objects(obj_or_yaml):
        v = view(obj)
        if rule.SCOPE == "pod":
            for pod in v.pods:
                out.extend(rule.check(pod, conf))
        elif (v.group, v.kind) in rule.KINDS:
            out.extend(rule.check(v, conf))
    return out


def paths(obj_or_yaml, rule_id: str, **options) -> list[tuple]:
    """Just the paths of `findings`, in order."""
    return [v.path for v in findings(obj_or_yaml, rule_id, **options)]


def pod(spec: str, name: str = "test") -> str:
    """A Pod manifest around a pod spec snippet (dedented)."""
    body = textwrap.indent(textwrap.dedent(spec).strip("\n"), "  ")
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{body}\n"


def deployment(spec: str, name: str = "test") -> str:
    """A Deployment manifest around a pod spec snippet; its pod spec is at spec.template.spec."""
    body = textwrap.indent(textwrap.dedent(spec).strip("\n"), "      ")
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n"
            f"  selector: {{matchLabels: {{app: t}}}}\n  template:\n    metadata: {{labels: {{app: t}}}}\n"
            f"    spec:\n{body}\n")


C0 = ("spec", "containers", 0)
"""The path of the container `pod_with` builds."""


def pod_with(container_fields: str = "", pod_fields: str = "", name: str = "p") -> str:
    """A Pod with one container {name: web, image: nginx} at spec.containers[0], plus extra lines.

    `container_fields` are more lines of that container, `pod_fields` more lines of the pod spec
    (after `containers`); each block is re-indented to its place, so it may be given at any indentation.
    """
    def block(text: str, indent: str) -> str:
        return textwrap.indent(textwrap.dedent(text).strip("\n"), indent)

    spec = "\n".join(part for part in ("containers:\n- name: web\n  image: nginx",
                                       block(container_fields, "  "), block(pod_fields, "")) if part)
    return pod(spec, name)
