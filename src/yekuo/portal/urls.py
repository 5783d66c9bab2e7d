from django.urls import URLPattern, path

from yekuo.portal import views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.CustomerLoginView.as_view(), name="login"),
]
