"""The API object mounted at /api/v1/. No interactive docs: Swagger UI would load from a CDN; the
schema is at /api/v1/openapi.json and committed as docs/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from yekuo.api.auth import AUTHENTICATION
from yekuo.api.errors import install_exception_handlers
from yekuo.api.routers import (
    applications,
    clock_stop_evidence,
    customer_applications,
    me,
    unit_head,
    work_item_actions,
    work_items,
)

api = NinjaAPI(
    title="yekuo API",
    version="1",
    description="Staff and customers list and act on applications and work items.",
    urls_namespace="api",
    auth=AUTHENTICATION,
    docs_url=None,
)
install_exception_handlers(api)
api.add_router("", me.router)
api.add_router("", work_items.router)
api.add_router("", work_item_actions.router)
api.add_router("", clock_stop_evidence.router)
api.add_router("", unit_head.router)
api.add_router("", applications.router)
api.add_router("", customer_applications.router)
