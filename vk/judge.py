"""The engine and profile behind one callable: `judge(pod) -> Verdict`. Imports rules/ lazily."""
from __future__ import annotations

import logging

from .decisions import Issue, Judge, Verdict

log = logging.getLogger("nodeless.vk.judge")


def _issue(finding) -> Issue:
    return Issue(rule=finding.rule, field_path=finding.field_path, message=finding.message)


def make_judge(profile: str | None = None, config_path: str | None = None) -> Judge:
    """The same engine, profile and .nodeless.yaml as `nodeless lint` and the webhook.

    Profile: `profile` if given, else the config's `profile:`, else the engine's default. A Pod the
    engine cannot evaluate is refused (fail closed): the provider is the last line of defence."""
    from rules.config import Config, load_config
    from rules.engine import configured_profile, evaluate
    from rules.profiles import DEFAULT_PROFILE, load_profile

    config = load_config(config_path) if config_path else Config()
    prof = configured_profile(load_profile(profile or config.profile or DEFAULT_PROFILE), config)
    name = prof.name

    def judge(pod: dict) -> Verdict:
        try:
            ev = evaluate(pod, prof, config)
        except Exception as e:  # a bug or an odd object: refuse visibly rather than run unchecked
            log.exception("engine failed on pod %s/%s", (pod.get("metadata") or {}).get("namespace"),
                          (pod.get("metadata") or {}).get("name"))
            return Verdict(name, errors=(Issue("engine-error", "", f"nodeless could not evaluate this Pod: {e}"),))
        return Verdict(name, errors=tuple(_issue(f) for f in ev.errors),
                       warnings=tuple(_issue(f) for f in ev.warnings))

    judge.profile = name  # type: ignore[attr-defined]
    return judge
