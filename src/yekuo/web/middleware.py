"""The language choice (a logged-in user's saved preference wins over the browser's Accept-Language), and
role assignments read once per request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from yekuo.org.access import role_assignments_remembered

PREFERRED_LANGUAGE_SESSION_KEY = "preferred_language"  # set at log-in from User.preferred_language


class UserLanguageMiddleware:
    """Runs before LocaleMiddleware; puts the saved preference where LocaleMiddleware looks first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            preferred = request.session.get(PREFERRED_LANGUAGE_SESSION_KEY)
            if preferred:
                request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = preferred
        return self.get_response(request)


class RoleAssignmentsPerRequestMiddleware:
    """Each user's role assignments are read once per request (yekuo.org.access), however many access
    checks, navigation links and badges ask."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with role_assignments_remembered():
            return self.get_response(request)
