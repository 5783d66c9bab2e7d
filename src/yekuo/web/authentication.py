"""Log-in shared by the workbench (staff) and the portal (customers): one form and one view per area.

Each area accepts only its own kind of account. A correct password for the other kind is refused with the
standard "wrong name or password" message, and counted as a failed log-in, so neither the message nor the
lockout counter tells a guesser that the password was right.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django_stubs_ext import StrOrPromise

from yekuo.accounts.models import AccountKind, User
from yekuo.web.middleware import PREFERRED_LANGUAGE_SESSION_KEY


class AccountKindAuthenticationForm(auth_forms.AuthenticationForm):
    """AuthenticationForm that lets in only accounts of `account_kind`. Subclasses set `account_kind`,
    `username_in_sentence` and the username field's label."""

    account_kind: ClassVar[AccountKind]
    username_in_sentence: ClassVar[StrOrPromise]  # "log-in name", "mobile number": inside the error message

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-lg"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def get_invalid_login_error(self) -> ValidationError:
        # Name what this page asks for ("mobile number"), not the model field ("log-in name").
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"username": self.username_in_sentence},
        )

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if user.kind != self.account_kind:
            # Count it with django-axes like a wrong password, then answer exactly as for one.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username", "")},
                request=self.request,
            )
            raise self.get_invalid_login_error()


class AreaLoginView(auth_views.LoginView):
    """The log-in page of one area. A `next` address outside the area is ignored, so a log-in never
    lands on a page the account may not see."""

    form_class: type[AccountKindAuthenticationForm]
    template_name = "web/login.html"
    home_url_name: ClassVar[str]  # the area's home, whose address is also the prefix of every area page

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if isinstance(user, User) and user.kind == self.form_class.account_kind:
            return HttpResponseRedirect(resolve_url(self.home_url_name))
        return super().dispatch(request, *args, **kwargs)

    def get_redirect_url(self) -> str:
        redirect_to = str(super().get_redirect_url())
        return redirect_to if redirect_to.startswith(resolve_url(self.home_url_name)) else ""

    def get_default_redirect_url(self) -> str:
        return resolve_url(self.home_url_name)

    def form_valid(self, form: auth_forms.AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User) and user.preferred_language:
            self.request.session[PREFERRED_LANGUAGE_SESSION_KEY] = user.preferred_language
        return response
