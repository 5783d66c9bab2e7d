"""`yekuo manage roll_up_daily_figures`: roll the closed days up into the dashboard's daily figures now.

    yekuo manage roll_up_daily_figures              every closed day not rolled up yet
    yekuo manage roll_up_daily_figures --rebuild    drop every day's figures first, then roll all up

The worker does the same, about ten seconds of days per cycle; this command does all of them at once, for a
first installation with history, or after data was written with past times (an import, a repair).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yekuo.core import clock
from yekuo.workflow.daily_figures import forget_days, roll_up_closed_days

EVERY_DAY = 1_000_000


class Command(BaseCommand):
    help = "Roll the closed days up into the dashboard's daily figures (--rebuild: drop them all first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="drop every day's figures first")

    def handle(self, *args: Any, **options: Any) -> None:
        dropped = forget_days() if options["rebuild"] else 0
        rolled_up = roll_up_closed_days(now=clock.now(), limit=EVERY_DAY)
        self.stdout.write(f"days dropped: {dropped}, days rolled up: {rolled_up}")
