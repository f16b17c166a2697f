"""Run the fake API server on its own: `PYTHONPATH=tests python -m fakeapi --port 0`.

Prints the URL on the first line of stdout and serves until stdin closes (or it is killed).
`GET /_fake/log` returns the request log. Used by bench/vk_scale.py, so the provider's memory and
CPU are measured apart from the server's.
"""
import argparse
import sys

from .server import FakeApiServer


def main() -> int:
    ap = argparse.ArgumentParser(prog="fakeapi")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--bookmark-interval", type=float, default=5.0)
    args = ap.parse_args()
    srv = FakeApiServer(port=args.port, bookmark_interval=args.bookmark_interval).start()
    print(srv.url, flush=True)
    try:
        sys.stdin.read()
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
