"""50 concurrent staff on a mixed workbench workload, for locust (MIT; the `bench` extra).

Prepare the database with `bench/workbench_queries.py --build` and `bench/load_test.py --prepare`, start
`yekuo serve` on it, then:

    .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 120s --host http://127.0.0.1:8000 \
        --csv var/locust

or let bench/load_run.py do all of it and read each process group's CPU per request as well.

Each simulated user logs in once through the log-in form as one of the load-test staff (`load.clerk.N`,
intake clerks at a station, or `load.surveyor.N`, surveyors of a county), then loops without think time.
When the last user has logged in, the log-ins' figures are printed and the statistics start afresh, so
the figures locust reports at the end are the steady mixed workload (Argon2 log-ins cost a few hundred
milliseconds of CPU each and happen once a day per person, not 50 at once):

| weight | request |
|---:|---|
| 30 | My work (/workbench/work/), sometimes with a deadline filter |
| 25 | the application search with one of the typical searches |
| 15 | an application's page, picked from the user's last list |
| 10 | a work item's page, picked from My work |
| 10 | the API's application list (session authentication) |
| 10 | find one of today's real applications at the user's stage (search by number prefix and stage), open
       it, claim its item and complete it through the stage's form (acceptance or site survey) |
"""

from __future__ import annotations

import itertools
import random
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from locust import FastHttpUser, between, task

PASSWORD = "load-test-2026"  # noqa: S105  # set by bench/load_test.py on the bench database only
LOAD_STAFF = 25  # of each kind; bench/load_test.py creates them
# The counties of the load staff: the bulk build's counties in tree order, skipping the first (whose staff
# the query benchmark measures); bench/load_test.py takes the same slice.
LOAD_COUNTY_CODES = [f"32{city:02d}{county:02d}" for city in range(1, 14) for county in range(1, 9)][
    1 : LOAD_STAFF + 1
]
_numbers = itertools.count()
_logged_in = itertools.count(1)
SEARCHES = [
    "?q=上元大街",
    "?q=王",
    "?status=active&stage=site_survey",
    "?deadline=overdue",
    "?due=week",
    "?category=high_voltage_single_supply&received_from=2025-03-01&received_to=2025-03-31",
    "?q=3201",
    "?clock_stop_reason=rectification",
]
APPLICATION_LINK = re.compile(r'href="/workbench/applications/(\d+)/"')
WORK_ITEM_LINK = re.compile(r'href="/workbench/work/(\d+)/"')
SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> datetime:
    """The day in China, as application numbers and the forms count days (UTC is a day behind after 16:00)."""
    return datetime.now(SHANGHAI)


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoggedInStaff(FastHttpUser):
    """A member of the load-test staff, logged in through the form; the tasks are the subclass's.
    geventhttpclient's client (FastHttpUser), not requests': it uses several times less CPU per request,
    which matters when the load generator shares the server's two cores."""

    abstract = True
    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        number = next(_numbers)
        self.is_clerk = number % 2 == 0
        kind = "clerk" if self.is_clerk else "surveyor"
        position = number // 2 % LOAD_STAFF
        self.username = f"load.{kind}.{position + 1}"
        self.county_code = LOAD_COUNTY_CODES[position]
        page = self.client.get("/workbench/login/", name="log-in page").text
        self.client.post(
            "/workbench/login/",
            urlencode(
                {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf(page)}
            ),
            headers={
                "Referer": f"{self.host}/workbench/login/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="log in",
        )
        if next(_logged_in) == self.environment.runner.target_user_count:
            self._start_steady_state()
        self.application_ids: list[str] = []
        self.work_item_ids: list[str] = []

    def _start_steady_state(self) -> None:
        stats = self.environment.runner.stats
        log_in = stats.get("log in", "POST")
        print(
            f"all {log_in.num_requests} log-ins done ({log_in.num_failures} failed): median "
            f"{log_in.median_response_time} ms, slowest {log_in.max_response_time:.0f} ms; "
            "statistics reset for the steady workload",
            flush=True,
        )
        stats.reset_all()

    def _cookie(self, name: str) -> str:
        return next((cookie.value or "" for cookie in self.client.cookiejar if cookie.name == name), "")

    def _csrf(self, page: str) -> str:
        match = CSRF_FIELD.search(page)
        return match.group(1) if match else self._cookie("csrftoken")

    def _post(self, path: str, data: dict[str, str], *, name: str) -> Any:
        token = self._cookie("csrftoken")
        return self.client.post(
            path,
            urlencode({**data, "csrfmiddlewaretoken": token}),
            headers={
                "Referer": f"{self.host}{path}",
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name=name,
            allow_redirects=False,
        )


class Staff(LoggedInStaff):
    """The mixed workbench workload of the module's docstring."""

    @task(30)
    def my_work(self) -> None:
        query = random.choice(["", "", "", "?deadline=overdue", "?deadline=warning"])
        page = self.client.get(f"/workbench/work/{query}", name="my work").text
        self.work_item_ids = WORK_ITEM_LINK.findall(page)
        self.application_ids = APPLICATION_LINK.findall(page) or self.application_ids

    @task(25)
    def search(self) -> None:
        page = self.client.get(f"/workbench/applications/{random.choice(SEARCHES)}", name="search").text
        self.application_ids = APPLICATION_LINK.findall(page) or self.application_ids

    @task(15)
    def application_page(self) -> None:
        if self.application_ids:
            application_id = random.choice(self.application_ids)
            self.client.get(f"/workbench/applications/{application_id}/", name="application page")

    @task(10)
    def work_item_page(self) -> None:
        if self.work_item_ids:
            self.client.get(f"/workbench/work/{random.choice(self.work_item_ids)}/", name="work item page")

    @task(10)
    def api_list(self) -> None:
        self.client.get("/api/v1/applications?status=active&limit=20", name="API application list")

    @task(10)
    def claim_and_complete(self) -> None:
        """Find one of today's real applications at the user's stage by number prefix and stage, open it,
        claim its item and complete it through the stage's form."""
        stage = "acceptance" if self.is_clerk else "site_survey"
        # Running applications only: a household's acceptance without its identity document stops the
        # clock for the missing-documents notice, and a suspended item can no longer be completed (409).
        query = f"?q={self.county_code}-{today():%Y%m%d}&stage={stage}&status=active"
        page = self.client.get(f"/workbench/applications/{query}", name="search").text
        applications = APPLICATION_LINK.findall(page)
        if not applications:
            return
        application_id = random.choice(applications[:20])
        page = self.client.get(f"/workbench/applications/{application_id}/", name="application page").text
        items = WORK_ITEM_LINK.findall(page)
        if not items:
            return
        item = items[-1]
        claimed = self._post(
            f"/workbench/work-items/{item}/claim/", {"next": "/workbench/work/"}, name="claim"
        )
        if claimed.status_code != 302:
            return
        outcome = (
            {"outcome-remarks": "load test"}
            if self.is_clerk
            else {
                "outcome-surveyed_on": f"{today():%Y-%m-%d}",
                "outcome-site_conditions": "场地平整",
                "outcome-nearest_supply_point": "10kV 1号杆",
                "outcome-suggested_voltage": "10kV",
            }
        )
        self._post(f"/workbench/work/{item}/complete/", outcome, name="complete")
