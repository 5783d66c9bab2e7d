"""`yekuo worker`: the scheduler. Run one or several; the one holding the lease sweeps, delivers and rolls
the closed days up into the dashboard's daily figures.

    yekuo worker                 every 30 s until SIGTERM or Ctrl-C
    yekuo worker --once          one cycle, for cron and tests

Each cycle prints one line. A database that cannot be reached ends the worker with one line on stderr
and exit status 1 (a service manager restarts it; meanwhile another worker takes the lease over).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import threading
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.core import clock
from yekuo.notifications.channels import channels_from_environment
from yekuo.notifications.delivery import deliver_pending
from yekuo.workflow.daily_figures import SECONDS_PER_CYCLE, roll_up_closed_days
from yekuo.workflow.leadership import (
    DEFAULT_LEASE_DURATION,
    SCHEDULER_LEASE,
    lease_acquire,
    lease_current,
    lease_release,
)
from yekuo.workflow.recipients import recipient_mobile
from yekuo.workflow.sweep import deadline_sweep

logger = logging.getLogger("yekuo.workflow.worker")

DEFAULT_INTERVAL_SECONDS = 30.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__


def _stamp(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


class Command(BaseCommand):
    help = "Run the scheduler: deadline sweep and notification deliveries, led by one worker at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run one cycle and exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_INTERVAL_SECONDS,
            help=f"seconds between cycles (default {DEFAULT_INTERVAL_SECONDS:.0f})",
        )
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=int(DEFAULT_LEASE_DURATION.total_seconds()),
            help="how long the leader's lease lasts without renewal (default 60); keep it above the interval",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="work items per sweep transaction")
        parser.add_argument("--delivery-limit", type=int, default=200, help="deliveries sent per cycle")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0 or options["lease_seconds"] <= options["interval"]:
            raise CommandError(
                _(
                    "--lease-seconds must be longer than --interval, and --interval above 0: "
                    "a leader renews its lease once per cycle."
                )
            )
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.lease = timedelta(seconds=options["lease_seconds"])
        self.batch_size: int = options["batch_size"]
        self.delivery_limit: int = options["delivery_limit"]
        self.channels = channels_from_environment(recipient_mobile=recipient_mobile)
        self._check_database()
        self.stopping = threading.Event()
        previous = self._install_signal_handlers()
        try:
            while not self.stopping.is_set():
                self._cycle(once=options["once"])
                if options["once"] or self.stopping.wait(options["interval"]):
                    break
        finally:
            self._restore_signal_handlers(previous)
            self._release()
        self.stdout.write(f"worker {self.holder} stopped")

    @staticmethod
    def _check_database() -> None:
        try:
            connection.ensure_connection()
        except (OperationalError, InterfaceError) as error:
            raise CommandError(
                _("The database cannot be reached: %(error)s") % {"error": _one_line(error)}
            ) from error
        try:
            lease_current(name=SCHEDULER_LEASE)
        except DatabaseError as error:
            raise CommandError(
                _("The database is not ready (run: yekuo manage migrate): %(error)s")
                % {"error": _one_line(error)}
            ) from error

    def _install_signal_handlers(self) -> dict[int, Any]:
        if threading.current_thread() is not threading.main_thread():
            return {}

        def stop(signal_number: int, _frame: FrameType | None) -> None:
            self.stopping.set()  # the cycle in progress finishes; no transaction is cut short

        return {number: signal.signal(number, stop) for number in STOP_SIGNALS}

    @staticmethod
    def _restore_signal_handlers(previous: dict[int, Any]) -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    def _release(self) -> None:
        with contextlib.suppress(DatabaseError):  # unreachable: the lease simply expires
            lease_release(name=SCHEDULER_LEASE, holder=self.holder)

    def _cycle(self, *, once: bool) -> None:
        # A long-running process must not reuse a connection the server dropped (never inside a
        # transaction: there is none between cycles, except when a test wraps the command in one).
        for database in connections.all(initialized_only=True):
            if not database.in_atomic_block:
                database.close_if_unusable_or_obsolete()
        try:
            self._lead_or_wait()
        except (OperationalError, InterfaceError) as error:
            raise CommandError(
                _("The database cannot be reached: %(error)s") % {"error": _one_line(error)}
            ) from error
        except Exception:
            if once:
                raise
            # A bug in one cycle must not stop the scheduler; the traceback goes to the log.
            logger.exception("worker cycle failed")

    def _lead_or_wait(self) -> None:
        now = clock.now()
        if not lease_acquire(name=SCHEDULER_LEASE, holder=self.holder, now=now, duration=self.lease):
            current = lease_current(name=SCHEDULER_LEASE)
            held_by = f"{current.holder} until {_stamp(current.expires_at)}" if current else "another worker"
            self._say(f"{_stamp(now)} standby: the scheduler lease is held by {held_by}")
            return
        report = deadline_sweep(now=now, batch_size=self.batch_size)
        deliveries = deliver_pending(now=clock.now(), limit=self.delivery_limit, channels=self.channels)
        rolled_up = roll_up_closed_days(now=now, seconds=SECONDS_PER_CYCLE)
        self._say(
            f"{_stamp(now)} leader: {report.summary()} {deliveries.summary()} days_rolled_up={rolled_up}"
        )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
