"""`yekuo worker`: one leader among several workers, one cycle per interval, a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from tests.workflow.test_clocks import accepted_high_voltage
from yekuo import cli
from yekuo.customers.models import Customer
from yekuo.notifications.models import Delivery, DeliveryStatus
from yekuo.workflow.leadership import SCHEDULER_LEASE, lease_acquire, lease_current, lease_release
from yekuo.workflow.management.commands import worker as worker_command
from yekuo.workflow.models import DailyFigureDay, DeadlineState, WorkerLease
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

START = at(2026, 3, 2)
LEASE = timedelta(seconds=60)


def acquire(holder: str, seconds: int) -> bool:
    return lease_acquire(
        name=SCHEDULER_LEASE, holder=holder, now=START + timedelta(seconds=seconds), duration=LEASE
    )


@pytest.mark.django_db
def test_one_worker_leads_and_another_takes_over_only_after_the_lease_expires() -> None:
    assert acquire("worker-a", 0)
    assert not acquire("worker-b", 0)
    assert acquire("worker-a", 30)  # renewed until 90 s
    assert not acquire("worker-b", 61)
    assert not acquire("worker-b", 89)
    assert acquire("worker-b", 90)  # worker-a stopped renewing: it died
    assert not acquire("worker-a", 91)
    assert lease_current(name=SCHEDULER_LEASE).holder == "worker-b"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_released_lease_is_taken_over_at_once() -> None:
    assert acquire("worker-a", 0)
    assert not lease_release(name=SCHEDULER_LEASE, holder="worker-b")  # only the holder releases

    assert lease_release(name=SCHEDULER_LEASE, holder="worker-a")
    assert acquire("worker-b", 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lease_exists", [False, True], ids=["first-start", "after-expiry"])
def test_workers_racing_for_the_lease_on_separate_connections_yield_one_leader(lease_exists: bool) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections: run with YEKUO_DATABASE_URL=postgres://…")
    if lease_exists:
        WorkerLease.objects.create(name=SCHEDULER_LEASE, holder="dead-worker", expires_at=START)
    contenders = 8
    barrier = threading.Barrier(contenders)
    results: list[str] = []

    def contend(number: int) -> None:
        try:
            barrier.wait()
            results.append("leader" if acquire(f"worker-{number}", 5) else "standby")
        except Exception as error:  # any failure is what the test must reveal
            results.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=contend, args=(number,)) for number in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(results) == {"leader": 1, "standby": contenders - 1}
    assert WorkerLease.objects.get().holder.startswith("worker-")


def test_one_cycle_sweeps_and_delivers_and_prints_one_line(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "console")
    survey = open_item(accepted_high_voltage(crew, factory_owner), Stage.SITE_SURVEY)
    test_clock.set(at(2026, 3, 18))
    output = StringIO()

    call_command("worker", "--once", stdout=output)

    survey.refresh_from_db()
    assert survey.deadline_state == DeadlineState.WARNING
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    cycle, stopped = output.getvalue().splitlines()
    assert cycle.startswith("2026-03-18T09:00:00+08:00 leader: ")
    assert "warned=1" in cycle
    assert "deliveries sent=1 retrying=0 failed=0" in cycle
    # The closed days, from the submission on 2 March to yesterday, rolled up for the dashboard.
    assert cycle.endswith(" days_rolled_up=16")
    assert DailyFigureDay.objects.latest("day").day == date(2026, 3, 17)
    assert stopped.startswith("worker ")
    assert stopped.endswith(" stopped")
    assert not WorkerLease.objects.exists()  # released on the way out


def test_while_another_worker_leads_the_cycle_only_waits(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    survey = open_item(accepted_high_voltage(crew, factory_owner), Stage.SITE_SURVEY)
    test_clock.set(at(2026, 3, 18))
    lease_acquire(name=SCHEDULER_LEASE, holder="host-b:4242:abcdef", now=test_clock.now, duration=LEASE)
    output = StringIO()

    call_command("worker", "--once", stdout=output)

    survey.refresh_from_db()
    assert survey.deadline_state == DeadlineState.ON_TIME
    assert output.getvalue().splitlines()[0] == (
        "2026-03-18T09:00:00+08:00 standby: the scheduler lease is held by host-b:4242:abcdef "
        "until 2026-03-18T09:01:00+08:00"
    )
    assert lease_current(name=SCHEDULER_LEASE).holder == "host-b:4242:abcdef"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_sigterm_ends_the_loop_after_the_cycle_in_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    cycles: list[str] = []

    def sweep_then_receive_sigterm(**arguments: object) -> object:
        cycles.append("sweep")
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd stopping the service mid-cycle
        return deadline_sweep(**arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(worker_command, "deadline_sweep", sweep_then_receive_sigterm)
    previous_handler = signal.getsignal(signal.SIGTERM)
    output = StringIO()

    call_command(
        "worker", "--interval", "3600", "--lease-seconds", "7200", stdout=output
    )  # well before an hour

    lines = output.getvalue().splitlines()
    assert cycles == ["sweep"]
    assert " leader: " in lines[0]
    assert lines[-1].endswith(" stopped")
    assert not WorkerLease.objects.exists()
    assert signal.getsignal(signal.SIGTERM) == previous_handler


def test_a_lease_shorter_than_the_interval_is_refused() -> None:
    with pytest.raises(CommandError, match="--lease-seconds must be longer than --interval"):
        call_command("worker", "--interval", "60", "--lease-seconds", "60")


@pytest.mark.django_db
def test_the_cli_shortcut_runs_the_worker(capsys: pytest.CaptureFixture[str]) -> None:
    assert "worker" in cli.MANAGEMENT_SHORTCUTS

    assert cli.main(["worker", "--once"]) == 0

    assert " leader: " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        pytest.param("postgres://postgres@127.0.0.1:9/unreachable", "port 9", id="unreachable"),
        pytest.param("", "yekuo manage migrate", id="not-migrated"),  # a fresh SQLite file
    ],
)
def test_a_database_it_cannot_use_ends_the_worker_with_one_line_and_status_1(
    tmp_path: Path, database_url: str, expected: str
) -> None:
    environment = {**os.environ, "YEKUO_DATABASE_URL": database_url, "YEKUO_DATA_DIR": str(tmp_path)}

    finished = subprocess.run(  # our own CLI, fixed arguments
        [sys.executable, "-m", "yekuo.cli", "worker", "--once"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 1
    [line] = finished.stderr.strip().splitlines()  # the message is in the configured language
    assert line.startswith("CommandError: ")
    assert expected in line
