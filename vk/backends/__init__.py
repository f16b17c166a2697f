"""Backends by name, as Virtual Kubelet's provider store registers them. Imported lazily.

A backend outside this package plugs in without touching it, through an entry point:

    [project.entry-points."nodeless.vk.backends"]
    my-cloud = "my_package.backend:MyCloudBackend"

The class is called with keyword options (`node_ip`, ...) it may ignore, and must satisfy
`vk.provider.PodLifecycleHandler`.
"""
from __future__ import annotations

import importlib

BACKENDS = {
    "mock": "vk.backends.mock:MockBackend",
}
ENTRY_POINT_GROUP = "nodeless.vk.backends"


def _registered() -> dict[str, str]:
    from importlib.metadata import entry_points
    out = dict(BACKENDS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        out.setdefault(ep.name, ep.value)
    return out


def load_backend(name: str, **options):
    """A backend instance by its registered name; unknown names raise ValueError naming the choices."""
    known = _registered()
    try:
        target = known[name]
    except KeyError:
        raise ValueError(f"unknown backend {name!r}; choose from: {', '.join(sorted(known))}") from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)(**options)
