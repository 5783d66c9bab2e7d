"""The live dashboard on PostgreSQL with 1 M applications, ~200 k open work items and 10 M events, against
the issue's limit of 500 ms p95 server time for the page and each of its parts.

Run: .venv/bin/python bench/dashboard.py [--applications 1000000] [--events 10000000] [--repeat 20]
     [--reuse [--keep-roll-up]]
It drops and creates the database named by YEKUO_DATABASE_URL (default `yekuo_bench_dashboard`; the name
must contain "bench"), builds the organisation and the staff through the services, then fills
applications, processes, work items, clock stops and events with bulk SQL (INSERT … SELECT over
generate_series): going through the services would take days. The events are bulk-inserted rows, not a
valid hash chain (the chain's links are written one at a time by record_event); the dashboard never reads
them, they are there so the tables and the cache look like a province's. `--reuse` keeps a database built
by an earlier run. Each run then times the 366-day requests with nothing rolled up, rolls every closed day
up into the daily figures as the worker does (timed), and times every request; `--keep-roll-up` keeps the
figures of an earlier run instead. Each request is timed in-process through Django's test client: URL routing,
middleware, session, view, every query and the template, i.e. the server's time without the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk_organisation import CITIES, COUNTIES_PER_CITY, STATIONS_PER_COUNTY, build_province_tree
from transitions import _postgres_admin  # the same URL helper as the other benchmarks

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yekuo_bench_dashboard"
SPREAD_DAYS = 365
TARGET_MS = 500.0


def setup_django(*, reuse: bool) -> None:
    url = os.environ.setdefault("YEKUO_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("YEKUO_DATA_DIR", tempfile.mkdtemp(prefix="yekuo-bench-dashboard-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "yekuo.config.settings"
    admin_url, name = _postgres_admin(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to use {name!r}: the database name must contain 'bench'")
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (reuse and exists):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # set-up speed only
    settings.ALLOWED_HOSTS = ["testserver"]
    # Pages are rendered without collectstatic having run: plain static URLs, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def build_organisation() -> None:
    """The province of bench/bulk_organisation.py through the services; a province administrator and a
    county head to look at it, one customer per city (at its last station)."""
    from yekuo.customers.factories import person_customer  # noqa: PLC0415
    from yekuo.org.factories import staff_with_role  # noqa: PLC0415
    from yekuo.org.roles import Role  # noqa: PLC0415

    units = build_province_tree()
    staff_with_role(role=Role.ADMINISTRATOR, unit=units["320000"], username="bench.province")
    staff_with_role(role=Role.UNIT_HEAD, unit=units["320101"], username="bench.county")
    for city_number in range(1, CITIES + 1):
        last_station = f"32{city_number:02d}{COUNTIES_PER_CITY:02d}{STATIONS_PER_COUNTY:03d}"
        person_customer(service_unit=units[last_station])


FILL_SQL = [
    # Supply stations numbered 0..n-1, each with its city's customer.
    """
    CREATE TEMP TABLE bench_station AS
    SELECT row_number() OVER (ORDER BY u.path) - 1 AS n, u.id, c.id AS customer_id
    FROM org_unit u
    JOIN customers_customer c ON c.service_unit_id IN (
        SELECT id FROM org_unit WHERE path LIKE substr(u.path, 1, 8) || '%%')
    WHERE u.level = 'supply_station'
    """,
    # One standard definition per category and business type, with its applicable stages ranked.
    """
    CREATE TEMP TABLE bench_definition AS
    SELECT DISTINCT ON (category, business_type) id, category, business_type
    FROM workflow_processdefinition WHERE variant = 'standard' OR category = 'low_voltage_residential'
    ORDER BY category, business_type, id
    """,
    """
    CREATE TEMP TABLE bench_stage AS
    SELECT sd.id, sd.definition_id, sd.stage, sd.owner, sd.role,
        row_number() OVER (PARTITION BY sd.definition_id ORDER BY sd.position) - 1 AS rank,
        count(*) OVER (PARTITION BY sd.definition_id) AS stages
    FROM workflow_stagedefinition sd JOIN bench_definition d ON d.id = sd.definition_id
    WHERE sd.condition = 'always' OR (sd.condition = 'high_reliability_fee'
        AND d.category = 'high_voltage_multiple_supply')
    """,
    "SELECT setseed(0.20261128)",
    # Applications received over the last year, evenly; low-voltage ones take 1-61 days, high-voltage ones
    # 30-430 (the customer's design and construction included): those not finished yet are open.
    """
    INSERT INTO applications_application (number, province_id, supply_station_id, customer_id,
        business_type, category, voltage_level, requested_capacity_kva, premises_address, channel,
        is_three_zero_eligible, is_important_customer, is_special_project, status, created_at,
        submitted_at, accepted_at, energised_at, closed_at, version)
    SELECT 'B' || lpad(g::text, 10, '0'), %(province)s, s.id, s.customer_id, r.business_type, r.category,
        CASE WHEN r.category LIKE 'low%%' THEN '380V' ELSE '10kV' END, 50, '江苏省', 'online',
        false, false, false,
        CASE WHEN r.received_at + r.took > now() THEN 'active' WHEN g %% 97 = 0 THEN 'cancelled'
            ELSE 'completed' END,
        r.received_at, r.received_at, r.received_at + interval '2 hours',
        CASE WHEN r.received_at + r.took <= now() THEN r.received_at + r.took END,
        CASE WHEN r.received_at + r.took <= now() THEN r.received_at + r.took END, 3
    FROM (
        SELECT g, now() - x.age_days * interval '1 day' AS received_at, x.age_days,
            CASE WHEN x.c < 0.60 THEN 'low_voltage_residential'
                WHEN x.c < 0.85 THEN 'low_voltage_non_residential'
                WHEN x.c < 0.97 THEN 'high_voltage_single_supply' ELSE 'high_voltage_multiple_supply' END
                AS category,
            CASE WHEN x.b < 0.8 THEN 'new_connection' ELSE 'capacity_increase' END AS business_type,
            CASE WHEN x.c < 0.85 THEN 1 + random() * 60 ELSE 30 + random() * 400 END * interval '1 day'
                AS took
        FROM (SELECT g, random() * %(spread)s AS age_days, random() AS c, random() AS b
              FROM generate_series(1, %(applications)s) g) x
    ) r
    JOIN bench_station s ON s.n = r.g %% %(stations)s
    """,
    """
    INSERT INTO workflow_applicationprocess (application_id, definition_id, rule_set_id,
        utility_working_days_used, whole_process_limit_days, whole_process_scope,
        counts_grid_supporting_works)
    SELECT a.id, d.id, %(rule_set)s,
        floor(random() * 1.3 * l.days)::int, l.days,
        CASE WHEN a.category = 'low_voltage_residential' THEN 'whole_process' ELSE 'utility_clocks' END, false
    FROM applications_application a
    JOIN bench_definition d ON d.category = a.category AND d.business_type = a.business_type
    JOIN (VALUES ('low_voltage_residential', 5), ('low_voltage_non_residential', 6),
                 ('high_voltage_single_supply', 22), ('high_voltage_multiple_supply', 32)) l(category, days)
        ON l.category = a.category
    """,
    # What the completing transition copies onto a completed application for the dashboard.
    """
    UPDATE applications_application a
    SET completed_utility_working_days = p.utility_working_days_used,
        completed_whole_process_limit_days = p.whole_process_limit_days
    FROM workflow_applicationprocess p
    WHERE p.application_id = a.id AND a.status = 'completed'
    """,
    # How far each open application has come: its open stage's rank.
    """
    CREATE TEMP TABLE bench_progress AS
    SELECT a.id AS application_id, p.definition_id,
        floor(random() * (SELECT max(stages) FROM bench_stage s WHERE s.definition_id = p.definition_id))
            AS open_rank
    FROM applications_application a JOIN workflow_applicationprocess p ON p.application_id = a.id
    WHERE a.status = 'active'
    """,
    # Completed applications: every applicable stage done, spread evenly between acceptance and closing.
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, closed_at, deadline_state, outcome_note)
    SELECT a.id, s.id, s.stage, s.owner, s.role, a.supply_station_id, 'completed', true,
        a.accepted_at + (a.closed_at - a.accepted_at) * s.rank / s.stages,
        a.accepted_at + (a.closed_at - a.accepted_at) * (s.rank + 1) / s.stages, 'on_time', ''
    FROM applications_application a
    JOIN workflow_applicationprocess p ON p.application_id = a.id
    JOIN bench_stage s ON s.definition_id = p.definition_id
    WHERE a.status = 'completed'
    """,
    # One in forty was returned once from its second stage.
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, closed_at, deadline_state, outcome_note)
    SELECT w.application_id, w.stage_definition_id, w.stage, w.owner, w.candidate_role, w.candidate_unit_id,
        'returned', false, w.opened_at - interval '1 day', w.opened_at, 'on_time', '资料不全'
    FROM workflow_workitem w JOIN bench_stage s ON s.id = w.stage_definition_id
    WHERE s.rank = 1 AND w.application_id %% 40 = 0
    """,
    # Open applications: the stages before the open one done, one a day; the open one due within two weeks.
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, closed_at, deadline_state, outcome_note)
    SELECT a.id, s.id, s.stage, s.owner, s.role, a.supply_station_id, 'completed', true,
        a.accepted_at + s.rank * interval '1 day', a.accepted_at + (s.rank + 1) * interval '1 day',
        'on_time', ''
    FROM bench_progress g
    JOIN applications_application a ON a.id = g.application_id
    JOIN bench_stage s ON s.definition_id = g.definition_id AND s.rank < g.open_rank
    """,
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, warn_at, due_at, deadline_state, outcome_note)
    SELECT x.application_id, x.id, x.stage, x.owner, x.role, x.supply_station_id, x.status, true,
        x.opened_at, x.due_at - interval '2 days', x.due_at,
        CASE WHEN x.due_at < now() THEN 'overdue' WHEN x.due_at - interval '2 days' < now() THEN 'warning'
            ELSE 'on_time' END, ''
    FROM (
        SELECT a.id AS application_id, s.id, s.stage, s.owner, s.role, a.supply_station_id,
            CASE WHEN random() < 0.5 THEN 'open' WHEN random() < 0.9 THEN 'claimed' ELSE 'suspended' END
                AS status,
            greatest(a.accepted_at + g.open_rank * interval '1 day', now() - interval '20 days') AS opened_at,
            greatest(a.accepted_at + g.open_rank * interval '1 day', now() - interval '20 days')
                + (1 + random() * 20) * interval '1 day' AS due_at
        FROM bench_progress g
        JOIN applications_application a ON a.id = g.application_id
        JOIN bench_stage s ON s.definition_id = g.definition_id AND s.rank = g.open_rank
    ) x
    """,
    # The suspended items have a clock stop in force; one in thirty finished applications had one.
    """
    INSERT INTO workflow_clockstop (work_item_id, application_id, reason, explanation, rectification_note,
        status, restarts_clock, requested_by_id, requested_at, decided_by_id, decided_at, started_at,
        ended_at)
    SELECT w.id, w.application_id,
        (ARRAY['customer_request', 'customer_documents', 'customer_design', 'customer_construction',
               'rectification', 'administrative_approval'])[1 + w.id %% 6],
        '客户原因', '', CASE WHEN w.status = 'suspended' THEN 'active' ELSE 'ended' END, false,
        %(actor)s, w.opened_at, %(actor)s, w.opened_at, w.opened_at,
        CASE WHEN w.status = 'suspended' THEN NULL ELSE w.closed_at END
    FROM workflow_workitem w
    WHERE w.status = 'suspended' OR (w.status = 'completed' AND w.application_id %% 30 = 0
        AND w.stage = 'site_survey')
    """,
]

EVENTS_SQL = """
INSERT INTO events_event (chain, sequence, occurred_at, actor_id, kind, application_id, work_item_id,
    subject_type, subject_id, old_values, new_values, previous_hash, hash)
SELECT '320000', %(offset)s + g, now() - (%(events)s - g) * interval '3 seconds', NULL,
    (ARRAY['application_submitted', 'application_accepted', 'work_item_opened', 'work_item_claimed',
           'work_item_completed', 'clock_started', 'clock_paused', 'application_completed'])[1 + g %% 8],
    %(first)s + (g - 1) %% %(applications)s, NULL, '', NULL, '{}'::jsonb, '{"bench": true}'::jsonb,
    md5((%(offset)s + g - 1)::text) || md5((%(offset)s + g - 1)::text),
    md5((%(offset)s + g)::text) || md5((%(offset)s + g)::text)
FROM generate_series(1, %(events)s) g
"""


def fill(applications: int, events: int) -> dict[str, int]:
    from django.db import connection, transaction  # noqa: PLC0415

    from yekuo.accounts.models import User  # noqa: PLC0415
    from yekuo.org.models import Unit, UnitLevel  # noqa: PLC0415
    from yekuo.workflow.models import RuleSet  # noqa: PLC0415

    parameters = {
        "province": Unit.objects.get(level=UnitLevel.PROVINCE_COMPANY).pk,
        "stations": Unit.objects.filter(level=UnitLevel.SUPPLY_STATION).count(),
        "rule_set": RuleSet.objects.order_by("-effective_from").first().pk,  # type: ignore[union-attr]
        "actor": User.objects.get(username="bench.county").pk,
        "applications": applications,
        "spread": SPREAD_DAYS,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in FILL_SQL:
            started = time.perf_counter()
            cursor.execute(statement, parameters)
            print(f"  {time.perf_counter() - started:7.1f} s  {' '.join(statement.split())[:90]}", flush=True)
        cursor.execute("SELECT min(id) FROM applications_application")
        first = int(cursor.fetchone()[0])
        cursor.execute("SELECT coalesce(max(sequence), 0) FROM events_event WHERE chain = '320000'")
        offset = int(cursor.fetchone()[0])  # the organisation's own events came first
        started = time.perf_counter()
        cursor.execute(
            EVENTS_SQL, {"events": events, "first": first, "applications": applications, "offset": offset}
        )
        cursor.execute(
            "INSERT INTO events_eventchain (key, last_sequence, last_hash)"
            " VALUES ('320000', %s, md5(%s::text) || md5(%s::text)) ON CONFLICT (key)"
            " DO UPDATE SET last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash",
            [offset + events, offset + events, offset + events],
        )
        print(f"  {time.perf_counter() - started:7.1f} s  {events:,} events", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return counts()


def counts() -> dict[str, int]:
    from django.db import connection  # noqa: PLC0415

    queries = {
        "applications": "SELECT count(*) FROM applications_application",
        "open applications": "SELECT count(*) FROM applications_application WHERE status = 'active'",
        "work items": "SELECT count(*) FROM workflow_workitem",
        "open work items": (
            "SELECT count(*) FROM workflow_workitem WHERE status IN ('open', 'claimed', 'suspended')"
        ),
        "clock stops": "SELECT count(*) FROM workflow_clockstop",
        "events": "SELECT count(*) FROM events_event",
    }
    with connection.cursor() as cursor:
        result = {}
        for name, query in queries.items():
            cursor.execute(query)
            result[name] = int(cursor.fetchone()[0])
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def time_requests(repeat: int, *, only: set[str] | None = None) -> list[dict[str, Any]]:
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from yekuo.accounts.models import User  # noqa: PLC0415
    from yekuo.org.models import Unit  # noqa: PLC0415
    from yekuo.workflow.models import ProcessDefinition  # noqa: PLC0415

    residential = ProcessDefinition.objects.get(code="low_voltage_residential.new_connection").pk
    high_voltage = ProcessDefinition.objects.get(code="high_voltage_single_supply.new_connection").pk
    county = Unit.objects.get(name="第1-1区县供电公司").pk
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("bench.province", "page (province, 13 cities)", reverse("monitoring:dashboard"), {}),
        ("bench.province", "page, last 366 days", reverse("monitoring:dashboard"), {"period_from": "LONG"}),
        (
            "bench.province",
            "section flow, last 366 days",
            reverse("monitoring:section", args=["flow"]),
            {"period_from": "LONG"},
        ),
        ("bench.county", "page (county, 10 stations)", reverse("monitoring:dashboard"), {}),
        (
            "bench.county",
            "page, county, last 366 days",
            reverse("monitoring:dashboard"),
            {"period_from": "LONG"},
        ),
    ]
    for name in ("work", "deadlines", "flow", "process"):
        cases.append(("bench.province", f"section {name}", reverse("monitoring:section", args=[name]), {}))
    cases += [
        (
            "bench.province",
            "process map, residential",
            reverse("monitoring:process_map", args=[residential]),
            {},
        ),
        ("bench.province", "process map, 10 kV", reverse("monitoring:process_map", args=[high_voltage]), {}),
        (
            "bench.province",
            "process map, residential, 366 days",
            reverse("monitoring:process_map", args=[residential]),
            {"period_from": "LONG"},
        ),
        (
            "bench.county",
            "process map, residential, county, 366 days",
            reverse("monitoring:process_map", args=[residential]),
            {"period_from": "LONG"},
        ),
        (
            "bench.county",
            "county section work",
            reverse("monitoring:section", args=["work"]),
            {"unit": county},
        ),
    ]
    from datetime import timedelta  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    today = timezone.localdate()
    results = []
    clients: dict[str, Client] = {}
    for username, label, url, case_query in cases:
        if only is not None and label not in only:
            continue
        query = case_query
        if case_query.get("period_from") == "LONG":
            query = {"period_from": (today - timedelta(days=365)).isoformat(), "period_to": today.isoformat()}
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
            client.force_login(User.objects.get(username=username))
        for _ in range(2):  # warm the caches and the connection
            if client.get(url, query).status_code != 200:
                raise SystemExit(f"{label}: {url} did not answer 200")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url, query)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
        result = {
            "label": label,
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "max": max(timings),
        }
        results.append(result)
        print(
            f"  {label:34} p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms"
            f"  max {result['max']:7.1f} ms"
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run built")
    parser.add_argument(
        "--keep-roll-up",
        action="store_true",
        help="with --reuse: keep the daily figures an earlier run rolled up (roll up only missing days)",
    )
    arguments = parser.parse_args()
    setup_django(reuse=arguments.reuse)
    from yekuo.org.models import Unit  # noqa: PLC0415

    if not (arguments.reuse and Unit.objects.exists()):
        started = time.perf_counter()
        build_organisation()
        print(f"organisation: {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        figures = fill(arguments.applications, arguments.events)
        print(f"bulk fill: {time.perf_counter() - started:.1f} s", flush=True)
    else:
        figures = counts()
    print(", ".join(f"{name}: {value:,}" for name, value in figures.items()), flush=True)
    from django.utils import timezone  # noqa: PLC0415

    from yekuo.workflow.daily_figures import forget_days, roll_up_closed_days  # noqa: PLC0415
    from yekuo.workflow.models import DailyFigure, DailyStageFigure  # noqa: PLC0415

    if not arguments.keep_roll_up:
        forget_days()  # measure the roll-up, and the long period without it, from scratch
        print("nothing rolled up (every day counted live):", flush=True)
        time_requests(
            arguments.repeat,
            only={"page, last 366 days", "section flow, last 366 days", "process map, residential, 366 days"},
        )
    started = time.perf_counter()
    days = roll_up_closed_days(now=timezone.now(), limit=1_000_000)
    seconds = time.perf_counter() - started
    print(
        f"roll-up of {days} closed days: {seconds:.1f} s ({seconds / max(days, 1) * 1000:.0f} ms a day), "
        f"{DailyFigure.objects.count():,} daily figures, {DailyStageFigure.objects.count():,} stage figures",
        flush=True,
    )
    results = time_requests(arguments.repeat)
    worst = max(result["p95"] for result in results)
    print(f"worst p95 {worst:.1f} ms (limit {TARGET_MS:.0f} ms): {'met' if worst < TARGET_MS else 'NOT met'}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
