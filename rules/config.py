"""`.nodeless.yaml`: profile choice, rule level overrides and exemptions, validated with jsonschema.

Found from the current directory upward, or named with --config. Example:

    profile: eks-fargate
    fail-on: warning
    rules:
      probes: off
    exemptions:
      - rules: [host-path]
        kinds: [DaemonSet]
        namespaces: [monitoring]
        names: ["node-exporter*"]
        reason: runs on the EC2 node group, not on Fargate
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources

from rules.findings import Finding

CONFIG_NAMES = (".nodeless.yaml", ".nodeless.yml")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Exemption:
    rules: tuple          # rule ids, or ("all",)
    paths: tuple = ()
    kinds: tuple = ()
    namespaces: tuple = ()
    names: tuple = ()
    containers: tuple = ()
    reason: str = ""

    def matches(self, finding: Finding, file: str | None, container: str | None) -> bool:
        if self.rules != ("all",) and finding.rule not in self.rules:
            return False
        obj = finding.object
        return (_any(self.paths, file and os.path.normpath(file)) and _any(self.kinds, obj.kind)
                and _any(self.namespaces, obj.namespace or "") and _any(self.names, obj.name or "")
                and _any(self.containers, container))

    def describe(self) -> str:
        return "config exemption" + (f" ({self.reason})" if self.reason else "")


def _any(patterns: tuple, value) -> bool:
    if not patterns:
        return True
    if value is None:
        return False
    return any(fnmatchcase(value, p) for p in patterns)


@dataclass(frozen=True, slots=True)
class Config:
    profile: str | None = None
    fail_on: str | None = None
    levels: dict = field(default_factory=dict)
    exemptions: tuple = ()
    path: str | None = None

    def exemption_for(self, finding: Finding, file: str | None, container: str | None) -> Exemption | None:
        for ex in self.exemptions:
            if ex.matches(finding, file, container):
                return ex
        return None


def find_config(start: str | None = None) -> str | None:
    """The nearest .nodeless.yaml from `start` (default: the current directory) upward."""
    here = os.path.abspath(start or os.getcwd())
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(here, name)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load_config(path: str) -> Config:
    from rules.loader import YAMLInputError, parse_single, read_source
    from rules.registry import RULES
    import jsonschema
    try:
        raw = parse_single(read_source(path), path)
    except YAMLInputError as exc:
        where = f"{path}:{exc.line + 1}:{exc.column + 1}" if exc.line or exc.column else path
        raise ConfigError(f"{where}: {exc.message}") from None
    raw = raw if raw is not None else {}
    if isinstance(raw, dict) and isinstance(raw.get("rules"), dict):
        raw["rules"] = {k: ("off" if v is False else v) for k, v in raw["rules"].items()}  # YAML 1.1: off
    try:
        _validator().validate(raw)
    except jsonschema.ValidationError as exc:
        at = ".".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {at}: {exc.message}") from None
    levels = raw.get("rules", {})
    exemptions = []
    for i, ex in enumerate(raw.get("exemptions", [])):
        rules = ("all",) if ex["rules"] == "all" else tuple(ex["rules"])
        unknown = [r for r in levels if r not in RULES] + [r for r in rules if r != "all" and r not in RULES]
        if unknown:
            raise ConfigError(f"{path}: unknown rule(s) {', '.join(unknown)}; `nodeless rules` lists them")
        exemptions.append(Exemption(rules, tuple(ex.get("paths", ())), tuple(ex.get("kinds", ())),
                                    tuple(ex.get("namespaces", ())), tuple(ex.get("names", ())),
                                    tuple(ex.get("containers", ())), ex.get("reason", "")))
    unknown = [r for r in levels if r not in RULES]
    if unknown:
        raise ConfigError(f"{path}: rules: unknown rule(s) {', '.join(unknown)}; `nodeless rules` lists them")
    profile = raw.get("profile")
    if profile and (os.path.sep in profile or profile.endswith((".yaml", ".yml"))) and not os.path.isabs(profile):
        profile = os.path.join(os.path.dirname(os.path.abspath(path)), profile)  # relative to the config
    return Config(profile, raw.get("fail-on"), dict(levels), tuple(exemptions), path)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator  # built once; the schema itself is checked by tests
    schema = json.loads(resources.files("rules").joinpath("schemas/config.schema.json").read_text())
    return Draft202012Validator(schema)
