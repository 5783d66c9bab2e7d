from django.urls import URLPattern, path

from yekuo.workbench import escalation_views, evidence_views, inbox_views, payment_views, search_views, views

app_name = "workbench"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("units/", views.unit_list, name="units"),
    path("staff/", views.staff_list, name="staff"),
    path("work/", views.my_work, name="my_work"),
    path("work/units/", views.unit_queue, name="unit_queue"),
    path("work/<int:work_item_id>/", views.work_item, name="work_item"),
    path("work/<int:work_item_id>/complete/", views.work_item_complete, name="work_item_complete"),
    path("work/<int:work_item_id>/return/", views.work_item_return, name="work_item_return"),
    path(
        "work/<int:work_item_id>/clock-stop/",
        views.work_item_clock_stop_request,
        name="work_item_clock_stop_request",
    ),
    path("work/<int:work_item_id>/resume/", views.work_item_resume, name="work_item_resume"),
    path("work/<int:work_item_id>/assign/", views.work_item_assign, name="work_item_assign"),
    path("work/<int:work_item_id>/escalation/", escalation_views.escalation_handle, name="escalation_handle"),
    path("escalations/", escalation_views.escalation_queue, name="escalation_queue"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read-all/", inbox_views.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("inbox/<int:notification_id>/open/", inbox_views.inbox_open, name="inbox_open"),
    path("inbox/<int:notification_id>/read/", inbox_views.inbox_mark_read, name="inbox_mark_read"),
    path("clock-stops/", views.clock_stop_queue, name="clock_stop_queue"),
    path("clock-stops/<int:clock_stop_id>/approve/", views.clock_stop_approve, name="clock_stop_approve"),
    path("clock-stops/<int:clock_stop_id>/reject/", views.clock_stop_reject, name="clock_stop_reject"),
    path(
        "clock-stops/evidence/<int:evidence_id>/",
        evidence_views.clock_stop_evidence_file,
        name="clock_stop_evidence_file",
    ),
    path("work-items/<int:work_item_id>/claim/", views.work_item_claim, name="work_item_claim"),
    path("applications/", search_views.application_search, name="application_search"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path("payments/", payment_views.payment_queue, name="payment_queue"),
    path("payments/<int:payment_id>/decide/", payment_views.payment_decide, name="payment_decide"),
]
