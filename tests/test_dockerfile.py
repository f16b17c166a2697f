"""The Dockerfile cannot be built here (no container runtime in CI); check what can be checked:
it runs as the user the manifests expect, installs the server extra, and copies every package."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_the_image_user_is_the_manifests_user():
    (user,) = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    for name in ("30-deployment.yaml", "60-vk-deployment.yaml"):
        doc = yaml.safe_load((ROOT / "manifests" / "deploy" / name).read_text())
        pod = doc["spec"]["template"]["spec"]
        assert f'{pod["securityContext"]["runAsUser"]}:{pod["securityContext"]["runAsGroup"]}' == user
        assert all(c["command"][0] == "nodeless" for c in pod["containers"])


def test_every_package_and_the_server_extra_are_installed():
    for package in ("rules", "webhook", "vk"):
        assert re.search(rf"^COPY {package} {package}$", DOCKERFILE, re.M), package
    assert "cli.py" in DOCKERFILE and "pyproject.toml" in DOCKERFILE
    assert "'.[server]'" in DOCKERFILE
    assert "ENTRYPOINT [\"nodeless\"]" in DOCKERFILE
