"""`yekuo manage load_demo_data`: the demo organisation, staff and customers (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yekuo.demo.loader import demo_logins, load_demo_data


class Command(BaseCommand):
    help = "Load the deterministic demo organisation, staff and customers; does nothing if already loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo_data():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write("\nDemo log-ins (staff at /workbench/login/, customers at /portal/login/):")
        for login in demo_logins():
            self.stdout.write(f"  {login.username:<22} {login.password:<18} {login.who}")
        self.stdout.write("Every demo staff member and customer uses the same password.")
