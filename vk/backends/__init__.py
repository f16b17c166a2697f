"""Backends by name, as Virtual Kubelet's provider store registers them. Imported lazily."""
from __future__ import annotations

import importlib

BACKENDS = {
    "mock": "vk.backends.mock:MockBackend",
}


def load_backend(name: str, **options):
    """A backend instance by its registered name; unknown names raise ValueError naming the choices."""
    try:
        target = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown backend {name!r}; choose from: {', '.join(sorted(BACKENDS))}") from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)(**options)
