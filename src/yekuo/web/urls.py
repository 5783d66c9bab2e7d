from django.urls import URLPattern, path

from yekuo.web import views

app_name = "web"
urlpatterns: list[URLPattern] = [
    path("", views.landing, name="landing"),
    path("logout/", views.AccountLogoutView.as_view(), name="logout"),
]
