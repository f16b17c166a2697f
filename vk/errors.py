"""Errors of the API adapter, classified by what the caller should do about them."""
from __future__ import annotations


class ApiError(Exception):
    """A Kubernetes API call failed. `status` is the HTTP status (0: no response at all)."""

    def __init__(self, status: int, reason: str = "", message: str = ""):
        super().__init__(f"{status} {reason}: {message}".strip())
        self.status = status
        self.reason = reason
        self.message = message


class Conflict(ApiError):
    """409: stale resourceVersion, failed UID precondition, or the name already exists."""


class NotFoundError(ApiError):
    """404: the object (or the whole resource) is not there."""


class Gone(ApiError):
    """410: the watch's resourceVersion is too old; list again."""


class Unavailable(ApiError):
    """No answer, a 429 or a 5xx: try again later; nothing is known to have happened."""


def classify(status: int, reason: str = "", message: str = "") -> ApiError:
    if status == 409:
        return Conflict(status, reason, message)
    if status == 404:
        return NotFoundError(status, reason, message)
    if status == 410:
        return Gone(status, reason, message)
    if status == 0 or status == 429 or status >= 500:
        return Unavailable(status, reason, message)
    return ApiError(status, reason, message)
