"""evaluate(object, profile, config) -> findings: levels applied, suppressions sorted out.

The three faces differ only in where objects come from and where findings go; this is the one
place that runs rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from rules import registry
from rules.config import Config
from rules.findings import Finding, Location, ObjectRef, render_path
from rules.objects import CONTAINER_FIELDS, ObjectView, mapping, view
from rules.profiles import Profile

IGNORE_ANNOTATION = "nodeless.dev/ignore"
_NO_CONFIG = Config()

# (API group, kind) pairs that object-scoped rules look at; anything else matters only when it holds
# a pod spec.
_OBJECT_KINDS = frozenset(k for m in registry.RULES.values() if m.SCOPE == "object" for k in m.KINDS)


# Calling a rule costs about a microsecond even when the pod sets nothing it looks at; a webhook
# review runs some forty rules, so the rules that name their FIELDS are skipped for pods without them.
_GATES = {m: getattr(m, "FIELDS", None) for m in registry.RULES.values() if m.SCOPE == "pod"}


def present_fields(pod) -> frozenset:
    """What a pod sets, in the terms of the rules' FIELDS: 'spec.<key>', 'container.<key>' (set by
    some container), 'volume.<source>'."""
    return frozenset([*("spec." + k for k in pod.spec), *("container." + k for k in pod.container_keys),
                      *("volume." + k for k in pod.volume_kinds)])


def _opens(gate: frozenset | None, pod) -> bool:
    return gate is None or not gate.isdisjoint(present_fields(pod))


@dataclass(frozen=True, slots=True)
class Problem:
    """A field of the wrong shape (or a rule that failed): reported as an input error."""
    path: tuple
    message: str
    location: Location | None = None

    @property
    def field_path(self) -> str:
        return render_path(self.path)


@dataclass(frozen=True, slots=True)
class Evaluation:
    object: ObjectRef
    findings: tuple        # reported findings, sorted
    suppressed: tuple      # findings silenced by annotation or config exemption
    problems: tuple        # Problem: input errors found while reading the object
    relevant: bool         # False when no rule looks at this kind of object

    @property
    def errors(self) -> tuple:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple:
        return tuple(f for f in self.findings if f.severity == "warning")



def evaluate(obj: Mapping, profile: Profile, config: Config | None = None, *, document=None) -> Evaluation:
    """Run every enabled rule of `profile` on one Kubernetes object.

    `document` (a rules.loader.Document) gives file positions and the path prefix of objects inside
    a List; objects from an API server have neither.
    """
    config = config or _NO_CONFIG
    v = view(obj)
    base = document.base_path if document is not None else ()
    relevant = bool(v.pods) or (v.group, v.kind) in _OBJECT_KINDS
    problems = [Problem(base + p, m, _location(document, base + p)) for p, m in v.problems]
    if not relevant:
        return Evaluation(v.ref, (), (), tuple(problems), False)

    ignored = _ignored_rules(v)
    file = document.file if document is not None else None
    findings, suppressed = [], []
    for rule, setting, targets in _applicable(_plan(profile), v):
        try:
            check, options = rule.check, setting.options
            violations = (list(check(targets[0], options)) if len(targets) == 1
                          else [x for target in targets for x in check(target, options)])
        except Exception as exc:  # a rule bug must not stop the other rules or objects
            problems.append(Problem(base, f"rule {rule.ID} failed on this object: {exc!r}",
                                    _location(document, base)))
            continue
        for violation in violations:
            path = base + violation.path if base else violation.path
            finding = Finding(rule.ID, setting.level, violation.message, rule.REMEDIATION, v.ref, path,
                              _location(document, path) if document is not None else None,
                              setting.note, setting.sources)
            if ignored and (rule.ID in ignored or "all" in ignored):
                suppressed.append(_suppress(finding, f"annotation {IGNORE_ANNOTATION}"))
                continue
            exemption = (config.exemption_for(finding, file, _container_name(v, violation.path))
                         if config.exemptions else None)
            if exemption is not None:
                suppressed.append(_suppress(finding, exemption.describe()))
            else:
                findings.append(finding)
    if len(findings) > 1:
        findings.sort(key=Finding.sort_key)
    if len(suppressed) > 1:
        suppressed.sort(key=Finding.sort_key)
    return Evaluation(v.ref, tuple(findings), tuple(suppressed), tuple(problems), True)


_plans: dict = {}


def _plan(profile: Profile) -> tuple:
    """(rule, setting, FIELDS or None, KINDS or None for pod rules) per enabled rule: looked up once
    per profile, not once per object."""
    enabled = profile.enabled
    entry = _plans.get(id(enabled))
    if entry is None or entry[0] is not enabled:
        if len(_plans) > 64:     # profiles made on the fly (tests, configs): keep the cache small
            _plans.clear()
        plan = tuple((rule, setting, _GATES.get(rule), None if rule.SCOPE == "pod" else rule.KINDS)
                     for rule, setting in enabled)
        entry = _plans[id(enabled)] = (enabled, plan)
    return entry[1]


def _applicable(plan: tuple, v: ObjectView):
    """(rule, setting, what to check) for the enabled rules that look at this object, in order."""
    pods = v.pods
    group_kind = (v.group, v.kind)
    if len(pods) == 1:
        fields = present_fields(pods[0])
        for rule, setting, gate, kinds in plan:
            if kinds is None:
                if gate is None or not gate.isdisjoint(fields):
                    yield rule, setting, pods
            elif group_kind in kinds:
                yield rule, setting, (v,)
        return
    present = [present_fields(p) for p in pods]
    for rule, setting, gate, kinds in plan:
        if kinds is None:
            targets = tuple(p for p, f in zip(pods, present) if gate is None or not gate.isdisjoint(f))
            if targets:
                yield rule, setting, targets
        elif group_kind in kinds:
            yield rule, setting, (v,)


def _suppress(finding: Finding, why: str) -> Finding:
    return finding._replace(suppressed_by=why)


def _location(document, path: tuple) -> Location | None:
    if document is None:
        return None
    line, column = document.locate(path)
    return Location(document.file, line, column, document.origin)


def _ignored_rules(v: ObjectView) -> frozenset:
    names = set()
    metas = [v.metadata] + [p.metadata for p in v.pods]
    for meta in metas:
        value = mapping(meta.get("annotations")).get(IGNORE_ANNOTATION)
        if isinstance(value, str):
            names.update(n.strip() for n in value.split(",") if n.strip())
    return frozenset(names)


def _container_name(v: ObjectView, path: tuple) -> str | None:
    for i in range(len(path) - 1):
        if path[i] in CONTAINER_FIELDS and isinstance(path[i + 1], int):
            for pod in v.pods:
                for c in pod.containers:
                    if c.path == path[:i + 2]:
                        return c.name
    return None


def configured_profile(profile: Profile, config: Config | None) -> Profile:
    """The profile with the config's rule level overrides applied."""
    return profile.with_levels(config.levels) if config and config.levels else profile
