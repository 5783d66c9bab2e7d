"""URL routes: the public landing page, the customer portal, the staff workbench, the API and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from yekuo.api.api import api

admin.site.site_header = _("yekuo administration")
admin.site.site_title = _("yekuo administration")
admin.site.index_title = _("Organisation, applications and rules")

urlpatterns = [
    path("", include("yekuo.web.urls")),
    path("portal/", include("yekuo.portal.urls")),
    path("workbench/dashboard/", include("yekuo.monitoring.urls")),
    path("workbench/analysis/", include("yekuo.monitoring.analysis_urls")),
    path("workbench/", include("yekuo.workbench.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
