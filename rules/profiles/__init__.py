"""Provider profiles: data that says, per rule, how much it matters on one offering, and why.

A profile is a YAML file validated with jsonschema (rules/schemas/profile.schema.json); every rule
option is validated against the rule's own CONF schema. `extends:` builds a profile on another
(shipped name or path): rule entries merge key by key, options merge option by option.
Severity lives here, never in rules.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from rules import registry

DEFAULT_PROFILE = "fks"
SHIPPED = ("fks", "fks-beta", "eks-fargate", "aks-virtual-nodes", "aks-virtual-nodes-v2", "gke-autopilot")
_DIR = os.path.dirname(__file__)


class ProfileError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class RuleSetting:
    level: str
    options: Mapping
    sources: tuple = ()
    basis: str = "none"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    version: str
    description: str
    rules: Mapping            # rule id -> RuleSetting, for every registered rule
    sources: Mapping          # source id -> {title, url, date}
    path: str = ""
    enabled: tuple = field(default=())   # (rule module, RuleSetting) with level != off, registry order

    def level(self, rule_id: str) -> str:
        return self.rules[registry.get(rule_id).ID].level

    def setting(self, rule_id: str) -> RuleSetting:
        return self.rules[rule_id]

    def with_levels(self, levels: Mapping[str, str]) -> "Profile":
        """A copy with some rule levels overridden (from a config file)."""
        if not levels:
            return self
        rules = dict(self.rules)
        for rule_id, level in levels.items():
            registry.get(rule_id)
            rules[rule_id] = replace(rules[rule_id], level=level)
        return _finish(self.name, self.title, self.version, self.description, rules, self.sources, self.path)


def available_profiles() -> list[str]:
    return list(SHIPPED)


@lru_cache(maxsize=32)
def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """A shipped profile by name, or a user profile by path (validated with jsonschema)."""
    raw, path = _read(name_or_path, (), strict=False)
    return _build(raw, path, (path,), strict=False)


def validate_shipped(name: str) -> Profile:
    """Load a shipped profile with the full validation user profiles get (the test suite's check).

    At run time shipped profiles skip jsonschema: they are package data that this check has passed,
    and importing jsonschema would cost every pre-commit run a third of its start-up.
    """
    raw, path = _read(name, (), strict=True)
    return _build(raw, path, (path,), strict=True)


def _read(name_or_path: str, chain: tuple, strict: bool) -> tuple[dict, str]:
    """The raw profile; validated unless it is a shipped one and `strict` is off."""
    if name_or_path in SHIPPED:
        path = os.path.join(_DIR, f"{name_or_path}.yaml")
    elif os.path.sep in name_or_path or name_or_path.endswith((".yaml", ".yml", ".json")):
        path = name_or_path
    else:
        raise ProfileError(f"unknown profile {name_or_path!r}; shipped profiles: {', '.join(SHIPPED)}")
    if path in chain:
        raise ProfileError(f"{path}: `extends` loops back to itself")
    from rules.loader import YAMLInputError, parse_single, read_source
    try:
        raw = parse_single(read_source(path), path)
    except YAMLInputError as exc:
        where = f"{path}:{exc.line + 1}:{exc.column + 1}" if exc.line or exc.column else path
        raise ProfileError(f"{where}: {exc.message}") from None
    if isinstance(raw, dict) and isinstance(raw.get("rules"), dict):
        for entry in raw["rules"].values():  # `level: off` is YAML 1.1's false; it means "off"
            if isinstance(entry, dict) and entry.get("level") is False:
                entry["level"] = "off"
    if strict or path not in _SHIPPED_PATHS:
        _validate(raw, path)
    return raw, path


_SHIPPED_PATHS = frozenset(os.path.join(_DIR, f"{name}.yaml") for name in SHIPPED)


def _validate(raw, path: str) -> None:
    import jsonschema
    try:
        _validator().validate(raw)
    except jsonschema.ValidationError as exc:
        at = ".".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise ProfileError(f"{path}: {at}: {exc.message}") from None


# Validators are built once: jsonschema.validate() re-checks the schema itself on every call, which
# made loading a profile cost a pre-commit hook tens of milliseconds. The schemas are checked by tests.
@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    schema = json.loads(resources.files("rules").joinpath("schemas/profile.schema.json").read_text())
    return Draft202012Validator(schema)


@lru_cache(maxsize=None)
def _option_validator(rule_id: str, key: str):
    from jsonschema import Draft202012Validator
    return Draft202012Validator(registry.get(rule_id).CONF[key])


def _build(raw: dict, path: str, chain: tuple, strict: bool) -> Profile:
    base: Profile | None = None
    if "extends" in raw:
        parent_raw, parent_path = _read(raw["extends"], chain, strict)
        base = _build(parent_raw, parent_path, chain + (parent_path,), strict)
    name = raw["profile"]
    rules: dict = dict(base.rules) if base else {}
    for rule_id, entry in raw["rules"].items():
        try:
            rule = registry.get(rule_id)
        except registry.UnknownRule as exc:
            raise ProfileError(f"{path}: rules.{rule_id}: {exc}") from None
        inherited = rules.get(rule_id)
        options = dict(rule.DEFAULT)
        if inherited:
            options.update(inherited.options)
        given = entry.get("options", {})
        if strict or path not in _SHIPPED_PATHS:
            _validate_options(rule, given, f"{path}: rules.{rule_id}.options")
        options.update(given)
        level = entry.get("level", inherited.level if inherited else None)
        if level is None:
            raise ProfileError(f"{path}: rules.{rule_id}: no level given")
        rules[rule_id] = RuleSetting(
            level=level,
            options=MappingProxyType(options),
            sources=tuple(entry.get("sources", inherited.sources if inherited else ())),
            basis=entry.get("basis", inherited.basis if inherited else "none"),
            note=entry.get("note", inherited.note if inherited else ""),
        )
    missing = [r for r in registry.RULES if r not in rules]
    if missing:
        raise ProfileError(f"{path}: no level for rule(s) {', '.join(missing)}; set them or use `extends:`")
    sources = dict(base.sources) if base else {}
    sources.update(raw.get("sources", {}))
    unknown = sorted({s for st in rules.values() for s in st.sources if s not in sources})
    if unknown:
        raise ProfileError(f"{path}: rules cite unknown source id(s) {', '.join(unknown)}")
    return _finish(name, raw.get("title", base.title if base else name),
                   raw.get("version", base.version if base else ""),
                   raw.get("description", base.description if base else ""),
                   rules, MappingProxyType(sources), path)


def _finish(name, title, version, description, rules, sources, path) -> Profile:
    enabled = tuple((registry.RULES[r], rules[r]) for r in registry.RULES if rules[r].level != "off")
    return Profile(name, title, version, description, MappingProxyType(dict(rules)), sources, path, enabled)


def _validate_options(rule, options: dict, where: str) -> None:
    import jsonschema
    conf = getattr(rule, "CONF", {})
    for key, value in options.items():
        if key not in conf:
            known = ", ".join(sorted(conf)) or "none"
            raise ProfileError(f"{where}.{key}: unknown option (options of {rule.ID}: {known})")
        try:
            _option_validator(rule.ID, key).validate(value)
        except jsonschema.ValidationError as exc:
            raise ProfileError(f"{where}.{key}: {exc.message}") from None
