"""AdmissionReview (admission.k8s.io/v1) in and out: pure functions, no Flask, no I/O.

- `parse_review(body)` checks the shape of what the API server sent and returns a `Request`, or
  raises `BadReview` (HTTP 400) naming the first thing that is wrong.
- `needs_evaluation(request)` says whether the engine has to look at it at all: DELETE and CONNECT,
  subresources other than ``ephemeralcontainers`` (``status``, ``scale``, ...) and UPDATEs that
  change nothing the rules look at are allowed as they are (as Pod Security Admission does).
- `build_response(request, evaluation, mode, profile)` turns the engine's verdict into the
  AdmissionReview to send back, for the three modes: ``enforce``, ``warn`` and ``audit``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

API_VERSION = "admission.k8s.io/v1"
KIND = "AdmissionReview"
MODES = ("enforce", "warn", "audit")
OPERATIONS = ("CREATE", "UPDATE", "DELETE", "CONNECT")
IGNORE_ANNOTATION = "nodeless.dev/ignore"
EVALUATED_SUBRESOURCES = ("", "ephemeralcontainers")

WARNING_TARGET = 120     # characters we aim for, per warning
WARNING_MAX = 256        # the API server may truncate longer ones
WARNINGS_BUDGET = 3072   # characters of warnings per response; the API server keeps 4096 in all
DENY_MAX_FINDINGS = 10   # findings named in a denial; the rest are counted
MESSAGE_TARGET = 140     # characters of one finding's message in a denial


class BadReview(Exception):
    """The request body is not an AdmissionReview we can answer (HTTP 400)."""

    def __init__(self, message: str, code: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class Request:
    uid: str
    operation: str
    kind: str                  # request.kind.kind, or the object's kind
    group: str
    resource: str
    sub_resource: str
    namespace: str
    name: str
    object: dict | None
    old_object: dict | None
    dry_run: bool = False

    @property
    def target(self) -> str:
        """'Deployment default/web' for messages."""
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind or 'object'} {where}{self.name or '<unnamed>'}"


def _str(value: Any, field: str, required: bool = False) -> str:
    if value is None:
        if required:
            raise BadReview(f"{field} is required")
        return ""
    if not isinstance(value, str):
        raise BadReview(f"{field} must be a string, not {_type(value)}")
    if required and not value:
        raise BadReview(f"{field} must not be empty")
    return value


def _type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _check_object(obj: Any, field: str) -> dict | None:
    """The parts of a Kubernetes object every face relies on; deeper shape is the engine's job."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise BadReview(f"{field} must be an object, not {_type(obj)}")
    for key in ("apiVersion", "kind"):
        _str(obj.get(key), f"{field}.{key}", required=True)
    meta = obj.get("metadata", {})
    if not isinstance(meta, dict):
        raise BadReview(f"{field}.metadata must be an object, not {_type(meta)}")
    for key in ("name", "namespace", "generateName"):
        _str(meta.get(key), f"{field}.metadata.{key}")
    for key in ("labels", "annotations"):
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise BadReview(f"{field}.metadata.{key} must be an object, not {_type(value)}")
        for k, v in value.items():
            if not isinstance(v, str):
                raise BadReview(f"{field}.metadata.{key}[{k!r}] must be a string, not {_type(v)}")
    spec = obj.get("spec")
    if spec is not None and not isinstance(spec, dict):
        raise BadReview(f"{field}.spec must be an object, not {_type(spec)}")
    return obj


def parse_review(body: Any) -> Request:
    """A decoded JSON body -> Request, or BadReview naming what is wrong."""
    if not isinstance(body, dict):
        raise BadReview(f"the body must be a JSON object (an AdmissionReview), not {_type(body)}")
    if body.get("kind") != KIND:
        raise BadReview(f"kind must be {KIND!r}, not {body.get('kind')!r}")
    if body.get("apiVersion") != API_VERSION:
        raise BadReview(f"apiVersion must be {API_VERSION!r}, not {body.get('apiVersion')!r}"
                        " (set admissionReviewVersions: [v1])")
    req = body.get("request")
    if req is None:
        raise BadReview("request is missing")
    if not isinstance(req, dict):
        raise BadReview(f"request must be an object, not {_type(req)}")
    uid = _str(req.get("uid"), "request.uid", required=True)
    operation = _str(req.get("operation"), "request.operation", required=True)
    if operation not in OPERATIONS:
        raise BadReview(f"request.operation must be one of {', '.join(OPERATIONS)}, not {operation!r}")
    gvk = req.get("kind") or {}
    if not isinstance(gvk, dict):
        raise BadReview(f"request.kind must be an object, not {_type(gvk)}")
    gvr = req.get("resource") or {}
    if not isinstance(gvr, dict):
        raise BadReview(f"request.resource must be an object, not {_type(gvr)}")
    obj = _check_object(req.get("object"), "request.object")
    old = _check_object(req.get("oldObject"), "request.oldObject")
    if operation in ("CREATE", "UPDATE") and obj is None:
        raise BadReview(f"request.object is required for {operation}")
    if operation == "UPDATE" and old is None:
        raise BadReview("request.oldObject is required for UPDATE")
    dry_run = req.get("dryRun", False)
    if dry_run is not None and not isinstance(dry_run, bool):
        raise BadReview(f"request.dryRun must be a boolean, not {_type(dry_run)}")
    meta = (obj or old or {}).get("metadata") or {}
    return Request(
        uid=uid,
        operation=operation,
        kind=_str(gvk.get("kind"), "request.kind.kind") or (obj or old or {}).get("kind", ""),
        group=_str(gvk.get("group"), "request.kind.group"),
        resource=_str(gvr.get("resource"), "request.resource.resource"),
        sub_resource=_str(req.get("subResource"), "request.subResource"),
        namespace=_str(req.get("namespace"), "request.namespace") or meta.get("namespace") or "",
        name=_str(req.get("name"), "request.name") or meta.get("name") or meta.get("generateName") or "",
        object=obj,
        old_object=old,
        dry_run=bool(dry_run),
    )


def _evaluated_view(obj: dict) -> tuple:
    """What the rules look at: everything but metadata and status, plus the opt-out annotation."""
    meta = obj.get("metadata") or {}
    rest = {k: v for k, v in obj.items() if k not in ("metadata", "status")}
    return rest, (meta.get("annotations") or {}).get(IGNORE_ANNOTATION)


def is_significant_update(request: Request) -> bool:
    """False when an UPDATE leaves unchanged every part the rules evaluate (labels, status, ...)."""
    if request.operation != "UPDATE" or request.old_object is None:
        return True
    return _evaluated_view(request.object) != _evaluated_view(request.old_object)


def skip_reason(request: Request) -> str | None:
    """Why the request is allowed without evaluation, or None when the engine must look."""
    if request.operation in ("DELETE", "CONNECT"):
        return request.operation.lower()
    if request.sub_resource not in EVALUATED_SUBRESOURCES:
        return f"subresource {request.sub_resource}"
    if not is_significant_update(request):
        return "update changes nothing evaluated"
    return None


# ---------------------------------------------------------------------------------------------
# Responses


def _review(response: dict) -> dict:
    return {"apiVersion": API_VERSION, "kind": KIND, "response": response}


def allowed_response(uid: str, warnings: list[str] | None = None,
                     audit_annotations: dict | None = None) -> dict:
    response: dict = {"uid": uid, "allowed": True}
    if warnings:
        response["warnings"] = warnings
    if audit_annotations:
        response["auditAnnotations"] = audit_annotations
    return _review(response)


def forbidden_response(uid: str, message: str, warnings: list[str] | None = None) -> dict:
    response: dict = {
        "uid": uid,
        "allowed": False,
        # metav1.Status; the API server shows `message` to the user after
        # 'admission webhook "<name>" denied the request: '
        "status": {"status": "Failure", "reason": "Forbidden", "code": 403, "message": message},
    }
    if warnings:
        response["warnings"] = warnings
    return _review(response)


def _one_line(text: str) -> str:
    """Whitespace runs and line breaks to single spaces: warnings travel in HTTP headers."""
    if "\n" in text or "\r" in text or "\t" in text or "  " in text:
        return " ".join(text.split())
    return text.strip()


def _clip(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: max(limit - 3, 0)].rstrip() + "..."


def warning_text(finding, profile_name: str) -> str:
    """One finding as one warning: 'nodeless <profile>: <rule> at <field path>: <message>'.

    Aims for WARNING_TARGET characters by shortening the message (never the rule or the path), and
    never exceeds WARNING_MAX."""
    head = f"nodeless {profile_name}: {finding.rule}"
    if finding.field_path:
        head += f" at {finding.field_path}"
    head += ": "
    message = _one_line(str(finding.message))
    room = WARNING_TARGET - len(head)
    if room < 40:   # a long path: let the message have some room, up to the hard limit
        room = max(WARNING_MAX - len(head), 40)
    if len(message) > room:
        message = message[: max(room - 3, 0)].rstrip() + "..."
    text = head + message
    return text if len(text) <= WARNING_MAX else text[: WARNING_MAX - 3] + "..."


def warning_texts(findings, profile_name: str) -> list[str]:
    """One warning per finding, as long as they fit the budget; then one line counting the rest
    (beyond 4096 characters the API server silently drops warnings)."""
    out, used = [], 0
    for i, f in enumerate(findings):
        text = warning_text(f, profile_name)
        if used + len(text) > WARNINGS_BUDGET - 100:
            rest = len(findings) - i
            out.append(f"nodeless {profile_name}: and {rest} more finding{'s' if rest != 1 else ''} "
                       f"(nodeless lint --profile {profile_name} <file> lists them all)")
            break
        out.append(text)
        used += len(text)
    return out


def denial_message(request: Request, errors, profile_name: str, profile_title: str = "") -> str:
    """Names the object, the profile and each violated rule with its field path; a few lines."""
    title = f" ({profile_title})" if profile_title and profile_title != profile_name else ""
    n = len(errors)
    lines = [f"{request.target} will not run on nodeless profile {profile_name}{title}: "
             f"{n} error{'s' if n != 1 else ''}"]
    for f in errors[:DENY_MAX_FINDINGS]:
        where = f" at {f.field_path}" if f.field_path else ""
        lines.append(f"- {f.rule}{where}: {_clip(str(f.message), MESSAGE_TARGET)}")
    if n > DENY_MAX_FINDINGS:
        lines.append(f"- and {n - DENY_MAX_FINDINGS} more")
    lines.append(f"(details and remediation: nodeless lint --profile {profile_name} <file>)")
    return "\n".join(lines)


def _annotation_key(rule: str) -> str:
    """auditAnnotations keys: a qualified name, at most 63 characters (the API server prefixes
    the webhook's name)."""
    key = "".join(c if c.isalnum() or c in "-_." else "-" for c in rule).strip("-_.") or "finding"
    return key[:63].rstrip("-_.")


def audit_annotations(findings, profile_name: str) -> dict:
    out: dict[str, str] = {"profile": profile_name}
    for f in findings:
        key = _annotation_key(f.rule)
        entry = f"{f.severity} at {f.field_path}: {_clip(str(f.message), 200)}" if f.field_path else \
            f"{f.severity}: {_clip(str(f.message), 200)}"
        out[key] = f"{out[key]}; {entry}" if key in out and key != "profile" else entry
    return out


def _reportable(findings) -> list:
    return [f for f in findings if f.severity in ("error", "warning")]


def build_response(request: Request, evaluation, mode: str, profile) -> tuple[dict, str]:
    """The AdmissionReview to send back and the verdict for logs and metrics.

    Verdicts: ``allow`` (nothing found), ``deny``, ``warn`` (allowed with warnings), ``audit``
    (allowed, findings in auditAnnotations). `evaluation` is the engine's Evaluation, or None when
    `skip_reason` said no evaluation was needed (verdict ``skip``)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    name = profile if isinstance(profile, str) else profile.name
    if evaluation is None:
        return allowed_response(request.uid), "skip"
    errors = [f for f in evaluation.findings if f.severity == "error"]
    warnings = [f for f in evaluation.findings if f.severity == "warning"]
    if mode == "enforce":
        texts = warning_texts(warnings, name)
        if errors:
            message = denial_message(request, errors, name, getattr(profile, "title", ""))
            return forbidden_response(request.uid, message, texts), "deny"
        return allowed_response(request.uid, texts), ("warn" if texts else "allow")
    found = _reportable(evaluation.findings)
    if mode == "warn":
        texts = warning_texts(found, name)
        return allowed_response(request.uid, texts), ("warn" if texts else "allow")
    # audit
    if not found:
        return allowed_response(request.uid), "allow"
    return allowed_response(request.uid, audit_annotations=audit_annotations(found, name)), "audit"
