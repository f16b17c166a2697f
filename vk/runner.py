"""Wires the provider together: adapter, backend, judge, node heartbeat, pod controller, kubelet API."""
from __future__ import annotations

import logging
import signal
import threading

from .controller import PodController
from .node import NodeConfig, NodeController

log = logging.getLogger("nodeless.vk")


class Provider:
    """One virtual node. `start()` returns at once; `stop()` stops every thread it started."""

    def __init__(self, kube, backend, judge, node_cfg: NodeConfig, *, workers: int = 8,
                 resync_period: float = 60.0, watch_timeout: int = 300, max_backoff: float = 30.0,
                 kubelet_api=None):
        self.kube, self.backend, self.node_cfg = kube, backend, node_cfg
        self.stop_event = threading.Event()
        self.node = NodeController(kube, node_cfg)
        self.pods = PodController(kube, backend, judge, node_cfg.name, workers=workers,
                                  resync_period=resync_period, watch_timeout=watch_timeout,
                                  max_backoff=max_backoff)
        self.kubelet_api = kubelet_api
        self._node_thread: threading.Thread | None = None

    def start(self) -> "Provider":
        self._node_thread = threading.Thread(target=self.node.run, args=(self.stop_event,),
                                             name="vk-node", daemon=True)
        self._node_thread.start()
        self.pods.start()
        if self.kubelet_api is not None:
            self.kubelet_api.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.pods.stop()
        if self._node_thread:
            self._node_thread.join(5)
        if self.kubelet_api is not None:
            self.kubelet_api.stop()


class SetupError(Exception):
    """The provider cannot start as configured (profile, config, kubeconfig, port, certificate)."""


def run(args) -> int:
    """`nodeless vk ...`: run until SIGTERM or SIGINT."""
    from .backends import load_backend
    from .judge import make_judge
    from .kube import Kube
    from .kubelet_api import KubeletApi

    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        judge = make_judge(args.profile, args.config)
    except (ValueError, OSError) as e:       # ProfileError and ConfigError are ValueErrors
        raise SetupError(str(e)) from None
    try:
        backend = load_backend(args.backend, node_ip=args.node_ip)
    except (ValueError, ImportError, AttributeError) as e:
        raise SetupError(f"backend {args.backend!r}: {e}") from None
    cfg = NodeConfig(name=args.node_name, profile=judge.profile, cpu=args.cpu, memory=args.memory,
                     pods=str(args.pods), node_ip=args.node_ip, kubelet_port=args.kubelet_port,
                     backend=args.backend, status_interval=args.status_interval)
    try:
        kube = Kube.connect(kubeconfig=args.kubeconfig, context=args.context, pool_size=args.workers + 4)
    except Exception as e:      # kubernetes.config.ConfigException, a missing or broken file
        raise SetupError(f"cannot load the Kubernetes configuration: {e}") from None
    kubelet = None
    if args.kubelet_port:
        try:
            kubelet = KubeletApi(backend, args.node_name, host=args.kubelet_bind, port=args.kubelet_port,
                                 certfile=args.tls_cert, keyfile=args.tls_key, client_ca=args.client_ca,
                                 node_ip=args.node_ip)
        except (OSError, ValueError) as e:   # port in use, unreadable or mismatched cert/key
            kube.close()
            raise SetupError(f"kubelet API on port {args.kubelet_port}: {e}") from None
    provider = Provider(kube, backend, judge, cfg, workers=args.workers, kubelet_api=kubelet)
    done = threading.Event()

    def on_signal(signum, _frame):
        log.info("signal %d: stopping", signum)
        done.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("virtual node %s: profile %s, backend %s", cfg.name, cfg.profile, args.backend)
    provider.start()
    done.wait()
    provider.stop()
    kube.close()
    return 0
