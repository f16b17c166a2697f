"""nodeless: will these Kubernetes workloads run on a nodeless cluster?

Argument parsing and exit codes only; each subcommand calls one function. The lint path imports
neither flask, gunicorn nor the kubernetes client, so a pre-commit hook starts fast.
"""
from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except _UsageError as exc:
        print(f"nodeless: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `nodeless lint ... | head`
        return EXIT_OK


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    from rules.profiles import DEFAULT_PROFILE, available_profiles
    from rules.report import FORMATS
    parser = argparse.ArgumentParser(
        prog="nodeless", description="Will these Kubernetes workloads run on a nodeless cluster?")
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(metavar="COMMAND")
    profiles = ", ".join(available_profiles())

    lint = sub.add_parser("lint", help="lint manifests (files, directories, or - for stdin)",
                          description="Lint Kubernetes manifests against a provider profile.")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (recursive) or - for stdin")
    lint.add_argument("-p", "--profile", help=f"profile name ({profiles}; default {DEFAULT_PROFILE}) "
                                              "or path to a profile YAML")
    lint.add_argument("-c", "--config", help="config file (default: .nodeless.yaml from here upward)")
    lint.add_argument("-f", "--format", choices=FORMATS, default="text")
    lint.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    lint.add_argument("--fail-on", choices=("error", "warning", "info"),
                      help="lowest severity that makes the exit code 1 (default: error)")
    lint.add_argument("--show-suppressed", action="store_true", help="list suppressed findings too")
    lint.add_argument("-j", "--jobs", type=int, default=None,
                      help="worker processes (default: the CPU count; small inputs use one)")
    lint.set_defaults(func=_lint)

    rules = sub.add_parser("rules", help="print the rule catalogue and the rule x profile matrix")
    rules.add_argument("-p", "--profile", help="show one profile's levels and options")
    rules.add_argument("-f", "--format", choices=("text", "json", "markdown"), default="text")
    rules.set_defaults(func=_rules)

    explain = sub.add_parser("explain", help="explain one rule: docs, level per profile, sources")
    explain.add_argument("rule", metavar="RULE")
    explain.set_defaults(func=_explain)

    # The webhook and the provider parse their own flags; their modules import nothing heavy.
    from webhook.commands import add_parsers as add_webhook_parsers
    from vk.commands import add_parser as add_vk_parser
    add_webhook_parsers(sub)
    add_vk_parser(sub)
    return parser


class _Version(argparse.Action):
    """--version, computed only when asked (importlib.metadata costs a pre-commit hook 13 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"nodeless {_version()}")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("nodeless")
    except Exception:  # running from a checkout without installing
        return "0+checkout"


def _load(profile_arg: str | None, config_arg: str | None):
    from rules.config import Config, ConfigError, find_config, load_config
    from rules.engine import configured_profile
    from rules.profiles import DEFAULT_PROFILE, ProfileError, load_profile
    try:
        path = config_arg or find_config()
        config = load_config(path) if path else Config()
        profile = load_profile(profile_arg or config.profile or DEFAULT_PROFILE)
        return configured_profile(profile, config), config
    except (ConfigError, ProfileError) as exc:
        raise _UsageError(str(exc)) from None


def _lint(args) -> int:
    from rules.lint import lint_paths
    from rules.report import chunks
    if args.jobs is not None and args.jobs < 1:
        raise _UsageError("--jobs must be at least 1")
    profile, config = _load(args.profile, args.config)
    result = lint_paths(args.paths, profile, config, jobs=args.jobs,
                        fail_on=args.fail_on or config.fail_on or "error",
                        show_suppressed=args.show_suppressed)
    options = {}
    if args.format == "text":
        options["color"] = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    _write(chunks(result, args.format, **options), args.output)
    return result.exit_code


def _write(parts, output: str | None) -> None:
    """Write a report (a string, or its chunks as they are produced) to a file or stdout."""
    parts = [parts] if isinstance(parts, str) else parts
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.writelines(parts)
        except OSError as exc:
            raise _UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.writelines(parts)
        sys.stdout.flush()


def _rules(args) -> int:
    from rules import catalogue
    from rules.profiles import ProfileError, load_profile
    try:
        profile = load_profile(args.profile) if args.profile else None
    except ProfileError as exc:
        raise _UsageError(str(exc)) from None
    _write(catalogue.render(args.format, profile), None)
    return EXIT_OK


def _explain(args) -> int:
    from rules import catalogue, registry
    try:
        text = catalogue.explain(args.rule)
    except registry.UnknownRule as exc:
        raise _UsageError(str(exc)) from None
    _write(text, None)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
