"""What `yekuo demo` and `yekuo serve` do once Django is set up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from gunicorn.app.base import BaseApplication

from yekuo.config.wsgi import application


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type information
    """Run gunicorn in-process with the given options and yekuo's WSGI application."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


def _serve(*, bind: str, workers: int) -> int:
    # The checks and collectstatic above may have opened a database connection; forked workers would
    # share its socket and read each other's replies ("the last operation didn't produce records").
    connections.close_all()
    _Gunicorn({"bind": bind, "workers": workers, "accesslog": "-", "timeout": 60}).run()
    return 0


def run_demo(*, host: str, port: int, prepare_only: bool) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_data")
    url = f"http://{host}:{port}/"
    print(f"\nyekuo demo data directory: {settings.DATA_DIRECTORY}")
    print(f"Open {url} in a browser.")
    if prepare_only:
        return 0
    return _serve(bind=f"{host}:{port}", workers=2)


def run_production_server(*, bind: str, workers: int) -> int:
    call_command("check", deploy=True, fail_level="ERROR")
    call_command("collectstatic", interactive=False, verbosity=0)
    return _serve(bind=bind, workers=workers)
