"""Who works each stage in the demo, and plausible stage outcomes."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from django.utils import timezone

from yekuo.accounts.models import User
from yekuo.applications import outcomes
from yekuo.applications.choices import LOW_VOLTAGE_CATEGORIES, VoltageLevel
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.org.models import RoleAssignment
from yekuo.org.roles import Role
from yekuo.workflow.stages import Stage

DEFECTS = (
    outcomes.Defect("接地电阻实测 6.2Ω，超过 4Ω 的要求", "配电室接地网", "GB 50169"),
    outcomes.Defect("电缆沟进线处未做防火封堵", "电缆沟", "GB 50217"),
    outcomes.Defect("高压柜五防闭锁装置失灵", "2# 高压柜", "DL/T 538"),
    outcomes.Defect("变压器室通风百叶缺少防小动物网", "变压器室", ""),
)
WORKDAY_START, WORKDAY_END = time(8, 30), time(17, 30)


def working_hours(moment: datetime) -> datetime:
    """Move a moment into office hours (08:30-17:30, Monday to Friday) in the utility's time zone."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5 or local.time() >= WORKDAY_END:
        local = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), WORKDAY_START))
    if local.time() < WORKDAY_START:
        local = timezone.make_aware(datetime.combine(local.date(), WORKDAY_START))
    return local


@lru_cache(maxsize=512)
def _actor_id(station_path: str, role: str) -> int:
    assignments = (
        RoleAssignment.objects.filter(role=role).select_related("unit", "staff").order_by("-unit__depth")
    )
    for assignment in assignments:
        if station_path.startswith(assignment.unit.path):
            return int(assignment.staff.account_id)
    raise LookupError(f"no demo staff member holds {role} over {station_path}")


def pick_actor(application: Application, role: Role) -> User:
    """The nearest staff member holding the role over the application's supply station."""
    return User.objects.get(pk=_actor_id(application.supply_station.path, role))


def reset_actor_cache() -> None:
    _actor_id.cache_clear()


def outcome_for(  # noqa: PLR0911  # one outcome per stage
    stage: str, *, application: Application, passed: bool, rng: random.Random
) -> outcomes.StageOutcome:
    now = clock.now()
    today = timezone.localtime(now).date()
    low_voltage = application.category in LOW_VOLTAGE_CATEGORIES
    voltage = application.voltage_level if not low_voltage else VoltageLevel.V380
    match stage:
        case Stage.ACCEPTANCE:
            return outcomes.AcceptanceOutcome()
        case Stage.SITE_SURVEY:
            return outcomes.SiteSurveyOutcome(
                surveyed_on=today,
                site_conditions="现场具备接电条件，周边有 10kV 公用线路",
                nearest_supply_point=f"10kV {application.supply_station.short_name}线#{rng.randint(3, 60)}杆",
                suggested_voltage=voltage,
            )
        case Stage.SUPPLY_SCHEME_DRAFTING:
            fees = (
                (
                    outcomes.FeeItem(
                        "高可靠性供电费",
                        Decimal(application.requested_capacity_kva) * 210,
                        "发改价格〔2017〕1895号",
                    ),
                )
                if application.category == "high_voltage_multiple_supply"
                else ()
            )
            return outcomes.SupplySchemeDraftOutcome(
                connection_point=f"10kV {application.supply_station.short_name}线 #{rng.randint(3, 60)} 杆",
                supply_voltage=voltage,
                circuit_count=2 if fees else 1,
                supply_capacity_kva=Decimal(application.requested_capacity_kva),
                metering_method="低供低计" if low_voltage else "高供高计",
                fee_items=fees,
            )
        case Stage.SUPPLY_SCHEME_APPROVAL:
            return outcomes.SupplySchemeApprovalOutcome()
        case Stage.DESIGN_REVIEW | Stage.MID_CONSTRUCTION_INSPECTION | Stage.COMPLETION_INSPECTION:
            defects = () if passed else tuple(rng.sample(DEFECTS, 2))
            return outcomes.InspectionOutcome(inspected_on=today, passed=passed, defects=defects)
        case Stage.GRID_SUPPORTING_WORKS:
            return outcomes.GridWorksOutcome(description="新建 10kV 电缆线路及环网柜间隔", completed_on=today)
        case Stage.METERING_AND_ENERGISATION | Stage.METERING_INSTALLATION:
            return outcomes.MeteringOutcome(
                meter_number=f"3201{application.pk:06d}{rng.randint(10, 99)}",
                initial_reading=Decimal(0),
                installed_at=now,
                energised_at=now if stage == Stage.METERING_AND_ENERGISATION else None,
            )
        case Stage.ENERGISATION:
            return outcomes.EnergisationOutcome(energised_at=now)
        case Stage.SUPPLY_CONTRACT:
            return outcomes.SupplyContractOutcome(
                contract_number=f"GY-{today:%Y}-{application.pk:05d}",
                signed_on=today,
                term_years=5 if low_voltage else 3,
                signatory=application.customer.contact_name or application.customer.name,
            )
        case Stage.ARCHIVING:
            return outcomes.ArchiveOutcome(archive_number=f"YK-{today:%Y}-{application.pk:05d}")
        case Stage.RETURN_VISIT:
            return outcomes.ReturnVisitOutcome(
                visited_on=today,
                satisfaction=rng.choice((5, 5, 5, 4, 4, 3)),
                stage_times_match=rng.random() > 0.05,
            )
        case _:
            return outcomes.CustomerMilestoneOutcome(
                completed_on=today,
                firm_name=rng.choice(
                    ("江苏电力设计院有限公司", "南京苏电电力工程有限公司", "苏州华能电气安装有限公司")
                ),
            )
