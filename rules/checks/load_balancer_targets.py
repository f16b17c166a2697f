"""LoadBalancer Services (and ALB Ingresses) without the annotations that make them target Pod IPs.

On EKS Fargate there are no nodes a load balancer could send traffic to: NLBs and ALBs must use IP
targets. The EKS user guide page "Network load balancing on Amazon EKS"
(https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html) says NLB instance
targets work for Pods on EC2 nodes "but not to Fargate", and that IP targets take the AWS Load
Balancer Controller annotations ``service.beta.kubernetes.io/aws-load-balancer-type: external``
(hands the Service to the controller rather than the legacy in-tree one) and
``service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip``; the older
``aws-load-balancer-type: nlb-ip`` is still supported. Its page "Application load balancing on
Amazon EKS" (https://docs.aws.amazon.com/eks/latest/userguide/alb-ingress.html) says instance
mode is the ALB default and "the IP target type is required when target pods are running on
Fargate" (``alb.ingress.kubernetes.io/target-type: ip``). Without them the load balancer is
created but cannot reach the Pods. On Fly Kubernetes LoadBalancer Services go through Fly Proxy;
AKS virtual nodes and GKE Autopilot are not known to need such annotations.

Only core (``v1``) Services of ``type: LoadBalancer`` and ``networking.k8s.io`` Ingresses are
judged, each by its own annotations (an ALB target type set on the backend Service instead is not
seen).

Options:

- ``required_annotations`` (default ``{}``): annotation -> value every LoadBalancer Service must
  carry.
- ``alternatives`` (default ``[]``): other ways to satisfy the requirement; each has
  ``annotations`` (annotation -> value) and/or ``load_balancer_class`` (``spec.loadBalancerClass``),
  and a Service matching all of one alternative passes.
- ``ingress_classes`` (default ``[]``) and ``ingress_required_annotations`` (default ``{}``):
  Ingresses whose class (``spec.ingressClassName`` or the ``kubernetes.io/ingress.class``
  annotation) is listed must carry these annotations.

PASS (required_annotations: {service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip})::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    spec:
      type: LoadBalancer

FAIL (same options)::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: LoadBalancer
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView, mapping

ID = "load-balancer-targets"
SCOPE = "object"
KINDS = frozenset({("", "Service"), ("networking.k8s.io", "Ingress"), ("extensions", "Ingress")})
_ANNOTATIONS = {"type": "object", "additionalProperties": {"type": "string"}}
CONF = {
    "required_annotations": _ANNOTATIONS,
    "alternatives": {"type": "array", "items": {
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {"annotations": _ANNOTATIONS, "load_balancer_class": {"type": "string"}}}},
    "ingress_classes": {"type": "array", "items": {"type": "string"}},
    "ingress_required_annotations": _ANNOTATIONS,
}
DEFAULT = {"required_annotations": {}, "alternatives": [], "ingress_classes": [],
           "ingress_required_annotations": {}}
REMEDIATION = ("Add the annotations that make the load balancer target Pod IPs (on EKS Fargate: "
               "aws-load-balancer-type external and aws-load-balancer-nlb-target-type ip).")


def _has(annotations: Mapping, wanted: Mapping) -> bool:
    return all(annotations.get(k) == v for k, v in wanted.items())


def _missing(obj: ObjectView, annotations: Mapping, wanted: Mapping) -> Iterator[Violation]:
    """One finding per annotation set to another value, one for all that are absent."""
    absent = []
    for key, value in wanted.items():
        given = annotations.get(key)
        if given == value:
            continue
        if given is not None:
            yield Violation(("metadata", "annotations", key),
                            f'{obj.kind} "{obj.ref.name}" sets {key}: {given}, not {value}')
        else:
            absent.append(f"{key}: {value}")
    if absent:
        where = ("metadata", "annotations") if "annotations" in obj.metadata else ("metadata",)
        word = "annotation" if len(absent) == 1 else "annotations"
        yield Violation(where, f'{obj.kind} "{obj.ref.name}" lacks {word} {", ".join(absent)}')


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    annotations = mapping(obj.metadata.get("annotations"))
    if obj.kind == "Service":
        if obj.spec.get("type") != "LoadBalancer":
            return
        cls = obj.spec.get("loadBalancerClass")
        for alt in conf["alternatives"]:
            if "load_balancer_class" in alt and cls != alt["load_balancer_class"]:
                continue
            if _has(annotations, alt.get("annotations", {})):
                return
        yield from _missing(obj, annotations, conf["required_annotations"])
    else:  # an Ingress
        cls = obj.spec.get("ingressClassName") or annotations.get("kubernetes.io/ingress.class")
        if cls in conf["ingress_classes"]:
            yield from _missing(obj, annotations, conf["ingress_required_annotations"])
