from django.urls import URLPattern, path

from yekuo.portal import registration_views, views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.CustomerLoginView.as_view(), name="login"),
    path("register/", registration_views.register, name="register"),
    path("register/details/", registration_views.register_details, name="register_details"),
    path("password-reset/", registration_views.password_reset, name="password_reset"),
    path("password-reset/details/", registration_views.password_reset_details, name="password_reset_details"),
]
