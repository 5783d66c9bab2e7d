from django.urls import URLPattern, path

from yekuo.monitoring import views

app_name = "monitoring"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("sections/<slug:name>/", views.section, name="section"),
    path("process-map/<int:definition_id>/", views.process_map_data, name="process_map"),
]
