"""The demo organisation: 1 province company, 2 city companies, 4 county companies, 8 supply stations
and 42 staff covering every role. Region codes are real GB/T 2260 codes of Jiangsu."""

from __future__ import annotations

from dataclasses import dataclass, field

from yekuo.org.factories import StaffFactory
from yekuo.org.models import Unit, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import role_grant, unit_create, unit_set_responsible_head

DEMO_PASSWORD = "yekuo-demo-2026"


@dataclass(frozen=True)
class PlannedStaff:
    username: str
    display_name: str
    roles: tuple[Role, ...]
    job_title: str
    is_head: bool = False


@dataclass(frozen=True)
class PlannedUnit:
    name: str
    short_name: str
    level: UnitLevel
    region_code: str
    pinyin: str
    staff: tuple[PlannedStaff, ...] = ()
    children: tuple[PlannedUnit, ...] = field(default_factory=tuple)


def _station(name: str, pinyin: str, region_code: str, head: str) -> PlannedUnit:
    return PlannedUnit(
        name=f"{name}供电所",
        short_name=name,
        level=UnitLevel.SUPPLY_STATION,
        region_code=region_code,
        pinyin=pinyin,
        staff=(
            PlannedStaff(
                f"{pinyin}.head", head, (Role.UNIT_HEAD, Role.INTAKE_CLERK, Role.SURVEYOR), "供电所所长", True
            ),
        ),
    )


def _county(
    name: str, pinyin: str, region_code: str, people: tuple[str, ...], stations: tuple[PlannedUnit, ...]
) -> PlannedUnit:
    head, account_manager, designer, inspector, visit_agent, metering = people
    return PlannedUnit(
        name=f"{name}供电公司",
        short_name=name,
        level=UnitLevel.COUNTY_COMPANY,
        region_code=region_code,
        pinyin=pinyin,
        staff=(
            PlannedStaff(f"{pinyin}.head", head, (Role.UNIT_HEAD,), "总经理", True),
            PlannedStaff(f"{pinyin}.account", account_manager, (Role.ACCOUNT_MANAGER,), "客户经理"),
            PlannedStaff(f"{pinyin}.designer", designer, (Role.SCHEME_DESIGNER,), "方案编制专责"),
            PlannedStaff(f"{pinyin}.inspector", inspector, (Role.INSPECTOR,), "检验专责"),
            PlannedStaff(f"{pinyin}.visit", visit_agent, (Role.RETURN_VISIT_AGENT,), "回访专员"),
            PlannedStaff(
                f"{pinyin}.metering",
                metering,
                (Role.METERING_TECHNICIAN, Role.ENERGISATION_OPERATOR),
                "装表接电班班长",
            ),
        ),
        children=stations,
    )


def _city(
    name: str, pinyin: str, region_code: str, people: tuple[str, str, str], counties: tuple[PlannedUnit, ...]
) -> PlannedUnit:
    head, marketing, approver = people
    return PlannedUnit(
        name=f"{name}供电公司",
        short_name=name,
        level=UnitLevel.CITY_COMPANY,
        region_code=region_code,
        pinyin=pinyin,
        staff=(
            PlannedStaff(f"{pinyin}.head", head, (Role.UNIT_HEAD,), "总经理", True),
            PlannedStaff(f"{pinyin}.marketing", marketing, (Role.MARKETING_MANAGER,), "营销部主任"),
            PlannedStaff(f"{pinyin}.approver", approver, (Role.SCHEME_APPROVER,), "方案审核专责"),
        ),
        children=counties,
    )


DEMO_ORGANISATION = PlannedUnit(
    name="江苏省电力公司",
    short_name="江苏",
    level=UnitLevel.PROVINCE_COMPANY,
    region_code="320000",
    pinyin="jiangsu",
    staff=(
        PlannedStaff("admin", "孙文博", (Role.ADMINISTRATOR,), "系统管理员"),
        PlannedStaff("jiangsu.head", "周建国", (Role.UNIT_HEAD,), "营销副总经理", True),
        PlannedStaff("jiangsu.marketing", "吴晓梅", (Role.MARKETING_MANAGER,), "营销部业扩处处长"),
        PlannedStaff("jiangsu.auditor", "郑立新", (Role.AUDITOR,), "营销稽查专责"),
    ),
    children=(
        _city(
            "南京",
            "nanjing",
            "320100",
            ("陈志强", "林雪", "黄磊"),
            (
                _county(
                    "江宁区",
                    "jiangning",
                    "320115",
                    ("刘洋", "张静", "杨帆", "徐明", "朱丽", "马超"),
                    (
                        _station("东山", "dongshan", "320115001", "胡军"),
                        _station("秣陵", "moling", "320115002", "郭红"),
                    ),
                ),
                _county(
                    "六合区",
                    "luhe",
                    "320116",
                    ("何平", "高敏", "罗勇", "梁晨", "宋佳", "谢涛"),
                    (
                        _station("雄州", "xiongzhou", "320116001", "韩冬"),
                        _station("龙池", "longchi", "320116002", "唐颖"),
                    ),
                ),
            ),
        ),
        _city(
            "苏州",
            "suzhou",
            "320500",
            ("冯刚", "于婷", "董浩"),
            (
                _county(
                    "吴中区",
                    "wuzhong",
                    "320506",
                    ("萧然", "程琳", "曹阳", "袁野", "邓超群", "许诺"),
                    (
                        _station("木渎", "mudu", "320506101", "傅强"),
                        _station("甪直", "luzhi", "320506102", "沈冰"),
                    ),
                ),
                _county(
                    "昆山市",
                    "kunshan",
                    "320583",
                    ("曾伟", "彭丽娟", "吕斌", "苏畅", "卢燕", "蒋鹏"),
                    (
                        _station("玉山", "yushan", "320583001", "蔡文"),
                        _station("周庄", "zhouzhuang", "320583002", "贾晓东"),
                    ),
                ),
            ),
        ),
    ),
)


def _employee_number(sequence: int) -> str:
    return f"JS{sequence:05d}"


def build_organisation(plan: PlannedUnit = DEMO_ORGANISATION) -> list[Unit]:
    """Create the units and staff of the plan; returns every unit, parents before children."""
    created_units: list[Unit] = []
    counter = iter(range(1, 10_000))

    def build(planned: PlannedUnit, parent: Unit | None) -> None:
        unit = unit_create(
            name=planned.name,
            short_name=planned.short_name,
            level=planned.level,
            region_code=planned.region_code,
            parent=parent,
            phone="95598",
        )
        created_units.append(unit)
        for person in planned.staff:
            staff = StaffFactory.create(
                username=person.username,
                password=DEMO_PASSWORD,
                display_name=person.display_name,
                employee_number=_employee_number(next(counter)),
                home_unit=unit,
                job_title=person.job_title,
            )
            for role in person.roles:
                role_grant(staff=staff, unit=unit, role=role)
            if person.is_head:
                unit_set_responsible_head(unit=unit, head=staff)
        for child in planned.children:
            build(child, unit)

    build(plan, None)
    return created_units


def planned_staff(plan: PlannedUnit = DEMO_ORGANISATION) -> list[tuple[PlannedUnit, PlannedStaff]]:
    """Every planned staff member with their unit, in tree order."""
    found = [(plan, person) for person in plan.staff]
    for child in plan.children:
        found.extend(planned_staff(child))
    return found
