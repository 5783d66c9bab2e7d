from django.urls import URLPattern, path

from yekuo.monitoring import analysis_exchange, analysis_views

app_name = "monitoring_analysis"
urlpatterns: list[URLPattern] = [
    path("", analysis_views.analysis, name="analysis"),
    path("export/", analysis_exchange.analysis_export, name="export"),
    path("import/", analysis_exchange.analysis_import, name="import"),
]
