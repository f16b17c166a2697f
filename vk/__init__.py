"""nodeless as a Virtual Kubelet: a virtual Node whose Pods are judged by the rules engine.

Layout (all Kubernetes I/O lives in `kube.py`; everything else is plain Python over dicts):

- `provider.py`    the backend protocol (mirrors Virtual Kubelet's PodLifecycleHandler) and its errors
- `backends/`      backends by name (or entry point); `mock` keeps Pods in memory
- `decisions.py`   pure functions: what to do with a Pod, which status follows, what a watch event means
- `judge.py`       the engine and profile behind one `judge(pod) -> Verdict` callable
- `controller.py`  list/watch, work queue (`workqueue.py`) and workers that carry out the decisions
- `node.py`        the Node and Lease objects and their heartbeat loop
- `kube.py`        the thin adapter over the official `kubernetes` client; `errors.py` its error kinds
- `kubelet_api.py` the kubelet HTTPS endpoint (logs; 501 for exec, attach, port-forward)
- `runner.py`      wires it all together; `commands.py` the `nodeless vk` subcommand

Importing this package (or `vk.commands`) does not import kubernetes, flask or cryptography.
"""
