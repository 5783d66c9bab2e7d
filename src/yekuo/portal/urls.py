from django.urls import URLPattern, path

from yekuo.portal import action_views, application_views, registration_views, views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.CustomerLoginView.as_view(), name="login"),
    path("register/", registration_views.register, name="register"),
    path("register/details/", registration_views.register_details, name="register_details"),
    path("password-reset/", registration_views.password_reset, name="password_reset"),
    path("password-reset/details/", registration_views.password_reset_details, name="password_reset_details"),
    path("apply/", application_views.apply, name="apply"),
    path("applications/<int:application_id>/", application_views.application_detail, name="application"),
    path(
        "applications/<int:application_id>/documents/",
        application_views.document_upload,
        name="document_upload",
    ),
    path("applications/<int:application_id>/submit/", application_views.submit, name="submit"),
    path("applications/<int:application_id>/withdraw/", application_views.withdraw, name="withdraw"),
    path(
        "applications/<int:application_id>/documents-supplied/",
        action_views.documents_supplied,
        name="documents_supplied",
    ),
    path("applications/<int:application_id>/scheme/", action_views.scheme_answer, name="scheme_answer"),
    path("applications/<int:application_id>/stage-done/", action_views.stage_done, name="stage_done"),
    path("applications/<int:application_id>/contract/", action_views.contract, name="contract"),
    path("applications/<int:application_id>/fees/", action_views.fees, name="fees"),
    path(
        "applications/<int:application_id>/rectification/",
        action_views.rectification_done,
        name="rectification_done",
    ),
    path("documents/<int:document_id>/", application_views.document_file, name="document_file"),
]
