"""A small wire-faithful Kubernetes API server for the provider's tests and benchmark."""
from .server import FakeApiServer, merge_patch, strategic_merge_patch

__all__ = ["FakeApiServer", "merge_patch", "strategic_merge_patch"]
