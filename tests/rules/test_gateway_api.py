import pytest

from helpers import findings


@pytest.mark.parametrize("api, kind, expected", [
    ("gateway.networking.k8s.io/v1", "Gateway", [("kind",)]),
    ("gateway.networking.k8s.io/v1", "GatewayClass", [("kind",)]),
    ("gateway.networking.k8s.io/v1", "HTTPRoute", [("kind",)]),
    ("gateway.networking.k8s.io/v1", "GRPCRoute", [("kind",)]),
    ("gateway.networking.k8s.io/v1alpha2", "TCPRoute", [("kind",)]),
    ("gateway.networking.k8s.io/v1beta1", "ReferenceGrant", [("kind",)]),
    ("networking.istio.io/v1", "Gateway", []),     # Istio's own Gateway kind
    ("networking.k8s.io/v1", "Ingress", []),
])
def test_paths(api, kind, expected):
    obj = f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: public}}\nspec: {{}}\n"
    assert [v.path for v in findings(obj, "gateway-api")] == expected


def test_message_names_kind():
    [v] = findings("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web}\n",
                   "gateway-api")
    assert v.message.startswith('HTTPRoute "web" needs a Gateway API implementation')
