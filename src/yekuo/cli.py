"""The `yekuo` command: demo, serve, manage and --version. Each subcommand does its whole job."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import yekuo

# Top-level commands that are Django management commands of the same name: `yekuo calendar ...`.
MANAGEMENT_SHORTCUTS: tuple[str, ...] = ("calendar", "worker", "analytics")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _setup_django(*, demo: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yekuo.config.settings")
    if demo:
        os.environ["YEKUO_DEMO"] = "1"
    import django  # noqa: PLC0415  # settings must see the environment prepared above

    django.setup()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yekuo",
        description="yekuo (业扩): new-connection and capacity-increase applications, stage by stage.",
    )
    parser.add_argument("--version", action="version", version=f"yekuo {yekuo.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="migrate, load the demo organisation and serve it on SQLite")
    demo.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    demo.add_argument(
        "--prepare-only", action="store_true", help="prepare everything, print the log-ins, exit"
    )

    serve = commands.add_parser("serve", help="run the production web server (gunicorn)")
    serve.add_argument("--bind", default=f"{DEFAULT_HOST}:{DEFAULT_PORT}", help="address:port to listen on")
    serve.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("YEKUO_WORKERS", "0") or 0) or (os.cpu_count() or 1) * 2 + 1,
        help="worker processes (default YEKUO_WORKERS or 2 x cores + 1)",
    )

    commands.add_parser("manage", help="run a Django management command: yekuo manage migrate, check, ...")
    for shortcut in MANAGEMENT_SHORTCUTS:
        commands.add_parser(
            shortcut, help=f"same as: yekuo manage {shortcut} ... (see: yekuo {shortcut} --help)"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in {"manage", *MANAGEMENT_SHORTCUTS}:
        # Hand everything to Django untouched, so the command's own --help, options and exit codes work.
        management_arguments = arguments[1:] if arguments[0] == "manage" else arguments
        _setup_django(demo=False)
        from django.core.management import execute_from_command_line  # noqa: PLC0415

        execute_from_command_line(["yekuo manage", *management_arguments])
        return 0

    parsed = _parser().parse_args(arguments)
    if parsed.command == "demo":
        _setup_django(demo=True)
        from yekuo.cli_server import run_demo  # noqa: PLC0415

        return run_demo(host=parsed.host, port=parsed.port, prepare_only=parsed.prepare_only)
    if parsed.command == "serve":
        _setup_django(demo=False)
        from yekuo.cli_server import run_production_server  # noqa: PLC0415

        return run_production_server(bind=parsed.bind, workers=parsed.workers)
    _parser().print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
