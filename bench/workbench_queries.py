""" "My work" and the application search with 1 M applications and 200 k open work items on PostgreSQL.

Run:  .venv/bin/python bench/workbench_queries.py --build      # create and fill the database (minutes)
      .venv/bin/python bench/workbench_queries.py              # measure (the database is kept for locust)

The database is `yk_search_bench` (YEKUO_DATABASE_URL overrides; its name must contain "bench"). --build
drops and creates it, migrates, creates the organisation (1 province, 13 cities, 104 counties, 1,040 supply
stations) and the measured staff through the services, then fills customers, applications, work items and
clock stops with bulk SQL (INSERT ... SELECT generate_series), not through the services: a million
transitions would take hours, and search reads only these tables. What the SQL writes:

- 500,000 customers (persons; name, mobile, identity number, address) with their log-in accounts;
- 1,000,000 applications over three years: 78 % completed, 18 % active, 1 % suspended, 2 % cancelled,
  1 % drafts (no number); numbers `<county code>-<day>-<7 digits>`;
- one active work item per active or suspended application, and a second one for a ninth of them
  (parallel tracks): about 200,000, on every utility stage, due from 10 days ago to 20 days ahead, marked
  warning or overdue as the sweep would; one completed item per completed application;
- 30,000 ended clock stops over the completed applications.

Then it times, in-process through Django's test client (server time: URL routing, middleware, session,
queries and template; no network), each page PAGE_REPEATS times per persona or search, and prints p50/p95
with EXPLAIN ANALYZE of each page's slowest query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk_organisation import build_province_tree  # the benchmarks' shared province

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 10, tzinfo=SHANGHAI)  # a Friday: "due this week" reaches Sunday
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yk_search_bench"
CUSTOMERS, APPLICATIONS, CLOCK_STOPS = 500_000, 1_000_000, 30_000
PAGE_REPEATS = 30
TARGET_MS = 100.0
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉建国建华志强"
STREETS = [
    "上元大街", "天元东路", "双龙大道", "秣周东路", "胜太路", "竹山路", "金盛路", "苏源大道", "诚信大道",
    "佳湖西路", "东山街道", "秣陵街道", "汤山街道", "淳化街道", "禄口街道", "江宁街道", "横溪街道",
]  # fmt: skip


def database_url() -> str:
    url = os.environ.setdefault("YEKUO_DATABASE_URL", DEFAULT_URL)
    if "bench" not in urlsplit(url).path:
        raise SystemExit("refusing to use a database whose name does not contain 'bench'")
    return url


def recreate_database(url: str) -> None:
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(*, fast_hashing: bool = True) -> None:
    os.environ.setdefault("YEKUO_DATA_DIR", tempfile.mkdtemp(prefix="yekuo-bench-search-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "yekuo.config.settings"
    os.environ.pop("YEKUO_DEMO", None)
    os.environ["YEKUO_LOG_LEVEL"] = "WARNING"
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    if fast_hashing:  # set-up speed only; nobody logs in to the measured accounts
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]


def build_organisation() -> None:
    """The unit tree and the measured staff, through the services (a few thousand rows)."""
    from yekuo.org.factories import staff_with_role  # noqa: PLC0415
    from yekuo.org.roles import Role  # noqa: PLC0415

    units = build_province_tree()
    staff_with_role(role=Role.INTAKE_CLERK, unit=units["320101001"], username="bench.intake")
    for role, username in (
        (Role.SURVEYOR, "bench.surveyor"),
        (Role.UNIT_HEAD, "bench.county.head"),
        (Role.INSPECTOR, "bench.inspector"),
    ):
        staff_with_role(role=role, unit=units["320101"], username=username)
    staff_with_role(role=Role.SCHEME_APPROVER, unit=units["320100"], username="bench.approver")
    staff_with_role(role=Role.MARKETING_MANAGER, unit=units["320000"], username="bench.marketing")


BULK_SQL = [
    # Customers and their accounts: ids line up (account n ↔ customer n) because both tables start empty
    # apart from the staff accounts, whose ids come first; `offset` skips them.
    """
    INSERT INTO accounts_user (password, username, kind, display_name, email, preferred_language,
        is_active, is_staff, is_superuser, joined_at)
    SELECT '!', '13' || lpad(n::text, 9, '0'), 'customer',
        substr(%(surnames)s::text, (1 + (n::bigint * 7919) %% char_length(%(surnames)s::text))::int, 1)
            || substr(%(given)s::text, (1 + (n::bigint * 104729) %% char_length(%(given)s::text))::int, 1)
            || substr(%(given)s::text, (1 + (n::bigint * 1299709) %% char_length(%(given)s::text))::int, 1),
        '', '', true, false, false, %(now)s
    FROM generate_series(1, %(customers)s) n
    """,
    """
    INSERT INTO customers_customer (account_id, party_kind, name, identity_document_type, identity_number,
        credit_code, legal_representative, contact_name, mobile_number, address, service_unit_id,
        registered_at)
    SELECT u.id, 'person', u.display_name, 'resident_identity_card',
        s.region_code || lpad((u.id %% 1000000000)::text, 11, '0') || '1', '', '', '', u.username,
        (%(streets)s::text[])[1 + u.id %% array_length(%(streets)s::text[], 1)] || (1 + u.id %% 300) || '号',
        s.id, %(now)s
    FROM accounts_user u
    JOIN (SELECT id, substr(region_code, 1, 6) AS region_code,
                 row_number() OVER (ORDER BY id) - 1 AS position FROM org_unit WHERE depth = 4) s
      ON s.position = u.id %% %(stations)s
    WHERE u.kind = 'customer'
    """,
    """
    INSERT INTO applications_application (number, province_id, supply_station_id, customer_id,
        business_type, category, voltage_level, requested_capacity_kva, premises_address, channel,
        is_three_zero_eligible, is_important_customer, is_special_project, status, created_at,
        submitted_at, accepted_at, energised_at, closed_at, version)
    SELECT CASE WHEN kind = 'draft' THEN NULL
                ELSE substr(s.region_code, 1, 6) || '-' || to_char(created_at, 'YYYYMMDD') || '-'
                     || lpad(n::text, 7, '0') END,
        %(province)s, c.service_unit_id, c.id,
        (ARRAY['new_connection', 'new_connection', 'new_connection', 'capacity_increase',
               'charging_facility'])[1 + n %% 5],
        category, CASE WHEN category LIKE 'low%%' THEN '380V' ELSE '10kV' END,
        CASE WHEN category LIKE 'low%%' THEN 60 ELSE 800 END, c.address,
        (ARRAY['online', 'counter', 'phone_95598', 'account_manager'])[1 + n %% 4],
        category LIKE 'low%%', false, false, kind, created_at,
        CASE WHEN kind = 'draft' THEN NULL ELSE created_at END,
        CASE WHEN kind IN ('draft') THEN NULL ELSE created_at + interval '1 day' END,
        CASE WHEN kind = 'completed' THEN created_at + interval '20 days' END,
        CASE WHEN kind IN ('completed', 'cancelled') THEN created_at + interval '20 days' END,
        3
    FROM (
        SELECT n, 1 + (n * 15485863::bigint) %% %(customers)s AS customer_position,
            (ARRAY['low_voltage_residential', 'low_voltage_residential', 'low_voltage_residential',
                   'low_voltage_non_residential', 'high_voltage_single_supply',
                   'high_voltage_multiple_supply'])[1 + (n / 7) %% 6] AS category,
            CASE WHEN n %% 100 < 78 THEN 'completed' WHEN n %% 100 < 96 THEN 'active'
                 WHEN n %% 100 < 97 THEN 'suspended' WHEN n %% 100 < 99 THEN 'cancelled'
                 ELSE 'draft' END AS kind,
            %(now)s::timestamptz - (random() * 1095) * interval '1 day' AS created_at
        FROM generate_series(1, %(applications)s) n
    ) a
    JOIN customers_customer c ON c.id = (SELECT min(id) FROM customers_customer) + a.customer_position - 1
    JOIN org_unit s ON s.id = c.service_unit_id
    """,
    # Active applications were received recently: their open stages are what the work lists show.
    """
    UPDATE applications_application
    SET created_at = %(now)s::timestamptz - (random() * 60) * interval '1 day'
    WHERE status IN ('active', 'suspended')
    """,
    "UPDATE applications_application SET submitted_at = created_at,"
    " accepted_at = created_at + interval '1 day' WHERE status IN ('active', 'suspended')",
    """
    CREATE TEMP TABLE bench_stage AS
    SELECT row_number() OVER (ORDER BY stage) - 1 AS position, stage, role, min(id) AS definition_id
    FROM workflow_stagedefinition WHERE owner = 'utility' GROUP BY stage, role
    """,
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, claimed_at, warn_at, due_at, deadline_state,
        outcome_note)
    SELECT a.id, st.definition_id, st.stage, 'utility', st.role, a.supply_station_id,
        CASE WHEN a.status = 'suspended' THEN 'suspended' WHEN a.id %% 3 = 0 THEN 'claimed' ELSE 'open' END,
        true, due - interval '8 days', NULL, due - interval '2 days', due,
        CASE WHEN due < %(now)s THEN 'overdue' WHEN due - interval '2 days' < %(now)s THEN 'warning'
             ELSE 'on_time' END,
        ''
    FROM (
        SELECT a.*, track,
            date_trunc('day', %(now)s::timestamptz + (random() * 30 - 10) * interval '1 day')
                + interval '1 day' AS due
        FROM applications_application a, generate_series(0, 1) track
        WHERE a.status IN ('active', 'suspended') AND (track = 0 OR a.id %% 9 = 0)
    ) a
    JOIN bench_stage st ON st.position = (a.id + a.track * 5) %% (SELECT count(*) FROM bench_stage)
    """,
    """
    INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,
        candidate_unit_id, status, is_current, opened_at, closed_at, deadline_state, outcome_note)
    SELECT a.id, st.definition_id, st.stage, 'utility', st.role, a.supply_station_id, 'completed', true,
        a.created_at, a.closed_at, 'on_time', ''
    FROM applications_application a
    JOIN bench_stage st ON st.position = a.id %% (SELECT count(*) FROM bench_stage)
    WHERE a.status = 'completed'
    """,
    """
    INSERT INTO workflow_clockstop (work_item_id, application_id, reason, explanation, rectification_note,
        status, restarts_clock, requested_by_id, requested_at, decided_at, started_at, ended_at)
    SELECT w.id, w.application_id,
        (ARRAY['customer_request', 'customer_documents', 'customer_design', 'customer_construction',
               'rectification', 'administrative_approval'])[1 + w.id %% 6],
        '', '', 'ended', false, (SELECT min(id) FROM accounts_user), w.opened_at, w.opened_at,
        w.opened_at, w.opened_at + interval '3 days'
    FROM workflow_workitem w WHERE w.status = 'completed' AND w.id %% 26 = 0 LIMIT %(clock_stops)s
    """,
]


def build() -> None:
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    recreate_database(database_url())
    setup_django()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    build_organisation()
    print(f"migrated and built the organisation in {time.perf_counter() - started:.0f} s", flush=True)
    from yekuo.org.models import Unit  # noqa: PLC0415

    parameters: dict[str, Any] = {
        "now": NOW,
        "surnames": SURNAMES,
        "given": GIVEN,
        "streets": STREETS,
        "customers": CUSTOMERS,
        "applications": APPLICATIONS,
        "clock_stops": CLOCK_STOPS,
        "stations": Unit.objects.filter(depth=4).count(),
        "province": Unit.objects.get(depth=1).pk,
    }
    with connection.cursor() as cursor:
        for statement in BULK_SQL:
            began = time.perf_counter()
            cursor.execute(statement, parameters)
            print(f"{time.perf_counter() - began:6.0f} s  {' '.join(statement.split())[:90]}", flush=True)
    connection.close()
    import psycopg  # noqa: PLC0415

    with psycopg.connect(database_url(), autocommit=True) as direct:
        direct.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


@dataclass(frozen=True)
class Case:
    what: str
    who: str
    url: str


def cases() -> list[Case]:
    from yekuo.applications.models import Application  # noqa: PLC0415
    from yekuo.customers.models import Customer  # noqa: PLC0415
    from yekuo.org.models import Unit  # noqa: PLC0415

    work = "/workbench/work/"
    search = "/workbench/applications/"
    county = Unit.objects.get(region_code="320101")
    sample = Application.objects.filter(supply_station__path__startswith=county.path, number__isnull=False)
    application = sample.order_by("-pk").first()
    if application is None or application.number is None:
        raise SystemExit("build the database first: --build")
    customer = Customer.objects.get(pk=application.customer_id)
    common_name = Customer.objects.values_list("name", flat=True).first() or "王"

    def q(**terms: str) -> str:
        return f"{search}?{urlencode(terms)}"

    return [
        Case("My work: intake clerk of a station", "bench.intake", work),
        Case("My work: surveyor of a county (10 stations)", "bench.surveyor", work),
        Case("My work: scheme approver of a city (80 stations)", "bench.approver", work),
        Case("My work: county head, overdue filter", "bench.county.head", f"{work}?deadline=overdue"),
        Case("My work: page 5", "bench.surveyor", f"{work}?page=5"),
        Case("Search: no terms, whole province", "bench.marketing", search),
        Case("Search: exact number, whole province", "bench.marketing", q(q=application.number)),
        Case("Search: number prefix (county and month)", "bench.marketing", q(q=application.number[:13])),
        Case("Search: customer full name", "bench.marketing", q(q=common_name)),
        Case("Search: customer surname prefix", "bench.marketing", q(q=common_name[:1])),
        Case("Search: address substring", "bench.marketing", q(q="上元大街1")),
        Case("Search: mobile number", "bench.marketing", q(q=customer.mobile_number)),
        Case("Search: address, county head", "bench.county.head", q(q="天元东路")),
        Case(
            "Search: active + site survey + city",
            "bench.marketing",
            q(status="active", stage="site_survey", unit=str(Unit.objects.get(region_code="320100").pk)),
        ),
        Case(
            "Search: category + received month",
            "bench.marketing",
            q(category="high_voltage_single_supply", received_from="2025-03-01", received_to="2025-03-31"),
        ),
        Case("Search: overdue, county", "bench.marketing", q(deadline="overdue", unit=str(county.pk))),
        Case("Search: due this week, whole province", "bench.marketing", q(due="week")),
        Case(
            "Search: clock stop reason + completed month",
            "bench.marketing",
            q(clock_stop_reason="rectification", completed_from="2025-06-01", completed_to="2025-06-30"),
        ),
        Case("Search: page 100", "bench.marketing", q(page="100")),
        Case(
            "API: search, address + status", "bench.marketing", "/api/v1/applications?q=胜太路&status=active"
        ),
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * fraction) - 1)]


def explain(sql: str) -> tuple[float, str]:
    """EXPLAIN ANALYZE of one statement: its execution time and the plan's top nodes."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    execution = next(line for line in lines if line.startswith("Execution Time"))
    nodes = [line.strip() for line in lines if "->" in line or line == lines[0]]
    return float(execution.split(":")[1].split()[0]), " | ".join(node.split("  (")[0] for node in nodes[:4])


def measure(case: Case, login: Callable[[str], Any]) -> tuple[list[float], int, float, str]:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from yekuo.core import clock  # noqa: PLC0415

    client = login(case.who)
    timings: list[float] = []
    with clock.frozen_at(NOW):
        for _ in range(PAGE_REPEATS):
            began = time.perf_counter()
            response = client.get(case.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            timings.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{case.url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(case.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    explained_ms, plan = explain(slowest["sql"])
    return timings, len(captured.captured_queries), explained_ms, plan


def run_measurements(*, show_plans: bool) -> int:
    setup_django()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages use the manifest storage

    from yekuo.accounts.models import User  # noqa: PLC0415

    connection.force_debug_cursor = False
    clients: dict[str, Client] = {}

    def login(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM applications_application")
        applications = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workflow_workitem WHERE status IN ('open','claimed','suspended')"
        )
        active = cursor.fetchone()[0]
    print(f"{applications:,} applications, {active:,} active work items; {PAGE_REPEATS} requests per row")
    print("| what | who | p50 ms | p95 ms | queries | slowest query, EXPLAIN ANALYZE ms |")
    print("|---|---|---:|---:|---:|---:|")
    worst = 0.0
    for case in cases():
        timings, queries, explained_ms, plan = measure(case, login)
        p95 = percentile(timings, 0.95)
        worst = max(worst, p95)
        print(
            f"| {case.what} | {case.who} | {statistics.median(timings):.1f} | {p95:.1f} | {queries} "
            f"| {explained_ms:.1f} |",
            flush=True,
        )
        if show_plans:
            print(f"    plan: {plan}")
    print(f"worst p95: {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
    return 0 if worst < TARGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--build", action="store_true", help="drop, create and fill the database first")
    parser.add_argument("--plans", action="store_true", help="print the top of each slowest query's plan")
    arguments = parser.parse_args()
    database_url()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if arguments.build:
        build()
        return 0
    return run_measurements(show_plans=arguments.plans)


if __name__ == "__main__":
    sys.exit(main())
