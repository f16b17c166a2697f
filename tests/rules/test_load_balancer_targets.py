import pytest

from helpers import findings

TYPE = "service.beta.kubernetes.io/aws-load-balancer-type"
TARGET = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"
ALB = "alb.ingress.kubernetes.io/target-type"
EKS = {
    "required_annotations": {TYPE: "external", TARGET: "ip"},
    "alternatives": [{"annotations": {TYPE: "nlb-ip"}},
                     {"load_balancer_class": "service.k8s.aws/nlb", "annotations": {TARGET: "ip"}}],
    "ingress_classes": ["alb"],
    "ingress_required_annotations": {ALB: "ip"},
}


def svc(annotations: str = "", spec: str = "type: LoadBalancer", api: str = "v1") -> str:
    meta = f", annotations: {{{annotations}}}" if annotations else ""
    return f"apiVersion: {api}\nkind: Service\nmetadata: {{name: web{meta}}}\nspec: {{{spec}}}\n"


def ing(cls: str = "ingressClassName: alb", annotations: str = "") -> str:
    meta = f", annotations: {{{annotations}}}" if annotations else ""
    return (f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: web{meta}}}\n"
            f"spec: {{{cls}}}\n")


ANN = ("metadata", "annotations")


@pytest.mark.parametrize("text, options, expected", [
    (svc(), {}, []),                                                 # nothing required by default
    (svc(), EKS, [("metadata",)]),
    (svc(f"{TYPE}: external, {TARGET}: ip"), EKS, []),
    (svc(f"{TYPE}: external"), EKS, [ANN]),
    (svc(f"{TYPE}: external, {TARGET}: instance"), EKS, [ANN + (TARGET,)]),
    (svc(f"{TYPE}: nlb-ip"), EKS, []),                               # legacy alternative
    (svc(f"{TARGET}: ip", "type: LoadBalancer, loadBalancerClass: service.k8s.aws/nlb"), EKS, []),
    (svc(f"{TARGET}: ip", "type: LoadBalancer, loadBalancerClass: other"), EKS, [ANN]),
    (svc(spec="type: ClusterIP"), EKS, []),
    (svc(spec="type: NodePort"), EKS, []),
    (svc(api="example.com/v1"), EKS, []),
    (ing(), EKS, [("metadata",)]),
    (ing(annotations=f"{ALB}: ip"), EKS, []),
    (ing(annotations=f"{ALB}: instance"), EKS, [ANN + (ALB,)]),
    (ing("ingressClassName: nginx"), EKS, []),
    (ing("", "kubernetes.io/ingress.class: alb"), EKS, [ANN]),
    (ing(), {}, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "load-balancer-targets", **options)] == expected


def test_messages():
    assert [v.message for v in findings(svc(f"{TYPE}: external, {TARGET}: instance"), "load-balancer-targets", **EKS)] == [
        f'Service "web" sets {TARGET}: instance, not ip']
    assert [v.message for v in findings(svc(f"{TYPE}: external"), "load-balancer-targets", **EKS)] == [
        f'Service "web" lacks annotation {TARGET}: ip']
    assert [v.message for v in findings(svc(), "load-balancer-targets", **EKS)] == [
        f'Service "web" lacks annotations {TYPE}: external, {TARGET}: ip']
