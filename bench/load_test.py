"""Prepare the bulk database of bench/workbench_queries.py for the locust load test (bench/locustfile.py).

Run: .venv/bin/python bench/load_test.py --prepare

Through the services (not SQL), so the items behave like real ones when claimed and completed:
- LOAD_STAFF intake clerks (`load.clerk.N`, at the first station of county N) and LOAD_STAFF surveyors
  (`load.surveyor.N`, at county N), password PASSWORD;
- per county, SUBMITTED applications waiting for acceptance at that station and ACCEPTED applications
  waiting for the site survey, numbered with today's date so the load test finds them by number prefix.

Each run of the load test completes about 150 of them; run `--prepare` again before a run (the staff are
kept, new applications are added), or the transitions find nothing left and the mix shifts to cheaper
requests (locust's table then shows few claims and completions).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locustfile import LOAD_COUNTY_CODES, PASSWORD
from workbench_queries import database_url, setup_django

if TYPE_CHECKING:  # Django is set up in main(); the models are imported after it
    from yekuo.org.models import Staff, Unit
    from yekuo.org.roles import Role

SUBMITTED = 60
ACCEPTED = 30


def _load_staff(role: Role, unit: Unit, username: str, employee_number: str) -> Staff:
    """The load-test member of staff: created with their role and password on the first run, kept after."""
    from yekuo.org.factories import staff_with_role  # noqa: PLC0415
    from yekuo.org.models import Staff  # noqa: PLC0415

    existing = Staff.objects.select_related("account").filter(account__username=username).first()
    if existing is not None:
        return existing
    staff = staff_with_role(role=role, unit=unit, username=username, employee_number=employee_number)
    staff.account.set_password(PASSWORD)
    staff.account.save(update_fields=["password"])
    return staff


def prepare() -> None:
    from yekuo.applications.choices import Category  # noqa: PLC0415
    from yekuo.applications.factories import draft_application, supply_all_documents  # noqa: PLC0415
    from yekuo.customers.models import Customer  # noqa: PLC0415
    from yekuo.org.models import Unit  # noqa: PLC0415
    from yekuo.org.roles import Role  # noqa: PLC0415
    from yekuo.workflow import services  # noqa: PLC0415
    from yekuo.workflow.models import WorkItem  # noqa: PLC0415

    counties = [Unit.objects.get(region_code=code) for code in LOAD_COUNTY_CODES]
    started = time.perf_counter()
    for number, county in enumerate(counties, start=1):
        station = Unit.objects.filter(path__startswith=county.path, depth=4).order_by("path").first()
        if station is None:
            raise SystemExit("build the database first: bench/workbench_queries.py --build")
        clerk = _load_staff(Role.INTAKE_CLERK, station, f"load.clerk.{number}", f"LC{number:04d}")
        _load_staff(Role.SURVEYOR, county, f"load.surveyor.{number}", f"LS{number:04d}")
        customers = list(Customer.objects.filter(service_unit=station).order_by("pk")[: SUBMITTED + ACCEPTED])
        for index, customer in enumerate(customers):
            high_voltage = index >= SUBMITTED
            application = draft_application(
                actor=clerk.account,
                customer=customer,
                category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
                if high_voltage
                else Category.LOW_VOLTAGE_RESIDENTIAL,
            )
            services.application_submit(actor=clerk.account, application_id=application.pk)
            if high_voltage:
                supply_all_documents(application, received_by=clerk.account)
                item = WorkItem.objects.get(application=application, stage="acceptance", status="open")
                services.application_accept(actor=clerk.account, work_item_id=item.pk)
        print(
            f"county {number}/{len(counties)} ready after {time.perf_counter() - started:.0f} s", flush=True
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prepare", action="store_true", help="create the load staff and their items")
    arguments = parser.parse_args()
    database_url()
    setup_django(fast_hashing=False)  # the load staff log in to the real server
    if arguments.prepare:
        prepare()
    return 0


if __name__ == "__main__":
    sys.exit(main())
