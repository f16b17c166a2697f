"""The backend protocol: Virtual Kubelet's PodLifecycleHandler, in Python.

A backend runs Pods somewhere (a cloud's micro-VM API, or memory for `mock`). The controller owns
all Kubernetes I/O and only ever hands the backend deep copies of Pods as plain dicts (the JSON the
API server returns). Backends report trouble with the two error kinds below (VK's `errdefs`); any
other exception is a provider failure that the controller retries.
"""
from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable


class NotFound(LookupError):
    """The backend does not know this Pod (VK errdefs.NotFound)."""


class InvalidInput(ValueError):
    """The backend cannot run this Pod as specified, now or ever (VK errdefs.InvalidInput)."""


@runtime_checkable
class PodLifecycleHandler(Protocol):
    def create_pod(self, pod: dict) -> None:
        """Start the Pod. Called once per Pod UID; may raise InvalidInput."""

    def update_pod(self, pod: dict) -> None:
        """The Pod's spec or metadata changed (image, labels, annotations, activeDeadlineSeconds)."""

    def delete_pod(self, pod: dict) -> None:
        """Stop the Pod and forget it. May be called more than once; raises NotFound when unknown."""

    def get_pod(self, namespace: str, name: str) -> dict:
        """The Pod as the backend knows it (with `status`); raises NotFound."""

    def get_pod_status(self, namespace: str, name: str) -> dict:
        """The Pod's current `status` (PodStatus as a dict); raises NotFound. Ephemeral containers
        (kubectl debug, passed in through update_pod) that it leaves out of ephemeralContainerStatuses
        are reported to the API as unsupported."""

    def list_pods(self) -> list[dict]:
        """Every Pod the backend runs."""


@runtime_checkable
class PodNotifier(Protocol):
    def notify_pods(self, callback: Callable[[dict], None]) -> None:
        """Register `callback(pod)`, called whenever a Pod's status changes on the backend side."""


@runtime_checkable
class LogProvider(Protocol):
    def get_container_logs(self, namespace: str, name: str, container: str, tail: int | None = None) -> str:
        """Log text of one container; raises NotFound for an unknown Pod or container."""
