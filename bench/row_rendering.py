"""A page's 50 rows of My work and of the application search: Django's template engine against the Jinja2
partials yekuo renders them with (web.templatetags.yekuo_web.partial), in one process, in turns.

Run on the database of bench/workbench_queries.py (after `--build` and bench/load_test.py `--prepare`):

    YEKUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yk_search_bench \
        .venv/bin/python bench/row_rendering.py

Both engines render the same partial file (it is written in what both read) with the same rows of the same
viewer, five renders per turn, fifteen turns.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workbench_queries import database_url, setup_django

VIEWER = "load.surveyor.2"
TURNS = 15
RENDERS_PER_TURN = 5

PARTIALS = Path(__file__).resolve().parent.parent / "src" / "yekuo" / "workbench" / "jinja2" / "workbench"


def main() -> int:
    database_url()
    setup_django()
    from django.template import engines  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from yekuo.accounts.models import User  # noqa: PLC0415
    from yekuo.web.application_search import ApplicationSearchForm  # noqa: PLC0415
    from yekuo.workbench import search_selectors, work_selectors  # noqa: PLC0415
    from yekuo.workflow.application_search import applications_search  # noqa: PLC0415

    translation.activate("zh-hans")
    viewer = User.objects.get(username=VIEWER)
    items = work_selectors.work_items_for(viewer).only(*work_selectors.WORK_LIST_FIELDS)[:50]
    work_rows = work_selectors.work_item_rows(list(items))
    form = ApplicationSearchForm({"status": "active", "stage": "site_survey"})
    if not form.is_valid():
        raise SystemExit(form.errors.as_text())
    applications = list(applications_search(viewer=viewer, search=form.search_for(viewer))[:50])
    search_rows = search_selectors.search_rows(applications)
    work_context = {
        "rows": work_rows,
        "csrf_token": "x" * 64,
        "next_path": "/workbench/work/",
        "nobody_yet": "nobody yet",
        "claim_label": "Claim",
    }
    search_context = {"rows": search_rows}
    django_engine, jinja2_engine = engines["django"], engines["partials"]
    django_work = django_engine.from_string((PARTIALS / "work_rows.html").read_text(encoding="utf-8"))
    django_search = django_engine.from_string((PARTIALS / "search_rows.html").read_text(encoding="utf-8"))
    jinja2_work = jinja2_engine.get_template("workbench/work_rows.html")
    jinja2_search = jinja2_engine.get_template("workbench/search_rows.html")
    cases: list[tuple[str, int, Callable[[], str]]] = [
        ("My work, Django's engine", len(work_rows), lambda: django_work.render(dict(work_context))),
        ("My work, Jinja2 partial", len(work_rows), lambda: jinja2_work.render(work_context)),
        ("search, Django's engine", len(search_rows), lambda: django_search.render(dict(search_context))),
        ("search, Jinja2 partial", len(search_rows), lambda: jinja2_search.render(search_context)),
    ]
    timings: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _, _, render in cases:
        render()
    for _ in range(TURNS):
        for name, _, render in cases:
            started = time.process_time()
            for _ in range(RENDERS_PER_TURN):
                render()
            timings[name].append((time.process_time() - started) / RENDERS_PER_TURN * 1000)
    print(f"{'rows':28s} {'rows':>5s} {'median ms':>10s} {'min ms':>8s}")
    for name, count, _ in cases:
        print(f"{name:28s} {count:5d} {statistics.median(timings[name]):10.2f} {min(timings[name]):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
