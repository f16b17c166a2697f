"""`python -m webhook serve|certs|manifests ...`: the webhook's subcommands without the full CLI."""
import argparse
import sys

from webhook.commands import add_parsers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m webhook")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
