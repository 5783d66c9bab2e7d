"""The evidence files of clock stops, streamed to staff who may see the application (a unit head deciding
the stop, the worker, anyone over the unit); everyone else gets 404, customers 403."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotAllowed
from django.urls import reverse

from yekuo.accounts.models import AccountKind
from yekuo.core.errors import AccessDenied
from yekuo.web.file_responses import private_file_response
from yekuo.web.guards import account_of_kind
from yekuo.workflow.selectors import clock_stop_evidence_get_for_user

SAFE_METHODS = ["GET", "HEAD"]


def clock_stop_evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    """(Guarded inline: the guard decorator is typed for ordinary responses, this one streams. The kind
    comes first, so a customer gets 403 whatever the method, as with staff_required.)"""
    account = account_of_kind(request, AccountKind.STAFF)
    if account is None:
        return redirect_to_login(request.get_full_path(), login_url=reverse("workbench:login"))
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    try:
        evidence = clock_stop_evidence_get_for_user(user=account, evidence_id=evidence_id)
    except AccessDenied:
        raise Http404 from None
    return private_file_response(evidence.file, original_name=evidence.original_name)
