"""The ceiling of the HTTP load test: the same 50 logged-in staff as bench/locustfile.py, each looping on
the lightest authenticated request yekuo serves (`GET /api/v1/me`: the session, the account, a few hundred
bytes of JSON), through the same server, middleware and load generator.

What this rate leaves per request is what the stack alone costs (gunicorn, Django's request cycle and
middleware, the session and account reads, locust) before any page does its work; the mixed workload
cannot run faster than this. Run it with `bench/load_run.py --ceiling`.
"""

from __future__ import annotations

import locustfile  # the module, not its classes: locust would run every user class found here
from locust import task


class Ceiling(locustfile.LoggedInStaff):
    @task
    def me(self) -> None:
        self.client.get("/api/v1/me", name="API me")
