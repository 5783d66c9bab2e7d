from django.urls import URLPattern, path

from yekuo.workbench import views

app_name = "workbench"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("units/", views.unit_list, name="units"),
    path("staff/", views.staff_list, name="staff"),
]
