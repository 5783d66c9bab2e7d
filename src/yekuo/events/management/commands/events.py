"""`yekuo events verify`: check every hash chain; exit 1 naming the first bad row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yekuo.events.verification import verify_all_chains, verify_chain


class Command(BaseCommand):
    help = "Event log. verify: check the hash chains; name the first edited, inserted or deleted row."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True)
        verify = subcommands.add_parser("verify", help="verify every chain (or one with --chain)")
        verify.add_argument("--chain", help="only this chain (a province region code, or 'system')")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = [verify_chain(options["chain"])] if options.get("chain") else verify_all_chains()
        for report in reports:
            if report.first_break is not None:
                raise CommandError(f"Event log tampered: {report.first_break.describe()}")
            self.stdout.write(f"chain {report.chain}: {report.events_checked} events, intact")
        if not reports:
            self.stdout.write("The event log is empty.")
