# The image of the webhook and the Virtual Kubelet provider (manifests/deploy runs both from it).
#   docker build -t registry.example.com/nodeless:0.1.0 .
# Not built in CI (no container runtime there); tests/test_dockerfile.py checks it against the manifests.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md cli.py ./
COPY rules rules
COPY webhook webhook
COPY vk vk
RUN pip install --no-cache-dir --prefix=/install '.[server]'

FROM python:3.11-slim
# Read-only root filesystem in the Pod: never write .pyc files; log straight to stderr.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY --from=build /install /usr/local
# The same non-root user as the manifests' runAsUser/runAsGroup.
USER 65532:65532
EXPOSE 8443 10250
ENTRYPOINT ["nodeless"]
CMD ["--help"]
