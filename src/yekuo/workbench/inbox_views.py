"""The staff inbox: the notifications the workflow sent (warnings, overdue items, escalations), unread
first; opening one marks it read and goes to its work item or application."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST, require_safe

from yekuo.core.errors import AccessDenied
from yekuo.notifications import selectors as notification_selectors
from yekuo.notifications import services as notification_services
from yekuo.notifications.models import Notification
from yekuo.web.guards import current_account, staff_required

ROWS_PER_PAGE = 50


def notification_target(request: HttpRequest, notification: Notification) -> str:
    """Where a notification leads on the workbench: its work item, else its application, else its own
    link when that stays on this site, else the inbox."""
    if notification.work_item_id is not None:
        return reverse("workbench:work_item", args=[notification.work_item_id])
    if notification.application_id is not None:
        return reverse("workbench:application_detail", args=[notification.application_id])
    if notification.link.startswith("/") and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return notification.link
    return reverse("workbench:inbox")


@staff_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    notifications = notification_selectors.inbox_unread_first(account)
    page = Paginator(notifications, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "unread_total": notification_selectors.unread_count(account),
        "targets": {notification.pk: notification_target(request, notification) for notification in page},
    }
    return render(request, "workbench/inbox.html", context)


def _own(request: HttpRequest, notification_id: int) -> Notification:
    try:
        return notification_services.notification_mark_read(
            user=current_account(request), notification_id=notification_id
        )
    except AccessDenied as error:
        raise Http404(str(error.message)) from None


@staff_required
@require_POST
def inbox_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go where it points."""
    return HttpResponseRedirect(notification_target(request, _own(request, notification_id)))


@staff_required
@require_POST
def inbox_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    _own(request, notification_id)
    return HttpResponseRedirect(reverse("workbench:inbox"))


@staff_required
@require_POST
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = notification_services.notification_mark_all_read(user=current_account(request))
    if marked:
        messages.success(
            request,
            ngettext("%(count)s notification marked read.", "%(count)s notifications marked read.", marked)
            % {"count": marked},
        )
    else:
        messages.info(request, gettext("There was nothing unread."))
    return HttpResponseRedirect(reverse("workbench:inbox"))
